"""Every transition allowed and every one refused, over states × actions × roles.

The expected matrix is written out here on purpose (not imported from lapor.reports.lifecycle):
a change to the lifecycle table must be a deliberate change to this test too."""

import itertools

import pytest
from django.db import transaction

from lapor.reports import actions as a
from lapor.reports import lifecycle
from lapor.reports.actions import ActionError, Conflict, Forbidden
from lapor.reports.models import Event
from tests.conftest import by, file_report, report_in

STATES = [
    "unverified",
    "on_hold",
    "disposed",
    "in_progress",
    "assigned",
    "info_requested",
    "responded",
    "referred",
    "completed",
    "rejected",
    "archived",
    "duplicate",
    "withdrawn",
    "ombudsman_closed",
]
ROLES = ["reporter", "national_admin", "institution_admin", "unit_officer", "ombudsman", "system"]
OPEN_OR_WAITING = {
    "unverified",
    "on_hold",
    "disposed",
    "in_progress",
    "assigned",
    "info_requested",
    "responded",
    "referred",
}
AT_INSTITUTION = {"disposed", "in_progress", "assigned", "info_requested", "responded"}

# action: (states it is allowed from, roles allowed)
EXPECTED = {
    "verify": ({"unverified", "on_hold"}, {"national_admin"}),
    "hold": ({"unverified"}, {"national_admin"}),
    "reject": ({"unverified", "on_hold"}, {"national_admin"}),
    "mark_duplicate": ({"unverified", "on_hold"}, {"national_admin"}),
    "archive": ({"unverified", "on_hold"}, {"national_admin"}),
    "redact": (set(STATES), {"national_admin"}),
    "accept": ({"disposed"}, {"institution_admin"}),
    "return": ({"disposed", "in_progress"}, {"institution_admin"}),
    "forward": ({"disposed", "in_progress"}, {"institution_admin"}),
    "assign": ({"disposed", "in_progress", "assigned"}, {"institution_admin"}),
    "set_tier": ({"disposed", "in_progress", "assigned"}, {"institution_admin", "unit_officer"}),
    "add_note": (set(STATES), {"national_admin", "institution_admin", "unit_officer", "ombudsman"}),
    "respond": ({"in_progress", "assigned"}, {"institution_admin", "unit_officer"}),
    "request_info": ({"in_progress", "assigned"}, {"institution_admin", "unit_officer"}),
    "unit_return": ({"assigned"}, {"unit_officer"}),
    "add_info": (OPEN_OR_WAITING - {"referred"}, {"reporter"}),
    "reply": ({"responded"}, {"reporter"}),
    "appeal": ({"completed", "rejected", "archived"}, {"reporter"}),
    "withdraw": (OPEN_OR_WAITING, {"reporter"}),
    "consent_referral": (OPEN_OR_WAITING - {"referred"}, {"reporter"}),
    "acknowledge": ({"referred"}, {"ombudsman"}),
    "close": ({"referred"}, {"ombudsman"}),
    "auto_close": ({"responded"}, {"system"}),
    "auto_dispose": ({"unverified"}, {"system"}),
    "undo_auto_dispose": ({"disposed"}, {"national_admin"}),
    "escalate": (OPEN_OR_WAITING, {"system"}),
    "propose_referral": (AT_INSTITUTION, {"system"}),
    "expire_info": ({"on_hold", "info_requested"}, {"system"}),
    "refer_to_ombudsman": (AT_INSTITUTION, {"system", "national_admin"}),
}


def test_the_table_in_the_code_matches_the_expected_matrix():
    assert set(lifecycle.TRANSITIONS) == set(EXPECTED)
    mismatches = []
    for action, state, role in itertools.product(EXPECTED, STATES, ROLES):
        states, roles = EXPECTED[action]
        expected = state in states and role in roles
        if lifecycle.allowed(action, state, lifecycle.Actor(role)) != expected:
            mismatches.append((action, state, role, expected))
    assert mismatches == []


def test_every_state_has_a_kind():
    assert {lifecycle.kind_of(s).value for s in STATES} == {"open", "waiting", "closed"}
    assert lifecycle.kind_of("completed") == lifecycle.Kind.CLOSED
    assert lifecycle.kind_of("on_hold") == lifecycle.Kind.WAITING


