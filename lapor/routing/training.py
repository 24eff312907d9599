"""Learning from the disposition history: `lapor routing train` and the nightly task.

A training example is a report that reached an institution and was not sent back: its label
is the institution that handles it now (after any forwards), with the unit when one was
assigned (`code#unit-id`). Reports returned as "bukan wewenang" and left unverified, rejected,
duplicates and withdrawn reports teach nothing and are left out.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lapor.reports.lifecycle import Status
from lapor.reports.models import Report

from .model import TextModel
from .models import RoutingModel
from .router import model_path

log = logging.getLogger(__name__)

LEARN_FROM = (
    Status.DISPOSED,
    Status.IN_PROGRESS,
    Status.ASSIGNED,
    Status.INFO_REQUESTED,
    Status.RESPONDED,
    Status.REFERRED,
    Status.COMPLETED,
    Status.OMBUDSMAN_CLOSED,
)
KEEP_FILES = 3


class NotEnoughHistory(Exception):
    pass


@dataclass(frozen=True)
class Example:
    text: str
    label: str


def history(limit: int | None = None) -> list[Example]:
    """The newest `limit` (default all) reports that reached an institution, as examples."""
    rows = (
        Report.objects.filter(status__in=LEARN_FROM, institution__isnull=False)
        .order_by("-created_at")
        .values_list("title", "body", "institution__code", "unit_id")
    )
    if limit:
        rows = rows[:limit]
    return [
        Example(f"{title}\n{body}", f"{code}#{unit}" if unit else code)
        for title, body, code, unit in rows
    ]


def names_of(labels: set[str]) -> dict[str, str]:
    """The words each label is known by (institution name, acronym, aliases; unit name)."""
    from lapor.directory.models import Institution, WorkUnit

    codes = {lab.partition("#")[0] for lab in labels}
    inst = {
        i.code: " ".join([i.name, i.acronym, *i.aliases])
        for i in Institution.objects.filter(code__in=codes)
    }
    unit_ids = {int(u) for lab in labels if (u := lab.partition("#")[2])}
    units = {u.pk: u.name for u in WorkUnit.objects.filter(pk__in=unit_ids)}
    out = {}
    for lab in labels:
        code, _sep, unit = lab.partition("#")
        out[lab] = f"{inst.get(code, code)} {units.get(int(unit), '') if unit else ''}".strip()
    return out


def train(*, min_reports: int | None = None, n_jobs: int = 1) -> RoutingModel:
    """Train a new version from the history, store it and make it the active one."""
    min_reports = settings.LAPOR_ROUTING_MIN_REPORTS if min_reports is None else min_reports
    examples = history()
    labels = {e.label for e in examples}
    if len(examples) < min_reports or len(labels) < 2:
        raise NotEnoughHistory(
            f"{len(examples)} laporan terdisposisi ke {len(labels)} instansi/unit; "
            f"perlu sedikitnya {min_reports} laporan ke 2 instansi berbeda."
        )
    started = time.monotonic()
    model = TextModel.train(
        [e.text for e in examples],
        [e.label for e in examples],
        names=names_of(labels),
        n_jobs=n_jobs,
    )
    seconds = time.monotonic() - started
    with transaction.atomic():
        version = (
            RoutingModel.objects.select_for_update().aggregate(v=Max("version"))["v"] or 0
        ) + 1
        path = model_path(version)
        model.save(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        RoutingModel.objects.filter(active=True).update(active=False)
        row = RoutingModel.objects.create(
            version=version,
            created_at=timezone.now(),
            reports=len(examples),
            labels=len(model.labels),
            seconds=round(seconds, 2),
            sha256=digest,
            metrics={k: round(v, 4) for k, v in model.metrics.items()},
            active=True,
        )
    _prune_files(version)
    log.info("routing model v%s trained on %d reports in %.1f s", version, len(examples), seconds)
    return row


def _prune_files(newest: int) -> None:
    for old in RoutingModel.objects.filter(version__lte=newest - KEEP_FILES):
        model_path(old.version).unlink(missing_ok=True)
