"""Several workers at once never send a message twice: a row is claimed with a conditional
UPDATE only one of them can win. Real threads, each on its own database connection."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from lapor.channels.models import Outbox
from lapor.channels.outbox import LEASE, Stats, claim, outbox_process
from tests.conftest import file_report, make_people


def queue_emails(n: int) -> None:
    now = timezone.now()
    Outbox.objects.bulk_create(
        Outbox(
            kind="delivery",
            payload={
                "channel": "email",
                "audience": "reporter",
                "address": f"warga{i}@contoh.id",
                "subject": f"pesan {i}",
                "body": "Ada perkembangan baru.",
                "language": "id",
            },
            created_at=now,
            available_at=now,
        )
        for i in range(n)
    )


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, fn):
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_every_message_exactly_once(directory):
    make_people()
    # A real report first: committed, its wake-up runs the worker inline (immediate Huey).
    report, _t = file_report()
    assert any(report.tracking_id in m.subject for m in mail.outbox)
    mail.outbox.clear()
    queue_emails(60)

    results = run_together(outbox_process, outbox_process)

    assert all(isinstance(r, Stats) for r in results), results
    assert sum(r.done for r in results) == 60
    sent = Counter(m.subject for m in mail.outbox)
    assert len(sent) == 60 and set(sent.values()) == {1}
    assert not Outbox.objects.filter(done_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_only_one_of_two_workers_holding_the_same_row_can_claim_it(directory):
    queue_emails(1)
    first_copy = Outbox.objects.get()
    second_copy = Outbox.objects.get()
    now = timezone.now()
    assert claim(first_copy, now) == now + LEASE
    assert claim(second_copy, now) is None


@pytest.mark.django_db(transaction=True)
def test_a_row_whose_worker_died_is_sent_by_another_when_the_lease_runs_out(
    directory, time_machine
):
    now = dt.datetime(2026, 2, 3, 2, 0, tzinfo=dt.UTC)
    time_machine.move_to(now, tick=False)
    queue_emails(1)
    assert claim(Outbox.objects.get(), now) is not None  # this worker then dies mid-send
    assert outbox_process().done == 0  # still leased: nobody else touches it
    time_machine.move_to(now + LEASE + dt.timedelta(seconds=1), tick=False)
    assert outbox_process().done == 1
    assert [m.subject for m in mail.outbox] == ["pesan 0"]
