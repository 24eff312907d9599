"""An action wakes the worker when its transaction commits: the reporter's e-mail goes out
without waiting for the periodic catch-up. (Transactional tests only in this file: under
xdist a whole file runs on one worker, and the flush after a transactional test would empty
the directory for ordinary tests that followed it.)"""

from __future__ import annotations

import pytest
from django.core import mail

from lapor.channels.models import Outbox
from tests.conftest import file_report


@pytest.mark.django_db(transaction=True)
def test_an_action_wakes_the_worker_when_it_commits(directory):
    report, _t = file_report()
    # Immediate Huey in tests: the enqueued process_outbox ran right after commit.
    assert [m.subject for m in mail.outbox if report.tracking_id in m.subject]
    assert not Outbox.objects.filter(done_at__isnull=True).exists()
