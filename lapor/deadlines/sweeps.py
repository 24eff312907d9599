"""Periodic sweeps: escalate overdue legs, auto-close, expire waits, propose/refer to the
Ombudsman. Idempotent and safe on several workers at once: each step first claims its leg with
a conditional UPDATE inside the transaction that performs the action."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from lapor import clock
from lapor.deadlines.calendar import Calendar
from lapor.deadlines.legs import calendar_for
from lapor.deadlines.models import Leg
from lapor.directory.models import Institution
from lapor.reports import actions, lifecycle
from lapor.reports.actions import ActionError
from lapor.reports.models import Report

log = logging.getLogger(__name__)
ESCALATED_LEGS = ("verification", "follow_up", "resolution")
BATCH = 2000  # overdue legs per escalation transaction


@dataclass
class SweepResult:
    escalated: int = 0
    auto_closed: int = 0
    expired: int = 0
    proposed: int = 0
    referred: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def _overdue(name: str | tuple[str, ...], now: dt.datetime):  # type: ignore[no-untyped-def]
    names = (name,) if isinstance(name, str) else name
    return (
        Leg.objects.filter(
            name__in=names, stopped_at__isnull=True, paused_at__isnull=True, due_at__lt=now
        )
        .select_related("report", "institution")
        .order_by("due_at")
    )


def _claim(leg: Leg, level: int) -> bool:
    return (
        Leg.objects.filter(
            pk=leg.pk, escalation_level=leg.escalation_level, stopped_at__isnull=True
        ).update(escalation_level=level, missed=True)
        == 1
    )


class _Lateness:
    """The ladder level each overdue leg has reached at `now`, by the working-day calendar of the
    office holding it: step k is reached once the end of the Nth working day after the due day
    has passed (N = 0: the due moment itself). One Calendar per province (its overrides read once
    per sweep) and one answer per (calendar, time zone, due moment): a backlog of 100,000 legs has
    a few hundred distinct due moments, so the calendar is asked a few hundred times, not 100,000."""

    def __init__(self, now: dt.datetime):
        self.now = now
        self.ladder = settings.LAPOR_ESCALATION_LADDER
        self._places: dict[int | None, tuple[Calendar, str]] = {}
        self._calendars: dict[str | None, Calendar] = {}
        self._levels: dict[tuple[str | None, str, dt.datetime], int] = {}

    def load(self, institution_ids: set[int | None]) -> None:
        missing = institution_ids - self._places.keys()
        if not missing:
            return
        found = Institution.objects.select_related("region").in_bulk(
            [pk for pk in missing if pk is not None]
        )
        for pk in missing:
            calendar, tz = calendar_for(found.get(pk) if pk is not None else None)
            calendar = self._calendars.setdefault(calendar.province, calendar)
            self._places[pk] = (calendar, tz)

    def level(self, institution_id: int | None, due_at: dt.datetime) -> int:
        calendar, tz = self._places[institution_id]
        key = (calendar.province, tz, due_at)
        level = self._levels.get(key)
        if level is None:
            level = sum(
                1
                for days_after, _roles in self.ladder
                if self.now
                > (calendar.add_working_days(due_at, days_after, tz) if days_after else due_at)
            )
            self._levels[key] = level
        return level


# One overdue leg as read by the sweep (values, not model instances: a backlog can be 100,000s).
_Row = tuple[int, int, str, dt.datetime, int, str, int | None]


def _overdue_rows(now: dt.datetime, below_level: int) -> Iterator[list[_Row]]:
    """The running overdue legs below the top of the ladder, in batches of about BATCH legs that
    never split one report's legs (so the one-escalation-per-report-and-level rule is decided in
    one transaction, also when several workers sweep at once). Within a report, earliest due
    first: that leg carries the escalation when two reach the same level together."""
    rows = (
        Leg.objects.filter(
            name__in=ESCALATED_LEGS,
            stopped_at__isnull=True,
            paused_at__isnull=True,
            due_at__lt=now,
            escalation_level__lt=below_level,
        )
        .order_by("report_id", "due_at", "id")
        .values_list(
            "id", "report_id", "name", "due_at", "escalation_level", "holder", "institution_id"
        )
    )
    # PostgreSQL streams from a server-side cursor (a snapshot); SQLite gives no isolation
    # between a read in progress and writes on the same connection, so read it all first.
    stream = (
        rows.iterator(chunk_size=BATCH) if connection.vendor == "postgresql" else iter(list(rows))
    )
    batch: list[_Row] = []
    for row in stream:
        if len(batch) >= BATCH and row[1] != batch[-1][1]:
            yield batch
            batch = []
        batch.append(row)
    if batch:
        yield batch


def _matching(column: str, values: list[Any]) -> tuple[str, list[Any]]:
    """`column IN values` as SQL: one array parameter on PostgreSQL (thousands of separate
    parameters cost more to bind than the statement costs to run), a list elsewhere."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def _lock_open_reports(report_ids: list[int]) -> set[int]:
    """Lock the reports in id order (as every action locks its report before touching its
    legs: no deadlock with an action or another sweeping worker); return the ones still open."""
    features = connection.features
    lock = (
        " FOR NO KEY UPDATE"
        if features.has_select_for_no_key_update
        else " FOR UPDATE"
        if features.has_select_for_update
        else ""
    )
    ids, ids_params = _matching("id", sorted(report_ids))
    sources, sources_params = _matching("status", sorted(lifecycle.TRANSITIONS["escalate"].sources))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {connection.ops.quote_name(Report._meta.db_table)} "  # noqa: S608
            f"WHERE {ids} AND {sources} ORDER BY id{lock}",
            ids_params + sources_params,
        )
        return {pk for (pk,) in cursor.fetchall()}


