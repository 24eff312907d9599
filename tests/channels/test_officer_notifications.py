"""Officers are e-mailed when a report lands in their queue or needs them, and an *anonim*
report's reporter is never identified in anything sent to the government side."""

from __future__ import annotations

import json

from django.core import mail

from lapor.channels.models import WebhookEndpoint
from lapor.channels.outbox import outbox_process
from lapor.reports import actions as a
from tests.channels.conftest import deliveries, mails_to
from tests.conftest import by, file_report


def test_a_report_sent_straight_to_an_institution_reaches_its_admins_only(people):
    report, _t = file_report(institution=people.sleman)
    outbox_process()
    officer = deliveries(audience="officer")
    assert [d.payload["address"] for d in officer] == [people.sari.email]
    [mail_to_sari] = mails_to(people.sari.email)
    assert report.tracking_id in mail_to_sari.subject
    assert f"/kantor/laporan/{report.tracking_id}" in mail_to_sari.body
    assert mails_to(people.tono.email) == []  # Semarang hears nothing of Sleman's reports


def test_an_unverified_report_goes_to_no_officer_until_verified(people):
    report, _t = file_report()
    outbox_process()
    assert deliveries(audience="officer") == []
    a.report_verify(report, by("national_admin", people.nadia), institution=people.sleman)
    outbox_process()
    assert [d.payload["address"] for d in deliveries(audience="officer")] == [people.sari.email]


def test_assignment_reaches_the_units_officers_and_a_reply_goes_back_to_them(people):
    sari, dodi, me = (
        by("institution_admin", people.sari),
        by("unit_officer", people.dodi),
        by("reporter"),
    )
    report, _t = file_report(institution=people.sleman)
    a.report_accept(report, sari)
    a.report_assign(report, sari, unit=people.disdukcapil)
    outbox_process()
    assert [m.to for m in mails_to(people.dodi.email)] == [[people.dodi.email]]

    a.report_respond(report, dodi, text="Sudah kami tangani.")
    a.report_reply(report, me, satisfied=False, text="Belum, lubangnya masih ada.")
    outbox_process()
    dodi_mails = mails_to(people.dodi.email)
    assert len(dodi_mails) == 2
    assert "tidak puas" in dodi_mails[-1].body
    # The reporter's words are not copied into the officer's mailbox.
    assert "lubangnya masih ada" not in dodi_mails[-1].body


def test_added_information_on_a_held_report_goes_to_the_national_admins(people):
    nadia, me = by("national_admin", people.nadia), by("reporter")
    report, _t = file_report()
    a.report_hold(report, nadia, note="Sebutkan nama jalannya.")
    outbox_process()
    mail.outbox.clear()
    a.report_add_info(report, me, text="Jalan Kaliurang km 5.")
    outbox_process()
    # nadia acted on the hold, but the new information is for the national queue as a whole.
    assert [d.payload["address"] for d in deliveries(audience="officer")] == [people.nadia.email]


def test_escalation_reaches_the_roles_it_names_supervisors_of_the_parent_province_included(people):
    report, _t = file_report(institution=people.sleman)
    outbox_process()
    mail.outbox.clear()
    a.report_escalate(
        report, leg="follow_up", level=2, data={"roles": ["supervisor", "national_admin"]}
    )
    outbox_process()
    addresses = sorted(d.payload["address"] for d in deliveries(audience="officer"))
    # sari was told on submit; putri supervises Pemprov DIY, the parent of Pemkab Sleman.
    assert addresses == sorted([people.sari.email, people.putri.email, people.nadia.email])
    assert "Eskalasi" in mails_to(people.putri.email)[0].subject
    assert mails_to(people.tono.email) == []


def test_nothing_sent_to_the_government_side_identifies_an_anonymous_reporter(people, http_server):
    """A full life of an anonim report, with every officer rule and a webhook firing: not one
    officer e-mail nor webhook body carries the reporter's name, e-mail, phone or account."""
    WebhookEndpoint.objects.create(
        institution=people.sleman, url=http_server.url + "/hook", secret="s3"
    )
    people.citra.first_name, people.citra.last_name = "Citra", "Lestari"
    people.citra.save()
    nadia, sari, dodi = (
        by("national_admin", people.nadia),
        by("institution_admin", people.sari),
        by("unit_officer", people.dodi),
    )
    me = by("reporter", people.citra)
    report, _t = file_report(
        anonymous=True,
        reporter=people.citra,
        reporter_name="Citra Lestari",
        reporter_email="citra.lestari@contoh.id",
        reporter_phone="081234567890",
    )
    a.report_verify(report, nadia, institution=people.sleman)
    a.report_accept(report, sari)
    a.report_assign(report, sari, unit=people.disdukcapil)
    a.report_request_info(report, dodi, text="Di RT berapa?")
    a.report_add_info(report, me, text="RT 05 RW 02.")
    a.report_escalate(
        report,
        leg="resolution",
        level=2,
        data={"roles": ["institution_admin", "supervisor", "national_admin"]},
    )
    a.report_respond(report, dodi, text="Sudah ditambal.")
    a.report_reply(report, me, satisfied=False, text="Belum rata.")
    a.report_unit_return(report, dodi, note="Perlu keputusan admin instansi.")
    a.report_forward(
        report, sari, institution=people.semarang, note="Jalan provinsi? Coba Semarang."
    )
    stats = outbox_process()
    assert stats.failed == stats.retried == 0

    reporter_addresses = {"citra.lestari@contoh.id", people.citra.email}
    government = [
        m.subject + "\n" + m.body for m in mail.outbox if not reporter_addresses & set(m.to)
    ] + [r.body.decode() for r in http_server.requests]
    # Every rule fired: institution admins, unit officers, national admins, supervisors, webhooks.
    told = {addr for m in mail.outbox for addr in m.to}
    assert {
        people.sari.email,
        people.dodi.email,
        people.nadia.email,
        people.putri.email,
        people.tono.email,
    } <= told
    assert len(http_server.requests) >= 8
    identity = [
        "Citra",
        "Lestari",
        "citra.lestari@contoh.id",
        people.citra.email,
        people.citra.username,
        "081234567890",
        "6281234567890",
        "1234567890",
    ]
    for message in government:
        for needle in identity:
            assert needle.lower() not in message.lower(), (needle, message)
    for raw in http_server.requests:
        payload = json.loads(raw.body)
        assert "reporter" not in payload and payload["report"]["anonymous"] is True


def test_a_late_verification_escalates_to_the_national_admins_who_hold_it(people):
    report, _t = file_report()
    outbox_process()
    a.report_escalate(report, leg="verification", level=1, data={"roles": ["institution_admin"]})
    outbox_process()
    assert [d.payload["address"] for d in deliveries(audience="officer")] == [people.nadia.email]
