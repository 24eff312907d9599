"""Scripted deadline demo: time moves forward day by day; an unanswered report escalates on
the right working days, an answered one auto-closes after 10 working days, and a real
`lapor worker` process delivers the notifications (console e-mail backend).

    .venv/bin/python scripts/deadline_scenario.py            # broker-less default (SQLite queue)
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python scripts/deadline_scenario.py

Uses a fresh SQLite database in a temporary folder; nothing else is touched.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="lapor-scenario-"))
    os.environ.update(DEBUG="true", LAPOR_DATA_DIR=str(folder), HUEY_NAME=f"scenario-{folder.name}")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lapor.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from lapor import clock
    from lapor.channels.models import Outbox
    from lapor.deadlines.sweeps import run_sweeps
    from lapor.directory.demo import seed_demo_directory
    from lapor.directory.loader import load_directory
    from lapor.directory.models import Institution, StaffRole
    from lapor.reports import actions as a
    from lapor.reports.actions import By, Submission
    from lapor.reports.lifecycle import Actor
    from lapor.reports.models import Event

    call_command("migrate", verbosity=0)
    load_directory()
    seed_demo_directory()
    queue = (
        "Redis " + os.environ["REDIS_URL"]
        if os.environ.get("REDIS_URL")
        else "SQLite (tanpa broker)"
    )
    print(f"Antrean tugas: {queue}; basis data: {folder / 'lapor.sqlite3'}")
    log = open(folder / "worker.log", "w")  # noqa: SIM115 - kept open for the worker's lifetime
    worker = subprocess.Popen(
        [str(Path(sys.executable).with_name("lapor")), "worker"], stdout=log, stderr=log
    )
    time.sleep(2)

    sleman = Institution.objects.government_of("34.04")
    national = By(
        Actor.NATIONAL_ADMIN, StaffRole.objects.filter(role="national_admin").first().user
    )
    admin = By(
        Actor.INSTITUTION_ADMIN,
        StaffRole.objects.filter(role="institution_admin", institution=sleman).first().user,
    )
    officer_role = StaffRole.objects.filter(role="unit_officer", institution=sleman).first()
    officer = By(Actor.UNIT_OFFICER, officer_role.user)
    start = dt.datetime(2026, 11, 30, 9, 0, tzinfo=WIB)  # a Monday
    with clock.at(start):
        quiet, _ = a.report_submit(
            Submission(
                type="pengaduan",
                title="Jalan rusak belum ditangani",
                body="Jalan di depan balai desa rusak parah sejak sebulan lalu.",
                reporter_email="pelapor.a@contoh.id",
            )
        )
        a.report_verify(quiet, national, institution=sleman)
        a.report_accept(quiet, admin)
        answered, _ = a.report_submit(
            Submission(
                type="pengaduan",
                title="KTP belum dicetak",
                body="KTP-el saya sudah tiga bulan belum dicetak di Disdukcapil.",
                reporter_email="pelapor.b@contoh.id",
            )
        )
        a.report_verify(answered, national, institution=sleman)
        a.report_accept(answered, admin)
        a.report_assign(answered, admin, unit=officer_role.unit)
        a.report_respond(
            answered, officer, text="KTP-el sudah dicetak dan bisa diambil di kecamatan."
        )
    print(
        f"Senin 30 Nov 2026 09:00 WIB: {quiet.tracking_id} diterima tanpa tindak lanjut; "
        f"{answered.tracking_id} sudah ditanggapi (final)."
    )
    day = start
    while day.date() <= dt.date(2026, 12, 16):
        day += dt.timedelta(days=1)
        moment = day.replace(hour=0, minute=30)
        result = run_sweeps(moment)
        happened = {k: v for k, v in result.as_dict().items() if v}
        if happened:
            print(f"{moment:%a %d %b %Y %H:%M} WIB: {happened}")
    for report in (quiet, answered):
        report.refresh_from_db()
        escalations = [
            f"tingkat {e.data['level']} ({e.created_at.astimezone(WIB):%d %b})"
            for e in Event.objects.filter(report=report, action="escalate")
        ]
        legs = ", ".join(f"{leg.name}={leg.outcome or 'berjalan'}" for leg in report.legs.all())
        print(
            f"{report.tracking_id}: status {report.status}, otomatis={report.auto_closed}, "
            f"eskalasi {escalations or '-'}; tahap: {legs}"
        )
    deadline = time.monotonic() + 60
    while Outbox.objects.filter(done_at__isnull=True).exists() and time.monotonic() < deadline:
        time.sleep(1)
    time.sleep(1)
    worker.terminate()
    worker.wait(20)
    log.close()
    sent = (folder / "worker.log").read_text(errors="replace").count("Subject:")
    print(
        f"Outbox: {Outbox.objects.count()} baris, {Outbox.objects.filter(done_at__isnull=False).count()} "
        f"selesai; e-mail terkirim lewat backend konsol: {sent} (log: {folder / 'worker.log'})"
    )


if __name__ == "__main__":
    main()
