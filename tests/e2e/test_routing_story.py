"""End to end with routing intelligence: on a phone, a reporter writing about an ID card in Kota
Semarang sees the city government suggested as it types and makes it the target with one tap;
at a desk, the national admin sees where a second report about the same card should go and that
it repeats the first, verifies the first with one click on the suggestion and merges the second
into it. The pages with the suggestion panels have no serious or critical axe-core violations.

Screenshots land in docs/screenshots/{citizen,office}-*suggestions*.png (regenerate:
`./dev screenshots`)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from lapor.reports.lifecycle import Status
from lapor.reports.models import Report
from tests.conftest import PASSWORD, file_report, make_people
from tests.e2e.conftest import axe_violations
from tests.routing.samples import KTP_BODY as BODY
from tests.routing.samples import KTP_TITLE as TITLE
from tests.routing.samples import PARAPHRASE_BODY, PARAPHRASE_TITLE

SHOTS = (
    Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    if os.environ.get("LAPOR_SCREENSHOTS") == "1"
    else Path(tempfile.gettempdir()) / "lapor-screenshots"
)


pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_routing")]


def shoot(page: Any, name: str, *, full_page: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def no_serious_violations(page: Any) -> None:
    violations = axe_violations(page)
    assert not violations, [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations
    ]


def settled(page: Any) -> None:
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def test_a_reporter_on_a_phone_is_offered_the_city_government_and_picks_it(phone: Any) -> None:
    people = make_people()
    page = phone
    page.goto(page.base_url + "/lapor/")
    page.get_by_label("Judul laporan", exact=True).fill(TITLE)
    page.get_by_label("Isi laporan", exact=True).fill(BODY)
    panel = page.locator("#suggestions")
    expect(panel).to_contain_text("Instansi yang mungkin berwenang")
    pick = panel.locator(f'li.pick[data-institution="{people.semarang.code}"]')
    expect(pick).to_contain_text("Pemerintah Kota Semarang")
    settled(page)
    no_serious_violations(page)
    page.get_by_label("Isi laporan", exact=True).scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 180)")
    shoot(page, "citizen-form-suggestions-phone")

    pick.get_by_role("button").click()
    expect(panel).to_contain_text("Instansi tujuan dipilih")
    settled(page)
    # The picker now holds it (Chromium kept the old choice after the swap until citizen.js
    # selected the marked option).
    assert page.locator("#id_institution").input_value() == people.semarang.code
    assert Report.objects.count() == 0  # choosing a suggestion sends nothing


def test_the_national_admin_routes_one_report_and_merges_its_repeat_from_the_suggestions(
    page: Any,
) -> None:
    people = make_people()
    first, _t = file_report(title=TITLE, body=BODY)
    second, _t = file_report(title=PARAPHRASE_TITLE, body=PARAPHRASE_BODY)

    page.goto(page.base_url + "/kantor/masuk/")
    page.get_by_label("Nama pengguna").fill("nadia")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url("**/kantor/")

    # The queue row carries the top suggestion and a duplicate badge.
    page.goto(page.base_url + "/kantor/antrean/verifikasi/")
    row = page.locator("tr, li").filter(has=page.get_by_role("link", name=second.tracking_id))
    expect(row.first).to_contain_text("Pemerintah Kota Semarang")
    expect(row.first).to_contain_text("duplikat?")

    # The second report's workspace: where it should go, and the report it repeats.
    page.get_by_role("link", name=second.tracking_id).click()
    page.wait_for_url(f"**/kantor/laporan/{second.tracking_id}/")
    routing = page.locator('[data-slot="routing"]')
    expect(routing.locator("li.candidate").first).to_have_attribute(
        "data-institution", people.semarang.code
    )
    duplicates = page.locator('[data-slot="duplicates"]')
    expect(duplicates.locator("li.candidate").first).to_have_attribute(
        "data-duplicate", first.tracking_id
    )
    no_serious_violations(page)
    shoot(page, "office-workspace-suggestions-desktop", full_page=True)

    # The first report goes to the suggested institution with one click.
    page.goto(page.base_url + f"/kantor/laporan/{first.tracking_id}/")
    page.locator('[data-slot="routing"]').get_by_role(
        "button", name="Verifikasi dan teruskan ke"
    ).first.click()
    page.get_by_text("Status: Didisposisikan ke instansi").wait_for()
    first.refresh_from_db()
    assert first.status == Status.DISPOSED
    assert first.institution == people.semarang

    # The second is merged into it.
    page.goto(page.base_url + f"/kantor/laporan/{second.tracking_id}/")
    page.locator('[data-slot="duplicates"]').get_by_role(
        "button", name=f"Tandai sebagai duplikat dari {first.tracking_id}"
    ).click()
    page.get_by_text("Berhasil: Tandai duplikat.").wait_for()
    second.refresh_from_db()
    assert second.status == Status.DUPLICATE
    assert second.duplicate_of == first
