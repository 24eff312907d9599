"""Staff login: password, then a one-time code for users who switched 2FA on."""

import pyotp
import pytest
from django.test import Client
from django.utils import timezone

from lapor.web.models import StaffSecurity
from lapor.web.office import totp
from tests.conftest import PASSWORD
from tests.web.office.conftest import client_for, html

pytestmark = pytest.mark.django_db


def enable_2fa(user) -> str:
    secret = pyotp.random_base32()
    StaffSecurity.objects.create(user=user, totp_secret=secret, totp_enabled=True)
    return secret


def code_for(secret: str, offset: int = 0) -> str:
    generator = pyotp.TOTP(secret)
    return generator.generate_otp(generator.timecode(timezone.now()) + offset)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_login_page_renders_in_both_languages(people, language):
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get("/kantor/masuk/")
    assert response.status_code == 200
    assert 'name="username"' in html(response) and 'name="password"' in html(response)
    assert f'lang="{language}"' in html(response)


def test_a_staff_member_without_2fa_logs_in_with_a_password(people):
    client = Client()
    response = client.post("/kantor/masuk/", {"username": "sari", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/kantor/"
    assert client.get("/kantor/").status_code == 200


def test_a_wrong_password_is_refused_with_a_message(people):
    response = Client().post("/kantor/masuk/", {"username": "sari", "password": "salah"})
    assert response.status_code == 200
    assert "notice-error" in html(response)


def test_a_citizen_cannot_log_into_the_office(people):
    client = Client()
    response = client.post("/kantor/masuk/", {"username": "citra", "password": PASSWORD})
    assert response.status_code == 200
    assert "bukan akun petugas" in html(response)
    assert client.get("/kantor/").status_code == 302


def test_the_next_parameter_is_followed_only_inside_the_site(people):
    client = Client()
    response = client.post(
        "/kantor/masuk/",
        {"username": "sari", "password": PASSWORD, "next": "/kantor/antrean/instansi/"},
    )
    assert response["Location"] == "/kantor/antrean/instansi/"
    response = Client().post(
        "/kantor/masuk/",
        {"username": "sari", "password": PASSWORD, "next": "https://jahat.example/"},
    )
    assert response["Location"] == "/kantor/"


def test_an_office_page_sends_a_stranger_to_the_login(people):
    response = Client().get("/kantor/antrean/instansi/")
    assert response.status_code == 302
    assert response["Location"].startswith("/kantor/masuk/?next=")


def test_with_2fa_the_password_alone_does_not_log_in(people):
    secret = enable_2fa(people.sari)
    client = Client()
    response = client.post("/kantor/masuk/", {"username": "sari", "password": PASSWORD})
    assert response["Location"] == "/kantor/masuk/kode/"
    assert client.get("/kantor/").status_code == 302  # not logged in yet
    page = client.get("/kantor/masuk/kode/")
    assert 'autocomplete="one-time-code"' in html(page)
    wrong = client.post("/kantor/masuk/kode/", {"code": "000000"})
    assert wrong.status_code == 200 and "Kode salah" in html(wrong)
    right = client.post("/kantor/masuk/kode/", {"code": code_for(secret)})
    assert right.status_code == 302 and right["Location"] == "/kantor/"
    assert client.get("/kantor/").status_code == 200


def test_a_code_cannot_be_used_twice(people):
    secret = enable_2fa(people.sari)
    code = code_for(secret)
    first = Client()
    first.post("/kantor/masuk/", {"username": "sari", "password": PASSWORD})
    assert first.post("/kantor/masuk/kode/", {"code": code}).status_code == 302
    second = Client()
    second.post("/kantor/masuk/", {"username": "sari", "password": PASSWORD})
    replay = second.post("/kantor/masuk/kode/", {"code": code})
    assert replay.status_code == 200 and "sudah dipakai" in html(replay)


def test_five_wrong_codes_end_the_attempt(people):
    enable_2fa(people.sari)
    client = Client()
    client.post("/kantor/masuk/", {"username": "sari", "password": PASSWORD})
    for _ in range(4):
        assert client.post("/kantor/masuk/kode/", {"code": "000000"}).status_code == 200
    last = client.post("/kantor/masuk/kode/", {"code": "000000"})
    assert last["Location"] == "/kantor/masuk/"
    assert client.get("/kantor/masuk/kode/")["Location"] == "/kantor/masuk/"


def test_a_session_from_another_login_still_needs_the_code(people):
    """A session made elsewhere (the citizen login, the admin) does not skip the second step."""
    secret = enable_2fa(people.sari)
    client = client_for(people.sari)
    response = client.get("/kantor/antrean/instansi/")
    assert response["Location"] == "/kantor/masuk/kode/"
    assert client.get("/kantor/antrean/instansi/", HTTP_HX_REQUEST="true").status_code == 401
    done = client.post("/kantor/masuk/kode/", {"code": code_for(secret)})
    assert done["Location"] == "/kantor/antrean/instansi/"
    assert client.get("/kantor/antrean/instansi/").status_code == 200


def test_logout_ends_the_session(people):
    client = client_for(people.sari)
    assert client.post("/kantor/keluar/")["Location"] == "/kantor/masuk/"
    assert client.get("/kantor/").status_code == 302


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_staff_member_switches_2fa_on_and_off(people, language):
    client = client_for(people.dodi, language)
    page = client.get("/kantor/keamanan/")
    assert page.status_code == 200
    secret = client.session["office_totp_setup"]
    assert totp.grouped(secret) in html(page)
    assert "otpauth://totp/" in html(page)
    bad = client.post("/kantor/keamanan/", {"code": "123456"})
    assert bad.status_code == 200 and not totp.requires_code(people.dodi)
    assert client.post("/kantor/keamanan/", {"code": code_for(secret)}).status_code == 302
    assert totp.requires_code(people.dodi)
    # The session that switched it on stays usable; a new login needs the code.
    assert client.get("/kantor/").status_code == 200
    fresh = Client()
    fresh.post("/kantor/masuk/", {"username": "dodi", "password": PASSWORD})
    assert fresh.get("/kantor/").status_code == 302
    # Off again with a fresh code (the next time step: the current one was used).
    assert client.post("/kantor/keamanan/", {"code": code_for(secret, 1)}).status_code == 302
    assert not totp.requires_code(people.dodi)


def test_the_qr_code_is_shown_when_segno_is_installed(people):
    pytest.importorskip("segno")
    page = client_for(people.dodi).get("/kantor/keamanan/")
    assert "<svg" in html(page)
