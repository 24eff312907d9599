"""Due dates in plain words for the tracking page: who must do what by which day.

"Pemerintah Kabupaten Sleman wajib menanggapi paling lambat Jumat, 12 Desember 2026." Dates
are written in the time zone of the office holding the leg (WIB, WITA or WIT) with the day and
month names of the active language. The clocks themselves live in `lapor.deadlines`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lapor.deadlines.legs import working_days_left
from lapor.deadlines.models import Leg
from lapor.reports.models import Report

ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


@dataclass(frozen=True)
class Deadline:
    leg: str
    sentence: str
    due: dt.datetime  # in the holder's time zone
    zone: str  # WIB / WITA / WIT
    days: str  # "3 hari kerja lagi", "terlambat 2 hari kerja", "" when paused
    overdue: bool
    paused: bool
    current: bool


def long_date(moment: dt.datetime, tz: str) -> str:
    """'Jumat, 12 Desember 2026' (or 'Friday, 12 December 2026') in the given time zone."""
    return date_format(timezone.localtime(moment, ZoneInfo(tz)), "l, j F Y")


def _who(leg: Leg, report: Report) -> str:
    if leg.holder == Leg.Holder.NATIONAL:
        return _("Admin nasional LAPOR!")
    institution = leg.institution or report.institution
    return institution.name if institution else _("Instansi")


def _sentence(leg: Leg, report: Report, date: str, *, for_reporter: bool) -> str:
    who = _who(leg, report)
    if leg.paused_at is not None:
        return _(
            "Waktu untuk %(who)s berhenti sementara sambil menunggu informasi dari pelapor."
        ) % {"who": who}
    name = leg.name
    if name == "verification":
        return _("%(who)s wajib memverifikasi laporan ini paling lambat %(date)s.") % {
            "who": who,
            "date": date,
        }
    if name == "follow_up":
        return _("%(who)s wajib menanggapi paling lambat %(date)s.") % {"who": who, "date": date}
    if name == "resolution":
        return _("%(who)s wajib menyelesaikan tindak lanjut paling lambat %(date)s.") % {
            "who": who,
            "date": date,
        }
    if name == "reporter_reply":
        if for_reporter:
            return _(
                "Beri tanggapan atas tindak lanjut paling lambat %(date)s. Tanpa tanggapan, "
                "laporan ditutup otomatis."
            ) % {"date": date}
        return _(
            "Pelapor dapat memberi tanggapan sampai %(date)s; setelah itu laporan ditutup otomatis."
        ) % {"date": date}
    if name == "completeness":
        if for_reporter:
            return _(
                "Lengkapi informasi yang diminta paling lambat %(date)s; jika tidak, laporan "
                "diarsipkan."
            ) % {"date": date}
        return _("Menunggu informasi tambahan dari pelapor sampai %(date)s.") % {"date": date}
    if name == "overall":
        return _(
            "Seluruh penanganan laporan harus selesai paling lambat %(date)s (%(n)d hari sejak "
            "didisposisikan)."
        ) % {"date": date, "n": leg.length}
    return _("Batas waktu: %(date)s.") % {"date": date}


def _days(leg: Leg, now: dt.datetime) -> tuple[str, bool]:
    if leg.paused_at is not None:
        left = leg.remaining_days
        if left is None:
            return "", False
        return ngettext(
            "sisa %(n)d hari kerja setelah pelapor menjawab",
            "sisa %(n)d hari kerja setelah pelapor menjawab",
            left,
        ) % {"n": left}, False
    overdue = now > leg.due_at
    if leg.unit_of_time == "calendar":
        zone = ZoneInfo(leg.timezone)
        left = (leg.due_at.astimezone(zone).date() - now.astimezone(zone).date()).days
        if overdue:
            return ngettext("terlambat %(n)d hari", "terlambat %(n)d hari", max(-left, 1)) % {
                "n": max(-left, 1)
            }, True
        if left == 0:
            return _("hari ini hari terakhir"), False
        return ngettext("%(n)d hari lagi", "%(n)d hari lagi", left) % {"n": left}, False
    left = working_days_left(leg, now) or 0
    if overdue:
        late = max(-left, 1)
        return ngettext("terlambat %(n)d hari kerja", "terlambat %(n)d hari kerja", late) % {
            "n": late
        }, True
    if left <= 0:
        return _("hari ini hari terakhir"), False
    return ngettext("%(n)d hari kerja lagi", "%(n)d hari kerja lagi", left) % {"n": left}, False


ORDER = {
    "verification": 0,
    "follow_up": 1,
    "resolution": 2,
    "reporter_reply": 3,
    "completeness": 4,
    "overall": 9,
}


def deadlines(
    report: Report, *, for_reporter: bool, now: dt.datetime | None = None
) -> list[Deadline]:
    """The running legs as sentences: the report's current leg first, the overall limit last."""
    now = now or timezone.now()
    legs = list(report.legs.filter(stopped_at__isnull=True).select_related("institution"))
    legs.sort(key=lambda leg: (leg.name != report.current_leg, ORDER.get(leg.name, 5), leg.due_at))
    out = []
    for leg in legs:
        date = long_date(leg.due_at, leg.timezone)
        days, overdue = _days(leg, now)
        out.append(
            Deadline(
                leg=leg.name,
                sentence=_sentence(leg, report, date, for_reporter=for_reporter),
                due=timezone.localtime(leg.due_at, ZoneInfo(leg.timezone)),
                zone=ZONE_NAMES.get(leg.timezone, leg.timezone),
                days=days,
                overdue=overdue,
                paused=leg.paused_at is not None,
                current=leg.name == report.current_leg,
            )
        )
    return out