def call(action, report, role, people):
    """Call the real action function as `role` with valid arguments."""
    users = {
        "national_admin": people.nadia,
        "institution_admin": people.sari,
        "unit_officer": people.dodi,
        "ombudsman": people.oki,
    }
    actor = by(role, users.get(role)) if role != "system" else a.By.system()
    if action in ("auto_close", "expire_info", "propose_referral"):
        if role != "system":
            # System actions take no actor; a person calling them is refused by the API
            # (no such action there); check the table instead.
            raise Forbidden("system only")
        return getattr(a, f"report_{action}")(report)
    if action == "auto_dispose":
        if role != "system":
            raise Forbidden("system only")
        return a.report_auto_dispose(
            report,
            institution=people.semarang,
            confidence=0.95,
            model_version="cold-start",
            reasons=[],
            threshold=0.9,
        )
    if action == "undo_auto_dispose" and report.status == "disposed" and role != "system":
        # Only an automatic disposition can be undone: send this one back and let the
        # router dispose it (the real actions, rolled back with the rest).
        a.report_return(
            report, by("institution_admin", people.sari), reason="wrong_region", note="Salah."
        )
        a.report_auto_dispose(
            report,
            institution=people.sleman,
            confidence=0.95,
            model_version="1",
            reasons=[],
            threshold=0.9,
        )
        report.refresh_from_db()
    if action == "escalate":
        if role != "system":
            raise Forbidden("system only")
        return a.report_escalate(report, leg="follow_up", level=1)
    if action == "refer_to_ombudsman":
        report.ombudsman_consent = True
        report.save(update_fields=["ombudsman_consent"])
        return a.report_refer_to_ombudsman(report, actor)
    if role == "system":
        raise Forbidden("the system does not take people's actions")
    kwargs = {
        "verify": {"institution": people.semarang},
        "hold": {"note": "Lengkapi alamatnya."},
        "reject": {"reason": "incomplete"},
        "mark_duplicate": {"of": file_report()[0]},
        "archive": {},
        "redact": {"body": "Isi yang sudah disamarkan oleh admin nasional."},
        "accept": {},
        "return": {"reason": "not_our_authority", "note": "Ini wewenang provinsi."},
        "forward": {"institution": people.semarang, "note": "Lokasi di Semarang."},
        "assign": {"unit": people.dpupr},
        "set_tier": {"tier": 14, "reason": "Perlu koordinasi."},
        "add_note": {"text": "Catatan internal."},
        "respond": {"text": "Sudah ditindaklanjuti."},
        "request_info": {"text": "Mohon foto lokasinya."},
        "unit_return": {"note": "Bukan unit kami."},
        "add_info": {"text": "Tambahan: di RT 04."},
        "reply": {"satisfied": True},
        "appeal": {"text": "Belum ada perbaikan."},
        "withdraw": {},
        "consent_referral": {},
        "acknowledge": {},
        "close": {"finding": "resolved", "text": "Mediasi berhasil."},
        "undo_auto_dispose": {"note": "Salah sasaran."},
    }[action]
    return a.ACTIONS[action](report, actor, **kwargs)


def in_scope(role, report, people):
    """Officers act only on reports at their institution / unit (tested on its own elsewhere)."""
    if role == "institution_admin":
        return report.institution_id == people.sleman.pk
    if role == "unit_officer":
        return report.unit_id == people.disdukcapil.pk
    return True


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
def test_each_action_in_each_state_is_allowed_or_refused_as_the_matrix_says(state, people):
    report, _token = report_in(state, people)
    assert report.status == state
    wrong = []
    for action, role in itertools.product(EXPECTED, ROLES):
        states, roles = EXPECTED[action]
        report.refresh_from_db()
        expected = state in states and role in roles and in_scope(role, report, people)
        events_before = Event.objects.filter(report=report).count()
        try:
            with transaction.atomic():
                call(action, report, role, people)
                transaction.set_rollback(True)
            happened = True
        except (Conflict, Forbidden):
            happened = False
            assert Event.objects.filter(report=report).count() == events_before
        except ActionError as exc:  # valid-looking input refused for another reason
            wrong.append((action, role, f"invalid: {exc.message}"))
            continue
        if happened != expected:
            wrong.append((action, role, "allowed" if happened else "refused"))
    assert wrong == []
