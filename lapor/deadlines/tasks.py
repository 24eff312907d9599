"""Huey periodic task: the deadline sweeps every five minutes (idempotent)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lapor.deadlines.sweeps import run_sweeps


@db_periodic_task(crontab(minute="*/5"))
def sweep_deadlines() -> dict[str, int]:
    return run_sweeps().as_dict()
