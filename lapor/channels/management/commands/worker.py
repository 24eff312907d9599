"""`lapor worker`: the background worker (Huey consumer) that sends notifications and runs the
periodic jobs. Before starting it works through any outbox rows left behind (a worker that
was down, a lost wake-up), so nothing waits for the first periodic tick."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from lapor.channels.outbox import outbox_process


class Command(BaseCommand):
    help = "Jalankan pekerja latar (Huey): kirim notifikasi dan jalankan tugas berkala."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="proses antrean outbox sekali lalu berhenti (untuk cron atau pemeriksaan)",
        )
        parser.add_argument("--workers", type=int, default=None, help="jumlah thread pekerja Huey")

    def handle(self, *args: Any, **options: Any) -> None:
        stats = outbox_process()
        self.stdout.write(f"outbox: {stats}")
        if options["once"]:
            return
        huey_settings: dict[str, Any] = settings.HUEY if isinstance(settings.HUEY, dict) else {}
        workers = options["workers"] or huey_settings.get("consumer", {}).get("workers", 1)
        self.stdout.write(f"menjalankan Huey dengan {workers} pekerja")
        call_command("run_huey", workers=workers)
