"""Institution settings: work units (tree, create, edit, deactivate), staff and roles with an
invitation, response templates and webhook endpoints; nothing of it for another institution."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from lapor.channels.models import WebhookEndpoint
from lapor.directory.models import Role, StaffRole, WorkUnit
from lapor.web.models import ResponseTemplate
from tests.conftest import report_in
from tests.web.office.conftest import client_for, html

pytestmark = pytest.mark.django_db

BASE = "/kantor/instansi/pemkab-sleman"


def test_units_are_shown_as_a_tree_and_created_under_a_parent(people):
    sari = client_for(people.sari)
    response = sari.post(
        f"{BASE}/unit/",
        {
            "code": "kapanewon-depok",
            "name": "Kapanewon Depok",
            "parent": people.dpupr.pk,
            "active": "on",
        },
    )
    assert response.status_code == 302
    unit = WorkUnit.objects.get(institution=people.sleman, code="kapanewon-depok")
    assert unit.parent == people.dpupr
    body = html(sari.get(f"{BASE}/unit/"))
    # Nested under its parent in the tree.
    parent_at = body.index("Dinas Pekerjaan Umum")
    assert body.index("Kapanewon Depok", parent_at) > parent_at
    assert body.count('<ul class="tree">') >= 2


def test_a_unit_code_is_unique_within_the_institution(people):
    response = client_for(people.sari).post(
        f"{BASE}/unit/", {"code": "disdukcapil", "name": "Lagi", "active": "on"}
    )
    assert response.status_code == 400 and "sudah dipakai" in html(response)


def test_a_unit_is_renamed_and_deactivated_with_a_warning_about_its_open_reports(people):
    report_in("assigned", people)
    sari = client_for(people.sari)
    page = html(sari.get(f"{BASE}/unit/disdukcapil/"))
    assert "1 laporan terbuka" in page
    sari.post(f"{BASE}/unit/disdukcapil/", {"name": "Disdukcapil Sleman", "parent": ""})
    people.disdukcapil.refresh_from_db()
    assert people.disdukcapil.name == "Disdukcapil Sleman" and not people.disdukcapil.active
    assert people.disdukcapil.code == "disdukcapil"
    assert "nonaktif" in html(sari.get(f"{BASE}/unit/"))


def test_a_unit_cannot_be_moved_under_its_own_child(people):
    child = WorkUnit.objects.create(
        institution=people.sleman, code="bidang-jalan", name="Bidang Jalan", parent=people.dpupr
    )
    response = client_for(people.sari).post(
        f"{BASE}/unit/dpupr/", {"name": people.dpupr.name, "parent": child.pk, "active": "on"}
    )
    assert response.status_code == 400
    people.dpupr.refresh_from_db()
    assert people.dpupr.parent is None


def test_adding_a_new_unit_officer_creates_the_account_and_sends_an_invitation(people):
    response = client_for(people.sari).post(
        f"{BASE}/staf/",
        {
            "username": "wulan",
            "email": "wulan@slemankab.go.id",
            "role": Role.UNIT_OFFICER,
            "unit": "dpupr",
        },
    )
    assert response.status_code == 302
    wulan = get_user_model().objects.get(username="wulan")
    assert StaffRole.objects.filter(user=wulan, role=Role.UNIT_OFFICER, unit=people.dpupr).exists()
    assert not wulan.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["wulan@slemankab.go.id"]
    assert "/akun/sandi/" in mail.outbox[0].body
    assert "wulan" in html(client_for(people.sari).get(f"{BASE}/staf/"))


def test_a_new_account_needs_an_e_mail_and_an_officer_needs_a_unit(people):
    response = client_for(people.sari).post(
        f"{BASE}/staf/", {"username": "baru", "email": "", "role": Role.UNIT_OFFICER, "unit": ""}
    )
    assert response.status_code == 400
    body = html(response)
    assert 'id="id_email_error"' in body and 'id="id_unit_error"' in body
    assert not get_user_model().objects.filter(username="baru").exists()


def test_a_role_is_revoked_but_never_the_admin_s_own(people):
    sari = client_for(people.sari)
    role = StaffRole.objects.get(user=people.dodi)
    sari.post(f"{BASE}/staf/{role.pk}/cabut/")
    assert not StaffRole.objects.filter(pk=role.pk).exists()
    own = StaffRole.objects.get(user=people.sari)
    sari.post(f"{BASE}/staf/{own.pk}/cabut/")
    assert StaffRole.objects.filter(pk=own.pk).exists()
    # Another institution's roles are out of reach.
    tono_role = StaffRole.objects.get(user=people.tono)
    assert sari.post(f"{BASE}/staf/{tono_role.pk}/cabut/").status_code == 404


def test_response_templates_crud(people):
    sari = client_for(people.sari)
    sari.post(
        f"{BASE}/templat/",
        {"title": "Sudah selesai", "text": "Laporan Anda sudah kami selesaikan."},
    )
    template = ResponseTemplate.objects.get(institution=people.sleman)
    assert template.created_by == people.sari
    duplicate = sari.post(f"{BASE}/templat/", {"title": "sudah selesai", "text": "Lagi."})
    assert duplicate.status_code == 400
    sari.post(f"{BASE}/templat/{template.pk}/", {"title": "Selesai", "text": "Teks baru."})
    template.refresh_from_db()
    assert (template.title, template.text) == ("Selesai", "Teks baru.")
    assert (
        client_for(people.tono)
        .get(f"/kantor/instansi/pemkab-sleman/templat/{template.pk}/")
        .status_code
        == 404
    )
    sari.post(f"{BASE}/templat/{template.pk}/hapus/")
    assert not ResponseTemplate.objects.exists()


def test_webhook_endpoints_crud_with_a_generated_secret(people):
    sari = client_for(people.sari)
    response = sari.post(
        f"{BASE}/webhook/", {"url": "https://sleman.example/lapor", "active": "on"}
    )
    hook = WebhookEndpoint.objects.get(institution=people.sleman)
    assert response["Location"] == f"{BASE}/webhook/{hook.pk}/"
    assert len(hook.secret) >= 32
    assert hook.secret in html(sari.get(f"{BASE}/webhook/{hook.pk}/"))
    secret = hook.secret
    sari.post(f"{BASE}/webhook/{hook.pk}/", {"url": "https://sleman.example/v2", "secret": ""})
    hook.refresh_from_db()
    assert hook.url == "https://sleman.example/v2" and hook.secret == secret and not hook.active
    bad = sari.post(f"{BASE}/webhook/", {"url": "bukan url", "active": "on"})
    assert bad.status_code == 400
    tono = client_for(people.tono)
    assert tono.post(f"{BASE}/webhook/{hook.pk}/hapus/").status_code == 404
    sari.post(f"{BASE}/webhook/{hook.pk}/hapus/")
    assert not WebhookEndpoint.objects.exists()


def test_the_national_admin_finds_and_opens_any_institution(people):
    nadia = client_for(people.nadia)
    body = html(nadia.get("/kantor/instansi/?q=Sleman"))
    assert "/kantor/instansi/pemkab-sleman/" in body
    assert nadia.get(f"{BASE}/unit/").status_code == 200
