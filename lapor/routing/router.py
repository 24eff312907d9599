"""Suggest where a report should go: institution (and unit inside it) and category.

Signals, each a log-odds contribution for an institution:

* **mentions** of an institution's name, acronym or alias ("BPJS Kesehatan", "PLN", "Imigrasi"),
  or of one of its work units ("Disdukcapil" → the regional government that owns it);
* **places** named in the text: a regency/city or district points to its government, a
  province to the provincial government; the region picked on the form counts too;
* **topic rules** (`rules.py`): "KTP", "jalan berlubang", "paspor"… map to the body whose duty it
  is, or to the government of the place for regional duties;
* the **category** picked on the form, through its default institution kind;
* the **learned model** (`model.py`), trained on past dispositions, as the log-ratio of its
  calibrated probability against a uniform guess.

With no learned model the first four alone decide (the cold start); each learned version adds
to them. Probabilities are a softmax over all active institutions.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from lapor.directory.models import (
    REGIONAL_KINDS,
    Category,
    Institution,
    InstitutionKind,
    Region,
    WorkUnit,
)

from .model import TextModel, softmax
from .rules import KABKOTA, PROVINSI, RULES
from .text import normalize

log = logging.getLogger(__name__)

# Log-odds weights. About 700 institutions compete, so a signal must reach about ln(700) ≈ 6.5
# before its institution is more likely than all the others together: naming an institution
# does (≈ 0.92 alone), a place plus a regional topic does (≈ 0.9), a place alone does not.
MENTION = 9.0  # the text names the institution or one of its units
PLACE = 4.5  # the text names the regency/city (or a district of it)
PROVINCE_PLACE = 2.0
FORM_REGION = 3.0  # the region chosen on the form
CATEGORY_KIND = 1.5  # the category's default institution kind
RULE_SCALE = 1.5  # topic rules' weights (rules.py) are on a 1–4 scale
TOPIC_REGION_FALLBACK = 0.5  # a regional topic with no place known: every local government
MIN_SHOWN = 0.01  # candidates below this and with no reason are not shown
# Aliases that name a service every regional government also runs under the same name: a
# complaint about "dukcapil" is nearly always about the regency's Disdukcapil, not the ministry.
SHARED_ALIASES = frozenset({"dukcapil", "capil", "dishub", "dinkes", "dinsos", "satpol pp"})
LOW_CONFIDENCE = 0.35
MAX_TEXT = 20_000  # characters of title + body considered


@dataclass(frozen=True)
class Candidate:
    institution: Institution
    confidence: float
    reasons: tuple[str, ...]
    unit: WorkUnit | None = None


@dataclass(frozen=True)
class Suggestion:
    candidates: tuple[Candidate, ...]
    category: Category | None
    category_confidence: float
    model_version: str  # "cold-start" or the learned version's number
    low_confidence: bool

    @property
    def top(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


# --- the directory as the router sees it ------------------------------------------------------


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<![0-9a-z])" + re.escape(phrase) + r"(?![0-9a-z])")


@dataclass
class Directory:
    institutions: list[Institution]
    index: dict[str, int]
    names: dict[str, list[tuple[str, int, WorkUnit | None]]]  # normalised phrase → targets
    name_re: re.Pattern[str] | None
    places: dict[str, list[tuple[Region, float]]]
    place_re: re.Pattern[str] | None
    government: dict[str, int]  # region code → index of its government
    units: dict[int, list[WorkUnit]]
    kinds: np.ndarray
    categories: dict[str, Category]
    category_kind: dict[int, str]
    category_words: list[tuple[Category, set[str]]]
    rule_re: list[re.Pattern[str]] = field(default_factory=list)

    @classmethod
    def build(cls) -> Directory:
        today = timezone.localdate()
        insts = list(Institution.objects.active(today).select_related("region").order_by("code"))
        index = {i.code: n for n, i in enumerate(insts)}
        names: dict[str, list[tuple[str, int, WorkUnit | None]]] = defaultdict(list)
        for n, inst in enumerate(insts):
            phrases = {inst.name, inst.acronym, *inst.aliases}
            if inst.kind in REGIONAL_KINDS:
                phrases = {inst.name}  # their places are matched as places
            for p in phrases:
                key = normalize(p)
                if len(key) >= 3 and p.lower() not in SHARED_ALIASES:
                    names[key].append((inst.name, n, None))
        units: dict[int, list[WorkUnit]] = defaultdict(list)
        for unit in WorkUnit.objects.filter(active=True, institution__in=insts).select_related(
            "institution"
        ):
            n = index[unit.institution.code]
            units[n].append(unit)
            key = normalize(unit.name)
            if len(key.split()) >= 2 and key not in names:
                names[key].append((unit.name, n, unit))
        government: dict[str, int] = {}
        for n, inst in enumerate(insts):
            if inst.kind in REGIONAL_KINDS and inst.region_id:
                government[inst.region_id] = n
        places: dict[str, list[tuple[Region, float]]] = defaultdict(list)
        for region in Region.objects.filter(level__lte=Region.Level.DISTRICT):
            key = normalize(region.name)
            if region.level == Region.Level.PROVINCE:
                places[key].append((region, PROVINCE_PLACE))
                places[f"provinsi {key}"].append((region, PROVINCE_PLACE))
            elif region.level == Region.Level.REGENCY:
                bare = key.removeprefix("kota ").removeprefix("kabupaten ")
                places[key].append((region, PLACE))
                places[bare].append((region, PLACE * 0.6))
            else:
                places[f"kecamatan {key}"].append((region, PLACE))
                if len(key.split()) >= 2:
                    places[key].append((region, PLACE * 0.5))
        categories = {c.slug: c for c in Category.objects.all()}
        by_pk = {c.pk: c for c in categories.values()}
        category_kind: dict[int, str] = {}
        for c in categories.values():
            node: Category | None = c
            while node is not None and not node.institution_kind:
                node = by_pk.get(node.parent_id) if node.parent_id else None
            if node is not None:
                category_kind[c.pk] = node.institution_kind
        category_words = [
            (c, set(normalize(c.name).split()) - {"dan", "di", "yang", "atau", "lainnya"})
            for c in categories.values()
        ]
        return cls(
            insts,
            index,
            dict(names),
            _alternation(names),
            dict(places),
            _alternation(places),
            government,
            dict(units),
            np.array([i.kind for i in insts]),
            categories,
            category_kind,
            category_words,
            [re.compile(_alternation_source(r.phrases)) for r in RULES],
        )

    def government_of(self, region: Region | None) -> int | None:
        """The regency/city government (or the province's, for a province) of a region."""
        while region is not None:
            if region.code in self.government and region.level <= Region.Level.REGENCY:
                return self.government[region.code]
            region = region.parent
        return None

    def province_government_of(self, region: Region | None) -> int | None:
        if region is None:
            return None
        return self.government.get(region.code.split(".")[0])


def _alternation_source(phrases: Iterable[str]) -> str:
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    return r"(?<![0-9a-z])(?:" + "|".join(re.escape(p) for p in ordered) + r")(?![0-9a-z])"


def _alternation(keys: Iterable[str]) -> re.Pattern[str] | None:
    keys = list(keys)
    return re.compile(_alternation_source(keys)) if keys else None


# --- the learned model, shared by every request of a process and swapped when a new one lands --


class _Store:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.checked = -math.inf
        self.version: int | None = None
        self.model: TextModel | None = None
        self.failed: set[int] = set()
        self.directory: Directory | None = None
        self.directory_stamp: tuple[Any, ...] = ()

    def reset(self) -> None:
        with self.lock:
            self.__init__()  # type: ignore[misc]


_store = _Store()


def reset_cache() -> None:
    """Forget the loaded model and directory (tests; after `lapor directory load`)."""
    _store.reset()


def model_path(version: int) -> Path:
    return Path(settings.LAPOR_ROUTING_MODEL_DIR) / f"routing-v{version}.npz"


def current_model() -> tuple[int | None, TextModel | None]:
    """The active learned model, re-checked every LAPOR_ROUTING_RELOAD_SECONDS: a version
    trained by any process is picked up by every other without a restart. A damaged or
    missing file is logged once and the cold-start router is used."""
    from .models import RoutingModel

    now = time.monotonic()
    if now - _store.checked < settings.LAPOR_ROUTING_RELOAD_SECONDS:
        return _store.version, _store.model
    with _store.lock:
        _store.checked = now
        active = RoutingModel.objects.filter(active=True).order_by("-version").first()
        if active is None:
            _store.version, _store.model = None, None
        elif active.version != _store.version and active.version not in _store.failed:
            try:
                model = TextModel.load(model_path(active.version))
            except (ValueError, OSError) as exc:
                log.warning(
                    "routing model v%s at %s cannot be used (%s); using the cold-start router",
                    active.version,
                    model_path(active.version),
                    exc,
                )
                _store.failed.add(active.version)
                _store.version, _store.model = None, None
            else:
                _store.version, _store.model = active.version, model
                log.info("routing model v%s loaded (%d labels)", active.version, len(model.labels))
        return _store.version, _store.model


def _directory_stamp() -> tuple[Any, ...]:
    """Changes whenever the directory is reloaded or edited (cheap: three aggregate queries)."""
    from django.db.models import Count, Max

    return (
        tuple(Institution.objects.aggregate(Max("pk"), Count("pk"), Max("active_to")).values()),
        tuple(WorkUnit.objects.filter(active=True).aggregate(Max("pk"), Count("pk")).values()),
        Region.objects.count(),
        timezone.localdate(),
    )


def directory() -> Directory:
    """The directory snapshot of this process, rebuilt when the directory changes."""
    stamp = _directory_stamp()
    if _store.directory is None or stamp != _store.directory_stamp:
        built = Directory.build()
        with _store.lock:
            _store.directory, _store.directory_stamp = built, stamp
    assert _store.directory is not None
    return _store.directory


# --- suggesting ---------------------------------------------------------------------------------


def suggest(
    title: str,
    body: str,
    *,
    region: Region | None = None,
    category: Category | None = None,
    k: int = 5,
) -> Suggestion:
    d = directory()
    version, model = current_model()
    text = f"{title or ''}\n{body or ''}"[:MAX_TEXT]
    flat = normalize(text)
    n = len(d.institutions)
    logit = np.zeros(n)
    reasons: dict[int, list[str]] = defaultdict(list)
    unit_hint: dict[int, WorkUnit] = {}

    def add(i: int | None, value: float, reason: str) -> None:
        if i is None:
            return
        logit[i] += value
        if reason not in reasons[i]:
            reasons[i].append(reason)

    # 1. names of institutions and units
    if d.name_re is not None:
        for m in {m.group(0) for m in d.name_re.finditer(flat)}:
            for shown, i, unit in d.names.get(m, []):
                add(i, MENTION, _("menyebut “%(name)s”") % {"name": m if unit else shown})
                if unit is not None:
                    unit_hint.setdefault(i, unit)
    # 2. places
    mentioned: list[tuple[Region, float, str]] = []
    if d.place_re is not None:
        for m in {m.group(0) for m in d.place_re.finditer(flat)}:
            for place, weight in d.places.get(m, []):
                mentioned.append((place, weight, m))
    local: list[tuple[int, float]] = []  # governments in play, with weight
    for place, weight, word in mentioned:
        if place.level == Region.Level.PROVINCE:
            gov = d.government.get(place.code)
        else:
            gov = d.government_of(place)
        add(gov, weight, _("menyebut wilayah “%(place)s”") % {"place": word})
        if gov is not None:
            local.append((gov, weight))
    if region is not None:
        gov = d.government_of(region)
        add(gov, FORM_REGION, _("lokasi pada formulir: %(place)s") % {"place": region.name})
        if gov is not None:
            local.append((gov, FORM_REGION))
        add(d.province_government_of(region), FORM_REGION / 4, _("provinsi lokasi kejadian"))
    # 3. topic rules
    suggested_category: dict[str, float] = defaultdict(float)
    for rule, pattern in zip(RULES, d.rule_re, strict=True):
        hits = sorted({m.group(0) for m in pattern.finditer(flat)})
        if not hits:
            continue
        reason = _("topik %(topic)s (“%(words)s”)") % {
            "topic": rule.label,
            "words": "”, “".join(hits[:3]),
        }
        if rule.category:
            suggested_category[rule.category] += rule.weight
        if rule.target in (KABKOTA, PROVINSI):
            targets = [
                (i, w)
                for i, w in local
                if (d.institutions[i].kind == InstitutionKind.PEMPROV) == (rule.target == PROVINSI)
            ]
            if rule.target == PROVINSI:
                targets += [(j, w) for i, w in local if (j := _province_of(d, i)) is not None]
            if targets:
                strongest = max(w for _i, w in targets)
                for t, w in targets:
                    add(t, RULE_SCALE * rule.weight * w / strongest, reason)
                    _hint_unit(d, t, rule.unit, unit_hint)
            else:
                local_kinds = (
                    [InstitutionKind.PEMPROV]
                    if rule.target == PROVINSI
                    else [InstitutionKind.PEMKAB, InstitutionKind.PEMKOT]
                )
                logit[np.isin(d.kinds, local_kinds)] += TOPIC_REGION_FALLBACK
        else:
            body_i = d.index.get(rule.target)
            add(body_i, RULE_SCALE * rule.weight, reason)
            if body_i is not None:
                _hint_unit(d, body_i, rule.unit, unit_hint)
    # 4. the category's institution kind
    if category is not None and category.pk in d.category_kind:
        kind = d.category_kind[category.pk]
        category_kinds = [kind]
        if kind in (InstitutionKind.PEMKAB, InstitutionKind.PEMKOT):
            category_kinds = [InstitutionKind.PEMKAB, InstitutionKind.PEMKOT]
        mask = np.isin(d.kinds, category_kinds)
        logit[mask] += CATEGORY_KIND
        for hit in np.flatnonzero(mask & (logit > CATEGORY_KIND)):
            reasons[int(hit)].append(_("kategori %(name)s") % {"name": category.name})
    # 5. the learned model
    model_units: dict[int, tuple[float, int]] = {}
    if model is not None and flat.strip():
        x = model.vectors([text])
        p = model.proba_of(x)[0]
        per_inst: dict[int, float] = defaultdict(float)
        for j, label in enumerate(model.labels):
            code, _sep, unit_id = label.partition("#")
            known = d.index.get(code)
            if known is None:
                continue
            per_inst[known] += float(p[j])
            if unit_id and (known not in model_units or p[j] > model_units[known][0]):
                model_units[known] = (float(p[j]), int(unit_id))
        uniform = 1.0 / max(len(per_inst), 1)
        for known, prob in per_inst.items():
            logit[known] += math.log(max(prob, 1e-4) / uniform)
        for known in sorted(per_inst, key=lambda n: -per_inst[n])[:k]:
            code = d.institutions[known].code
            j = int(np.argmax([p[jj] if lab.partition("#")[0] == code else -1
                               for jj, lab in enumerate(model.labels)]))  # fmt: skip
            words = model.evidence(x, j, 4)
            reasons[known].append(
                _("riwayat disposisi %(p)d%%") % {"p": round(100 * per_inst[known])}
                + (f" (“{'”, “'.join(words)}”)" if words else "")
            )
    probs = softmax(logit.reshape(1, -1))[0]
    candidates = []
    for ranked in np.argsort(-probs)[:k]:
        i = int(ranked)
        if probs[i] < MIN_SHOWN and not reasons.get(i):
            continue
        unit = unit_hint.get(i)
        if unit is None and i in model_units:
            unit = next((u for u in d.units.get(i, []) if u.pk == model_units[i][1]), None)
        candidates.append(
            Candidate(d.institutions[i], float(probs[i]), tuple(reasons.get(i, [])[:4]), unit)
        )
    cat, cat_conf = _category(d, flat, suggested_category, category)
    top = candidates[0].confidence if candidates else 0.0
    return Suggestion(
        tuple(candidates),
        cat,
        cat_conf,
        "cold-start" if version is None else str(version),
        top < LOW_CONFIDENCE,
    )


def _province_of(d: Directory, i: int) -> int | None:
    inst = d.institutions[i]
    return d.province_government_of(inst.region) if inst.region else None


def _hint_unit(d: Directory, i: int, words: str, hints: dict[int, WorkUnit]) -> None:
    if not words or i in hints:
        return
    for unit in d.units.get(i, []):
        if words in normalize(unit.name):
            hints[i] = unit
            return


def _category(
    d: Directory, flat: str, from_rules: dict[str, float], chosen: Category | None
) -> tuple[Category | None, float]:
    if chosen is not None:
        return chosen, 1.0
    words = set(flat.split())
    scores: dict[str, float] = defaultdict(float, from_rules)
    for cat, cwords in d.category_words:
        if cwords and cat.parent_id is None:
            overlap = len(words & cwords) / len(cwords)
            if overlap >= 0.5:
                scores[cat.slug] += 2.0 * overlap
    scores = {s: v for s, v in scores.items() if s in d.categories}
    if not scores:
        return None, 0.0
    best = max(scores, key=lambda s: scores[s])
    total = sum(math.exp(v) for v in scores.values()) + math.exp(1.0)
    return d.categories[best], math.exp(scores[best]) / total


def suggest_for_report(report: Any, k: int = 5) -> Suggestion:
    return suggest(report.title, report.body, region=report.region, category=report.category, k=k)
