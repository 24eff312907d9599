"""Dukung: support for a public report, once per account or (for guests) once per device.
Used by the API and the citizen site alike. Not a lifecycle action: no status changes."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from lapor.reports.models import Report, Support


def support_report(report: Report, *, user: Any = None, device: str = "") -> bool:
    """Record one support; False when this account (or this device) already supported it."""
    if user is None and not device:
        raise ValueError("a guest's support needs a device token")
    try:
        with transaction.atomic():
            Support.objects.create(report=report, user=user, device="" if user else device)
            Report.objects.filter(pk=report.pk).update(support_count=F("support_count") + 1)
    except IntegrityError:
        return False
    return True
