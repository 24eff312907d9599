"""Time-based one-time codes (RFC 6238, via pyotp) for the optional second login step.

A code is accepted for the current 30-second step and one step either side (phone clocks
drift), and only once: the accepted step is claimed with a conditional UPDATE, so a replayed
code, or the same code sent twice at once, fails."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyotp
from django.utils import timezone

from lapor.web.models import StaffSecurity

ISSUER = "LAPOR!"
DIGITS = 6
WINDOW = 1  # steps either side of now

try:  # a QR code when the optional `segno` package is installed; the typed secret otherwise
    import segno
except ImportError:  # pragma: no cover - depends on the environment
    segno = None  # type: ignore[assignment]


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_svg(uri: str) -> str | None:
    """An inline SVG QR code of the provisioning URI, or None without `segno`."""
    if segno is None:
        return None
    return str(segno.make(uri, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff"))


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an authenticator app."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def normalise(code: Any) -> str:
    return "".join(ch for ch in str(code or "") if ch.isdigit())


def matching_counter(secret: str, code: Any, now: dt.datetime | None = None) -> int | None:
    """The time step `code` belongs to (within the window), or None."""
    code = normalise(code)
    if len(code) != DIGITS or not secret:
        return None
    try:
        totp = pyotp.TOTP(secret, digits=DIGITS)
    except ValueError:  # a damaged or too short secret: no code can match it
        return None
    moment = now or timezone.now()
    current = totp.timecode(moment)
    for counter in range(current - WINDOW, current + WINDOW + 1):
        if pyotp.utils.strings_equal(code, totp.generate_otp(counter)):
            return counter
    return None


def verify(security: StaffSecurity, code: Any, now: dt.datetime | None = None) -> bool:
    """True once per code for an enabled second factor; claims the step so it cannot be reused."""
    if not security.totp_enabled:
        return False
    counter = matching_counter(security.totp_secret, code, now)
    if counter is None:
        return False
    claimed = StaffSecurity.objects.filter(pk=security.pk, last_counter__lt=counter).update(
        last_counter=counter
    )
    return claimed == 1


def security_of(user: Any) -> StaffSecurity | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return StaffSecurity.objects.filter(user=user).first()


def requires_code(user: Any) -> bool:
    security = security_of(user)
    return bool(security and security.totp_enabled)


def enable(user: Any, secret: str, code: Any, now: dt.datetime | None = None) -> bool:
    """Switch 2FA on once the user proved their app produces codes for `secret`."""
    counter = matching_counter(secret, code, now)
    if counter is None:
        return False
    StaffSecurity.objects.update_or_create(
        user=user,
        defaults={
            "totp_secret": secret,
            "totp_enabled": True,
            "totp_enabled_at": now or timezone.now(),
            "last_counter": counter,
        },
    )
    return True


def disable(user: Any) -> None:
    StaffSecurity.objects.filter(user=user).update(
        totp_enabled=False, totp_secret="", totp_enabled_at=None
    )
