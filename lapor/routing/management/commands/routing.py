"""`lapor routing evaluate|train|suggest|status|auto-dispose`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lapor.routing.evaluate import main


class Command(BaseCommand):
    help = "Saran penerusan: evaluasi, latih ulang model, coba saran, status, disposisi otomatis."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "evaluate",
            add_help=False,
            help="latih pada satu CSV dan nilai pada CSV lain (tanpa basis data; lihat --help)",
        ).add_argument("rest", nargs="*")
        tr = sub.add_parser("train", help="latih model baru dari riwayat disposisi")
        tr.add_argument("--min-reports", type=int, default=None)
        tr.add_argument("--jobs", type=int, default=1)
        sg = sub.add_parser("suggest", help="saran untuk sebuah teks atau laporan")
        sg.add_argument("text", nargs="?", default="")
        sg.add_argument("--report", help="nomor pelacakan laporan")
        sub.add_parser("status", help="versi model aktif dan mutunya")
        ad = sub.add_parser(
            "auto-dispose", help="disposisi otomatis per kategori (mati secara bawaan)"
        )
        ad.add_argument("category", nargs="?", help="slug kategori")
        ad.add_argument(
            "min_confidence",
            nargs="?",
            help="keyakinan minimal 0,5–1,0, atau 'off' untuk mematikan",
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, "_" + action.replace("-", "_"))(**options)

    # --- evaluate (no database) ---------------------------------------------------------------

    def _evaluate(self, **o: Any) -> None:
        code = main(o["rest"], self.stdout, self.stderr)
        if code:
            raise CommandError("evaluasi gagal", returncode=code)

    # --- with the database --------------------------------------------------------------------

    def _train(self, **o: Any) -> None:
        from lapor.routing.training import NotEnoughHistory, train

        try:
            row = train(min_reports=o["min_reports"], n_jobs=max(1, o["jobs"]))
        except NotEnoughHistory as exc:
            raise CommandError(f"Model tidak dilatih: {exc}") from None
        self.stdout.write(
            f"model v{row.version}: {row.reports} laporan, {row.labels} instansi/unit, "
            f"{row.seconds:.1f} detik; uji: {json.dumps(row.metrics)}"
        )

    def _suggest(self, **o: Any) -> None:
        from lapor.reports.models import Report
        from lapor.routing.router import suggest, suggest_for_report

        if o["report"]:
            report = Report.objects.filter(tracking_id=o["report"]).first()
            if report is None:
                raise CommandError(f"Laporan {o['report']!r} tidak ditemukan.")
            result = suggest_for_report(report)
        elif o["text"].strip():
            result = suggest("", o["text"])
        else:
            raise CommandError("Berikan teks laporan atau --report <nomor pelacakan>.")
        self.stdout.write(f"model: {result.model_version}")
        for c in result.candidates:
            unit = f" / {c.unit.name}" if c.unit else ""
            self.stdout.write(f"{c.confidence:6.1%}  {c.institution.name}{unit}")
            for reason in c.reasons:
                self.stdout.write(f"        - {reason}")
        if result.category:
            self.stdout.write(
                f"kategori: {result.category.name} ({result.category_confidence:.0%})"
            )

    def _status(self, **o: Any) -> None:
        from lapor.routing.models import AutoDispose, RoutingModel

        active = RoutingModel.objects.filter(active=True).first()
        if active is None:
            self.stdout.write("model: awal (cold start, belum ada model terlatih)")
        else:
            self.stdout.write(
                f"model v{active.version} dilatih {active.created_at:%Y-%m-%d %H:%M} pada "
                f"{active.reports} laporan; uji: {json.dumps(active.metrics)}"
            )
        for rule in AutoDispose.objects.select_related("category"):
            state = "aktif" if rule.enabled else "mati"
            self.stdout.write(
                f"disposisi otomatis {rule.category.slug}: ≥ {rule.min_confidence:.2f} ({state})"
            )

    def _auto_dispose(self, **o: Any) -> None:
        from lapor.directory.models import Category
        from lapor.routing.models import AutoDispose

        slug, value = o.get("category"), o.get("min_confidence")
        if not slug:
            return self._status()
        category = Category.objects.filter(slug=slug).first()
        if category is None:
            raise CommandError(f"Kategori {slug!r} tidak dikenal (lihat GET /api/v1/categories).")
        if value is None:
            raise CommandError("Berikan keyakinan minimal (0,5–1,0) atau 'off'.")
        if value.lower() == "off":
            AutoDispose.objects.filter(category=category).update(enabled=False)
            self.stdout.write(f"disposisi otomatis {slug}: mati")
            return None
        try:
            threshold = float(value.replace(",", "."))
        except ValueError:
            raise CommandError(f"Keyakinan minimal {value!r} bukan angka.") from None
        if not 0.5 <= threshold <= 1.0:
            raise CommandError("Keyakinan minimal harus antara 0,5 dan 1,0.")
        AutoDispose.objects.update_or_create(
            category=category, defaults={"min_confidence": threshold, "enabled": True}
        )
        self.stdout.write(f"disposisi otomatis {slug}: aktif, keyakinan minimal {threshold:.2f}")
        return None
