"""One error hierarchy for the whole library.

Every error the library raises on purpose is a :class:`MynacheckError`.  Errors
about a bad *value* also subclass :class:`ValueError`, so callers who already
catch ``ValueError`` keep working.  Messages never contain a full My Number:
they are written without cell values in the first place, and ``str()`` and
``repr()`` of every error redact any number that got in anyway
(:func:`mynacheck.mynumber.redact`), so a traceback or a log line cannot
print one.
"""

from __future__ import annotations

__all__ = [
    "MynacheckError",
    "InvalidValue",
    "InvalidMyNumber",
    "InvalidLength",
    "InvalidFormat",
    "InvalidChecksum",
    "InvalidDate",
    "InvalidAddress",
    "InvalidRecord",
    "InputError",
]


class MynacheckError(Exception):
    """Base class of every error raised by mynacheck."""

    def __str__(self) -> str:
        from .mynumber import redact  # imported here: mynumber raises these errors, so it imports this module

        return redact(super().__str__())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class InvalidValue(MynacheckError, ValueError):
    """A value could not be parsed or validated.

    ``reason`` is a stable code from :mod:`mynacheck.reasons`; ``hint`` is an
    optional suggestion a clerk can act on (for example ``令和元年5月1日``).
    """

    default_reason = "RECORD_VALUE_INVALID"

    def __init__(self, message: str = "", *, reason: str | None = None, hint: str | None = None) -> None:
        self.reason: str = reason or self.default_reason
        self.hint: str | None = hint
        super().__init__(message or self.reason)


class InvalidMyNumber(InvalidValue):
    """A My Number is malformed or fails its check digit."""

    default_reason = "MYNUMBER_INVALID"


class InvalidLength(InvalidMyNumber):
    """A My Number does not have 12 digits."""

    default_reason = "MYNUMBER_BAD_LENGTH"


class InvalidFormat(InvalidMyNumber):
    """A My Number contains characters other than digits, spaces and hyphens."""

    default_reason = "MYNUMBER_BAD_FORMAT"


class InvalidChecksum(InvalidMyNumber):
    """A My Number's 12th digit is not the check digit of the first eleven."""

    default_reason = "MYNUMBER_BAD_CHECKSUM"


class InvalidDate(InvalidValue):
    """A birth date is unparseable or never existed (e.g. 平成31年5月1日)."""

    default_reason = "DATE_UNPARSEABLE"


class InvalidAddress(InvalidValue):
    """An address could not be parsed."""

    default_reason = "ADDR_UNPARSEABLE"


class InvalidRecord(InvalidValue):
    """A record could not be built from the given mapping."""

    default_reason = "RECORD_INVALID"


class InputError(MynacheckError):
    """A batch input (file, column mapping, output path) is unusable.

    Raised by the reconcile layer; the CLI turns it into one line on stderr
    and exit code 2.
    """
