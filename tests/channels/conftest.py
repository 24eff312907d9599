"""Helpers for the notification tests: a real HTTP server on 127.0.0.1 standing in for Twilio
and for institutions' webhook receivers (nothing inside the project is mocked), and readers for
what the outbox sent."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core import mail

from lapor.channels.models import Outbox


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Server:
    url: str = ""
    status: int = 200
    answer: bytes = b"{}"
    requests: list[Received] = field(default_factory=list)


@pytest.fixture
def http_server() -> Iterator[Server]:
    server_state = Server()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the name http.server dispatches to
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            server_state.requests.append(
                Received(self.command, self.path, {k: v for k, v in self.headers.items()}, body)
            )
            self.send_response(server_state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(server_state.answer)))
            self.end_headers()
            self.wfile.write(server_state.answer)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    server_state.url = f"http://127.0.0.1:{httpd.server_port}"
    try:
        yield server_state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def deliveries(**payload: Any) -> list[Outbox]:
    """Delivery rows whose payload has these values (e.g. channel="sms", audience="officer")."""
    rows = Outbox.objects.filter(kind="delivery").order_by("id")
    return [r for r in rows if all(r.payload.get(k) == v for k, v in payload.items())]


def mails_to(address: str) -> list[Any]:
    return [m for m in mail.outbox if address in m.to]
