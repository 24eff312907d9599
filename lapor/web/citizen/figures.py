"""Live national figures for the home page.

The completion percentage follows DOMAIN.md ("Completion percentage"): of the reports disposed
to an institution in the period, the share whose final response was given and which ended
completed (reporter satisfied, or the reply window passed and the report closed itself). The
auto-closed share is shown beside it, over the same denominator, so that
``percent = satisfied share + auto_closed share`` and nobody mistakes silence for satisfaction.
A report disposed several times in the period (forwarded, or re-verified after an appeal) counts
once, in its current state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from lapor.directory.models import WIB
from lapor.reports.lifecycle import Status
from lapor.reports.models import Event, Report

CACHE_KEY = "lapor:web:national-figures"
CACHE_SECONDS = 300


@dataclass(frozen=True)
class Completion:
    start: dt.date  # first day of the period
    end: dt.date  # last day of the period (inclusive)
    disposed: int
    completed: int
    auto_closed: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.completed / self.disposed, 1) if self.disposed else None

    @property
    def auto_percent(self) -> float | None:
        return round(100 * self.auto_closed / self.disposed, 1) if self.disposed else None

    @property
    def satisfied(self) -> int:
        return self.completed - self.auto_closed


def _bounds(start: dt.date, end: dt.date, tz: str) -> tuple[dt.datetime, dt.datetime]:
    zone = ZoneInfo(tz)
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


def dispositions(start: dt.date, end: dt.date, *, tz: str = WIB) -> Q:
    """Events that dispose a report to an institution: verify, forward, or a submission that
    went straight to the chosen institution."""
    since, until = _bounds(start, end, tz)
    return Q(created_at__gte=since, created_at__lt=until) & (
        Q(action__in=("verify", "forward")) | Q(action="submit", data__direct=True)
    )


def completion(start: dt.date, end: dt.date, *, tz: str = WIB) -> Completion:
    """Persentase penyelesaian tindak lanjut, nationally, for reports disposed from `start` to
    `end` (inclusive, calendar days in `tz`)."""
    disposed_ids = Event.objects.filter(dispositions(start, end, tz=tz)).values("report_id")
    reports = Report.objects.filter(pk__in=disposed_ids)
    done = reports.filter(status=Status.COMPLETED)
    return Completion(
        start=start,
        end=end,
        disposed=reports.count(),
        completed=done.count(),
        auto_closed=done.filter(auto_closed=True).count(),
    )


def reports_in_month(day: dt.date, *, tz: str = WIB) -> int:
    """Reports received (every channel) in the calendar month of `day`."""
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    since, until = _bounds(first, following - dt.timedelta(days=1), tz)
    return Report.objects.filter(created_at__gte=since, created_at__lt=until).count()


def completion_period(today: dt.date, months: int = 3) -> tuple[dt.date, dt.date]:
    """The last `months` full calendar months before `today`'s month: reports disposed then
    have had time for the follow-up (5 working days) and the reply window (10 working days),
    so the percentage is not dragged down by work still in progress."""
    end = today.replace(day=1) - dt.timedelta(days=1)
    start = end.replace(day=1)
    for _ in range(months - 1):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    return start, end


@dataclass(frozen=True)
class NationalFigures:
    month: dt.date  # the first day of the current month
    reports_this_month: int
    completion: Completion


def national_figures(now: dt.datetime | None = None) -> NationalFigures:
    today = timezone.localdate(now or timezone.now(), ZoneInfo(WIB))
    start, end = completion_period(today)
    return NationalFigures(
        month=today.replace(day=1),
        reports_this_month=reports_in_month(today),
        completion=completion(start, end),
    )


def cached_national_figures() -> NationalFigures:
    """The home page's figures, recomputed at most every few minutes."""
    figures = cache.get(CACHE_KEY)
    if figures is None:
        figures = national_figures()
        cache.set(CACHE_KEY, figures, CACHE_SECONDS)
    return figures
