"""Likely personal data written into a report (names after "saya", NIK, phone, e-mail), found
with lokal-id's detector and flagged for the national admin to redact."""

from __future__ import annotations

from typing import Any

import lokal

FLAGGED = {"NAME", "NIK", "PHONE", "EMAIL", "NPWP"}


def detect(title: str, body: str) -> list[dict[str, Any]]:
    flags = []
    for field_name, text in (("title", title), ("body", body)):
        for match in lokal.detect_pii(text):
            if match.type in FLAGGED:
                flags.append(
                    {
                        "field": field_name,
                        "type": match.type,
                        "start": match.start,
                        "end": match.end,
                    }
                )
    return flags


def mask(text: str, field_name: str, flags: list[dict[str, Any]]) -> str:
    from lapor.reports.actions import REDACTED

    spans = sorted((f["start"], f["end"]) for f in flags if f["field"] == field_name)
    out, cursor = [], 0
    for start, end in spans:
        if start < cursor:
            continue
        out.append(text[cursor:start])
        out.append(REDACTED)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
