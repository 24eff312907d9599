"""Citizen-site fixtures: a fresh cache per test (the home figures and the submission guard
live there) and small helpers to read pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client


@pytest.fixture(autouse=True)
def clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture
def english() -> Client:
    """A browser that asks for English."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def text(response: Any) -> str:
    return response.content.decode()
