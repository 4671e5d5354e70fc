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
>>> redact('ID MN634127023092-01, tel 026-232-0111')
'ID MN********3092-01, tel 026-232-0111'

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
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

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
    "redact",
    "InvalidImplausible",
    "spreadsheet_damage",
    "SPREADSHEET_NUMBER",
    "SPREADSHEET_ZEROS",
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


# --- redact: the numbers inside any text -----------------------------------

# Digit-like characters after NFKC: every decimal digit (\d: full-width, other
# scripts, mathematical), and the digit-valued symbols NFKC leaves alone
# (❶, ⓵, ➀ ...).  NFKC has already turned ⑩, ⒑, ² and the like into ASCII.
# tests/test_redact.py checks this class against every code point.
_DIGIT_CLASS = (r"\d\u1369-\u1371\u19da\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792"
                r"\U00010a40-\U00010a43\U00010e60-\U00010e68\U00011052-\U0001105a")
# Characters that may stand between the digits of one written number, after
# NFKC: white space, every dash and hyphen (and the long-vowel mark typed for
# one), dots, commas, apostrophes, underscores, tildes, invisible format marks.
_JOINER_CLASS = (r"\s\-_.,'~\u00ad\u00b7\u058a\u05be\u1400\u1806\u180e\u200b-\u200d\u2010-\u2015\u2019\u2027"
                 r"\u2043\u2060\u2212\u2e17\u2e1a\u2e3a\u2e3b\u2e40\u2e5d\u3001\u3002\u301c\u3030\u30a0"
                 r"\u30fb\u30fc\ufe31\ufe32\ufe58\ufeff")
# A run: twelve or more digit-like characters, any joiners between them.  The
# two classes are disjoint, so the possessive joiner loop never backtracks.
_RUN = re.compile(f"[{_DIGIT_CLASS}](?:[{_JOINER_CLASS}]*+[{_DIGIT_CLASS}]){{11,}}")
_IS_DIGIT = re.compile(f"[{_DIGIT_CLASS}]").match
_DIGIT_VALUES = bytes.maketrans(b"0123456789", bytes(range(10)))
# No character yields more than two digits of one run once NFKC widens it
# (⑳ is "20", ⒛ "20."), so a value of fewer than six characters holds no number.
_MIN_CHARS = 6


def redact(text: str) -> str:
    """Mask every valid My Number anywhere in ``text``; everything else is kept as written.

    - A value that is one My Number as :func:`validate` reads it (spaces,
      hyphens, full width) comes back as :func:`mask` gives it: ``********9018``.
    - Otherwise, after NFKC (full-width digits, ⒑ → ``10.``), every run of
      twelve or more digit-like characters, with any separators between them
      (white space, hyphens and dashes of every kind, ``ー``, dots, commas,
      apostrophes, underscores, tildes, invisible format characters), is read
      twelve digits at a time, one window per start digit.  Every window that
      passes the check digit (and is not a placeholder such as
      ``000000000000``) has its first eight digits replaced by ``*`` in place;
      the last four are kept, and so is every other character.

    Over-masking a non-number that happens to pass the check digit is the
    cheap error.  Text with fewer than twelve digit-like characters comes back
    unchanged at almost no cost (this runs on every id of a batch).

    >>> redact("6 3 4 1 2 7 0 2 3 0 9 2"), redact("'634127023092"), redact("634127023092.0")
    ('********3092', "'********3092", '********3092.0')
    >>> redact("番号 ６３４１－２７０２－３０９２"), redact("B000123"), redact("634127023093")
    ('番号 ****－****－３０９２', 'B000123', '634127023093')
    """
    if text.isascii():
        if len(text) < 12:
            return text  # the common case: too short to hold twelve digits
        if text.isdigit():  # one run of plain digits (some systems' record ids): no search needed
            if len(text) == 12:
                return "********" + text[-4:] if _is_number(text) else text
            starts = _valid_windows(text)
            return _starred(text, (i for k in starts for i in range(k, k + 8))) if starts else text
        folded = text
    elif len(text) < _MIN_CHARS:
        return text
    else:
        folded = unicodedata.normalize("NFKC", text)
    run = _RUN.search(folded)
    if run is None:
        return text  # no run of twelve digits
    if folded == text:
        hidden = _hidden_digits(text, run)
        if not hidden:
            return text
        return mask(text) if is_valid(text) else _starred(text, hidden)
    if is_valid(text):
        return mask(text)
    # NFKC changed the text: fold each character on its own, so every digit
    # found belongs to one character of the original.
    pieces = [c if c.isascii() else unicodedata.normalize("NFKC", c) for c in text]
    joined = "".join(pieces)
    run = _RUN.search(joined)
    hidden = _hidden_digits(joined, run) if run is not None else set()
    if not hidden:
        return text
    out, start = [], 0
    for c, piece in zip(text, pieces, strict=True):
        end = start + len(piece)
        mine = [i - start for i in range(start, end) if i in hidden]
        out.append(_starred(piece, mine) if mine else c)
        start = end
    return "".join(out)


def _is_number(digits: str) -> bool:
    """True for twelve ASCII digits that pass the check digit and are not a placeholder."""
    return digits[-1] == calc_check_digit(digits) and digits.count(digits[0]) != 12


