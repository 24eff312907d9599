"""What each kind of reader sees of a report: the one place that decides which fields leave the
system. Identity fields are added only when `access.sees_identity` says so."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.urls import reverse

from lapor.deadlines.legs import present_legs
from lapor.reports import lifecycle
from lapor.reports.lifecycle import Status
from lapor.reports.models import Attachment, Event, Report


class View(StrEnum):
    NATIONAL = "national"  # the national admin: everything, incl. the original text
    STAFF = "staff"  # officers in scope, supervisors, Ombudsman
    REPORTER = "reporter"  # the reporter (token or account)
    PUBLIC = "public"  # the public feed (public, non-confidential reports only)
    TRACKING = "tracking"  # anyone holding the tracking ID: status and due dates only


ACTION_LABELS = {name: row.label for name, row in lifecycle.TRANSITIONS.items()} | {
    "submit": "laporan dikirim"
}


def _institution(inst: Any) -> dict[str, Any] | None:
    if inst is None:
        return None
    return {"code": inst.code, "name": inst.name, "acronym": inst.acronym or None}


def present_event(event: Event, view: View) -> dict[str, Any]:
    data: dict[str, Any] = {
        "action": event.action,
        "label": ACTION_LABELS.get(event.action, event.action),
        "from_status": event.from_status or None,
        "to_status": event.to_status,
        "reason": event.reason or None,
        "text": event.text,
        "automatic": event.automatic,
        "actor_role": event.actor_role,
        "at": event.created_at,
        "institution": _institution(event.institution),
    }
    if view in (View.NATIONAL, View.STAFF):
        data["internal"] = event.internal
        data["visible_to_reporter"] = event.visible_to_reporter
        # Staff actors are named to staff; the reporter never is (anonim or not).
        data["actor"] = (
            event.actor.get_username() if event.actor and event.actor_role != "reporter" else None
        )
        data["data"] = _event_data(event, view)
    if event.action == "respond":
        data["final"] = bool(event.data.get("final", True))
    if event.action == "reply":
        data["satisfied"] = bool(event.data.get("satisfied"))
    return data


def _event_data(event: Event, view: View) -> dict[str, Any]:
    return {k: v for k, v in event.data.items() if k not in ("ip",)}


def present_attachment(report: Report, attachment: Attachment) -> dict[str, Any]:
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "from_reporter": attachment.from_reporter,
        "url": reverse("api-attachment", args=[report.tracking_id, attachment.pk]),
    }


def present(report: Report, view: View, *, identity: bool = False) -> dict[str, Any]:
    status = Status(report.status)
    data: dict[str, Any] = {
        "tracking_id": report.tracking_id,
        "status": report.status,
        "status_label": str(status.label),
        "status_kind": lifecycle.kind_of(report.status).value,
        "type": report.type,
        "created_at": report.created_at,
        "closed_at": report.closed_at,
        "auto_closed": report.auto_closed,
        "institution": _institution(report.institution),
        "current_leg": report.current_leg or None,
        "due_at": report.due_at,
        "legs": present_legs(report),
    }
    if report.duplicate_of_id:
        data["duplicate_of"] = report.duplicate_of.tracking_id  # type: ignore[union-attr]
    if view == View.TRACKING:
        return data
    data.update(
        {
            "title": report.title,
            "body": report.body,
            "occurred_on": report.occurred_on,
            "region": {"code": report.region_id, "name": report.region.name}
            if report.region
            else None,
            "category": {"slug": report.category.slug, "name": report.category.name}
            if report.category
            else None,
            "support_count": report.support_count,
        }
    )
    events = report.events.select_related("institution", "actor").order_by("created_at", "id")
    if view == View.PUBLIC:
        data["responses"] = [
            present_event(e, view)
            for e in events
            if e.action == "respond" and e.visible_to_reporter
        ]
        return data
    data.update(
        {
            "address": report.address,
            "lat": str(report.lat) if report.lat is not None else None,
            "lon": str(report.lon) if report.lon is not None else None,
            "anonymous": report.anonymous,
            "confidential": report.confidential,
            "channel": report.channel,
            "language": report.language,
            "tier": report.tier,
            "unit": {"code": report.unit.code, "name": report.unit.name} if report.unit else None,
            "target_institution": _institution(report.target_institution),
            "ombudsman_consent": report.ombudsman_consent,
        }
    )
    attachments = report.attachments.all()
    if view == View.REPORTER:
        data["events"] = [
            present_event(e, view) for e in events if e.visible_to_reporter and not e.internal
        ]
        attachments = attachments.filter(visible_to_reporter=True)
    else:
        data["events"] = [present_event(e, view) for e in events]
    if view != View.NATIONAL:
        attachments = attachments.filter(hidden=False)
    data["attachments"] = [present_attachment(report, a) for a in attachments]
    if view == View.NATIONAL:
        data["pii_flags"] = report.pii_flags
        data["original_title"] = report.original_title or None
        data["original_body"] = report.original_body or None
    if identity:
        data["reporter"] = {
            "name": report.reporter_name
            or (report.reporter.get_full_name() if report.reporter else "")
            or None,
            "email": report.reporter_email
            or (report.reporter.email if report.reporter else "")
            or None,
            "phone": report.reporter_phone or None,
            "account": report.reporter.get_username() if report.reporter else None,
        }
        if view == View.NATIONAL:
            data["reporter"]["ip"] = report.reporter_ip
    return data
