"""Every read of a report goes through here. Staff see reports currently or formerly at their
institution or unit; supervisors their institution and the ones it oversees; the Ombudsman what
was referred; the national admin everything. The public sees only public, non-confidential
reports. Strangers get 404, never a hint that the report exists."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from lapor.directory.access import roles_of
from lapor.directory.models import Institution, Role
from lapor.reports import lifecycle
from lapor.reports.actions import reporter_token_matches
from lapor.reports.lifecycle import Actor, Status
from lapor.reports.models import Holding, Report

PUBLIC_STATUSES = (
    Status.DISPOSED,
    Status.IN_PROGRESS,
    Status.ASSIGNED,
    Status.INFO_REQUESTED,
    Status.RESPONDED,
    Status.REFERRED,
    Status.COMPLETED,
    Status.OMBUDSMAN_CLOSED,
)


def is_staff(user: Any) -> bool:
    return bool(roles_of(user))


def staff_reports(user: Any) -> QuerySet[Report]:
    """The reports a staff member may read (empty for anyone else)."""
    roles = roles_of(user)
    if any(r.role == Role.NATIONAL_ADMIN for r in roles):
        return Report.objects.all()
    scope = Q(pk__in=[])
    institutions: set[int] = {
        r.institution_id for r in roles if r.role == Role.INSTITUTION_ADMIN and r.institution_id
    }
    units: set[int] = {r.unit_id for r in roles if r.role == Role.UNIT_OFFICER and r.unit_id}
    supervised: set[int] = {
        r.institution_id for r in roles if r.role == Role.SUPERVISOR and r.institution_id
    }
    if supervised:
        institutions |= supervised
        institutions |= set(
            Institution.objects.filter(parent_id__in=supervised).values_list("pk", flat=True)
        )
    if any(r.role == Role.SUPERVISOR and r.institution_id is None for r in roles):
        return Report.objects.all()
    if institutions:
        scope |= Q(
            pk__in=Holding.objects.filter(institution_id__in=institutions).values("report_id")
        )
    if units:
        scope |= Q(pk__in=Holding.objects.filter(unit_id__in=units).values("report_id"))
    if any(r.role == Role.OMBUDSMAN for r in roles):
        scope |= Q(referred_at__isnull=False)
    return Report.objects.filter(scope)


def staff_report(user: Any, tracking_id: str) -> Report:
    report = staff_reports(user).filter(tracking_id=tracking_id.upper()).first()
    if report is None:
        raise Http404
    return report


def public_reports() -> QuerySet[Report]:
    return Report.objects.filter(confidential=False, status__in=PUBLIC_STATUSES)


def is_reporter(user: Any, report: Report, token: str | None) -> bool:
    if reporter_token_matches(report, token):
        return True
    return bool(getattr(user, "is_authenticated", False) and report.reporter_id == user.pk)


def acting_roles(user: Any, report: Report, token: str | None = None) -> set[Actor]:
    """The lifecycle roles this person holds *on this report* (for menus and for the API to pick
    the role of an action; the action itself checks the scope again)."""
    found: set[Actor] = set()
    for role in roles_of(user):
        if role.role == Role.NATIONAL_ADMIN:
            found.add(Actor.NATIONAL_ADMIN)
        elif role.role == Role.OMBUDSMAN:
            found.add(Actor.OMBUDSMAN)
        elif role.role == Role.INSTITUTION_ADMIN and role.institution_id == report.institution_id:
            found.add(Actor.INSTITUTION_ADMIN)
        elif role.role == Role.UNIT_OFFICER and report.unit_id and role.unit_id == report.unit_id:
            found.add(Actor.UNIT_OFFICER)
    if is_reporter(user, report, token):
        found.add(Actor.REPORTER)
    return found


def role_for_action(action: str, roles: set[Actor]) -> Actor | None:
    """The most specific of the person's roles that the table allows for `action`."""
    row = lifecycle.TRANSITIONS.get(action)
    if row is None:
        return None
    for role in (
        Actor.REPORTER,
        Actor.UNIT_OFFICER,
        Actor.INSTITUTION_ADMIN,
        Actor.OMBUDSMAN,
        Actor.NATIONAL_ADMIN,
    ):
        if role in roles and role in row.roles:
            return role
    return None


def sees_identity(user: Any, report: Report, token: str | None = None) -> bool:
    """Who may see the reporter's name and contact. For an anonim report: only the national
    admin, the reporter, and the Ombudsman once the reporter consented to a referral."""
    roles = roles_of(user)
    if any(r.role == Role.NATIONAL_ADMIN for r in roles) or is_reporter(user, report, token):
        return True
    if (
        any(r.role == Role.OMBUDSMAN for r in roles)
        and report.referred_at
        and report.ombudsman_consent
    ):
        return True
    if report.anonymous:
        return False
    return report.pk in set(staff_reports(user).filter(pk=report.pk).values_list("pk", flat=True))
