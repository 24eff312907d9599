"""Real worker processes: a separate "web" process files a report, `lapor worker` processes
(several of them on Redis when REDIS_URL is set, one on the SQLite queue otherwise) deliver the
reporter's e-mail exactly once. Runs against the test database of whichever backend is in use."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

SUBMIT = """
import django
django.setup()
from lapor.reports.actions import Submission, report_submit
report, _ = report_submit(Submission(
    type="pengaduan", title="Lampu jalan mati",
    body="Lampu jalan di depan pasar mati sejak seminggu dan jalan menjadi gelap.",
    reporter_email="pelapor@contoh.id"))
print(report.tracking_id)
"""


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return "sqlite:///" + str(db["NAME"])
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def process_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "HUEY_IMMEDIATE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lapor.settings",
        SECRET_KEY="worker-test-secret-key-0123456789-abcdefghij",
        DEBUG="false",
        DATABASE_URL=database_url(),
        LAPOR_DATA_DIR=str(tmp_path),
        HUEY_FILE=str(tmp_path / "queue.sqlite3"),
        HUEY_NAME=f"lapor-test-{uuid.uuid4().hex[:8]}",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
        HUEY_WORKERS="2",
    )
    return env


@pytest.mark.django_db(transaction=True)
def test_real_worker_processes_deliver_each_notification_once(directory, tmp_path):
    env = process_env(tmp_path)
    lapor = str(Path(sys.executable).with_name("lapor"))
    count = 2 if settings.REDIS_URL else 1  # the SQLite queue is for one worker process
    workers = [
        subprocess.Popen(
            [lapor, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        for _ in range(count)
    ]
    try:
        time.sleep(2)  # let the consumers start
        submitted = subprocess.run(
            [sys.executable, "-c", SUBMIT], env=env, capture_output=True, text=True, timeout=120
        )
        assert submitted.returncode == 0, submitted.stderr
        tracking_id = submitted.stdout.strip().splitlines()[-1]
        mail_dir = tmp_path / "mail"
        deadline = time.monotonic() + 60
        messages: list[str] = []
        while time.monotonic() < deadline:
            if mail_dir.exists():
                messages = [p.read_text(errors="replace") for p in mail_dir.iterdir()]
                if any(tracking_id in m for m in messages):
                    break
            time.sleep(0.5)
        time.sleep(2)  # a second worker would have sent its duplicate by now
        messages = (
            [p.read_text(errors="replace") for p in mail_dir.iterdir()] if mail_dir.exists() else []
        )
        to_reporter = [m for m in messages if "pelapor@contoh.id" in m and tracking_id in m]
        assert len(to_reporter) == 1, [w.poll() for w in workers]
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(20)
            except subprocess.TimeoutExpired:
                worker.kill()
