"""Kanji numerals → integers.

Both notations occur in Japanese records: the multiplicative one (千六百十三,
四十五) and the positional one (一六一三, 二〇二四).  ``〇`` and ``零`` are zero;
the old-style 壱弐参拾 occur in legal documents and are accepted too.
"""

from __future__ import annotations

from ..errors import InvalidValue

__all__ = ["KANJI_DIGITS", "KANJI_NUMERAL_CHARS", "kanji_to_int", "replace_kanji_numerals"]

KANJI_DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "一": 1, "壱": 1, "二": 2, "弐": 2, "三": 3, "参": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "千": 1000}
_LARGE_UNITS: dict[str, int] = {"万": 10_000}

KANJI_NUMERAL_CHARS = frozenset(KANJI_DIGITS) | frozenset(_SMALL_UNITS) | frozenset(_LARGE_UNITS)


def kanji_to_int(text: str) -> int:
    """Convert a kanji numeral (or ASCII digits) to an int.

    >>> kanji_to_int("千六百十三"), kanji_to_int("一六一三"), kanji_to_int("四十五")
    (1613, 1613, 45)
    >>> kanji_to_int("二〇二四")
    2024

    Raises :class:`~mynacheck.errors.InvalidValue` (a ValueError) for an empty string or a character that is not a numeral.
    """
    if not text:
        raise InvalidValue("empty numeral")
    if text.isascii() and text.isdigit():
        return int(text)
    if all(ch in KANJI_DIGITS for ch in text):
        # Positional: each character is one decimal digit.
        value = 0
        for ch in text:
            value = value * 10 + KANJI_DIGITS[ch]
        return value
    total = 0  # completed 万 groups
    section = 0  # below 万
    digit: int | None = None
    for ch in text:
        if ch in KANJI_DIGITS:
            if digit is not None:
                raise InvalidValue(f"ambiguous numeral {text!r}")
            digit = KANJI_DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        elif ch in _LARGE_UNITS:
            section += digit or 0
            total += (section or 1) * _LARGE_UNITS[ch]
            section, digit = 0, None
        elif ch.isascii() and ch.isdigit():
            if digit is not None:
                raise InvalidValue(f"ambiguous numeral {text!r}")
            digit = int(ch)
        else:
            raise InvalidValue(f"not a numeral: {ch!r} in {text!r}")
    return total + section + (digit or 0)


def replace_kanji_numerals(text: str) -> str:
    """Replace every run of kanji numerals in ``text`` with ASCII digits.

    This is blind to context: callers must protect numerals that belong to a
    name (十日町, 四日市) before calling it.
    """
    out: list[str] = []
    run: list[str] = []
    for ch in text:
        if ch in KANJI_NUMERAL_CHARS:
            run.append(ch)
            continue
        if run:
            out.append(_convert_run("".join(run)))
            run.clear()
        out.append(ch)
    if run:
        out.append(_convert_run("".join(run)))
    return "".join(out)


def _convert_run(run: str) -> str:
    try:
        return str(kanji_to_int(run))
    except ValueError:
        return run
