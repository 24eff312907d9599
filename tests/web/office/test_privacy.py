"""An anonim reporter's identity never reaches the office HTML of the institution's staff, at
any step of a full scenario; the national admin sees it (and is told not to pass it on)."""

import re

import pytest

from tests.conftest import file_report
from tests.web.office.conftest import client_for, html

pytestmark = pytest.mark.django_db

IDENTITY = ("Citra Lestari", "citra.lestari@contoh.id", "081234567890", "citra@contoh.id")


def leaks(body: str) -> list[str]:
    found = [value for value in IDENTITY if value.lower() in body.lower()]
    if re.search(r"\bcitra\b", body):  # the reporter's account name
        found.append("citra")
    return found


def office_pages(client, tracking_id):
    urls = ["/kantor/", "/kantor/antrean/semua/", f"/kantor/laporan/{tracking_id}/"]
    for queue in ("instansi", "unit"):
        urls.append(f"/kantor/antrean/{queue}/")
    for url in urls:
        response = client.get(url)
        if response.status_code == 200:
            yield url, html(response)


def test_an_anonymous_report_never_shows_its_reporter_to_the_institution(people):
    report, _token = file_report(anonymous=True, reporter=people.citra)
    tid = report.tracking_id
    nadia, sari, dodi = (client_for(p) for p in (people.nadia, people.sari, people.dodi))
    seen: list[tuple[str, str]] = []

    def scan(step: str, *responses):
        for client in (sari, dodi):
            for url, body in office_pages(client, tid):
                seen.append((step, url))
                assert not leaks(body), (step, url, leaks(body))
        for response in responses:
            assert not leaks(html(response)), (step, leaks(html(response)))

    # The national admin sees who it is, and is warned.
    body = html(nadia.get(f"/kantor/laporan/{tid}/"))
    assert "Citra Lestari" in body and "Jangan teruskan ke instansi" in body
    nadia.post(
        f"/kantor/laporan/{tid}/tindakan/verify/",
        {"institution": "pemkab-sleman", "title": report.title, "type": "pengaduan"},
    )
    scan("disposed")
    r1 = sari.post(f"/kantor/laporan/{tid}/tindakan/accept/", HTTP_HX_REQUEST="true")
    r2 = sari.post(
        f"/kantor/laporan/{tid}/tindakan/assign/", {"unit": "disdukcapil"}, HTTP_HX_REQUEST="true"
    )
    scan("assigned", r1, r2)
    r3 = dodi.post(
        f"/kantor/laporan/{tid}/tindakan/add_note/",
        {"text": "Cek lapangan."},
        HTTP_HX_REQUEST="true",
    )
    r4 = dodi.post(
        f"/kantor/laporan/{tid}/tindakan/respond/",
        {"text": "Sudah kami perbaiki.", "final": "on"},
        HTTP_HX_REQUEST="true",
    )
    scan("responded", r3, r4)
    assert len(seen) >= 15
    body = html(sari.get(f"/kantor/laporan/{tid}/"))
    assert "Identitas pelapor disembunyikan" in body


def test_a_report_that_is_not_anonymous_shows_its_reporter_to_the_handling_staff(people):
    report, _token = file_report()
    client_for(people.nadia).post(
        f"/kantor/laporan/{report.tracking_id}/tindakan/verify/",
        {"institution": "pemkab-sleman", "title": report.title, "type": "pengaduan"},
    )
    body = html(client_for(people.sari).get(f"/kantor/laporan/{report.tracking_id}/"))
    assert "Citra Lestari" in body
