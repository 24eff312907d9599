"""Staff login (password, then a one-time code when the user switched 2FA on), logout, and the
security page where a staff member switches 2FA on or off."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from lapor.directory.access import roles_of
from lapor.web.office import totp
from lapor.web.office.scope import (
    SESSION_2FA_OK,
    SESSION_2FA_PENDING,
    render_office,
    staff_view,
)

PENDING_SECONDS = 300
MAX_CODE_TRIES = 5
SESSION_SETUP = "office_totp_setup"


class StaffLoginForm(AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = gettext_lazy("Nama pengguna")
        self.fields["password"].label = gettext_lazy("Kata sandi")
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode 6 angka dari aplikasi autentikator"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )


def _safe_next(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse("office:dashboard")


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if (
        request.method == "GET"
        and request.user.is_authenticated
        and roles_of(request.user)
        and (
            not totp.requires_code(request.user)
            or request.session.get(SESSION_2FA_OK) == request.user.pk
        )
    ):
        return redirect(_safe_next(request, next_url))
    form = StaffLoginForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if not roles_of(user):
            form.add_error(
                None, _("Akun ini bukan akun petugas. Warga masuk melalui halaman utama.")
            )
        elif totp.requires_code(user):
            request.session[SESSION_2FA_PENDING] = {
                "uid": user.pk,
                "backend": getattr(user, "backend", ""),
                "at": timezone.now().timestamp(),
                "next": next_url,
                "tries": 0,
            }
            return redirect("office:login_code")
        else:
            login(request, user)
            return redirect(_safe_next(request, next_url))
    return render(request, "office/login.html", {"form": form, "next": next_url})


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_code_view(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(SESSION_2FA_PENDING)
    if not pending or timezone.now().timestamp() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(SESSION_2FA_PENDING, None)
        messages.warning(request, _("Waktu memasukkan kode habis. Silakan masuk lagi."))
        return redirect("office:login")
    user = get_user_model().objects.filter(pk=pending["uid"], is_active=True).first()
    security = totp.security_of(user) if user else None
    if user is None or security is None or not security.totp_enabled:
        request.session.pop(SESSION_2FA_PENDING, None)
        return redirect("office:login")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if totp.verify(security, form.cleaned_data["code"]):
            request.session.pop(SESSION_2FA_PENDING, None)
            if not (request.user.is_authenticated and request.user.pk == user.pk):
                login(request, user, backend=pending.get("backend") or None)
            request.session[SESSION_2FA_OK] = user.pk
            return redirect(_safe_next(request, pending.get("next")))
        pending["tries"] = pending.get("tries", 0) + 1
        if pending["tries"] >= MAX_CODE_TRIES:
            request.session.pop(SESSION_2FA_PENDING, None)
            if request.user.is_authenticated:
                logout(request)
            messages.error(request, _("Terlalu banyak kode salah. Silakan masuk lagi."))
            return redirect("office:login")
        request.session[SESSION_2FA_PENDING] = pending
        form.add_error("code", _("Kode salah atau sudah dipakai. Tunggu kode berikutnya."))
    return render(request, "office/login_code.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("Anda sudah keluar."))
    return redirect("office:login")


class EnableForm(CodeForm):
    pass


class DisableForm(CodeForm):
    pass


@staff_view
@sensitive_post_parameters("code")
def security_view(request: HttpRequest) -> HttpResponse:
    """Switch 2FA on (scan or type the secret, confirm a code) or off (confirm a code)."""
    user = request.user
    security = totp.security_of(user)
    enabled = bool(security and security.totp_enabled)
    if enabled:
        form: CodeForm = DisableForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            assert security is not None
            if totp.verify(security, form.cleaned_data["code"]):
                totp.disable(user)
                request.session.pop(SESSION_2FA_OK, None)
                messages.success(request, _("Verifikasi dua langkah dimatikan."))
                return redirect("office:security")
            form.add_error("code", _("Kode salah atau sudah dipakai."))
        return render_office(request, "office/security.html", {"enabled": True, "form": form})
    secret = request.session.get(SESSION_SETUP)
    if not secret or request.method == "GET":
        secret = totp.new_secret()
        request.session[SESSION_SETUP] = secret
    form = EnableForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if totp.enable(user, secret, form.cleaned_data["code"]):
            request.session.pop(SESSION_SETUP, None)
            request.session[SESSION_2FA_OK] = user.pk
            messages.success(
                request,
                _("Verifikasi dua langkah aktif. Mulai sekarang Anda diminta kode setiap masuk."),
            )
            return redirect("office:security")
        form.add_error("code", _("Kode tidak cocok. Periksa jam ponsel Anda dan coba lagi."))
    uri = totp.provisioning_uri(secret, user.get_username())
    return render_office(
        request,
        "office/security.html",
        {
            "enabled": False,
            "form": form,
            "secret": totp.grouped(secret),
            "uri": uri,
            "qr": totp.qr_svg(uri),
        },
    )
