"""The time actions record. Normally `timezone.now()`; `clock.at(moment)` back-dates what is
recorded inside it (used by `lapor demo` to build realistic histories and by `lapor sweep --at`)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

_local = threading.local()


def now() -> dt.datetime:
    fixed = getattr(_local, "moment", None)
    return fixed if fixed is not None else timezone.now()


@contextmanager
def at(moment: dt.datetime) -> Iterator[None]:
    previous = getattr(_local, "moment", None)
    _local.moment = moment
    try:
        yield
    finally:
        _local.moment = previous
