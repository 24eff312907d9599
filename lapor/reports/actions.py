"""Every state change of a report: one named function each, one transaction, one event row,
side effects as outbox rows in the same transaction. Views, API, channels and jobs call these.

Each action locks the report row, checks the transition against `lifecycle.TRANSITIONS` and the
actor's real scope (an institution admin of *this* report's institution, ...), validates its
input, and only then writes. A refused action writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lapor import clock
from lapor.channels.models import Outbox
from lapor.directory.models import Category, Institution, Region, StaffRole, WorkUnit
from lapor.reports import lifecycle
from lapor.reports.lifecycle import (
    Actor,
    OmbudsmanFinding,
    RejectReason,
    ReportType,
    ReturnReason,
    Status,
)
from lapor.reports.models import Event, Holding, Report


class ActionError(Exception):
    """Refused; nothing was written. `status` is the HTTP status the API answers with."""

    status = 400

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, list[str]]:
        return {self.field or "detail": [self.message]}


class Invalid(ActionError):
    status = 400


class Forbidden(ActionError):
    status = 403


class Conflict(ActionError):
    """The report is not in a state that allows this action (perhaps someone else just acted)."""

    status = 409


@dataclass(frozen=True)
class By:
    """Who acts: a user in one role. `reporter_proven` is set by the caller after checking the
    reporter token (guests have no account)."""

    role: Actor
    user: Any = None
    reporter_proven: bool = False

    @classmethod
    def system(cls) -> By:
        return cls(Actor.SYSTEM)


@dataclass
class Submission:
    type: str
    title: str
    body: str
    occurred_on: dt.date | None = None
    region: Region | None = None
    address: str = ""
    lat: Decimal | None = None
    lon: Decimal | None = None
    category: Category | None = None
    institution: Institution | None = None
    anonymous: bool = False
    confidential: bool = False
    channel: str = "web"
    reporter: Any = None
    reporter_name: str = ""
    reporter_email: str = ""
    reporter_phone: str = ""
    reporter_ip: str | None = None
    language: str = "id"
    extra: dict[str, Any] = field(default_factory=dict)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: Any, field_name: str, *, max_length: int, required: bool = True) -> str:
    """Text as written (no HTML escaping here: output escapes), minus refused control characters."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Invalid(_("Harus berupa teks."), field_name)
    if _CONTROL.search(value):
        raise Invalid(_("Teks berisi karakter kendali yang tidak diizinkan."), field_name)
    value = unicodedata.normalize("NFC", value).strip()
    if required and not value:
        raise Invalid(_("Wajib diisi."), field_name)
    if len(value) > max_length:
        raise Invalid(
            _("Terlalu panjang: paling banyak %(max)d karakter (sekarang %(n)d).")
            % {"max": max_length, "n": len(value)},
            field_name,
        )
    return value


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def reporter_token_matches(report: Report, token: str | None) -> bool:
    return (
        bool(token)
        and bool(report.reporter_token_hash)
        and secrets.compare_digest(report.reporter_token_hash, hash_token(token or ""))
    )


# --- the shared machinery ------------------------------------------------------------------


def _lock(report: Report) -> Report:
    return Report.objects.select_for_update().get(pk=report.pk)


def _check(report: Report, action: str, by: By) -> None:
    row = lifecycle.TRANSITIONS[action]
    if by.role not in row.roles:
        raise Forbidden(
            _("Peran %(role)s tidak boleh melakukan '%(action)s'.")
            % {"role": by.role, "action": row.label}
        )
    if report.status not in row.sources:
        raise Conflict(
            _("Tindakan '%(action)s' tidak dapat dilakukan pada laporan berstatus %(status)s.")
            % {"action": row.label, "status": Status(report.status).label}
        )
    if not _holds_scope(report, by):
        raise Forbidden(_("Laporan ini bukan dalam lingkup tugas Anda."))


def _holds_scope(report: Report, by: By) -> bool:
    if by.role == Actor.SYSTEM:
        return by.user is None
    if by.role == Actor.REPORTER:
        return by.reporter_proven or (by.user is not None and by.user.pk == report.reporter_id)
    if by.user is None:
        return False
    roles = StaffRole.objects.filter(user=by.user, role=by.role.value)
    if by.role in (Actor.NATIONAL_ADMIN, Actor.OMBUDSMAN):
        return roles.exists()
    if by.role == Actor.INSTITUTION_ADMIN:
        return (
            report.institution_id is not None
            and roles.filter(institution_id=report.institution_id).exists()
        )
    if by.role == Actor.UNIT_OFFICER:
        return report.unit_id is not None and roles.filter(unit_id=report.unit_id).exists()
    return False


