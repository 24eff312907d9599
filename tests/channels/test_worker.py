"""The worker: `lapor worker` picks up rows left behind, actions wake it on commit, and the
periodic jobs are scheduled at the right moments (the digest at 07:00 WIB, not 07:00 UTC)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core import mail
from django.core.management import call_command
from huey.api import TaskWrapper
from huey.contrib.djhuey import HUEY

from lapor.channels import tasks
from lapor.channels.models import Outbox
from tests.conftest import file_report


def test_the_worker_command_sends_what_was_left_in_the_outbox(people):
    # Inside the test transaction no on-commit wake-up fires: the rows wait, as after a crash.
    report, _t = file_report()
    assert mail.outbox == []
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert "done=" in out.getvalue()
    assert any(report.tracking_id in m.subject for m in mail.outbox)
    assert not Outbox.objects.filter(done_at__isnull=True).exists()


def test_the_wake_up_task_is_a_huey_task_that_actions_can_import():
    from lapor.channels.tasks import process_outbox, wake

    assert callable(wake)
    assert isinstance(process_outbox, TaskWrapper)


def periodic_names(utc: dt.datetime) -> set[str]:
    naive = utc.astimezone(dt.UTC).replace(tzinfo=None)  # what Huey (utc=True) hands over
    return {task.name for task in HUEY.read_periodic(naive)}


def test_the_digest_runs_at_seven_in_jakarta_and_the_catch_up_every_minute():
    seven_wib = dt.datetime(2026, 2, 10, 0, 0, tzinfo=dt.UTC)
    names = periodic_names(seven_wib)
    assert any(n.endswith("send_daily_digest") for n in names)
    assert any(n.endswith("outbox_catch_up") for n in names)
    for moment in (seven_wib.replace(hour=7), seven_wib.replace(minute=1)):
        names = periodic_names(moment)
        assert not any(n.endswith("send_daily_digest") for n in names)
        assert any(n.endswith("outbox_catch_up") for n in names)


def test_the_daily_schedule_follows_jakarta_time_with_a_local_clock_too(monkeypatch):
    monkeypatch.setattr(HUEY, "utc", False)
    validate = tasks.daily_at(7)
    local_seven = dt.datetime(2026, 2, 10, 7, 0, tzinfo=tasks.DIGEST_ZONE).astimezone()
    assert validate(local_seven.replace(tzinfo=None))
