"""The 07:00 digest: each institution admin and unit officer gets one e-mail a day listing their
open reports that are overdue or due within 2 working days (holidays counted out)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core import mail

from lapor.channels.digest import digest_send_all
from lapor.channels.models import DigestSent
from lapor.channels.outbox import outbox_process
from lapor.reports import actions as a
from tests.channels.conftest import mails_to
from tests.conftest import by, file_report

WIB = ZoneInfo("Asia/Jakarta")


def at(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, 2, day, hour, 0, tzinfo=WIB)


def reports_at_sleman(people, time_machine):
    sari = by("institution_admin", people.sari)
    time_machine.move_to(at(2), tick=False)  # Monday
    late, _t = file_report(institution=people.sleman)
    waiting, _t = file_report(institution=people.sleman)
    a.report_accept(waiting, sari)
    a.report_request_info(waiting, sari, text="Mohon kirim foto lokasinya.")
    time_machine.move_to(at(4), tick=False)  # Wednesday
    soon, _t = file_report(institution=people.sleman)
    a.report_accept(soon, sari)
    a.report_assign(soon, sari, unit=people.disdukcapil)
    time_machine.move_to(at(9), tick=False)  # Monday
    later, _t = file_report(institution=people.sleman)
    outbox_process()
    for report in (late, soon, later):
        report.refresh_from_db()
    mail.outbox.clear()
    # Follow-up legs of 5 working days; 16 and 17 February 2026 are Imlek (cuti bersama + holiday).
    assert [r.due_at.astimezone(WIB).date() for r in (late, soon, later)] == [
        dt.date(2026, 2, 9),
        dt.date(2026, 2, 11),
        dt.date(2026, 2, 18),
    ]
    return late, soon, later, waiting


def digest_of(address: str) -> str:
    [message] = mails_to(address)
    return message.subject + "\n" + message.body


def section(text: str, heading: str) -> str:
    """The lines under a heading of the digest, up to the next blank line."""
    after = text.split(heading, 1)[1]
    return after.split("\n\n", 1)[0]


def test_each_officer_gets_their_overdue_and_soon_due_reports(people, time_machine):
    late, soon, later, waiting = reports_at_sleman(people, time_machine)
    time_machine.move_to(at(10, 7), tick=False)  # Tuesday 07:00 WIB

    assert digest_send_all() == 2
    outbox_process()

    sari = digest_of(people.sari.email)
    assert late.tracking_id in section(sari, "Lewat batas waktu (1)")
    assert soon.tracking_id in section(sari, "Jatuh tempo dalam 2 hari kerja (1)")
    assert later.tracking_id not in sari  # due on the 18th: not yet
    assert waiting.tracking_id not in sari  # waiting for the reporter: their clock, not ours
    assert "09-02-2026 23:59 WIB" in sari
    assert f"/kantor/laporan/{late.tracking_id}" in sari

    dodi = digest_of(people.dodi.email)
    assert soon.tracking_id in dodi and late.tracking_id not in dodi
    assert mails_to(people.tono.email) == []  # nothing due at Semarang: no e-mail
    assert mails_to(people.putri.email) == [] and mails_to(people.nadia.email) == []


def test_the_digest_is_sent_once_a_day_however_often_it_runs(people, time_machine):
    reports_at_sleman(people, time_machine)
    time_machine.move_to(at(10, 7), tick=False)
    assert digest_send_all() == 2
    time_machine.move_to(at(10, 7).replace(minute=1), tick=False)
    assert digest_send_all() == 0
    assert digest_send_all() == 0
    outbox_process()
    assert len(mails_to(people.sari.email)) == 1
    assert DigestSent.objects.filter(user=people.sari, date=dt.date(2026, 2, 10)).count() == 1

    time_machine.move_to(at(11, 7), tick=False)
    assert digest_send_all() == 2  # a new day, a new digest
    outbox_process()
    assert len(mails_to(people.sari.email)) == 2


def test_holidays_are_not_counted_in_the_two_working_days(people, time_machine):
    late, soon, later, _waiting = reports_at_sleman(people, time_machine)
    # Friday 13th: the next working days are Wednesday 18th and Thursday 19th (Imlek between).
    time_machine.move_to(at(13, 7), tick=False)
    digest_send_all()
    outbox_process()
    sari = digest_of(people.sari.email)
    overdue = section(sari, "Lewat batas waktu (2)")
    assert late.tracking_id in overdue and soon.tracking_id in overdue
    assert later.tracking_id in section(sari, "Jatuh tempo dalam 2 hari kerja (1)")
