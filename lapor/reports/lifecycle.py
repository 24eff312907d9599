"""The report lifecycle as data: states with their kind, and the one table of allowed transitions
with the roles that may make each. Code asks this module; it never compares status strings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(StrEnum):
    OPEN = "open"  # someone on the government side must act
    WAITING = "waiting"  # waiting for the reporter
    CLOSED = "closed"


class Status(models.TextChoices):
    UNVERIFIED = "unverified", _("Belum terverifikasi")
    ON_HOLD = "on_hold", _("Ditunda")
    DISPOSED = "disposed", _("Didisposisikan ke instansi")
    IN_PROGRESS = "in_progress", _("Diproses instansi")
    ASSIGNED = "assigned", _("Diproses unit kerja")
    INFO_REQUESTED = "info_requested", _("Menunggu informasi pelapor")
    RESPONDED = "responded", _("Ditanggapi")
    REFERRED = "referred", _("Ditangani Ombudsman")
    COMPLETED = "completed", _("Selesai")
    REJECTED = "rejected", _("Ditolak")
    ARCHIVED = "archived", _("Diarsipkan")
    DUPLICATE = "duplicate", _("Duplikat")
    WITHDRAWN = "withdrawn", _("Dicabut")
    OMBUDSMAN_CLOSED = "ombudsman_closed", _("Ditutup Ombudsman")


S = Status
KIND: dict[str, Kind] = {
    S.UNVERIFIED: Kind.OPEN,
    S.ON_HOLD: Kind.WAITING,
    S.DISPOSED: Kind.OPEN,
    S.IN_PROGRESS: Kind.OPEN,
    S.ASSIGNED: Kind.OPEN,
    S.INFO_REQUESTED: Kind.WAITING,
    S.RESPONDED: Kind.WAITING,
    S.REFERRED: Kind.OPEN,
    S.COMPLETED: Kind.CLOSED,
    S.REJECTED: Kind.CLOSED,
    S.ARCHIVED: Kind.CLOSED,
    S.DUPLICATE: Kind.CLOSED,
    S.WITHDRAWN: Kind.CLOSED,
    S.OMBUDSMAN_CLOSED: Kind.CLOSED,
}


def kind_of(status: str) -> Kind:
    return KIND[status]


def is_closed(status: str) -> bool:
    return KIND[status] is Kind.CLOSED


NOT_CLOSED = frozenset(s for s, k in KIND.items() if k is not Kind.CLOSED)
AT_INSTITUTION = frozenset({S.DISPOSED, S.IN_PROGRESS, S.ASSIGNED, S.INFO_REQUESTED, S.RESPONDED})


class Actor(StrEnum):
    REPORTER = "reporter"
    NATIONAL_ADMIN = "national_admin"
    INSTITUTION_ADMIN = "institution_admin"
    UNIT_OFFICER = "unit_officer"
    OMBUDSMAN = "ombudsman"
    SYSTEM = "system"


A = Actor


@dataclass(frozen=True)
class Transition:
    """An action allowed from `sources`; `target` None means the status does not change
    (or is decided by the action, listed in `targets`)."""

    sources: frozenset[str]
    targets: frozenset[str]
    roles: frozenset[Actor]
    label: str


def _t(sources: Iterable[str], targets: Iterable[str], roles: set[Actor], label: str) -> Transition:
    return Transition(frozenset(sources), frozenset(targets), frozenset(roles), label)


CLOSED_APPEALABLE = {S.COMPLETED, S.REJECTED, S.ARCHIVED}

# The one table. Every action function checks itself against its row.
TRANSITIONS: dict[str, Transition] = {
    "verify": _t(
        {S.UNVERIFIED, S.ON_HOLD}, {S.DISPOSED}, {A.NATIONAL_ADMIN}, "verifikasi & disposisi"
    ),
    "hold": _t({S.UNVERIFIED}, {S.ON_HOLD}, {A.NATIONAL_ADMIN}, "tunda"),
    "reject": _t({S.UNVERIFIED, S.ON_HOLD}, {S.REJECTED}, {A.NATIONAL_ADMIN}, "tolak"),
    "mark_duplicate": _t(
        {S.UNVERIFIED, S.ON_HOLD}, {S.DUPLICATE}, {A.NATIONAL_ADMIN}, "tandai duplikat"
    ),
    "archive": _t({S.UNVERIFIED, S.ON_HOLD}, {S.ARCHIVED}, {A.NATIONAL_ADMIN}, "arsipkan"),
    "redact": _t(set(KIND), set(), {A.NATIONAL_ADMIN}, "samarkan data pribadi"),
    "accept": _t({S.DISPOSED}, {S.IN_PROGRESS}, {A.INSTITUTION_ADMIN}, "terima"),
    "return": _t(
        {S.DISPOSED, S.IN_PROGRESS}, {S.UNVERIFIED}, {A.INSTITUTION_ADMIN}, "bukan wewenang"
    ),
    "forward": _t({S.DISPOSED, S.IN_PROGRESS}, {S.DISPOSED}, {A.INSTITUTION_ADMIN}, "teruskan"),
    "assign": _t(
        {S.DISPOSED, S.IN_PROGRESS, S.ASSIGNED},
        {S.ASSIGNED},
        {A.INSTITUTION_ADMIN},
        "disposisi ke unit",
    ),
    "respond": _t(
        {S.IN_PROGRESS, S.ASSIGNED},
        {S.RESPONDED},
        {A.INSTITUTION_ADMIN, A.UNIT_OFFICER},
        "tindak lanjut",
    ),
    "request_info": _t(
        {S.IN_PROGRESS, S.ASSIGNED},
        {S.INFO_REQUESTED},
        {A.INSTITUTION_ADMIN, A.UNIT_OFFICER},
        "minta informasi",
    ),
    "unit_return": _t(
        {S.ASSIGNED}, {S.IN_PROGRESS}, {A.UNIT_OFFICER}, "kembalikan ke admin instansi"
    ),
    "set_tier": _t(
        {S.DISPOSED, S.IN_PROGRESS, S.ASSIGNED},
        set(),
        {A.INSTITUTION_ADMIN, A.UNIT_OFFICER},
        "ubah tingkat",
    ),
    "add_note": _t(
        set(KIND),
        set(),
        {A.NATIONAL_ADMIN, A.INSTITUTION_ADMIN, A.UNIT_OFFICER, A.OMBUDSMAN},
        "catatan internal",
    ),
    "add_info": _t(NOT_CLOSED - {S.REFERRED}, set(), {A.REPORTER}, "tambah informasi"),
    "reply": _t(
        {S.RESPONDED}, {S.COMPLETED, S.IN_PROGRESS, S.ASSIGNED}, {A.REPORTER}, "beri tanggapan"
    ),
    "appeal": _t(CLOSED_APPEALABLE, {S.UNVERIFIED}, {A.REPORTER}, "banding"),
    "withdraw": _t(NOT_CLOSED, {S.WITHDRAWN}, {A.REPORTER}, "cabut laporan"),
    "consent_referral": _t(
        NOT_CLOSED - {S.REFERRED}, set(), {A.REPORTER}, "setuju dirujuk ke Ombudsman"
    ),
    "acknowledge": _t({S.REFERRED}, set(), {A.OMBUDSMAN}, "terima rujukan"),
    "close": _t({S.REFERRED}, {S.OMBUDSMAN_CLOSED}, {A.OMBUDSMAN}, "tutup dengan temuan"),
    "auto_close": _t({S.RESPONDED}, {S.COMPLETED}, {A.SYSTEM}, "selesai otomatis"),
    "auto_dispose": _t({S.UNVERIFIED}, {S.DISPOSED}, {A.SYSTEM}, "disposisi otomatis"),
    "undo_auto_dispose": _t(
        {S.DISPOSED}, {S.UNVERIFIED}, {A.NATIONAL_ADMIN}, "batalkan disposisi otomatis"
    ),
    "escalate": _t(NOT_CLOSED, set(), {A.SYSTEM}, "eskalasi"),
    "propose_referral": _t(AT_INSTITUTION, set(), {A.SYSTEM}, "usulkan rujukan ke Ombudsman"),
    "expire_info": _t(
        {S.ON_HOLD, S.INFO_REQUESTED}, {S.WITHDRAWN}, {A.SYSTEM}, "kedaluwarsa menunggu informasi"
    ),
    "refer_to_ombudsman": _t(
        AT_INSTITUTION, {S.REFERRED}, {A.SYSTEM, A.NATIONAL_ADMIN}, "rujuk ke Ombudsman"
    ),
}


def allowed(action: str, status: str | None, role: Actor) -> bool:
    row = TRANSITIONS.get(action)
    return row is not None and status in row.sources and role in row.roles


def actions_for(status: str, roles: set[Actor]) -> list[str]:
    """The actions a person holding `roles` may take on a report in `status` (for menus)."""
    return [
        name for name, row in TRANSITIONS.items() if status in row.sources and row.roles & roles
    ]


class ReportType(models.TextChoices):
    PENGADUAN = "pengaduan", _("Pengaduan")
    ASPIRASI = "aspirasi", _("Aspirasi")
    INFORMASI = "permintaan_informasi", _("Permintaan informasi")


class Channel(models.TextChoices):
    WEB = "web", _("Situs web")
    API = "api", _("API")
    SMS = "sms", _("SMS 1708")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("E-mail")
    OPEN311 = "open311", _("Open311")
    MOBILE = "mobile", _("Aplikasi seluler")


class RejectReason(models.TextChoices):
    INCOMPLETE = "incomplete", _("Tidak lengkap")
    NOT_PUBLIC_SERVICE = "not_public_service", _("Bukan tentang pelayanan publik")
    OUT_OF_SCOPE = "out_of_scope", _("Di luar cakupan LAPOR!")
    ABUSIVE = "abusive", _("Mengandung SARA atau kata kasar")


class ReturnReason(models.TextChoices):
    NOT_OUR_AUTHORITY = "not_our_authority", _("Bukan wewenang instansi kami")
    WRONG_REGION = "wrong_region", _("Wilayah di luar kewenangan kami")
    INCOMPLETE = "incomplete", _("Informasi belum cukup untuk ditindaklanjuti")


class OmbudsmanFinding(models.TextChoices):
    MALADMINISTRATION = "maladministration", _("Terbukti maladministrasi")
    NO_MALADMINISTRATION = "no_maladministration", _("Tidak ditemukan maladministrasi")
    RESOLVED = "resolved", _("Selesai melalui mediasi")
