"""A failing delivery is retried with exponential backoff, then kept as failed; nothing is lost
and a failure does not hold up other messages."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core import mail

from lapor.channels.models import Outbox, WebhookEndpoint
from lapor.channels.outbox import BACKOFF_CAP, MAX_ATTEMPTS, backoff, outbox_process
from tests.channels.conftest import deliveries
from tests.conftest import file_report

WIB = ZoneInfo("Asia/Jakarta")
START = dt.datetime(2026, 2, 3, 9, 0, tzinfo=WIB)


def test_backoff_doubles_from_two_minutes_and_is_capped():
    assert [backoff(n) for n in (1, 2, 3)] == [dt.timedelta(minutes=m) for m in (2, 4, 8)]
    assert backoff(20) == BACKOFF_CAP


def test_a_failing_webhook_is_retried_with_backoff_then_marked_failed(
    people, http_server, time_machine
):
    time_machine.move_to(START, tick=False)
    http_server.status = 500
    WebhookEndpoint.objects.create(institution=people.sleman, url=http_server.url, secret="x")
    file_report(institution=people.sleman)

    outbox_process()
    [hook] = deliveries(channel="webhook")
    assert hook.attempts == 1 and hook.done_at is None and hook.failed_at is None
    assert hook.available_at == START + dt.timedelta(minutes=2)
    assert "HTTP 500" in hook.last_error
    # The other messages of the same event went out regardless.
    assert len(mail.outbox) == 2  # the reporter and sari
    assert all(d.done_at for d in deliveries(channel="email"))

    now = START
    for attempt in range(1, MAX_ATTEMPTS):
        wait = backoff(attempt)
        time_machine.move_to(now + wait - dt.timedelta(seconds=1), tick=False)
        outbox_process()
        assert len(http_server.requests) == attempt, "retried before its time"
        now = now + wait
        time_machine.move_to(now, tick=False)
        outbox_process()
        assert len(http_server.requests) == attempt + 1
        hook.refresh_from_db()
        assert hook.attempts == attempt + 1

    assert hook.failed_at == now and hook.done_at is None
    assert hook.claimed_until is None
    time_machine.move_to(now + dt.timedelta(days=1), tick=False)
    outbox_process()
    assert len(http_server.requests) == MAX_ATTEMPTS  # failed rows are left for a human
    assert Outbox.objects.filter(pk=hook.pk).exists()


def test_a_delivery_that_recovers_is_sent_once_and_marked_done(people, http_server, time_machine):
    time_machine.move_to(START, tick=False)
    http_server.status = 503
    WebhookEndpoint.objects.create(institution=people.sleman, url=http_server.url, secret="x")
    file_report(institution=people.sleman)
    outbox_process()
    http_server.status = 204
    http_server.answer = b""
    time_machine.move_to(START + dt.timedelta(minutes=2), tick=False)
    stats = outbox_process()
    assert stats.done == 1
    [hook] = deliveries(channel="webhook")
    assert hook.done_at is not None and hook.attempts == 1
    assert len(http_server.requests) == 2


def test_rows_of_kinds_this_worker_does_not_know_are_left_alone(people):
    now = dt.datetime.now(tz=WIB)
    row = Outbox.objects.create(kind="someone_elses", created_at=now, available_at=now)
    outbox_process()
    row.refresh_from_db()
    assert row.done_at is None and row.failed_at is None and row.attempts == 0
