"""The reference day of every check that depends on today's date, and how to replay a past check.

A few checks read the calendar: a birth date in the future is invalid, and a
two-digit year is read in the hundred years up to today.  So a check run on
2026-04-01 and the same check run a year later may differ.  To replay a check
for an audit, give the day it ran on: ``compare(a, b, today=date(2026, 4, 1))``,
``reconcile(..., today=...)`` or ``mynacheck check|reconcile --today 2026-04-01``.
They set the day with :func:`as_of` for the length of the call; every check and
every cache keyed by the day (:mod:`mynacheck.memo`'s modes) then uses it.

The day is a :class:`contextvars.ContextVar`: it belongs to the thread (or
asyncio task) that set it, so a service replaying one request never changes
another's.  This module sits below every layer and imports nothing of mynacheck
but the error types.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
from collections.abc import Iterator

from .errors import UsageError

__all__ = ["as_of", "replayed", "as_day"]

_REPLAY: contextvars.ContextVar[datetime.date | None] = contextvars.ContextVar("mynacheck_today", default=None)

#: The day being replayed in this context, or None for the real today (a bound method: it runs per comparison).
replayed = _REPLAY.get


def as_day(value: object) -> datetime.date:
    """A reference day from a ``date``, a ``datetime`` (its date) or ISO text (``2026-04-01``).

    >>> as_day("2026-04-01"), as_day(datetime.datetime(2026, 4, 1, 9, 30))
    (datetime.date(2026, 4, 1), datetime.date(2026, 4, 1))
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise UsageError(f"today must be a date or YYYY-MM-DD text, got {type(value).__name__}"
                     + (f" {value!r}" if isinstance(value, str) and len(value) <= 20 else ""))


@contextlib.contextmanager
def as_of(day: datetime.date | str | None) -> Iterator[None]:
    """Run the block as on ``day`` (None: the real today, or the day an enclosing block set).

    >>> import mynacheck as mc
    >>> a = {"name": "髙橋 一郎", "birth_date": "70/3/12", "sex": "1", "address": "長野市鶴賀緑町1613"}
    >>> b = dict(a, birth_date="1970-03-12")
    >>> mc.compare(a, b, today="2069-12-31").verdict  # on that day 70/3/12 was 1970-03-12 ...
    <Verdict.MATCH: 'match'>
    >>> mc.compare(a, b, today="2071-01-01").verdict  # ... and from 2070-03-12 on, it is that day
    <Verdict.MISMATCH: 'mismatch'>
    """
    if day is None:
        yield
        return
    token = _REPLAY.set(as_day(day))
    try:
        yield
    finally:
        _REPLAY.reset(token)
