"""The reporter hears of every event they can see, in their language, by e-mail and SMS, and
never of internal notes or of which staff member acted."""

from __future__ import annotations

import re

from django.core import mail

from lapor.channels.outbox import outbox_process
from lapor.reports import actions as a
from lapor.reports.models import Event
from tests.channels.conftest import deliveries, mails_to
from tests.conftest import by, file_report

REPORTER = "citra.lestari@contoh.id"


def name_staff(people):
    for user, first, last in (
        (people.nadia, "Nadia", "Kusumawati"),
        (people.sari, "Sari", "Wulandari"),
        (people.dodi, "Dodi", "Prasetyo"),
    ):
        user.first_name, user.last_name = first, last
        user.save()
    return [people.nadia, people.sari, people.dodi]


def test_reporter_gets_one_email_per_visible_event_and_none_for_internal_notes(people):
    staff = name_staff(people)
    nadia, sari, dodi = (
        by("national_admin", people.nadia),
        by("institution_admin", people.sari),
        by("unit_officer", people.dodi),
    )
    me = by("reporter")
    report, _token = file_report()
    a.report_verify(report, nadia, institution=people.sleman, note="Diteruskan ke Pemkab Sleman.")
    a.report_accept(report, sari)
    a.report_add_note(report, sari, text="Catatan internal: koordinasi dengan camat.")
    a.report_assign(report, sari, unit=people.disdukcapil)
    a.report_request_info(report, dodi, text="Di RT berapa tepatnya lubang itu?")
    a.report_add_info(report, me, text="Di RT 05 RW 02, depan warung.")
    a.report_respond(report, dodi, text="Lubang sudah ditambal pada 3 Desember.")
    a.report_reply(report, me, satisfied=True)

    stats = outbox_process()

    assert stats.failed == 0 and stats.retried == 0
    visible = list(
        Event.objects.filter(
            report=report, visible_to_reporter=True, internal=False, outbox__isnull=False
        )
        .distinct()
        .order_by("created_at", "id")
    )
    assert [e.action for e in visible] == [
        "submit",
        "verify",
        "accept",
        "assign",
        "request_info",
        "add_info",
        "respond",
        "reply",
    ]
    to_reporter = mails_to(REPORTER)
    assert len(to_reporter) == len(visible)
    assert len(deliveries(channel="sms", audience="reporter")) == len(visible)
    bodies = [m.subject + "\n" + m.body for m in to_reporter]
    assert not any("koordinasi dengan camat" in b for b in bodies)
    for body in bodies:
        assert report.tracking_id in body
        assert f"http://127.0.0.1:8000/lacak/{report.tracking_id}" in body
        for user in staff:
            assert user.get_full_name() not in body
            assert user.email not in body
            assert not re.search(rf"\b{user.username}\b", body, re.IGNORECASE)
    # Status label and event text of the follow-up are there.
    respond_mail = to_reporter[visible.index(next(e for e in visible if e.action == "respond"))]
    assert "Ditanggapi" in respond_mail.subject
    assert "Lubang sudah ditambal pada 3 Desember." in respond_mail.body
    assert "Pemerintah Kabupaten Sleman" in to_reporter[1].body  # told where it went


def test_reporter_sms_is_short_and_carries_the_tracking_link(people):
    report, _token = file_report(reporter_phone="0812-3456-7890")
    outbox_process()
    [sms] = deliveries(channel="sms")
    assert sms.payload["address"] == "+6281234567890"
    assert report.tracking_id in sms.payload["body"]
    assert sms.payload["body"].endswith(f"/lacak/{report.tracking_id}")
    assert len(sms.payload["body"]) < 320
    assert sms.done_at is not None


def test_a_reporter_with_an_account_and_no_email_in_the_form_is_written_to_at_their_account(people):
    report, _token = file_report(reporter=people.citra, reporter_email="", reporter_phone="")
    outbox_process()
    assert [m.to for m in mail.outbox] == [[people.citra.email]]
    assert report.tracking_id in mail.outbox[0].subject


def test_reporters_of_merged_duplicates_follow_the_surviving_report(people):
    nadia = by("national_admin", people.nadia)
    survivor, _t = file_report(reporter_email="pertama@contoh.id", reporter_phone="")
    merged, _t2 = file_report(reporter_email="kedua@contoh.id", reporter_phone="")
    a.report_mark_duplicate(merged, nadia, of=survivor)
    a.report_add_info(survivor, by("reporter"), text="Nama saya Budi Santoso, NIK 3404…")
    a.report_verify(survivor, nadia, institution=people.sleman)
    outbox_process()

    follower_mails = mails_to("kedua@contoh.id")
    subjects = [m.subject for m in follower_mails]
    # Its own submit and merge, then the survivor's add_info and verify.
    assert len(follower_mails) == 4, subjects
    verify_mail = follower_mails[-1]
    assert survivor.tracking_id in verify_mail.body
    assert f"/lacak/{merged.tracking_id}" in verify_mail.body  # their own tracking page
    assert "Pemerintah Kabupaten Sleman" in verify_mail.body
    # What the survivor's reporter wrote (perhaps who they are) is not passed on.
    assert not any("Budi Santoso" in m.body for m in follower_mails)
    assert any("Budi Santoso" in m.body for m in mails_to("pertama@contoh.id"))


def test_the_message_is_prepared_in_the_reports_language(people):
    file_report(language="en")
    outbox_process()
    assert {d.payload["language"] for d in deliveries(audience="reporter")} == {"en"}


def test_events_the_reporter_cannot_see_send_them_nothing(people):
    report, _t = file_report(institution=people.sleman)
    outbox_process()
    mail.outbox.clear()
    a.report_escalate(report, leg="follow_up", level=1, data={"roles": ["institution_admin"]})
    outbox_process()
    assert mails_to(REPORTER) == []
    assert [m.to for m in mail.outbox] == [[people.sari.email]]
