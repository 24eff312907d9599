"""The national admin creates an institution's admin, who receives a set-password link."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from lapor.directory.models import Role, StaffRole
from tests.web.office.conftest import client_for, html

pytestmark = pytest.mark.django_db

URL = "/kantor/nasional/admin-instansi/"


def test_the_national_admin_creates_an_institution_admin_with_an_invitation(people):
    response = client_for(people.nadia).post(
        URL,
        {
            "institution": "pemkab-sleman",
            "username": "admin-baru",
            "email": "admin@slemankab.go.id",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="admin-baru")
    assert StaffRole.objects.filter(
        user=user, role=Role.INSTITUTION_ADMIN, institution=people.sleman
    ).exists()
    assert mail.outbox[-1].to == ["admin@slemankab.go.id"]
    assert "/akun/sandi/" in mail.outbox[-1].body
    assert "admin-baru" in html(client_for(people.nadia).get(URL))


def test_the_form_needs_an_institution_and_an_e_mail(people):
    response = client_for(people.nadia).post(URL, {"institution": "", "username": "x", "email": ""})
    assert response.status_code == 400
    body = html(response)
    assert 'id="id_institution_error"' in body and 'id="id_email_error"' in body
    assert not get_user_model().objects.filter(username="x").exists()


def test_only_the_national_admin_creates_institution_admins(people):
    response = client_for(people.sari).post(
        URL, {"institution": "pemkab-sleman", "username": "nakal", "email": "n@contoh.id"}
    )
    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="nakal").exists()
