"""Queues: each role's queue in its scope (a stranger sees nothing of Sleman's), filters,
sorting by due time, pagination, and the htmx partial."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from lapor import clock
from lapor.directory.models import Category, Region
from lapor.reports.actions import report_verify
from tests.conftest import by, file_report, report_in
from tests.web.office.conftest import client_for, html

pytestmark = pytest.mark.django_db


def ids_in(response) -> list[str]:
    return re.findall(r'class="tid" href="/kantor/laporan/([A-Z0-9]+)/"', html(response))


def filed_days_ago(days: int, **kw):
    with clock.at(timezone.now() - dt.timedelta(days=days)):
        report, _token = file_report(**kw)
    return report


def test_the_verification_queue_lists_new_and_held_reports_oldest_first(people):
    old = filed_days_ago(2, title="Laporan lama")
    new, _t = file_report(title="Laporan baru")
    held, _t = report_in("on_hold", people)
    disposed, _t = report_in("disposed", people)
    listed = ids_in(client_for(people.nadia).get("/kantor/antrean/verifikasi/"))
    assert listed[0] == old.tracking_id
    assert set(listed) == {old.tracking_id, new.tracking_id, held.tracking_id}
    assert disposed.tracking_id not in listed


def test_each_queue_holds_its_role_s_statuses(people):
    reports = {
        s: report_in(s, people)[0].tracking_id
        for s in ("disposed", "in_progress", "assigned", "info_requested", "referred", "responded")
    }
    inbox = ids_in(client_for(people.sari).get("/kantor/antrean/instansi/"))
    assert set(inbox) == {reports["disposed"], reports["in_progress"]}
    work = ids_in(client_for(people.dodi).get("/kantor/antrean/unit/"))
    assert set(work) == {reports["assigned"], reports["info_requested"]}
    referred = ids_in(client_for(people.oki).get("/kantor/antrean/ombudsman/"))
    assert referred == [reports["referred"]]
    everything = ids_in(client_for(people.sari).get("/kantor/antrean/semua/"))
    assert set(reports.values()) <= set(everything)


def test_a_stranger_institution_admin_sees_nothing_of_sleman_s(people):
    report, _t = report_in("in_progress", people, title="Rahasia Sleman")
    tono = client_for(people.tono)
    for url in ("/kantor/", "/kantor/antrean/instansi/", "/kantor/antrean/semua/"):
        body = html(tono.get(url))
        assert report.tracking_id not in body and "Rahasia Sleman" not in body
    assert tono.get("/kantor/antrean/semua/?q=" + report.tracking_id).status_code == 200
    assert ids_in(tono.get("/kantor/antrean/semua/?q=" + report.tracking_id)) == []
    assert tono.get(f"/kantor/laporan/{report.tracking_id}/").status_code == 404
    assert tono.post(f"/kantor/laporan/{report.tracking_id}/tindakan/accept/").status_code == 404


def test_filters_narrow_the_queue(people):
    sleman = Region.objects.get(code="34.04")
    semarang = Region.objects.get(code="33.74")
    health = Category.objects.get(slug="kesehatan")
    a, _t = file_report(title="Antrean puskesmas", region=sleman, category=health)
    b, _t = file_report(title="Jalan rusak", region=semarang, type="aspirasi")
    c, _t = report_in("on_hold", people, title="Lampu jalan mati")
    nadia = client_for(people.nadia)
    base = "/kantor/antrean/verifikasi/"
    assert ids_in(nadia.get(base + "?status=on_hold")) == [c.tracking_id]
    assert ids_in(nadia.get(base + "?type=aspirasi")) == [b.tracking_id]
    assert ids_in(nadia.get(base + "?category=kesehatan")) == [a.tracking_id]
    assert ids_in(nadia.get(base + "?region=33")) == [b.tracking_id]
    assert ids_in(nadia.get(base + "?q=puskesmas")) == [a.tracking_id]
    assert ids_in(nadia.get(base + "?q=" + b.tracking_id.lower())) == [b.tracking_id]
    assert set(ids_in(nadia.get(base + "?leg=verification"))) == {a.tracking_id, b.tracking_id}
    # An unknown value is shown as a field error and ignored, never a crash.
    response = nadia.get(base + "?status=completed&ordering=sideways")
    assert response.status_code == 200 and "error-text" in html(response)


def test_overdue_reports_are_filtered_and_marked_in_words(people):
    late = filed_days_ago(20, title="Sudah lama sekali")
    fresh, _t = file_report(title="Baru saja")
    nadia = client_for(people.nadia)
    assert ids_in(nadia.get("/kantor/antrean/verifikasi/?overdue=true")) == [late.tracking_id]
    assert ids_in(nadia.get("/kantor/antrean/verifikasi/?overdue=false")) == [fresh.tracking_id]
    body = html(nadia.get("/kantor/antrean/verifikasi/"))
    assert "Lewat batas waktu" in body  # words, not only a colour
    assert "1 lewat batas" in body  # and counted in the navigation


def test_sorting_by_due_time(people):
    now = timezone.now()
    first, second, third = filed_days_ago(12), filed_days_ago(6), filed_days_ago(1)
    for report, days in ((first, 12), (second, 6), (third, 0)):
        with clock.at(now - dt.timedelta(days=days)):
            report_verify(report, by("national_admin", people.nadia), institution=people.sleman)
    sari = client_for(people.sari)
    soonest = ids_in(sari.get("/kantor/antrean/instansi/?ordering=due_at"))
    assert soonest == [first.tracking_id, second.tracking_id, third.tracking_id]
    latest = ids_in(sari.get("/kantor/antrean/instansi/?ordering=-due_at"))
    assert latest == list(reversed(soonest))


def test_the_queue_is_paginated_and_keeps_its_filters(people):
    for n in range(27):
        file_report(title=f"Laporan nomor {n}")
    nadia = client_for(people.nadia)
    page1 = nadia.get("/kantor/antrean/verifikasi/?q=nomor")
    assert len(ids_in(page1)) == 25
    assert "page=2" in html(page1) and "q=nomor&amp;page=2" in html(page1)
    page2 = nadia.get("/kantor/antrean/verifikasi/?q=nomor&page=2")
    assert len(ids_in(page2)) == 2
    assert "27 laporan ditemukan" in html(page2)


def test_an_htmx_filter_returns_only_the_results(people):
    report, _t = file_report(title="Sampah menumpuk")
    response = client_for(people.nadia).get(
        "/kantor/antrean/verifikasi/?q=sampah",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="queue-results",
    )
    body = html(response)
    assert body.lstrip().startswith('<div id="queue-results"')
    assert "<html" not in body
    assert ids_in(response) == [report.tracking_id]


def test_queue_rows_never_show_the_reporter(people):
    report_in("disposed", people, anonymous=True)
    report_in("disposed", people)
    body = html(client_for(people.sari).get("/kantor/antrean/instansi/"))
    assert "Citra Lestari" not in body and "citra.lestari@contoh.id" not in body
    assert "081234567890" not in body
