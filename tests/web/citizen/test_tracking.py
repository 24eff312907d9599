"""Tracking a report: anyone with the tracking ID sees the status and the due dates in plain
words; the reporter (reporter link → session, or their account) also sees the timeline and
responses and acts through the page: reply, add information, appeal, withdraw, consent."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lapor.reports import actions as a
from lapor.reports.models import Report
from tests.conftest import BODY, PASSWORD, by, file_report, report_in
from tests.web.citizen.conftest import text

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MONDAY_MORNING = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)  # 10.00 WIB


def as_reporter(token: str, report: Report) -> Client:
    client = Client()
    response = client.get(f"/lacak/{report.tracking_id}/?token={token}")
    assert response.status_code == 302 and response["Location"] == f"/lacak/{report.tracking_id}/"
    return client


def act(client: Client, report: Report, action: str, **data: Any) -> Any:
    return client.post(f"/lacak/{report.tracking_id}/{action}/", data)


def fresh(report: Report) -> Report:
    report.refresh_from_db()
    return report


def test_the_track_form_leads_to_the_report_and_explains_an_unknown_number(client, people):
    report, _token = report_in("unverified", people)
    assert '<html lang="id">' in text(client.get("/lacak/"))
    response = client.get("/lacak/", {"tracking_id": f" {report.tracking_id.lower()} "})
    assert response["Location"] == f"/lacak/{report.tracking_id}/"
    page = text(client.get("/lacak/", {"tracking_id": "7777AAAA"}))
    assert "tidak ditemukan" in page and 'id="id_tracking_id-error"' in page
    page = text(client.get("/lacak/", {"tracking_id": "salah!"}))
    assert 'id="id_tracking_id-error"' in page


def test_a_stranger_sees_status_and_due_dates_in_plain_words_but_not_the_report(
    client, people, time_machine
):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    report, _token = report_in("disposed", people, anonymous=True)
    page = text(client.get(f"/lacak/{report.tracking_id}/"))
    assert "Didisposisikan ke instansi" in page
    assert (
        "Pemerintah Kabupaten Sleman wajib menanggapi paling lambat Senin, 14 Desember 2026."
        in page
    )
    assert "5 hari kerja lagi" in page
    for secret in ("Jalan berlubang di Caturtunggal", BODY[:30], "Citra Lestari", "citra.lestari"):
        assert secret not in page
    assert "Anda pelapornya?" in page
    assert 'action="/lacak/' not in page  # no action forms for strangers


def test_due_dates_follow_the_language(english, people, time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    report, _token = report_in("unverified", people)
    page = text(english.get(f"/lacak/{report.tracking_id}/"))
    assert '<html lang="en">' in page
    assert "Thursday, 10 December 2026" in page  # verification: 3 working days


def test_the_reporter_link_is_remembered_in_the_session_and_leaves_the_url(people):
    report, token = report_in("responded", people)
    client = as_reporter(token, report)
    page = text(client.get(f"/lacak/{report.tracking_id}/"))
    assert "Jalan berlubang di Caturtunggal" in page and "Riwayat laporan" in page
    assert "Jalan sudah ditambal pada 3 Desember." in page  # the response
    assert "Laporan dikirim." in page
    assert token not in page


def test_a_wrong_token_shows_the_status_only(client, people):
    report, _token = report_in("responded", people)
    response = client.get(f"/lacak/{report.tracking_id}/?token=salah", follow=True)
    page = text(response)
    assert "Tautan pelapor ini tidak berlaku" in page
    assert "Jalan berlubang di Caturtunggal" not in page


def test_a_signed_in_reporter_needs_no_token(client, people):
    report, _token = file_report(reporter=people.citra)
    client.login(username="citra", password=PASSWORD)
    assert "Jalan berlubang di Caturtunggal" in text(client.get(f"/lacak/{report.tracking_id}/"))
    other = Client()
    other.login(username="nadia", password=PASSWORD)
    assert "Jalan berlubang di Caturtunggal" not in text(other.get(f"/lacak/{report.tracking_id}/"))


def test_internal_notes_never_reach_the_reporter(people):
    report, token = report_in("in_progress", people)
    a.report_add_note(report, by("institution_admin", people.sari), text="Catatan internal khusus")
    page = text(as_reporter(token, report).get(f"/lacak/{report.tracking_id}/"))
    assert "Catatan internal khusus" not in page


def test_the_reporter_replies_satisfied_and_the_report_is_completed(people):
    report, token = report_in("responded", people)
    client = as_reporter(token, report)
    assert "Beri tanggapan atas tindak lanjut" in text(client.get(f"/lacak/{report.tracking_id}/"))
    response = act(client, report, "reply", satisfied="yes")
    assert response.status_code == 302
    assert fresh(report).status == "completed"
    page = text(client.get(f"/lacak/{report.tracking_id}/"))
    assert "tanggapan Anda sudah tercatat" in page
    assert "Ajukan banding" in page  # completed reports may be appealed


def test_not_satisfied_needs_a_reason_shown_next_to_it(people):
    report, token = report_in("responded", people)
    client = as_reporter(token, report)
    page = text(act(client, report, "reply", satisfied="no", text=""))
    assert 'id="id_reply_text-error"' in page and "Wajib diisi." in page
    assert fresh(report).status == "responded"
    page = text(act(client, report, "reply"))
    assert 'id="id_reply_satisfied-error"' in page
    act(client, report, "reply", satisfied="no", text="Jalan masih berlubang di sisi utara.")
    assert fresh(report).status == "assigned"


def test_the_reporter_adds_information_with_an_attachment(people):
    report, token = report_in("info_requested", people)
    client = as_reporter(token, report)
    assert "Petugas menunggu informasi dari Anda" in text(
        client.get(f"/lacak/{report.tracking_id}/")
    )
    photo = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    response = act(client, report, "add_info", text="Di RT 05 RW 02.", attachments=photo)
    assert response.status_code == 302
    report = fresh(report)
    assert report.status == "assigned"
    attachment = report.attachments.get()
    assert attachment.event.action == "add_info" and attachment.from_reporter
    download = client.get(f"/lacak/{report.tracking_id}/lampiran/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert Client().get(f"/lacak/{report.tracking_id}/lampiran/{attachment.pk}/").status_code == 404


def test_a_bad_attachment_is_refused_next_to_the_field(people):
    report, token = report_in("in_progress", people)
    client = as_reporter(token, report)
    fake = SimpleUploadedFile("foto.png", b"MZ\x90\x00 not an image", content_type="image/png")
    page = text(act(client, report, "add_info", text="Foto kejadian.", attachments=fake))
    assert 'id="id_add_info_attachments-error"' in page
    assert not report.events.filter(action="add_info").exists()


def test_an_auto_closed_report_says_so_and_the_reporter_can_appeal(client, people):
    report, token = report_in("responded", people)
    a.report_auto_close(report)
    page = text(client.get(f"/lacak/{report.tracking_id}/"))
    assert "Laporan ini ditutup otomatis." in page
    assert "tidak berarti pelapor menyatakan puas" in page
    reporter = as_reporter(token, report)
    page = text(reporter.get(f"/lacak/{report.tracking_id}/"))
    assert "ajukan banding di bawah" in page and "otomatis oleh sistem" in page
    act(reporter, report, "appeal", text="Jalan belum diperbaiki sama sekali.")
    report = fresh(report)
    assert report.status == "unverified" and not report.auto_closed


def test_an_appeal_needs_a_reason(people):
    report, token = report_in("completed", people)
    page = text(act(as_reporter(token, report), report, "appeal", text=""))
    assert 'id="id_appeal_text-error"' in page
    assert fresh(report).status == "completed"


def test_the_reporter_withdraws_after_confirming(people):
    report, token = report_in("unverified", people)
    client = as_reporter(token, report)
    page = text(act(client, report, "withdraw", text="Sudah beres sendiri."))
    assert 'id="id_withdraw_confirm-error"' in page and fresh(report).status == "unverified"
    act(client, report, "withdraw", text="Sudah beres sendiri.", confirm="on")
    assert fresh(report).status == "withdrawn"


def test_the_reporter_consents_to_an_ombudsman_referral(people):
    report, token = report_in("in_progress", people)
    client = as_reporter(token, report)
    assert "Rujukan ke Ombudsman RI" in text(client.get(f"/lacak/{report.tracking_id}/"))
    act(client, report, "consent_referral", confirm="on")
    assert fresh(report).ombudsman_consent
    page = text(client.get(f"/lacak/{report.tracking_id}/"))
    assert "Anda sudah menyetujui rujukan" in page
    assert "/consent_referral/" not in page


def test_an_action_the_status_no_longer_allows_is_explained(people):
    report, token = report_in("responded", people)
    client = as_reporter(token, report)
    a.report_reply(report, by("reporter"), satisfied=True)  # from another tab
    response = act(client, report, "reply", satisfied="yes")
    assert response.status_code == 302
    assert "tidak dapat dilakukan" in text(client.get(response["Location"]))


def test_a_stranger_cannot_act_for_the_reporter(client, people):
    report, _token = report_in("responded", people)
    response = act(client, report, "reply", satisfied="yes")
    assert response.status_code == 302
    assert fresh(report).status == "responded"
    assert "Hanya pelapor" in text(client.get(response["Location"]))
    assert act(client, report, "verify").status_code == 404


def test_tracking_pages_in_english(english, people):
    report, token = report_in("responded", people)
    assert '<html lang="en">' in text(english.get("/lacak/"))
    english.get(f"/lacak/{report.tracking_id}/?token={token}")
    assert '<html lang="en">' in text(english.get(f"/lacak/{report.tracking_id}/"))
