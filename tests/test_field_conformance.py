"""Every field module has one shape and handles bad input the same way (as python-stdnum loops over its modules).

For each field: the verbs parse, normalize, compare and COMPARATOR; then blank,
missing, too long, hostile (外字 in the Private Use Area, a lone surrogate,
control characters, 5,000 characters) and wrong-type input.  Whatever comes in,
compare returns a finding of that field with catalog reasons and bounded shown
values, never raises, and never calls a hostile value the same as a clean one
without saying why; parse and normalize raise only mynacheck errors.
"""

from __future__ import annotations

import contextlib
import datetime
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mynacheck as mc
from mynacheck import fields, memo, reasons
from mynacheck.fields.base import ComparisonLevel, LevelledField
from mynacheck.verdicts import Finding, Level

#: A valid value of each field, and another writing of it.
VALUES: dict[str, tuple[str, str]] = {
    "my_number": ("123456789018", "1234 5678 9018"),
    "name": ("山田 太郎", "山田\u3000太郎"),
    "kana": ("ヤマダ タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ"),
    "birth_date": ("1970-03-12", "昭和45年3月12日"),
    "address": ("長野県長野市鶴賀緑町1613", "長野市鶴賀緑町１６１３"),
    "sex": ("1", "男"),
}
PREFIX = {"my_number": "MYNUMBER", "name": "NAME", "kana": "KANA", "birth_date": "DATE", "address": "ADDR",
          "sex": "SEX"}

BLANKS = ("", " ", "\u3000", "\t\n", None)
#: Characters that are never a value: 外字 (PUA), a lone surrogate, control characters.
HOSTILE_CHARS = ("\ue000", "\U000f0001", "\ud800", "\x00", "\x1b", "\x7f")
#: Characters that can never be silently dropped from a value: 外字 and lone surrogates.
NEVER_DROPPED = ("\ue000", "\U000f0001", "\ud800")
WRONG_TYPES: tuple[object, ...] = (True, False, b"1970", bytearray(b"12"), ["山田"], {"a": 1}, (1, 2), object(), 1.5,
                                   {1, 2})
LONG = 5000


def _module(field: str) -> ModuleType:
    return fields.module(field)


def _check(finding: Finding, field: str) -> None:
    """What every finding holds, whatever the input."""
    assert isinstance(finding, Finding) and finding.field == field
    for code in finding.reasons:
        assert reasons.get(code).code == code
    for shown in (finding.left, finding.right):
        assert shown is None or len(shown) <= 81 or set(shown[:-4]) == {"*"}  # cut, or a masked My Number


@pytest.mark.parametrize("field", list(VALUES))
def test_every_field_module_has_the_same_verbs(field: str) -> None:
    module = _module(field)
    for verb in ("parse", "normalize", "compare", "COMPARATOR", "LEVELS"):
        assert hasattr(module, verb), (field, verb)
    cmp = module.COMPARATOR
    assert isinstance(cmp, LevelledField) and cmp.name == field and cmp.prefix == PREFIX[field]
    assert cmp is fields.comparator(field) and cmp.levels == module.LEVELS
    value, other = VALUES[field]
    assert module.compare(value, value).level is Level.EXACT
    assert module.compare(value, other).level is Level.EQUIVALENT
    assert module.normalize(value) == module.normalize(other)
    module.parse(value)
    assert mc.compare_field(field, value, other) == module.compare(value, other)


@pytest.mark.parametrize("field", list(VALUES))
@pytest.mark.parametrize("blank", BLANKS)
def test_blank_is_absent_on_both_sides_and_missing_on_one(field: str, blank: str | None) -> None:
    module, value = _module(field), VALUES[field][0]
    absent = module.compare(blank, blank)
    _check(absent, field)
    assert absent.level is Level.ABSENT and absent.reasons == (f"{PREFIX[field]}_ABSENT",)
    for left, right in ((value, blank), (blank, value)):
        missing = module.compare(left, right)
        _check(missing, field)
        assert missing.level is Level.MISSING and missing.reasons == (f"{PREFIX[field]}_MISSING",)
        assert (missing.left is None) == (left is blank) and (missing.right is None) == (right is blank)


