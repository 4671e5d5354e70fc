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

from .errors import InvalidChecksum, InvalidFormat, InvalidImplausible, InvalidLength, InvalidMyNumber
from .fields.base import is_blank
from .memo import memo
from .verdicts import Finding, Level, Verdict

__all__ = [
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


# --- the my_number field comparator ------------------------------------------



class _MyNumberField:
    """Compares two My Numbers.  Values in the Finding are always masked."""

    name = "my_number"

    def compare(self, left: object, right: object) -> Finding:
        if (type(left) is str and left == right and len(left) == 12 and left.isdigit() and left.isascii()
                and left[-1] == calc_check_digit(left) and left.count(left[0]) != 12):
            # The common case, one plain valid number on both sides: what the steps below give.
            return _exact("********" + left[-4:])
        blank_l, blank_r = is_blank(left), is_blank(right)
        if blank_l and blank_r:
            return Finding(self.name, Level.ABSENT, ("MYNUMBER_ABSENT",), verdict=Verdict.MATCH)
        raw_l, raw_r = str(left), str(right)
        if raw_l == raw_r:
            # The common case: one validation, one mask.
            try:
                shown = mask(validate(raw_l))
            except InvalidMyNumber as err:
                shown = mask(raw_l)
                return Finding(self.name, Level.INVALID, (err.reason,), left=shown, right=shown,
                               verdict=Verdict.MISMATCH)
            return _exact(shown)
        shown_l = None if blank_l else mask(raw_l)
        shown_r = None if blank_r else mask(raw_r)
        if blank_l or blank_r:
            return Finding(self.name, Level.MISSING, ("MYNUMBER_MISSING",), left=shown_l, right=shown_r)
        errors: list[str] = []
        digits: list[str] = []
        for raw in (raw_l, raw_r):
            try:
                digits.append(validate(raw))
            except InvalidMyNumber as err:
                errors.append(err.reason)
        if errors:
            return Finding(self.name, Level.INVALID, tuple(dict.fromkeys(errors)),
                           left=shown_l, right=shown_r, verdict=Verdict.MISMATCH)
        if digits[0] != digits[1]:
            return Finding(self.name, Level.DIFFERENT, ("MYNUMBER_DIFFERENT",), left=shown_l, right=shown_r)
        # Same digits, written differently (the identical case returned above).
        return Finding(self.name, Level.EQUIVALENT, ("MYNUMBER_FORMAT_FOLD",), left=shown_l, right=shown_r)


# Cached: a valid number masks to one of 10,000 values (********0000 to
# ********9999), so this holds at most that many findings and never a full number.
@memo(maxsize=16384)
def _exact(shown: str) -> Finding:
    return Finding("my_number", Level.EXACT, (), left=shown, right=shown)


COMPARATOR = _MyNumberField()
