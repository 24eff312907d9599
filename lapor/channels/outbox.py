"""The outbox worker loop: claim a pending row, handle it, mark it done; on failure retry with
exponential backoff and, after MAX_ATTEMPTS, mark it failed (kept, never deleted).

Several workers (threads, processes, machines) may run this at once: a row is claimed with a
conditional UPDATE that only one of them can win (healthchecks' pattern). A claim is a lease:
if its worker dies, the row becomes pending again when the lease runs out, so nothing is lost;
the price is that a message may, rarely, be sent twice (at-least-once delivery), which is why
webhooks carry a delivery id receivers can deduplicate on.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from lapor.channels.fanout import fanout_event
from lapor.channels.models import Outbox, WebhookEndpoint
from lapor.channels.senders import send_email, send_sms, send_webhook

logger = logging.getLogger(__name__)

# Longer than any single send can take (SMTP and HTTP calls time out well before), so a live
# worker never loses its claim mid-send.
LEASE = dt.timedelta(minutes=5)
MAX_ATTEMPTS = 8
# 2, 4, 8, ... minutes, at most this: with 8 attempts a row is retried for about 4 hours,
# enough to ride out an SMTP or gateway outage, before someone must look at it.
BACKOFF_CAP = dt.timedelta(hours=2)
BATCH = 100


class LeaseLost(Exception):
    """Another worker took the row over (our lease ran out): undo and leave it to them."""


@dataclass
class Stats:
    done: int = 0
    retried: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"done={self.done} retried={self.retried} failed={self.failed}"


def backoff(attempts: int) -> dt.timedelta:
    return min(dt.timedelta(minutes=2**attempts), BACKOFF_CAP)


def pending(now: dt.datetime) -> QuerySet[Outbox]:
    return Outbox.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        kind__in=HANDLERS,
        done_at__isnull=True,
        failed_at__isnull=True,
        available_at__lte=now,
    )


def claim(row: Outbox, now: dt.datetime) -> dt.datetime | None:
    """Take the row for LEASE; None if another worker got there first. The condition on the
    claimed_until value we read is what makes this safe: only one UPDATE can match it."""
    lease = now + LEASE
    won = Outbox.objects.filter(
        pk=row.pk, claimed_until=row.claimed_until, done_at__isnull=True, failed_at__isnull=True
    ).update(claimed_until=lease)
    return lease if won == 1 else None


def _finish(row: Outbox, lease: dt.datetime, note: str = "") -> bool:
    return (
        Outbox.objects.filter(pk=row.pk, claimed_until=lease).update(
            done_at=timezone.now(), claimed_until=None, last_error=note
        )
        == 1
    )


def _give_back(row: Outbox, lease: dt.datetime, error: str) -> str:
    now = timezone.now()
    attempts = row.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        changes = {"failed_at": now}
        outcome = "failed"
    else:
        changes = {"available_at": now + backoff(attempts)}
        outcome = "retried"
    Outbox.objects.filter(pk=row.pk, claimed_until=lease).update(
        attempts=attempts, claimed_until=None, last_error=error[:2000], **changes
    )
    return outcome


# --- handlers ----------------------------------------------------------------------------------


def handle_event(row: Outbox, lease: dt.datetime) -> str:
    """Fan out and mark done in one transaction: retried, an event is never fanned out twice."""
    with transaction.atomic():
        if row.event_id is None:  # its event was deleted (cascade would remove the row too)
            _finish(row, lease, "skipped: no event")
            return ""
        fanout_event(row.event)  # type: ignore[arg-type]
        if not _finish(row, lease):
            raise LeaseLost(f"outbox #{row.pk}")
    return ""


def handle_delivery(row: Outbox, lease: dt.datetime) -> str:
    payload = row.payload
    channel = payload.get("channel")
    if channel == "email":
        send_email(to=payload["address"], subject=payload["subject"], body=payload["body"])
    elif channel == "sms":
        send_sms(to=payload["address"], body=payload["body"])
    elif channel == "webhook":
        endpoint = WebhookEndpoint.objects.filter(
            pk=payload.get("endpoint_id"), active=True
        ).first()
        if endpoint is None:
            return "skipped: endpoint removed or inactive"
        now = timezone.now()
        # Signed at send time with a fresh sent_at, so receivers can refuse old replays and
        # deduplicate on the delivery id.
        data = {**payload["data"], "delivery_id": row.pk, "sent_at": now.isoformat()}
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        send_webhook(
            url=endpoint.url,
            secret=endpoint.secret,
            event=payload.get("subject", ""),
            delivery_id=row.pk,
            body=body,
            timestamp=int(now.timestamp()),
        )
    else:
        raise ValueError(f"unknown delivery channel {channel!r}")
    return ""


# Kinds this worker handles; rows of other kinds (another app's) are left alone, never lost.
HANDLERS: dict[str, Callable[[Outbox, dt.datetime], str]] = {
    "event": handle_event,
    "delivery": handle_delivery,
}


def process_row(row: Outbox, lease: dt.datetime, stats: Stats) -> None:
    try:
        note = HANDLERS[row.kind](row, lease)
    except LeaseLost:
        logger.warning("outbox #%s: lease ran out, another worker has it", row.pk)
        return
    except Exception as exc:
        outcome = _give_back(row, lease, f"{type(exc).__name__}: {exc}")
        log = logger.error if outcome == "failed" else logger.warning
        log(
            "outbox #%s (%s) %s after attempt %s: %s",
            row.pk,
            row.kind,
            outcome,
            row.attempts + 1,
            exc,
        )
        setattr(stats, outcome, getattr(stats, outcome) + 1)
        return
    if row.kind != "event" and not _finish(row, lease, note):
        # Sent, but a slower-than-lease send let another worker claim it: it may go twice.
        logger.warning("outbox #%s: finished after its lease ran out", row.pk)
    stats.done += 1


def outbox_process(*, limit: int | None = None) -> Stats:
    """Work through every pending row (also the deliveries a fan-out just wrote) and return
    what happened. Safe to call from any number of workers at once."""
    stats = Stats()
    handled = 0
    while limit is None or handled < limit:
        now = timezone.now()
        rows = list(pending(now).select_related("event").order_by("id")[:BATCH])
        progressed = False
        for row in rows:
            if limit is not None and handled >= limit:
                break
            lease = claim(row, now)
            if lease is None:
                continue
            progressed = True
            handled += 1
            process_row(row, lease, stats)
        if not progressed:
            break
    return stats
