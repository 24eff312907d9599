"""The reporter's timeline in plain words, built from `presenters.present(..., View.REPORTER)`
events (which already leave out internal notes and events hidden from the reporter)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from lapor.reports.lifecycle import OmbudsmanFinding, RejectReason, ReturnReason


def _reason_label(action: str, reason: str | None) -> str:
    if not reason:
        return ""
    choices: Any = {
        "reject": RejectReason,
        "return": ReturnReason,
        "close": OmbudsmanFinding,
    }.get(action)
    if choices is None or reason not in choices.values:
        return ""
    return str(choices(reason).label)


def describe(event: dict[str, Any]) -> str:
    """One sentence for one presented event."""
    action = event["action"]
    institution = (event.get("institution") or {}).get("name") or _("instansi")
    phrases = {
        "submit": _("Laporan dikirim."),
        "verify": _("Diverifikasi dan diteruskan ke %(i)s.") % {"i": institution},
        "hold": _("Ditunda: admin meminta informasi tambahan dari pelapor."),
        "reject": _("Laporan ditolak."),
        "mark_duplicate": _("Ditandai sebagai duplikat laporan lain yang sudah ditangani."),
        "archive": _("Laporan diarsipkan."),
        "redact": _("Data pribadi dalam laporan disamarkan."),
        "accept": _("Diterima oleh %(i)s.") % {"i": institution},
        "return": _("Dikembalikan ke admin nasional untuk dicarikan instansi yang berwenang."),
        "forward": _("Diteruskan ke %(i)s.") % {"i": institution},
        "assign": _("Diserahkan ke unit kerja %(i)s.") % {"i": institution},
        "unit_return": _("Dikembalikan ke admin %(i)s.") % {"i": institution},
        "set_tier": _("Batas waktu penyelesaian ditetapkan."),
        "request_info": _("%(i)s meminta informasi tambahan.") % {"i": institution},
        "add_info": _("Pelapor menambahkan informasi."),
        "appeal": _("Pelapor mengajukan banding; laporan diperiksa ulang oleh admin nasional."),
        "withdraw": _("Laporan dicabut oleh pelapor."),
        "consent_referral": _("Pelapor setuju laporan dirujuk ke Ombudsman RI."),
        "propose_referral": _("Diusulkan untuk dirujuk ke Ombudsman RI."),
        "refer_to_ombudsman": _("Dirujuk ke Ombudsman RI."),
        "acknowledge": _("Ombudsman RI menerima rujukan."),
        "close": _("Ditutup oleh Ombudsman RI."),
        "auto_close": _("Ditutup otomatis: pelapor tidak memberi tanggapan dalam batas waktu."),
        "expire_info": _("Diarsipkan: informasi yang diminta tidak dilengkapi dalam batas waktu."),
    }
    if action == "respond":
        if event.get("final", True):
            return _("Tindak lanjut dari %(i)s.") % {"i": institution}
        return _("Tanggapan sementara dari %(i)s.") % {"i": institution}
    if action == "reply":
        if event.get("satisfied"):
            return _("Pelapor puas dengan tindak lanjut; laporan selesai.")
        return _("Pelapor belum puas; laporan kembali ke instansi.")
    return phrases.get(action, str(event.get("label") or action))


def timeline(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **event,
            "sentence": describe(event),
            "reason_label": _reason_label(event["action"], event.get("reason")),
        }
        for event in events
    ]
