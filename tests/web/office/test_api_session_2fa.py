"""A staff member with 2FA on cannot use the API through a session that skipped the code."""

import pyotp
import pytest
from django.test import Client

from lapor.web.models import StaffSecurity
from lapor.web.office.scope import SESSION_2FA_OK

pytestmark = pytest.mark.django_db


def test_the_api_ignores_a_session_without_the_second_factor(people):
    StaffSecurity.objects.create(
        user=people.nadia, totp_secret=pyotp.random_base32(), totp_enabled=True
    )
    client = Client()
    client.force_login(people.nadia)
    assert client.get("/api/v1/reports").status_code in (401, 403)
    session = client.session
    session[SESSION_2FA_OK] = people.nadia.pk
    session.save()
    assert client.get("/api/v1/reports").status_code == 200


def test_without_2fa_a_session_works_as_before(people):
    client = Client()
    client.force_login(people.sari)
    assert client.get("/api/v1/reports").status_code == 200
