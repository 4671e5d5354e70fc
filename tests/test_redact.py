"""mynacheck.mynumber.redact: every valid My Number anywhere in a text is masked, nothing else changes."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mynacheck import mynumber
from mynacheck.mynumber import calc_check_digit, redact

NUMBER = "634127023092"

# The documented joiners, written out here independently of the module's regex.
JOINERS = frozenset(
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"  # white space (str.isspace)
    "-_.,'~\u00ad\u00b7\u058a\u05be\u1400\u1806\u180e\u200b\u200c\u200d\u2010\u2011\u2012\u2013\u2014\u2015"
    "\u2019\u2027\u2043\u2060\u2212\u2e17\u2e1a\u2e3a\u2e3b\u2e40\u2e5d\u3001\u3002\u301c\u3030\u30a0\u30fb\u30fc"
    "\ufe31\ufe32\ufe58\ufeff"
)


def project(text: str) -> str:
    """NFKC, every digit-like character as its ASCII digit, joiners dropped, the rest kept."""
    return "".join(str(unicodedata.digit(c)) if c.isdigit() else c
                   for c in unicodedata.normalize("NFKC", text) if c not in JOINERS)


def valid_windows(text: str) -> list[str]:
    """The reference reading of the rule: every run of digits (joiners between them allowed),
    twelve digits at a time; the windows that :func:`mynumber.is_valid` accepts."""
    return [run[k:k + 12] for run in re.findall("[0-9]{12,}", project(text), re.ASCII)
            for k in range(len(run) - 11) if mynumber.is_valid(run[k:k + 12])]


def number(body: str) -> str:
    return body + calc_check_digit(body)


# --- the renderings of the issue ------------------------------------------------


RENDERINGS = [
    NUMBER, "'" + NUMBER, NUMBER + ".0", "MN" + NUMBER, NUMBER + "-01", " ".join(NUMBER),
    "６３４１-２７０２-３０９２", "６３４１２７０２３０９２", "6341－2702－3092", "6341‐2702‐3092", "6341ー2702ー3092",
    "6341.2702.3092", "634,127,023,092", "氏名634127023092です", "6341\u200b2702\u200b3092", "6341\u30002702\u30003092",
    "⓺⓷⓸⓵⓶⓻⓪⓶⓷⓪⓽⓶", "𝟲𝟯𝟰𝟭𝟮𝟳𝟬𝟮𝟯𝟬𝟵𝟮", "٦٣٤١٢٧٠٢٣٠٩٢", "6341 2702 3092 / 123456789018",
]


@pytest.mark.parametrize("text", RENDERINGS)
def test_every_rendering_is_masked_keeping_the_last_four(text: str) -> None:
    assert valid_windows(text), "the rendering holds a number"
    out = redact(text)
    assert not valid_windows(out)
    assert NUMBER not in project(out)
    assert "********3092" in project(out)


def test_documented_examples() -> None:
    assert redact("634127023092") == "********3092"  # a bare number: as mask() gives it
    assert redact("6 3 4 1 2 7 0 2 3 0 9 2") == "********3092"  # validate reads it as one number
    assert redact("MN634127023092") == "MN********3092"
    assert redact("634127023092-01") == "********3092-01"
    assert redact("634127023092.0") == "********3092.0"
    assert redact("'634127023092") == "'********3092"
    assert redact("電話 026-232-0111") == "電話 026-232-0111"  # ten digits: no window
    assert redact("634127023093") == "634127023093"  # fails the check digit
    assert redact("000000000000") == "000000000000"  # a placeholder, never issued
    assert redact("B000123") == "B000123"


def test_a_widened_character_is_masked_in_its_own_place() -> None:
    # ⒓ is "12." after NFKC: the number's first two digits come from one character.
    text = "ID⒓" + number("12345678901")[2:]
    assert valid_windows(text)
    out = redact(text)
    assert out.startswith("ID**") and out.endswith(text[-4:])
    assert not valid_windows(out)


def test_windows_overlapping_in_one_long_run_are_all_masked() -> None:
    a = number("12345678901")
    b = number(a[4:] + "123")
    run = a + b[8:]  # a starts at 0, b at 4: both windows of one 16-digit run
    assert mynumber.is_valid(run[4:16])
    out = redact("x" + run)
    assert not valid_windows(out)
    assert out == "x" + "*" * 12 + run[12:]


# --- properties -------------------------------------------------------------------

_DIGITS = "0123456789０１２３４５６７８９⒈⒓⑩㉑❶𝟳٣"
_JOINING = " -.,'_\u3000ー－‐・、\u200b"
_OTHER = "MNBxX山田太郎長野市丁目番号/()=#*"
_texts = st.text(alphabet=_DIGITS + _JOINING + _OTHER, max_size=60)


@st.composite
def _texts_with_numbers(draw: st.DrawFn) -> str:
    """Text with a valid number planted in some rendering, among other digits and text."""
    body = draw(st.text(alphabet="0123456789", min_size=11, max_size=11).filter(lambda s: len(set(s)) > 1))
    planted = number(body)
    joiner = draw(st.sampled_from(["", " ", "-", "－", ".", ",", "ー", "\u3000"]))
    if joiner:
        cut = sorted(draw(st.sets(st.integers(1, 11), max_size=4)))
        parts = [planted[i:j] for i, j in zip([0, *cut], [*cut, 12], strict=True)]
        planted = joiner.join(parts)
    if draw(st.booleans()):
        planted = planted.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return draw(_texts) + planted + draw(_texts)


@given(_texts | _texts_with_numbers())
@example("⒒⒓⒔⒕⒖⒗")
@example("1" * 11 + "0" + "12345678901")
def test_no_valid_number_survives(text: str) -> None:
    assert not valid_windows(redact(text))


@given(_texts | _texts_with_numbers())
def test_text_without_a_number_is_returned_unchanged_and_redaction_is_idempotent(text: str) -> None:
    out = redact(text)
    if not valid_windows(text):
        assert out == text
    assert redact(out) == out


@given(st.text(alphabet="0123456789" + " -.,'_abcXYZ=", max_size=60) | _texts_with_numbers().filter(str.isascii))
def test_ascii_text_changes_only_in_digits_that_become_stars(text: str) -> None:
    out = redact(text)
    if mynumber.is_valid(text):
        assert out == mynumber.mask(text)
        return
    assert len(out) == len(text)
    for before, after in zip(text, out, strict=True):
        assert after == before or (before.isdigit() and after == "*")


@given(_texts_with_numbers())
def test_a_value_that_is_one_number_is_masked_as_mask_gives_it(text: str) -> None:
    if mynumber.is_valid(text):
        assert redact(text) == mynumber.mask(text)


@given(st.text(alphabet="0123456789", min_size=12, max_size=40))
def test_fast_window_check_equals_is_valid(digits: str) -> None:
    # The rolling weighted sum against the public check on every window.
    expected = [k for k in range(len(digits) - 11) if mynumber.is_valid(digits[k:k + 12])]
    assert list(mynumber._valid_windows(digits)) == expected


# --- the character classes, against every code point ------------------------------


def test_digit_class_and_short_text_bound_hold_for_every_code_point() -> None:
    is_digit = mynumber._IS_DIGIT
    joiner = re.compile(f"[{mynumber._JOINER_CLASS}]").match
    widest = 0
    for cp in range(0x110000):
        c = chr(cp)
        folded = unicodedata.normalize("NFKC", c)
        if is_digit(c):
            assert c.isdigit(), f"U+{cp:04X} is in the digit class but has no digit value"
        run = best = 0
        for ch in folded:
            if ch.isdigit():
                assert is_digit(ch), f"U+{cp:04X}: {ch!r} after NFKC is a digit the class misses"
                run += 1
            elif not joiner(ch):
                run = 0
            best = max(best, run)
        widest = max(widest, best)
    # No character gives more than two digits of one run: fewer than six characters hold no number.
    assert widest * (mynumber._MIN_CHARS - 1) < 12 <= widest * mynumber._MIN_CHARS


def test_joiner_class_is_the_documented_set() -> None:
    joiner = re.compile(f"[{mynumber._JOINER_CLASS}]").match
    assert {chr(cp) for cp in range(0x110000) if joiner(chr(cp))} == set(JOINERS)
