"""The engine's caches and fast paths give exactly what the general code gives.

Each cache or fast path added for reconcile speed has a property here: the
fast answer equals the uncached / general answer on generated input.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from mynacheck import mynumber, reasons
from mynacheck.errors import InvalidMyNumber, InvalidRecord
from mynacheck.fields import sex
from mynacheck.fields.base import is_blank
from mynacheck.mynumber import compact
from mynacheck.reconcile import core, keys
from mynacheck.record import Record, _text
from mynacheck.verdicts import Verdict

# Digits, separators, full-width digits, letters, white space: the shapes of a real number cell.
number_text = st.text(alphabet="0123456789０１２３４５６７８９ -－ー_.\t\u3000a\n", max_size=20) | st.text(max_size=20)
codes = st.lists(st.sampled_from([r.code for r in reasons.all_reasons()] + ["NOT_A_CODE"]), max_size=6)
known_codes = st.lists(st.sampled_from([r.code for r in reasons.all_reasons()]), max_size=6)


def _general_compact(number: str) -> str:
    return unicodedata.normalize("NFKC", str(number)).translate(mynumber._SEPARATORS).strip()


def _general_validate(number: str) -> str | type[InvalidMyNumber]:
    try:
        return mynumber.validate(_general_compact(number))
    except InvalidMyNumber as err:
        return type(err)


@given(number_text)
def test_compact_fast_path_equals_nfkc_path(text: str) -> None:
    assert mynumber.compact(text) == _general_compact(text)


@given(number_text, st.booleans())
def test_is_valid_agrees_with_validate(text: str, implausible: bool) -> None:
    try:
        mynumber.validate(text, allow_implausible=implausible)
        expected = True
    except InvalidMyNumber:
        expected = False
    assert mynumber.is_valid(text, allow_implausible=implausible) is expected


@given(number_text)
def test_validate_result_and_error_match_the_general_path(text: str) -> None:
    try:
        got: str | type[InvalidMyNumber] = mynumber.validate(text)
    except InvalidMyNumber as err:
        got = type(err)
    assert got == _general_validate(text)


def _uncached_sort(codes: list[str], stable: bool) -> tuple[str, ...]:
    seen = list(dict.fromkeys(codes))
    if stable:
        return tuple(seen)

    def rank(c: str) -> int:
        try:
            return reasons.get(c).severity.rank
        except reasons.UnknownReason:
            return 1

    return tuple(sorted(seen, key=lambda c: (-rank(c), seen.index(c))))


@given(codes, st.booleans())
def test_cached_sort_codes_equals_uncached(given_codes: list[str], stable: bool) -> None:
    assert reasons.sort_codes(given_codes, stable=stable) == _uncached_sort(given_codes, stable)
    assert reasons.sort_codes(iter(given_codes), stable=stable) == _uncached_sort(given_codes, stable)


@given(known_codes)
def test_cached_message_of_equals_uncached(given_codes: list[str]) -> None:
    actionable = [c for c in given_codes if reasons.get(c).severity is not Verdict.MATCH]
    expected = " / ".join(reasons.message(c, "ja") for c in (actionable or given_codes))
    assert core.message_of(given_codes) == expected
    assert core.message_of(tuple(given_codes)) == expected


sex_text = st.sampled_from(["1", "2", "0", "9", "男", "女", "男性", "Ｆ", " m ", "female", "x", "", "  ", "3"]) | st.text(
    max_size=25
)


@given(sex_text, sex_text)
def test_cached_sex_compare_equals_uncached(left: str, right: str) -> None:
    assert sex.COMPARATOR.compare(left, right) == sex.COMPARATOR._compare(left, right)
    assert sex.COMPARATOR.compare(left, right) == sex.COMPARATOR.compare(left, right)  # cache hit too


@given(st.text(max_size=10))
def test_record_text_fast_path_equals_the_rule(value: str) -> None:
    assert _text(value) == (value if value.strip() else None)


@given(st.text(alphabet="0123456789０１２３", min_size=11, max_size=12))
def test_check_digit_fast_path_equals_int_path(digits: str) -> None:
    import operator

    r = sum(map(operator.mul, mynumber._WEIGHTS, map(int, digits[:11]))) % 11
    assert mynumber.calc_check_digit(digits) == ("0" if r <= 1 else str(11 - r))


cell = st.none() | st.text(max_size=8) | st.integers() | st.dates() | st.booleans() | st.floats(allow_nan=False)
record_maps = st.dictionaries(
    st.sampled_from(["my_number", "name", "kana", "birth_date", "address", "sex", "id", "aliases", "other"]),
    cell | st.lists(st.text(max_size=5), max_size=3),
)


def _outcome(build: Callable[[], object]) -> object:
    try:
        return build()
    except InvalidRecord as err:
        return ("error", str(err))


@given(record_maps)
def test_record_fast_constructor_equals_init(mapping: dict[str, object]) -> None:
    known = {k: v for k, v in mapping.items() if k != "other"}
    fast = _outcome(lambda: Record.from_mapping(mapping))
    assert fast == _outcome(lambda: Record(**known))
    if isinstance(fast, Record):
        assert repr(fast) == repr(Record(**known))


key_text = st.none() | st.text(alphabet="0123456789０１ -", max_size=14) | st.text(max_size=14) | st.integers()


@given(key_text)
def test_number_key_fast_path_equals_general(value: object) -> None:
    general = None if is_blank(value) else (compact(str(value)[:400]) or None)
    assert keys.number_key(value) == general


@given(st.sampled_from(["name", "birth_date", "address"]), st.none() | st.text(max_size=12) | st.integers())
def test_normalize_fast_path_equals_str_path(field: str, value: object) -> None:
    class Cell(str):
        """A str subclass takes the general path: both must agree."""

    slow = keys.normalize(field, Cell(value)) if isinstance(value, str) else None
    if isinstance(value, str):
        assert keys.normalize(field, value) == slow


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_cached_exact_number_finding_equals_a_fresh_one(body: str) -> None:
    from mynacheck.verdicts import Finding, Level

    number = body + mynumber.calc_check_digit(body)
    if len(set(number)) == 1:
        return  # a placeholder: invalid, not EXACT
    shown = mynumber.mask(number)
    assert mynumber.COMPARATOR.compare(number, number) == Finding("my_number", Level.EXACT, (), left=shown, right=shown)
    assert shown[:8] == "*" * 8  # the cache key is masked: never a full number
