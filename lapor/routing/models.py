"""Learned routing model versions and the per-category auto-disposition switches."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lapor.directory.models import Category


class RoutingModel(models.Model):
    """One trained version. The file lives in LAPOR_ROUTING_MODEL_DIR as routing-v<version>.npz;
    the newest active row is the one every process uses."""

    version = models.PositiveIntegerField(_("versi"), unique=True)
    created_at = models.DateTimeField(_("dilatih pada"))
    reports = models.PositiveIntegerField(_("jumlah laporan latih"))
    labels = models.PositiveIntegerField(_("jumlah instansi/unit"))
    seconds = models.FloatField(_("lama pelatihan (detik)"))
    sha256 = models.CharField(max_length=64)
    metrics = models.JSONField(_("mutu pada data uji"), default=dict, blank=True)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("model saran penerusan")
        verbose_name_plural = _("model saran penerusan")

    def __str__(self) -> str:
        return f"v{self.version}"


class AutoDispose(models.Model):
    """Auto-disposition switched on for one category, above a minimum confidence."""

    category = models.OneToOneField(
        Category, models.CASCADE, related_name="auto_dispose", verbose_name=_("kategori")
    )
    min_confidence = models.FloatField(
        _("keyakinan minimal"),
        validators=[MinValueValidator(0.5), MaxValueValidator(1.0)],
        help_text=_("Antara 0,5 dan 1,0; disarankan 0,9 atau lebih."),
    )
    enabled = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("disposisi otomatis")
        verbose_name_plural = _("disposisi otomatis")

    def __str__(self) -> str:
        return f"{self.category.slug} ≥ {self.min_confidence:.2f}"
