"""Institution settings for its admin (and the national admin): work units, staff and roles,
response templates, webhook endpoints. Another institution's admin gets 404 for all of it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapor.channels.models import WebhookEndpoint
from lapor.directory.access import can_manage_units, is_national_admin
from lapor.directory.models import Institution, Role, StaffRole, WorkUnit
from lapor.directory.staff import staff_add
from lapor.reports.lifecycle import NOT_CLOSED
from lapor.web.models import ResponseTemplate
from lapor.web.office.forms import ResponseTemplateForm, StaffAddForm, UnitForm, WebhookForm
from lapor.web.office.scope import managed_institutions, render_office, staff_view


def managed(request: HttpRequest, code: str) -> Institution:
    institution = Institution.objects.filter(code=code).first()
    if institution is None or not can_manage_units(request.user, institution):
        raise Http404
    return institution


@staff_view
def index(request: HttpRequest) -> HttpResponse:
    mine = list(managed_institutions(request.user))
    national = is_national_admin(request.user)
    if len(mine) == 1 and not national:
        return redirect("office:institution", code=mine[0].code)
    if not mine and not national:
        raise Http404
    q = (request.GET.get("q") or "").strip()
    found: list[Institution] = []
    if national and q:
        found = list(
            Institution.objects.filter(
                Q(name__icontains=q) | Q(acronym__iexact=q) | Q(code__icontains=q)
            ).order_by("name")[:50]
        )
    return render_office(
        request,
        "office/institution_index.html",
        {"mine": mine, "national": national, "q": q, "found": found},
    )


def tree(institution: Institution) -> list[dict[str, Any]]:
    units = list(institution.units.order_by("name"))
    open_counts: dict[int, int] = {}
    for unit_id in institution.reports.filter(
        status__in=NOT_CLOSED, unit__isnull=False
    ).values_list("unit_id", flat=True):
        open_counts[unit_id] = open_counts.get(unit_id, 0) + 1
    children: dict[int | None, list[WorkUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)

    def build(parent: int | None, seen: frozenset[int]) -> list[dict[str, Any]]:
        return [
            {
                "unit": unit,
                "open": open_counts.get(unit.pk, 0),
                "children": build(unit.pk, seen | {unit.pk}) if unit.pk not in seen else [],
            }
            for unit in children.get(parent, [])
        ]

    return build(None, frozenset())


@staff_view
def overview(request: HttpRequest, code: str) -> HttpResponse:
    institution = managed(request, code)
    return render_office(
        request,
        "office/institution.html",
        {
            "institution": institution,
            "units": institution.units.count(),
            "staff": staff_of(institution).count(),
            "templates": institution.response_templates.count(),
            "webhooks": WebhookEndpoint.objects.filter(institution=institution).count(),
        },
    )


@staff_view
def units(request: HttpRequest, code: str) -> HttpResponse:
    institution = managed(request, code)
    form = UnitForm(request.POST if request.method == "POST" else None, institution=institution)
    if request.method == "POST" and form.is_valid():
        unit = form.save()
        messages.success(request, _("Unit kerja %(name)s dibuat.") % {"name": unit.name})
        return redirect("office:units", code=code)
    return render_office(
        request,
        "office/units.html",
        {"institution": institution, "tree": tree(institution), "form": form},
        status=400 if form.errors else 200,
    )


@staff_view
def unit_edit(request: HttpRequest, code: str, unit: str) -> HttpResponse:
    institution = managed(request, code)
    instance = get_object_or_404(institution.units, code=unit)
    form = UnitForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        institution=institution,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Unit kerja %(name)s disimpan.") % {"name": instance.name})
        return redirect("office:units", code=code)
    open_reports = instance.reports.filter(status__in=NOT_CLOSED).count()
    return render_office(
        request,
        "office/unit_edit.html",
        {"institution": institution, "unit": instance, "form": form, "open_reports": open_reports},
        status=400 if form.errors else 200,
    )


def staff_of(institution: Institution) -> Any:
    return (
        StaffRole.objects.filter(Q(institution=institution) | Q(unit__institution=institution))
        .select_related("user", "unit")
        .order_by("user__username", "role")
    )


@staff_view
def staff(request: HttpRequest, code: str) -> HttpResponse:
    institution = managed(request, code)
    form = StaffAddForm(request.POST if request.method == "POST" else None, institution=institution)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = (
            institution.units.filter(code=data["unit"], active=True).first()
            if data["role"] == Role.UNIT_OFFICER
            else None
        )
        try:
            user, _role, _token = staff_add(
                username=data["username"],
                role=data["role"],
                institution=institution,
                unit=unit,
                email=data.get("email") or "",
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if data.get("email") or getattr(user, "email", ""):
                messages.success(
                    request,
                    _(
                        "%(user)s ditambahkan. Undangan untuk membuat kata sandi dikirim ke %(email)s."
                    )
                    % {"user": user.get_username(), "email": getattr(user, "email", "")},
                )
            else:
                messages.success(
                    request, _("%(user)s ditambahkan.") % {"user": user.get_username()}
                )
            return redirect("office:staff", code=code)
    return render_office(
        request,
        "office/staff.html",
        {"institution": institution, "roles": staff_of(institution), "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@staff_view
def staff_revoke(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    institution = managed(request, code)
    role = get_object_or_404(staff_of(institution), pk=pk)
    if role.user_id == request.user.pk and role.role == Role.INSTITUTION_ADMIN:
        messages.error(request, _("Anda tidak dapat mencabut peran admin Anda sendiri."))
    else:
        role.delete()
        messages.success(
            request,
            _("Peran %(role)s dicabut dari %(user)s.")
            % {"role": role.get_role_display(), "user": role.user.get_username()},
        )
    return redirect("office:staff", code=code)


@staff_view
def templates(request: HttpRequest, code: str) -> HttpResponse:
    institution = managed(request, code)
    form = ResponseTemplateForm(
        request.POST if request.method == "POST" else None, institution=institution
    )
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        form.save()
        messages.success(request, _("Templat tanggapan disimpan."))
        return redirect("office:templates", code=code)
    return render_office(
        request,
        "office/templates.html",
        {
            "institution": institution,
            "items": institution.response_templates.select_related("created_by"),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _edit_item(
    request: HttpRequest,
    code: str,
    pk: int,
    *,
    model: Any,
    form_class: Any,
    template: str,
    done: str,
    message: str,
) -> HttpResponse:
    """Edit one of an institution's own items (a response template, a webhook endpoint)."""
    institution = managed(request, code)
    instance = get_object_or_404(model, institution=institution, pk=pk)
    form = form_class(
        request.POST if request.method == "POST" else None,
        instance=instance,
        institution=institution,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, message)
        return redirect(done, code=code)
    return render_office(
        request,
        template,
        {"institution": institution, "item": instance, "form": form},
        status=400 if form.errors else 200,
    )


