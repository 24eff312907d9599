"""The daily digest: each institution admin and unit officer with an e-mail address gets one
e-mail listing their open reports that are overdue or due within the next 2 working days.

Deadlines come from `Report.due_at` / `Report.current_leg`, which lapor.deadlines keeps in step
with the running leg. Only reports the government side must act on are listed (statuses of kind
"open" at an institution): while the report waits for the reporter the clock is the reporter's.

Idempotent per day: a DigestSent row per user and date is written in the same transaction as
the outbox row carrying the e-mail, so a second run (or a second worker) sends nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from lapor.channels.messages import DigestLine, digest_message
from lapor.channels.models import DigestSent, Outbox
from lapor.deadlines.calendar import Calendar
from lapor.directory.models import Institution, Role, StaffRole
from lapor.reports.lifecycle import AT_INSTITUTION, Kind, kind_of
from lapor.reports.models import Report

logger = logging.getLogger(__name__)

WORKING_DAYS_AHEAD = 2
# Statuses in which someone at the institution must act (not waiting for the reporter).
ACTIONABLE = sorted(s for s in AT_INSTITUTION if kind_of(s) is Kind.OPEN)


def horizon(institution: Institution | None, now: dt.datetime) -> dt.datetime:
    """The end of the 2nd working day after today, on the institution's own calendar and clock
    (a regional holiday or WITA/WIT shifts it)."""
    region = institution.region if institution is not None else None
    province = region.province_code if region is not None else None
    tz = institution.timezone_name if institution else "Asia/Jakarta"
    return Calendar(province).add_working_days(now, WORKING_DAYS_AHEAD, tz)


def digest_items(
    roles: list[StaffRole], now: dt.datetime
) -> tuple[list[DigestLine], list[DigestLine]]:
    """(due soon, overdue) for one person holding `roles`, each report once."""
    scope = Q(pk__in=[])
    for role in roles:
        if role.role == Role.INSTITUTION_ADMIN and role.institution_id:
            scope |= Q(institution_id=role.institution_id)
        elif role.role == Role.UNIT_OFFICER and role.unit_id:
            scope |= Q(unit_id=role.unit_id)
    reports = (
        Report.objects.filter(scope, status__in=ACTIONABLE, due_at__isnull=False)
        .select_related("institution", "institution__region")
        .order_by("due_at", "id")
    )
    horizons: dict[int | None, dt.datetime] = {}
    due_soon: list[DigestLine] = []
    overdue: list[DigestLine] = []
    for report in reports:
        if report.due_at is None:  # filtered out above; this narrows the type
            continue
        line = DigestLine(
            tracking_id=report.tracking_id,
            status=report.status,
            leg=report.current_leg,
            due_at=report.due_at,
            institution=report.institution,
        )
        if report.due_at < now:
            overdue.append(line)
            continue
        key = report.institution_id
        if key not in horizons:
            horizons[key] = horizon(report.institution, now)
        if report.due_at <= horizons[key]:
            due_soon.append(line)
    return due_soon, overdue


def digest_send(user: Any, roles: list[StaffRole], *, day: dt.date, now: dt.datetime) -> bool:
    """Queue today's digest for `user` unless already done; True if an e-mail was queued."""
    due_soon, overdue = digest_items(roles, now)
    try:
        with transaction.atomic():
            # The unique (user, date) row is the lock: a concurrent run fails here and skips.
            DigestSent.objects.create(user=user, date=day, items=len(due_soon) + len(overdue))
            if not (due_soon or overdue):
                return False  # nothing to say today; the row still records the decision
            message = digest_message(day=day, due_soon=due_soon, overdue=overdue)
            Outbox.objects.create(
                kind="delivery",
                payload={
                    "channel": "email",
                    "audience": "digest",
                    "user_id": user.pk,
                    "address": user.email,
                    "subject": message.subject,
                    "body": message.body,
                    "language": "id",
                },
                created_at=now,
                available_at=now,
            )
    except IntegrityError:
        return False
    return True


def digest_send_all(*, now: dt.datetime | None = None) -> int:
    """Queue the day's digests for every institution admin and unit officer; returns how many
    e-mails were queued. "Day" is the calendar day in settings.TIME_ZONE (WIB)."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    done_today = set(DigestSent.objects.filter(date=day).values_list("user_id", flat=True))
    roles_by_user: dict[int, list[StaffRole]] = defaultdict(list)
    rows = (
        StaffRole.objects.filter(
            role__in=[Role.INSTITUTION_ADMIN, Role.UNIT_OFFICER], user__is_active=True
        )
        .exclude(user__email="")
        .exclude(user_id__in=done_today)
        .order_by("user_id", "id")
    )
    for role in rows:
        roles_by_user[role.user_id].append(role)
    users = get_user_model().objects.in_bulk(list(roles_by_user))
    queued = 0
    for user_id, roles in roles_by_user.items():
        if digest_send(users[user_id], roles, day=day, now=now):
            queued += 1
    if queued:
        logger.info("daily digest: %s e-mails queued for %s", queued, day)
    return queued
