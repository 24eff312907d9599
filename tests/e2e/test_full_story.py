"""The whole story in a real browser (issue 5): a guest files an anonim report on a 390×844
phone; the national admin verifies and disposes it; the institution admin accepts and assigns
it; the unit officer responds; the guest replies "not satisfied"; the officer responds again;
the guest replies satisfied. Every office page is checked for the reporter's identity.

Screenshots of each step: docs/screenshots/story-*.png with `./dev screenshots`."""

from __future__ import annotations

import re
from typing import Any

import pytest

from lapor.reports.models import Report
from tests.conftest import make_people
from tests.e2e.test_citizen_story import no_serious_violations, settled
from tests.e2e.test_office_story import SHOTS, log_in, log_out, no_identity

pytestmark = pytest.mark.django_db(transaction=True)
NAME, EMAIL = "Bagus Pratama", "bagus.pratama@contoh.id"


def shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"story-{name}.png"))


def office_identity_free(page: Any) -> None:
    no_identity(page)
    content = page.content()
    assert NAME not in content and EMAIL not in content


@pytest.fixture
def guest(browser: Any, live_server: Any, directory: None) -> Any:
    context = browser.new_context(
        locale="id-ID", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    yield page
    context.close()


def respond(page: Any, tid: str, text: str) -> None:
    page.goto(page.base_url + f"/kantor/laporan/{tid}/")
    office_identity_free(page)
    page.get_by_label("Tindak lanjut (terlihat pelapor)").fill(text)
    page.get_by_role("button", name="Beri tindak lanjut").click()
    page.get_by_text("Berhasil: Beri tindak lanjut.").wait_for()


def reply(guest: Any, tid: str, satisfied: bool, text: str, shot: str) -> None:
    guest.goto(guest.base_url + f"/lacak/{tid}/")
    guest.get_by_label(
        "Puas: masalah selesai" if satisfied else "Tidak puas: masalah belum selesai"
    ).check()
    guest.get_by_label("Alasan atau tanggapan Anda").fill(text)
    guest.locator("#beri-tanggapan").scroll_into_view_if_needed()
    shoot(guest, shot)
    guest.get_by_role("button", name="Kirim tanggapan").click()
    guest.wait_for_url(f"**/lacak/{tid}/**")


def test_an_anonim_report_from_a_phone_to_a_satisfied_reply(guest: Any, page: Any) -> None:
    make_people()
    # 1. The guest files an anonim report on a 390×844 phone.
    guest.goto(guest.base_url + "/lapor/")
    guest.get_by_label("Judul laporan", exact=True).fill("Jalan berlubang di depan SD Caturtunggal")
    guest.get_by_label("Isi laporan", exact=True).fill(
        "Jalan di depan SD Negeri Caturtunggal berlubang besar sejak dua bulan. Dua pengendara "
        "motor sudah jatuh minggu ini. Mohon segera ditambal."
    )
    guest.get_by_label("Provinsi").select_option("34")
    guest.wait_for_selector("#id_regency:not([disabled])")
    settled(guest)
    guest.get_by_label("Kabupaten/kota").select_option("34.04")
    settled(guest)
    guest.get_by_label("Anonim — sembunyikan identitas saya").check()
    guest.locator("#id_reporter_name").fill(NAME)
    guest.locator("#id_reporter_email").fill(EMAIL)
    shoot(guest, "1-form-phone")
    guest.get_by_role("button", name="Kirim laporan").click()
    guest.wait_for_url(re.compile(r".*/lapor/terkirim/[0-9A-Z]+/$"))
    tid = guest.locator("#tracking-id").inner_text().strip()
    shoot(guest, "2-submitted-phone")
    guest.locator("#reporter-link").click()
    guest.wait_for_url(f"**/lacak/{tid}/")
    no_serious_violations(guest)

    # 2. The national admin verifies and disposes it (desktop).
    log_in(page, "nadia")
    page.goto(page.base_url + f"/kantor/laporan/{tid}/")
    page.get_by_label("Instansi tujuan").select_option("pemkab-sleman")
    shoot(page, "3-verify-desktop")
    page.get_by_role("button", name="Verifikasi dan disposisikan").click()
    page.get_by_text("Berhasil: Verifikasi dan disposisikan.").wait_for()
    log_out(page)

    # 3. The institution admin accepts and assigns it.
    log_in(page, "sari")
    page.goto(page.base_url + "/kantor/antrean/")
    office_identity_free(page)
    page.goto(page.base_url + f"/kantor/laporan/{tid}/")
    office_identity_free(page)
    page.get_by_role("button", name="Terima laporan").click()
    page.get_by_text("Berhasil: Terima laporan.").wait_for()
    page.get_by_text("Disposisikan ke unit kerja", exact=True).first.click()
    page.get_by_label("Unit kerja").select_option("disdukcapil")
    page.get_by_role("button", name="Disposisikan ke unit kerja").click()
    page.get_by_text("Berhasil: Disposisikan ke unit kerja.").wait_for()
    shoot(page, "4-assigned-desktop")
    log_out(page)

    # 4. The unit officer responds.
    log_in(page, "dodi")
    respond(page, tid, "Petugas sudah meninjau lokasi; penambalan dijadwalkan pekan ini.")
    shoot(page, "5-respond-desktop")

    # 5. The guest is not satisfied.
    reply(guest, tid, False, "Sampai hari ini jalannya belum ditambal.", "6-not-satisfied-phone")
    assert Report.objects.get(tracking_id=tid).status == "assigned"

    # 6. The officer responds again; 7. the guest is satisfied.
    respond(page, tid, "Jalan sudah ditambal pada Rabu pagi; foto hasil terlampir di lokasi.")
    reply(guest, tid, True, "Terima kasih, sudah rapi.", "7-satisfied-phone")
    guest.goto(guest.base_url + f"/lacak/{tid}/")
    no_serious_violations(guest)
    shoot(guest, "8-completed-phone")

    report = Report.objects.get(tracking_id=tid)
    assert report.status == "completed" and report.anonymous
    assert report.reporter_name == NAME and report.reporter_email == EMAIL
    assert [e.action for e in report.events.order_by("created_at", "id")] == [
        "submit",
        "verify",
        "accept",
        "assign",
        "respond",
        "reply",
        "respond",
        "reply",
    ]
