"""What the citizen site remembers in the session: reporter tokens (so a reporter who opened
their link once does not need the token in the URL again) and the outcome of each report-form
submission by its idempotency token (so a second POST shows the first result)."""

from __future__ import annotations

import secrets

from django.http import HttpRequest

TOKENS = "lapor_reporter_tokens"
SUBMITTED = "lapor_submitted"
KEEP = 50  # at most this many entries of each kind per session


def _remember(request: HttpRequest, key: str, name: str, value: str) -> None:
    entries = dict(request.session.get(key) or {})
    entries.pop(name, None)
    entries[name] = value
    while len(entries) > KEEP:
        entries.pop(next(iter(entries)))
    request.session[key] = entries


def remember_token(request: HttpRequest, tracking_id: str, token: str) -> None:
    _remember(request, TOKENS, tracking_id.upper(), token)


def token_for(request: HttpRequest, tracking_id: str) -> str | None:
    return (request.session.get(TOKENS) or {}).get(tracking_id.upper())


def new_idempotency_token() -> str:
    return secrets.token_urlsafe(18)


def remember_submission(request: HttpRequest, idem: str, tracking_id: str) -> None:
    _remember(request, SUBMITTED, idem, tracking_id)


def submitted(request: HttpRequest, idem: str) -> str | None:
    """The tracking ID an earlier POST with this idempotency token created, if any."""
    return (request.session.get(SUBMITTED) or {}).get(idem) if idem else None