def _claim_many(claims: dict[tuple[int, int], list[int]]) -> set[int]:
    """Claim legs with conditional UPDATEs, one per (level from, level to): a leg is claimed
    only if nobody moved its level or stopped it since it was read. Returns the claimed ids."""
    table = connection.ops.quote_name(Leg._meta.db_table)
    claimed: set[int] = set()
    with connection.cursor() as cursor:
        for (old, new), leg_ids in claims.items():
            ids, ids_params = _matching("id", leg_ids)
            cursor.execute(
                f"UPDATE {table} SET escalation_level = %s, missed = %s "  # noqa: S608
                f"WHERE {ids} AND escalation_level = %s AND stopped_at IS NULL RETURNING id",
                [new, True, *ids_params, old],
            )
            claimed.update(pk for (pk,) in cursor.fetchall())
    return claimed


def _escalate_batch(rows: list[_Row], lateness: _Lateness) -> int:
    ladder = lateness.ladder
    lateness.load({row[6] for row in rows})
    due = [(row, level) for row in rows if (level := lateness.level(row[6], row[3])) > row[4]]
    if not due:
        return 0
    with transaction.atomic():
        # Reports first, then their legs. A closed report's legs stay as they are.
        open_reports = _lock_open_reports(list({row[1] for row, _level in due}))
        due = [(row, level) for row, level in due if row[1] in open_reports]
        claims: dict[tuple[int, int], list[int]] = {}
        for row, level in due:
            claims.setdefault((row[4], level), []).append(row[0])
        claimed = _claim_many(claims)
        # Follow-up and resolution often fall due together: one escalation per report and level.
        told: set[tuple[int, int]] = set()
        items: list[actions.EscalationItem] = []
        for (leg_id, report_id, name, due_at, old, holder, _inst), level in due:
            if leg_id not in claimed or (report_id, level) in told:
                continue
            told.add((report_id, level))
            roles = sorted({role for _days, step in ladder[old:level] for role in step})
            items.append(
                (
                    report_id,
                    name,
                    level,
                    {"roles": roles, "due_at": due_at.isoformat(), "holder": holder},
                )
            )
        return actions.report_escalate_many(items, lateness.now)


def sweep_escalations(now: dt.datetime) -> int:
    """Escalate every running verification, follow-up or resolution leg past its due moment up
    the ladder, in batches of about BATCH legs per transaction (claims, events and outbox rows
    together; see `actions.report_escalate_many`). Idempotent: a second sweep at the same
    moment finds every leg already at its level."""
    lateness = _Lateness(now)
    count = 0
    for rows in _overdue_rows(now, len(lateness.ladder)):
        try:
            count += _escalate_batch(rows, lateness)
        except ActionError as exc:
            log.info("escalation of %d legs skipped: %s", len(rows), exc)
    return count


def _run_each(legs, perform) -> int:  # type: ignore[no-untyped-def]
    count = 0
    for leg in legs:
        try:
            with transaction.atomic():
                if not _claim(leg, leg.escalation_level + 1):
                    continue
                perform(leg.report)
                count += 1
        except ActionError as exc:
            log.info("sweep skipped %s: %s", leg.report.tracking_id, exc)
    return count


def sweep_referrals(now: dt.datetime) -> tuple[int, int]:
    proposed = referred = 0
    # Only legs with something left to do: already proposed and without consent, a leg would be
    # read again by every sweep until the report closes.
    waiting = Q(escalation_level=0) | Q(report__ombudsman_consent=True)
    for leg in _overdue("overall", now).filter(waiting):
        report = leg.report
        try:
            with transaction.atomic():
                if report.ombudsman_consent:
                    if not _claim(leg, leg.escalation_level + 1):
                        continue
                    actions.report_refer_to_ombudsman(report)
                    referred += 1
                elif leg.escalation_level == 0:
                    if not _claim(leg, 1):
                        continue
                    actions.report_propose_referral(report)
                    proposed += 1
        except ActionError as exc:
            log.info("referral of %s skipped: %s", report.tracking_id, exc)
    return proposed, referred


def run_sweeps(now: dt.datetime | None = None) -> SweepResult:
    now = now or timezone.now()
    result = SweepResult()
    # Events written by the sweep carry the sweep's moment (matters for `lapor sweep --at`).
    with clock.at(now):
        result.escalated = sweep_escalations(now)
        result.auto_closed = _run_each(_overdue("reporter_reply", now), actions.report_auto_close)
        result.expired = _run_each(_overdue("completeness", now), actions.report_expire_info)
        result.proposed, result.referred = sweep_referrals(now)
    return result
