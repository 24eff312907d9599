"""The `lapor` console command: the project's own management commands, listed in `lapor --help`.

Any other Django management command (migrate, runserver, ...) is passed through as well.
"""

from __future__ import annotations

import os
import sys

COMMANDS = {
    "directory": "direktori nasional: `lapor directory load` memuat wilayah, instansi, kategori",
    "staff": "staf dan peran: `lapor staff add --username U --role ROLE [--institution KODE]`",
    "demo": "data contoh untuk demo (unit kerja, staf daerah percontohan, laporan)",
    "worker": "pekerja latar: notifikasi, sapuan batas waktu tiap 5 menit, ringkasan harian",
    "sweep": "jalankan sapuan batas waktu sekali: `lapor sweep [--at WAKTU]`",
    "calendar": "kalender hari kerja: `lapor calendar list|add|remove`",
    "routing": "saran penerusan: `lapor routing evaluate|train|suggest|status|auto-dispose`",
    "migrate": "buat atau perbarui skema basis data",
    "runserver": "jalankan server web pengembangan",
}


def usage() -> str:
    width = max(len(name) for name in COMMANDS)
    lines = [
        "Pemakaian: lapor <perintah> [opsi]   (lapor <perintah> --help untuk opsi)",
        "",
        "Perintah:",
        *(f"  {name.ljust(width)}  {text}" for name, text in COMMANDS.items()),
        "",
        "Perintah manajemen Django lain juga dapat dipanggil (lapor help --commands).",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(usage())
        sys.exit(0 if args else 2)
    if args[:2] == ["routing", "evaluate"]:
        # Offline evaluation needs neither settings nor a database.
        from lapor.routing.evaluate import main as evaluate

        sys.exit(evaluate(args[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lapor.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["lapor", *args])
    except ImproperlyConfigured as exc:
        print(f"Konfigurasi salah: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
