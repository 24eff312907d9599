"""Suggestions in the API, and auto-disposition (off by default, per category, undoable)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lapor.channels.outbox import outbox_process
from lapor.directory.models import Category
from lapor.reports.models import Event
from lapor.routing.auto import dispose_if_confident
from lapor.routing.models import AutoDispose
from tests.conftest import file_report

pytestmark = pytest.mark.django_db

KTP = {
    "title": "KTP belum jadi",
    "body": "Sudah tiga bulan KTP dan kartu keluarga saya di Kota Semarang belum jadi.",
}


def test_the_report_form_gets_suggestions_and_hints_from_the_api(api):
    response = api.post("/api/v1/routing/suggest", KTP, format="json")
    assert response.status_code == 200
    first = response.json()["suggestions"]["institutions"][0]
    assert first["code"] == "pemkot-semarang" and first["confidence"] > 0.8
    assert first["reasons"]
    assert isinstance(response.json()["quality"], list)


@pytest.mark.parametrize("payload", [{}, {"title": "", "body": ""}, {"body": "🙏🙏🙏"}])
def test_empty_or_emoji_drafts_get_low_confidence_not_an_error(api, payload):
    response = api.post("/api/v1/routing/suggest", payload, format="json")
    assert response.status_code == 200
    assert response.json()["suggestions"]["low_confidence"] is True


def test_an_unknown_region_is_a_field_error(api):
    response = api.post("/api/v1/routing/suggest", {**KTP, "region": "99.99"}, format="json")
    assert response.status_code == 400
    assert "region" in response.json()


def test_staff_get_suggestions_duplicates_and_quality_for_a_report(api, people):
    first, _t = file_report(**KTP)
    second, _t = file_report(
        title="E-KTP tidak kunjung jadi",
        body="KTP elektronik dan KK saya di Kota Semarang sudah tiga bulan belum jadi juga.",
    )
    api.force_authenticate(people.nadia)
    response = api.get(f"/api/v1/reports/{second.tracking_id}/routing")
    assert response.status_code == 200
    data = response.json()
    assert data["suggestions"]["institutions"][0]["code"] == "pemkot-semarang"
    assert [d["tracking_id"] for d in data["duplicates"]] == [first.tracking_id]
    assert 0 < data["duplicates"][0]["similarity"] <= 1


def test_staff_who_cannot_see_the_report_get_404(api, people):
    report, _t = file_report(**KTP)
    api.force_authenticate(people.tono)  # Kota Semarang's admin: not disposed to them yet
    assert api.get(f"/api/v1/reports/{report.tracking_id}/routing").status_code == 404
    api.force_authenticate(None)
    assert api.get(f"/api/v1/reports/{report.tracking_id}/routing").status_code in (401, 403, 404)


def test_auto_disposition_is_off_by_default(people):
    report, _t = file_report(**KTP, category=Category.objects.get(slug="kependudukan"))
    outbox_process()
    report.refresh_from_db()
    assert report.status == "unverified"
    assert dispose_if_confident(report).startswith("skipped")


def test_a_confident_suggestion_is_disposed_automatically_with_an_event(people, api):
    call_command("routing", "auto-dispose", "kependudukan", "0.8")
    report, _t = file_report(**KTP, category=Category.objects.get(slug="kependudukan"))
    outbox_process()
    report.refresh_from_db()
    assert report.status == "disposed" and report.institution == people.semarang
    event = Event.objects.get(report=report, action="auto_dispose")
    assert event.automatic and event.data["confidence"] >= 0.8
    assert "otomatis" in event.text
    # The national admin takes it back: the report returns to the verification queue.
    api.force_authenticate(people.nadia)
    response = api.post(
        f"/api/v1/reports/{report.tracking_id}/actions/undo_auto_dispose",
        {"note": "Perlu dicek."},
        format="json",
    )
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    assert report.status == "unverified" and report.institution is None
    assert report.legs.filter(name="verification", stopped_at__isnull=True).exists()


def test_below_the_threshold_the_report_waits_for_the_verifier(people):
    AutoDispose.objects.create(
        category=Category.objects.get(slug="kependudukan"), min_confidence=0.99
    )
    report, _t = file_report(
        title="Pertanyaan", body="Bagaimana cara mengurus akta?",
        category=Category.objects.get(slug="kependudukan"),
    )  # fmt: skip
    outbox_process()
    report.refresh_from_db()
    assert report.status == "unverified"
    assert not Event.objects.filter(report=report, action="auto_dispose").exists()


def test_a_manual_disposition_cannot_be_undone_as_automatic(api, people):
    from lapor.reports.actions import report_verify
    from tests.conftest import by

    report, _t = file_report(**KTP)
    report_verify(report, by("national_admin", people.nadia), institution=people.semarang)
    api.force_authenticate(people.nadia)
    response = api.post(f"/api/v1/reports/{report.tracking_id}/actions/undo_auto_dispose", {})
    assert response.status_code == 400


@pytest.mark.parametrize("args", [("nope", "0.9"), ("kependudukan", "2"), ("kependudukan", "x")])
def test_bad_auto_dispose_settings_are_refused_with_a_sentence(args):
    with pytest.raises(CommandError):
        call_command("routing", "auto-dispose", *args)
