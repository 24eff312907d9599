"""Attachments: checked by content, limited in size, served only to those who may see them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from rest_framework.test import APIClient

from lapor.reports.models import Attachment
from tests.conftest import file_report

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def upload(client, tid, name, content, token=None):
    headers = {"HTTP_X_REPORTER_TOKEN": token} if token else {}
    return client.post(
        f"/api/v1/reports/{tid}/attachments",
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
        **headers,
    )


def test_the_reporter_attaches_a_photo_and_the_institution_downloads_it(people):
    report, token = file_report(institution=people.sleman)
    response = upload(APIClient(), report.tracking_id, "lubang.png", PNG, token)
    assert response.status_code == 201, response.json()
    url = response.json()[0]["url"]
    download = people.client(people.sari).get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert download["Content-Type"] == "image/png"
    assert people.client(people.tono).get(url).status_code == 404
    assert APIClient().get(url).status_code == 404


def test_a_pdf_renamed_jpg_is_refused(people):
    report, token = file_report()
    response = upload(APIClient(), report.tracking_id, "foto.jpg", PDF, token)
    assert response.status_code == 400
    assert "file" in response.json()
    assert Attachment.objects.count() == 0


def test_an_executable_is_refused_whatever_its_name(people):
    report, token = file_report()
    response = upload(
        APIClient(), report.tracking_id, "foto.png", b"MZ\x90\x00" + b"\x00" * 100, token
    )
    assert response.status_code == 400


@override_settings(LAPOR_MAX_ATTACHMENT_BYTES=1024)
def test_an_oversized_file_is_refused(people):
    report, token = file_report()
    response = upload(APIClient(), report.tracking_id, "besar.pdf", PDF + b"0" * 2048, token)
    assert response.status_code == 400
    assert "MB" in response.json()["file"][0]


def test_there_is_no_public_media_url(people, client):
    report, token = file_report()
    upload(APIClient(), report.tracking_id, "lubang.png", PNG, token)
    attachment = Attachment.objects.get()
    assert client.get("/media/" + attachment.file.name).status_code == 404
    assert client.get("/" + attachment.file.name).status_code == 404


def test_a_hidden_attachment_is_seen_only_by_the_national_admin(people):
    report, token = file_report(institution=people.sleman)
    url = upload(APIClient(), report.tracking_id, "ktp.png", PNG, token).json()[0]["url"]
    attachment = Attachment.objects.get()
    response = people.client(people.nadia).post(
        f"/api/v1/reports/{report.tracking_id}/actions/redact",
        {"hide_attachments": [attachment.pk]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert people.client(people.sari).get(url).status_code == 404
    assert people.client(people.nadia).get(url).status_code == 200


def test_a_response_carries_its_attachments(people):
    report, _token = file_report(institution=people.sleman)
    sari = people.client(people.sari)
    sari.post(f"/api/v1/reports/{report.tracking_id}/actions/accept", {}, format="json")
    response = sari.post(
        f"/api/v1/reports/{report.tracking_id}/actions/respond",
        {"text": "Sudah diperbaiki, foto terlampir.", "file": SimpleUploadedFile("hasil.png", PNG)},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    assert len(response.json()["report"]["attachments"]) == 1
    assert Attachment.objects.get().from_reporter is False
