"""compare(): the guideline decision table, rulesets, composition and the Result shape."""

from __future__ import annotations

import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mynacheck as mc
from mynacheck import strategies as mst
from mynacheck.rules import Context, Rule
from mynacheck.rules import rulesets as rs

BASE = {
    "my_number": "123456789018",
    "name": "高橋 一郎",
    "kana": "タカハシ イチロウ",
    "birth_date": "1970-03-12",
    "sex": "1",
    "address": "長野県長野市鶴賀緑町1613",
    "id": "B-1",
}


def cmp(**changes: object) -> mc.Result:
    return mc.compare(BASE, {**BASE, **changes})


def test_identical_records_match() -> None:
    r = cmp()
    assert r.verdict is mc.Verdict.MATCH
    assert r.decided_by == "match"
    assert {f.field for f in r.findings} == {"my_number", "name", "kana", "birth_date", "sex", "address"}


def test_record_objects_and_mappings_are_interchangeable() -> None:
    assert mc.compare(mc.Record.from_mapping(BASE), BASE).verdict is mc.Verdict.MATCH


def test_numbers_that_differ_mismatch() -> None:
    r = cmp(my_number="621498320257")
    assert r.verdict is mc.Verdict.MISMATCH
    assert r.reasons[0] == "MYNUMBER_DIFFERENT"


def test_bad_check_digit_mismatches_with_its_own_reason() -> None:
    r = cmp(my_number="123456789019")
    assert r.verdict is mc.Verdict.MISMATCH
    assert "MYNUMBER_BAD_CHECKSUM" in r.reasons
    assert "MYNUMBER_DIFFERENT" not in r.reasons


@pytest.mark.parametrize("field", ["name", "birth_date", "sex", "address"])
def test_a_required_field_missing_on_one_side_gives_review(field: str) -> None:
    r = cmp(**{field: None})
    assert r.verdict is mc.Verdict.REVIEW
    prefix = {"name": "NAME", "birth_date": "DATE", "sex": "SEX", "address": "ADDR"}[field]
    assert f"{prefix}_MISSING" in r.reasons


@pytest.mark.parametrize("field", ["name", "birth_date", "sex", "address"])
def test_a_required_field_unknown_on_both_sides_is_not_confirmed(field: str) -> None:
    left = {**BASE, field: ""}
    r = mc.compare(left, dict(left))
    assert r.verdict is mc.Verdict.REVIEW
    assert "RECORD_REQUIRED_NOT_CONFIRMED" in r.reasons


def test_kana_is_supporting_in_guideline_4_but_required_in_insurer_5() -> None:
    left = {**BASE, "kana": None}
    assert mc.compare(left, BASE).verdict is mc.Verdict.MATCH
    assert mc.compare(left, BASE, rs.INSURER_5).verdict is mc.Verdict.REVIEW
    assert "KANA_MISSING" in mc.compare(left, BASE, rs.INSURER_5).reasons


def test_my_number_may_be_absent_on_both_sides() -> None:
    left = {**BASE, "my_number": None}
    assert mc.compare(left, dict(left)).verdict is mc.Verdict.MATCH


def test_guideline_3_does_not_compare_sex() -> None:
    r = mc.compare(BASE, {**BASE, "sex": "2"}, rs.GUIDELINE_3)
    assert r.verdict is mc.Verdict.MATCH
    assert r.finding("sex") is None
    assert cmp(sex="2").verdict is mc.Verdict.REVIEW


@pytest.mark.parametrize(("address", "reason"), [
    ("東京都千代田区霞が関2-1-2", "XF_SAME_NAME_BIRTH_ELSEWHERE"),  # another prefecture
    ("長野県松本市中央1-2-3", "XF_SAME_NAME_BIRTH_ELSEWHERE"),      # another municipality
    ("長野県長野市若里1-2-3", "XF_MOVED"),                           # another town of the same city
    ("長野県長野市鶴賀緑町1614", "XF_MOVED"),                        # another lot
])
def test_moved_address_is_review_never_match(address: str, reason: str) -> None:
    r = cmp(address=address)
    assert r.verdict is mc.Verdict.REVIEW
    assert r.reasons[0] == reason


