"""Bad input gets a specific 4xx, changes nothing, and leaves no event."""

import pytest
from rest_framework.test import APIClient

from lapor.reports.models import Event, Report
from tests.conftest import BODY

pytestmark = pytest.mark.django_db

GOOD = {"type": "pengaduan", "title": "Jalan rusak", "body": BODY}


def post(payload, client=None, lang="id"):
    return (client or APIClient()).post(
        "/api/v1/reports", payload, format="json", HTTP_ACCEPT_LANGUAGE=lang
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"body": None}, "body"),
        ({"type": "gosip"}, "type"),
        ({"title": "x" * 201}, "title"),
        ({"body": "terlalu pendek"}, "body"),
        ({"body": BODY + "\x00"}, "body"),
        ({"title": "Judul\x07"}, "title"),
        ({"region": "99.99"}, "region"),
        ({"category": "tidak-ada"}, "category"),
        ({"institution": "tidak-ada"}, "institution"),
        ({"reporter_email": "bukan-email"}, "reporter_email"),
        ({"lat": "-6.2"}, "lat"),
        ({"lat": "40.0", "lon": "110.0"}, "lat"),
        ({"occurred_on": "2999-01-01"}, "occurred_on"),
    ],
)
def test_a_bad_submission_names_the_field_and_stores_nothing(people, change, field):
    payload = {**GOOD, **change}
    payload = {k: v for k, v in payload.items() if v is not None}
    response = post(payload)
    assert response.status_code == 400, response.json()
    assert field in response.json()
    assert Report.objects.count() == 0
    assert Event.objects.count() == 0


def test_errors_are_in_english_when_asked(people):
    response = post({**GOOD, "title": ""}, lang="en")
    assert response.status_code == 400
    assert response.json()["title"][0] != post({**GOOD, "title": ""}).json()["title"][0]


def test_text_is_stored_as_written_and_escaped_on_output(people):
    body = BODY + ' Harga < Rp5.000 & "gratis" <script>alert(1)</script>'
    response = post({**GOOD, "body": body})
    assert response.status_code == 201
    assert Report.objects.get().body == body
    assert response.json()["body"] == body  # JSON carries it verbatim; HTML templates escape it


def transition(client, tid, action, payload=None, **headers):
    return client.post(
        f"/api/v1/reports/{tid}/actions/{action}", payload or {}, format="json", **headers
    )


def test_a_disallowed_transition_is_a_409_and_writes_nothing(people):
    created = post(GOOD).json()
    before = Event.objects.count()
    response = transition(
        people.client(people.nadia), created["tracking_id"], "respond", {"text": "x"}
    )
    assert response.status_code in (403, 409)
    response = transition(
        people.client(people.nadia), created["tracking_id"], "hold", {"note": "Lengkapi."}
    )
    assert response.status_code == 200
    response = transition(
        people.client(people.nadia), created["tracking_id"], "hold", {"note": "Lagi."}
    )
    assert response.status_code == 409
    assert "tunda" in response.json()["detail"][0]
    assert Event.objects.count() == before + 1


def test_the_wrong_role_is_a_403(people):
    created = post({**GOOD, "institution": "pemkab-sleman"}).json()
    response = transition(people.client(people.dodi), created["tracking_id"], "accept")
    assert response.status_code in (403, 404)
    response = transition(
        people.client(people.sari),
        created["tracking_id"],
        "verify",
        {"institution": "pemkab-sleman"},
    )
    assert response.status_code == 403


def test_a_wrong_or_missing_reporter_token_is_refused(people):
    created = post(GOOD).json()
    tid = created["tracking_id"]
    assert transition(APIClient(), tid, "withdraw").status_code == 401
    assert (
        transition(APIClient(), tid, "withdraw", HTTP_X_REPORTER_TOKEN="salah").status_code == 403
    )
    assert Report.objects.get().status == "unverified"
    ok = transition(APIClient(), tid, "withdraw", HTTP_X_REPORTER_TOKEN=created["reporter_token"])
    assert ok.status_code == 200


def test_missing_action_fields_are_field_errors(people):
    created = post(GOOD).json()
    nadia = people.client(people.nadia)
    response = transition(nadia, created["tracking_id"], "verify", {})
    assert response.status_code == 400 and "institution" in response.json()
    response = transition(nadia, created["tracking_id"], "reject", {"reason": "bosan"})
    assert response.status_code == 400 and "reason" in response.json()
    response = transition(
        nadia, created["tracking_id"], "verify", {"institution": "kemendikbudristek"}
    )
    assert response.status_code == 400 and "kemendikdasmen" in response.json()["institution"][0]
    assert transition(nadia, created["tracking_id"], "terbang").status_code == 404


def test_staff_may_make_privacy_stricter_but_not_looser(people):
    created = post({**GOOD, "anonymous": True}).json()
    nadia = people.client(people.nadia)
    response = transition(
        nadia,
        created["tracking_id"],
        "verify",
        {"institution": "pemkab-sleman", "anonymous": False},
    )
    assert response.status_code == 400
    response = transition(
        nadia,
        created["tracking_id"],
        "verify",
        {"institution": "pemkab-sleman", "confidential": True},
    )
    assert response.status_code == 200
    assert response.json()["report"]["confidential"] is True
    assert response.json()["report"]["anonymous"] is True
