"""One error hierarchy for the whole library.

Every error the library raises on purpose is a :class:`MynacheckError`.  The
families, and what a caller catches:

- :class:`InvalidValue` (also a ``ValueError``): a *value* could not be parsed or
  validated.  It carries a stable ``reason`` code and maybe a ``hint``.  One
  subclass per item: :class:`InvalidMyNumber` (and its four kinds),
  :class:`InvalidName`, :class:`InvalidKana`, :class:`InvalidDate`,
  :class:`InvalidAddress`, :class:`InvalidSex`, :class:`InvalidRecord`,
  :class:`InvalidStatus` (a register status no table knows); and
  :class:`InvalidType` (also a ``TypeError``) for a value of a type no item
  takes (``normalize_name(None)``);
- :class:`UsageError` (also a ``ValueError``): a call asked for something that
  does not exist: an unknown field, ruleset, language, rendering style or
  transliteration backend.  :class:`RuleError` is the one for rulesets composed
  wrongly;
- :class:`UnknownReason` (also a ``KeyError``): a reason code not in the catalog;
- :class:`BackendUnavailable` (also an ``ImportError``): an optional extra is not installed;
- :class:`DataUnavailable` (also an ``OSError``): a bundled reference table (kanji variants,
  addresses) is missing or unreadable: the installation is broken, and no check runs without it;
- :class:`InputError`: a batch input (file, column mapping, output path) is unusable.

Messages never contain a full My Number: they are written without cell values in
the first place, and ``str()`` and ``repr()`` of every error redact any number that
got in anyway (:func:`mynacheck.mynumber.redact`), so a traceback or a log line
cannot print one.
"""

from __future__ import annotations

__all__ = [
    "MynacheckError",
    "InvalidValue",
    "InvalidMyNumber",
    "InvalidLength",
    "InvalidFormat",
    "InvalidChecksum",
    "InvalidImplausible",
    "InvalidName",
    "InvalidKana",
    "InvalidDate",
    "InvalidAddress",
    "InvalidSex",
    "InvalidRecord",
    "InvalidStatus",
    "InvalidType",
    "UsageError",
    "RuleError",
    "UnknownReason",
    "BackendUnavailable",
    "DataUnavailable",
    "InputError",
]


class MynacheckError(Exception):
    """Base class of every error raised by mynacheck."""

    def __str__(self) -> str:
        from .mynumber import redact  # imported here: mynumber raises these errors, so it imports this module

        return redact(super().__str__())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


# --- values ----------------------------------------------------------------------


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


class InvalidImplausible(InvalidMyNumber):
    """A number that passes the check digit but is never issued (e.g. all zeros)."""

    default_reason = "MYNUMBER_IMPLAUSIBLE"


class InvalidName(InvalidValue):
    """A name holds characters no name is written with (digits, symbols, control characters)."""

    default_reason = "NAME_INVALID_CHARACTERS"


class InvalidKana(InvalidValue):
    """A カナ氏名 holds something other than kana, long-vowel marks and separators."""

    default_reason = "KANA_INVALID_CHARACTERS"


class InvalidDate(InvalidValue):
    """A birth date is unparseable or never existed (e.g. 平成31年5月1日)."""

    default_reason = "DATE_UNPARSEABLE"


class InvalidAddress(InvalidValue):
    """An address could not be parsed."""

    default_reason = "ADDR_UNPARSEABLE"


class InvalidSex(InvalidValue):
    """A sex value in no supported notation."""

    default_reason = "SEX_UNRECOGNISED"


class InvalidRecord(InvalidValue):
    """A record could not be built from the given mapping."""

    default_reason = "RECORD_INVALID"


class InvalidStatus(InvalidValue):
    """A register status (住民状態, 異動事由 …) in no known vocabulary or code table."""

    default_reason = "REGISTER_STATUS_UNRECOGNISED"


class InvalidType(InvalidValue, TypeError):
    """A value of a type the item does not take (None, bytes, a list … where text is expected)."""

    default_reason = "RECORD_INVALID"


# --- calls -----------------------------------------------------------------------


class UsageError(MynacheckError, ValueError):
    """A call asked for something that does not exist or cannot be done.

    An unknown field, ruleset, language, rendering style or transliteration
    backend; a partial date asked for its single day.  The message names the
    valid choices.
    """


class RuleError(UsageError):
    """A ruleset was composed wrongly (duplicate rule id, unknown rule ...)."""


class UnknownReason(MynacheckError, KeyError):
    """A code that is not in the catalog."""


class BackendUnavailable(MynacheckError, ImportError):
    """An optional backend (an extra such as ``unidecode``) is not installed."""


class DataUnavailable(MynacheckError, OSError):
    """A bundled reference table (``mynacheck/data/...``) is missing or unreadable.

    Never replaced by a smaller table behind the caller's back: with part of a
    table, real matches would quietly turn into reviews.  The message names the
    file; the remedy is to reinstall mynacheck.
    """

    def __init__(self, table: str, what: str, cause: BaseException | None = None) -> None:
        why = f" ({type(cause).__name__}: {cause})" if cause is not None else ""
        super().__init__(f"the {what} table mynacheck/data/{table} is missing or unreadable{why}: the "
                         "installation is incomplete; reinstall mynacheck (pip install --force-reinstall mynacheck)")
        self.table = table


class InputError(MynacheckError):
    """A batch input (file, column mapping, output path) is unusable.

    Raised by the reconcile layer; the CLI turns it into one line on stderr
    and exit code 2.
    """
