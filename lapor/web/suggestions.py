"""Routing intelligence as the pages show it: where a report should go (`lapor.routing.router`),
which open reports tell the same issue (`lapor.routing.duplicates`), and what a report lacks
(`lapor.routing.quality`).

Each helper turns the routing layer's answer into the few plain values a template needs, and
catches its failures: a suggestion is a help, never a reason for a page to fail. A helper that
fails logs the error and returns None; the page then says the suggestion is unavailable.

The back office (`office/workspace.py`, `office/queues.py`) shows these to the national admin
only, who reads every report anyway. The citizen form (`citizen/views.py`) shows institutions,
hints phrased for the reporter, and similar reports that are already public: their tracking ID,
title and status, never a body or a reporter.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from lapor.directory.models import Category, Institution, Region
from lapor.reports import access, lifecycle
from lapor.reports.models import Report

log = logging.getLogger(__name__)

MAX_TEXT = 20_000  # characters of title + body read; the rest is ignored
SHOWN = 3  # candidates and similar reports shown
CITIZEN_MIN_CONFIDENCE = 0.10  # weaker guesses would mislead a reporter more than help
QUEUE_CACHE_SECONDS = 120
FORM_CACHE_SECONDS = 300


def percent(value: float) -> int:
    return max(0, min(100, round(100 * float(value))))


def model_label(version: str) -> str:
    if version == "cold-start":
        return _("model awal (cold start)")
    return _("model v%(version)s") % {"version": version}


def short_name(institution: Institution) -> str:
    return institution.acronym or institution.name


# --- where the report should go ---------------------------------------------------------------


@dataclass(frozen=True)
class CandidateView:
    code: str
    name: str
    short: str
    unit: str
    percent: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class RoutingView:
    candidates: tuple[CandidateView, ...]
    category_slug: str
    category_name: str
    category_percent: int
    model: str
    low_confidence: bool


def _routing_view(suggestion: Any, shown: int, min_confidence: float = 0.0) -> RoutingView:
    candidates = tuple(
        CandidateView(
            code=c.institution.code,
            name=c.institution.name,
            short=short_name(c.institution),
            unit=c.unit.name if c.unit is not None else "",
            percent=percent(c.confidence),
            reasons=tuple(str(r) for r in c.reasons),
        )
        for c in suggestion.candidates
        if c.confidence >= min_confidence
    )[:shown]
    category: Category | None = suggestion.category
    return RoutingView(
        candidates=candidates,
        category_slug=category.slug if category is not None else "",
        category_name=category.name if category is not None else "",
        category_percent=percent(suggestion.category_confidence),
        model=model_label(str(suggestion.model_version)),
        low_confidence=bool(suggestion.low_confidence),
    )


def routing_for_report(report: Report, shown: int = SHOWN) -> RoutingView | None:
    """The router's top candidates for a saved report, or None when the router failed."""
    try:
        from lapor.routing.router import suggest_for_report

        return _routing_view(suggest_for_report(report, k=max(shown, 5)), shown)
    except Exception:
        log.exception("routing suggestion failed for report %s", report.tracking_id)
        return None


# --- duplicates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchView:
    tracking_id: str
    title: str
    status_label: str
    kind: str
    institution: str
    percent: int
    shared: tuple[str, ...]


def _match_view(match: Any) -> MatchView:
    report: Report = match.report
    return MatchView(
        tracking_id=report.tracking_id,
        title=report.title,
        status_label=str(lifecycle.Status(report.status).label),
        kind=lifecycle.kind_of(report.status).value,
        institution=report.institution.name if report.institution else "",
        percent=percent(match.score),
        shared=tuple(str(w) for w in match.shared),
    )


def duplicates_for_report(report: Report, limit: int = 5) -> list[MatchView] | None:
    """Open reports that likely tell the same issue (any institution: for the national admin
    only), best first; None when the detector failed."""
    try:
        from lapor.routing.duplicates import find_duplicates

        return [_match_view(m) for m in find_duplicates(report, limit=limit)]
    except Exception:
        log.exception("duplicate detection failed for report %s", report.tracking_id)
        return None


# --- quality ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignalView:
    code: str
    warning: bool
    message: str
    evidence: tuple[str, ...]


def quality_for_report(report: Report) -> list[SignalView] | None:
    """Quality signals for the verifier, warnings first; None when the checks failed."""
    try:
        from lapor.routing.quality import assess

        signals = assess(
            report.title,
            report.body,
            has_region=report.region_id is not None,
            has_location=bool(report.address) or report.lat is not None,
        )
    except Exception:
        log.exception("quality checks failed for report %s", report.tracking_id)
        return None
    return [
        SignalView(s.code, s.severity == "warning", str(s.message), tuple(map(str, s.evidence)))
        for s in signals
    ]