def _record(
    report: Report,
    action: str,
    by: By,
    from_status: str,
    *,
    reason: str = "",
    text: str = "",
    visible: bool = True,
    internal: bool = False,
    automatic: bool = False,
    data: dict[str, Any] | None = None,
    notify: bool = True,
) -> Event:
    now = clock.now()
    report.updated_at = now
    if lifecycle.is_closed(report.status) and not lifecycle.is_closed(
        from_status or Status.UNVERIFIED
    ):
        report.closed_at = now
    elif not lifecycle.is_closed(report.status):
        report.closed_at = None
    report.save()
    if report.institution_id:
        Holding.objects.get_or_create(
            report=report, institution_id=report.institution_id, unit_id=report.unit_id
        )
    event = Event.objects.create(
        report=report,
        action=action,
        actor=by.user if by.role != Actor.REPORTER or report.reporter_id else None,
        actor_role=by.role.value,
        from_status=from_status or "",
        to_status=report.status,
        reason=reason,
        text=text,
        internal=internal,
        visible_to_reporter=visible and not internal,
        automatic=automatic,
        institution_id=report.institution_id,
        unit_id=report.unit_id,
        data=data or {},
        created_at=now,
    )
    from lapor.deadlines.legs import on_event

    on_event(report, event)
    if notify:
        # Due for delivery now in real time, even when the event is back-dated by `clock.at`.
        Outbox.objects.create(
            kind="event", event=event, created_at=now, available_at=timezone.now()
        )
        transaction.on_commit(_wake)
    return event


def _wake() -> None:
    from lapor.channels.tasks import wake

    wake()


def _active_institution(value: Institution | None, field_name: str) -> Institution:
    if value is None:
        raise Invalid(_("Wajib diisi."), field_name)
    if not value.is_active():
        successors = ", ".join(i.code for i in value.resolve())
        raise Invalid(
            _("Instansi %(name)s sudah tidak aktif; pilih penerusnya: %(successors)s")
            % {"name": value.name, "successors": successors},
            field_name,
        )
    return value


def _choice(
    value: Any, choices: type[models.TextChoices], field_name: str, *, required: bool = True
) -> str:
    if value in (None, "") and not required:
        return ""
    if value not in choices.values:
        raise Invalid(
            _("Pilihan tidak dikenal %(value)r; pilih salah satu: %(choices)s")
            % {"value": value, "choices": ", ".join(choices.values)},
            field_name,
        )
    return str(value)


# --- intake ------------------------------------------------------------------------------------

TITLE_MAX, BODY_MAX, NOTE_MAX = 200, 10_000, 5_000


