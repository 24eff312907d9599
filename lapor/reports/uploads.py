"""Attachments: images and PDFs, checked by their content (never by name), size-limited,
stored through Django's storage API and served only through an access-checked view."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from lapor.reports.actions import Invalid
from lapor.reports.models import Attachment, Event, Report

SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
]
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
}


def sniff(head: bytes) -> str | None:
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def validate_upload(upload: UploadedFile) -> str:
    """The content type by content, or Invalid with a sentence."""
    limit = settings.LAPOR_MAX_ATTACHMENT_BYTES
    if upload.size is None or upload.size == 0:
        raise Invalid(_("File kosong."), "file")
    if upload.size > limit:
        raise Invalid(
            _("File terlalu besar: paling besar %(mb).1f MB.") % {"mb": limit / 1024 / 1024}, "file"
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise Invalid(
            _("Jenis file tidak diizinkan: hanya gambar (JPEG, PNG, GIF, WebP) atau PDF."), "file"
        )
    name = (upload.name or "").lower()
    claimed = next(
        (
            ct
            for ct, ext in EXTENSIONS.items()
            if name.endswith(ext) or (ext == ".jpg" and name.endswith(".jpeg"))
        ),
        None,
    )
    if claimed is not None and claimed != content_type:
        raise Invalid(
            _("Isi file tidak sesuai dengan namanya (%(name)s berisi %(type)s).")
            % {"name": upload.name, "type": content_type},
            "file",
        )
    return content_type


def attach(
    report: Report,
    upload: UploadedFile,
    *,
    from_reporter: bool,
    event: Event | None = None,
    visible_to_reporter: bool = True,
) -> Attachment:
    content_type = validate_upload(upload)
    if report.attachments.count() >= settings.LAPOR_MAX_ATTACHMENTS * 4:
        raise Invalid(_("Lampiran laporan ini sudah mencapai batas."), "file")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    base = get_valid_filename((upload.name or "lampiran").rsplit("/", 1)[-1])[:150] or "lampiran"
    with transaction.atomic():
        attachment = Attachment(
            report=report,
            event=event,
            name=base,
            content_type=content_type,
            size=upload.size or 0,
            sha256=digest.hexdigest(),
            from_reporter=from_reporter,
            visible_to_reporter=visible_to_reporter,
            created_at=timezone.now(),
        )
        attachment.file.save(base, upload, save=False)
        attachment.save()
    return attachment


def uploads_from(files: Any) -> list[UploadedFile]:
    uploads = list(files.getlist("file")) + list(files.getlist("attachments"))
    if len(uploads) > settings.LAPOR_MAX_ATTACHMENTS:
        raise Invalid(
            _("Paling banyak %(n)d lampiran sekaligus.") % {"n": settings.LAPOR_MAX_ATTACHMENTS},
            "file",
        )
    for upload in uploads:
        validate_upload(upload)
    return uploads
