"""Citizen accounts: register, log in and out, reset a forgotten password by e-mail, and see
"my reports" (only one's own)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from tests.conftest import PASSWORD, file_report
from tests.web.citizen.conftest import text

pytestmark = pytest.mark.django_db


def test_a_citizen_registers_and_is_signed_in(client):
    response = client.post(
        "/daftar/",
        {
            "username": "budi",
            "first_name": "Budi Santoso",
            "email": "budi@contoh.id",
            "password1": "sandi-panjang-sekali-42",
            "password2": "sandi-panjang-sekali-42",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/akun/laporan/"
    assert get_user_model().objects.get(username="budi").email == "budi@contoh.id"
    assert "Laporan saya" in text(client.get("/akun/laporan/"))


def test_registration_errors_are_shown_next_to_the_fields(client, people):
    page = text(
        client.post(
            "/daftar/",
            {"username": "", "email": "citra@contoh.id", "password1": "a", "password2": "b"},
        )
    )
    assert 'id="id_username-error"' in page
    assert 'id="id_email-error"' in page and "sudah terdaftar" in page
    assert 'id="id_password2-error"' in page


def test_login_and_logout(client, people):
    page = text(client.get("/masuk/"))
    assert 'for="id_username"' in page and 'for="id_password"' in page
    bad = text(client.post("/masuk/", {"username": "citra", "password": "salah"}))
    assert 'role="alert"' in bad
    response = client.post("/masuk/", {"username": "citra", "password": PASSWORD})
    assert response.status_code == 302
    assert "Keluar" in text(client.get("/"))
    assert client.post("/keluar/").status_code == 302
    assert "Masuk" in text(client.get("/"))


def test_a_forgotten_password_is_reset_by_email(client, people):
    assert client.get("/akun/lupa-sandi/").status_code == 200
    response = client.post("/akun/lupa-sandi/", {"email": "citra@contoh.id"})
    assert response["Location"] == "/akun/lupa-sandi/terkirim/"
    assert "Periksa e-mail Anda" in text(client.get(response["Location"]))
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["citra@contoh.id"]
    link = re.search(r"http://testserver(/akun/sandi/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and 'name="new_password1"' in text(form)
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {
            "new_password1": "sandi-baru-yang-panjang-7",
            "new_password2": "sandi-baru-yang-panjang-7",
        },
        follow=True,
    )
    assert done.status_code == 200
    assert Client().login(username="citra", password="sandi-baru-yang-panjang-7")


def test_my_reports_lists_only_my_own(client, people):
    mine, _ = file_report(reporter=people.citra, title="Laporan milik Citra")
    file_report(title="Laporan orang lain")
    assert client.get("/akun/laporan/")["Location"].startswith("/masuk/?next=")
    client.login(username="citra", password=PASSWORD)
    page = text(client.get("/akun/laporan/"))
    assert "Laporan milik Citra" in page and mine.tracking_id in page
    assert "Laporan orang lain" not in page


def test_the_password_reset_pages_look_like_the_site(client):
    from django.template.loader import get_template

    for name in ("password_reset_confirm", "password_reset_complete"):
        origin = get_template(f"registration/{name}.html").origin.name
        assert "lapor/web/templates" in origin, origin