def report_submit(sub: Submission) -> tuple[Report, str]:
    """A reporter files a report on any channel. Returns the report and its secret reporter
    token (shown once). With a chosen, active institution it goes straight to that institution's
    queue; otherwise it waits for verification by the national admin."""
    report_type = _choice(sub.type, ReportType, "type")
    title = clean_text(sub.title, "title", max_length=TITLE_MAX)
    body = clean_text(sub.body, "body", max_length=BODY_MAX)
    if len(body) < 20:
        raise Invalid(
            _("Isi laporan terlalu singkat: ceritakan kronologinya (minimal 20 karakter)."), "body"
        )
    today = timezone.localdate(clock.now())
    if sub.occurred_on and sub.occurred_on > today:
        raise Invalid(_("Tanggal kejadian tidak boleh di masa depan."), "occurred_on")
    if (sub.lat is None) != (sub.lon is None):
        raise Invalid(_("Isi lintang dan bujur sekaligus, atau kosongkan keduanya."), "lat")
    if sub.lat is not None and sub.lon is not None:
        if not (Decimal(-11.5) <= sub.lat <= Decimal(6.5)):
            raise Invalid(_("Lintang di luar wilayah Indonesia."), "lat")
        if not (Decimal(94) <= sub.lon <= Decimal(141.5)):
            raise Invalid(_("Bujur di luar wilayah Indonesia."), "lon")
    name = clean_text(sub.reporter_name, "reporter_name", max_length=120, required=False)
    phone = clean_text(sub.reporter_phone, "reporter_phone", max_length=20, required=False)
    if phone and not re.fullmatch(r"\+?[0-9 \-]{8,20}", phone):
        raise Invalid(_("Nomor telepon tidak valid."), "reporter_phone")
    address = clean_text(sub.address, "address", max_length=300, required=False)
    target = sub.institution
    disposed_to: Institution | None = None
    if target is not None:
        resolved = target.resolve()
        if len(resolved) == 1:
            disposed_to = resolved[0]
    token = secrets.token_urlsafe(24)
    from lapor.reports.pii import detect

    with transaction.atomic():
        now = clock.now()
        report = Report(
            type=report_type,
            title=title,
            body=body,
            occurred_on=sub.occurred_on,
            region=sub.region,
            address=address,
            lat=sub.lat,
            lon=sub.lon,
            category=sub.category,
            target_institution=target,
            anonymous=sub.anonymous,
            confidential=sub.confidential,
            channel=sub.channel,
            language=sub.language if sub.language in ("id", "en") else "id",
            reporter=sub.reporter,
            reporter_name=name,
            reporter_email=sub.reporter_email,
            reporter_phone=phone,
            reporter_ip=sub.reporter_ip,
            reporter_token_hash=hash_token(token),
            pii_flags=detect(title, body),
            status=Status.DISPOSED if disposed_to else Status.UNVERIFIED,
            institution=disposed_to,
            created_at=now,
            updated_at=now,
        )
        report.save()
        by = By(Actor.REPORTER, sub.reporter, reporter_proven=True)
        _record(
            report, "submit", by, "", data={"channel": sub.channel, "direct": bool(disposed_to)}
        )
    return report, token


# --- the national admin ----------------------------------------------------------------------


def report_verify(
    report: Report,
    by: By,
    *,
    institution: Institution | None,
    category: Category | None = None,
    type: str | None = None,
    title: str | None = None,
    anonymous: bool | None = None,
    confidential: bool | None = None,
    note: str = "",
) -> Event:
    """Verify and dispose to an institution; optionally fix title, type, category, and make the
    privacy stricter (never looser: that needs the reporter)."""
    target = _active_institution(institution, "institution")
    note = clean_text(note, "note", max_length=NOTE_MAX, required=False)
    with transaction.atomic():
        report = _lock(report)
        _check(report, "verify", by)
        changes: dict[str, Any] = {}
        if anonymous is False and report.anonymous or confidential is False and report.confidential:
            raise Invalid(
                _("Privasi hanya boleh diperketat oleh admin, tidak dilonggarkan."), "anonymous"
            )
        if anonymous:
            report.anonymous = True
            changes["anonymous"] = True
        if confidential:
            report.confidential = True
            changes["confidential"] = True
        if title is not None:
            new_title = clean_text(title, "title", max_length=TITLE_MAX)
            if new_title != report.title:
                if not report.original_title:
                    report.original_title = report.title
                report.title = new_title
                changes["title"] = new_title
        if type is not None:
            report.type = _choice(type, ReportType, "type")
            changes["type"] = report.type
        if category is not None:
            report.category = category
            changes["category"] = category.slug
        from_status = report.status
        report.status = Status.DISPOSED
        report.institution = target
        report.unit = None
        return _record(
            report,
            "verify",
            by,
            from_status,
            text=note,
            data={"institution": target.code, **changes},
        )


def report_auto_dispose(
    report: Report,
    *,
    institution: Institution,
    confidence: float,
    model_version: str,
    reasons: list[str],
    threshold: float,
) -> Event:
    """Disposed by the routing suggestion (switched on per category, above a confidence);
    visibly automatic, and the national admin can undo it while the institution has not
    accepted it yet."""
    target = _active_institution(institution, "institution")
    with transaction.atomic():
        report = _lock(report)
        _check(report, "auto_dispose", By.system())
        from_status = report.status
        report.status, report.institution, report.unit = Status.DISPOSED, target, None
        return _record(
            report,
            "auto_dispose",
            By.system(),
            from_status,
            automatic=True,
            text=_(
                "Didisposisikan otomatis ke %(institution)s berdasarkan saran penerusan "
                "(keyakinan %(confidence)d%%, ambang %(threshold)d%%)."
            )
            % {
                "institution": target.name,
                "confidence": round(100 * confidence),
                "threshold": round(100 * threshold),
            },
            data={
                "institution": target.code,
                "confidence": round(confidence, 4),
                "threshold": threshold,
                "model": model_version,
                "reasons": reasons[:4],
            },
        )


