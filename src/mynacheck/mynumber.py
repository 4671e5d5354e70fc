"""My Number (個人番号): the 12-digit individual number.

Modelled on python-stdnum: the same verbs as every stdnum module.

>>> validate('1234 5678 9018')
'123456789018'
>>> is_valid('123456789019')
False
>>> format('123456789018')
'1234 5678 9018'
>>> mask('123456789018')
'********9018'

The check digit (総務省令第85号 第5条): weights 6,5,4,3,2,7,6,5,4,3,2 over the
first eleven digits; r = sum mod 11; check digit 0 if r <= 1 else 11 - r.

Implausible numbers.  ``000000000000`` and other one-digit repetitions pass the
check digit (the weighted sum of zeros is 0).  They are what systems store as
placeholders, never an issued number, so :func:`validate` rejects any number
whose twelve digits are all the same, with its own error
(:class:`InvalidImplausible`, reason ``MYNUMBER_IMPLAUSIBLE``).  Pass
``allow_implausible=True`` to accept them (test fixtures, for instance).
"""

from __future__ import annotations

import operator
import unicodedata
from typing import NamedTuple

from .errors import InvalidChecksum, InvalidFormat, InvalidImplausible, InvalidLength, InvalidMyNumber, InvalidType
from .fields.base import TEXT, ComparisonLevel, LevelledField, reads
from .memo import memo
from .verdicts import Finding, Level, Verdict

__all__ = [
    "parse",
    "normalize",
    "compare",
    "COMPARATOR",
    "LEVELS",
    "compact",
    "calc_check_digit",
    "validate",
    "is_valid",
    "format",
    "mask",
    "InvalidImplausible",
]

_WEIGHTS = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
# Separators people type between digit groups, in half and full width.
_SEPARATORS = str.maketrans("", "", " \u3000\t-‐‑‒–—―−ー－ｰ_.")


def compact(number: str) -> str:
    """Remove spaces and hyphens and fold full-width digits to ASCII.

    >>> compact('１２３４-５６７８-９０１８')
    '123456789018'
    """
    if type(number) is str and number.isascii():
        # Fast path (runs several times per row): NFKC leaves ASCII unchanged,
        # and a cell of plain digits has nothing to remove either.
        return number if number.isdigit() else number.translate(_SEPARATORS).strip()
    return unicodedata.normalize("NFKC", str(number)).translate(_SEPARATORS).strip()


def calc_check_digit(number: str) -> str:
    """Return the check digit for the first eleven digits of ``number``."""
    if len(number) < 11:
        raise InvalidLength("the check digit needs eleven digits")
    head = number[:11]
    if head.isascii() and head.isdigit():
        # Fast path: byte values are the digits plus 48, and the weights sum to 47.
        r = (sum(map(operator.mul, _WEIGHTS, head.encode("ascii"))) - 48 * 47) % 11
    else:  # full-width digits and the like: int() reads them
        r = sum(map(operator.mul, _WEIGHTS, map(int, head))) % 11
    return "0" if r <= 1 else str(11 - r)


def _problem(digits: str, allow_implausible: bool) -> InvalidMyNumber | None:
    """What is wrong with a compact number, or None.

    Returned rather than raised so :func:`is_valid` (run on every row's id)
    does not pay for an exception on the common non-number value.
    """
    if digits and not (digits.isascii() and digits.isdigit()):
        return InvalidFormat("the My Number contains characters other than digits")
    if len(digits) != 12:
        return InvalidLength(f"the My Number has {len(digits)} digits, not 12")
    if digits[-1] != calc_check_digit(digits):
        return InvalidChecksum("the My Number fails its check digit")
    if not allow_implausible and len(set(digits)) == 1:
        return InvalidImplausible("the My Number is a placeholder (all digits the same)")
    return None


def validate(number: str, *, allow_implausible: bool = False) -> str:
    """Return the compact number, or raise a subclass of :class:`InvalidMyNumber`.

    Error messages never repeat the number.
    """
    digits = compact(number)
    problem = _problem(digits, allow_implausible)
    if problem is not None:
        raise problem
    return digits


def is_valid(number: str, *, allow_implausible: bool = False) -> bool:
    """True when :func:`validate` would accept ``number``."""
    digits = compact(number)
    if len(digits) != 12:
        return False  # cheap and common (an id that is not a number)
    return _problem(digits, allow_implausible) is None


