"""Record construction and the sex field."""

from __future__ import annotations

import datetime

import pytest

import mynacheck as mc
from mynacheck.fields.sex import Sex, parse_sex


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
