"""`lapor directory load`: idempotent, and a bad source changes nothing."""

import json
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lapor.directory.loader import DATA_DIR, load_directory
from lapor.directory.models import Institution, Region

pytestmark = pytest.mark.django_db


def test_reloading_changes_nothing(capsys):
    result = load_directory()
    assert not result.changed
    call_command("directory", "load")
    out = capsys.readouterr().out
    assert "tidak ada perubahan" in out
    assert "Provinsi 38, kabupaten/kota 514, kecamatan 7285" in out


def test_reloading_repairs_a_renamed_institution():
    pln = Institution.objects.get(acronym="PLN")
    pln.name = "Salah"
    pln.save()
    result = load_directory()
    assert result.tallies["central_institutions"].updated == 1
    pln.refresh_from_db()
    assert pln.name != "Salah"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda path: path.write_text("[{", encoding="utf-8"), "rusak"),
        (lambda path: path.unlink(), "tidak ditemukan"),
        (lambda path: path.write_text("[]", encoding="utf-8"), "tidak kosong"),
    ],
)
def test_a_corrupt_or_missing_source_fails_clearly_and_writes_nothing(tmp_path, damage, message):
    shutil.copytree(DATA_DIR, tmp_path / "data")
    damage(tmp_path / "data" / "central_institutions.json")
    before = Institution.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("directory", "load", "--source", str(tmp_path / "data"))
    assert Institution.objects.count() == before


def test_a_partial_source_is_rolled_back_whole(tmp_path):
    shutil.copytree(DATA_DIR, tmp_path / "data")
    path = tmp_path / "data" / "central_institutions.json"
    entries = json.loads(path.read_text(encoding="utf-8"))
    entries[0]["name"] = "Nama Baru Yang Tidak Boleh Tersimpan"
    entries[-1]["kind"] = "kerajaan"
    path.write_text(json.dumps(entries), encoding="utf-8")
    Region.objects.filter(code="96.71").update(name="Kota Lama")
    with pytest.raises(CommandError, match="jenis tidak dikenal"):
        call_command("directory", "load", "--source", str(tmp_path / "data"))
    assert not Institution.objects.filter(name="Nama Baru Yang Tidak Boleh Tersimpan").exists()
    # The region repair that ran before the failure was rolled back as well.
    assert Region.objects.get(code="96.71").name == "Kota Lama"
