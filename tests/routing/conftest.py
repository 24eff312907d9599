import pytest

from lapor.routing.router import reset_cache


@pytest.fixture(autouse=True)
def _fresh_router():
    reset_cache()
    yield
    reset_cache()
