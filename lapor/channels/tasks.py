"""Huey tasks of the notification worker.

- `process_outbox`: works through the outbox. Actions enqueue it on commit through `wake()`;
  a periodic copy runs every minute as catch-up, so a lost wake-up (the queue was down, the
  process died between commit and enqueue) only delays a message, never loses it.
- `send_daily_digest`: 07:00 Asia/Jakarta, idempotent per user and day.

The deadline sweeps are lapor.deadlines' own tasks.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from zoneinfo import ZoneInfo

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from lapor.channels.digest import digest_send_all
from lapor.channels.outbox import outbox_process

logger = logging.getLogger(__name__)

DIGEST_ZONE = ZoneInfo("Asia/Jakarta")
DIGEST_HOUR = 7


def daily_at(
    hour: int, minute: int = 0, zone: ZoneInfo = DIGEST_ZONE
) -> Callable[[dt.datetime], bool]:
    """A Huey periodic schedule at hour:minute in `zone`, whatever the server's clock: Huey
    hands us naive UTC (or naive local time when configured with utc=False), and crontab() would
    compare that directly, firing at 07:00 UTC (14:00 WIB)."""

    def validate(timestamp: dt.datetime) -> bool:
        aware = timestamp.replace(tzinfo=dt.UTC) if HUEY.utc else timestamp.astimezone()
        local = aware.astimezone(zone)
        return local.hour == hour and local.minute == minute

    return validate


@db_task()
def process_outbox() -> str:
    return str(outbox_process())


def wake() -> None:
    """Called on commit of every report action. Never raises: the action has committed and its
    outbox row is safe; if the queue is unreachable the every-minute catch-up sends it."""
    try:
        process_outbox()
    except Exception:
        logger.exception("could not enqueue process_outbox; the periodic catch-up will run it")


@db_periodic_task(crontab(minute="*"))
def outbox_catch_up() -> str:
    return str(outbox_process())


@db_periodic_task(daily_at(DIGEST_HOUR))
def send_daily_digest() -> int:
    queued = digest_send_all()
    # Send right away instead of waiting for the next catch-up minute.
    outbox_process()
    return queued
