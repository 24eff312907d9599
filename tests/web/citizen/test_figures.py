"""The home page's national figures: reports this month and the completion percentage as
DOMAIN.md defines it, with the auto-closed share beside it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lapor import clock
from lapor.reports import actions as a
from lapor.web.citizen.figures import (
    completion,
    completion_period,
    national_figures,
    reports_in_month,
)
from tests.conftest import by, file_report, report_in

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def test_completion_counts_reports_disposed_in_the_period_that_ended_completed(people):
    report_in("completed", people)  # satisfied
    auto, _ = report_in("responded", people)
    a.report_auto_close(auto)  # the reply window passed
    report_in("responded", people)  # waiting for the reporter: not completed yet
    report_in("in_progress", people)
    report_in("unverified", people)  # never disposed: not counted at all
    report_in("rejected", people)  # not disposed either
    direct, _ = file_report(institution=people.sleman)  # straight to the chosen institution

    figures = completion(today(), today())

    assert (figures.disposed, figures.completed, figures.auto_closed) == (5, 2, 1)
    assert figures.percent == 40.0
    assert figures.auto_percent == 20.0
    assert figures.satisfied == 1
    assert direct.status == "disposed"


def test_a_forwarded_or_reverified_report_counts_once_in_its_current_state(people):
    report, _ = report_in("in_progress", people)
    a.report_forward(
        report, by("institution_admin", people.sari), institution=people.semarang, note="Salah."
    )
    assert completion(today(), today()).disposed == 1


def test_reports_disposed_outside_the_period_are_left_out(people):
    with clock.at(timezone.now() - dt.timedelta(days=120)):
        report_in("completed", people)
    report_in("in_progress", people)
    figures = completion(today(), today())
    assert (figures.disposed, figures.completed) == (1, 0)
    assert completion(today() - dt.timedelta(days=130), today()).completed == 1


def test_no_dispositions_means_no_percentage_rather_than_zero(people):
    figures = completion(today(), today())
    assert figures.disposed == 0 and figures.percent is None and figures.auto_percent is None


def test_reports_this_month_counts_every_report_received_this_calendar_month(people):
    file_report()
    file_report(confidential=True)
    with clock.at(timezone.now() - dt.timedelta(days=40)):
        file_report()
    assert reports_in_month(today()) == 2
    assert national_figures().reports_this_month == 2


def test_the_completion_period_is_the_three_full_months_before_this_one():
    assert completion_period(dt.date(2026, 12, 12)) == (dt.date(2026, 9, 1), dt.date(2026, 11, 30))
    assert completion_period(dt.date(2026, 1, 31)) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
