"""The leg clocks, moved by every report event (called inside the action's transaction).

One clock per leg (DOMAIN.md): verification, follow_up, resolution, reporter_reply,
completeness, overall. Each records who held it, so lateness is attributable; clocks pause
while the report waits for the reporter and resume with the remaining days when they answer.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone

from lapor.deadlines.calendar import Calendar, due
from lapor.deadlines.models import Leg
from lapor.directory.models import WIB
from lapor.reports import lifecycle
from lapor.reports.lifecycle import Status

if TYPE_CHECKING:
    from lapor.reports.models import Event, Report

GOVERNMENT_LEGS = ("verification", "follow_up", "resolution", "overall")
INSTITUTION_LEGS = ("follow_up", "resolution")


def calendar_for(leg_institution: Any) -> tuple[Calendar, str]:
    """The calendar and time zone of the office holding a leg (WIB for central and national)."""
    if leg_institution is not None and leg_institution.region_id:
        return Calendar(leg_institution.region_id.split(".")[0]), leg_institution.timezone_name
    return Calendar(None), WIB


def _length(report: Report, name: str) -> tuple[int, str]:
    length, unit = settings.LAPOR_LEGS[name]
    if name == "resolution" or length is None:
        length = report.tier
    return int(length), unit


def _running(report: Report, *names: str) -> list[Leg]:
    return list(report.legs.filter(name__in=names, stopped_at__isnull=True))


def start(report: Report, name: str, holder: str, now: dt.datetime, institution: Any = None) -> Leg:
    length, unit = _length(report, name)
    calendar, tz = calendar_for(institution)
    return Leg.objects.create(
        report=report,
        name=name,
        holder=holder,
        institution=institution,
        unit=report.unit if institution is not None else None,
        length=length,
        unit_of_time=unit,
        timezone=tz,
        started_at=now,
        due_at=due(now, length, unit, tz, calendar),
    )


def stop(
    report: Report, names: tuple[str, ...], now: dt.datetime, outcome: str | None = None
) -> None:
    for leg in _running(report, *names):
        leg.stopped_at = now
        if outcome is not None:
            leg.outcome = outcome
        elif leg.paused_at is not None:
            # Stopped while waiting for the reporter: judged at the moment the clock paused.
            leg.outcome = Leg.Outcome.MET if leg.paused_at <= leg.due_at else Leg.Outcome.MISSED
        else:
            leg.outcome = Leg.Outcome.MET if now <= leg.due_at else Leg.Outcome.MISSED
        leg.missed = leg.missed or (leg.outcome == Leg.Outcome.MISSED)
        if leg.paused_at is not None:
            leg.paused_seconds += int((now - leg.paused_at).total_seconds())
            leg.paused_at = None
        leg.save()


def _remaining(leg: Leg, now: dt.datetime) -> int:
    calendar, tz = calendar_for(leg.institution)
    if leg.unit_of_time == "calendar":
        zone = leg.due_at.tzinfo
        return max((leg.due_at.astimezone(zone).date() - now.astimezone(zone).date()).days, 0)
    return max(calendar.working_days_between(now, leg.due_at, tz), 0)


def pause(report: Report, names: tuple[str, ...], now: dt.datetime) -> None:
    for leg in _running(report, *names):
        if leg.paused_at is None:
            leg.paused_at = now
            leg.remaining_days = _remaining(leg, now)
            leg.save()


def resume(report: Report, names: tuple[str, ...], now: dt.datetime) -> None:
    for leg in _running(report, *names):
        if leg.paused_at is None:
            continue
        calendar, tz = calendar_for(leg.institution)
        leg.paused_seconds += int((now - leg.paused_at).total_seconds())
        leg.paused_at = None
        leg.due_at = due(now, max(leg.remaining_days or 0, 1), leg.unit_of_time, tz, calendar)
        leg.remaining_days = None
        leg.save()


def _start_institution_legs(report: Report, now: dt.datetime) -> None:
    for name in INSTITUTION_LEGS:
        start(report, name, Leg.Holder.INSTITUTION, now, report.institution)
    if not report.legs.filter(name="overall", stopped_at__isnull=True).exists():
        start(report, "overall", Leg.Holder.INSTITUTION, now, report.institution)


def on_event(report: Report, event: Event) -> None:
    """Move the clocks for one event; then refresh the report's current leg and due time."""
    now = event.created_at
    action = event.action
    if action == "submit":
        if report.status == Status.DISPOSED:
            _start_institution_legs(report, now)
        else:
            start(report, "verification", Leg.Holder.NATIONAL, now)
    elif action in ("verify", "auto_dispose"):
        stop(report, ("verification",), now)
        _start_institution_legs(report, now)
    elif action in ("reject", "archive", "mark_duplicate"):
        stop(report, ("verification",), now)
    elif action == "hold":
        pause(report, ("verification",), now)
        start(report, "completeness", Leg.Holder.REPORTER, now)
    elif action == "request_info":
        pause(report, ("follow_up", "resolution", "overall"), now)
        start(report, "completeness", Leg.Holder.REPORTER, now, report.institution)
    elif action == "add_info":
        if event.from_status in (Status.ON_HOLD, Status.INFO_REQUESTED):
            stop(report, ("completeness",), now)
            resume(report, ("verification", "follow_up", "resolution", "overall"), now)
    elif action == "undo_auto_dispose":
        stop(report, (*INSTITUTION_LEGS, "overall"), now, Leg.Outcome.CANCELLED)
        start(report, "verification", Leg.Holder.NATIONAL, now)
    elif action == "return":
        stop(report, INSTITUTION_LEGS, now, Leg.Outcome.RETURNED)
        start(report, "verification", Leg.Holder.NATIONAL, now)
    elif action == "forward":
        stop(report, INSTITUTION_LEGS, now, Leg.Outcome.FORWARDED)
        _start_institution_legs(report, now)
    elif action in ("assign", "unit_return"):
        report.legs.filter(name__in=INSTITUTION_LEGS, stopped_at__isnull=True).update(
            unit=report.unit
        )
    elif action == "set_tier":
        _retier(report, now)
    elif action == "respond":
        stop(report, ("follow_up",), now)
        if event.data.get("final", True):
            stop(report, ("resolution",), now)
            start(report, "reporter_reply", Leg.Holder.REPORTER, now, report.institution)
    elif action == "reply":
        stop(report, ("reporter_reply",), now)
        if not event.data.get("satisfied"):
            start(report, "resolution", Leg.Holder.INSTITUTION, now, report.institution)
    elif action == "appeal":
        start(report, "verification", Leg.Holder.NATIONAL, now)
    elif action == "auto_close":
        stop(report, ("reporter_reply",), now, Leg.Outcome.MISSED)
    elif action == "refer_to_ombudsman":
        stop(report, ("overall",), now)
        stop(
            report,
            ("follow_up", "resolution", "reporter_reply", "completeness"),
            now,
            Leg.Outcome.CANCELLED,
        )
    if lifecycle.is_closed(report.status):
        stop(report, ("overall",), now)
        stop(report, tuple(settings.LAPOR_LEGS), now, Leg.Outcome.CANCELLED)
    refresh_report(report)


