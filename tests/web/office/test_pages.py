"""Every back-office page renders for the persona it is for, in Indonesian and in English, and
refuses everyone else."""

import pytest

from lapor.channels.models import WebhookEndpoint
from lapor.web.models import ResponseTemplate
from tests.conftest import report_in
from tests.web.office.conftest import client_for, html

pytestmark = pytest.mark.django_db


def pages(people):
    assigned, _t = report_in("assigned", people)
    unverified, _t = report_in("unverified", people)
    referred, _t = report_in("referred", people)
    template = ResponseTemplate.objects.create(
        institution=people.sleman, title="KTP sudah jadi", text="KTP Anda sudah dicetak."
    )
    hook = WebhookEndpoint.objects.create(
        institution=people.sleman, url="https://sleman.example/hook", secret="s" * 32
    )
    sleman = "/kantor/instansi/pemkab-sleman"
    return [
        ("nadia", "/kantor/"),
        ("nadia", "/kantor/antrean/verifikasi/"),
        ("nadia", "/kantor/antrean/semua/"),
        ("nadia", f"/kantor/laporan/{unverified.tracking_id}/"),
        ("nadia", "/kantor/nasional/admin-instansi/"),
        ("nadia", "/kantor/instansi/?q=sleman"),
        ("nadia", "/kantor/keamanan/"),
        ("sari", "/kantor/"),
        ("sari", "/kantor/antrean/instansi/"),
        ("sari", f"/kantor/laporan/{assigned.tracking_id}/"),
        ("sari", f"{sleman}/"),
        ("sari", f"{sleman}/unit/"),
        ("sari", f"{sleman}/unit/disdukcapil/"),
        ("sari", f"{sleman}/staf/"),
        ("sari", f"{sleman}/templat/"),
        ("sari", f"{sleman}/templat/{template.pk}/"),
        ("sari", f"{sleman}/webhook/"),
        ("sari", f"{sleman}/webhook/{hook.pk}/"),
        ("dodi", "/kantor/antrean/unit/"),
        ("dodi", f"/kantor/laporan/{assigned.tracking_id}/"),
        ("putri", "/kantor/antrean/semua/"),
        ("putri", f"/kantor/laporan/{assigned.tracking_id}/"),
        ("oki", "/kantor/antrean/ombudsman/"),
        ("oki", f"/kantor/laporan/{referred.tracking_id}/"),
    ]


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_page_renders_in_both_languages(people, language):
    for persona, url in pages(people):
        response = client_for(getattr(people, persona), language).get(url)
        assert response.status_code == 200, (persona, url, response.status_code)
        body = html(response)
        assert f'<html lang="{language}">' in body, (persona, url)
        # The English switch (or back to Indonesian) is on every page.
        assert 'name="language"' in body
        assert "office/office.css" in body


def test_the_institution_settings_of_one_admin_redirect_to_their_institution(people):
    response = client_for(people.sari).get("/kantor/instansi/")
    assert response["Location"] == "/kantor/instansi/pemkab-sleman/"


@pytest.mark.parametrize(
    "persona, url, status",
    [
        ("sari", "/kantor/antrean/verifikasi/", 403),
        ("dodi", "/kantor/antrean/instansi/", 403),
        ("tono", "/kantor/antrean/unit/", 403),
        ("sari", "/kantor/antrean/ombudsman/", 403),
        ("sari", "/kantor/nasional/admin-instansi/", 403),
        ("tono", "/kantor/instansi/pemkab-sleman/", 404),
        ("tono", "/kantor/instansi/pemkab-sleman/unit/", 404),
        ("tono", "/kantor/instansi/pemkab-sleman/unit/disdukcapil/", 404),
        ("tono", "/kantor/instansi/pemkab-sleman/staf/", 404),
        ("tono", "/kantor/instansi/pemkab-sleman/templat/", 404),
        ("tono", "/kantor/instansi/pemkab-sleman/webhook/", 404),
        ("dodi", "/kantor/instansi/pemkab-sleman/", 404),
        ("dodi", "/kantor/instansi/", 404),
        ("citra", "/kantor/", 403),
        ("citra", "/kantor/antrean/semua/", 403),
        ("nadia", "/kantor/antrean/tidak-ada/", 404),
    ],
)
def test_a_page_refuses_whoever_it_is_not_for(people, persona, url, status):
    assert client_for(getattr(people, persona)).get(url).status_code == status


def test_the_navigation_shows_each_queue_with_its_count(people):
    report_in("disposed", people)
    report_in("in_progress", people)
    report_in("assigned", people)
    body = html(client_for(people.sari).get("/kantor/"))
    assert "Kotak masuk instansi" in body
    assert '<span class="count">2<span class="visually-hidden"> laporan</span>' in body
    assert "Antrean verifikasi" not in body  # not the institution admin's queue
    body = html(client_for(people.dodi).get("/kantor/"))
    assert "Daftar kerja unit" in body and "Kotak masuk instansi" not in body
    assert '<span class="count">1<span class="visually-hidden"> laporan</span>' in body


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_form_shows_its_errors_in_both_languages(people, language):
    report, _t = report_in("disposed", people)
    unverified, _t = report_in("unverified", people)
    sleman = "/kantor/instansi/pemkab-sleman"
    posts = [
        ("nadia", f"/kantor/laporan/{unverified.tracking_id}/tindakan/verify/", {}),
        ("nadia", f"/kantor/laporan/{unverified.tracking_id}/tindakan/hold/", {}),
        ("nadia", f"/kantor/laporan/{unverified.tracking_id}/tindakan/reject/", {}),
        ("nadia", f"/kantor/laporan/{unverified.tracking_id}/tindakan/mark_duplicate/", {}),
        ("nadia", f"/kantor/laporan/{unverified.tracking_id}/tindakan/redact/", {}),
        ("sari", f"/kantor/laporan/{report.tracking_id}/tindakan/return/", {}),
        ("sari", f"/kantor/laporan/{report.tracking_id}/tindakan/forward/", {}),
        ("sari", f"/kantor/laporan/{report.tracking_id}/tindakan/assign/", {}),
        ("sari", f"/kantor/laporan/{report.tracking_id}/tindakan/set_tier/", {}),
        ("sari", f"/kantor/laporan/{report.tracking_id}/tindakan/add_note/", {}),
        ("sari", f"{sleman}/unit/", {}),
        ("sari", f"{sleman}/staf/", {}),
        ("sari", f"{sleman}/templat/", {}),
        ("sari", f"{sleman}/webhook/", {}),
        ("nadia", "/kantor/nasional/admin-instansi/", {}),
    ]
    for persona, url, data in posts:
        response = client_for(getattr(people, persona), language).post(url, data)
        assert response.status_code == 400, (url, response.status_code)
        body = html(response)
        assert f'<html lang="{language}">' in body and "error-text" in body, url
    response = client_for(None, language).post("/kantor/masuk/", {"username": "x", "password": "y"})
    assert f'<html lang="{language}">' in html(response) and "notice-error" in html(response)
    response = client_for(people.dodi, language).post("/kantor/keamanan/", {"code": "1"})
    assert "error-text" in html(response)
