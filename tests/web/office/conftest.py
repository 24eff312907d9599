"""Helpers for the back-office tests: logged-in clients per persona, and HTML checks."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


def client_for(user: Any, language: str | None = None, **kwargs: Any) -> Client:
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    client = Client(**headers, **kwargs)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_user():
    return client_for


def html(response: Any) -> str:
    return response.content.decode()
