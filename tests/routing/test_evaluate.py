"""`lapor routing evaluate`: trains on one CSV, scores another, needs no database."""

import json
import os
import subprocess
import sys
from pathlib import Path

from lapor.routing.evaluate import DataError, read_rows
from lapor.routing.text import strip_salutation

DATA = Path(__file__).parent / "data"
LAPOR = str(Path(sys.executable).with_name("lapor"))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    # No settings, no database: a bare environment is enough.
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [LAPOR, "routing", "evaluate", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_evaluate_prints_accuracy_and_a_json_last_line():
    done = run(
        "--train", str(DATA / "small_train.csv"), "--test", str(DATA / "small_test.csv"),
        "--strip-salutation", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    last = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(last) == {"top1", "top3", "top5", "n"}
    # Rows with an empty label are skipped; "Kementerian Baru" never occurs in training.
    assert last["n"] == 3
    assert last["top1"] == 1.0 and last["top3"] == 1.0
    assert "top-1" in done.stdout


def test_evaluate_refuses_a_missing_file_with_a_sentence():
    done = run("--train", "/nonexistent.csv", "--test", str(DATA / "small_test.csv"))
    assert done.returncode != 0
    assert "file not found" in done.stderr
    assert "Traceback" not in done.stderr


def test_evaluate_refuses_a_file_without_the_columns(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    done = run("--train", str(bad), "--test", str(DATA / "small_test.csv"))
    assert done.returncode != 0
    assert "missing column" in done.stderr and "Traceback" not in done.stderr


def test_read_rows_skips_empty_labels_and_strips_the_salutation_line():
    rows = read_rows(DATA / "small_train.csv", strip=True)
    assert len(rows) == 9
    assert not rows[0].text.splitlines()[1].startswith("Yth.")
    assert rows[0].label == "Dinas Perhubungan Kota Semarang"


def test_only_a_leading_yth_line_ending_in_a_comma_is_stripped():
    assert strip_salutation("Yth. Kantor Imigrasi,\nPaspor saya") == "Paspor saya"
    assert strip_salutation("yth. bpjs.. saya mau tanya") == "yth. bpjs.. saya mau tanya"
    assert strip_salutation("Isi\nYth. X,\n") == "Isi\nYth. X,\n"


def test_a_non_utf8_file_is_a_data_error(tmp_path):
    bad = tmp_path / "latin.csv"
    bad.write_bytes("id,title,body,addressed_to\n1,é,x,y\n".encode("latin-1"))
    try:
        read_rows(bad)
    except DataError as exc:
        assert "UTF-8" in str(exc)
    else:
        raise AssertionError("expected DataError")