def format(number: str) -> str:  # noqa: A001 - stdnum's verb, kept on purpose
    """Group the digits 4-4-4 with spaces, as printed on the card."""
    digits = compact(number)
    return " ".join((digits[0:4], digits[4:8], digits[8:]))


def mask(number: str, *, keep: int = 4) -> str:
    """Hide all but the last ``keep`` digits: ``********9018``.

    Works on anything (a malformed value too) and never reveals more than
    ``keep`` characters; values of ``keep`` characters or fewer are fully masked.
    """
    digits = compact(number)
    if len(digits) <= keep or keep <= 0:
        return "*" * len(digits)
    return "*" * (len(digits) - keep) + digits[-keep:]


# --- the my_number field ---------------------------------------------------------
#
# The same verbs as every field module (see mynacheck.fields.base): parse,
# normalize, compare and COMPARATOR.


def parse(value: object) -> str:
    """The field verb: the compact number (:func:`validate`)."""
    return validate(value)  # type: ignore[arg-type]


def normalize(value: object) -> str:
    """The field verb: :func:`compact`, for text (or an int) only."""
    if not reads(value, TEXT):
        raise InvalidType(f"a My Number is text, not {type(value).__name__}")
    return compact(str(value))


class _Number(NamedTuple):
    """A My Number as compared: as written, its digits when valid, else what is wrong."""

    text: str
    digits: str | None
    error: str | None


def _parse_number(raw: object, mode: object) -> _Number:
    text = raw if type(raw) is str else str(raw)
    digits = compact(text)
    problem = _problem(digits, False)
    return _Number(text, None, problem.reason) if problem is not None else _Number(text, digits, None)


def _invalid(a: _Number, b: _Number) -> tuple[str, ...] | None:
    """A malformed number on either side: both sides' reasons (a number is never parsed past its error)."""
    if a.error is None and b.error is None:
        return None
    return tuple(dict.fromkeys(e for e in (a.error, b.error) if e is not None))


def _exact(a: _Number, b: _Number) -> tuple[str, ...] | None:
    return () if a.text == b.text else None


def _format_fold(a: _Number, b: _Number) -> tuple[str, ...] | None:
    return ("MYNUMBER_FORMAT_FOLD",) if a.digits == b.digits else None


def _masked(value: object) -> str:
    return mask(str(value))


#: The My Number levels, in the order they are tried.  A malformed or
#: mistyped number is a suspected mislinkage: its finding's verdict is MISMATCH.
LEVELS: tuple[ComparisonLevel[_Number], ...] = (
    ComparisonLevel(Level.INVALID, _invalid, "malformed", verdict=Verdict.MISMATCH),
    ComparisonLevel(Level.EXACT, _exact, "exact"),
    ComparisonLevel(Level.EQUIVALENT, _format_fold, "same digits, written differently"),
)

def _same_plain_number(left: str, right: str, mode: object) -> Finding | None:
    """The finding for one plain valid number on both sides (the common case), else None."""
    if (left == right and len(left) == 12 and left.isdigit() and left.isascii()
            and left[-1] == calc_check_digit(left) and left.count(left[0]) != 12):
        return _exact_finding("********" + left[-4:])
    return None


# Cached: a valid number masks to one of 10,000 values (********0000 to
# ********9999), so this holds at most that many findings and never a full number.
@memo(maxsize=16384)
def _exact_finding(shown: str) -> Finding:
    return Finding("my_number", Level.EXACT, (), shown, shown, Verdict.MATCH)


#: Compares two My Numbers.  Values in the Finding are always masked; the
#: findings are never cached by pair (a cache would hold full numbers).
COMPARATOR: LevelledField[_Number] = LevelledField(
    name="my_number",
    prefix="MYNUMBER",
    parse=_parse_number,
    render=lambda n: mask(n.text),
    levels=LEVELS,
    max_length=None,  # compact and validate are linear: a long value is a malformed number
    show_raw=_masked,
    absent_verdict=Verdict.MATCH,  # a pair may be compared before a number is attached
    invalid_verdict=Verdict.MISMATCH,
    shortcut=_same_plain_number,
)


def compare(left: object, right: object) -> Finding:
    """Compare two My Numbers: :data:`COMPARATOR`."""
    return COMPARATOR.compare(left, right)