def report_undo_auto_dispose(report: Report, by: By, *, note: str = "") -> Event:
    """Take back an automatic disposition: the report returns to the verification queue."""
    note = clean_text(note, "note", max_length=NOTE_MAX, required=False)
    with transaction.atomic():
        report = _lock(report)
        _check(report, "undo_auto_dispose", by)
        last = (
            report.events.exclude(action__in=("add_note", "escalate", "redact"))
            .order_by("created_at", "pk")
            .last()
        )
        if last is None or last.action != "auto_dispose":
            raise Invalid(
                _("Hanya disposisi otomatis yang belum ditindaklanjuti yang dapat dibatalkan."),
                "action",
            )
        from_status, old = report.status, report.institution
        report.status, report.institution, report.unit = Status.UNVERIFIED, None, None
        return _record(
            report,
            "undo_auto_dispose",
            by,
            from_status,
            text=note,
            data={"from": old.code if old else ""},
        )


def report_hold(report: Report, by: By, *, note: str, reason: str = "incomplete") -> Event:
    """Tunda: ask the reporter for more information; the clock stops until they answer."""
    note = clean_text(note, "note", max_length=NOTE_MAX)
    with transaction.atomic():
        report = _lock(report)
        _check(report, "hold", by)
        from_status, report.status = report.status, Status.ON_HOLD
        return _record(report, "hold", by, from_status, reason=reason[:40], text=note)


def report_reject(report: Report, by: By, *, reason: str, note: str = "") -> Event:
    reason = _choice(reason, RejectReason, "reason")
    note = clean_text(note, "note", max_length=NOTE_MAX, required=False)
    with transaction.atomic():
        report = _lock(report)
        _check(report, "reject", by)
        from_status, report.status = report.status, Status.REJECTED
        return _record(report, "reject", by, from_status, reason=reason, text=note)


def report_mark_duplicate(report: Report, by: By, *, of: Report, note: str = "") -> Event:
    """Close as a duplicate of `of` (the surviving report); its reporter follows the survivor."""
    note = clean_text(note, "note", max_length=NOTE_MAX, required=False)
    survivor = of
    seen = {report.pk}
    while survivor.duplicate_of_id is not None:
        if survivor.pk in seen:
            break
        seen.add(survivor.pk)
        survivor = survivor.duplicate_of  # type: ignore[assignment]
    if survivor.pk == report.pk:
        raise Invalid(_("Laporan tidak dapat menjadi duplikat dirinya sendiri."), "of")
    with transaction.atomic():
        report = _lock(report)
        _check(report, "mark_duplicate", by)
        from_status, report.status = report.status, Status.DUPLICATE
        report.duplicate_of = survivor
        return _record(
            report, "mark_duplicate", by, from_status, text=note, data={"of": survivor.tracking_id}
        )


def report_archive(report: Report, by: By, *, note: str = "") -> Event:
    note = clean_text(note, "note", max_length=NOTE_MAX, required=False)
    with transaction.atomic():
        report = _lock(report)
        _check(report, "archive", by)
        from_status, report.status = report.status, Status.ARCHIVED
        return _record(report, "archive", by, from_status, text=note)


REDACTED = "[disamarkan]"


def report_redact(
    report: Report,
    by: By,
    *,
    title: str | None = None,
    body: str | None = None,
    flagged: bool = False,
    hide_attachments: list[int] | None = None,
) -> Event:
    """Hide personal data written into the text or attachments. The original is kept for the
    national admin only. `flagged=True` masks every span flagged on submit."""
    with transaction.atomic():
        report = _lock(report)
        _check(report, "redact", by)
        new_title = (
            report.title if title is None else clean_text(title, "title", max_length=TITLE_MAX)
        )
        new_body = report.body if body is None else clean_text(body, "body", max_length=BODY_MAX)
        if flagged:
            from lapor.reports.pii import mask

            new_title, new_body = (
                mask(report.title, "title", report.pii_flags),
                mask(report.body, "body", report.pii_flags),
            )
        hidden = 0
        if hide_attachments:
            hidden = report.attachments.filter(pk__in=hide_attachments, hidden=False).update(
                hidden=True
            )
        if new_title == report.title and new_body == report.body and not hidden:
            raise Invalid(_("Tidak ada yang disamarkan: ubah teks atau pilih lampiran."), "body")
        if new_title != report.title and not report.original_title:
            report.original_title = report.title
        if new_body != report.body and not report.original_body:
            report.original_body = report.body
        report.title, report.body = new_title, new_body
        report.pii_flags = []
        return _record(
            report,
            "redact",
            by,
            report.status,
            text=_("Data pribadi dalam laporan disamarkan untuk melindungi pelapor."),
            data={"attachments_hidden": hidden},
            notify=False,
        )


