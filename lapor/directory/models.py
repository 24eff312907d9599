"""Who is responsible for what: regions, institutions and their work units, topics, staff roles."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
# Time zone of each province by Kemendagri code (UU/Keppres 41/1987 zones).
_WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96"}


def province_timezone(code: str) -> str:
    province = code.split(".")[0]
    if province in _WIT_PROVINCES:
        return WIT
    if province in _WITA_PROVINCES:
        return WITA
    return WIB


class Region(models.Model):
    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Provinsi")
        REGENCY = 2, _("Kabupaten/Kota")
        DISTRICT = 3, _("Kecamatan")

    class Kind(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        KECAMATAN = "kecamatan", _("Kecamatan")

    code = models.CharField(_("kode Kemendagri"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        indexes = [models.Index(fields=["parent", "code"])]

    def __str__(self) -> str:
        return self.name

    @property
    def province_code(self) -> str:
        return self.code.split(".")[0]

    @property
    def timezone(self) -> str:
        return province_timezone(self.code)


class InstitutionKind(models.TextChoices):
    KEMENTERIAN = "kementerian", _("Kementerian")
    KEMENKO = "kementerian_koordinator", _("Kementerian koordinator")
    LPNK = "lpnk", _("Lembaga pemerintah non-kementerian")
    LNS = "lns", _("Lembaga non-struktural")
    PEMPROV = "pemerintah_provinsi", _("Pemerintah provinsi")
    PEMKAB = "pemerintah_kabupaten", _("Pemerintah kabupaten")
    PEMKOT = "pemerintah_kota", _("Pemerintah kota")
    BUMN = "bumn", _("BUMN")
    BPJS = "bpjs", _("BPJS")
    LAINNYA = "lainnya", _("Lainnya")


REGIONAL_KINDS = (InstitutionKind.PEMPROV, InstitutionKind.PEMKAB, InstitutionKind.PEMKOT)


class InstitutionQuerySet(models.QuerySet["Institution"]):
    def government_of(self, region_code: str) -> Institution:
        """The regional government of a province or regency/city, by Kemendagri code."""
        return self.get(region_id=region_code, kind__in=[k.value for k in REGIONAL_KINDS])

    def active(self, on: dt.date | None = None) -> InstitutionQuerySet:
        from django.utils import timezone

        day = on or timezone.localdate()
        return self.filter(
            models.Q(active_from__isnull=True) | models.Q(active_from__lte=day),
            models.Q(active_to__isnull=True) | models.Q(active_to__gte=day),
        )


class Institution(models.Model):
    """A body that answers complaints as a whole (K/L/D, BUMN, BPJS)."""

    code = models.SlugField(_("kode"), max_length=80, unique=True)
    name = models.CharField(_("nama resmi"), max_length=200)
    acronym = models.CharField(_("singkatan"), max_length=40, blank=True)
    kind = models.CharField(_("jenis"), max_length=30, choices=InstitutionKind.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="overseen",
        verbose_name=_("induk pengawasan"),
    )
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="institutions",
        verbose_name=_("wilayah"),
    )
    active_from = models.DateField(_("aktif sejak"), null=True, blank=True)
    active_to = models.DateField(_("aktif sampai"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        verbose_name=_("penerus"),
    )
    pilot = models.BooleanField(_("daerah percontohan"), default=False)
    partner = models.BooleanField(_("instansi mitra pengelola"), default=False)
    aliases = models.JSONField(_("nama lain"), default=list, blank=True)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.name

    def is_active(self, on: dt.date | None = None) -> bool:
        from django.utils import timezone

        day = on or timezone.localdate()
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or self.active_to >= day
        )

    def resolve(self, on: dt.date | None = None) -> list[Institution]:
        """The active institutions this one stands for: itself, or its successors' successors."""
        found: list[Institution] = []
        seen: set[int] = set()
        stack = [self]
        while stack:
            current = stack.pop(0)
            if current.pk in seen:
                continue
            seen.add(current.pk)
            if current.is_active(on):
                found.append(current)
            else:
                stack.extend(current.successors.order_by("name"))
        return found

    @property
    def timezone_name(self) -> str:
        return self.region.timezone if self.region_id and self.region else WIB

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone_name)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class WorkUnit(models.Model):
    """A unit inside an institution (Direktorat Jenderal, Dinas, branch office): a tree."""

    institution = models.ForeignKey(
        Institution, models.CASCADE, related_name="units", verbose_name=_("instansi")
    )
    code = models.SlugField(_("kode"), max_length=80)
    name = models.CharField(_("nama"), max_length=200)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
    )
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("wilayah"),
    )
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["institution", "name"]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "code"], name="unit_code_unique_in_institution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.institution.name}"

    def clean(self) -> None:
        if self.parent_id and self.parent and self.parent.institution_id != self.institution_id:
            raise ValidationError({"parent": _("Unit induk harus berada di instansi yang sama.")})
        node = self.parent
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError(
                    {"parent": _("Unit tidak boleh menjadi induk dirinya sendiri.")}
                )
            node = node.parent


class Category(models.Model):
    """A LAPOR! topic (kategori) with an optional default institution kind."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
    )
    institution_kind = models.CharField(
        _("jenis instansi bawaan"), max_length=30, choices=InstitutionKind.choices, blank=True
    )
    position = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("Admin nasional")
    INSTITUTION_ADMIN = "institution_admin", _("Admin instansi")
    UNIT_OFFICER = "unit_officer", _("Petugas unit kerja")
    SUPERVISOR = "supervisor", _("Pengawas")
    OMBUDSMAN = "ombudsman", _("Auditor Ombudsman")


class StaffRole(models.Model):
    """One role a person holds, scoped to an institution or a unit; a person may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="staff_roles",
        verbose_name=_("pengguna"),
    )
    role = models.CharField(_("peran"), max_length=30, choices=Role.choices)
    institution = models.ForeignKey(
        Institution,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("instansi"),
    )
    unit = models.ForeignKey(
        WorkUnit,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("unit kerja"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("peran staf")
        verbose_name_plural = _("peran staf")
        constraints = [
            # COALESCE: NULL scopes must collide too (nulls_distinct is not supported by SQLite).
            models.UniqueConstraint(
                "user",
                "role",
                Coalesce("institution", Value(0)),
                Coalesce("unit", Value(0)),
                name="staff_role_unique",
            )
        ]

    def __str__(self) -> str:
        scope = self.unit or self.institution or _("nasional")
        return f"{self.user} · {self.get_role_display()} · {scope}"

    def clean(self) -> None:
        validate_role_scope(self.role, self.institution, self.unit)


def validate_role_scope(role: str, institution: Institution | None, unit: WorkUnit | None) -> None:
    """Which scope each role needs; raises ValidationError with a sentence."""
    if role not in Role.values:
        raise ValidationError(
            _("Peran %(role)s tidak dikenal; pilih salah satu: %(roles)s")
            % {"role": role, "roles": ", ".join(Role.values)}
        )
    if role in (Role.NATIONAL_ADMIN, Role.OMBUDSMAN) and (institution or unit):
        raise ValidationError(_("Peran nasional tidak terikat pada instansi atau unit."))
    if role == Role.INSTITUTION_ADMIN and (institution is None or unit is not None):
        raise ValidationError(_("Admin instansi membutuhkan instansi (tanpa unit)."))
    if role == Role.UNIT_OFFICER and (unit is None or institution is None):
        raise ValidationError(_("Petugas unit kerja membutuhkan unit kerja."))
    if unit is not None and institution is not None and unit.institution_id != institution.pk:
        raise ValidationError(_("Unit kerja itu bukan milik instansi tersebut."))