def _delete_item(
    request: HttpRequest, code: str, pk: int, *, model: Any, done: str, message: Any
) -> HttpResponse:
    institution = managed(request, code)
    instance = get_object_or_404(model, institution=institution, pk=pk)
    instance.delete()
    messages.success(request, message(instance))
    return redirect(done, code=code)


@staff_view
def template_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _edit_item(
        request,
        code,
        pk,
        model=ResponseTemplate,
        form_class=ResponseTemplateForm,
        template="office/template_edit.html",
        done="office:templates",
        message=_("Templat tanggapan disimpan."),
    )


@require_POST
@staff_view
def template_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _delete_item(
        request,
        code,
        pk,
        model=ResponseTemplate,
        done="office:templates",
        message=lambda item: _("Templat %(title)s dihapus.") % {"title": item.title},
    )


@staff_view
def webhooks(request: HttpRequest, code: str) -> HttpResponse:
    institution = managed(request, code)
    form = WebhookForm(request.POST if request.method == "POST" else None, institution=institution)
    if request.method == "POST" and form.is_valid():
        endpoint = form.save()
        messages.success(request, _("Webhook disimpan. Salin rahasianya ke sistem penerima."))
        return redirect("office:webhook", code=code, pk=endpoint.pk)
    return render_office(
        request,
        "office/webhooks.html",
        {
            "institution": institution,
            "items": WebhookEndpoint.objects.filter(institution=institution),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@staff_view
def webhook_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _edit_item(
        request,
        code,
        pk,
        model=WebhookEndpoint,
        form_class=WebhookForm,
        template="office/webhook_edit.html",
        done="office:webhooks",
        message=_("Webhook disimpan."),
    )


@require_POST
@staff_view
def webhook_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _delete_item(
        request,
        code,
        pk,
        model=WebhookEndpoint,
        done="office:webhooks",
        message=lambda item: _("Webhook %(url)s dihapus.") % {"url": item.url},
    )
