"""Calendar overrides and the per-leg clocks of each report."""

from __future__ import annotations

from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from lapor.directory.models import Institution, Region, WorkUnit


class CalendarOverride(models.Model):
    """An admin's correction to the `holidays` calendar: a new cuti bersama decree, a date that
    is a working day after all, or a regional holiday for one province's institutions."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Hari libur")
        WORKING_DAY = "working_day", _("Hari kerja")

    date = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    province = models.ForeignKey(
        Region,
        models.CASCADE,
        null=True,
        blank=True,
        limit_choices_to={"level": 1},
        related_name="+",
        verbose_name=_("provinsi (kosong = nasional)"),
    )
    name = models.CharField(_("nama / dasar hukum"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("koreksi kalender")
        verbose_name_plural = _("koreksi kalender")
        constraints = [
            # COALESCE: one row per day nationally too (NULLs would otherwise be distinct).
            models.UniqueConstraint(
                "date",
                Coalesce("province", Value("")),
                name="one_override_per_day_and_scope",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class Leg(models.Model):
    """One clock of one report (see the leg table in DOMAIN.md), attributable to its holder."""

    class Holder(models.TextChoices):
        NATIONAL = "national", _("Admin nasional")
        INSTITUTION = "institution", _("Instansi")
        REPORTER = "reporter", _("Pelapor")
        OMBUDSMAN = "ombudsman", _("Ombudsman")

    class Outcome(models.TextChoices):
        MET = "met", _("Tepat waktu")
        MISSED = "missed", _("Terlambat")
        RETURNED = "returned", _("Dikembalikan")
        FORWARDED = "forwarded", _("Diteruskan")
        CANCELLED = "cancelled", _("Dibatalkan")

    report = models.ForeignKey("reports.Report", models.CASCADE, related_name="legs")
    name = models.CharField(_("tahap"), max_length=20)
    holder = models.CharField(_("pemegang"), max_length=12, choices=Holder.choices)
    institution = models.ForeignKey(
        Institution, models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(WorkUnit, models.SET_NULL, null=True, blank=True, related_name="+")
    length = models.PositiveSmallIntegerField(_("lama"))
    unit_of_time = models.CharField(max_length=10, default="working")
    timezone = models.CharField(max_length=40, default="Asia/Jakarta")
    started_at = models.DateTimeField(_("mulai"))
    due_at = models.DateTimeField(_("batas waktu"))
    paused_at = models.DateTimeField(_("dijeda sejak"), null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(_("lama jeda (detik)"), default=0)
    remaining_days = models.PositiveSmallIntegerField(null=True, blank=True)
    stopped_at = models.DateTimeField(_("berhenti"), null=True, blank=True)
    outcome = models.CharField(_("hasil"), max_length=10, choices=Outcome.choices, blank=True)
    missed = models.BooleanField(_("lewat batas"), default=False)
    escalation_level = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["started_at", "id"]
        verbose_name = _("tahap batas waktu")
        verbose_name_plural = _("tahap batas waktu")
        indexes = [
            models.Index(
                fields=["name", "due_at"],
                name="leg_running_due",
                condition=models.Q(stopped_at__isnull=True, paused_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.name} → {self.due_at:%Y-%m-%d}"

    @property
    def running(self) -> bool:
        return self.stopped_at is None and self.paused_at is None

    @property
    def met(self) -> bool | None:
        if self.stopped_at is None:
            return None
        return self.outcome == self.Outcome.MET
