"""The report (laporan), its append-only events, attachments and supports."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from lapor.directory.models import Category, Institution, Region, WorkUnit
from lapor.reports.lifecycle import Channel, ReportType, Status

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: easy to read aloud and type on a phone.
TRACKING_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
TRACKING_LENGTH = 8


def new_tracking_id() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


class Report(models.Model):
    tracking_id = models.CharField(
        _("nomor pelacakan"), max_length=12, unique=True, default=new_tracking_id
    )
    type = models.CharField(_("klasifikasi"), max_length=30, choices=ReportType.choices)
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi laporan"))
    original_title = models.CharField(_("judul asli"), max_length=200, blank=True)
    original_body = models.TextField(_("isi asli sebelum disamarkan"), blank=True)
    occurred_on = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    region = models.ForeignKey(
        Region, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("wilayah")
    )
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    lat = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)
    category = models.ForeignKey(
        Category,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kategori"),
    )
    target_institution = models.ForeignKey(
        Institution,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instansi tujuan"),
    )
    anonymous = models.BooleanField(_("anonim"), default=False)
    confidential = models.BooleanField(_("rahasia"), default=False)
    channel = models.CharField(
        _("kanal"), max_length=20, choices=Channel.choices, default=Channel.WEB
    )
    language = models.CharField(_("bahasa"), max_length=5, default="id")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    reporter_name = models.CharField(_("nama pelapor"), max_length=120, blank=True)
    reporter_email = models.EmailField(_("e-mail pelapor"), blank=True)
    reporter_phone = models.CharField(_("telepon pelapor"), max_length=20, blank=True)
    reporter_ip = models.GenericIPAddressField(_("alamat IP pelapor"), null=True, blank=True)
    reporter_token_hash = models.CharField(max_length=64, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNVERIFIED
    )
    institution = models.ForeignKey(
        Institution,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("instansi"),
    )
    unit = models.ForeignKey(
        WorkUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("unit kerja"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplikat dari"),
    )
    tier = models.PositiveSmallIntegerField(_("tingkat penyelesaian (hari kerja)"), default=5)
    pii_flags = models.JSONField(_("dugaan data pribadi"), default=list, blank=True)
    ombudsman_consent = models.BooleanField(_("setuju dirujuk ke Ombudsman"), default=False)
    auto_closed = models.BooleanField(_("ditutup otomatis"), default=False)
    referred_at = models.DateTimeField(_("dirujuk ke Ombudsman"), null=True, blank=True)
    support_count = models.PositiveIntegerField(_("dukungan"), default=0)
    # Denormalised from the running legs (lapor.deadlines.legs keeps them right) for queues.
    current_leg = models.CharField(_("tahap berjalan"), max_length=20, blank=True)
    due_at = models.DateTimeField(_("batas waktu"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("dibuat"), db_index=True)
    updated_at = models.DateTimeField(_("diubah"))
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["institution", "status"]),
            models.Index(fields=["unit", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_id} · {self.title}"


class Holding(models.Model):
    """Every institution (and unit) that has held the report: officers keep read access to
    reports formerly at their institution or unit."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="holdings")
    institution = models.ForeignKey(Institution, models.CASCADE, related_name="+")
    unit = models.ForeignKey(WorkUnit, models.CASCADE, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "report",
                "institution",
                Coalesce("unit", Value(0)),
                name="holding_unique",
            )
        ]
        indexes = [
            models.Index(fields=["institution", "report"]),
            models.Index(fields=["unit", "report"]),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} @ {self.institution_id}/{self.unit_id}"


class Event(models.Model):
    """Append-only: one row per action, who did it, from and to which status, and whether the
    reporter sees it."""

    report = models.ForeignKey(Report, models.PROTECT, related_name="events")
    action = models.CharField(_("tindakan"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_role = models.CharField(_("peran"), max_length=30)
    from_status = models.CharField(_("dari status"), max_length=20, blank=True)
    to_status = models.CharField(_("ke status"), max_length=20)
    reason = models.CharField(_("alasan"), max_length=40, blank=True)
    text = models.TextField(_("teks"), blank=True)
    internal = models.BooleanField(_("catatan internal"), default=False)
    visible_to_reporter = models.BooleanField(_("terlihat pelapor"), default=True)
    automatic = models.BooleanField(_("otomatis"), default=False)
    institution = models.ForeignKey(
        Institution, models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(WorkUnit, models.PROTECT, null=True, blank=True, related_name="+")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("waktu"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("peristiwa")
        verbose_name_plural = _("peristiwa")

    def __str__(self) -> str:
        return f"{self.report_id}: {self.action} {self.from_status}→{self.to_status}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise RuntimeError("Events are append-only")
        super().save(*args, **kwargs)


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.report.tracking_id}/{secrets.token_hex(16)}"


class Attachment(models.Model):
    report = models.ForeignKey(Report, models.CASCADE, related_name="attachments")
    event = models.ForeignKey(
        Event, models.SET_NULL, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(_("nama file"), max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    from_reporter = models.BooleanField(default=True)
    visible_to_reporter = models.BooleanField(default=True)
    hidden = models.BooleanField(_("disembunyikan (data pribadi)"), default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name


class Support(models.Model):
    """A "dukung" on a public report: one per account, or one per device token."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True)
    device = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], name="support_one_per_user"),
            models.UniqueConstraint(
                fields=["report", "device"],
                name="support_one_per_device",
                condition=~models.Q(device=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} +1"