def _retier(report: Report, now: dt.datetime) -> None:
    for leg in _running(report, "resolution"):
        old = leg.length
        leg.length = report.tier
        if leg.paused_at is not None:
            leg.remaining_days = max((leg.remaining_days or 0) + report.tier - old, 1)
        else:
            calendar, tz = calendar_for(leg.institution)
            leg.due_at = due(leg.started_at, report.tier, leg.unit_of_time, tz, calendar)
            if leg.paused_seconds:
                leg.due_at += dt.timedelta(seconds=leg.paused_seconds)
        leg.save()


def refresh_report(report: Report) -> None:
    """Current leg = the running leg due first, preferring the government side's clocks."""
    legs = [leg for leg in report.legs.filter(stopped_at__isnull=True) if leg.paused_at is None]
    order = {
        "verification": 0,
        "follow_up": 1,
        "resolution": 2,
        "reporter_reply": 3,
        "completeness": 4,
        "overall": 5,
    }
    government = [
        leg for leg in legs if leg.holder != Leg.Holder.REPORTER and leg.name != "overall"
    ]
    pick = sorted(
        government or [leg for leg in legs if leg.name != "overall"] or legs,
        key=lambda leg: (leg.due_at, order.get(leg.name, 9)),
    )
    current = pick[0] if pick else None
    report.current_leg = current.name if current else ""
    report.due_at = current.due_at if current else None
    type(report).objects.filter(pk=report.pk).update(
        current_leg=report.current_leg, due_at=report.due_at
    )


def working_days_left(leg: Leg, now: dt.datetime | None = None) -> int | None:
    """Working days from now to the due day (negative when overdue); None when stopped."""
    if leg.stopped_at is not None:
        return None
    now = now or timezone.now()
    if leg.paused_at is not None:
        return leg.remaining_days
    calendar, tz = calendar_for(leg.institution)
    return calendar.working_days_between(now, leg.due_at, tz)


def present_legs(report: Report, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    now = now or timezone.now()
    out = []
    for leg in report.legs.select_related("institution").order_by("started_at", "id"):
        out.append(
            {
                "name": leg.name,
                "holder": leg.holder,
                "institution": leg.institution.code if leg.institution else None,
                "started_at": leg.started_at,
                "due_at": leg.due_at,
                "paused": leg.paused_at is not None,
                "stopped_at": leg.stopped_at,
                "outcome": leg.outcome or None,
                "met": leg.met,
                "overdue": leg.stopped_at is None and leg.paused_at is None and now > leg.due_at,
                "working_days_left": working_days_left(leg, now),
            }
        )
    return out
