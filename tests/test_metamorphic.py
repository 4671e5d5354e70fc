"""The metamorphic suite: what must hold for every person the strategies draw.

- renderings of a person always match;
- mislinkages never match, under every shipped ruleset;
- verdicts are symmetric (for records without aliases: only the register's aliases confirm a name);
- normalization is idempotent;
- parse(render(x)) == x for dates and addresses.
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mynacheck as mc
from mynacheck import strategies as mst
from mynacheck.rules import rulesets as rs

person_and_rendering = mst.records().flatmap(lambda r: mst.renderings(r).map(lambda x: (r, x)))
person_and_mislinkage = mst.records().flatmap(lambda r: mst.mislinkages(r).map(lambda x: (r, x)))


@given(person_and_rendering)
def test_renderings_match(pair: tuple[mc.Record, mc.Record]) -> None:
    register, business = pair
    result = mc.compare(business, register)
    assert result.verdict is mc.Verdict.MATCH, result.explain("en")


@given(person_and_rendering)
def test_renderings_match_under_insurer_5(pair: tuple[mc.Record, mc.Record]) -> None:
    register, business = pair
    assert mc.compare(business, register, rs.INSURER_5).verdict is mc.Verdict.MATCH


@given(person_and_mislinkage, st.sampled_from([rs.GUIDELINE_4, rs.GUIDELINE_3, rs.INSURER_5]))
def test_mislinkages_never_match(pair: tuple[mc.Record, mc.Record], ruleset: mc.Ruleset) -> None:
    person, linked = pair
    result = mc.compare(person, linked, ruleset)
    assert result.verdict is not mc.Verdict.MATCH, result.explain("en")


@given(mst.records().flatmap(lambda r: mst.mislinkages(r, kinds=("family",)).map(lambda x: (r, x))))
def test_family_members_are_named_as_such_or_as_other_people(pair: tuple[mc.Record, mc.Record]) -> None:
    person, relative = pair
    result = mc.compare(person, relative)
    assert result.verdict is not mc.Verdict.MATCH
    decisive = set(result.reasons[:3])
    assert decisive & {"XF_FAMILY_MEMBER", "XF_NAME_DIFFERENT", "XF_IDENTITY_DIFFERENT",
                       "XF_BIRTH_DATE_DIFFERENT", "XF_SAME_NAME_OTHER_PERSON"} or result.verdict is mc.Verdict.REVIEW


@given(mst.records().flatmap(lambda r: mst.mislinkages(r, kinds=("mistyped_invalid",)).map(lambda x: (r, x))))
def test_mistyped_numbers_that_fail_the_check_digit_say_so(pair: tuple[mc.Record, mc.Record]) -> None:
    person, typo = pair
    result = mc.compare(person, typo)
    assert result.verdict is mc.Verdict.MISMATCH
    assert "MYNUMBER_BAD_CHECKSUM" in result.reasons


@given(st.one_of(person_and_rendering, person_and_mislinkage))
def test_verdicts_are_symmetric(pair: tuple[mc.Record, mc.Record]) -> None:
    a, b = (attrs.evolve(r, aliases=()) for r in pair)
    forward, backward = mc.compare(a, b), mc.compare(b, a)
    assert forward.verdict is backward.verdict
    assert set(forward.reasons) == set(backward.reasons)


@given(mst.records().flatmap(mst.renderings))
def test_normalization_is_idempotent(rec: mc.Record) -> None:
    assert rec.name is not None and rec.kana is not None and rec.address is not None
    name = mc.normalize_name(rec.name)
    assert mc.normalize_name(name) == name
    kana = mc.normalize_kana(rec.kana)
    assert mc.normalize_kana(kana) == kana
    parsed = mc.parse_address(rec.address)
    assert mc.parse_address(parsed.render()).key == parsed.key


@given(mst.birth_dates().flatmap(lambda d: mst.date_renderings(d).map(lambda s: (d, s))))
def test_dates_parse_back(pair: tuple[mc.BirthDate, str]) -> None:
    date, written = pair
    assert mc.parse_date(written) == date


@given(mst.addresses().flatmap(lambda a: mst.address_renderings(a).map(lambda s: (a, s))))
def test_addresses_parse_back_to_the_same_place(pair: tuple[mc.Address, str]) -> None:
    address, written = pair
    assert mc.compare_field("address", mst.address_text(address), written).level.agrees


@given(mst.households())
def test_no_two_members_of_a_household_match(members: list[mc.Record]) -> None:
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            linked = attrs.evolve(b, my_number=a.my_number)  # a's number on b's record
            assert mc.compare(a, linked).verdict is not mc.Verdict.MATCH


def test_unknown_mislinkage_kinds_are_refused() -> None:
    rec = mc.Record(name="山田 太郎", my_number="123456789018")
    with pytest.raises(ValueError, match="unknown mislinkage kinds"):
        mst.mislinkages(rec, kinds=("cousin",))
