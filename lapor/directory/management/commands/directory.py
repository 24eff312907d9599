"""`lapor directory load [--source DIR]`: load regions, institutions and categories."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lapor.directory.loader import LoadError, load_directory
from lapor.directory.models import Category, Institution, Region, WorkUnit


class Command(BaseCommand):
    help = "Muat direktori nasional (wilayah, instansi, unit kerja, kategori). Aman diulang."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="muat atau perbarui direktori dari data bawaan")
        load.add_argument(
            "--source", type=Path, help="folder berisi file JSON sumber (bawaan: data proyek)"
        )
        sub.add_parser("counts", help="tampilkan jumlah isi direktori")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "load":
            try:
                result = load_directory(options.get("source"))
            except LoadError as exc:
                raise CommandError(f"{exc}. Tidak ada yang diubah.") from None
            for name, tally in result.tallies.items():
                self.stdout.write(
                    f"{name}: {tally.total} ({tally.created} baru, {tally.updated} diperbarui, "
                    f"{tally.unchanged} tetap)"
                )
            self.stdout.write(
                "Selesai: "
                + ("direktori diperbarui." if result.changed else "tidak ada perubahan.")
            )
        self._counts()

    def _counts(self) -> None:
        levels = {lvl: Region.objects.filter(level=lvl).count() for lvl in (1, 2, 3)}
        self.stdout.write(
            f"Provinsi {levels[1]}, kabupaten/kota {levels[2]}, kecamatan {levels[3]}, "
            f"instansi {Institution.objects.count()} (aktif {Institution.objects.active().count()}), "
            f"unit kerja {WorkUnit.objects.count()}, kategori {Category.objects.count()}"
        )
