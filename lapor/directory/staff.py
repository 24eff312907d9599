"""Staff accounts and their roles (services; the CLI, admin and back office call these)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from lapor.directory.models import Institution, StaffRole, WorkUnit, validate_role_scope


def staff_add(
    *,
    username: str,
    role: str,
    institution: Institution | None = None,
    unit: WorkUnit | None = None,
    email: str = "",
) -> tuple[AbstractBaseUser, StaffRole, str]:
    """Create the user if new, give them the role (idempotent) and return their API token key."""
    if unit is not None and institution is None:
        institution = unit.institution
    validate_role_scope(role, institution, unit)
    User = get_user_model()
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username, defaults={"email": email})
        if created:
            user.set_unusable_password()
            user.save()
        elif email and not user.email:
            user.email = email
            user.save(update_fields=["email"])
        staff_role, _created = StaffRole.objects.get_or_create(
            user=user, role=role, institution=institution, unit=unit
        )
        token, _t = Token.objects.get_or_create(user=user)
    if email:
        send_set_password_link(user)
    return user, staff_role, token.key


def set_password_url(user: Any) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("password_reset_confirm", args=[uid, token])


def send_set_password_link(user: AbstractBaseUser) -> None:
    email = getattr(user, "email", "")
    if not email:
        raise ValidationError(_("Pengguna ini belum punya alamat e-mail."))
    send_mail(
        _("Akun LAPOR! Anda"),
        _(
            "Anda telah didaftarkan sebagai staf LAPOR!. Buat kata sandi Anda melalui tautan ini "
            "(berlaku %(days)s hari):\n\n%(url)s\n"
        )
        % {"days": settings.PASSWORD_RESET_TIMEOUT // 86400, "url": set_password_url(user)},
        None,
        [email],
    )
