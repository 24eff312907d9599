"""The report workspace: what it shows, and each action form calling through to the action."""

import re

import pytest

from lapor.reports.models import Report
from lapor.web.models import ResponseTemplate
from tests.conftest import file_report, report_in
from tests.web.office.conftest import client_for, html

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)


def url(report, action=""):
    base = f"/kantor/laporan/{report.tracking_id}/"
    return base + (f"tindakan/{action}/" if action else "")


def forms_in(body: str) -> set[str]:
    return set(re.findall(r'id="action-([a-z_]+)"', body))


def fresh(report):
    return Report.objects.get(pk=report.pk)


def test_the_workspace_shows_report_legs_timeline_and_no_routing_to_an_institution(people):
    report, _t = report_in("assigned", people)
    body = html(client_for(people.sari).get(url(report)))
    assert report.title in body and "Caturtunggal" in body
    assert "Batas waktu" in body and "Tindak lanjut pertama" in body
    assert "Sisa " in body and "hari kerja" in body
    assert "Didisposisikan ke unit kerja" in body  # timeline
    # Routing suggestions and duplicates are for whoever may still verify (the national admin).
    assert 'data-slot="routing"' not in body and 'data-slot="duplicates"' not in body


def test_each_role_gets_the_forms_of_its_allowed_actions(people):
    unverified, _t = report_in("unverified", people)
    assert forms_in(html(client_for(people.nadia).get(url(unverified)))) == {
        "verify",
        "hold",
        "reject",
        "mark_duplicate",
        "archive",
        "redact",
        "add_note",
    }
    disposed, _t = report_in("disposed", people)
    assert forms_in(html(client_for(people.sari).get(url(disposed)))) == {
        "accept",
        "return",
        "forward",
        "assign",
        "set_tier",
        "add_note",
    }
    assigned, _t = report_in("assigned", people)
    assert forms_in(html(client_for(people.dodi).get(url(assigned)))) == {
        "respond",
        "request_info",
        "unit_return",
        "set_tier",
        "add_note",
    }
    referred, _t = report_in("referred", people)
    assert forms_in(html(client_for(people.oki).get(url(referred)))) == {
        "acknowledge",
        "close",
        "add_note",
    }
    # The supervisor reads, never acts.
    assert forms_in(html(client_for(people.putri).get(url(assigned)))) == set()


def test_reason_codes_are_offered_as_choices(people):
    unverified, _t = report_in("unverified", people)
    body = html(client_for(people.nadia).get(url(unverified)))
    assert 'value="not_public_service"' in body and 'value="abusive"' in body
    disposed, _t = report_in("disposed", people)
    body = html(client_for(people.sari).get(url(disposed)))
    assert 'value="not_our_authority"' in body and 'value="wrong_region"' in body
    referred, _t = report_in("referred", people)
    body = html(client_for(people.oki).get(url(referred)))
    assert 'value="maladministration"' in body


