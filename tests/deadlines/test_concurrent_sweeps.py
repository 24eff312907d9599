"""Two sweeping processes at once (as two workers would) never escalate twice."""

import subprocess
import sys
from pathlib import Path

import pytest
import time_machine

from lapor.reports.models import Event
from tests.channels.test_real_workers import process_env
from tests.conftest import make_people, report_in


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_escalate_each_report_once(directory, tmp_path):
    import datetime as dt
    from zoneinfo import ZoneInfo

    people = make_people()
    with time_machine.travel(
        dt.datetime(2026, 11, 30, 9, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False
    ):
        reports = [report_in("in_progress", people)[0] for _ in range(6)]
    env = process_env(tmp_path)
    lapor = str(Path(sys.executable).with_name("lapor"))
    sweeps = [
        subprocess.Popen(
            [lapor, "sweep", "--at", "2026-12-10T10:00:00+07:00"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [s.communicate(timeout=120) for s in sweeps]
    assert all(s.returncode == 0 for s in sweeps), outputs
    # 8 working days late: both ladder steps reached, one event per report and level.
    for report in reports:
        levels = sorted(
            e.data["level"] for e in Event.objects.filter(report=report, action="escalate")
        )
        assert levels in ([2], [1, 2]), levels
    assert Event.objects.filter(action="escalate").count() == len(reports)
