"""Two officers acting on the same report at once: one wins, the other is told (409).

Runs with real separate database connections (threads), on SQLite and PostgreSQL."""

import threading

import pytest
from django.db import connection

from lapor.reports import actions as a
from lapor.reports.models import Event
from tests.conftest import by, make_people, report_in


def race(*calls):
    """Start the calls together, each on its own connection; return results or exceptions."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, fn):
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:  # noqa: BLE001 - the race's outcome is what we assert on
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@pytest.mark.django_db(transaction=True)
def test_assigning_and_returning_at_once_one_wins(directory):
    people = make_people()
    report, _t = report_in("disposed", people)
    sari = by("institution_admin", people.sari)
    results = race(
        lambda: a.report_assign(report, sari, unit=people.disdukcapil),
        lambda: a.report_return(report, sari, reason="not_our_authority", note="Bukan kami."),
    )
    wins = [r for r in results if isinstance(r, Event)]
    conflicts = [r for r in results if isinstance(r, a.Conflict)]
    assert len(wins) == 1 and len(conflicts) == 1, results
    assert conflicts[0].status == 409
    assert Event.objects.filter(report=report, action__in=["assign", "return"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_officers_responding_at_once_give_one_final_response(directory):
    people = make_people()
    report, _t = report_in("assigned", people)
    dodi, sari = by("unit_officer", people.dodi), by("institution_admin", people.sari)
    results = race(
        lambda: a.report_respond(report, dodi, text="Jawaban unit."),
        lambda: a.report_respond(report, sari, text="Jawaban admin."),
    )
    assert sum(isinstance(r, Event) for r in results) == 1, results
    assert Event.objects.filter(report=report, action="respond").count() == 1
