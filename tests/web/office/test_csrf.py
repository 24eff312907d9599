"""CSRF protection on every back-office form: refused without the token, accepted with the
token the page itself carries."""

import re

import pytest
from django.test import Client

from lapor.channels.models import WebhookEndpoint
from lapor.directory.models import StaffRole
from lapor.web.models import ResponseTemplate
from tests.conftest import PASSWORD, report_in

pytestmark = pytest.mark.django_db

BASE = "/kantor/instansi/pemkab-sleman"


def strict(user=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def token_from(client: Client, page: str) -> str:
    body = client.get(page).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)


def test_every_office_form_needs_the_csrf_token(people):
    report, _t = report_in("disposed", people)
    template = ResponseTemplate.objects.create(institution=people.sleman, title="T", text="Teks.")
    hook = WebhookEndpoint.objects.create(
        institution=people.sleman, url="https://a.example/", secret="x" * 32
    )
    dodi_role = StaffRole.objects.get(user=people.dodi)
    workspace = f"/kantor/laporan/{report.tracking_id}/"
    forms = [
        # (user, page carrying the form, action URL, data)
        (
            "sari",
            "/kantor/antrean/instansi/",
            "/kantor/antrean/instansi/massal/",
            {"action": "accept", "ids": report.tracking_id},
        ),
        ("sari", workspace, workspace + "tindakan/add_note/", {"text": "Catatan."}),
        ("sari", workspace, workspace + "tindakan/accept/", {}),
        (
            "sari",
            f"{BASE}/unit/",
            f"{BASE}/unit/",
            {"code": "baru", "name": "Baru", "active": "on"},
        ),
        ("sari", f"{BASE}/unit/dpupr/", f"{BASE}/unit/dpupr/", {"name": "DPUPR", "active": "on"}),
        (
            "sari",
            f"{BASE}/staf/",
            f"{BASE}/staf/",
            {"username": "eko", "email": "eko@contoh.id", "role": "unit_officer", "unit": "dpupr"},
        ),
        ("sari", f"{BASE}/staf/", f"{BASE}/staf/{dodi_role.pk}/cabut/", {}),
        ("sari", f"{BASE}/templat/", f"{BASE}/templat/", {"title": "Baru", "text": "Isi."}),
        (
            "sari",
            f"{BASE}/templat/{template.pk}/",
            f"{BASE}/templat/{template.pk}/",
            {"title": "T2", "text": "Isi."},
        ),
        ("sari", f"{BASE}/templat/", f"{BASE}/templat/{template.pk}/hapus/", {}),
        (
            "sari",
            f"{BASE}/webhook/",
            f"{BASE}/webhook/",
            {"url": "https://b.example/", "active": "on"},
        ),
        (
            "sari",
            f"{BASE}/webhook/{hook.pk}/",
            f"{BASE}/webhook/{hook.pk}/",
            {"url": "https://c.example/", "active": "on"},
        ),
        ("sari", f"{BASE}/webhook/", f"{BASE}/webhook/{hook.pk}/hapus/", {}),
        ("sari", "/kantor/keamanan/", "/kantor/keamanan/", {"code": "123456"}),
        (
            "nadia",
            "/kantor/nasional/admin-instansi/",
            "/kantor/nasional/admin-instansi/",
            {"institution": "pemkab-sleman", "username": "adm", "email": "adm@contoh.id"},
        ),
        ("sari", "/kantor/", "/kantor/keluar/", {}),
    ]
    for persona, page, action, data in forms:
        client = strict(getattr(people, persona))
        refused = client.post(action, data)
        assert refused.status_code == 403, (action, refused.status_code)
        token = token_from(client, page)
        accepted = client.post(action, {**data, "csrfmiddlewaretoken": token})
        assert accepted.status_code != 403, (action, accepted.status_code)


def test_the_login_forms_need_the_csrf_token(people):
    client = strict()
    assert (
        client.post("/kantor/masuk/", {"username": "sari", "password": PASSWORD}).status_code == 403
    )
    token = token_from(client, "/kantor/masuk/")
    response = client.post(
        "/kantor/masuk/", {"username": "sari", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_htmx_requests_carry_the_token_in_a_header(people):
    report, _t = report_in("disposed", people)
    client = strict(people.sari)
    page = f"/kantor/laporan/{report.tracking_id}/"
    body = client.get(page).content.decode()
    # The base page hands htmx the token for every request it makes.
    header_token = re.search(r'"X-CSRFToken": "([^"]+)"', body).group(1)
    response = client.post(
        page + "tindakan/accept/", HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=header_token
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#workspace"


def test_the_code_step_needs_the_csrf_token(people):
    from lapor.web.models import StaffSecurity

    StaffSecurity.objects.create(
        user=people.sari, totp_secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", totp_enabled=True
    )
    client = strict()
    token = token_from(client, "/kantor/masuk/")
    client.post(
        "/kantor/masuk/", {"username": "sari", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert client.post("/kantor/masuk/kode/", {"code": "123456"}).status_code == 403
    token = token_from(client, "/kantor/masuk/kode/")
    response = client.post("/kantor/masuk/kode/", {"code": "123456", "csrfmiddlewaretoken": token})
    assert response.status_code == 200  # a wrong code, but past the CSRF check
