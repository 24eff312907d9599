"""The words of every notification: Indonesian source strings under gettext, rendered inside
`translation.override(language)` so an English report gets English once the catalogue exists.

Kept in Python rather than templates because every message is plain text (no autoescaping to
undo) and the reporter and officer variants share the same tables.

Two rules are enforced here, once, for every channel:
- a reporter's message never names the staff member who acted (only institutions and units);
- an officer's message never carries anything the reporter wrote or who the reporter is
  (tracking ID, what happened and a link only), so an *anonim* report stays anonymous even in
  a forwarded mailbox; the content is read after logging in, through the access checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from lapor.directory.models import Institution
from lapor.reports.lifecycle import OmbudsmanFinding, RejectReason, ReturnReason, Status

if TYPE_CHECKING:
    from lapor.reports.models import Event, Report

# SMS bodies above 160 GSM characters go out as several segments, each billed: keep the event
# text short and let the link carry the rest.
SMS_TEXT_LIMIT = 160
EMAIL_SIGNATURE = gettext_lazy(
    "Pesan ini dikirim otomatis oleh LAPOR! (SP4N-LAPOR!). Mohon tidak membalas pesan ini."
)

ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}

LEG_LABELS: dict[str, Promise] = {
    "verification": gettext_lazy("verifikasi"),
    "follow_up": gettext_lazy("tindak lanjut awal"),
    "resolution": gettext_lazy("penyelesaian"),
    "reporter_reply": gettext_lazy("tanggapan pelapor"),
    "completeness": gettext_lazy("kelengkapan informasi"),
    "overall": gettext_lazy("keseluruhan (60 hari)"),
}

# What happened, told to the reporter. Placeholders: institution, unit, reason, survivor.
REPORTER_LINES: dict[str, Promise] = {
    "submit": gettext_lazy("Laporan Anda sudah kami terima."),
    "verify": gettext_lazy(
        "Laporan Anda sudah diverifikasi dan didisposisikan ke %(institution)s untuk "
        "ditindaklanjuti."
    ),
    "auto_dispose": gettext_lazy(
        "Laporan Anda sudah didisposisikan ke %(institution)s untuk ditindaklanjuti."
    ),
    "undo_auto_dispose": gettext_lazy(
        "Disposisi laporan Anda ditinjau ulang oleh admin nasional; laporan akan diteruskan ke "
        "instansi yang tepat."
    ),
    "hold": gettext_lazy("Laporan Anda ditunda: mohon lengkapi informasi yang diminta."),
    "reject": gettext_lazy("Laporan Anda tidak dapat diproses. Alasan: %(reason)s."),
    "mark_duplicate": gettext_lazy(
        "Laporan Anda membahas hal yang sama dengan laporan %(survivor)s dan digabungkan ke "
        "laporan itu. Anda akan tetap menerima kabar perkembangannya."
    ),
    "archive": gettext_lazy("Laporan Anda diarsipkan."),
    "accept": gettext_lazy("Laporan Anda diterima oleh %(institution)s dan sedang diproses."),
    "return": gettext_lazy(
        "Instansi yang dituju menyatakan laporan Anda bukan wewenangnya (%(reason)s). Laporan "
        "kembali ke admin nasional untuk diteruskan ke instansi yang tepat."
    ),
    "forward": gettext_lazy("Laporan Anda diteruskan ke %(institution)s."),
    "assign": gettext_lazy("Laporan Anda diteruskan ke %(unit)s untuk ditindaklanjuti."),
    "respond": gettext_lazy(
        "%(institution)s memberikan tindak lanjut atas laporan Anda. Silakan beri tanggapan: "
        "puas atau tidak puas."
    ),
    "respond_interim": gettext_lazy(
        "%(institution)s memberikan tanggapan sementara atas laporan Anda."
    ),
    "request_info": gettext_lazy(
        "%(institution)s meminta informasi tambahan dari Anda agar laporan dapat ditindaklanjuti."
    ),
    "unit_return": gettext_lazy(
        "Laporan Anda dikembalikan ke admin %(institution)s untuk disposisi ulang."
    ),
    "add_info": gettext_lazy("Informasi tambahan Anda sudah kami terima."),
    "reply": gettext_lazy("Terima kasih atas tanggapan Anda. Laporan dinyatakan selesai."),
    "reply_unsatisfied": gettext_lazy(
        "Tanggapan Anda sudah kami terima. Laporan dikembalikan ke %(institution)s untuk "
        "ditindaklanjuti."
    ),
    "appeal": gettext_lazy(
        "Banding Anda sudah kami terima. Laporan dibuka kembali untuk diverifikasi."
    ),
    "withdraw": gettext_lazy("Laporan Anda sudah dicabut."),
    "consent_referral": gettext_lazy(
        "Persetujuan Anda untuk merujuk laporan ke Ombudsman RI sudah tercatat."
    ),
    "propose_referral": gettext_lazy(
        "Laporan Anda dapat dirujuk ke Ombudsman RI jika Anda menyetujuinya."
    ),
    "refer_to_ombudsman": gettext_lazy("Laporan Anda dirujuk ke Ombudsman RI."),
    "acknowledge": gettext_lazy("Ombudsman RI menerima rujukan laporan Anda."),
    "close": gettext_lazy("Ombudsman RI menutup laporan Anda dengan temuan: %(reason)s."),
    "auto_close": gettext_lazy(
        "Laporan Anda ditutup otomatis karena tidak ada tanggapan dalam batas waktu. Jika "
        "masalahnya belum selesai, Anda dapat mengajukan banding."
    ),
    "expire_info": gettext_lazy(
        "Laporan Anda diarsipkan sebagai dicabut karena informasi yang diminta tidak dilengkapi "
        "dalam batas waktu."
    ),
}
REPORTER_FALLBACK = gettext_lazy("Ada perkembangan baru pada laporan Anda.")
# A reporter whose report was merged into another follows the survivor's progress.
FOLLOWER_INTRO = gettext_lazy(
    "Kabar tentang laporan %(survivor)s, tempat laporan Anda %(tracking_id)s digabungkan:"
)

# What happened, told to officers. Placeholders: tracking_id, leg, level, from_institution.
OFFICER_LINES: dict[str, Promise] = {
    "submit": gettext_lazy(
        "Laporan baru %(tracking_id)s masuk langsung ke instansi Anda (dipilih oleh pelapor)."
    ),
    "verify": gettext_lazy(
        "Laporan %(tracking_id)s sudah diverifikasi admin nasional dan didisposisikan ke "
        "instansi Anda."
    ),
    "auto_dispose": gettext_lazy(
        "Laporan %(tracking_id)s didisposisikan otomatis ke instansi Anda (saran penerusan)."
    ),
    "forward": gettext_lazy(
        "Laporan %(tracking_id)s diteruskan ke instansi Anda oleh %(from_institution)s."
    ),
    "assign": gettext_lazy("Laporan %(tracking_id)s didisposisikan ke unit kerja Anda."),
    "add_info": gettext_lazy("Pelapor menambahkan informasi pada laporan %(tracking_id)s."),
    "reply": gettext_lazy(
        "Pelapor tidak puas dengan tindak lanjut laporan %(tracking_id)s; laporan kembali untuk "
        "ditindaklanjuti."
    ),
    "escalate": gettext_lazy(
        "Eskalasi tingkat %(level)s: batas waktu tahap %(leg)s laporan %(tracking_id)s terlewati."
    ),
}
OFFICER_SUBJECTS: dict[str, Promise] = {
    "submit": gettext_lazy("Laporan baru"),
    "verify": gettext_lazy("Laporan baru"),
    "auto_dispose": gettext_lazy("Laporan baru"),
    "forward": gettext_lazy("Laporan diteruskan"),
    "assign": gettext_lazy("Disposisi ke unit kerja"),
    "add_info": gettext_lazy("Informasi tambahan dari pelapor"),
    "reply": gettext_lazy("Pelapor tidak puas"),
    "escalate": gettext_lazy("Eskalasi batas waktu"),
}


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    sms: str


def tracking_url(tracking_id: str) -> str:
    return f"{settings.SITE_URL}/lacak/{tracking_id}"


def office_url(tracking_id: str) -> str:
    """Where staff open the report after logging in (the back office)."""
    return f"{settings.SITE_URL}/kantor/laporan/{tracking_id}"


def format_due(moment: dt.datetime, institution: Institution | None) -> str:
    zone = institution.timezone_name if institution is not None else settings.TIME_ZONE
    local = timezone.localtime(moment, institution.tzinfo if institution is not None else None)
    return f"{local:%d-%m-%Y %H:%M} {ZONE_ABBREVIATIONS.get(zone, zone)}"


def _choice_label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _reporter_line(event: Event) -> str:
    action = event.action
    key = action
    if action == "respond" and not event.data.get("final", True):
        key = "respond_interim"
    elif action == "reply" and not event.data.get("satisfied", False):
        key = "reply_unsatisfied"
    reason = event.reason
    if action == "reject":
        reason = _choice_label(RejectReason, event.reason)
    elif action == "return":
        reason = _choice_label(ReturnReason, event.reason)
    elif action == "close":
        reason = _choice_label(OmbudsmanFinding, event.reason)
    institution = (
        event.institution.name if event.institution_id and event.institution else _("instansi")
    )
    unit = event.unit.name if event.unit_id and event.unit else _("unit kerja")
    template = REPORTER_LINES.get(key, REPORTER_FALLBACK)
    return str(template) % {
        "institution": institution,
        "unit": unit,
        "reason": reason,
        "survivor": event.data.get("of", ""),
    }


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def reporter_message(event: Event, recipient: Report, *, language: str) -> Message:
    """For the reporter of `recipient`: its own event, or (when `recipient` was merged into
    the event's report) the survivor's. A follower never sees the text the survivor's reporter
    wrote, which may carry that person's identity."""
    report = event.report
    follower = recipient.pk != report.pk
    with override(language):
        status = (
            str(Status(event.to_status).label)
            if event.to_status in Status.values
            else event.to_status
        )
        line = _reporter_line(event)
        text = event.text
        if follower and event.actor_role == "reporter":
            text = ""
        subject = _("[LAPOR!] Laporan %(tracking_id)s: %(status)s") % {
            "tracking_id": recipient.tracking_id,
            "status": status,
        }
        parts = [_("Yth. Pelapor,"), ""]
        if follower:
            parts += [
                str(FOLLOWER_INTRO)
                % {"survivor": report.tracking_id, "tracking_id": recipient.tracking_id},
                "",
            ]
        parts += [
            line,
            "",
            _("Nomor pelacakan: %(tracking_id)s") % {"tracking_id": report.tracking_id},
            _("Status: %(status)s") % {"status": status},
        ]
        if text:
            parts += ["", _("Keterangan:"), text]
        url = tracking_url(recipient.tracking_id)
        parts += [
            "",
            _("Ikuti perkembangan laporan Anda di %(url)s") % {"url": url},
            "",
            str(EMAIL_SIGNATURE),
        ]
        sms = f"LAPOR! {report.tracking_id}: {status}. {line}"
        if text:
            sms += " " + _shorten(text, SMS_TEXT_LIMIT)
        sms += " " + url
    return Message(subject=subject, body="\n".join(parts), sms=sms)


def officer_message(event: Event, *, language: str | None = None) -> Message:
    """For staff: what happened and where to look, nothing the reporter wrote or is."""
    report = event.report
    language = language or settings.LANGUAGE_CODE
    with override(language):
        status = (
            str(Status(event.to_status).label)
            if event.to_status in Status.values
            else event.to_status
        )
        from_code = event.data.get("from", "") if event.action == "forward" else ""
        from_institution = (
            Institution.objects.filter(code=from_code).values_list("name", flat=True).first()
            if from_code
            else None
        )
        leg = event.data.get("leg", event.reason)
        line = str(
            OFFICER_LINES.get(
                event.action, gettext_lazy("Ada perkembangan pada laporan %(tracking_id)s.")
            )
        ) % {
            "tracking_id": report.tracking_id,
            "leg": str(LEG_LABELS.get(leg, leg)),
            "level": event.data.get("level", ""),
            "from_institution": from_institution or _("instansi lain"),
        }
        what = str(OFFICER_SUBJECTS.get(event.action, gettext_lazy("Perkembangan laporan")))
        subject = _("[LAPOR!] %(tracking_id)s: %(what)s") % {
            "tracking_id": report.tracking_id,
            "what": what,
        }
        parts = [
            line,
            "",
            _("Nomor pelacakan: %(tracking_id)s") % {"tracking_id": report.tracking_id},
            _("Status: %(status)s") % {"status": status},
        ]
        if report.due_at and report.current_leg:
            parts.append(
                _("Batas waktu tahap %(leg)s: %(due)s")
                % {
                    "leg": str(LEG_LABELS.get(report.current_leg, report.current_leg)),
                    "due": format_due(report.due_at, report.institution),
                }
            )
        parts += [
            "",
            _("Buka laporan setelah masuk ke LAPOR!: %(url)s")
            % {"url": office_url(report.tracking_id)},
            "",
            _(
                "Demi kerahasiaan pelapor, isi laporan tidak disertakan dalam e-mail ini; bacalah "
                "di LAPOR!."
            ),
            str(EMAIL_SIGNATURE),
        ]
    return Message(subject=subject, body="\n".join(parts), sms="")


@dataclass(frozen=True)
class DigestLine:
    tracking_id: str
    status: str
    leg: str
    due_at: dt.datetime
    institution: Institution | None


def digest_message(
    *,
    day: dt.date,
    due_soon: list[DigestLine],
    overdue: list[DigestLine],
    language: str | None = None,
) -> Message:
    language = language or settings.LANGUAGE_CODE
    with override(language):
        subject = _(
            "[LAPOR!] Ringkasan harian %(date)s: %(overdue)d lewat batas, "
            "%(due)d segera jatuh tempo"
        ) % {
            "date": f"{day:%d-%m-%Y}",
            "overdue": len(overdue),
            "due": len(due_soon),
        }

        def lines(items: list[DigestLine]) -> list[str]:
            return [
                "- "
                + _("%(tracking_id)s | %(status)s | tahap %(leg)s | batas %(due)s | %(url)s")
                % {
                    "tracking_id": item.tracking_id,
                    "status": str(Status(item.status).label)
                    if item.status in Status.values
                    else item.status,
                    "leg": str(LEG_LABELS.get(item.leg, item.leg)),
                    "due": format_due(item.due_at, item.institution),
                    "url": office_url(item.tracking_id),
                }
                for item in items
            ]

        parts = [_("Laporan terbuka yang menjadi tanggung jawab Anda."), ""]
        if overdue:
            parts += [_("Lewat batas waktu (%(n)d):") % {"n": len(overdue)}, *lines(overdue), ""]
        if due_soon:
            parts += [
                _("Jatuh tempo dalam 2 hari kerja (%(n)d):") % {"n": len(due_soon)},
                *lines(due_soon),
                "",
            ]
        parts.append(str(EMAIL_SIGNATURE))
    return Message(subject=subject, body="\n".join(parts), sms="")