def _hidden_digits(folded: str, run: re.Match[str] | None) -> set[int]:
    """Where in ``folded`` the digits to hide are: the first eight of every valid 12-digit window.

    ``run`` is the first run in ``folded``; the others are searched from its end.
    """
    hidden: set[int] = set()
    while run is not None:
        text, start = run.group(), run.start()
        if text.isascii():
            if text.isdigit():  # plain digits, the common case
                at: Sequence[int] = range(start, run.end())
                digits = text
            else:
                at = [start + i for i, c in enumerate(text) if "0" <= c <= "9"]
                digits = "".join(filter(str.isdigit, text))
        else:
            at = [start + i for i, c in enumerate(text) if _IS_DIGIT(c)]
            digits = "".join(folded[i] if folded[i].isascii() else str(unicodedata.digit(folded[i])) for i in at)
        if len(digits) == 12:
            if _is_number(digits):
                hidden.update(at[:8])
        else:
            for k in _valid_windows(digits):
                hidden.update(at[k:k + 8])
        # Another run needs twelve more characters.
        run = _RUN.search(folded, run.end()) if len(folded) - run.end() >= 12 else None
    return hidden


def _valid_windows(digits: str) -> list[int]:
    """The start of every 12-digit window of ``digits`` (ASCII) that is a valid number (:func:`_is_number`).

    The weighted sum of a window follows from the previous one in a few steps
    (the weights fall by one from left to right, except 2 → 7 in the middle),
    so a long run costs little more than a short one.
    """
    d = digits.encode("ascii").translate(_DIGIT_VALUES)
    total = sum(map(operator.mul, _WEIGHTS, d))  # the first window (map stops at the weights' end)
    inner = sum(d[1:11])  # the window's digits 2..11
    starts = []
    for k in range(len(d) - 11):
        if k:  # slide by one digit
            total += inner - 6 * d[k - 1] - 6 * d[k + 4] + 2 * d[k + 10]
            inner += d[k + 10] - d[k]
        r = total % 11
        if d[k + 11] == (0 if r <= 1 else 11 - r) and d.count(d[k], k, k + 12) != 12:
            starts.append(k)
    return starts


def _starred(text: str, hidden: Iterable[int]) -> str:
    chars = list(text)
    for i in hidden:
        chars[i] = "*"
    return "".join(chars)


# --- numbers a spreadsheet changed ----------------------------------------------

#: A spreadsheet stored the number as a numeric value: ``6.34127E+11`` (digits lost) or ``634127023092.0``.
SPREADSHEET_NUMBER = "MYNUMBER_SPREADSHEET_NUMBER"
#: A spreadsheet dropped the number's leading zeros: ``34127023092`` for ``034127023092``.
SPREADSHEET_ZEROS = "MYNUMBER_SPREADSHEET_ZEROS"

_EXPONENT = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]*)?[eE][+-]?[0-9]{1,3}")
_DECIMAL = re.compile(r"[0-9]{1,12}[.,]0+")
# Fewest digits a number that lost its leading zeros keeps: at most four zeros are taken as lost
# (a valid number starts with five zeros once in 100,000; a shorter value is no number at all).
_FEWEST_DIGITS = 8


def spreadsheet_damage(number: object) -> str | None:
    """The reason code when a spreadsheet (Excel) changed a My Number into a numeric value, else None.

    Exports that pass through a spreadsheet turn the twelve digits into a
    number: shown in exponent notation, with a decimal part, or without the
    leading zeros.  That is not a transcription error, and the fix is to
    export again without opening the file in a spreadsheet.

    >>> spreadsheet_damage("6.34127E+11"), spreadsheet_damage("634127023092.0")
    ('MYNUMBER_SPREADSHEET_NUMBER', 'MYNUMBER_SPREADSHEET_NUMBER')
    >>> spreadsheet_damage("12345678903")  # 012345678903 is valid: a zero was dropped
    'MYNUMBER_SPREADSHEET_ZEROS'
    >>> spreadsheet_damage("634127023092"), spreadsheet_damage("1234-5678-9018"), spreadsheet_damage("12345")
    (None, None, None)
    """
    if type(number) is not str:
        if isinstance(number, float):
            return SPREADSHEET_NUMBER
        if not isinstance(number, int) or isinstance(number, bool):
            return None
        number = str(number)
    text = unicodedata.normalize("NFKC", number).strip() if not number.isascii() else number.strip()
    if len(text) > 24:
        return None
    if _EXPONENT.fullmatch(text) or _DECIMAL.fullmatch(text):
        return SPREADSHEET_NUMBER
    if (_FEWEST_DIGITS <= len(text) < 12 and text.isascii() and text.isdigit()
            and _problem(text.rjust(12, "0"), False) is None):
        return SPREADSHEET_ZEROS
    return None


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
    if problem is None:
        return _Number(text, digits, None)
    # A spreadsheet's damage is said as such: not a transcription error.
    return _Number(text, None, spreadsheet_damage(text) or problem.reason)


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
    """The finding for one plain valid number on both sides (the common case), else None.

    The comparator's shortcut, and (through :func:`_same_plain_pair`) the my_number
    rule's first step, taken before the comparator by the ruleset's per-pair loop
    (:mod:`mynacheck.rules.engine`): twelve ASCII digits need none of the guard's
    steps.  The check digit is :func:`calc_check_digit`'s fast path written out (it
    runs once per pair of a batch).
    """
    if (left == right and type(left) is str and len(left) == 12 and left.isdigit() and left.isascii()
            and left.count(left[0]) != 12):
        digits = left.encode("ascii")
        r = (sum(map(operator.mul, _WEIGHTS, digits)) - 48 * 47) % 11  # the weights take the first eleven
        if digits[11] - 48 == (0 if r <= 1 else 11 - r):
            return _exact_finding("********" + left[-4:])
    return None


def _same_plain_pair(pair: tuple[Any, Any]) -> Finding | None:
    """:func:`_same_plain_number` of a pair of any two values (the rule's first step reads a pair)."""
    return _same_plain_number(pair[0], pair[1], None)


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
