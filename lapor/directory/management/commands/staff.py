"""`lapor staff add --username U --role ROLE [--institution CODE] [--unit CODE] [--email E]`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lapor.directory.models import Institution, Role, StaffRole
from lapor.directory.staff import staff_add


class Command(BaseCommand):
    help = "Kelola staf: tambah peran (mencetak token API pada baris terakhir) atau daftar peran."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="buat staf atau tambahkan peran pada staf yang ada")
        add.add_argument("--username", required=True)
        add.add_argument("--role", required=True, choices=Role.values)
        add.add_argument("--institution", help="kode instansi")
        add.add_argument("--unit", help="kode unit kerja di instansi itu")
        add.add_argument(
            "--email", default="", help="kirim tautan pembuatan kata sandi ke alamat ini"
        )
        listing = sub.add_parser("list", help="daftar peran staf")
        listing.add_argument("--institution", help="kode instansi")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "list":
            roles = StaffRole.objects.select_related("user", "institution", "unit").order_by(
                "user__username"
            )
            if options.get("institution"):
                roles = roles.filter(institution__code=options["institution"])
            for role in roles:
                self.stdout.write(str(role))
            return
        institution = unit = None
        if options.get("institution"):
            institution = Institution.objects.filter(code=options["institution"]).first()
            if institution is None:
                raise CommandError(
                    f"Instansi dengan kode {options['institution']!r} tidak dikenal "
                    "(cari kodenya di /api/v1/institutions?search=...)."
                )
        if options.get("unit"):
            if institution is None:
                raise CommandError("--unit membutuhkan --institution.")
            unit = institution.units.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(
                    f"Unit kerja {options['unit']!r} tidak ada di {institution.code}."
                )
        if options["email"] and "@" not in options["email"]:
            raise CommandError(f"Alamat e-mail tidak valid: {options['email']!r}.")
        try:
            user, role, token = staff_add(
                username=options["username"],
                role=options["role"],
                institution=institution,
                unit=unit,
                email=options["email"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"Peran: {role}")
        if options["email"]:
            self.stdout.write(f"Tautan pembuatan kata sandi dikirim ke {options['email']}.")
        self.stdout.write(token)
