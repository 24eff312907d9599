"""Bulk actions in the institution inbox: one action call per report, failures named one by
one, never a partial write for a refused report."""

import pytest
from django.contrib.messages import get_messages

from lapor.reports.models import Report
from tests.conftest import report_in
from tests.web.office.conftest import client_for

pytestmark = pytest.mark.django_db

URL = "/kantor/antrean/instansi/massal/"


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_bulk_accept_accepts_each_disposed_report_and_names_the_failures(people):
    a, _t = report_in("disposed", people)
    b, _t = report_in("disposed", people)
    already, _t = report_in("in_progress", people)  # accept is not allowed any more
    response = client_for(people.sari).post(
        URL,
        {"action": "accept", "ids": [a.tracking_id, b.tracking_id, already.tracking_id]},
    )
    assert response.status_code == 302 and response["Location"] == "/kantor/antrean/instansi/"
    statuses = dict(Report.objects.values_list("tracking_id", "status"))
    assert statuses[a.tracking_id] == statuses[b.tracking_id] == "in_progress"
    notes = messages_of(response)
    assert any("2 laporan" in m and a.tracking_id in m for m in notes)
    assert any(m.startswith(f"{already.tracking_id} gagal") for m in notes)
    assert a.events.filter(action="accept", actor=people.sari).count() == 1


def test_bulk_assign_sends_each_report_to_the_unit(people):
    a, _t = report_in("in_progress", people)
    b, _t = report_in("disposed", people)
    response = client_for(people.sari).post(
        URL + "",
        {
            "action": "assign",
            "unit": str(people.dpupr.pk),
            "ids": [a.tracking_id, b.tracking_id],
            "query": "status=in_progress",
        },
    )
    assert response["Location"] == "/kantor/antrean/instansi/?status=in_progress"
    for report in (a, b):
        report.refresh_from_db()
        assert report.status == "assigned" and report.unit == people.dpupr


def test_bulk_assign_needs_a_unit(people):
    a, _t = report_in("in_progress", people)
    response = client_for(people.sari).post(URL, {"action": "assign", "ids": [a.tracking_id]})
    assert any("unit" in m.lower() for m in messages_of(response))
    a.refresh_from_db()
    assert a.status == "in_progress"


def test_a_bulk_action_cannot_reach_another_institution_s_report(people):
    sleman, _t = report_in("disposed", people)
    response = client_for(people.tono).post(URL, {"action": "accept", "ids": [sleman.tracking_id]})
    sleman.refresh_from_db()
    assert sleman.status == "disposed"
    assert any(m.startswith(f"{sleman.tracking_id} gagal") for m in messages_of(response))


def test_a_unit_of_another_institution_is_not_offered(people):
    # tono's inbox offers Semarang's units only; a Sleman unit id is refused by the form.
    report, _t = report_in("disposed", people)
    response = client_for(people.tono).post(
        URL, {"action": "assign", "unit": str(people.disdukcapil.pk), "ids": [report.tracking_id]}
    )
    report.refresh_from_db()
    assert report.status == "disposed"
    assert messages_of(response)


def test_queues_without_bulk_actions_refuse_them(people):
    report, _t = report_in("assigned", people)
    response = client_for(people.dodi).post(
        "/kantor/antrean/unit/massal/", {"action": "accept", "ids": [report.tracking_id]}
    )
    assert response.status_code == 403


def test_nothing_selected_is_explained(people):
    response = client_for(people.sari).post(URL, {"action": "accept"})
    assert any("Pilih minimal satu" in m for m in messages_of(response))
