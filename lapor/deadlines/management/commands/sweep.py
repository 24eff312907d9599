"""`lapor sweep [--at ISO-TIME]`: run the deadline sweeps once (the worker runs them every 5 min)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lapor.deadlines.sweeps import run_sweeps


class Command(BaseCommand):
    help = "Jalankan sapuan batas waktu sekali: eskalasi, tutup otomatis, kedaluwarsa, rujukan Ombudsman."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--at", help="waktu acuan ISO 8601 (bawaan: sekarang), untuk simulasi")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options.get("at"):
            try:
                now = dt.datetime.fromisoformat(options["at"])
            except ValueError:
                raise CommandError(
                    f"Waktu tidak valid: {options['at']!r} (contoh 2026-12-04T09:00+07:00)"
                ) from None
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        result = run_sweeps(now)
        self.stdout.write(
            ", ".join(f"{k} {v}" for k, v in result.as_dict().items())
            + f" (acuan {now.isoformat()})"
        )
