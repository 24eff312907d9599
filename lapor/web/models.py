"""Back-office data of the web app: canned responses per institution and staff 2FA settings.

Report state never lives here: reports change only through `lapor.reports.actions`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ResponseTemplate(models.Model):
    """A canned response (templat tanggapan) an institution's officers start a follow-up from."""

    institution = models.ForeignKey(
        "directory.Institution",
        models.CASCADE,
        related_name="response_templates",
        verbose_name=_("instansi"),
    )
    title = models.CharField(_("judul templat"), max_length=120)
    text = models.TextField(_("isi tanggapan"), max_length=10_000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        ordering = ["institution", "title"]
        verbose_name = _("templat tanggapan")
        verbose_name_plural = _("templat tanggapan")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "title"], name="response_template_title_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title


class StaffSecurity(models.Model):
    """A staff member's optional second factor (TOTP, RFC 6238). `last_counter` is the last
    time step accepted, so a code cannot be used twice (claimed with a conditional UPDATE)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="staff_security",
        verbose_name=_("pengguna"),
    )
    totp_secret = models.CharField(_("rahasia TOTP"), max_length=64, blank=True)
    totp_enabled = models.BooleanField(_("verifikasi dua langkah aktif"), default=False)
    totp_enabled_at = models.DateTimeField(_("diaktifkan"), null=True, blank=True)
    last_counter = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("keamanan akun staf")
        verbose_name_plural = _("keamanan akun staf")

    def __str__(self) -> str:
        return f"{self.user} · {'2FA' if self.totp_enabled else '-'}"
