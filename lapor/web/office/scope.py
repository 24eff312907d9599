"""Who may use which part of the back office, the queues each role works, and the page frame
(navigation with counts) every office page is rendered in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lapor.directory.access import is_national_admin, roles_of
from lapor.directory.models import Institution, Role
from lapor.reports.access import staff_reports
from lapor.reports.lifecycle import Status
from lapor.reports.models import Report
from lapor.web.office import totp

SESSION_2FA_OK = "office_2fa_user"  # the user id whose second factor this session proved
SESSION_2FA_PENDING = "office_2fa_pending"


@dataclass(frozen=True)
class Queue:
    slug: str
    title: Promise
    description: Promise
    role: str | None  # the directory role needed; None: any staff member (their whole scope)
    statuses: tuple[str, ...] = ()
    ordering: str = "due_at"
    bulk: tuple[str, ...] = field(default_factory=tuple)


QUEUES: dict[str, Queue] = {
    q.slug: q
    for q in (
        Queue(
            "verifikasi",
            _("Antrean verifikasi"),
            _("Laporan baru dan yang ditunda, terlama di atas. Batas verifikasi 3 hari kerja."),
            Role.NATIONAL_ADMIN,
            (Status.UNVERIFIED, Status.ON_HOLD),
            ordering="created_at",
        ),
        Queue(
            "instansi",
            _("Kotak masuk instansi"),
            _(
                "Laporan yang didisposisikan ke instansi Anda: terima, kembalikan, teruskan, "
                "atau disposisikan ke unit kerja."
            ),
            Role.INSTITUTION_ADMIN,
            (Status.DISPOSED, Status.IN_PROGRESS),
            bulk=("accept", "assign"),
        ),
        Queue(
            "unit",
            _("Daftar kerja unit"),
            _("Laporan yang harus ditindaklanjuti unit kerja Anda."),
            Role.UNIT_OFFICER,
            (Status.ASSIGNED, Status.INFO_REQUESTED),
        ),
        Queue(
            "ombudsman",
            _("Rujukan Ombudsman"),
            _("Laporan yang dirujuk ke Ombudsman RI."),
            Role.OMBUDSMAN,
            (Status.REFERRED,),
            ordering="created_at",
        ),
        Queue(
            "semua",
            _("Semua laporan"),
            _("Semua laporan dalam lingkup tugas Anda, termasuk yang sudah selesai."),
            None,
            ordering="-created_at",
        ),
    )
}


def has_role(user: Any, role: str) -> bool:
    return any(r.role == role for r in roles_of(user))


def admin_institution_ids(user: Any) -> set[int]:
    return {
        r.institution_id
        for r in roles_of(user)
        if r.role == Role.INSTITUTION_ADMIN and r.institution_id
    }


def officer_unit_ids(user: Any) -> set[int]:
    return {r.unit_id for r in roles_of(user) if r.role == Role.UNIT_OFFICER and r.unit_id}


def queues_for(user: Any) -> list[Queue]:
    return [q for q in QUEUES.values() if q.role is None or has_role(user, q.role)]


def queue_reports(user: Any, queue: Queue) -> QuerySet[Report]:
    """The queue's reports, always inside the staff member's scope (`staff_reports`)."""
    qs = staff_reports(user)
    if queue.statuses:
        qs = qs.filter(status__in=queue.statuses)
    if queue.slug == "instansi":
        qs = qs.filter(institution_id__in=admin_institution_ids(user))
    elif queue.slug == "unit":
        qs = qs.filter(unit_id__in=officer_unit_ids(user))
    return qs


def managed_institutions(user: Any) -> QuerySet[Institution]:
    """Institutions whose settings the user may open directly (the national admin may open
    any through the search on the settings page)."""
    return Institution.objects.filter(pk__in=admin_institution_ids(user)).order_by("name")


def nav_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    now = timezone.now()
    items = []
    for queue in queues_for(user):
        qs = queue_reports(user, queue)
        count = qs.count()
        overdue = qs.filter(due_at__lt=now).count() if queue.statuses else 0
        items.append(
            {
                "queue": queue,
                "url": reverse("office:queue", args=[queue.slug]),
                "count": count,
                "overdue": overdue,
            }
        )
    return {
        "office_nav": items,
        "office_roles": roles_of(user),
        "office_is_national": is_national_admin(user),
        "office_settings": bool(admin_institution_ids(user)) or is_national_admin(user),
        "office_2fa": totp.requires_code(user),
    }


def render_office(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    return render(request, template, {**nav_context(request), **(context or {})}, status=status)


def forbidden(request: HttpRequest, message: Any = None) -> HttpResponse:
    return render_office(
        request,
        "office/forbidden.html",
        {"message": message or _("Halaman ini bukan untuk peran Anda.")},
        status=403,
    )


def staff_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in, holding a staff role, and past the second step when 2FA is on."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            if getattr(request, "htmx", False):
                # The page keeps what the user typed; office.js tells them to log in again.
                return HttpResponse(status=401)
            return redirect_to_login(request.get_full_path(), reverse("office:login"))
        if not roles_of(user):
            return render(
                request,
                "office/forbidden.html",
                {"message": _("Akun ini bukan akun petugas LAPOR!."), "office_nav": []},
                status=403,
            )
        if totp.requires_code(user) and request.session.get(SESSION_2FA_OK) != user.pk:
            if getattr(request, "htmx", False):
                return HttpResponse(status=401)
            request.session[SESSION_2FA_PENDING] = {
                "uid": user.pk,
                "at": timezone.now().timestamp(),
                "next": request.get_full_path(),
                "tries": 0,
            }
            return redirect("office:login_code")
        return view(request, *args, **kwargs)

    return wrapper