# --- the verification queue -------------------------------------------------------------------


@dataclass(frozen=True)
class RowHint:
    institution: str  # short name of the top candidate ("" when none)
    institution_name: str
    percent: int
    duplicate_of: str  # tracking ID of the best match above the detector's threshold, or ""
    duplicate_percent: int


def row_hints(reports: Sequence[Report]) -> dict[int, RowHint | None]:
    """The top suggestion and the best duplicate of each queue row, by report pk; None for a
    row whose router and detector both failed. Cached briefly per row: a queue page is
    reloaded often and its rows change little in two minutes. The rows not cached are looked
    up together (`find_duplicates_many`: one query for all their candidates)."""
    keys = {report.pk: _row_key(report) for report in reports}
    cached = cache.get_many(list(keys.values()))
    out: dict[int, RowHint | None] = {}
    todo = []
    for report in reports:
        found = cached.get(keys[report.pk])
        if isinstance(found, RowHint):
            out[report.pk] = found
        else:
            todo.append(report)
    if not todo:
        return out
    many = _duplicates_for_rows(todo)
    fresh: dict[str, RowHint] = {}
    for report in todo:
        routing = routing_for_report(report, shown=1)
        matches = None if many is None else many.get(report.pk, [])
        if routing is None and matches is None:
            out[report.pk] = None
            continue
        top = routing.candidates[0] if routing and routing.candidates else None
        best = matches[0] if matches else None
        hint = RowHint(
            institution=top.short if top else "",
            institution_name=top.name if top else "",
            percent=top.percent if top else 0,
            duplicate_of=best.tracking_id if best else "",
            duplicate_percent=best.percent if best else 0,
        )
        if routing is not None and matches is not None:
            fresh[keys[report.pk]] = hint
        out[report.pk] = hint
    if fresh:
        cache.set_many(fresh, QUEUE_CACHE_SECONDS)
    return out


def _duplicates_for_rows(reports: Sequence[Report]) -> dict[int, list[MatchView]] | None:
    """The best duplicate of each queue row, looked up together; None when the detector failed."""
    try:
        from lapor.routing.duplicates import find_duplicates_many

        found = find_duplicates_many(reports, limit=1)
    except Exception:
        log.exception("duplicate detection failed for %d queue rows", len(reports))
        return None
    return {pk: [_match_view(m) for m in matches] for pk, matches in found.items()}


def _row_key(report: Report) -> str:
    return "lapor:web:row-hint:" + ":".join(
        (report.tracking_id, report.status, str(report.updated_at.timestamp()), _language())
    )


# --- the citizen form -------------------------------------------------------------------------

# What each quality signal asks of the reporter, in their words (the verifier's messages speak
# about the reporter; these speak to them).
CITIZEN_HINTS: dict[str, Any] = {
    "too_short": gettext_lazy(
        "Ceritakan lebih lengkap: apa yang terjadi, di mana, kapan, dan siapa yang melayani."
    ),
    "no_place": gettext_lazy(
        "Sebutkan lokasi kejadian (jalan, kelurahan, kecamatan), atau pilih wilayah pada "
        "isian Lokasi kejadian."
    ),
    "no_subject": gettext_lazy("Sebutkan layanan, fasilitas, atau instansi yang Anda keluhkan."),
    "no_time": gettext_lazy("Sebutkan kapan kejadiannya (tanggal, hari, atau jam)."),
    "out_of_scope_crime": gettext_lazy(
        "Tindak pidana dilaporkan ke kepolisian (telepon 110). LAPOR! menerima pengaduan "
        "tentang pelayanan publik, termasuk pelayanan kepolisian."
    ),
    "out_of_scope_corruption": gettext_lazy(
        "Dugaan korupsi dapat dilaporkan ke KPK. Pungutan liar dalam pelayanan tetap dapat "
        "dilaporkan di sini."
    ),
    "out_of_scope_private_dispute": gettext_lazy(
        "Sengketa antarwarga (utang, warisan, tanah, perceraian) diselesaikan melalui "
        "musyawarah atau pengadilan, bukan melalui LAPOR!."
    ),
    "out_of_scope_legislative": gettext_lazy(
        "Laporan tentang anggota DPR/DPRD atau rancangan undang-undang berada di luar "
        "lingkup LAPOR!."
    ),
    "out_of_scope_court": gettext_lazy(
        "Perkara yang sedang diperiksa pengadilan berada di luar lingkup LAPOR!."
    ),
    "abusive": gettext_lazy(
        "Gunakan bahasa yang sopan: laporan berisi kata kasar, ancaman, atau ujaran kebencian "
        "dapat ditolak."
    ),
    "spam": gettext_lazy(
        "Ceritakan masalah Anda dengan kata-kata: laporan yang hanya berisi tautan, emoji, "
        "atau promosi akan ditolak."
    ),
    "all_caps": gettext_lazy(
        "Hindari menulis seluruhnya dengan huruf kapital agar laporan mudah dibaca."
    ),
}


