"""`lapor calendar list|add|remove`: the working-day calendar and its overrides."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lapor.deadlines.calendar import Calendar
from lapor.deadlines.models import CalendarOverride
from lapor.directory.models import Region


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Tanggal tidak valid: {value!r} (pakai YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = "Kalender hari kerja: daftar hari libur, tambah atau hapus koreksi (cuti bersama, libur daerah)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="hari libur dan koreksi dalam setahun")
        listing.add_argument("--year", type=int, default=None)
        listing.add_argument("--province", help="kode provinsi (mis. 51 untuk Bali)")
        add = sub.add_parser("add", help="tambah koreksi")
        add.add_argument("date")
        add.add_argument("--kind", choices=CalendarOverride.Kind.values, default="holiday")
        add.add_argument("--name", required=True, help="nama hari atau dasar hukum (SKB ...)")
        add.add_argument("--province", help="hanya untuk instansi di provinsi ini")
        remove = sub.add_parser("remove", help="hapus koreksi")
        remove.add_argument("date")
        remove.add_argument("--province")

    def _province(self, code: str | None) -> Region | None:
        if not code:
            return None
        region = Region.objects.filter(code=code, level=1).first()
        if region is None:
            raise CommandError(f"Provinsi dengan kode {code!r} tidak dikenal.")
        return region

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        province = self._province(options.get("province"))
        if action == "add":
            day = _date(options["date"])
            row, created = CalendarOverride.objects.update_or_create(
                date=day,
                province=province,
                defaults={"kind": options["kind"], "name": options["name"]},
            )
            self.stdout.write(("Ditambahkan: " if created else "Diperbarui: ") + str(row))
            return
        if action == "remove":
            day = _date(options["date"])
            deleted, _ = CalendarOverride.objects.filter(date=day, province=province).delete()
            if not deleted:
                raise CommandError(f"Tidak ada koreksi pada {day} untuk cakupan itu.")
            self.stdout.write(f"Dihapus: {day}")
            return
        year = options.get("year") or timezone.localdate().year
        calendar = Calendar(province.code if province else None)
        day = dt.date(year, 1, 1)
        while day.year == year:
            name = calendar.holiday_name(day)
            if name:
                self.stdout.write(f"{day:%Y-%m-%d} {day:%a}  {name}")
            elif day.weekday() >= 5 and calendar.is_working_day(day):
                self.stdout.write(f"{day:%Y-%m-%d} {day:%a}  hari kerja (koreksi)")
            day += dt.timedelta(days=1)
