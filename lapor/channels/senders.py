"""Senders: the edge where messages leave the system (SMTP, the SMS gateway, webhooks).

Each raises on failure, so the outbox worker retries with backoff; none retries by itself.
Settings are read at send time (not import time) so a running worker follows the settings it
was started with and tests can point them at a local server.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMessage

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Lapor-Signature"
EVENT_HEADER = "X-Lapor-Event"
TIMESTAMP_HEADER = "X-Lapor-Timestamp"
DELIVERY_HEADER = "X-Lapor-Delivery"
USER_AGENT = "LAPOR-notifications/1"


class SendError(Exception):
    """The message was not accepted; the outbox retries it later."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirected POST silently becomes a GET without the body; better to fail loudly and let
    # the institution fix its URL.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _post(url: str, data: bytes, headers: dict[str, str], timeout: float) -> tuple[int, bytes]:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise SendError(f"refusing to send to a non-HTTP URL: {url}")
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"User-Agent": USER_AGENT, **headers}
    )
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        body = exc.read()
        raise SendError(f"HTTP {exc.code} from {url}: {body[:300]!r}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise SendError(f"cannot reach {url}: {exc}") from exc


# --- e-mail ------------------------------------------------------------------------------------


def send_email(*, to: str, subject: str, body: str) -> None:
    """Through Django's mail API: the console backend by default, SMTP when EMAIL_BACKEND and
    EMAIL_HOST say so."""
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        # RFC 3834: stops auto-responders from answering a notification.
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.send(fail_silently=False)


# --- SMS ---------------------------------------------------------------------------------------


class SmsBackend(Protocol):
    def send(self, *, to: str, body: str) -> str:
        """Send one SMS and return the provider's message id."""
        ...


def mask_phone(phone: str) -> str:
    return phone[:5] + "*" * max(0, len(phone) - 8) + phone[-3:] if len(phone) > 8 else "***"


class LogSms:
    """The default: nothing leaves the machine; the message goes to the log (development)."""

    def send(self, *, to: str, body: str) -> str:
        logger.info("SMS (log backend) to %s: %s", mask_phone(to), body)
        return ""


class TwilioSms:
    """Twilio's Programmable Messaging REST API, Message resource "create":
    POST {TWILIO_API_URL}/2010-04-01/Accounts/{AccountSid}/Messages.json with form fields To,
    From (or MessagingServiceSid) and Body, HTTP basic auth AccountSid:AuthToken; 201 Created
    answers with the message as JSON (its `sid`). https://www.twilio.com/docs/messaging/api/message-resource
    """

    def __init__(
        self, *, account_sid: str, auth_token: str, sender: str, api_url: str, timeout: float
    ):
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.sender = sender
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout

    @classmethod
    def from_settings(cls) -> TwilioSms:
        return cls(
            account_sid=settings.TWILIO_ACCOUNT_SID,
            auth_token=settings.TWILIO_AUTH_TOKEN,
            sender=settings.TWILIO_FROM,
            api_url=settings.TWILIO_API_URL,
            timeout=settings.WEBHOOK_TIMEOUT,
        )

    def send(self, *, to: str, body: str) -> str:
        account = urllib.parse.quote(self.account_sid)
        url = f"{self.api_url}/2010-04-01/Accounts/{account}/Messages.json"
        # A Messaging Service SID (MG…) lets Twilio pick the sender number from a pool.
        sender_field = "MessagingServiceSid" if self.sender.startswith("MG") else "From"
        form = urllib.parse.urlencode({"To": to, sender_field: self.sender, "Body": body}).encode()
        credentials = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        try:
            status, raw = _post(
                url,
                form,
                {
                    "Authorization": f"Basic {credentials}",
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/json",
                },
                self.timeout,
            )
        except SendError as exc:
            # Twilio's error bodies carry a numeric code and a message worth keeping.
            raise SendError(f"Twilio refused the SMS: {exc}") from exc
        try:
            answer = json.loads(raw or b"{}")
        except ValueError:
            answer = {}
        if status >= 300:
            raise SendError(f"Twilio answered HTTP {status}")
        return str(answer.get("sid", ""))


def sms_backend() -> SmsBackend:
    if settings.SMS_BACKEND == "twilio":
        return TwilioSms.from_settings()
    return LogSms()


def send_sms(*, to: str, body: str) -> str:
    return sms_backend().send(to=to, body=body)


# --- webhooks ----------------------------------------------------------------------------------


def sign(secret: str, body: bytes) -> str:
    """The value of X-Lapor-Signature: HMAC-SHA256 of the raw body with the shared secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    """What a receiver does (documented in docs/notifications.md), here for tests and tools."""
    return hmac.compare_digest(sign(secret, body), header or "")


def send_webhook(
    *, url: str, secret: str, event: str, delivery_id: int, body: bytes, timestamp: int
) -> int:
    status, _raw = _post(
        url,
        body,
        {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(secret, body),
            EVENT_HEADER: event,
            TIMESTAMP_HEADER: str(timestamp),
            DELIVERY_HEADER: str(delivery_id),
        },
        settings.WEBHOOK_TIMEOUT,
    )
    if not 200 <= status < 300:
        raise SendError(f"HTTP {status} from {url}")
    return status
