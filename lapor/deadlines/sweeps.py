"""Periodic sweeps: escalate overdue legs, auto-close, expire waits, propose/refer to the
Ombudsman. Idempotent and safe on several workers at once: each step first claims its leg with
a conditional UPDATE inside the transaction that performs the action."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lapor import clock
from lapor.deadlines.legs import calendar_for
from lapor.deadlines.models import Leg
from lapor.reports import actions
from lapor.reports.actions import ActionError

log = logging.getLogger(__name__)
ESCALATED_LEGS = ("verification", "follow_up", "resolution")


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


def _level_reached(leg: Leg, now: dt.datetime) -> int:
    """Step k of the ladder is reached once the end of the Nth working day after the due day
    has passed (N = 0: the due moment itself)."""
    calendar, tz = calendar_for(leg.institution)
    return sum(
        1
        for days_after, _roles in settings.LAPOR_ESCALATION_LADDER
        if now > (calendar.add_working_days(leg.due_at, days_after, tz) if days_after else leg.due_at)
    )


def sweep_escalations(now: dt.datetime) -> int:
    count = 0
    ladder = settings.LAPOR_ESCALATION_LADDER
    # Follow-up and resolution often fall due together: one escalation per report and level.
    told: set[tuple[int, int]] = set()
    for leg in _overdue(ESCALATED_LEGS, now).filter(escalation_level__lt=len(ladder)):
        level = _level_reached(leg, now)
        if level <= leg.escalation_level:
            continue
        roles = sorted(
            {role for _days, step in ladder[leg.escalation_level : level] for role in step}
        )
        try:
            with transaction.atomic():
                if not _claim(leg, level) or (leg.report_id, level) in told:
                    continue
                told.add((leg.report_id, level))
                actions.report_escalate(
                    leg.report,
                    leg=leg.name,
                    level=level,
                    data={"roles": roles, "due_at": leg.due_at.isoformat(), "holder": leg.holder},
                )
                count += 1
        except ActionError as exc:
            log.info("escalation of %s skipped: %s", leg.report.tracking_id, exc)
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
    for leg in _overdue("overall", now):
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
