"""The report workspace: the report as the staff member may see it, its timeline, legs and
attachments, and every action they may take as a form. Each form posts to `act`, which calls
the one action function; refusals come back on the form."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapor.api.reports import action_kwargs
from lapor.deadlines.legs import working_days_left
from lapor.directory.access import is_national_admin
from lapor.reports import access, lifecycle
from lapor.reports.actions import ACTIONS, ActionError, By, Conflict
from lapor.reports.lifecycle import (
    Actor,
    OmbudsmanFinding,
    RejectReason,
    ReportType,
    ReturnReason,
    Status,
)
from lapor.reports.models import Report
from lapor.reports.presenters import View, present
from lapor.reports.uploads import attach, uploads_from
from lapor.web.office.forms import (
    ACTION_FORMS,
    ACTION_TITLES,
    EVENT_LABELS,
    LEG_LABELS,
    ActionForm,
)
from lapor.web.office.scope import forbidden, render_office, staff_view
from lapor.web.suggestions import (
    duplicates_for_report,
    quality_for_report,
    routing_for_report,
)

ZONE_LABELS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
# Shown open (the next step of the person's work); the rest are behind a disclosure.
PRIMARY = ("verify", "accept", "respond", "close")
# Shown in their own sections rather than among the status-changing actions.
SEPARATE = ("add_note", "redact")
# Where routing suggestions help: before the national admin verifies or merges the report.
VERIFYING = (Status.UNVERIFIED, Status.ON_HOLD)


def _load(user: Any, tracking_id: str) -> Report:
    report = access.staff_report(user, tracking_id)
    return Report.objects.select_related(
        "institution",
        "unit",
        "category",
        "region",
        "reporter",
        "duplicate_of",
        "target_institution",
    ).get(pk=report.pk)


def staff_roles(user: Any, report: Report) -> set[Actor]:
    """The person's roles on this report, never the reporter's (staff cannot reply for them)."""
    return access.acting_roles(user, report) - {Actor.REPORTER}


def available_actions(user: Any, report: Report) -> list[str]:
    roles = staff_roles(user, report)
    return [
        name
        for name in lifecycle.actions_for(report.status, roles)
        if name in ACTION_FORMS and name in ACTIONS
    ]


def _local(moment: dt.datetime | None, zone: str) -> dict[str, Any] | None:
    if moment is None:
        return None
    return {"at": moment.astimezone(ZoneInfo(zone)), "zone": ZONE_LABELS.get(zone, zone)}


def legs_of(report: Report) -> list[dict[str, Any]]:
    now = timezone.now()
    out = []
    for leg in report.legs.select_related("institution").order_by("started_at", "id"):
        left = working_days_left(leg, now)
        calendar_days = leg.unit_of_time == "calendar"
        if calendar_days and leg.stopped_at is None and leg.paused_at is None:
            zone = ZoneInfo(leg.timezone)
            left = (leg.due_at.astimezone(zone).date() - now.astimezone(zone).date()).days
        running = leg.stopped_at is None and leg.paused_at is None
        out.append(
            {
                "key": leg.name,
                "name": LEG_LABELS.get(leg.name, leg.name),
                "holder": leg.get_holder_display(),
                "institution": leg.institution.name if leg.institution else "",
                "length": leg.length,
                "calendar": calendar_days,
                "started": _local(leg.started_at, leg.timezone),
                "due": _local(leg.due_at, leg.timezone),
                "stopped": _local(leg.stopped_at, leg.timezone),
                "paused": leg.paused_at is not None,
                "outcome": leg.get_outcome_display() if leg.outcome else "",
                "met": leg.met,
                "overdue": running and now > leg.due_at,
                "running": running,
                "left": left,
                "late_by": -left if left is not None and left < 0 else None,
            }
        )
    return out


def _reason_label(action: str, reason: str | None) -> str:
    if not reason:
        return ""
    table: dict[str, Any] = {
        "reject": RejectReason,
        "return": ReturnReason,
        "close": OmbudsmanFinding,
    }
    if action in table and reason in table[action].values:
        return str(table[action](reason).label)
    if action == "escalate":
        return str(LEG_LABELS.get(reason, reason))
    return reason


def timeline(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for event in events:
        data = event.get("data") or {}
        details = []
        if event["action"] in ("verify", "forward") and data.get("institution"):
            details.append(_("ke instansi: %(code)s") % {"code": data["institution"]})
        if event["action"] == "assign" and data.get("unit"):
            details.append(_("ke unit: %(code)s") % {"code": data["unit"]})
        if event["action"] == "set_tier" and data.get("tier"):
            details.append(_("%(n)s hari kerja") % {"n": data["tier"]})
        if event["action"] == "mark_duplicate" and data.get("of"):
            details.append(_("duplikat dari %(id)s") % {"id": data["of"]})
        if event["action"] == "reply":
            details.append(_("puas") if event.get("satisfied") else _("tidak puas"))
        if event["action"] == "respond":
            details.append(_("tanggapan akhir") if event.get("final") else _("tanggapan sementara"))
        out.append(
            {
                **event,
                "title": EVENT_LABELS.get(event["action"], event["label"]),
                "reason_label": _reason_label(event["action"], event.get("reason")),
                "details": details,
            }
        )
    return out


def action_panels(
    user: Any, report: Report, bound: ActionForm | None = None
) -> dict[str, list[dict[str, Any]]]:
    panels: dict[str, list[dict[str, Any]]] = {"main": [], "note": [], "redact": []}
    for name in available_actions(user, report):
        form = bound if bound is not None and bound.action == name else None
        form = form or ACTION_FORMS[name](report=report, user=user)
        panel = {
            "name": name,
            "title": ACTION_TITLES[name],
            "form": form,
            "open": name in PRIMARY or form.is_bound,
            "url": reverse("office:act", args=[report.tracking_id, name]),
            "templates": getattr(form, "templates", []),
        }
        key = "note" if name == "add_note" else "redact" if name == "redact" else "main"
        panels[key].append(panel)
    return panels


def suggestions(user: Any, report: Report, actions: list[str]) -> dict[str, Any]:
    """Routing suggestions, possible duplicates and quality signals, for whoever may verify or
    merge this report now (the national admin, before disposition). Each part is None when the
    routing layer failed: the page says so and the rest of the workspace still works."""
    verifying = report.status in VERIFYING
    may_verify = verifying and "verify" in actions
    may_merge = verifying and "mark_duplicate" in actions
    out: dict[str, Any] = {
        "show_routing": may_verify,
        "show_duplicates": may_merge,
        "show_quality": may_verify or may_merge,
    }
    if may_verify:
        out["routing"] = routing_for_report(report)
        out["verify_url"] = reverse("office:act", args=[report.tracking_id, "verify"])
        # A suggestion's button sends the verify form with only the institution changed.
        out["verify_defaults"] = {
            "title": report.title,
            "type": report.type,
            "category": report.category.slug if report.category else "",
        }
        out["has_category"] = report.category_id is not None
    if may_merge:
        out["duplicates"] = duplicates_for_report(report)
        out["duplicate_url"] = reverse("office:act", args=[report.tracking_id, "mark_duplicate"])
    if out["show_quality"]:
        out["quality"] = quality_for_report(report)
    return out


def workspace_context(
    request: HttpRequest, report: Report, bound: ActionForm | None = None
) -> dict[str, Any]:
    user = request.user
    national = is_national_admin(user)
    view = View.NATIONAL if national else View.STAFF
    data = present(report, view, identity=access.sees_identity(user, report))
    flags = []
    for flag in data.get("pii_flags") or []:
        text = data["title"] if flag.get("field") == "title" else data["body"]
        flags.append({**flag, "excerpt": text[flag["start"] : flag["end"]]})
    legs = legs_of(report)
    current = next((g for g in legs if g["running"] and g["key"] == report.current_leg), None)
    return {
        "r": data,
        "current_leg": current,
        "type_label": ReportType(data["type"]).label if data["type"] in ReportType.values else "",
        "kind": data["status_kind"],
        "national": national,
        "pii": flags,
        "legs": legs,
        "events": timeline(data["events"]),
        "panels": action_panels(user, report, bound),
        "suggest": suggestions(user, report, available_actions(user, report)),
    }


@staff_view
def workspace(request: HttpRequest, tracking_id: str) -> HttpResponse:
    report = _load(request.user, tracking_id)
    return render_office(request, "office/workspace.html", workspace_context(request, report))


def _error_to_form(form: ActionForm, exc: ActionError) -> None:
    field = exc.field if exc.field in form.fields else None
    if isinstance(exc, Conflict):
        message = _("%(message)s Mungkin petugas lain baru saja bertindak: muat ulang laporan.") % {
            "message": exc.message
        }
        form.add_error(None, message)
    else:
        form.add_error(field, exc.message)


@require_POST
@staff_view
def act(request: HttpRequest, tracking_id: str, action: str) -> HttpResponse:
    """One lifecycle action from a workspace form (htmx or a plain POST)."""
    if action not in ACTIONS:
        raise Http404
    report = _load(request.user, tracking_id)
    form_class = ACTION_FORMS.get(action)
    role = access.role_for_action(action, staff_roles(request.user, report))
    if form_class is None or role is None:
        message = (
            _("Tindakan ini hanya dapat dilakukan pelapor.")
            if form_class is None
            else _("Anda tidak berwenang melakukan tindakan ini pada laporan ini.")
        )
        if getattr(request, "htmx", False):
            return render(request, "office/_notice.html", {"error": message}, status=403)
        return forbidden(request, message)
    form = form_class(request.POST, report=report, user=request.user)
    status = 400
    if form.is_valid():
        try:
            uploads = uploads_from(request.FILES) if form.multipart and request.FILES else []
            with transaction.atomic():
                event = ACTIONS[action](
                    report, By(role, request.user), **action_kwargs(action, report, form.payload())
                )
                for upload in uploads:
                    attach(
                        report,
                        upload,
                        from_reporter=False,
                        event=event,
                        visible_to_reporter=not event.internal,
                    )
        except ActionError as exc:
            _error_to_form(form, exc)
            status = exc.status
        else:
            return _done(request, report, action)
    if getattr(request, "htmx", False):
        panel = {
            "name": action,
            "title": ACTION_TITLES[action],
            "form": form,
            "open": True,
            "url": reverse("office:act", args=[report.tracking_id, action]),
            "templates": getattr(form, "templates", []),
        }
        # 200 so htmx swaps the form with its errors in place; the status is in a header.
        response = render(
            request,
            "office/_action.html",
            {"panel": panel, "r": {"tracking_id": report.tracking_id}},
        )
        response["X-Lapor-Status"] = str(status)
        return response
    report = _load(request.user, tracking_id)
    return render_office(
        request, "office/workspace.html", workspace_context(request, report, form), status=status
    )


def _done(request: HttpRequest, report: Report, action: str) -> HttpResponse:
    message = _("Berhasil: %(action)s.") % {"action": ACTION_TITLES[action]}
    if not access.staff_reports(request.user).filter(pk=report.pk).exists():
        messages.success(request, message)
        target = reverse("office:dashboard")
        if getattr(request, "htmx", False):
            from django_htmx.http import HttpResponseClientRedirect

            return HttpResponseClientRedirect(target)
        return redirect(target)
    if getattr(request, "htmx", False):
        report = _load(request.user, report.tracking_id)
        context = workspace_context(request, report)
        context["done"] = message
        response = render_office(request, "office/_workspace.html", context)
        response["HX-Retarget"] = "#workspace"
        response["HX-Reswap"] = "outerHTML"
        return response
    messages.success(request, message)
    return redirect("office:workspace", tracking_id=report.tracking_id)
