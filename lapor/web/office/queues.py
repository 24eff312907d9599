"""The dashboard and the work queues: filters, sorting by due time, pagination, bulk actions.

Bulk actions call the one action function per report, each in its own transaction, and report
every failure by tracking ID: one refused report never stops the others."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError as ApiValidationError

from lapor.api.reports import filter_reports
from lapor.directory.access import is_national_admin
from lapor.directory.models import WorkUnit
from lapor.reports import access
from lapor.reports.actions import ACTIONS, ActionError, By, Forbidden
from lapor.reports.lifecycle import Actor, Status, kind_of
from lapor.reports.models import Report
from lapor.web.office.forms import LEG_LABELS, BulkForm, QueueFilterForm
from lapor.web.office.scope import (
    QUEUES,
    Queue,
    admin_institution_ids,
    forbidden,
    queue_reports,
    queues_for,
    render_office,
    staff_view,
)
from lapor.web.suggestions import row_hints

PAGE_SIZE = 25


@staff_view
def dashboard(request: HttpRequest) -> HttpResponse:
    return render_office(request, "office/dashboard.html", {})


def _queue(request: HttpRequest, slug: str) -> Queue | HttpResponse:
    queue = QUEUES.get(slug)
    if queue is None:
        raise Http404
    if queue not in queues_for(request.user):
        return forbidden(request, _("Antrean ini bukan untuk peran Anda."))
    return queue


def bulk_units(user: Any) -> list[WorkUnit]:
    return list(
        WorkUnit.objects.filter(institution_id__in=admin_institution_ids(user), active=True)
        .select_related("institution")
        .order_by("institution__name", "name")
    )


def rows(page: Any) -> list[dict[str, Any]]:
    """What a queue row shows (never the reporter's identity)."""
    now = timezone.now()
    out = []
    for report in page:
        out.append(
            {
                "tracking_id": report.tracking_id,
                "title": report.title,
                "status": report.status,
                "status_label": Status(report.status).label,
                "kind": kind_of(report.status).value,
                "type": report.get_type_display(),
                "institution": report.institution.name if report.institution else "",
                "unit": report.unit.name if report.unit else "",
                "category": report.category.name if report.category else "",
                "region": report.region.name if report.region else "",
                "created_at": report.created_at,
                "leg": LEG_LABELS.get(report.current_leg, report.current_leg),
                "due_at": report.due_at,
                "overdue": bool(report.due_at and report.due_at < now),
                "anonymous": report.anonymous,
                "confidential": report.confidential,
            }
        )
    return out


def add_hints(user: Any, reports: list[Report], table: list[dict[str, Any]]) -> None:
    """For the national admin, each unverified row of the page gets the router's top suggestion
    and a "duplicate?" badge (`suggestions.row_hints`): at most one page of rows is looked at,
    together."""
    if not is_national_admin(user):
        return
    unverified = [r for r in reports if r.status == Status.UNVERIFIED]
    hints = row_hints(unverified) if unverified else {}
    for report, row in zip(reports, table, strict=True):
        if report.status == Status.UNVERIFIED:
            row["hint"] = hints.get(report.pk)


def filtered(request: HttpRequest, queue: Queue) -> tuple[QueueFilterForm, QuerySet[Report]]:
    data = request.GET.copy()
    data.setdefault("ordering", queue.ordering)
    form = QueueFilterForm(data, statuses=queue.statuses)
    form.is_valid()
    qs = queue_reports(request.user, queue).select_related(
        "institution", "unit", "category", "region"
    )
    try:
        qs = filter_reports(qs, form.params(queue.ordering), timezone.now())
    except ApiValidationError:  # the form already refused bad values; nothing else is expected
        qs = filter_reports(qs, {"ordering": queue.ordering}, timezone.now())
    return form, qs


@staff_view
def queue_view(request: HttpRequest, slug: str) -> HttpResponse:
    queue = _queue(request, slug)
    if isinstance(queue, HttpResponse):
        return queue
    form, qs = filtered(request, queue)
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    reports = list(page.object_list)
    table = rows(reports)
    add_hints(request.user, reports, table)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "queue": queue,
        "form": form,
        "page": page,
        "rows": table,
        "query": query.urlencode(),
        "total": paginator.count,
        "bulk_form": BulkForm(actions=queue.bulk, units=bulk_units(request.user))
        if queue.bulk
        else None,
    }
    if getattr(request, "htmx", False) and request.headers.get("HX-Target") == "queue-results":
        return render_office(request, "office/_queue_results.html", context)
    return render_office(request, "office/queue.html", context)


@require_POST
@staff_view
def bulk_view(request: HttpRequest, slug: str) -> HttpResponse:
    queue = _queue(request, slug)
    if isinstance(queue, HttpResponse):
        return queue
    back = reverse("office:queue", args=[slug])
    if request.POST.get("query"):
        back += "?" + request.POST["query"]
    if not queue.bulk:
        return forbidden(request, _("Antrean ini tidak mempunyai tindakan massal."))
    units = bulk_units(request.user)
    form = BulkForm(request.POST, actions=queue.bulk, units=units)
    ids = [i.strip().upper() for i in request.POST.getlist("ids") if i.strip()][:200]
    if not ids:
        messages.error(request, _("Pilih minimal satu laporan."))
        return redirect(back)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    action = form.cleaned_data["action"]
    unit = next((u for u in units if str(u.pk) == form.cleaned_data.get("unit")), None)
    done, failed = [], []
    scope = queue_reports(request.user, queue)
    for tracking_id in ids:
        report = scope.filter(tracking_id=tracking_id).first()
        try:
            if report is None:
                raise Forbidden(_("Laporan tidak ada di antrean ini."))
            role = access.role_for_action(
                action, access.acting_roles(request.user, report) - {Actor.REPORTER}
            )
            if role is None:
                raise Forbidden(_("Anda tidak berwenang melakukan tindakan ini pada laporan ini."))
            kwargs: dict[str, Any] = {"note": form.cleaned_data.get("note", "")}
            if action == "assign":
                kwargs["unit"] = unit
            ACTIONS[action](report, By(role, request.user), **kwargs)
            done.append(tracking_id)
        except ActionError as exc:
            failed.append((tracking_id, exc.message))
    label = BulkForm.LABELS[action]
    if done:
        messages.success(
            request,
            _("%(action)s berhasil untuk %(n)d laporan: %(ids)s")
            % {"action": label, "n": len(done), "ids": ", ".join(done)},
        )
    for tracking_id, message in failed:
        messages.error(
            request, _("%(id)s gagal: %(message)s") % {"id": tracking_id, "message": message}
        )
    return redirect(back)