@dataclass(frozen=True)
class CitizenHint:
    code: str
    warning: bool
    text: str


@dataclass(frozen=True)
class SimilarView:
    pk: int
    tracking_id: str
    title: str
    status_label: str
    percent: int


@dataclass(frozen=True)
class FormSuggestions:
    institutions: tuple[CandidateView, ...] = ()
    low_confidence: bool = False
    similar: tuple[SimilarView, ...] = ()
    hints: tuple[CitizenHint, ...] = ()
    unavailable: bool = False  # some part failed; what did not fail is still shown

    @property
    def empty(self) -> bool:
        return not (self.institutions or self.similar or self.hints or self.unavailable)


def bounded(title: str, body: str) -> tuple[str, str]:
    """Title and body cut so that together they are at most MAX_TEXT characters."""
    title = (title or "")[:MAX_TEXT]
    return title, (body or "")[: MAX_TEXT - len(title)]


def for_form(
    title: str, body: str, *, region: Region | None = None, has_location: bool = False
) -> FormSuggestions:
    """Suggestions for a report being written. Empty text gives empty suggestions."""
    title, body = bounded(title, body)
    if not (title.strip() or body.strip()):
        return FormSuggestions()
    digest = hashlib.sha256(
        "\x00".join(
            (title, body, region.code if region else "", str(has_location), _language())
        ).encode("utf-8", "surrogatepass")
    ).hexdigest()
    key = f"lapor:web:form-suggestions:{digest}"
    found = cache.get(key)
    if isinstance(found, FormSuggestions):
        return _still_public(found)
    failed = False
    institutions: tuple[CandidateView, ...] = ()
    low = False
    try:
        from lapor.routing.router import suggest

        view = _routing_view(
            suggest(title, body, region=region, k=5), SHOWN, CITIZEN_MIN_CONFIDENCE
        )
        institutions, low = view.candidates, view.low_confidence
    except Exception:
        log.exception("routing suggestion failed on the report form")
        failed = True
    similar = _public_similar(title, body, region)
    hints = _citizen_hints(title, body, region is not None, has_location)
    result = FormSuggestions(
        institutions,
        low,
        similar or (),
        hints or (),
        failed or similar is None or hints is None,
    )
    if not result.unavailable:  # a failure is not remembered: the next pause tries again
        cache.set(key, result, FORM_CACHE_SECONDS)
    return result


def _still_public(found: FormSuggestions) -> FormSuggestions:
    """A remembered answer with the similar reports that stopped being public left out."""
    if not found.similar:
        return found
    public = set(
        access.public_reports()
        .filter(pk__in=[s.pk for s in found.similar])
        .values_list("pk", flat=True)
    )
    return replace(found, similar=tuple(s for s in found.similar if s.pk in public))


def _public_similar(title: str, body: str, region: Region | None) -> tuple[SimilarView, ...] | None:
    """Similar reports the public may already read (`access.public_reports`: verified, not
    confidential); anything else is never named to a reporter."""
    try:
        from lapor.routing.duplicates import find_duplicates

        matches = find_duplicates((title, body, region), limit=10)
    except Exception:
        log.exception("duplicate detection failed on the report form")
        return None
    public = set(
        access.public_reports()
        .filter(pk__in=[m.report.pk for m in matches])
        .values_list("pk", flat=True)
    )
    return tuple(
        SimilarView(
            pk=m.report.pk,
            tracking_id=m.report.tracking_id,
            title=m.report.title,
            status_label=str(lifecycle.Status(m.report.status).label),
            percent=percent(m.score),
        )
        for m in matches
        if m.report.pk in public
    )[:SHOWN]


def _citizen_hints(
    title: str, body: str, has_region: bool, has_location: bool
) -> tuple[CitizenHint, ...] | None:
    try:
        from lapor.routing.quality import assess

        signals = assess(title, body, has_region=has_region, has_location=has_location)
    except Exception:
        log.exception("quality checks failed on the report form")
        return None
    out: list[CitizenHint] = []
    seen: set[str] = set()
    for signal in signals:
        text = CITIZEN_HINTS.get(signal.code)
        if text is None or signal.code in seen:
            continue
        seen.add(signal.code)
        out.append(CitizenHint(signal.code, signal.severity == "warning", str(text)))
    return tuple(out)


def _language() -> str:
    return (get_language() or "id")[:2]
