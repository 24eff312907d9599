"""End to end in the back office: the national admin logs in, verifies an anonim report and
disposes it to Pemkab Sleman; the institution admin accepts it and assigns it to a unit; the
unit officer responds from a response template. The queue and workspace pages have no serious
or critical axe-core violations, and the institution never sees the reporter's identity.

Screenshots land in docs/screenshots/office-*.png (regenerate: `.venv/bin/python -m pytest
tests/e2e/test_office_story.py -n 0`)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

from lapor.reports.models import Report
from lapor.web.models import ResponseTemplate
from tests.conftest import PASSWORD, file_report, make_people
from tests.e2e.conftest import axe_violations

# Screenshots go to docs/screenshots only when asked (LAPOR_SCREENSHOTS=1, `./dev screenshots`),
# so a test run leaves the working tree clean.
SHOTS = (
    Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    if os.environ.get("LAPOR_SCREENSHOTS") == "1"
    else Path(tempfile.gettempdir()) / "lapor-screenshots"
)
IDENTITY = ("Citra Lestari", "citra.lestari@contoh.id", "081234567890")

pytestmark = pytest.mark.django_db(transaction=True)


def shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"office-{name}.png"))


def no_serious_violations(page: Any) -> None:
    violations = axe_violations(page)
    assert not violations, [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations
    ]


def log_in(page: Any, username: str) -> None:
    page.goto(page.base_url + "/kantor/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url("**/kantor/")


def log_out(page: Any) -> None:
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/kantor/masuk/")


def no_identity(page: Any) -> None:
    content = page.content()
    assert not [value for value in IDENTITY if value in content]


def open_report(page: Any, queue_link: str, tracking_id: str) -> None:
    page.get_by_role("link", name=queue_link).first.click()
    page.wait_for_url("**/kantor/antrean/**")
    page.get_by_role("link", name=tracking_id).click()
    page.wait_for_url(f"**/kantor/laporan/{tracking_id}/")


def test_a_report_is_verified_accepted_assigned_and_answered_in_the_office(
    page: Any, phone: Any
) -> None:
    people = make_people()
    ResponseTemplate.objects.create(
        institution=people.sleman,
        title="Jalan sudah diperbaiki",
        text="Terima kasih atas laporan Anda. Jalan tersebut sudah kami tambal pada minggu ini.",
    )
    report, _token = file_report(anonymous=True)
    tid = report.tracking_id

    # The national admin: the verification queue, then the workspace.
    log_in(page, "nadia")
    page.get_by_role("link", name="Antrean verifikasi").first.click()
    page.wait_for_url("**/kantor/antrean/verifikasi/")
    assert page.get_by_role("link", name=tid).is_visible()
    no_serious_violations(page)
    shoot(page, "queue-desktop")
    page.get_by_role("link", name=tid).click()
    page.wait_for_url(f"**/kantor/laporan/{tid}/")
    assert page.get_by_text("Citra Lestari").is_visible()  # the national admin may see who
    no_serious_violations(page)
    shoot(page, "workspace-verify-desktop")
    page.get_by_label("Instansi tujuan").select_option("pemkab-sleman")
    page.get_by_role("button", name="Verifikasi dan disposisikan").click()
    page.get_by_text("Berhasil: Verifikasi dan disposisikan.").wait_for()
    assert page.get_by_text("Status: Didisposisikan ke instansi").is_visible()
    log_out(page)

    # The institution admin accepts and assigns, on a phone (after a look at the national
    # queue on a phone, for the screenshots).
    file_report(title="Lampu penerangan jalan mati")
    log_in(phone, "nadia")
    phone.goto(phone.base_url + "/kantor/antrean/verifikasi/")
    no_serious_violations(phone)
    shoot(phone, "queue-verify-phone")
    log_out(phone)
    log_in(phone, "sari")
    open_report(phone, "Kotak masuk instansi", tid)
    no_identity(phone)
    assert phone.get_by_text("Identitas pelapor disembunyikan (laporan anonim)").is_visible()
    no_serious_violations(phone)
    shoot(phone, "workspace-phone")
    phone.get_by_role("button", name="Terima laporan").click()
    phone.get_by_text("Berhasil: Terima laporan.").wait_for()
    phone.get_by_text("Disposisikan ke unit kerja", exact=True).first.click()  # open the form
    phone.get_by_label("Unit kerja").select_option("disdukcapil")
    phone.get_by_role("button", name="Disposisikan ke unit kerja").click()
    phone.get_by_text("Berhasil: Disposisikan ke unit kerja.").wait_for()
    assert phone.get_by_text("Status: Diproses unit kerja").is_visible()
    no_identity(phone)
    phone.goto(phone.base_url + "/kantor/antrean/semua/")
    no_serious_violations(phone)
    shoot(phone, "queue-all-phone")
    log_out(phone)

    # The unit officer answers from a template.
    log_in(page, "dodi")
    open_report(page, "Daftar kerja unit", tid)
    no_identity(page)
    page.get_by_label("Templat tanggapan").select_option(label="Jalan sudah diperbaiki")
    text = page.get_by_label("Tindak lanjut (terlihat pelapor)")
    assert "sudah kami tambal" in text.input_value()
    text.fill(text.input_value() + " Mohon konfirmasi bila masih ada lubang.")
    no_serious_violations(page)
    page.locator("#action-respond").scroll_into_view_if_needed()
    shoot(page, "workspace-respond-desktop")
    page.get_by_role("button", name="Beri tindak lanjut").click()
    page.get_by_text("Berhasil: Beri tindak lanjut.").wait_for()
    assert page.get_by_text("Status: Ditanggapi").is_visible()
    no_identity(page)

    report = Report.objects.get(pk=report.pk)
    assert report.status == "responded"
    assert [e.action for e in report.events.order_by("created_at", "id")] == [
        "submit",
        "verify",
        "accept",
        "assign",
        "respond",
    ]
    assert report.events.get(action="respond").text.endswith("masih ada lubang.")
