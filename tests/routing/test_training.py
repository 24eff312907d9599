"""Learning from dispositions: training changes suggestions; every process picks up a new
version without a restart; a damaged model file falls back to the cold start."""

import logging
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lapor.directory.models import Institution
from lapor.reports.actions import report_return, report_verify
from lapor.routing.models import RoutingModel
from lapor.routing.router import model_path, reset_cache, suggest
from lapor.routing.training import NotEnoughHistory, history, train
from tests.channels.test_real_workers import process_env
from tests.conftest import by, file_report, make_people

# A topic no cold-start rule knows: boat queues at a harbour.
HARBOUR = [
    "Antrean kapal di dermaga {n} sangat panjang, bongkar muat peti kemas tertahan berhari-hari.",
    "Biaya sandar kapal di dermaga {n} naik tanpa pemberitahuan kepada nelayan dan pemilik kapal.",
    "Derek peti kemas di dermaga {n} rusak sehingga bongkar muat berhenti.",
]
FLOOD = [
    "Rob masuk ke permukiman di kampung {n} setiap sore, pompa air tidak menyala.",
    "Pompa rob di kampung {n} mati, air laut menggenangi rumah warga.",
    "Genangan rob di kampung {n} sudah seminggu belum surut.",
]


def make_history(people, per_label=30):
    nadia = by("national_admin", people.nadia)
    pelindo = Institution.objects.get(code="pelindo")
    for n in range(per_label):
        for texts, target in ((HARBOUR, pelindo), (FLOOD, people.semarang)):
            report, _t = file_report(title="Keluhan", body=texts[n % 3].format(n=n + 1))
            report_verify(report, nadia, institution=target)


QUESTION = "Peti kemas menumpuk karena antrean kapal di dermaga, bongkar muat lambat sekali."


@pytest.mark.django_db
def test_training_from_the_history_changes_the_suggestions(people):
    before = suggest("Keluhan", QUESTION)
    assert before.model_version == "cold-start"
    assert before.top is None or before.top.institution.code != "pelindo"
    make_history(people)
    row = train()
    assert row.version == 1 and row.reports == 60 and row.labels == 2
    assert model_path(1).exists()
    after = suggest("Keluhan", QUESTION)
    assert after.model_version == "1"
    assert after.top.institution.code == "pelindo"
    assert any("riwayat disposisi" in r for r in after.top.reasons)


@pytest.mark.django_db
def test_returned_reports_teach_nothing(people):
    nadia, sari = by("national_admin", people.nadia), by("institution_admin", people.sari)
    report, _t = file_report()
    report_verify(report, nadia, institution=people.sleman)
    assert [e.label for e in history()] == ["pemkab-sleman"]
    report_return(report, sari, reason="not_our_authority", note="Wewenang provinsi.")
    assert history() == []


@pytest.mark.django_db
def test_too_little_history_is_refused_with_a_sentence(people):
    with pytest.raises(NotEnoughHistory):
        train()
    with pytest.raises(CommandError, match="perlu sedikitnya"):
        call_command("routing", "train")


@pytest.mark.django_db
def test_a_damaged_model_file_falls_back_to_the_cold_start(people, caplog):
    make_history(people, per_label=25)
    train()
    model_path(1).write_bytes(b"not a model")
    reset_cache()
    with caplog.at_level(logging.WARNING, logger="lapor.routing.router"):
        result = suggest("KTP", "KTP saya di Kota Semarang belum jadi.")
    assert result.model_version == "cold-start"
    assert result.top.institution.code == "pemkot-semarang"
    assert "cannot be used" in caplog.text


@pytest.mark.django_db
def test_a_missing_model_file_falls_back_to_the_cold_start(people, caplog):
    make_history(people, per_label=25)
    train()
    model_path(1).unlink()
    reset_cache()
    with caplog.at_level(logging.WARNING, logger="lapor.routing.router"):
        assert suggest("", QUESTION).model_version == "cold-start"
    assert "cannot be used" in caplog.text


WATCHER = """
import sys, time, django
django.setup()
from lapor.routing.router import suggest
seen, errors, calls = None, 0, 0
deadline = time.monotonic() + 90
print("ready", flush=True)
while time.monotonic() < deadline:
    try:
        result = suggest("Keluhan", sys.argv[1])
        calls += 1
    except Exception as exc:  # counted, the test fails on any
        errors += 1
        print("error", type(exc).__name__, exc, flush=True)
        continue
    top = result.top.institution.code if result.top else "-"
    if result.model_version != seen:
        seen = result.model_version
        print("version", seen, top, flush=True)
    if seen == "2":
        break
print("done", calls, errors, flush=True)
"""


@pytest.mark.django_db(transaction=True)
def test_a_running_process_switches_to_each_new_version_without_restart(
    directory, tmp_path, settings
):
    settings.LAPOR_ROUTING_MODEL_DIR = tmp_path / "routing"
    people = make_people()
    make_history(people, per_label=25)
    env = process_env(tmp_path)
    env["LAPOR_ROUTING_RELOAD_SECONDS"] = "0"
    watcher = subprocess.Popen(
        [sys.executable, "-c", WATCHER, QUESTION],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert watcher.stdout is not None
        assert watcher.stdout.readline().strip() == "ready"
        assert watcher.stdout.readline().split()[:2] == ["version", "cold-start"]
        train()  # while the other process keeps suggesting
        first = watcher.stdout.readline().split()
        assert first == ["version", "1", "pelindo"]
        time.sleep(0.2)
        train()
        assert watcher.stdout.readline().split()[:2] == ["version", "2"]
        done = watcher.stdout.readline().split()
        assert done[0] == "done" and done[2] == "0", done
        assert int(done[1]) > 2
        assert RoutingModel.objects.filter(active=True).get().version == 2
    finally:
        watcher.kill()
        watcher.wait()