def test_family_member_number_is_a_mismatch_with_family_reason() -> None:
    r = cmp(name="高橋 花子", kana="タカハシ ハナコ", birth_date="1972-05-01", sex="2")
    assert r.verdict is mc.Verdict.MISMATCH
    assert "XF_FAMILY_MEMBER" in r.reasons


def test_twin_is_a_family_mismatch() -> None:
    r = cmp(name="高橋 二郎", kana="タカハシ ジロウ")
    assert r.verdict is mc.Verdict.MISMATCH
    assert "XF_FAMILY_MEMBER" in r.reasons


def test_same_name_other_birth_date_is_same_name_mismatch() -> None:
    r = cmp(birth_date="1985-11-30", address="東京都千代田区霞が関2-1-2")
    assert r.verdict is mc.Verdict.MISMATCH
    assert "XF_SAME_NAME_OTHER_PERSON" in r.reasons
    assert "XF_FAMILY_MEMBER" not in r.reasons  # another address: not a household


def test_surname_change_is_review_never_match() -> None:
    r = cmp(name="鈴木 一郎", kana="スズキ イチロウ")
    assert r.verdict is mc.Verdict.REVIEW
    assert "XF_SURNAME_CHANGED" in r.reasons


def test_surname_change_needs_sex_to_agree() -> None:
    r = cmp(name="鈴木 一郎", kana="スズキ イチロウ", sex="2")
    assert "XF_SURNAME_CHANGED" not in r.reasons
    assert r.verdict is mc.Verdict.MISMATCH


def test_name_and_birth_date_differ_is_mismatch() -> None:
    r = cmp(name="佐藤 花子", kana="サトウ ハナコ", birth_date="1991-01-01")
    assert r.verdict is mc.Verdict.MISMATCH
    assert r.reasons[0] == "XF_IDENTITY_DIFFERENT"


def test_kanji_differs_but_kana_agrees_is_review() -> None:
    r = cmp(name="高梁 一郎")
    assert r.verdict is mc.Verdict.REVIEW
    assert "NAME_DIFFERENT" in r.reasons


def test_result_records_ruleset_and_ids() -> None:
    r = mc.compare(BASE, {**BASE, "id": "R-9"}, rs.INSURER_5)
    assert (r.ruleset, r.ruleset_version) == ("INSURER_5", "1")
    assert (r.left_id, r.right_id) == ("B-1", "R-9")


def test_explain_in_both_languages_names_every_reason() -> None:
    r = cmp(address="東京都千代田区霞が関2-1-2")
    ja, en = r.explain("ja"), r.explain(lang="en")
    assert "要確認" in ja and "転居" in ja and "住所" in ja
    assert "review" in en and "moved" in en and "Address" in en
    with pytest.raises(ValueError):
        r.explain("fr")


def test_to_dict_is_json_ready() -> None:
    d = cmp(sex="2").to_dict()
    again = json.loads(json.dumps(d, ensure_ascii=False))
    assert again["verdict"] == "review"
    assert "SEX_DIFFERENT" in again["reasons"]
    assert {f["field"] for f in again["findings"]} >= {"sex", "my_number"}


def test_every_emitted_reason_is_in_the_catalog() -> None:
    for changes in ({}, {"sex": "x"}, {"my_number": "1"}, {"address": None}, {"name": "鈴木 一郎"}):
        for code in cmp(**changes).reasons:
            assert mc.reasons.get(code).code == code


# --- composition -----------------------------------------------------------


def _postcode_rule(ctx: Context) -> mc.Finding | None:
    if ctx.left.id and ctx.right.id and ctx.left.id != ctx.right.id:
        return mc.Finding("cross", mc.Level.DIFFERENT, ("RECORD_DUPLICATE_NUMBER",), verdict=mc.Verdict.REVIEW)
    return None


def test_a_custom_rule_can_raise_the_verdict_and_is_named_in_the_result() -> None:
    custom = rs.GUIDELINE_4.add(Rule("vendor.id_check", "2", _postcode_rule)).renamed("VENDOR", "7")
    r = mc.compare(BASE, {**BASE, "id": "other"}, custom)
    assert r.verdict is mc.Verdict.REVIEW
    assert (r.ruleset, r.ruleset_version) == ("VENDOR", "7")
    assert mc.compare(BASE, dict(BASE), custom).verdict is mc.Verdict.MATCH


