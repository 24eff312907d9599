"""Session authentication for the API that respects the office's optional 2FA: a staff member
who switched 2FA on must have proved the second factor in this session (tokens from
`lapor staff add` are a separate credential and are not affected)."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request


class VerifiedSessionAuthentication(SessionAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        from lapor.web.office import totp
        from lapor.web.office.scope import SESSION_2FA_OK

        if totp.requires_code(user) and request._request.session.get(SESSION_2FA_OK) != user.pk:
            return None  # treated as anonymous: the second factor is missing
        return result
