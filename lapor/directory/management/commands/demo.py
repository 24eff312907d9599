"""`lapor demo`: realistic demo data (units, staff of the pilot regions, reports). Idempotent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lapor.directory.demo import DEMO_PASSWORD, DEMO_STAFF, seed_demo_directory
from lapor.directory.models import Institution


class Command(BaseCommand):
    help = "Isi data contoh: unit kerja, staf daerah percontohan, dan laporan. Aman diulang."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="izinkan juga saat DEBUG=false (akun demo berkata sandi umum)",
        )
        parser.add_argument(
            "--reports", type=int, default=240, help="jumlah laporan demo (bawaan 240)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Data demo membuat akun dengan kata sandi umum; jalankan hanya dengan DEBUG=true "
                "atau tambahkan --force."
            )
        if not Institution.objects.exists():
            raise CommandError("Direktori masih kosong: jalankan `lapor directory load` dahulu.")
        counts = seed_demo_directory()
        self.stdout.write(f"Unit kerja baru: {counts['units']}; staf: {counts['staff']}")
        from lapor.reports.demo import seed_demo_reports

        statuses = seed_demo_reports(options["reports"])
        self.stdout.write(
            f"Laporan demo: {sum(statuses.values())} ("
            + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
            + ")"
        )
        self._routing()
        self.stdout.write(f"Akun demo (kata sandi {DEMO_PASSWORD}):")
        for person in DEMO_STAFF:
            self.stdout.write(f"  {person.username:<16} {person.note}")
        self.stdout.write(f"  {'warga':<16} Warga (pelapor dengan akun)")

    def _routing(self) -> None:
        """Learn from the demo's dispositions, and show a suggestion and a duplicate."""
        from lapor.reports.lifecycle import Status
        from lapor.reports.models import Report
        from lapor.routing.duplicates import find_duplicates
        from lapor.routing.router import suggest_for_report
        from lapor.routing.training import NotEnoughHistory, train

        try:
            row = train(min_reports=20)
            self.stdout.write(
                f"Model saran penerusan v{row.version}: {row.reports} laporan, "
                f"{row.labels} instansi/unit"
            )
        except NotEnoughHistory as exc:
            self.stdout.write(f"Model saran penerusan belum dilatih: {exc}")
        waiting = Report.objects.filter(status=Status.UNVERIFIED).order_by("created_at")
        for report in waiting[:50]:
            top = suggest_for_report(report, k=1).top
            if top is not None and top.confidence >= 0.5:
                self.stdout.write(
                    f"Saran untuk {report.tracking_id}: {top.institution.name} "
                    f"({top.confidence:.0%})"
                )
                break
        for report in waiting[:80]:
            matches = find_duplicates(report, limit=1)
            if matches:
                self.stdout.write(
                    f"Kemungkinan duplikat: {report.tracking_id} ~ "
                    f"{matches[0].report.tracking_id} ({matches[0].score:.0%})"
                )
                break
