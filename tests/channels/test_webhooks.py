"""Institutions' webhook endpoints get every event of the reports they hold, as JSON signed
with HMAC-SHA256 over the raw body; received here by a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac
import json

from lapor.channels.models import WebhookEndpoint
from lapor.channels.outbox import outbox_process
from lapor.reports import actions as a
from tests.conftest import by, file_report

SECRET = "rahasia-bersama-sleman"


def receiver_accepts(secret: str, body: bytes, header: str) -> bool:
    """What the docs tell an institution's developer to do, written independently here."""
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header)


def test_the_payload_is_signed_and_the_signature_verifies(people, http_server):
    WebhookEndpoint.objects.create(
        institution=people.sleman, url=http_server.url + "/lapor", secret=SECRET
    )
    report, _t = file_report(institution=people.sleman)
    outbox_process()

    [request] = http_server.requests
    assert request.method == "POST" and request.path == "/lapor"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-Lapor-Event"] == "submit"
    assert request.headers["X-Lapor-Timestamp"].isdigit()
    assert receiver_accepts(SECRET, request.body, request.headers["X-Lapor-Signature"])
    assert not receiver_accepts(
        "a-wrong-secret", request.body, request.headers["X-Lapor-Signature"]
    )
    assert not receiver_accepts(SECRET, request.body + b" ", request.headers["X-Lapor-Signature"])

    payload = json.loads(request.body)
    assert payload["tracking_id"] == report.tracking_id
    assert payload["action"] == "submit"
    assert payload["from_status"] is None and payload["to_status"] == "disposed"
    assert payload["institution"] == people.sleman.code
    assert payload["delivery_id"] == int(request.headers["X-Lapor-Delivery"])
    assert "time" in payload and "sent_at" in payload


def test_an_anonymous_reports_payload_carries_no_identity(people, http_server):
    WebhookEndpoint.objects.create(institution=people.sleman, url=http_server.url, secret=SECRET)
    file_report(
        institution=people.sleman,
        anonymous=True,
        reporter=people.citra,
        reporter_name="Citra Lestari",
        reporter_email="citra.lestari@contoh.id",
        reporter_phone="081234567890",
    )
    outbox_process()
    [request] = http_server.requests
    raw = request.body.decode()
    for needle in (
        "Citra",
        "Lestari",
        "citra.lestari@contoh.id",
        people.citra.email,
        "81234567890",
    ):
        assert needle not in raw
    assert json.loads(raw)["report"]["anonymous"] is True


def test_only_the_holding_institution_is_told_and_the_one_it_left_hears_of_the_forward(
    people, http_server
):
    WebhookEndpoint.objects.create(
        institution=people.sleman, url=http_server.url + "/sleman", secret="a"
    )
    WebhookEndpoint.objects.create(
        institution=people.semarang, url=http_server.url + "/semarang", secret="b"
    )
    WebhookEndpoint.objects.create(
        institution=people.semarang, url=http_server.url + "/mati", secret="c", active=False
    )
    sari = by("institution_admin", people.sari)
    report, _t = file_report(institution=people.sleman)
    a.report_accept(report, sari)
    a.report_forward(report, sari, institution=people.semarang, note="Ini wewenang Kota Semarang.")
    outbox_process()

    seen = [(r.path, json.loads(r.body)["action"]) for r in http_server.requests]
    assert seen == [
        ("/sleman", "submit"),
        ("/sleman", "accept"),
        ("/sleman", "forward"),
        ("/semarang", "forward"),
    ]
    forward = next(json.loads(r.body) for r in http_server.requests if r.path == "/semarang")
    assert forward["institution"] == people.semarang.code
    assert forward["text"] == "Ini wewenang Kota Semarang."


def test_internal_text_is_never_in_a_payload_and_escalations_are_sent(people, http_server):
    WebhookEndpoint.objects.create(institution=people.sleman, url=http_server.url, secret=SECRET)
    report, _t = file_report(institution=people.sleman)
    a.report_escalate(report, leg="follow_up", level=1, data={"roles": ["institution_admin"]})
    outbox_process()
    actions = [json.loads(r.body)["action"] for r in http_server.requests]
    assert actions == ["submit", "escalate"]
    escalation = json.loads(http_server.requests[1].body)
    assert escalation["automatic"] is True and escalation["reason"] == "follow_up"
