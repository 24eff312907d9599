"""SMS through Twilio's Messages API, checked against a local server playing Twilio:
POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form fields To/From/Body, basic auth."""

from __future__ import annotations

import base64
import json
import logging
from urllib.parse import parse_qs

import pytest

from lapor.channels.outbox import outbox_process
from tests.channels.conftest import deliveries
from tests.conftest import file_report

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "token-rahasia-twilio"


@pytest.fixture
def twilio(settings, http_server):
    settings.SMS_BACKEND = "twilio"
    settings.TWILIO_ACCOUNT_SID = SID
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.TWILIO_FROM = "+15005550006"
    settings.TWILIO_API_URL = http_server.url
    http_server.status = 201
    http_server.answer = json.dumps({"sid": "SM" + "f" * 32, "status": "queued"}).encode()
    return http_server


def test_an_sms_is_a_form_post_to_the_accounts_messages_resource_with_basic_auth(people, twilio):
    report, _t = file_report(reporter_email="", reporter_phone="0812 3456 7890")
    stats = outbox_process()
    assert stats.failed == stats.retried == 0

    [request] = twilio.requests
    assert request.method == "POST"
    assert request.path == f"/2010-04-01/Accounts/{SID}/Messages.json"
    scheme, credentials = request.headers["Authorization"].split(" ", 1)
    assert scheme == "Basic"
    assert base64.b64decode(credentials).decode() == f"{SID}:{TOKEN}"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    form = {key: values[0] for key, values in parse_qs(request.body.decode()).items()}
    assert set(form) == {"To", "From", "Body"}
    assert form["To"] == "+6281234567890"
    assert form["From"] == "+15005550006"
    assert report.tracking_id in form["Body"]
    assert form["Body"].endswith(f"/lacak/{report.tracking_id}")
    [sms] = deliveries(channel="sms")
    assert sms.done_at is not None and sms.attempts == 0


def test_a_messaging_service_sid_is_sent_as_messagingservicesid(people, twilio, settings):
    settings.TWILIO_FROM = "MG" + "1" * 32
    file_report(reporter_email="")
    outbox_process()
    form = parse_qs(twilio.requests[0].body.decode())
    assert form["MessagingServiceSid"] == ["MG" + "1" * 32] and "From" not in form


def test_a_twilio_error_is_kept_and_the_sms_retried_later(people, twilio):
    twilio.status = 400
    twilio.answer = json.dumps(
        {"code": 21211, "message": "The 'To' number is not a valid phone number.", "status": 400}
    ).encode()
    file_report(reporter_email="")
    stats = outbox_process()
    assert stats.retried == 1
    [sms] = deliveries(channel="sms")
    assert sms.done_at is None and sms.attempts == 1
    assert "21211" in sms.last_error


def test_the_default_log_backend_sends_nothing_and_hides_most_of_the_number(
    people, caplog, http_server
):
    with caplog.at_level(logging.INFO, logger="lapor.channels.senders"):
        file_report(reporter_email="", reporter_phone="081234567890")
        outbox_process()
    assert http_server.requests == []
    [record] = [r for r in caplog.records if "SMS" in r.getMessage()]
    assert "+6281234567890" not in record.getMessage()
    assert "+6281" in record.getMessage()
