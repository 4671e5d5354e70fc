"""Record construction and the sex field."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mynacheck as mc
from mynacheck.fields import sex
from mynacheck.fields.sex import Sex, parse_sex
from mynacheck.record import KEYS, record_of_texts
from mynacheck.rules import Context


def test_record_from_mapping_ignores_unknown_keys_and_blanks() -> None:
    rec = mc.Record.from_mapping({"name": "山田 太郎", "kana": "  ", "extra": 1, "aliases": "ヤマダ;山田 太朗"})
    assert rec.name == "山田 太郎"
    assert rec.kana is None
    assert rec.aliases == ("ヤマダ", "山田 太朗")


def test_record_accepts_dates_and_ints() -> None:
    rec = mc.Record(birth_date=datetime.date(1970, 3, 12), sex=1)  # type: ignore[arg-type]
    assert rec.birth_date == "1970-03-12"
    assert rec.sex == "1"


def test_record_rejects_unsupported_types() -> None:
    with pytest.raises(mc.InvalidRecord):
        mc.Record(name=True)  # type: ignore[arg-type]
    with pytest.raises(mc.InvalidRecord):
        mc.Record(name=3.5)  # type: ignore[arg-type]


def test_record_is_frozen() -> None:
    rec = mc.Record(name="山田")
    with pytest.raises(AttributeError):
        rec.name = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("raw", "sex"),
    [("1", Sex.MALE), ("１", Sex.MALE), ("男", Sex.MALE), ("男性", Sex.MALE), ("M", Sex.MALE), ("ｍ", Sex.MALE),
     ("male", Sex.MALE), ("2", Sex.FEMALE), ("女性", Sex.FEMALE), ("F", Sex.FEMALE), ("Ｆｅｍａｌｅ", Sex.FEMALE),
     ("0", Sex.UNKNOWN), ("9", Sex.NOT_APPLICABLE)],
)
def test_sex_notations(raw: str, sex: Sex) -> None:
    assert parse_sex(raw) is sex


def test_sex_comparison_levels() -> None:
    assert mc.compare_field("sex", "1", "1").level is mc.Level.EXACT
    same = mc.compare_field("sex", "男", "1")
    assert same.level is mc.Level.EQUIVALENT and "SEX_CODE_FOLD" in same.reasons
    assert mc.compare_field("sex", "男", "女").level is mc.Level.DIFFERENT
    unknown = mc.compare_field("sex", "0", "1")
    assert unknown.verdict is mc.Verdict.REVIEW and "SEX_UNKNOWN_CODE" in unknown.reasons
    bad = mc.compare_field("sex", "X", "1")
    assert bad.verdict is mc.Verdict.REVIEW and bad.reasons == ("SEX_UNRECOGNISED",)


def test_compare_field_rejects_unknown_fields() -> None:
    with pytest.raises(ValueError, match="unknown field"):
        mc.compare_field("height", "1", "2")


# --- the fast constructors against Record(...) --------------------------------------------

cell = st.none() | st.text(max_size=8) | st.integers() | st.dates() | st.booleans() | st.floats(allow_nan=False)
record_maps = st.dictionaries(
    st.sampled_from(["my_number", "name", "kana", "birth_date", "address", "sex", "id", "aliases", "other"]),
    cell | st.lists(st.text(max_size=5), max_size=3),
)


def _outcome(build: Callable[[], object]) -> object:
    try:
        return build()
    except mc.InvalidRecord as err:
        return ("error", str(err))


@given(st.text(max_size=10))
def test_a_text_cell_is_kept_unless_blank(value: str) -> None:
    assert mc.Record(name=value).name == (value if value.strip() else None)


@given(record_maps)
def test_record_from_mapping_equals_init(mapping: dict[str, object]) -> None:
    known = {k: v for k, v in mapping.items() if k != "other"}
    fast = _outcome(lambda: mc.Record.from_mapping(mapping))
    assert fast == _outcome(lambda: mc.Record(**known))  # type: ignore[arg-type]
    if isinstance(fast, mc.Record):
        assert repr(fast) == repr(mc.Record(**known))  # type: ignore[arg-type]


@given(st.lists(st.none() | st.text(alphabet=" \u3000\t\n;|a髙", max_size=4), min_size=len(KEYS), max_size=len(KEYS)))
def test_record_of_texts_equals_init(values: list[str | None]) -> None:
    assert record_of_texts(values) == mc.Record(*values)


# --- the sex field: the rule's pair cache gives the comparator's finding --------------------

sex_text = st.sampled_from(["1", "2", "0", "9", "男", "女", "男性", "Ｆ", " m ", "female", "x", "", "  ", "3"]) | st.text(
    max_size=25
)
_SEX_RULE = mc.field_rule("sex")


@given(sex_text, sex_text)
def test_the_sex_rule_pair_cache_equals_the_comparator(left: str, right: str) -> None:
    ctx = Context(mc.Record(sex=left), mc.Record(sex=right), mc.rulesets.DEFAULT)
    expected = sex.COMPARATOR.compare(ctx.left.sex, ctx.right.sex, cached=False)
    assert _SEX_RULE.check(ctx) == expected
    assert _SEX_RULE.check(ctx) == expected  # from the cache this time


@given(sex_text | st.none() | st.integers(-3, 12), sex_text | st.none() | st.integers(-3, 12))
def test_the_sex_comparator_keeps_every_pair_and_gives_what_it_gives_afresh(left: object, right: object) -> None:
    expected = sex.COMPARATOR.compare(left, right, cached=False)
    assert sex.compare(left, right) == expected
    assert sex.compare(left, right) == expected  # a hit, for two texts
    if type(left) is str and type(right) is str:
        assert sex.COMPARATOR.pair_tables[None][(left, right)] == expected  # type: ignore[index]


def test_a_rule_and_its_comparator_keep_a_pair_once_in_the_comparators_tables() -> None:
    from mynacheck import memo
    from mynacheck.fields import kana

    memo.clear()
    ctx = Context(mc.Record(sex="女", kana="ヤマダ"), mc.Record(sex="2", kana="ﾔﾏﾀﾞ"), mc.rulesets.DEFAULT)
    for rule in (_SEX_RULE, mc.field_rule("sex"), mc.field_rule("kana")):
        rule.check(ctx)
    assert list(sex.COMPARATOR.pair_tables[None]) == [("女", "2")]  # type: ignore[index]
    assert list(kana.COMPARATOR.pair_tables[None]) == [("ヤマダ", "ﾔﾏﾀﾞ")]  # type: ignore[index]
    # A direct call keeps its pair only where every pair is met again (sex), not for kana.
    kana.compare("スズキ", "ｽｽﾞｷ")
    sex.compare("1", "男")
    assert ("スズキ", "ｽｽﾞｷ") not in kana.COMPARATOR.pair_tables[None]  # type: ignore[index]
    assert ("1", "男") in sex.COMPARATOR.pair_tables[None]  # type: ignore[index]
