"""Routing intelligence in the pages: the national admin's workspace suggests where a report
goes, which open report it may repeat and what it lacks, each as a button on the ordinary action;
the verification queue shows the top suggestion per row; the citizen form suggests institutions,
similar public reports and hints as the reporter writes. Nobody else sees any of it, and a
failing router never breaks a page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from lapor.directory.models import Institution
from lapor.reports.lifecycle import Status
from lapor.reports.models import Report
from tests.conftest import file_report, report_in
from tests.routing.samples import KTP_BODY, KTP_TITLE, PARAPHRASE_BODY, PARAPHRASE_TITLE
from tests.web.office.conftest import client_for, html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_routing")]

BPJS_TITLE = "Klaim BPJS ditolak rumah sakit"
BPJS_BODY = (
    "Klaim BPJS Kesehatan saya untuk rawat inap ditolak oleh rumah sakit, padahal iuran "
    "sudah dibayar setiap bulan dan kartu peserta aktif."
)
SUGGEST_URL = "/lapor/saran/"


def workspace_url(report: Report, action: str = "") -> str:
    base = f"/kantor/laporan/{report.tracking_id}/"
    return base + (f"tindakan/{action}/" if action else "")


class Forms(HTMLParser):
    """The <form>s of a page: action, class, inputs and submit buttons (name, value)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.current: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.current = {
                "action": a.get("action", ""),
                "class": a.get("class", ""),
                "fields": [],
                "buttons": [],
            }
            self.forms.append(self.current)
        elif self.current is not None and tag == "input" and a.get("name"):
            if a.get("type") != "checkbox" or "checked" in a:
                self.current["fields"].append((a["name"], a.get("value", "")))
        elif self.current is not None and tag == "button" and a.get("name"):
            self.current["buttons"].append((a["name"], a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None


def suggestion_forms(page: str, action: str) -> list[dict[str, Any]]:
    parser = Forms()
    parser.feed(page)
    return [
        f
        for f in parser.forms
        if "suggest-form" in f["class"] and f["action"].endswith(f"/{action}/")
    ]


def press(client: Client, form: dict[str, Any], button: tuple[str, str], **headers: Any) -> Any:
    """Submit a suggestion form the way a browser does when one of its buttons is pressed."""
    data: dict[str, list[str]] = {}
    for name, value in [*form["fields"], button]:
        data.setdefault(name, []).append(value)
    return client.post(form["action"], data, **headers)


def slot(page: str, name: str) -> str:
    match = re.search(rf'<section[^>]*data-slot="{name}"[^>]*>.*?</section>', page, re.S)
    return match.group(0) if match else ""


def semarang_report(**overrides: Any) -> Report:
    values = {"title": KTP_TITLE, "body": KTP_BODY, **overrides}
    report, _token = file_report(**values)
    return report


# --- the national admin's workspace --------------------------------------------------------------


def test_the_workspace_of_an_id_card_report_in_semarang_suggests_the_city_government_first(people):
    report = semarang_report()
    page = html(client_for(people.nadia).get(workspace_url(report)))
    routing = slot(page, "routing")
    assert "hidden" not in routing.split(">", 1)[0]
    codes = re.findall(r'data-institution="([^"]+)"', routing)
    assert codes and codes[0] == people.semarang.code
    assert "Pemerintah Kota Semarang" in routing
    assert re.search(r"keyakinan \d{1,3}%", routing), "the confidence is written as text too"
    assert "model awal (cold start)" in routing
    assert "kota semarang" in routing.lower()  # a reason names the place
    assert "Verifikasi dan teruskan ke" in routing
    assert "csrfmiddlewaretoken" in routing


def test_pressing_a_suggestion_verifies_and_disposes_the_report_to_that_institution(people):
    report = semarang_report()
    nadia = client_for(people.nadia)
    [form] = suggestion_forms(html(nadia.get(workspace_url(report))), "verify")
    first = form["buttons"][0]
    assert first == ("institution", people.semarang.code)
    response = press(nadia, form, first)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.DISPOSED
    assert report.institution == people.semarang
    assert report.title == KTP_TITLE  # the title and type are sent unchanged
    page = html(nadia.get(workspace_url(report)))
    assert not re.findall(r'data-institution="', slot(page, "routing"))  # nothing left to suggest


def test_a_suggestion_pressed_through_htmx_refreshes_the_whole_workspace(people):
    report = semarang_report()
    nadia = client_for(people.nadia)
    [form] = suggestion_forms(html(nadia.get(workspace_url(report))), "verify")
    response = press(nadia, form, form["buttons"][0], HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#workspace"
    assert Report.objects.get(pk=report.pk).status == Status.DISPOSED


def test_a_suggestion_goes_through_the_verify_action_validation(people):
    report = semarang_report()
    nadia = client_for(people.nadia)
    [form] = suggestion_forms(html(nadia.get(workspace_url(report))), "verify")
    response = press(nadia, form, ("institution", "tidak-ada-instansi-ini"))
    assert response.status_code == 400
    assert Report.objects.get(pk=report.pk).status == Status.UNVERIFIED


def test_a_paraphrased_second_report_shows_the_first_as_a_possible_duplicate_and_merges(people):
    first = semarang_report()
    second = semarang_report(title=PARAPHRASE_TITLE, body=PARAPHRASE_BODY)
    nadia = client_for(people.nadia)
    page = html(nadia.get(workspace_url(second)))
    duplicates = slot(page, "duplicates")
    assert re.findall(r'data-duplicate="([^"]+)"', duplicates)[0] == first.tracking_id
    assert f'href="/kantor/laporan/{first.tracking_id}/"' in duplicates
    assert first.title in duplicates
    assert re.search(r"kemiripan \d{1,3}%", duplicates)
    assert "Belum terverifikasi" in duplicates  # the match's status
    assert f"Tandai sebagai duplikat dari {first.tracking_id}" in duplicates
    # Shown with the words both share, and never the other reporter's identity.
    assert "<mark>" in duplicates
    for secret in ("Citra Lestari", "citra.lestari@contoh.id", "081234567890"):
        assert secret not in duplicates

    [form] = suggestion_forms(page, "mark_duplicate")
    response = press(nadia, form, ("of", first.tracking_id))
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == Status.DUPLICATE
    assert second.duplicate_of == first


def test_the_quality_list_names_what_an_incomplete_report_lacks(people):
    report, _t = file_report(title="Tolong", body="Tolong dibantu segera pak.")
    page = html(client_for(people.nadia).get(workspace_url(report)))
    quality = slot(page, "quality")
    assert "Mutu laporan" in quality
    assert 'data-signal="too_short"' in quality
    assert "signal-warning" in quality
    # Above the routing suggestions.
    assert page.index('data-slot="quality"') < page.index('data-slot="routing"')


def test_an_institution_admin_sees_no_routing_suggestions(people):
    report, _t = report_in("disposed", people, title=KTP_TITLE, body=KTP_BODY)
    page = html(client_for(people.sari).get(workspace_url(report)))
    assert 'data-slot="quality"' not in page
    for name in ("routing", "duplicates"):
        assert f'data-slot="{name}"' not in page, f"no {name} section"
    assert not suggestion_forms(page, "verify") and not suggestion_forms(page, "mark_duplicate")


def test_the_national_admin_gets_no_suggestions_once_the_report_is_disposed(people):
    report, _t = report_in("disposed", people, title=KTP_TITLE, body=KTP_BODY)
    page = html(client_for(people.nadia).get(workspace_url(report)))
    assert "data-institution=" not in slot(page, "routing")
    assert 'data-slot="quality"' not in page


def test_a_failing_router_leaves_the_workspace_working(people, monkeypatch, caplog):
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("model file damaged")

    monkeypatch.setattr("lapor.routing.router.suggest_for_report", broken)
    monkeypatch.setattr("lapor.routing.duplicates.find_duplicates", broken)
    monkeypatch.setattr("lapor.routing.quality.assess", broken)
    report = semarang_report()
    response = client_for(people.nadia).get(workspace_url(report))
    assert response.status_code == 200
    page = html(response)
    for name in ("quality", "routing", "duplicates"):
        assert "Saran tidak tersedia" in slot(page, name)
    assert 'id="action-verify"' in page  # the verify form itself is still there
    assert "model file damaged" in caplog.text


# --- the verification queue ----------------------------------------------------------------------


def test_the_verification_queue_row_shows_the_top_suggestion_and_a_duplicate_badge(people):
    first = semarang_report()
    second = semarang_report(title=PARAPHRASE_TITLE, body=PARAPHRASE_BODY)
    page = html(client_for(people.nadia).get("/kantor/antrean/verifikasi/"))
    hint = re.search(rf'data-hint="{second.tracking_id}".*?</span></span>', page, re.S)
    assert hint, "the row carries a suggestion"
    assert "Saran:" in hint.group(0) and "Pemerintah Kota Semarang" in hint.group(0)
    assert re.search(r"\d{1,3}%", hint.group(0))
    assert "duplikat?" in hint.group(0)
    assert f"Mungkin duplikat dari laporan {first.tracking_id}" in hint.group(0)


def test_queue_rows_of_other_staff_carry_no_suggestions(people):
    report_in("disposed", people, title=KTP_TITLE, body=KTP_BODY)
    page = html(client_for(people.sari).get("/kantor/antrean/instansi/"))
    assert "Saran:" not in page and "duplikat?" not in page


# --- the citizen form ----------------------------------------------------------------------------


def test_the_citizen_suggestions_name_bpjs_kesehatan_for_a_bpjs_claim():
    response = Client().post(SUGGEST_URL, {"title": BPJS_TITLE, "body": BPJS_BODY})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Instansi yang mungkin berwenang" in page
    bpjs = Institution.objects.get(name="BPJS Kesehatan")
    assert re.findall(r'data-institution="([^"]+)"', page)[0] == bpjs.code
    assert "Jadikan instansi tujuan" in page and f'value="{bpjs.code}"' in page


@pytest.mark.parametrize(
    "title,body",
    [
        ("", ""),
        ("   ", "\n\n"),
        ("😀😀😀", "🔥🔥 🙏"),
        ("", "a" * 50_000),
        ("x" * 30_000, "😀" * 30_000),
    ],
    ids=["empty", "blank", "emoji", "huge", "huge-emoji"],
)
def test_the_citizen_suggestions_accept_any_text(title, body):
    response = Client().post(SUGGEST_URL, {"title": title, "body": body})
    assert response.status_code == 200
    if not (title.strip() or body.strip()):
        assert "Saran untuk laporan Anda" not in response.content.decode()


def test_the_citizen_suggestions_list_similar_public_reports_but_never_confidential_ones(people):
    public, _t = report_in("disposed", people, title=KTP_TITLE, body=KTP_BODY)
    secret, _t = report_in("disposed", people, title=KTP_TITLE, body=KTP_BODY, confidential=True)
    unverified = semarang_report()
    assert secret.confidential and not public.confidential
    response = Client().post(SUGGEST_URL, {"title": PARAPHRASE_TITLE, "body": PARAPHRASE_BODY})
    page = response.content.decode()
    assert "Laporan serupa yang sudah ada" in page
    assert f"/laporan/{public.tracking_id}/" in page
    assert secret.tracking_id not in page
    assert unverified.tracking_id not in page  # not verified yet: not public
    assert KTP_BODY[:40] not in page  # titles only, never a body
    for identity in ("Citra Lestari", "citra.lestari@contoh.id", "081234567890"):
        assert identity not in page


def test_a_report_made_confidential_stops_being_suggested_at_once(people):
    public, _t = report_in("disposed", people, title=KTP_TITLE, body=KTP_BODY)
    data = {"title": PARAPHRASE_TITLE, "body": PARAPHRASE_BODY}
    assert public.tracking_id in Client().post(SUGGEST_URL, data).content.decode()
    Report.objects.filter(pk=public.pk).update(confidential=True)
    assert public.tracking_id not in Client().post(SUGGEST_URL, data).content.decode()


def test_the_citizen_hints_ask_for_the_place_in_the_reporters_words():
    page = (
        Client()
        .post(
            SUGGEST_URL,
            {
                "title": "Jalan rusak",
                "body": "Jalan rusak parah dan berlubang sudah lama sekali tidak diperbaiki.",
            },
        )
        .content.decode()
    )
    assert 'data-hint="no_place"' in page
    assert "Sebutkan lokasi kejadian (jalan, kelurahan, kecamatan)" in page
    page = (
        Client()
        .post(
            SUGGEST_URL,
            {
                "title": "Jalan rusak",
                "body": "Jalan rusak parah dan berlubang sudah lama sekali.",
                "province": "34",
                "regency": "34.04",
            },
        )
        .content.decode()
    )
    assert 'data-hint="no_place"' not in page  # the region picked on the form is a place


def test_choosing_a_suggested_institution_through_htmx_selects_it_in_the_picker():
    bpjs = Institution.objects.get(name="BPJS Kesehatan")
    response = Client().post(
        SUGGEST_URL,
        {"title": BPJS_TITLE, "body": BPJS_BODY, "pick_institution": bpjs.code},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert "Instansi tujuan dipilih" in page
    assert f'id="pick-{bpjs.code}"' in page and 'aria-pressed="true"' in page
    assert 'hx-swap-oob="innerHTML"' in page
    assert f'<option value="{bpjs.code}" selected>' in page


def test_the_report_form_carries_the_suggestion_region_and_triggers():
    page = Client().get("/lapor/").content.decode()
    assert 'id="suggestions"' in page and 'aria-live="polite"' in page
    assert f'hx-post="{SUGGEST_URL}"' in page
    assert "delay:800ms" in page
    assert 'name="_refresh" value="suggest"' in page  # the no-JavaScript way


def test_without_javascript_the_form_shows_suggestions_and_takes_a_chosen_institution():
    client = Client()
    page = client.get("/lapor/").content.decode()
    idem = re.search(r'name="idem" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    data = {"idem": idem, "type": "pengaduan", "title": BPJS_TITLE, "body": BPJS_BODY}
    page = client.post("/lapor/", {**data, "_refresh": "suggest"}).content.decode()
    assert "Instansi yang mungkin berwenang" in page and "BPJS Kesehatan" in page
    assert 'type="submit" class="secondary" id="pick-' in page
    bpjs = Institution.objects.get(name="BPJS Kesehatan")
    page = client.post("/lapor/", {**data, "pick_institution": bpjs.code}).content.decode()
    assert f'<option value="{bpjs.code}" selected>' in page
    assert not Report.objects.exists()  # choosing is not submitting


def test_unchanged_suggestions_are_not_sent_again_to_the_live_region():
    data = {"title": BPJS_TITLE, "body": BPJS_BODY}
    first = Client().post(SUGGEST_URL, data, HTTP_HX_REQUEST="true")
    digest = re.search(r'name="suggest_digest" value="([^"]+)"', first.content.decode())
    assert digest, "the panel remembers what it shows"
    again = Client().post(
        SUGGEST_URL, {**data, "suggest_digest": digest.group(1)}, HTTP_HX_REQUEST="true"
    )
    assert again.status_code == 204  # htmx leaves the panel (and the screen reader) alone
    changed = Client().post(
        SUGGEST_URL,
        {**data, "body": BPJS_BODY + " Di Kota Semarang.", "suggest_digest": digest.group(1)},
        HTTP_HX_REQUEST="true",
    )
    assert changed.status_code == 200


def test_a_failing_router_leaves_the_queue_and_the_citizen_form_working(people, monkeypatch):
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("model file damaged")

    monkeypatch.setattr("lapor.routing.router.suggest_for_report", broken)
    monkeypatch.setattr("lapor.routing.router.suggest", broken)
    monkeypatch.setattr("lapor.routing.duplicates.find_duplicates", broken)
    monkeypatch.setattr("lapor.routing.duplicates.find_duplicates_many", broken)
    semarang_report()
    queue = client_for(people.nadia).get("/kantor/antrean/verifikasi/")
    assert queue.status_code == 200 and "Saran:" not in html(queue)
    response = Client().post(SUGGEST_URL, {"title": BPJS_TITLE, "body": BPJS_BODY})
    assert response.status_code == 200
    assert "Sebagian saran tidak tersedia" in response.content.decode()