def test_verify_through_htmx_refreshes_the_whole_workspace(people):
    report, _t = file_report()
    response = client_for(people.nadia).post(
        url(report, "verify"),
        {
            "institution": "pemkab-sleman",
            "title": "Jalan berlubang di depan SD",
            "type": "pengaduan",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#workspace"
    body = html(response)
    assert body.lstrip().startswith('<div id="workspace"')
    assert "Berhasil" in body and "data-focus-after-swap" in body
    report = fresh(report)
    assert report.status == "disposed" and report.institution == people.sleman
    assert report.title == "Jalan berlubang di depan SD"
    assert report.events.filter(action="verify", actor=people.nadia).exists()


def test_verify_without_an_institution_shows_the_error_on_the_form(people):
    report, _t = file_report()
    client = client_for(people.nadia)
    data = {"institution": "", "title": report.title, "type": "pengaduan"}
    plain = client.post(url(report, "verify"), data)
    assert plain.status_code == 400
    assert 'aria-invalid="true"' in html(plain) and "error-text" in html(plain)
    partial = client.post(url(report, "verify"), data, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and partial["X-Lapor-Status"] == "400"
    assert html(partial).lstrip().startswith('<div class="action" id="action-verify"')
    assert 'id="id_verify_institution_error"' in html(partial)
    assert fresh(report).status == "unverified"


def test_privacy_can_be_made_stricter_at_verification_never_looser(people):
    report, _t = file_report(anonymous=True)
    body = html(client_for(people.nadia).get(url(report)))
    assert re.search(r'name="anonymous"[^>]*disabled', body)
    client_for(people.nadia).post(
        url(report, "verify"),
        {
            "institution": "pemkab-sleman",
            "title": report.title,
            "type": "pengaduan",
            "confidential": "on",
        },
    )
    report = fresh(report)
    assert report.anonymous and report.confidential


def test_accept_then_assign_by_the_institution_admin(people):
    report, _t = report_in("disposed", people)
    sari = client_for(people.sari)
    assert sari.post(url(report, "accept"), {"note": "Kami tangani."}).status_code == 302
    assert fresh(report).status == "in_progress"
    sari.post(url(report, "assign"), {"unit": "disdukcapil"})
    report = fresh(report)
    assert report.status == "assigned" and report.unit == people.disdukcapil


def test_someone_else_acting_first_is_reported_as_a_conflict(people):
    report, _t = report_in("disposed", people)
    sari = client_for(people.sari)
    sari.post(url(report, "accept"))
    again = sari.post(url(report, "accept"), HTTP_HX_REQUEST="true")
    assert again["X-Lapor-Status"] == "409"
    assert "petugas lain" in html(again)


def test_respond_with_a_template_fills_the_text(people):
    template = ResponseTemplate.objects.create(
        institution=people.sleman,
        title="Jalan sudah diperbaiki",
        text="Terima kasih. Jalan sudah kami perbaiki pada minggu ini.",
    )
    report, _t = report_in("assigned", people)
    dodi = client_for(people.dodi)
    body = html(dodi.get(url(report)))
    # The select carries each template's text for the script to fill the textarea with.
    assert f'value="{template.pk}" data-text="Terima kasih. Jalan sudah kami perbaiki' in body
    assert 'data-template-target="id_respond_text"' in body
    # Without JavaScript the chosen template stands in for an empty text.
    response = dodi.post(
        url(report, "respond"), {"template": str(template.pk), "text": "", "final": "on"}
    )
    assert response.status_code == 302
    event = fresh(report).events.get(action="respond")
    assert event.text == template.text
    assert fresh(report).status == "responded"


def test_another_institution_s_templates_are_not_offered(people):
    ResponseTemplate.objects.create(institution=people.semarang, title="Semarang", text="x" * 30)
    report, _t = report_in("assigned", people)
    assert "Semarang" not in html(client_for(people.dodi).get(url(report)))


def test_an_interim_response_with_an_attachment(people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    report, _t = report_in("assigned", people)
    response = client_for(people.dodi).post(
        url(report, "respond"),
        {
            "text": "Sedang kami jadwalkan perbaikannya.",
            "file": SimpleUploadedFile("foto.png", PNG),
        },
    )
    assert response.status_code == 302
    report = fresh(report)
    assert report.status == "assigned"  # not final: still in the unit's hands
    attachment = report.attachments.get()
    assert attachment.from_reporter is False and attachment.event.action == "respond"
    body = html(client_for(people.dodi).get(url(report)))
    assert f'href="/api/v1/reports/{report.tracking_id}/attachments/{attachment.pk}"' in body


def test_an_empty_response_is_refused_on_its_field(people):
    report, _t = report_in("assigned", people)
    response = client_for(people.dodi).post(url(report, "respond"), {"text": "  "})
    assert response.status_code == 400
    assert 'id="id_respond_text_error"' in html(response)


def test_staff_cannot_reply_for_the_reporter(people):
    # Even a staff member who filed the report themselves replies as a citizen, not here.
    report, _t = report_in("responded", people, reporter=people.sari)
    sari = client_for(people.sari)
    assert "action-reply" not in html(sari.get(url(report)))
    response = sari.post(url(report, "reply"), {"satisfied": "true"})
    assert response.status_code == 403
    assert fresh(report).status == "responded"
    assert (
        client_for(people.dodi).post(url(report, "reply"), {"satisfied": "true"}).status_code == 403
    )


def test_return_with_a_reason_code(people):
    report, _t = report_in("disposed", people)
    sari = client_for(people.sari)
    missing = sari.post(url(report, "return"), {"reason": "not_our_authority", "note": ""})
    assert missing.status_code == 400 and fresh(report).status == "disposed"
    sari.post(url(report, "return"), {"reason": "not_our_authority", "note": "Urusan provinsi."})
    report = fresh(report)
    assert report.status == "unverified" and report.institution is None
    body = html(client_for(people.nadia).get(url(report)))
    assert "Bukan wewenang instansi kami" in body and "Urusan provinsi." in body


def test_internal_notes_are_marked_in_the_timeline(people):
    report, _t = report_in("assigned", people)
    client_for(people.dodi).post(url(report, "add_note"), {"text": "Cek lokasi hari Kamis."})
    body = html(client_for(people.sari).get(url(report)))
    assert "Cek lokasi hari Kamis." in body
    assert "Catatan internal — tidak terlihat pelapor" in body
    assert fresh(report).events.get(action="add_note").internal


def test_a_supervisor_reads_but_cannot_act(people):
    report, _t = report_in("assigned", people)
    response = client_for(people.putri).post(url(report, "add_note"), {"text": "Halo semua."})
    assert response.status_code == 403
    assert not fresh(report).events.filter(action="add_note").exists()


def test_an_unknown_action_is_not_found(people):
    report, _t = report_in("assigned", people)
    assert client_for(people.dodi).post(url(report, "hapus")).status_code == 404


def test_the_national_admin_sees_flagged_personal_data_and_redacts_it(people):
    report, _t = file_report(
        body="Nama saya Budi Santoso, NIK 3404012345678901, KTP saya belum jadi tiga bulan."
    )
    nadia = client_for(people.nadia)
    body = html(nadia.get(url(report)))
    assert "Samarkan data pribadi" in body and "<mark>3404012345678901</mark>" in body
    response = nadia.post(
        url(report, "redact"), {"title": report.title, "body": report.body, "flagged": "on"}
    )
    assert response.status_code == 302
    report = fresh(report)
    assert "3404012345678901" not in report.body and report.original_body
    # The original stays visible to the national admin only.
    assert "3404012345678901" in html(nadia.get(url(report)))
    client_for(people.nadia).post(
        url(report, "verify"),
        {"institution": "pemkab-sleman", "title": report.title, "type": "pengaduan"},
    )
    assert "3404012345678901" not in html(client_for(people.sari).get(url(report)))
    assert "Samarkan data pribadi" not in html(client_for(people.sari).get(url(report)))


@pytest.mark.parametrize(
    "state, persona, action, data, status",
    [
        ("unverified", "nadia", "hold", {"note": "Di jalan apa tepatnya?"}, "on_hold"),
        (
            "unverified",
            "nadia",
            "reject",
            {"reason": "out_of_scope", "note": "Pidana."},
            "rejected",
        ),
        ("unverified", "nadia", "archive", {"note": "Uji coba."}, "archived"),
        (
            "disposed",
            "sari",
            "forward",
            {"institution": "pemprov-diy", "note": "Jalan provinsi."},
            "disposed",
        ),
        (
            "in_progress",
            "sari",
            "set_tier",
            {"tier": "14", "reason": "Perlu koordinasi."},
            "in_progress",
        ),
        ("assigned", "dodi", "request_info", {"text": "Nomor rumah Anda?"}, "info_requested"),
        ("assigned", "dodi", "unit_return", {"note": "Bukan tugas kami."}, "in_progress"),
        ("referred", "oki", "acknowledge", {"note": "Kami periksa."}, "referred"),
        (
            "referred",
            "oki",
            "close",
            {"finding": "resolved", "text": "Selesai dimediasi."},
            "ombudsman_closed",
        ),
    ],
)
def test_every_other_action_form_calls_its_action(people, state, persona, action, data, status):
    report, _t = report_in(state, people)
    if action == "forward":
        from lapor.directory.models import Institution

        data = {**data, "institution": Institution.objects.government_of("34").code}
    response = client_for(getattr(people, persona)).post(url(report, action), data)
    assert response.status_code == 302, html(response)[:2000]
    report = fresh(report)
    assert report.status == status
    assert report.events.filter(action=action, actor=getattr(people, persona)).count() == 1


def test_mark_duplicate_points_at_the_surviving_report(people):
    survivor, _t = file_report()
    report, _t = file_report()
    client_for(people.nadia).post(
        url(report, "mark_duplicate"), {"of": survivor.tracking_id.lower()}
    )
    report = fresh(report)
    assert report.status == "duplicate" and report.duplicate_of == survivor
    unknown = client_for(people.nadia).post(url(survivor, "mark_duplicate"), {"of": "ZZZZZZZZ"})
    assert unknown.status_code == 400 and 'id="id_mark_duplicate_of_error"' in html(unknown)
