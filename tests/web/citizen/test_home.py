"""The home page: what LAPOR! is for, the five steps with their deadlines, the way in, and
the live national figures."""

from __future__ import annotations

import pytest

from tests.conftest import report_in
from tests.web.citizen.conftest import text

pytestmark = pytest.mark.django_db


def test_home_explains_the_steps_with_their_deadlines_and_leads_to_the_form(client):
    page = text(client.get("/"))
    assert '<html lang="id">' in page
    assert "Tulis laporan" in page and 'href="/lapor/"' in page
    for deadline in (
        "paling lambat 3 hari kerja",
        "paling lambat 5 hari kerja",
        "dalam 10 hari kerja",
    ):
        assert deadline in page
    assert 'href="/lacak/"' in page


def test_home_shows_reports_this_month_and_the_completion_percentage(client, people):
    report_in("unverified", people)
    page = text(client.get("/"))
    assert "Laporan masuk bulan ini" in page
    assert "Persentase penyelesaian tindak lanjut" in page
    assert "Di antaranya ditutup otomatis" in page


def test_home_in_english(english):
    response = english.get("/")
    assert response.status_code == 200
    assert '<html lang="en">' in text(response)
    assert 'value="id"' in text(response)  # the switch back to Indonesian


def test_the_language_switch_remembers_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/lapor/"})
    assert response.status_code == 302 and response["Location"] == "/lapor/"
    assert '<html lang="en">' in text(client.get("/lapor/"))
