"""The batched escalation action (`report_escalate_many`) and the batched sweep that calls it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import Count

from lapor.channels.models import Outbox
from lapor.deadlines import sweeps
from lapor.deadlines.models import Leg
from lapor.deadlines.sweeps import run_sweeps
from lapor.reports import actions as a
from lapor.reports.models import Event, Holding
from tests.conftest import report_in

WIB = ZoneInfo("Asia/Jakarta")
pytestmark = pytest.mark.django_db
COMPARED = (
    "action",
    "actor_id",
    "actor_role",
    "from_status",
    "to_status",
    "reason",
    "text",
    "internal",
    "visible_to_reporter",
    "automatic",
    "institution_id",
    "unit_id",
    "data",
    "created_at",
)


def at(text):
    return dt.datetime.fromisoformat(text).replace(tzinfo=WIB)


def in_progress(people, n=1):
    with time_machine.travel(at("2026-11-30 09:00"), tick=False):
        return [report_in("in_progress", people)[0] for _ in range(n)]


def escalations(report):
    return list(Event.objects.filter(report=report, action="escalate").order_by("id"))


def test_writes_the_same_event_as_the_single_action_and_one_outbox_row_each(people):
    single, batched, other = in_progress(people, 3)
    data = {"roles": ["institution_admin"], "holder": "institution"}
    moment = at("2026-12-08 10:00")
    with time_machine.travel(moment, tick=False):
        a.report_escalate(single, leg="follow_up", level=1, data=data)
        outbox_before = Outbox.objects.count()
        written = a.report_escalate_many(
            [(batched.pk, "follow_up", 1, data), (other.pk, "resolution", 2, None)], moment
        )
    assert written == 2
    [expected], [got] = escalations(single), escalations(batched)
    for name in COMPARED:
        assert getattr(got, name) == getattr(expected, name), name
    assert got.data == {"leg": "follow_up", "level": 1, **data}
    assert got.automatic and not got.visible_to_reporter and got.actor_role == "system"
    [second] = escalations(other)
    assert second.reason == "resolution" and second.data == {"leg": "resolution", "level": 2}
    # One outbox row per event, pointing at it, like `_record` writes.
    assert Outbox.objects.count() == outbox_before + 2
    for event in (got, second):
        [row] = Outbox.objects.filter(event=event)
        assert row.kind == "event" and row.created_at == moment and row.done_at is None
    # Nothing on the report itself changes (see the docstring: `updated_at` is left alone).
    before = batched.updated_at
    batched.refresh_from_db()
    assert batched.updated_at == before and batched.status == "in_progress"
    assert Holding.objects.filter(report=batched, institution=people.sleman).count() == 1


def test_reports_that_closed_meanwhile_are_skipped_not_refused(people):
    [open_report] = in_progress(people)
    closed, _t = report_in("completed", people)
    rejected, _t = report_in("rejected", people)
    events_before = Event.objects.count()
    outbox_before = Outbox.objects.count()
    written = a.report_escalate_many(
        [
            (closed.pk, "follow_up", 1, None),
            (open_report.pk, "follow_up", 1, None),
            (rejected.pk, "verification", 1, None),
        ],
        at("2026-12-08 10:00"),
    )
    assert written == 1
    assert Event.objects.count() == events_before + 1
    assert Outbox.objects.count() == outbox_before + 1
    assert escalations(closed) == [] and escalations(rejected) == []
    assert len(escalations(open_report)) == 1


def test_nothing_to_write_writes_nothing(people):
    closed, _t = report_in("completed", people)
    events_before, outbox_before = Event.objects.count(), Outbox.objects.count()
    assert a.report_escalate_many([], at("2026-12-08 10:00")) == 0
    assert a.report_escalate_many([(closed.pk, "follow_up", 1, None)]) == 0
    assert (Event.objects.count(), Outbox.objects.count()) == (events_before, outbox_before)


def test_the_sweep_is_idempotent_and_tells_each_report_once_per_level(people):
    reports = in_progress(people, 3)
    # Follow-up and resolution (tier 5) fall due together: both legs claimed, one event.
    assert run_sweeps(at("2026-12-08 10:00")).escalated == 3
    assert run_sweeps(at("2026-12-08 10:00")).escalated == 0
    assert run_sweeps(at("2026-12-08 11:00")).escalated == 0
    for report in reports:
        [event] = escalations(report)
        assert event.data["level"] == 1 and event.reason == "follow_up"
        legs = Leg.objects.filter(report=report, name__in=("follow_up", "resolution"))
        assert {(leg.escalation_level, leg.missed) for leg in legs} == {(1, True)}
        assert Outbox.objects.filter(event=event).count() == 1
    assert run_sweeps(at("2026-12-10 10:00")).escalated == 3
    assert run_sweeps(at("2026-12-10 10:00")).escalated == 0
    assert run_sweeps(at("2026-12-20 10:00")).escalated == 0
    for report in reports:
        levels = [e.data["level"] for e in escalations(report)]
        assert levels == [1, 2]
        assert escalations(report)[1].data["roles"] == ["national_admin", "supervisor"]


def test_a_leg_claimed_by_someone_else_is_not_escalated_again(people):
    claimed, free = in_progress(people, 2)
    # Another worker already moved this report's legs up the ladder (its claim committed).
    Leg.objects.filter(report=claimed, name__in=("follow_up", "resolution")).update(
        escalation_level=1, missed=True
    )
    assert run_sweeps(at("2026-12-08 10:00")).escalated == 1
    assert escalations(claimed) == []
    assert len(escalations(free)) == 1


def test_a_closed_report_with_a_running_leg_keeps_its_leg_unclaimed(people):
    [report] = in_progress(people)
    # Inconsistent data (a leg left running on a closed report): skipped, nothing claimed.
    type(report).objects.filter(pk=report.pk).update(status="completed")
    assert run_sweeps(at("2026-12-08 10:00")).escalated == 0
    assert escalations(report) == []
    assert not Leg.objects.filter(report=report, escalation_level__gt=0).exists()


def test_batches_never_split_one_reports_legs(people, monkeypatch):
    monkeypatch.setattr(sweeps, "BATCH", 1)
    reports = in_progress(people, 4)
    assert run_sweeps(at("2026-12-10 10:00")).escalated == 4
    assert run_sweeps(at("2026-12-10 10:00")).escalated == 0
    per_level = (
        Event.objects.filter(action="escalate")
        .values("report", "data__level")
        .annotate(n=Count("id"))
    )
    assert sorted((row["report"], row["n"]) for row in per_level) == sorted(
        (r.pk, 1) for r in reports
    )
    # The second working day after the due day has ended: straight to the second step.
    for report in reports:
        [event] = escalations(report)
        assert event.data["level"] == 2
        assert event.data["roles"] == ["institution_admin", "national_admin", "supervisor"]


def test_a_ladder_step_is_reached_when_its_working_day_has_ended(people):
    # Follow-up due Monday 7 December 23:59:59 WIB; second step 2 working days after the due
    # day: reached once Wednesday 9 December has ended, not during it.
    [report] = in_progress(people)
    assert run_sweeps(at("2026-12-07 23:59:59")).escalated == 0
    assert run_sweeps(at("2026-12-09 10:00")).escalated == 1
    assert run_sweeps(at("2026-12-09 23:59:59")).escalated == 0
    assert run_sweeps(at("2026-12-10 00:00:01")).escalated == 1
    assert [e.data["level"] for e in escalations(report)] == [1, 2]
