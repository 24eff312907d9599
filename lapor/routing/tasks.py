"""Huey periodic task: retrain the routing model every night from the disposition history."""

from __future__ import annotations

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .training import NotEnoughHistory, train

log = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="15", hour=str(settings.LAPOR_ROUTING_TRAIN_HOUR)))
@lock_task("routing-train")
def train_routing_model() -> int | None:
    try:
        return train().version
    except NotEnoughHistory as exc:
        log.info("routing model not trained: %s", exc)
        return None