# --- the institution ---------------------------------------------------------------------------


def report_accept(report: Report, by: By, *, note: str = "") -> Event:
    note = clean_text(note, "note", max_length=NOTE_MAX, required=False)
    with transaction.atomic():
        report = _lock(report)
        _check(report, "accept", by)
        from_status, report.status = report.status, Status.IN_PROGRESS
        return _record(report, "accept", by, from_status, text=note)


def report_return(report: Report, by: By, *, reason: str, note: str) -> Event:
    """Bukan wewenang: back to the national queue with a reason; counted against nobody."""
    reason = _choice(reason, ReturnReason, "reason")
    note = clean_text(note, "note", max_length=NOTE_MAX)
    with transaction.atomic():
        report = _lock(report)
        _check(report, "return", by)
        from_status = report.status
        old = report.institution
        report.status, report.institution, report.unit = Status.UNVERIFIED, None, None
        event = _record(
            report,
            "return",
            by,
            from_status,
            reason=reason,
            text=note,
            data={"from": old.code if old else ""},
        )
        return event


def report_forward(report: Report, by: By, *, institution: Institution | None, note: str) -> Event:
    """Forward to another institution with a reason ("no wrong door")."""
    target = _active_institution(institution, "institution")
    note = clean_text(note, "note", max_length=NOTE_MAX)
    with transaction.atomic():
        report = _lock(report)
        _check(report, "forward", by)
        if target.pk == report.institution_id:
            raise Invalid(
                _("Pilih instansi lain: laporan sudah ada di instansi ini."), "institution"
            )
        from_status, old = report.status, report.institution
        report.status, report.institution, report.unit = Status.DISPOSED, target, None
        return _record(
            report,
            "forward",
            by,
            from_status,
            text=note,
            data={"from": old.code if old else "", "institution": target.code},
        )


def report_assign(report: Report, by: By, *, unit: WorkUnit | None, note: str = "") -> Event:
    if unit is None:
        raise Invalid(_("Wajib diisi."), "unit")
    note = clean_text(note, "note", max_length=NOTE_MAX, required=False)
    with transaction.atomic():
        report = _lock(report)
        _check(report, "assign", by)
        if unit.institution_id != report.institution_id or not unit.active:
            raise Invalid(_("Unit kerja itu bukan unit aktif instansi ini."), "unit")
        from_status = report.status
        report.status, report.unit = Status.ASSIGNED, unit
        return _record(report, "assign", by, from_status, text=note, data={"unit": unit.code})


def report_set_tier(report: Report, by: By, *, tier: int, reason: str) -> Event:
    """Choose the resolution tier (5 / 14 / 60 working days) with a reason."""
    allowed_tiers = settings.LAPOR_RESOLUTION_TIERS
    if tier not in allowed_tiers:
        raise Invalid(
            _("Tingkat harus salah satu dari: %(tiers)s hari kerja.")
            % {"tiers": ", ".join(map(str, allowed_tiers))},
            "tier",
        )
    reason = clean_text(reason, "reason", max_length=NOTE_MAX)
    with transaction.atomic():
        report = _lock(report)
        _check(report, "set_tier", by)
        old, report.tier = report.tier, tier
        return _record(
            report,
            "set_tier",
            by,
            report.status,
            text=reason,
            data={"tier": tier, "from": old},
            notify=False,
        )


def report_respond(report: Report, by: By, *, text: str, final: bool = True) -> Event:
    """The tindak lanjut, visible to the reporter; a final one ends the resolution leg."""
    text = clean_text(text, "text", max_length=BODY_MAX)
    with transaction.atomic():
        report = _lock(report)
        _check(report, "respond", by)
        from_status = report.status
        if final:
            report.status = Status.RESPONDED
        return _record(report, "respond", by, from_status, text=text, data={"final": final})


def report_request_info(report: Report, by: By, *, text: str) -> Event:
    text = clean_text(text, "text", max_length=NOTE_MAX)
    with transaction.atomic():
        report = _lock(report)
        _check(report, "request_info", by)
        from_status, report.status = report.status, Status.INFO_REQUESTED
        return _record(
            report, "request_info", by, from_status, text=text, data={"resume": from_status}
        )


