"""End to end on a 360 px phone: a guest files an anonim report through the form, sees the
tracking ID, and opens the tracking page with the reporter link; the home page, the form and
the tracking page have no serious or critical axe-core violations.

Screenshots land in docs/screenshots/citizen-*.png (regenerate: `.venv/bin/python -m pytest
tests/e2e/test_citizen_story.py -n 0`)."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations

# Screenshots go to docs/screenshots only when asked (LAPOR_SCREENSHOTS=1, `./dev screenshots`),
# so a test run leaves the working tree clean.
SHOTS = (
    Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    if os.environ.get("LAPOR_SCREENSHOTS") == "1"
    else Path(tempfile.gettempdir()) / "lapor-screenshots"
)

pytestmark = pytest.mark.django_db(transaction=True)


def shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"citizen-{name}.png"))


def settled(page: Any) -> None:
    """htmx binds the swapped-in selects when the swap settles: choose only after that."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def no_serious_violations(page: Any) -> None:
    violations = axe_violations(page)
    assert not violations, [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations
    ]


def test_a_guest_files_an_anonymous_report_on_a_phone_and_tracks_it(phone: Any, page: Any) -> None:
    desktop, page = page, phone
    page.goto(page.base_url + "/")
    assert page.locator("html").get_attribute("lang") == "id"
    no_serious_violations(page)
    shoot(page, "home-phone")

    page.get_by_role("link", name="Tulis laporan").last.click()
    page.wait_for_url("**/lapor/")
    assert page.locator("html").evaluate("el => el.classList.contains('js')")
    shoot(page, "form-phone")
    page.get_by_label("Judul laporan", exact=True).fill("KTP-el belum jadi setelah tiga bulan")
    page.get_by_label("Isi laporan", exact=True).fill(
        "Saya mengurus KTP-el di kantor kecamatan Depok sejak Agustus. Sudah tiga kali datang, "
        "petugas selalu bilang blangko habis. Mohon kepastian kapan KTP-el saya dicetak."
    )
    # The region picker: htmx fills the next level after each choice.
    page.get_by_label("Provinsi").select_option("34")
    page.wait_for_selector("#id_regency:not([disabled])")
    settled(page)
    page.get_by_label("Kabupaten/kota").select_option("34.04")
    page.wait_for_selector("#id_district:not([disabled])")
    settled(page)
    page.get_by_label("Kecamatan").select_option("34.04.07")
    # Wait for the district's own swap: the regency's swap already showed a chosen region.
    expect(page.locator("#region-chosen")).to_contain_text("Depok")
    page.locator("#region-picker").scroll_into_view_if_needed()
    shoot(page, "form-region-phone")

    page.get_by_label("Anonim — sembunyikan identitas saya").check()
    page.locator("#privacy").scroll_into_view_if_needed()
    shoot(page, "form-privacy-phone")
    no_serious_violations(page)

    page.get_by_role("button", name="Kirim laporan").click()
    page.wait_for_url(re.compile(r".*/lapor/terkirim/[0-9A-Z]+/$"))
    tracking_id = page.locator("#tracking-id").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{8}", tracking_id)
    assert page.get_by_text("Simpan nomor ini.").is_visible()
    shoot(page, "submitted-phone")

    page.locator("#reporter-link").click()
    page.wait_for_url(f"**/lacak/{tracking_id}/")
    assert "token=" not in page.url
    assert page.get_by_text("KTP-el belum jadi setelah tiga bulan").first.is_visible()
    assert page.get_by_text(
        "Admin nasional LAPOR! wajib memverifikasi laporan ini paling lambat"
    ).is_visible()
    no_serious_violations(page)
    shoot(page, "tracking-phone")

    from lapor.reports.models import Report

    report = Report.objects.get(tracking_id=tracking_id)
    assert report.anonymous and report.region_id == "34.04.07" and report.channel == "web"

    # The same pages on a desktop; a stranger with the tracking ID sees status and due dates.
    desktop.goto(desktop.base_url + "/lapor/")
    shoot(desktop, "form-desktop")
    desktop.goto(desktop.base_url + f"/lacak/{tracking_id}/")
    assert desktop.get_by_text("Anda pelapornya?").is_visible()
    assert desktop.get_by_text("KTP-el belum jadi setelah tiga bulan").count() == 0
    no_serious_violations(desktop)
    shoot(desktop, "tracking-stranger-desktop")
