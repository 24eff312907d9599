"""The ways a report bounces: returned, forwarded, held, unsatisfied, appealed, withdrawn."""

import pytest

from lapor.reports import actions as a
from lapor.reports.models import Event, Holding
from tests.conftest import by, file_report, report_in

pytestmark = pytest.mark.django_db


def test_a_returned_report_goes_back_to_the_national_queue_and_can_be_disposed_again(people):
    report, _t = report_in("disposed", people)
    a.report_return(
        report,
        by("institution_admin", people.sari),
        reason="not_our_authority",
        note="Wewenang Pemprov.",
    )
    report.refresh_from_db()
    assert report.status == "unverified" and report.institution is None
    assert report.current_leg == "verification"
    a.report_verify(report, by("national_admin", people.nadia), institution=people.diy)
    report.refresh_from_db()
    assert report.status == "disposed" and report.institution == people.diy
    outcomes = list(report.legs.filter(name="follow_up").values_list("outcome", flat=True))
    assert outcomes == ["returned", ""]
    # Sleman keeps read access to a report it once held.
    assert Holding.objects.filter(report=report, institution=people.sleman).exists()


def test_a_forwarded_report_reaches_the_other_institution(people):
    report, _t = report_in("in_progress", people)
    a.report_forward(
        report,
        by("institution_admin", people.sari),
        institution=people.semarang,
        note="Lokasi di Semarang.",
    )
    report.refresh_from_db()
    assert report.status == "disposed" and report.institution == people.semarang
    assert report.legs.filter(
        name="follow_up", outcome="forwarded", institution=people.sleman
    ).exists()
    a.report_accept(report, by("institution_admin", people.tono))


def test_a_hold_waits_for_the_reporter_and_add_info_resumes(people):
    report, _t = report_in("on_hold", people)
    leg = report.legs.get(name="verification")
    assert leg.paused_at is not None
    a.report_add_info(report, by("reporter"), text="Lokasinya di Jalan Affandi no. 12.")
    report.refresh_from_db()
    assert report.status == "unverified"
    leg.refresh_from_db()
    assert leg.paused_at is None and leg.paused_seconds >= 0
    assert report.legs.get(name="completeness").outcome == "met"


def test_a_request_for_information_resumes_where_it_was(people):
    report, _t = report_in("info_requested", people)
    a.report_add_info(report, by("reporter"), text="RT 04 RW 12.")
    report.refresh_from_db()
    assert report.status == "assigned"


def test_an_unsatisfied_reply_sends_the_report_back_to_the_unit(people):
    report, _t = report_in("responded", people)
    a.report_reply(report, by("reporter"), satisfied=False, text="Jalannya masih berlubang.")
    report.refresh_from_db()
    assert report.status == "assigned"
    assert report.legs.filter(name="resolution", stopped_at__isnull=True).count() == 1
    with pytest.raises(a.Invalid):
        a.report_reply(report, by("reporter"), satisfied=False)


def test_an_appeal_reopens_a_closed_report_at_the_national_level(people):
    report, _t = report_in("completed", people)
    a.report_appeal(report, by("reporter"), text="Ternyata belum diperbaiki.")
    report.refresh_from_db()
    assert report.status == "unverified" and report.institution is None and report.closed_at is None


def test_a_duplicates_reporter_follows_the_surviving_report(people):
    survivor, _t = file_report()
    report, _t2 = report_in("duplicate", people)
    assert report.duplicate_of is not None
    other, _t3 = file_report()
    a.report_mark_duplicate(other, by("national_admin", people.nadia), of=report)
    other.refresh_from_db()
    assert other.duplicate_of == report.duplicate_of  # chains collapse to the survivor


def test_redaction_keeps_the_original_for_the_national_admin_only(people):
    report, _t = file_report(
        body="Nama saya Budi Santoso, NIK 3404012345678901, KTP saya belum jadi tiga bulan."
    )
    assert {f["type"] for f in report.pii_flags} >= {"NAME", "NIK"}
    a.report_redact(report, by("national_admin", people.nadia), flagged=True)
    report.refresh_from_db()
    assert "Budi Santoso" not in report.body and "3404012345678901" not in report.body
    assert "Budi Santoso" in report.original_body
    assert report.pii_flags == []


def test_events_are_append_only(people):
    report, _t = file_report()
    event = Event.objects.get(report=report)
    event.text = "diubah"
    with pytest.raises(RuntimeError):
        event.save()


def test_an_auto_closed_report_is_marked_and_can_be_appealed(people):
    report, _t = report_in("responded", people)
    event = a.report_auto_close(report)
    report.refresh_from_db()
    assert report.status == "completed" and report.auto_closed and event.automatic
    a.report_appeal(report, by("reporter"), text="Belum selesai.")
    report.refresh_from_db()
    assert not report.auto_closed


def test_referral_needs_the_reporters_consent(people):
    report, _t = report_in("in_progress", people)
    with pytest.raises(a.Conflict):
        a.report_refer_to_ombudsman(report)
    a.report_consent_referral(report, by("reporter"))
    a.report_refer_to_ombudsman(report)
    report.refresh_from_db()
    assert report.status == "referred"
    a.report_acknowledge(report, by("ombudsman", people.oki))