def report_unit_return(report: Report, by: By, *, note: str) -> Event:
    note = clean_text(note, "note", max_length=NOTE_MAX)
    with transaction.atomic():
        report = _lock(report)
        _check(report, "unit_return", by)
        from_status, old = report.status, report.unit
        report.status, report.unit = Status.IN_PROGRESS, None
        return _record(
            report,
            "unit_return",
            by,
            from_status,
            text=note,
            data={"from": old.code if old else ""},
        )


def report_add_note(report: Report, by: By, *, text: str) -> Event:
    """An internal note: never shown to the reporter."""
    text = clean_text(text, "text", max_length=NOTE_MAX)
    with transaction.atomic():
        report = _lock(report)
        _check(report, "add_note", by)
        return _record(
            report, "add_note", by, report.status, text=text, internal=True, notify=False
        )


# --- the reporter ------------------------------------------------------------------------------


def report_add_info(report: Report, by: By, *, text: str) -> Event:
    """Add information in any open state; answers a hold or a request and resumes the clock."""
    text = clean_text(text, "text", max_length=BODY_MAX)
    with transaction.atomic():
        report = _lock(report)
        _check(report, "add_info", by)
        from_status = report.status
        if from_status == Status.ON_HOLD:
            report.status = Status.UNVERIFIED
        elif from_status == Status.INFO_REQUESTED:
            last = (
                report.events.filter(action="request_info").order_by("-created_at", "-id").first()
            )
            report.status = (last.data.get("resume") if last else None) or Status.IN_PROGRESS
        return _record(report, "add_info", by, from_status, text=text)


def report_reply(report: Report, by: By, *, satisfied: Any, text: str = "") -> Event:
    """Satisfied → completed; not satisfied (with a reason) → back to the institution."""
    if not isinstance(satisfied, bool):
        raise Invalid(_("Pilih puas (true) atau tidak puas (false)."), "satisfied")
    text = clean_text(text, "text", max_length=NOTE_MAX, required=not satisfied)
    with transaction.atomic():
        report = _lock(report)
        _check(report, "reply", by)
        from_status = report.status
        if satisfied:
            report.status = Status.COMPLETED
        else:
            report.status = Status.ASSIGNED if report.unit_id else Status.IN_PROGRESS
        return _record(report, "reply", by, from_status, text=text, data={"satisfied": satisfied})


def report_appeal(report: Report, by: By, *, text: str) -> Event:
    """After closure (also an automatic one): reopens at the national level."""
    text = clean_text(text, "text", max_length=NOTE_MAX)
    with transaction.atomic():
        report = _lock(report)
        _check(report, "appeal", by)
        from_status = report.status
        old = report.institution
        report.status, report.auto_closed = Status.UNVERIFIED, False
        report.institution, report.unit = None, None
        return _record(
            report, "appeal", by, from_status, text=text, data={"from": old.code if old else ""}
        )


def report_withdraw(report: Report, by: By, *, text: str = "") -> Event:
    text = clean_text(text, "text", max_length=NOTE_MAX, required=False)
    with transaction.atomic():
        report = _lock(report)
        _check(report, "withdraw", by)
        from_status, report.status = report.status, Status.WITHDRAWN
        return _record(report, "withdraw", by, from_status, text=text)


def report_consent_referral(report: Report, by: By) -> Event:
    """The reporter agrees to an Ombudsman referral, which also covers sharing their identity."""
    with transaction.atomic():
        report = _lock(report)
        _check(report, "consent_referral", by)
        if report.ombudsman_consent:
            raise Conflict(_("Persetujuan sudah tercatat."))
        report.ombudsman_consent = True
        return _record(report, "consent_referral", by, report.status)


# --- the Ombudsman -----------------------------------------------------------------------------


def report_acknowledge(report: Report, by: By, *, note: str = "") -> Event:
    note = clean_text(note, "note", max_length=NOTE_MAX, required=False)
    with transaction.atomic():
        report = _lock(report)
        _check(report, "acknowledge", by)
        return _record(report, "acknowledge", by, report.status, text=note)


def report_close(report: Report, by: By, *, finding: str, text: str) -> Event:
    finding = _choice(finding, OmbudsmanFinding, "finding")
    text = clean_text(text, "text", max_length=BODY_MAX)
    with transaction.atomic():
        report = _lock(report)
        _check(report, "close", by)
        from_status, report.status = report.status, Status.OMBUDSMAN_CLOSED
        return _record(report, "close", by, from_status, reason=finding, text=text)


