"""mynacheck.mynumber: stdnum-style verbs, typed errors, masking."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mynacheck as mc
from mynacheck import mynumber
from mynacheck.errors import InvalidChecksum, InvalidFormat, InvalidLength

eleven_digits = st.text(alphabet="0123456789", min_size=11, max_size=11)


def test_documented_examples() -> None:
    assert mynumber.is_valid("123456789018")
    assert mynumber.is_valid("621498320257")
    assert not mynumber.is_valid("123456789019")


def test_check_digit_rule_by_hand() -> None:
    # 6,5,4,3,2,7,6,5,4,3,2 over 12345678901: r = 200 % 11 = 2 -> 11 - 2 = 9? No: compute explicitly.
    digits = "12345678901"
    r = sum(w * int(d) for w, d in zip((6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2), digits, strict=True)) % 11
    expected = 0 if r <= 1 else 11 - r
    assert mynumber.calc_check_digit(digits) == str(expected) == "8"


@pytest.mark.parametrize(
    ("raw", "compacted"),
    [("１２３４５６７８９０１８", "123456789018"), ("1234 5678 9018", "123456789018"), ("1234-5678-9018", "123456789018"),
     ("１２３４－５６７８－９０１８", "123456789018"), (" 123456789018\t", "123456789018")],
)
def test_compact_and_validate_accept_notation(raw: str, compacted: str) -> None:
    assert mynumber.compact(raw) == compacted
    assert mynumber.validate(raw) == compacted


@pytest.mark.parametrize(
    ("raw", "error", "reason"),
    [
        ("12345678901", InvalidLength, "MYNUMBER_BAD_LENGTH"),
        ("1234567890188", InvalidLength, "MYNUMBER_BAD_LENGTH"),
        ("12345678901A", InvalidFormat, "MYNUMBER_BAD_FORMAT"),
        ("123456789019", InvalidChecksum, "MYNUMBER_BAD_CHECKSUM"),
        ("", InvalidLength, "MYNUMBER_BAD_LENGTH"),
        ("=1+2", InvalidFormat, "MYNUMBER_BAD_FORMAT"),
    ],
)
def test_validate_raises_typed_errors(raw: str, error: type[Exception], reason: str) -> None:
    with pytest.raises(error) as info:
        mynumber.validate(raw)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, mc.MynacheckError)
    assert info.value.reason == reason  # type: ignore[attr-defined]


def test_implausible_numbers_are_rejected_unless_allowed() -> None:
    assert mynumber.calc_check_digit("00000000000") == "0"  # passes the check digit ...
    with pytest.raises(mynumber.InvalidImplausible):
        mynumber.validate("000000000000")  # ... but is a placeholder
    assert mynumber.validate("000000000000", allow_implausible=True) == "000000000000"


def test_format_and_mask() -> None:
    assert mynumber.format("123456789018") == "1234 5678 9018"
    assert mynumber.mask("123456789018") == "********9018"
    assert mynumber.mask("1234-5678-9018") == "********9018"
    assert mynumber.mask("123") == "***"


@given(eleven_digits)
def test_calc_check_digit_makes_valid_numbers(body: str) -> None:
    number = body + mynumber.calc_check_digit(body)
    assert mynumber.is_valid(number, allow_implausible=True)


@given(eleven_digits, st.integers(1, 9))
def test_any_wrong_check_digit_is_caught(body: str, delta: int) -> None:
    good = int(mynumber.calc_check_digit(body))
    bad = str((good + delta) % 10)
    assert not mynumber.is_valid(body + bad, allow_implausible=True)


@given(eleven_digits)
def test_errors_never_repeat_the_number(body: str) -> None:
    number = body + str((int(mynumber.calc_check_digit(body)) + 1) % 10)
    with pytest.raises(InvalidChecksum) as info:
        mynumber.validate(number)
    assert number not in str(info.value)
    assert number not in repr(info.value)


# --- fast paths against the general path ---------------------------------------------
#
# The rules as the ordinance and the docs state them, written out here as the reference.

_WEIGHTS = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)  # 総務省令第85号 第5条
_SEPARATORS = " \u3000\t-‐‑‒–—―−ー－ｰ_."  # what compact() documents it removes
# Digits, separators, full-width digits, letters, white space: the shapes of a real number cell.
number_text = st.text(alphabet="0123456789０１２３４５６７８９ -－ー_.\t\u3000a\n", max_size=20) | st.text(max_size=20)


def _compact_by_the_rule(number: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", number).translate(str.maketrans("", "", _SEPARATORS)).strip()


@given(number_text)
def test_compact_fast_path_equals_nfkc_path(text: str) -> None:
    assert mynumber.compact(text) == _compact_by_the_rule(text)


@given(number_text, st.booleans())
def test_is_valid_agrees_with_validate(text: str, implausible: bool) -> None:
    try:
        mynumber.validate(text, allow_implausible=implausible)
        expected = True
    except mc.InvalidMyNumber:
        expected = False
    assert mynumber.is_valid(text, allow_implausible=implausible) is expected


@given(number_text)
def test_validate_result_and_error_match_the_general_path(text: str) -> None:
    def outcome(number: str) -> object:
        try:
            return mynumber.validate(number)
        except mc.InvalidMyNumber as err:
            return type(err)

    assert outcome(text) == outcome(_compact_by_the_rule(text))


@given(st.text(alphabet="0123456789０１２３", min_size=11, max_size=12))
def test_check_digit_fast_path_equals_the_rule(digits: str) -> None:
    r = sum(w * int(d) for w, d in zip(_WEIGHTS, digits[:11], strict=True)) % 11
    assert mynumber.calc_check_digit(digits) == ("0" if r <= 1 else str(11 - r))


class _Cell(str):
    """A str subclass: the comparator takes its general steps for it, never the shortcut."""


@given(st.text(alphabet="0123456789", min_size=11, max_size=11) | st.sampled_from(["00000000000", "11111111111"]),
       st.sampled_from(["", "0", "-", " "]), st.booleans(), number_text)
def test_the_same_number_shortcut_equals_the_general_path(body: str, suffix: str, valid: bool, other: str) -> None:
    number = body + (mynumber.calc_check_digit(body) if valid else str((int(mynumber.calc_check_digit(body)) + 1) % 10))
    number += suffix
    for left, right in ((number, number), (number, other), (other, other)):
        assert mynumber.compare(left, right) == mynumber.COMPARATOR.compare(_Cell(left), _Cell(right))


@given(eleven_digits)
def test_the_exact_finding_of_a_valid_number_is_masked(body: str) -> None:
    number = body + mynumber.calc_check_digit(body)
    if len(set(number)) == 1:
        return  # a placeholder: invalid, not EXACT
    shown = mynumber.mask(number)
    assert mynumber.compare(number, number) == mc.Finding("my_number", mc.Level.EXACT, (), left=shown, right=shown)
    assert shown[:8] == "*" * 8  # the shortcut keeps findings by masked value: never a full number


@given(st.text(alphabet="0123456789", min_size=11, max_size=11) | st.sampled_from(["00000000000", "99999999999"]),
       st.sampled_from(["", "0", "-", " ", "\u200b"]), st.booleans(), number_text | st.none(), st.booleans())
def test_the_my_number_rule_gives_the_comparators_finding(body: str, suffix: str, valid: bool, other: str | None,
                                                          same: bool) -> None:
    # The rule tries the comparator's shortcut before the comparator (no frame, no guard): the
    # finding must be the public comparator's, for every pair of record values.
    from mynacheck.rules.engine import Context, field_rule
    from mynacheck.rules.rulesets import GUIDELINE_4

    digit = mynumber.calc_check_digit(body)
    number = body + (digit if valid else str((int(digit) + 1) % 10)) + suffix
    check = field_rule("my_number").check
    for left, right in ((number, number if same else other), (other, number), (other, other)):
        a, b = mc.Record(my_number=left), mc.Record(my_number=right)
        ctx = Context(a, b, GUIDELINE_4)
        general = mynumber.COMPARATOR.compare(a.my_number, b.my_number)
        first = check.quick(check.read(ctx))  # type: ignore[attr-defined]
        assert first is None or first == general
        assert check(ctx) == general
        assert GUIDELINE_4.compare(a, b).finding("my_number") == general
    if valid and same and not suffix and len(set(number)) > 1:
        assert check.quick(check.read(Context(mc.Record(my_number=number), mc.Record(my_number=number),  # type: ignore[attr-defined]
                                              GUIDELINE_4))) is not None  # the first step did tell
