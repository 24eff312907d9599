"""`lapor demo` fills a realistic demo: staff who can log in and reports in every state."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from lapor.reports.lifecycle import Status
from lapor.reports.models import Event, Report

pytestmark = pytest.mark.django_db


def test_the_demo_has_reports_in_every_state_and_is_idempotent(capsys):
    call_command("demo", "--force", "--reports", "51")
    statuses = set(Report.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert Event.objects.filter(action="escalate").exists()
    assert (
        Report.objects.filter(auto_closed=True).exists()
        or Report.objects.filter(status="responded").exists()
    )
    assert get_user_model().objects.get(username="nasional").check_password("lapor-demo-2026")
    count = Report.objects.count()
    call_command("demo", "--force", "--reports", "51")
    assert Report.objects.count() == count


def test_the_demo_refuses_to_run_in_production_without_force():
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo")
