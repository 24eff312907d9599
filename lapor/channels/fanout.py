"""Fan-out: from one report event to one outbox "delivery" row per message.

Called by the outbox worker for each "event" row, inside one transaction together with marking
that row done, so an event is fanned out exactly once even when it is retried.

Who hears of what:
- the reporter, of every event they may see (visible_to_reporter and not internal), by e-mail
  and by SMS when they gave a phone number, in the report's language; reporters of reports
  merged into this one follow it too;
- officers, by e-mail, when the report lands in their queue or needs them (see OFFICER_RULES);
- the institution's webhook endpoints, of every event of a report at that institution.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lapor.channels.messages import officer_message, reporter_message, tracking_url
from lapor.channels.models import Outbox, WebhookEndpoint
from lapor.directory.models import Institution, Role
from lapor.reports.lifecycle import Status
from lapor.reports.models import Event, Report

# Actions that put a report in front of officers, and who they are. "holders" means whoever
# holds it now: the unit's officers, else the institution's admins, else the national admins.
OFFICER_RULES: dict[str, str] = {
    "submit": "institution_admins",  # only when the reporter chose the institution (disposed)
    "verify": "institution_admins",
    "auto_dispose": "institution_admins",
    "forward": "institution_admins",
    "assign": "unit_officers",
    "add_info": "holders",
    "reply": "holders",  # only when not satisfied
    "escalate": "roles",  # event.data["roles"]
}
# Other apps add their own follow-up rows for an event (routing: auto-disposition), written in
# the same transaction as the deliveries; their kinds have handlers in outbox.HANDLERS.
EVENT_HOOKS: list[Callable[[Event, dt.datetime], list[Outbox]]] = []
# Webhooks of the institution a report left are told too: their system still has it open.
LEAVING_ACTIONS = {"forward", "return", "undo_auto_dispose"}


def fanout_event(event: Event) -> list[Outbox]:
    """Write the delivery rows for `event` (one per message) and return them."""
    event = Event.objects.select_related(
        "report", "report__reporter", "report__institution", "institution", "unit"
    ).get(pk=event.pk)
    now = timezone.now()
    payloads = [
        *reporter_deliveries(event),
        *officer_deliveries(event),
        *webhook_deliveries(event),
    ]
    rows = [
        Outbox(kind="delivery", event=event, payload=payload, created_at=now, available_at=now)
        for payload in payloads
    ]
    for hook in EVENT_HOOKS:
        rows.extend(hook(event, now))
    with transaction.atomic():
        Outbox.objects.bulk_create(rows)
    return rows


# --- the reporter ------------------------------------------------------------------------------


def normalise_phone(phone: str) -> str:
    """E.164 for the SMS gateway: Indonesian numbers are usually written 0812… or 62812…."""
    digits = re.sub(r"[^0-9+]", "", phone)
    if digits.startswith("+"):
        return digits
    if digits.startswith("0"):
        return "+62" + digits[1:]
    if digits.startswith("62"):
        return "+" + digits
    return "+" + digits


def reporter_email(report: Report) -> str:
    if report.reporter_email:
        return report.reporter_email
    if report.reporter_id and report.reporter is not None:
        return getattr(report.reporter, "email", "") or ""
    return ""


def followers(report: Report, event: Event) -> list[Report]:
    """Reports merged into `report` (also through a chain of merges) before `event` happened:
    their reporters follow it from the merge on, not its earlier history."""
    found: list[Report] = []
    seen, frontier = {report.pk}, [report.pk]
    merged_before = Event.objects.filter(
        report=OuterRef("pk"), action="mark_duplicate", pk__lt=event.pk
    )
    while frontier:
        batch = list(
            Report.objects.filter(duplicate_of_id__in=frontier)
            .filter(Exists(merged_before))
            .exclude(pk__in=seen)
            .select_related("reporter")
            .order_by("id")
        )
        found += batch
        frontier = [r.pk for r in batch]
        seen.update(frontier)
    return found


def reporter_deliveries(event: Event) -> list[dict[str, Any]]:
    if not event.visible_to_reporter or event.internal:
        return []
    report = event.report
    out: list[dict[str, Any]] = []
    for recipient in [report, *followers(report, event)]:
        language = recipient.language if recipient.language in ("id", "en") else "id"
        message = reporter_message(event, recipient, language=language)
        audience = "reporter" if recipient.pk == report.pk else "follower"
        email = reporter_email(recipient)
        if email:
            out.append(
                {
                    "channel": "email",
                    "audience": audience,
                    "address": email,
                    "subject": message.subject,
                    "body": message.body,
                    "language": language,
                }
            )
        if recipient.reporter_phone:
            out.append(
                {
                    "channel": "sms",
                    "audience": audience,
                    "address": normalise_phone(recipient.reporter_phone),
                    "subject": "",
                    "body": message.sms,
                    "language": language,
                }
            )
    return out


# --- officers ----------------------------------------------------------------------------------


def _staff(role: str, **scope: Any) -> QuerySet[Any]:
    # One filter() call so role and scope apply to the same StaffRole row.
    lookups = {
        "staff_roles__role": role,
        **{f"staff_roles__{key}": value for key, value in scope.items()},
    }
    return get_user_model().objects.filter(is_active=True, **lookups).exclude(email="")


def _institution_admins(institution_id: int | None) -> Iterable[Any]:
    if institution_id is None:
        return []
    return _staff(Role.INSTITUTION_ADMIN, institution_id=institution_id)


def _unit_officers(unit_id: int | None) -> Iterable[Any]:
    if unit_id is None:
        return []
    return _staff(Role.UNIT_OFFICER, unit_id=unit_id)


def _supervisors(institution: Institution | None) -> Iterable[Any]:
    # A province government's supervisors oversee the regencies whose parent it is.
    if institution is None:
        return []
    scope = [institution.pk] + ([institution.parent_id] if institution.parent_id else [])
    return _staff(Role.SUPERVISOR, institution_id__in=scope)


def _holders(event: Event) -> Iterable[Any]:
    if event.to_status == Status.UNVERIFIED or event.institution_id is None:
        return _staff(Role.NATIONAL_ADMIN)
    if event.unit_id is not None:
        return _unit_officers(event.unit_id)
    return _institution_admins(event.institution_id)


def officer_recipients(event: Event) -> list[Any]:
    """The staff to e-mail about `event`, by the rules above; never the one who acted."""
    rule = OFFICER_RULES.get(event.action)
    users: list[Any] = []
    if rule is None:
        return users
    if rule == "institution_admins":
        if event.action == "submit" and event.to_status != Status.DISPOSED:
            return users
        users += _institution_admins(event.institution_id)
    elif rule == "unit_officers":
        users += _unit_officers(event.unit_id)
    elif rule == "holders":
        if event.action == "reply" and event.data.get("satisfied"):
            return users
        users += _holders(event)
    elif rule == "roles":
        for role in event.data.get("roles") or []:
            if role == Role.INSTITUTION_ADMIN and event.institution_id is None:
                # A late verification is held nationally: its "admins" are the national ones,
                # or the first escalation step would reach nobody.
                users += _staff(Role.NATIONAL_ADMIN)
            elif role == Role.INSTITUTION_ADMIN:
                users += _institution_admins(event.institution_id)
            elif role == Role.UNIT_OFFICER:
                users += _unit_officers(event.unit_id)
            elif role == Role.SUPERVISOR:
                users += _supervisors(event.institution)
            elif role in (Role.NATIONAL_ADMIN, Role.OMBUDSMAN):
                users += _staff(role)
    seen: set[int] = set()
    unique = []
    for user in users:
        if user.pk in seen or user.pk == event.actor_id:
            continue
        seen.add(user.pk)
        unique.append(user)
    return unique


def officer_deliveries(event: Event) -> list[dict[str, Any]]:
    recipients = officer_recipients(event)
    if not recipients:
        return []
    message = officer_message(event)
    return [
        {
            "channel": "email",
            "audience": "officer",
            "user_id": user.pk,
            "address": user.email,
            "subject": message.subject,
            "body": message.body,
            "language": "id",
        }
        for user in recipients
    ]


# --- webhooks ----------------------------------------------------------------------------------


def webhook_data(event: Event) -> dict[str, Any]:
    """The JSON an institution's system receives. Never the reporter's identity: a system
    that needs it fetches the report through the API, where the anonymity rules are applied."""
    report = event.report
    return {
        "tracking_id": report.tracking_id,
        "action": event.action,
        "from_status": event.from_status or None,
        "to_status": event.to_status,
        "time": event.created_at.isoformat(),
        "institution": event.institution.code
        if event.institution_id and event.institution
        else None,
        "unit": event.unit.code if event.unit_id and event.unit else None,
        "reason": event.reason or None,
        "automatic": event.automatic,
        "text": "" if event.internal else event.text,
        "report": {
            "type": report.type,
            "anonymous": report.anonymous,
            "confidential": report.confidential,
            "url": tracking_url(report.tracking_id),
        },
    }


def webhook_deliveries(event: Event) -> list[dict[str, Any]]:
    scope = Q(institution_id=event.institution_id) if event.institution_id else Q(pk__in=[])
    old_code = event.data.get("from") if event.action in LEAVING_ACTIONS else None
    if old_code:
        scope |= Q(institution__code=old_code)
    endpoints = WebhookEndpoint.objects.filter(scope, active=True).order_by("id")
    data = webhook_data(event)
    return [
        {
            "channel": "webhook",
            "audience": "webhook",
            "endpoint_id": endpoint.pk,
            "address": endpoint.url,
            "subject": event.action,
            "data": data,
            "language": "",
        }
        for endpoint in endpoints
    ]
