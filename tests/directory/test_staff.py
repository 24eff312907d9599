"""Staff accounts, roles and their scopes; `lapor staff add`."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.authtoken.models import Token

from lapor.directory.models import Institution, StaffRole

pytestmark = pytest.mark.django_db


def run(*args: str, capsys) -> list[str]:
    call_command("staff", *args)
    return capsys.readouterr().out.strip().splitlines()


def test_staff_add_prints_a_working_api_token_on_its_last_line(capsys):
    lines = run(
        "add",
        "--username",
        "budi",
        "--role",
        "institution_admin",
        "--institution",
        "pemkab-sleman",
        capsys=capsys,
    )
    token = Token.objects.get(user__username="budi")
    assert lines[-1] == token.key
    role = StaffRole.objects.get(user__username="budi")
    assert role.institution.region_id == "34.04"


def test_staff_add_on_an_existing_user_adds_a_role_in_another_institution(capsys):
    run(
        "add",
        "--username",
        "budi",
        "--role",
        "institution_admin",
        "--institution",
        "pemkab-sleman",
        capsys=capsys,
    )
    run(
        "add",
        "--username",
        "budi",
        "--role",
        "supervisor",
        "--institution",
        "pemprov-diy",
        capsys=capsys,
    )
    run(
        "add",
        "--username",
        "budi",
        "--role",
        "supervisor",
        "--institution",
        "pemprov-diy",
        capsys=capsys,
    )
    assert get_user_model().objects.filter(username="budi").count() == 1
    assert StaffRole.objects.filter(user__username="budi").count() == 2


def test_staff_add_with_an_email_sends_a_set_password_link(capsys, client):
    run(
        "add",
        "--username",
        "wati",
        "--role",
        "national_admin",
        "--email",
        "wati@contoh.id",
        capsys=capsys,
    )
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    url = next(word for word in body.split() if word.startswith("http"))
    path = url.split("127.0.0.1:8000", 1)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "Sandi-Baru-Yang-Kuat-77", "new_password2": "Sandi-Baru-Yang-Kuat-77"},
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="wati").check_password("Sandi-Baru-Yang-Kuat-77")


def test_staff_add_with_an_unknown_institution_says_so_and_creates_nobody():
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command(
            "staff",
            "add",
            "--username",
            "x",
            "--role",
            "institution_admin",
            "--institution",
            "nope",
        )
    assert not get_user_model().objects.filter(username="x").exists()


def test_staff_add_with_a_role_that_needs_a_scope_refuses():
    with pytest.raises(CommandError, match="membutuhkan instansi"):
        call_command("staff", "add", "--username", "x", "--role", "institution_admin")
    with pytest.raises(CommandError, match="membutuhkan unit"):
        call_command(
            "staff",
            "add",
            "--username",
            "x",
            "--role",
            "unit_officer",
            "--institution",
            "pemkab-sleman",
        )
    assert not get_user_model().objects.filter(username="x").exists()


def test_staff_add_with_an_unknown_unit_refuses():
    with pytest.raises(CommandError, match="tidak ada di"):
        call_command(
            "staff",
            "add",
            "--username",
            "x",
            "--role",
            "unit_officer",
            "--institution",
            "pemkab-sleman",
            "--unit",
            "dinas-khayalan",
        )


def test_unit_officers_are_scoped_to_their_unit(people):
    role = StaffRole.objects.get(user=people.dodi)
    assert role.unit == people.disdukcapil
    assert role.institution == people.sleman


def test_passwords_are_hashed_with_argon2_in_production():
    from lapor import settings

    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert Institution.objects.exists()