@pytest.mark.parametrize("field", list(VALUES))
def test_a_value_too_long_to_be_real_never_agrees(field: str) -> None:
    module, value = _module(field), VALUES[field][0]
    for long in ("9" * LONG, value * (LONG // len(value)), value + " " * LONG + value):
        for left, right in ((long, value), (value, long), (long, long)):
            found = module.compare(left, right)
            _check(found, field)
            assert not found.agrees
            # A long My Number is a malformed number (a mismatch); any other field is not parsed at all.
            assert found.reasons == ("RECORD_FIELD_TOO_LONG",) or field == "my_number"


@pytest.mark.parametrize("field", list(VALUES))
@pytest.mark.parametrize("hostile", HOSTILE_CHARS)
def test_a_hostile_character_is_never_taken_silently(field: str, hostile: str) -> None:
    module, value = _module(field), VALUES[field][0]
    for text in (value + hostile, hostile + value, value[:1] + hostile + value[1:], hostile):
        against_clean = module.compare(text, value)
        _check(against_clean, field)
        # Never the same without a reason: at most EQUIVALENT, with the fold it took named.
        assert against_clean.level is not Level.EXACT
        if hostile in NEVER_DROPPED:
            assert not against_clean.agrees, (text, against_clean)
        _check(module.compare(text, text), field)
        for verb in (module.parse, module.normalize):
            with contextlib.suppress(mc.MynacheckError):  # a value, or a mynacheck error: nothing else
                verb(text)


@pytest.mark.parametrize("field", list(VALUES))
@pytest.mark.parametrize("wrong", WRONG_TYPES, ids=lambda w: type(w).__name__)
def test_a_value_of_a_type_no_field_reads_is_invalid(field: str, wrong: object) -> None:
    module, value = _module(field), VALUES[field][0]
    if field == "birth_date" and isinstance(wrong, float):
        return  # a spreadsheet's 19700312.0 is a date notation
    for left, right in ((wrong, value), (value, wrong), (wrong, wrong)):
        found = module.compare(left, right)
        _check(found, field)
        assert found.level is Level.INVALID and found.reasons == ("RECORD_INVALID",)
    for verb in (module.parse, module.normalize):
        with pytest.raises(mc.MynacheckError):
            verb(wrong)


@pytest.mark.parametrize("field", list(VALUES))
def test_what_a_record_holds_is_read_as_the_record_holds_it(field: str) -> None:
    # Record turns an int into its digits and a date into ISO text: compare_field reads them alike.
    module = _module(field)
    for raw in (19700312, datetime.date(1970, 3, 12)):
        if field != "birth_date" and isinstance(raw, datetime.date):
            continue
        as_record = getattr(mc.Record(**{field: raw}), field)  # type: ignore[arg-type]
        assert module.compare(raw, raw).level is module.compare(as_record, as_record).level


_ANY = st.one_of(st.none(), st.text(max_size=30), st.text(alphabet="山田ﾔﾏﾀﾞ0123-年月日\ue000\x00 ", max_size=12),
                 st.integers(), st.binary(max_size=4), st.booleans(), st.floats(allow_nan=False))


@pytest.mark.parametrize("field", list(VALUES))
@given(left=_ANY, right=_ANY)
def test_compare_never_raises(field: str, left: object, right: object) -> None:
    _check(_module(field).compare(left, right), field)


def _walk_by_hand(cmp: LevelledField[object], a: object, b: object) -> tuple[Level, tuple[str, ...]]:
    """The levels tried in order by a plain loop: what the compiled walk must give."""
    for lv in cmp.levels:
        found = lv.test(a, b)
        if found is not None:
            return lv.level, found
    return Level.DIFFERENT, (f"{cmp.prefix}_DIFFERENT",)


_TEXTS = st.one_of(st.sampled_from([v for pair in VALUES.values() for v in pair]),
                   st.text(alphabet="山田髙橋ﾔﾏﾀﾞヤマダ0123-年月日 長野市鶴賀緑町男1SMITHé\ue000", max_size=14))


@pytest.mark.parametrize("field", list(VALUES))
@given(left=_TEXTS, right=_TEXTS)
def test_the_compiled_walk_is_the_levels_tried_in_order(field: str, left: str, right: str) -> None:
    cmp = _module(field).COMPARATOR
    mode = cmp.mode() if cmp.mode is not None else None
    def parse(raw: str) -> object:
        return cmp.parse[mode](raw) if isinstance(cmp.parse, memo.PerMode) else cmp.parse(raw, mode)

    try:
        a, b = parse(left), parse(right)
    except mc.InvalidValue:
        return
    assert cmp.level_of(a, b) == _walk_by_hand(cmp, a, b)


def test_a_level_flag_is_an_attribute_or_an_items_index() -> None:
    # ``when=1`` skips the level unless item 1 of a side is set; a flag of another kind is refused.
    def parse(raw: object, mode: object) -> tuple[str, bool]:
        return (str(raw), str(raw).startswith("!"))

    def flagged(a: tuple[str, bool], b: tuple[str, bool]) -> tuple[str, ...]:
        return ("TEST_FLAGGED",)

    level = ComparisonLevel(Level.UNCERTAIN, flagged, "flagged", when=1)
    cmp = LevelledField(name="t", prefix="TEST", parse=parse, render=lambda p: p[0], levels=(level,))
    assert cmp.compare("a", "b").level is Level.DIFFERENT  # the test would hold: the flag skips it
    assert cmp.compare("!a", "b").reasons == ("TEST_FLAGGED",)
    assert cmp.compare("a", "!b").reasons == ("TEST_FLAGGED",)
    for bad in ("not a name", 1.5):
        with pytest.raises(mc.UsageError):
            LevelledField(name="t", prefix="TEST", parse=parse, render=lambda p: p[0],
                          levels=(ComparisonLevel(Level.UNCERTAIN, flagged, when=bad),))  # type: ignore[arg-type]