def test_replacing_a_field_rule_changes_the_comparison() -> None:
    relaxed = rs.GUIDELINE_4.replace("field.sex", mc.field_rule("sex", required=False))
    assert mc.compare(BASE, {**BASE, "sex": None}, relaxed).verdict is mc.Verdict.MATCH
    assert mc.compare(BASE, {**BASE, "sex": None}).verdict is mc.Verdict.REVIEW


def test_ruleset_composition_errors_are_typed() -> None:
    with pytest.raises(mc.RuleError):
        rs.GUIDELINE_4.replace("no.such.rule", mc.field_rule("sex"))
    with pytest.raises(mc.RuleError):
        rs.GUIDELINE_4.add(mc.field_rule("sex", rule_id="field.sex2"))
    with pytest.raises(ValueError, match="unknown ruleset"):
        rs.by_name("GUIDELINE_9")
    assert rs.by_name("insurer_5") is rs.INSURER_5


def test_rejects_non_record_input_clearly() -> None:
    with pytest.raises(mc.InvalidRecord):
        mc.compare(["not", "a", "record"], BASE)  # type: ignore[arg-type]


# --- hostile input ----------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"name": "x" * 5000},
        {"address": "長" * 5000},
        {"name": "\ue000山 太郎"},
        {"birth_date": "=HYPERLINK(\"http://x\")"},
        {"sex": "\x00\x01"},
        {"kana": "\u200b"},
        {"my_number": "１２３４５６７８９０１８" * 300},
    ],
)
def test_hostile_values_never_crash_and_never_match(changes: dict[str, str]) -> None:
    r = cmp(**changes)
    assert r.verdict is not mc.Verdict.MATCH or changes.get("kana") == "\u200b"
    assert r.reasons


# --- properties ---------------------------------------------------------------

pairs = mst.records().flatmap(
    lambda rec: st.one_of(st.just(rec), mst.renderings(rec), mst.mislinkages(rec)).map(lambda other: (rec, other))
)


@given(pairs)
def test_verdict_is_symmetric_without_aliases(pair: tuple[mc.Record, mc.Record]) -> None:
    # Only the register's aliases (the right-hand record's) may confirm a name, so the
    # sides are not interchangeable when a record holds aliases; without them they are.
    a, b = (attrs.evolve(r, aliases=()) for r in pair)
    assert mc.compare(a, b).verdict is mc.compare(b, a).verdict


def test_aliases_count_only_on_the_register_side() -> None:
    business, register = dict(BASE, name="木村 一郎"), dict(BASE, aliases=("木村 一郎",))
    assert mc.compare(business, register).verdict is mc.Verdict.MATCH  # 通称 recorded on the 住民票
    swapped = mc.compare(register, business)  # the same alias, now business data
    assert swapped.verdict is mc.Verdict.REVIEW and "NAME_BUSINESS_ALIAS" in swapped.reasons


@given(mst.records().flatmap(lambda r: mst.renderings(r).map(lambda x: (r, x))))
def test_a_rendering_of_a_person_always_matches(pair: tuple[mc.Record, mc.Record]) -> None:
    register, business = pair
    assert mc.compare(business, register).verdict is mc.Verdict.MATCH, mc.compare(business, register).explain("en")


@given(mst.records().flatmap(lambda r: mst.mislinkages(r).map(lambda x: (r, x))))
def test_a_mislinkage_never_matches(pair: tuple[mc.Record, mc.Record]) -> None:
    a, b = pair
    for ruleset in (rs.GUIDELINE_4, rs.GUIDELINE_3, rs.INSURER_5):
        assert mc.compare(a, b, ruleset).verdict is not mc.Verdict.MATCH


@given(mst.records(), st.sampled_from(["name", "kana", "birth_date", "sex", "address"]))
def test_dropping_any_required_item_never_matches(rec: mc.Record, field: str) -> None:
    blanked = attrs.evolve(rec, **{field: None})
    ruleset = rs.INSURER_5
    assert mc.compare(rec, blanked, ruleset).verdict is mc.Verdict.REVIEW
