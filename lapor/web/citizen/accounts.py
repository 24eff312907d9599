"""Citizen accounts: register, log in and out, reset a forgotten password (Django's auth views
with the site's templates), and "my reports"."""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from lapor.reports import lifecycle
from lapor.reports.models import Report
from lapor.web.citizen.forms import LoginForm, RegisterForm


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("citizen:my_reports")


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponseBase:
    if request.user.is_authenticated:
        return redirect(_next(request))
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(_next(request))
    return render(request, "citizen/account/register.html", {"form": form, "next": _next(request)})


login_view = auth_views.LoginView.as_view(
    template_name="citizen/account/login.html",
    authentication_form=LoginForm,
    redirect_authenticated_user=True,
)

logout_view = auth_views.LogoutView.as_view(next_page=reverse_lazy("citizen:home"))

password_reset = auth_views.PasswordResetView.as_view(
    template_name="citizen/account/password_reset_form.html",
    email_template_name="citizen/account/password_reset_email.txt",
    subject_template_name="citizen/account/password_reset_subject.txt",
    success_url=reverse_lazy("citizen:password_reset_done"),
)

password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="citizen/account/password_reset_done.html"
)


@require_GET
@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    """The reports this account filed (reporter = user)."""
    qs = (
        Report.objects.filter(reporter_id=request.user.pk)
        .select_related("institution")
        .order_by("-created_at", "-id")
    )
    page = Paginator(qs, 20).get_page(request.GET.get("halaman"))
    rows = [
        {
            "report": r,
            "status_label": lifecycle.Status(r.status).label,
            "status_kind": lifecycle.kind_of(r.status).value,
        }
        for r in page.object_list
    ]
    return render(request, "citizen/account/my_reports.html", {"page": page, "rows": rows})
