"""Indonesian working days: `holidays` (public + government categories: national holidays and
cuti bersama, Indonesian names) plus the admin-editable CalendarOverride table.

Due = the end (23:59:59) of the Nth working day after the start day, in the time zone of the
office holding the leg. A report filed on Friday 23:30 or on a holiday therefore starts
counting on the next working day.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

END_OF_DAY = dt.time(23, 59, 59)


@lru_cache(maxsize=64)
def _national(year: int) -> dict[dt.date, str]:
    table = holidays.country_holidays(
        "ID", years=year, categories=("public", "government"), language="id"
    )
    return dict(table.items())


def holiday_names(year: int) -> dict[dt.date, str]:
    return dict(_national(year))


class Calendar:
    """Working days for one scope (national, or one province's institutions)."""

    def __init__(self, province: str | None = None, *, load_overrides: bool = True):
        self.province = province
        self._overrides: dict[dt.date, tuple[str, str]] | None = None if load_overrides else {}

    def _override_table(self) -> dict[dt.date, tuple[str, str]]:
        if self._overrides is None:
            from django.db.models import Q

            from lapor.deadlines.models import CalendarOverride

            scope = Q(province__isnull=True)
            if self.province:
                scope |= Q(province_id=self.province)
            rows = CalendarOverride.objects.filter(scope).order_by("province_id")
            table: dict[dt.date, tuple[str, str]] = {}
            # National rows first, then the province's own (which win on the same day).
            for row in sorted(rows, key=lambda r: r.province_id is not None):
                table[row.date] = (row.kind, row.name)
            self._overrides = table
        return self._overrides

    def is_working_day(self, day: dt.date) -> bool:
        override = self._override_table().get(day)
        if override is not None:
            return override[0] == "working_day"
        return day.weekday() < 5 and day not in _national(day.year)

    def holiday_name(self, day: dt.date) -> str | None:
        override = self._override_table().get(day)
        if override is not None:
            return override[1] if override[0] == "holiday" else None
        return _national(day.year).get(day)

    def next_working_days(self, day: dt.date, n: int) -> dt.date:
        """The Nth working day strictly after `day`."""
        if n < 1:
            raise ValueError("n must be at least 1")
        current, found = day, 0
        while found < n:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                found += 1
        return current

    def add_working_days(self, start: dt.datetime, n: int, tz: str) -> dt.datetime:
        zone = ZoneInfo(tz)
        local_day = start.astimezone(zone).date()
        return dt.datetime.combine(self.next_working_days(local_day, n), END_OF_DAY, tzinfo=zone)

    def working_days_between(self, start: dt.datetime, end: dt.datetime, tz: str) -> int:
        """Working days after start's day up to and including end's day (negative if end is
        before start)."""
        zone = ZoneInfo(tz)
        a, b = start.astimezone(zone).date(), end.astimezone(zone).date()
        sign = 1
        if b < a:
            a, b, sign = b, a, -1
        count, current = 0, a
        while current < b:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return sign * count


def add_calendar_days(start: dt.datetime, n: int, tz: str) -> dt.datetime:
    zone = ZoneInfo(tz)
    day = start.astimezone(zone).date() + dt.timedelta(days=n)
    return dt.datetime.combine(day, END_OF_DAY, tzinfo=zone)


def due(start: dt.datetime, n: int, unit: str, tz: str, calendar: Calendar) -> dt.datetime:
    if unit == "calendar":
        return add_calendar_days(start, n, tz)
    return calendar.add_working_days(start, n, tz)
