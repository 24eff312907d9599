"""Auto-disposition: off by default, switched on per category by the national admin.

When a report is submitted in such a category, the fan-out of its submit event writes an
`auto_dispose` outbox row (same transaction). The worker then asks the router; if the best
suggestion reaches the category's minimum confidence, the named action `report_auto_dispose`
disposes it, with an event that says so, and the national admin can undo it
(`undo_auto_dispose`) until the institution acts on it. Below the threshold nothing happens
and the report waits for the verifier as usual.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction

from lapor.channels.models import Outbox
from lapor.reports.actions import ActionError, report_auto_dispose
from lapor.reports.lifecycle import Status
from lapor.reports.models import Event, Report

from .models import AutoDispose
from .router import suggest_for_report

log = logging.getLogger(__name__)


def rule_for(report: Report) -> AutoDispose | None:
    if report.category_id is None:
        return None
    return AutoDispose.objects.filter(category_id=report.category_id, enabled=True).first()


def outbox_rows(event: Event, now: dt.datetime) -> list[Outbox]:
    """Fan-out hook: a submitted, unverified report in a switched-on category gets one row."""
    report = event.report
    if event.action != "submit" or report.status != Status.UNVERIFIED or rule_for(report) is None:
        return []
    return [Outbox(kind="auto_dispose", event=event, payload={}, created_at=now, available_at=now)]


def handle(row: Outbox, lease: dt.datetime) -> str:
    """Outbox handler: dispose if the router is confident enough; a note says what happened."""
    if row.event_id is None:
        return "skipped: no event"
    report = Report.objects.select_related("region", "category").get(pk=row.event.report_id)  # type: ignore[union-attr]
    return dispose_if_confident(report)


def dispose_if_confident(report: Report) -> str:
    rule = rule_for(report)
    if rule is None:
        return "skipped: auto-disposition is off for this category"
    if report.status != Status.UNVERIFIED:
        return f"skipped: report is {report.status}"
    suggestion = suggest_for_report(report, k=3)
    top = suggestion.top
    if top is None or top.confidence < rule.min_confidence:
        confidence = top.confidence if top else 0.0
        return f"left for the verifier: confidence {confidence:.2f} < {rule.min_confidence:.2f}"
    try:
        with transaction.atomic():
            report_auto_dispose(
                report,
                institution=top.institution,
                confidence=top.confidence,
                model_version=suggestion.model_version,
                reasons=list(top.reasons),
                threshold=rule.min_confidence,
            )
    except ActionError as exc:  # verified by a person meanwhile, or the institution closed
        return f"skipped: {exc}"
    log.info(
        "report %s auto-disposed to %s (%.2f)",
        report.tracking_id,
        top.institution.code,
        top.confidence,
    )
    return f"disposed to {top.institution.code} ({top.confidence:.2f})"
