"""Per-leg clocks, escalation, auto-close, expiry and referral sweeps."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from lapor.deadlines.sweeps import run_sweeps
from lapor.reports import actions as a
from lapor.reports.models import Event
from tests.conftest import by, report_in

WIB = ZoneInfo("Asia/Jakarta")
pytestmark = pytest.mark.django_db


def at(text):
    return dt.datetime.fromisoformat(text).replace(tzinfo=WIB)


def test_legs_follow_the_happy_path(people):
    with time_machine.travel(at("2026-11-30 09:00"), tick=False):
        report, _t = report_in("unverified", people)
        leg = report.legs.get(name="verification")
        assert leg.due_at == at("2026-12-03 23:59:59")
        assert report.current_leg == "verification"
    with time_machine.travel(at("2026-12-02 10:00"), tick=False):
        a.report_verify(report, by("national_admin", people.nadia), institution=people.sleman)
    report.refresh_from_db()
    assert report.legs.get(name="verification").outcome == "met"
    follow_up = report.legs.get(name="follow_up")
    assert follow_up.due_at == at("2026-12-09 23:59:59")
    assert follow_up.institution == people.sleman
    assert report.current_leg == "follow_up" and report.due_at == follow_up.due_at


def test_a_late_verification_is_recorded_as_missed_against_the_national_admin(people):
    with time_machine.travel(at("2026-11-30 09:00"), tick=False):
        report, _t = report_in("unverified", people)
    with time_machine.travel(at("2026-12-07 09:00"), tick=False):
        a.report_verify(report, by("national_admin", people.nadia), institution=people.sleman)
    leg = report.legs.get(name="verification")
    assert leg.outcome == "missed" and leg.holder == "national"


def test_the_resolution_tier_sets_the_resolution_due(people):
    with time_machine.travel(at("2026-11-30 09:00"), tick=False):
        report, _t = report_in("in_progress", people)
        a.report_set_tier(
            report, by("institution_admin", people.sari), tier=14, reason="Perlu cek lapangan."
        )
        leg = report.legs.get(name="resolution", stopped_at__isnull=True)
        assert leg.length == 14
        assert leg.due_at == at("2026-12-18 23:59:59")
        with pytest.raises(a.Invalid):
            a.report_set_tier(report, by("institution_admin", people.sari), tier=7, reason="x")


def test_overdue_follow_up_escalates_once_per_step_even_when_swept_twice(people):
    with time_machine.travel(at("2026-11-30 09:00"), tick=False):
        report, _t = report_in("in_progress", people)
    assert run_sweeps(at("2026-12-07 10:00")).escalated == 0
    assert run_sweeps(at("2026-12-08 10:00")).escalated == 1
    assert run_sweeps(at("2026-12-08 11:00")).escalated == 0
    first = Event.objects.get(report=report, action="escalate")
    assert first.data["roles"] == ["institution_admin"] and first.automatic
    assert not first.visible_to_reporter
    assert run_sweeps(at("2026-12-10 10:00")).escalated == 1
    second = Event.objects.filter(report=report, action="escalate").last()
    assert second.data["roles"] == ["national_admin", "supervisor"]
    assert run_sweeps(at("2026-12-20 10:00")).escalated == 0
    assert report.legs.get(name="follow_up").missed


def test_no_reply_within_ten_working_days_closes_automatically(people):
    with time_machine.travel(at("2026-11-30 09:00"), tick=False):
        report, _t = report_in("responded", people)
    assert run_sweeps(at("2026-12-14 10:00")).auto_closed == 0
    assert run_sweeps(at("2026-12-15 00:30")).auto_closed == 1
    report.refresh_from_db()
    assert report.status == "completed" and report.auto_closed
    assert run_sweeps(at("2026-12-16 00:30")).auto_closed == 0


def test_an_unanswered_hold_is_archived_as_withdrawn_after_30_days(people):
    with time_machine.travel(at("2026-11-30 09:00"), tick=False):
        report, _t = report_in("on_hold", people)
    assert run_sweeps(at("2026-12-30 10:00")).expired == 0
    assert run_sweeps(at("2026-12-31 00:30")).expired == 1
    report.refresh_from_db()
    assert report.status == "withdrawn"


def test_sixty_days_without_completion_asks_consent_then_refers(people):
    with time_machine.travel(at("2026-09-01 09:00"), tick=False):
        report, _t = report_in("in_progress", people)
    result = run_sweeps(at("2026-11-01 10:00"))
    assert result.proposed == 1 and result.referred == 0
    assert run_sweeps(at("2026-11-02 10:00")).proposed == 0
    with time_machine.travel(at("2026-11-03 09:00"), tick=False):
        a.report_consent_referral(report, by("reporter"))
    assert run_sweeps(at("2026-11-03 10:00")).referred == 1
    report.refresh_from_db()
    assert report.status == "referred"


def test_the_clock_pauses_while_waiting_for_the_reporter(people):
    with time_machine.travel(at("2026-11-30 09:00"), tick=False):
        report, _t = report_in("assigned", people)
        a.report_request_info(report, by("unit_officer", people.dodi), text="Foto lokasinya?")
    with time_machine.travel(at("2026-12-14 09:00"), tick=False):
        a.report_add_info(report, by("reporter"), text="Terlampir.")
    leg = report.legs.get(name="resolution", stopped_at__isnull=True)
    # 5 working days were left on Monday 30 Nov; they restart on 14 Dec.
    assert leg.due_at == at("2026-12-21 23:59:59")
    assert leg.paused_seconds == 14 * 24 * 3600


def test_the_sweep_command_reports_counts(people, capsys):
    call_command("sweep", "--at", "2026-12-08T10:00:00+07:00")
    assert "escalated 0" in capsys.readouterr().out