# --- the system --------------------------------------------------------------------------------


def report_auto_close(report: Report) -> Event:
    """No reply within the window after a final response: closed, visibly automatic; the
    reporter can still appeal."""
    with transaction.atomic():
        report = _lock(report)
        _check(report, "auto_close", By.system())
        from_status, report.status, report.auto_closed = report.status, Status.COMPLETED, True
        return _record(
            report,
            "auto_close",
            By.system(),
            from_status,
            automatic=True,
            text=_("Ditutup otomatis karena tidak ada tanggapan pelapor dalam batas waktu."),
        )


def report_escalate(
    report: Report, *, leg: str, level: int, data: dict[str, Any] | None = None
) -> Event:
    with transaction.atomic():
        report = _lock(report)
        _check(report, "escalate", By.system())
        return _record(
            report,
            "escalate",
            By.system(),
            report.status,
            automatic=True,
            visible=False,
            reason=leg,
            data={"leg": leg, "level": level, **(data or {})},
        )


EscalationItem = tuple[int, str, int, dict[str, Any] | None]


def _matching(column: str, values: list[Any]) -> tuple[str, list[Any]]:
    """`column IN values` as SQL: one array parameter on PostgreSQL (`= ANY(%s)`; thousands of
    separate parameters cost more to bind than the query costs to run), a list elsewhere."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def report_escalate_many(items: list[EscalationItem], now: dt.datetime | None = None) -> int:
    """`report_escalate` for many reports at once: the deadline sweep's form of the action.

    Items are `(report id, leg, level, data)`. Returns the number of events written.

    Why a batched form exists: a deadline backlog (a long weekend, a worker that was down, the
    first sweep after an import) puts tens of thousands of legs past due at one moment. The
    single action is one transaction and about ten statements per report (lock, save, holding,
    event, the legs' refresh, outbox, commit): measured at 8-18 ms per report on the
    1,000,000-report benchmark, its 136,000 escalations would take 17-40 minutes while the next
    sweep is due in five (docs/benchmarks-sweep.md). This form writes the same Event and Outbox rows with a
    handful of statements for the whole batch, in ONE transaction:

    - the reports are locked in id order and the lifecycle table
      (`lifecycle.TRANSITIONS["escalate"].sources`) is re-checked against each one's *current*
      status in that same locking statement; a report that closed meanwhile is skipped (nothing
      is written for it), not an error, so one closed report never sinks the batch;
    - the holding is recorded as `_record` does (a no-op when the data is consistent);
    - one Event per item (action "escalate", actor_role "system", automatic, not visible to the
      reporter, reason = the leg, data = {"leg", "level", **data}, the report's status as from
      and to status, its institution and unit: the fields `report_escalate` writes) and one
      Outbox row per event, both with bulk_create.

    Two things `_record` does are left out on purpose. The legs' refresh (`legs.on_event`): an
    escalation moves no clock, so it would change nothing. And `Report.updated_at` is not
    touched: an escalation changes no field of the report, nothing reads `updated_at`, and
    rewriting 136,000 report rows (16 indexes each, no HOT update on full pages) took 16.6 s on
    the benchmark, more than all the events and outbox rows together.

    Claiming the legs (so that each escalation is written once) stays the caller's job, in the
    same transaction: see `lapor.deadlines.sweeps`.
    """
    from django.db import connection

    if not items:
        return 0
    now = now or clock.now()
    row = lifecycle.TRANSITIONS["escalate"]
    if Actor.SYSTEM not in row.roles:
        raise Forbidden(
            _("Peran %(role)s tidak boleh melakukan '%(action)s'.")
            % {"role": Actor.SYSTEM, "action": row.label}
        )
    reports_table = connection.ops.quote_name(Report._meta.db_table)
    holdings_table = connection.ops.quote_name(Holding._meta.db_table)
    features = connection.features
    lock = (
        " FOR NO KEY UPDATE"
        if features.has_select_for_no_key_update
        else " FOR UPDATE"
        if features.has_select_for_update
        else ""
    )
    with transaction.atomic(), connection.cursor() as cursor:
        # Lock (in id order) and re-check the lifecycle table in one statement: a report that
        # closed since the caller read it is simply not returned.
        ids, ids_params = _matching("id", sorted({item[0] for item in items}))
        sources, sources_params = _matching("status", sorted(row.sources))
        cursor.execute(
            f"SELECT id, status, institution_id, unit_id FROM {reports_table} "  # noqa: S608
            f"WHERE {ids} AND {sources} ORDER BY id{lock}",
            ids_params + sources_params,
        )
        reports = {pk: (status, inst, unit) for pk, status, inst, unit in cursor.fetchall()}
        if not reports:
            return 0
        ids, ids_params = _matching("id", list(reports))
        # `_record`'s Holding.get_or_create, for all of them at once.
        cursor.execute(
            f"INSERT INTO {holdings_table} (report_id, institution_id, unit_id) "  # noqa: S608
            f"SELECT id, institution_id, unit_id FROM {reports_table} "
            f"WHERE {ids} AND institution_id IS NOT NULL ON CONFLICT DO NOTHING",
            ids_params,
        )
        events = [
            Event(
                report_id=pk,
                action="escalate",
                actor=None,
                actor_role=Actor.SYSTEM.value,
                from_status=reports[pk][0],
                to_status=reports[pk][0],
                reason=leg,
                text="",
                internal=False,
                visible_to_reporter=False,
                automatic=True,
                institution_id=reports[pk][1],
                unit_id=reports[pk][2],
                data={"leg": leg, "level": level, **(data or {})},
                created_at=now,
            )
            for pk, leg, level, data in items
            if pk in reports
        ]
        Event.objects.bulk_create(events)
        # Due for delivery now in real time, even when `now` is back-dated (as in `_record`).
        due = timezone.now()
        Outbox.objects.bulk_create(
            [Outbox(kind="event", event_id=e.pk, created_at=now, available_at=due) for e in events]
        )
        transaction.on_commit(_wake)
    return len(events)


def report_expire_info(report: Report) -> Event:
    """Archived as withdrawn: the reporter did not add the requested information in time."""
    with transaction.atomic():
        report = _lock(report)
        _check(report, "expire_info", By.system())
        from_status, report.status = report.status, Status.WITHDRAWN
        return _record(
            report,
            "expire_info",
            By.system(),
            from_status,
            automatic=True,
            text=_(
                "Diarsipkan sebagai dicabut: informasi yang diminta tidak dilengkapi dalam batas waktu."
            ),
        )


def report_propose_referral(report: Report) -> Event:
    """60 days without completion: ask the reporter whether the Ombudsman may take over."""
    with transaction.atomic():
        report = _lock(report)
        _check(report, "propose_referral", By.system())
        return _record(
            report,
            "propose_referral",
            By.system(),
            report.status,
            automatic=True,
            text=_(
                "Laporan Anda belum selesai dalam 60 hari. Jika Anda setuju, laporan dapat dirujuk ke "
                "Ombudsman RI (identitas Anda akan dibagikan kepada Ombudsman)."
            ),
        )


def report_refer_to_ombudsman(report: Report, by: By | None = None, *, note: str = "") -> Event:
    """Unresolved after 60 days: to the Ombudsman, only with the reporter's consent."""
    by = by or By.system()
    with transaction.atomic():
        report = _lock(report)
        _check(report, "refer_to_ombudsman", by)
        if not report.ombudsman_consent:
            raise Conflict(_("Pelapor belum menyetujui rujukan ke Ombudsman."))
        from_status, report.status = report.status, Status.REFERRED
        report.referred_at = clock.now()
        return _record(
            report,
            "refer_to_ombudsman",
            by,
            from_status,
            automatic=by.role == Actor.SYSTEM,
            text=note,
        )


ACTIONS: dict[str, Callable[..., Event]] = {
    "verify": report_verify,
    "undo_auto_dispose": report_undo_auto_dispose,
    "hold": report_hold,
    "reject": report_reject,
    "mark_duplicate": report_mark_duplicate,
    "archive": report_archive,
    "redact": report_redact,
    "accept": report_accept,
    "return": report_return,
    "forward": report_forward,
    "assign": report_assign,
    "set_tier": report_set_tier,
    "respond": report_respond,
    "request_info": report_request_info,
    "unit_return": report_unit_return,
    "add_note": report_add_note,
    "add_info": report_add_info,
    "reply": report_reply,
    "appeal": report_appeal,
    "withdraw": report_withdraw,
    "consent_referral": report_consent_referral,
    "acknowledge": report_acknowledge,
    "close": report_close,
}
