"""Calendar facts written out from the SKB decrees on national holidays and cuti bersama
(SKB Menteri Agama, Menteri Ketenagakerjaan dan MenPAN-RB), not computed with the library.

2025: SKB No. 1017/2024, 2/2024, 2/2024 (with the 2025 revision adding 18 August).
2026: SKB for 2026 signed September 2025.
2027: provisional — only fixed-date days are asserted until the 2027 decree is final.
"""

import datetime as dt

import pytest

from lapor.deadlines.calendar import Calendar

pytestmark = pytest.mark.django_db

HOLIDAYS_2025 = """
01-01 01-27 01-29 03-29 03-31 04-01 04-18 04-20 05-01 05-12 05-29 06-01 06-06 06-27 08-17 09-05 12-25
"""
CUTI_BERSAMA_2025 = "01-28 03-28 04-02 04-03 04-04 04-07 05-13 05-30 06-09 08-18 12-26"
HOLIDAYS_2026 = """
01-01 01-16 02-17 03-19 03-21 03-22 04-03 04-05 05-01 05-14 05-27 05-31 06-01 06-16 08-17 08-25 12-25
"""
CUTI_BERSAMA_2026 = "02-16 03-18 03-20 03-23 03-24 05-15 05-28 12-24"
FIXED_2027 = "01-01 05-01 06-01 08-17 12-25"


def days(year: int, text: str) -> list[dt.date]:
    return [dt.date(year, int(md[:2]), int(md[3:])) for md in text.split()]


@pytest.mark.parametrize(
    ("year", "listed"),
    [
        (2025, HOLIDAYS_2025 + CUTI_BERSAMA_2025),
        (2026, HOLIDAYS_2026 + CUTI_BERSAMA_2026),
        (2027, FIXED_2027),
    ],
)
def test_the_decreed_days_are_not_working_days(year, listed):
    calendar = Calendar()
    assert [d for d in days(year, listed) if calendar.is_working_day(d)] == []


@pytest.mark.parametrize(
    ("year", "listed"),
    [(2025, HOLIDAYS_2025 + CUTI_BERSAMA_2025), (2026, HOLIDAYS_2026 + CUTI_BERSAMA_2026)],
)
def test_every_other_weekday_is_a_working_day(year, listed):
    calendar = Calendar()
    off = set(days(year, listed))
    day, wrong = dt.date(year, 1, 1), []
    while day.year == year:
        if day.weekday() < 5 and day not in off and not calendar.is_working_day(day):
            wrong.append(day)
        day += dt.timedelta(days=1)
    assert wrong == []


def test_working_days_per_year_match_the_decrees():
    calendar = Calendar()
    for year, listed in (
        (2025, HOLIDAYS_2025 + CUTI_BERSAMA_2025),
        (2026, HOLIDAYS_2026 + CUTI_BERSAMA_2026),
    ):
        weekdays = sum(
            1
            for n in range(366)
            if (d := dt.date(year, 1, 1) + dt.timedelta(n)).year == year and d.weekday() < 5
        )
        off_weekdays = sum(1 for d in days(year, listed) if d.weekday() < 5)
        counted = sum(
            1
            for n in range(366)
            if (d := dt.date(year, 1, 1) + dt.timedelta(n)).year == year
            and calendar.is_working_day(d)
        )
        assert counted == weekdays - off_weekdays
