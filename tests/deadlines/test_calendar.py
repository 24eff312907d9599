"""Working days: holidays and cuti bersama from `holidays`, overrides, time zones."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lapor.deadlines.calendar import Calendar
from lapor.deadlines.models import CalendarOverride

WIB = ZoneInfo("Asia/Jakarta")
pytestmark = pytest.mark.django_db


def at(text, tz=WIB):
    return dt.datetime.fromisoformat(text).replace(tzinfo=tz)


def test_three_working_days_from_a_monday_end_on_thursday_night():
    due = Calendar().add_working_days(at("2026-11-30 10:00"), 3, "Asia/Jakarta")
    assert due == at("2026-12-03 23:59:59")


def test_a_report_filed_on_friday_night_starts_counting_on_monday():
    due = Calendar().add_working_days(at("2026-11-27 23:30"), 3, "Asia/Jakarta")
    assert due == at("2026-12-02 23:59:59")


def test_christmas_and_its_cuti_bersama_are_not_working_days():
    calendar = Calendar()
    assert not calendar.is_working_day(dt.date(2026, 12, 24))
    assert not calendar.is_working_day(dt.date(2026, 12, 25))
    assert calendar.holiday_name(dt.date(2026, 12, 25)) == "Hari Raya Natal"
    due = calendar.add_working_days(at("2026-12-22 09:00"), 3, "Asia/Jakarta")
    assert due.date() == dt.date(2026, 12, 29)


def test_lebaran_week_is_skipped():
    due = Calendar().add_working_days(at("2026-03-17 09:00"), 3, "Asia/Jakarta")
    assert due.date() == dt.date(2026, 3, 27)


def test_due_is_the_end_of_day_in_the_holders_time_zone():
    due = Calendar("51").add_working_days(at("2026-11-30 10:00"), 1, "Asia/Makassar")
    assert due == dt.datetime(2026, 12, 1, 23, 59, 59, tzinfo=ZoneInfo("Asia/Makassar"))
    # Late evening in Jayapura is already the next day.
    due = Calendar("91").add_working_days(at("2026-11-30 23:30"), 1, "Asia/Jayapura")
    assert due.date() == dt.date(2026, 12, 2)


def test_an_override_adds_a_holiday_and_a_regional_one_only_for_that_province():
    CalendarOverride.objects.create(
        date=dt.date(2026, 12, 1), kind="holiday", name="Cuti bersama (SKB baru)"
    )
    CalendarOverride.objects.create(
        date=dt.date(2026, 12, 2), kind="holiday", name="Hari raya daerah", province_id="51"
    )
    assert Calendar().add_working_days(at("2026-11-30 10:00"), 1, "Asia/Jakarta").date() == dt.date(
        2026, 12, 2
    )
    assert Calendar("51").add_working_days(
        at("2026-11-30 10:00"), 1, "Asia/Makassar"
    ).date() == dt.date(2026, 12, 3)


def test_an_override_can_make_a_holiday_a_working_day():
    CalendarOverride.objects.create(
        date=dt.date(2026, 12, 24), kind="working_day", name="Cuti bersama dibatalkan"
    )
    assert Calendar().is_working_day(dt.date(2026, 12, 24))


def test_working_days_between_counts_both_ways():
    calendar = Calendar()
    assert (
        calendar.working_days_between(
            at("2026-11-30 10:00"), at("2026-12-04 10:00"), "Asia/Jakarta"
        )
        == 4
    )
    assert (
        calendar.working_days_between(
            at("2026-12-04 10:00"), at("2026-11-30 10:00"), "Asia/Jakarta"
        )
        == -4
    )


def test_the_calendar_command_adds_lists_and_removes(capsys):
    call_command("calendar", "add", "2026-12-31", "--name", "Cuti bersama akhir tahun")
    call_command("calendar", "list", "--year", "2026")
    out = capsys.readouterr().out
    assert "2026-12-31" in out and "Hari Raya Natal" in out
    call_command("calendar", "remove", "2026-12-31")
    with pytest.raises(CommandError, match="Tidak ada koreksi"):
        call_command("calendar", "remove", "2026-12-31")
    with pytest.raises(CommandError, match="Tanggal tidak valid"):
        call_command("calendar", "add", "31-12-2026", "--name", "x")
    with pytest.raises(CommandError, match="Provinsi"):
        call_command("calendar", "add", "2026-12-30", "--name", "x", "--province", "99")
