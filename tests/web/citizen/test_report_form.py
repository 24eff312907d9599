"""The report form: a guest or a signed-in citizen files a report; errors appear next to the
fields; a second POST of the same form does not create a second report; what was typed
survives a validation error, a no-JavaScript refresh and an expired CSRF token."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone

from lapor.reports.models import Report
from tests.conftest import BODY, PASSWORD
from tests.web.citizen.conftest import text

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def idem_of(page: str) -> str:
    match = re.search(r'name="idem" value="([^"]+)"', page)
    assert match, "the form carries an idempotency token"
    return match.group(1)


def form_data(client: Client, **overrides: Any) -> dict[str, Any]:
    data = {
        "idem": idem_of(text(client.get("/lapor/"))),
        "type": "pengaduan",
        "title": "KTP-el belum jadi",
        "body": BODY,
        "occurred_on": "",
        "province": "34",
        "regency": "34.04",
        "district": "34.04.07",
        "address": "Kantor Disdukcapil Sleman",
        "lat": "-7.716165",
        "lon": "110.355398",
        "category": "",
        "institution": "",
        "reporter_name": "Citra Lestari",
        "reporter_email": "citra@contoh.id",
        "reporter_phone": "081234567890",
    }
    data.update(overrides)
    return data


def test_the_form_shows_every_field_with_a_label(client):
    page = text(client.get("/lapor/"))
    for field in (
        "title",
        "body",
        "occurred_on",
        "province",
        "regency",
        "district",
        "lat",
        "lon",
        "category",
        "institution",
        "anonymous",
        "confidential",
        "attachments",
        "reporter_name",
        "reporter_email",
        "reporter_phone",
    ):
        assert f'for="id_{field}"' in page, field
    assert "Biarkan admin LAPOR! memilih" in page
    assert "Anonim" in page and "Rahasia" in page
    assert "Siapa melihat apa?" in page


def test_the_form_in_english(english):
    response = english.get("/lapor/")
    assert response.status_code == 200 and '<html lang="en">' in text(response)


def test_a_guest_files_a_report_and_sees_the_tracking_id_and_reporter_link(client):
    response = client.post("/lapor/", form_data(client, anonymous="on"))
    assert response.status_code == 302
    report = Report.objects.get()
    assert response["Location"] == f"/lapor/terkirim/{report.tracking_id}/"
    assert report.title == "KTP-el belum jadi" and report.channel == "web"
    assert report.region_id == "34.04.07" and str(report.lat) == "-7.716165"
    assert report.anonymous and not report.confidential
    assert report.reporter is None and report.reporter_name == "Citra Lestari"

    page = text(client.get(response["Location"]))
    assert report.tracking_id in page and "Simpan nomor ini." in page
    link = re.search(r'id="reporter-link" href="([^"]+)"', page).group(1)
    assert f"/lacak/{report.tracking_id}/?token=" in link


def test_the_submitted_page_is_only_for_the_session_that_filed_it(client):
    client.post("/lapor/", form_data(client))
    report = Report.objects.get()
    response = Client().get(f"/lapor/terkirim/{report.tracking_id}/")
    assert response.status_code == 302
    assert response["Location"] == f"/lacak/{report.tracking_id}/"


def test_a_double_post_of_the_same_form_creates_one_report(client):
    data = form_data(client)
    first = client.post("/lapor/", data)
    second = client.post("/lapor/", data)
    assert Report.objects.count() == 1
    assert first["Location"] == second["Location"]
    # A new form is a new report.
    client.post("/lapor/", form_data(client, title="Laporan kedua"))
    assert Report.objects.count() == 2


def test_a_twin_post_in_flight_waits_for_the_first_outcome(client):
    from django.core.cache import cache

    data = form_data(client)
    cache.set(f"lapor:web:submit:{data['idem']}", "7KQ4MXTA", 60)  # the first one just finished
    response = client.post("/lapor/", data)
    assert response["Location"] == "/lapor/terkirim/7KQ4MXTA/"
    assert Report.objects.count() == 0


def test_missing_fields_are_shown_next_to_them_and_the_typed_text_is_kept(client):
    response = client.post(
        "/lapor/", form_data(client, title="", body="Jalan rusak parah sekali di sini.")
    )
    page = text(response)
    assert response.status_code == 200 and Report.objects.count() == 0
    assert 'id="id_title-error"' in page and "Bidang ini harus diisi." in page
    assert 'aria-invalid="true"' in page
    assert "Jalan rusak parah sekali di sini." in page  # kept
    assert 'value="34.04.07" selected' in page  # the region too
    assert "perlu diperbaiki" in page  # the summary at the top


def test_an_error_from_the_action_is_shown_next_to_its_field(client):
    page = text(client.post("/lapor/", form_data(client, body="Terlalu pendek.")))
    assert 'id="id_body-error"' in page
    assert "minimal 20 karakter" in page
    assert Report.objects.count() == 0


def test_a_date_in_the_future_or_coordinates_outside_indonesia_are_refused(client):
    tomorrow = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    page = text(client.post("/lapor/", form_data(client, occurred_on=tomorrow)))
    assert 'id="id_occurred_on-error"' in page and "masa depan" in page
    page = text(client.post("/lapor/", form_data(client, lat="51.5", lon="-0.12")))
    assert 'id="id_lat-error"' in page
    assert Report.objects.count() == 0


def test_an_inconsistent_region_keeps_only_the_consistent_part(client):
    client.post("/lapor/", form_data(client, province="34", regency="33.74", district="33.74.01"))
    assert Report.objects.get().region_id == "34"


def test_category_and_institution_are_stored_and_the_institution_receives_it_directly(
    client, people
):
    client.post("/lapor/", form_data(client, category="kependudukan", institution="pemkab-sleman"))
    report = Report.objects.get()
    assert report.category.slug == "kependudukan"
    assert report.target_institution == people.sleman and report.status == "disposed"


def test_an_unknown_category_or_institution_is_an_error_next_to_it(client):
    page = text(client.post("/lapor/", form_data(client, category="nope", institution="nope")))
    assert 'id="id_category-error"' in page and 'id="id_institution-error"' in page


def test_attachments_are_checked_by_content(client):
    data = form_data(client)
    data["attachments"] = [
        SimpleUploadedFile("foto.png", PNG, content_type="image/png"),
        SimpleUploadedFile("surat.pdf", b"bukan pdf sama sekali", content_type="application/pdf"),
    ]
    page = text(client.post("/lapor/", data))
    assert 'id="id_attachments-error"' in page and "surat.pdf" in page
    assert "lampiran harus dipilih ulang" in page
    assert Report.objects.count() == 0

    data["attachments"] = [SimpleUploadedFile("foto.png", PNG, content_type="image/png")]
    assert client.post("/lapor/", data).status_code == 302
    attachment = Report.objects.get().attachments.get()
    assert attachment.content_type == "image/png" and attachment.event.action == "submit"


def test_a_signed_in_citizen_files_under_their_account(client, people):
    client.login(username="citra", password=PASSWORD)
    page = text(client.get("/lapor/"))
    assert 'name="reporter_name"' not in page and "citra" in page
    client.post("/lapor/", form_data(client))
    assert Report.objects.get().reporter == people.citra


def test_the_no_javascript_refresh_fills_the_next_level_and_keeps_the_text(client):
    data = form_data(client, regency="", district="", _refresh="region")
    response = client.post("/lapor/", data)
    page = text(response)
    assert response.status_code == 200 and Report.objects.count() == 0
    assert "Kabupaten Sleman" in page  # the regencies of DIY are offered now
    assert "KTP-el belum jadi" in page
    assert "error-text" not in page  # a refresh judges nothing yet


def test_a_region_search_offers_matches_and_picking_one_fills_the_selects(client):
    page = text(client.get("/lapor/pilihan/wilayah/", {"region_q": "Sleman"}))
    assert 'name="region_pick" value="34.04"' in page
    page = text(client.get("/lapor/pilihan/wilayah/", {"region_pick": "34.04.07"}))
    assert 'value="34" selected' in page and 'value="34.04" selected' in page
    assert 'value="34.04.07" selected' in page
    page = text(
        client.get(
            "/lapor/pilihan/wilayah/", {"province": "34", "regency": "34.04", "changed": "province"}
        )
    )
    assert 'value="34.04" selected' not in page


def test_category_and_institution_searches_return_options(client):
    page = text(client.get("/lapor/pilihan/kategori/", {"category_q": "kependudukan"}))
    assert 'value="kependudukan"' in page and "<option" in page
    page = text(client.get("/lapor/pilihan/instansi/", {"institution_q": "Sleman"}))
    assert 'value="pemkab-sleman"' in page
    assert "Biarkan admin LAPOR! memilih" in page
    page = text(client.get("/lapor/pilihan/instansi/", {"province": "34", "regency": "34.04"}))
    assert "Di wilayah yang Anda pilih" in page and 'value="pemkab-sleman"' in page


@override_settings(CSRF_FAILURE_VIEW="lapor.web.citizen.views.csrf_failure")
def test_an_expired_form_comes_back_with_what_was_typed():
    browser = Client(enforce_csrf_checks=True)
    data = form_data(browser)
    browser.cookies.clear()  # the CSRF cookie is gone: the session expired
    response = browser.post("/lapor/", data)
    page = text(response)
    assert response.status_code == 403
    assert "sudah kedaluwarsa" in page and "KTP-el belum jadi" in page and BODY[:40] in page
    assert Report.objects.count() == 0
    assert 'name="csrfmiddlewaretoken"' in page  # a fresh token to send again


@override_settings(CSRF_FAILURE_VIEW="lapor.web.citizen.views.csrf_failure")
def test_other_expired_forms_get_a_friendly_page():
    response = Client(enforce_csrf_checks=True).post("/masuk/", {"username": "x"})
    assert response.status_code == 403 and "Formulir sudah kedaluwarsa" in text(response)


def test_without_leaflet_the_coordinate_fields_still_work(client):
    from lapor.web.citizen.views import leaflet_available

    leaflet_available.cache_clear()
    with override_settings(STATICFILES_DIRS=[]):
        page = text(client.get("/lapor/"))
    leaflet_available.cache_clear()
    assert 'id="id_lat"' in page and 'id="id_lon"' in page
    assert "leaflet" not in page and 'id="map"' not in page


def test_with_leaflet_on_the_static_path_the_map_appears(client):
    import xstatic.pkg.leaflet
    from django.contrib.staticfiles import finders

    from lapor.web.citizen.views import leaflet_available

    with override_settings(STATICFILES_DIRS=[("leaflet", xstatic.pkg.leaflet.BASE_DIR)]):
        finders.get_finder.cache_clear()
        leaflet_available.cache_clear()
        page = text(client.get("/lapor/"))
    finders.get_finder.cache_clear()
    leaflet_available.cache_clear()
    assert 'id="map"' in page and "/static/leaflet/leaflet.js" in page
    assert 'data-tiles=""' in page  # no tile server configured: the offline grid
    assert 'id="id_lat"' in page
