"""Settings read from the environment fail loudly on bad values."""

import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from lapor.env import database_from_url, env_bool, env_int


def test_a_bad_boolean_is_refused(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", False)


def test_a_bad_number_is_refused(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "dua lima")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 25)


def test_database_urls(tmp_path):
    pg = database_from_url(
        "postgres://u:p%40ss@db.example:5433/lapor", sqlite_default=tmp_path / "x"
    )
    assert (pg["ENGINE"], pg["NAME"], pg["PASSWORD"], pg["PORT"]) == (
        "django.db.backends.postgresql",
        "lapor",
        "p@ss",
        "5433",
    )
    lite = database_from_url("", sqlite_default=tmp_path / "x.sqlite3")
    assert lite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in lite["OPTIONS"]["init_command"]
    with pytest.raises(ImproperlyConfigured, match="unsupported scheme"):
        database_from_url("mysql://x/y", sqlite_default=tmp_path / "x")
    with pytest.raises(ImproperlyConfigured, match="no database name"):
        database_from_url("postgres://host/", sqlite_default=tmp_path / "x")


def lapor(*args: str, **env: str) -> subprocess.CompletedProcess:
    import os

    full = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    full.update(env)
    return subprocess.run(
        [sys.executable, "-m", "lapor.cli", *args],
        capture_output=True,
        text=True,
        env=full,
        timeout=60,
    )


def test_production_without_a_secret_key_refuses_to_start():
    result = lapor("check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_lapor_help_lists_the_subcommands():
    result = lapor("--help")
    assert result.returncode == 0
    for name in ("directory", "staff", "demo"):
        assert name in result.stdout


def test_a_negative_deadline_length_is_refused_at_start_up():
    result = lapor("check", DEBUG="true", LAPOR_FOLLOW_UP_DAYS="-5")
    assert result.returncode != 0
    assert "LAPOR_FOLLOW_UP_DAYS" in result.stderr and "Traceback" not in result.stderr


def test_an_unknown_sms_backend_is_refused_at_start_up():
    result = lapor("check", DEBUG="true", SMS_BACKEND="merpati")
    assert result.returncode != 0
    assert "SMS_BACKEND" in result.stderr
