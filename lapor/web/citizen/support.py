"""Dukung: a citizen supports a public report, once per account or once per device."""

from __future__ import annotations

import secrets
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponseBase

from lapor.reports.models import Support

DEVICE_COOKIE = "lapor_device"
DEVICE_COOKIE_AGE = 2 * 365 * 24 * 3600


def device_of(request: HttpRequest) -> str:
    value = request.COOKIES.get(DEVICE_COOKIE, "")
    return (
        value
        if 16 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum()
        else ""
    )


def new_device() -> str:
    return secrets.token_urlsafe(24)


def set_device_cookie(response: HttpResponseBase, device: str, *, secure: bool) -> None:
    response.set_cookie(
        DEVICE_COOKIE,
        device,
        max_age=DEVICE_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=secure,
    )


def supported_ids(report_ids: list[int], *, user: Any = None, device: str = "") -> set[int]:
    """Which of these reports this account or device has already supported."""
    who = Q(pk__in=[])
    if user is not None:
        who |= Q(user=user)
    if device:
        who |= Q(device=device)
    return set(
        Support.objects.filter(who, report_id__in=report_ids).values_list("report_id", flat=True)
    )
