"""National admin pages: create an institution's admin (with an invitation e-mail)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from lapor.directory.access import is_national_admin
from lapor.directory.models import Institution, Role, StaffRole
from lapor.directory.staff import staff_add
from lapor.web.office.forms import NationalAdminForm
from lapor.web.office.scope import forbidden, render_office, staff_view


@staff_view
def institution_admins(request: HttpRequest) -> HttpResponse:
    if not is_national_admin(request.user):
        return forbidden(request, _("Hanya admin nasional yang dapat membuat admin instansi."))
    form = NationalAdminForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        institution = Institution.objects.get(code=data["institution"])
        try:
            user, _role, _token = staff_add(
                username=data["username"],
                role=Role.INSTITUTION_ADMIN,
                institution=institution,
                email=data["email"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(user)s kini admin %(institution)s. Undangan dikirim ke %(email)s.")
                % {
                    "user": user.get_username(),
                    "institution": institution.name,
                    "email": getattr(user, "email", ""),
                },
            )
            return redirect("office:national_admins")
    recent = (
        StaffRole.objects.filter(role=Role.INSTITUTION_ADMIN)
        .select_related("user", "institution")
        .order_by("-created_at", "-id")[:30]
    )
    return render_office(
        request,
        "office/national_admins.html",
        {"form": form, "recent": recent},
        status=400 if form.errors else 200,
    )
