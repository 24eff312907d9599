"""The outbox: side effects written in the same transaction as the event that causes them.

Also the two tables notifications need: institutions' webhook endpoints, and the record of
which daily digests were already sent (so the digest job is safe to run twice)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Outbox(models.Model):
    """One side effect to perform after commit (a notification fan-out for an event, ...).

    Workers claim rows with a conditional UPDATE, so any number may run at once; a crash after
    commit loses nothing because the row is still here."""

    kind = models.CharField(max_length=40)
    event = models.ForeignKey(
        "reports.Event", models.CASCADE, null=True, blank=True, related_name="outbox"
    )
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    available_at = models.DateTimeField(db_index=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True, db_index=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["done_at", "available_at"], name="outbox_pending")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class WebhookEndpoint(models.Model):
    """An institution's own system (a regional complaint system, a ticketing tool) that is told
    of every event of the reports it holds, signed with the shared secret."""

    institution = models.ForeignKey(
        "directory.Institution", models.CASCADE, related_name="webhooks", verbose_name=_("instansi")
    )
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(_("rahasia penanda tangan"), max_length=200)
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["institution", "id"]
        verbose_name = _("webhook instansi")
        verbose_name_plural = _("webhook instansi")

    def __str__(self) -> str:
        return f"{self.institution_id} → {self.url}"


class DigestSent(models.Model):
    """One row per staff member and day: the daily digest job skips anyone already recorded,
    so running it twice (or on two workers) sends one e-mail."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    date = models.DateField()
    items = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="digest_once_per_user_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.date}"
