"""The public feed and report page: public, verified, non-confidential reports only, never the
reporter's identity; filters, pages, and a support button counted once per account or device."""

from __future__ import annotations

import pytest
from django.test import Client

from lapor.reports.models import Report
from tests.conftest import PASSWORD, report_in
from tests.web.citizen.conftest import text

pytestmark = pytest.mark.django_db

IDENTITY = ("Citra Lestari", "citra.lestari@contoh.id", "081234567890")


def test_the_feed_never_shows_confidential_or_unverified_reports_or_identities(client, people):
    public, _ = report_in("in_progress", people, title="Lampu jalan mati")
    anonymous, _ = report_in(
        "responded", people, title="Pungutan liar di kelurahan", anonymous=True
    )
    secret, _ = report_in("in_progress", people, title="Laporan rahasia guru", confidential=True)
    fresh, _ = report_in("unverified", people, title="Belum diverifikasi")
    page = text(client.get("/laporan/"))
    assert "Lampu jalan mati" in page and "Pungutan liar di kelurahan" in page
    assert "Laporan rahasia guru" not in page and "Belum diverifikasi" not in page
    for value in IDENTITY:
        assert value not in page
    for report in (public, anonymous):
        page = text(client.get(f"/laporan/{report.tracking_id}/"))
        assert report.title in page and "Identitas pelapor tidak ditampilkan." in page
        for value in IDENTITY:
            assert value not in page
    assert client.get(f"/laporan/{secret.tracking_id}/").status_code == 404
    assert client.get(f"/laporan/{fresh.tracking_id}/").status_code == 404


def test_the_public_page_shows_the_institution_response(client, people):
    report, _ = report_in("responded", people)
    page = text(client.get(f"/laporan/{report.tracking_id}/"))
    assert "Jalan sudah ditambal pada 3 Desember." in page
    assert "Tindak lanjut dari Pemerintah Kabupaten Sleman." in page


def test_the_feed_filters_by_region_institution_category_and_status(client, people):
    from lapor.directory.models import Category, Region

    category = Category.objects.get(slug="kependudukan")
    report_in(
        "in_progress",
        people,
        title="KTP di Depok",
        region=Region.objects.get(code="34.04.07"),
        category=category,
    )
    report_in(
        "responded", people, title="Jalan di Semarang", region=Region.objects.get(code="33.74")
    )

    def titles(**params: str) -> str:
        return text(client.get("/laporan/", params))

    assert "KTP di Depok" in titles(region="34") and "Jalan di Semarang" not in titles(region="34")
    assert "Jalan di Semarang" in titles(region="33")
    assert "KTP di Depok" in titles(category="kependudukan")
    assert "Jalan di Semarang" not in titles(category="kependudukan")
    assert "KTP di Depok" in titles(institution="pemkab-sleman")
    assert "KTP di Depok" not in titles(institution="pemkot-semarang")
    assert "Jalan di Semarang" in titles(status="responded")
    assert "KTP di Depok" not in titles(status="responded")
    assert "KTP di Depok" in titles(q="Depok")


def test_the_feed_is_paginated(client, people):
    for n in range(22):
        report_in("disposed", people, title=f"Laporan nomor {n:02d}")
    first = text(client.get("/laporan/"))
    assert "Halaman 1 dari 2" in first and "halaman=2" in first
    second = text(client.get("/laporan/", {"halaman": 2}))
    assert "Laporan nomor 00" in second and "Laporan nomor 21" not in second


def test_support_counts_once_per_device_with_htmx(people):
    report, _ = report_in("in_progress", people)
    device = Client()
    url = f"/laporan/{report.tracking_id}/dukung/"
    response = device.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "1 dukungan" in text(response)
    assert "Anda mendukung laporan ini" in text(response)
    assert response.cookies["lapor_device"]["httponly"]
    again = device.post(url, HTTP_HX_REQUEST="true")
    assert "1 dukungan" in text(again)
    assert Report.objects.get(pk=report.pk).support_count == 1
    # Another device counts; the feed shows who already supported.
    Client().post(url)
    assert Report.objects.get(pk=report.pk).support_count == 2
    assert "Anda mendukung laporan ini" in text(device.get("/laporan/"))


def test_support_without_javascript_redirects_back(people):
    report, _ = report_in("in_progress", people)
    client = Client()
    response = client.post(
        f"/laporan/{report.tracking_id}/dukung/", {"next": "/laporan/?halaman=1"}
    )
    assert response.status_code == 302 and response["Location"] == "/laporan/?halaman=1"
    response = client.post(
        f"/laporan/{report.tracking_id}/dukung/", {"next": "https://jahat.example/"}, follow=True
    )
    assert response.redirect_chain[0][0] == f"/laporan/{report.tracking_id}/"
    assert "Anda sudah mendukung laporan ini." in text(response)


def test_support_counts_once_per_account(people):
    report, _ = report_in("in_progress", people)
    for _ in range(2):
        citra = Client()
        citra.login(username="citra", password=PASSWORD)
        citra.post(f"/laporan/{report.tracking_id}/dukung/")
    assert Report.objects.get(pk=report.pk).support_count == 1


def test_confidential_reports_cannot_be_supported(client, people):
    secret, _ = report_in("in_progress", people, confidential=True)
    assert client.post(f"/laporan/{secret.tracking_id}/dukung/").status_code == 404


def test_feed_and_report_page_in_english(english, people):
    report, _ = report_in("in_progress", people)
    assert '<html lang="en">' in text(english.get("/laporan/"))
    assert '<html lang="en">' in text(english.get(f"/laporan/{report.tracking_id}/"))
