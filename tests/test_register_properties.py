"""Issue 16's properties, over generated people (mynacheck.strategies).

- a register-side alias or 併記名 rendering of a person still matches;
- a business-side alias never produces ``match`` where the legal names differ;
- a surname change is review, never match, on every path (DOMAIN §4 rule 8);
- a removed or non-resident register row never gets a "wrong number" message;
- ``resolve`` never picks among two plausible candidates.
"""

from __future__ import annotations

import random

import attrs
from hypothesis import given
from hypothesis import strategies as st

import mynacheck as mc
from mynacheck import strategies as mst
from mynacheck.fields.name import normalize_name
from mynacheck.rules import rulesets as rs
from mynacheck.status import Status

# By name: a falsifying example then prints the name, not the whole ruleset.
RULESETS = st.sampled_from(["GUIDELINE_4", "GUIDELINE_3", "INSURER_5"]).map(rs.by_name)
# The reasons that tell a clerk the number itself is wrong.
WRONG_NUMBER = {"RECORD_NOT_IN_REGISTER", "RECORD_NOT_IN_REGISTER_OR_REMOVED", "MYNUMBER_DIFFERENT",
                "MYNUMBER_BAD_CHECKSUM", "XF_IDENTITY_DIFFERENT", "XF_NAME_DIFFERENT", "XF_BIRTH_DATE_DIFFERENT",
                "XF_FAMILY_MEMBER", "XF_SAME_NAME_OTHER_PERSON"}

registered = mst.records().flatmap(mst.register_records)


@given(registered.flatmap(lambda reg: mst.registered_name_renderings(reg).map(lambda b: (b, reg))))
def test_a_person_written_under_a_name_the_register_holds_matches(pair: tuple[mc.Record, mc.Record]) -> None:
    business, register = pair
    result = mc.compare(business, register)
    assert result.verdict is mc.Verdict.MATCH, result.explain("en")


@given(registered.flatmap(lambda reg: mst.registered_name_renderings(reg).map(lambda b: (b, reg))), RULESETS)
def test_a_heiki_or_alias_match_says_how(pair: tuple[mc.Record, mc.Record], ruleset: mc.Ruleset) -> None:
    business, register = pair
    finding = mc.compare(business, register, ruleset).finding("name")
    assert finding is not None and finding.level.agrees
    if normalize_name(business.name or "") != normalize_name(register.name or "") and finding.level is not (
            mc.Level.EXACT):
        assert {"NAME_HEIKI_MATCH", "NAME_ALIAS_MATCH"} & set(finding.reasons) or finding.via == "name"


@st.composite
def business_alias_mislinkages(draw: st.DrawFn) -> tuple[mc.Record, mc.Record]:
    """A business record whose own aliases hold the register person's names, while its legal name is another's."""
    register = draw(st.one_of(mst.records(), registered))
    other = draw(mst.mislinkages(register, kinds=("swapped_number", "same_name", "spouse", "child")))
    names = [register.name or "", *register.aliases, (register.name or "").partition(" ")[0]]
    aliases = tuple(draw(st.lists(st.sampled_from(names), min_size=1, max_size=3)))
    # the business system holds the other person, and typed the register person's names in as aliases
    business = attrs.evolve(other, my_number=register.my_number, aliases=aliases)
    return business, register


@given(business_alias_mislinkages(), RULESETS)
def test_a_business_alias_never_makes_a_match_where_the_legal_names_differ(pair: tuple[mc.Record, mc.Record],
                                                                          ruleset: mc.Ruleset) -> None:
    business, register = pair
    without = mc.compare(attrs.evolve(business, aliases=()), register, ruleset)
    result = mc.compare(business, register, ruleset)
    if without.finding("name") is not None and not without.finding("name").level.agrees:  # type: ignore[union-attr]
        assert result.verdict is not mc.Verdict.MATCH, result.explain("en")
        assert not result.finding("name").level.agrees  # type: ignore[union-attr]
    assert result.verdict.rank >= min(without.verdict.rank, mc.Verdict.REVIEW.rank)


@given(mst.records().flatmap(lambda r: mst.surname_changes(r).map(lambda b: (b, r))), RULESETS)
def test_a_surname_change_is_never_a_match_unless_the_register_holds_the_former_surname(
        pair: tuple[mc.Record, mc.Record], ruleset: mc.Ruleset) -> None:
    business, register = pair
    register = attrs.evolve(register, aliases=())
    result = mc.compare(business, register, ruleset)
    assert result.verdict is not mc.Verdict.MATCH, result.explain("en")
    if not (register.name or "").isascii():
        # recorded on the 住民票 as its 旧氏, the former surname is the register's own name
        former = (business.name or "").partition(" ")[0]
        kyuuji = attrs.evolve(register, aliases=(former,))
        with_kyuuji = mc.compare(attrs.evolve(business, kana=None, aliases=()), kyuuji, ruleset)
        assert with_kyuuji.finding("name").level.agrees  # type: ignore[union-attr]


@given(st.one_of(mst.records().flatmap(lambda r: mst.renderings(r).map(lambda b: (b, r))),
                 registered.flatmap(lambda reg: mst.registered_name_renderings(reg).map(lambda b: (b, reg)))),
       mst.register_statuses(Status.DECEASED, Status.MOVED_OUT, Status.REMOVED_EX_OFFICIO, Status.REMOVED,
                             Status.MOVING_OUT, Status.NOT_RESIDENT),
       st.sampled_from([None, "2025-03-31", "令和7年3月31日"]), RULESETS)
def test_a_removed_register_row_never_says_the_number_is_wrong(pair: tuple[mc.Record, mc.Record],
                                                               status: tuple[Status, str], date: str | None,
                                                               ruleset: mc.Ruleset) -> None:
    business, register = pair
    want, text = status
    result = mc.compare(business, attrs.evolve(register, status=text, status_date=date), ruleset)
    assert result.verdict is mc.Verdict.REVIEW, result.explain("en")
    assert want.reason in result.reasons
    assert not WRONG_NUMBER & set(result.reasons)
    for message in result.messages("ja"):
        assert "番号の誤りか" not in message and "別人の番号" not in message


@given(st.lists(mst.records(foreign=False), min_size=1, max_size=6, unique_by=lambda r: r.my_number),
       st.data())
def test_a_removed_residents_extract_is_never_reported_as_absent(people: list[mc.Record], data: st.DataObject
                                                                 ) -> None:
    removed = data.draw(st.lists(st.sampled_from(range(len(people))), unique=True))
    statuses = [data.draw(mst.register_statuses()) for _ in removed]
    register = [p for i, p in enumerate(people) if i not in removed]
    extract = [attrs.evolve(people[i], status=text) for i, (_, text) in zip(removed, statuses, strict=True)]
    nobody = mc.Record(my_number="000000000019", name="該当 者")  # a register needs a row; this one joins nothing
    rows = list(mc.reconcile([attrs.evolve(p, id=str(i)) for i, p in enumerate(people)], register or [nobody],
                             removed=extract))
    for i, row in enumerate(rows):
        if i in removed and people[i] in register:
            continue
        assert "RECORD_NOT_IN_REGISTER" not in row.reasons
        if i in removed and people[i] not in register:
            assert row.verdict == "review" and row.reasons.split()[0].startswith("REGISTER_"), row


@st.composite
def query_results(draw: st.DrawFn) -> tuple[mc.Record, list[mc.Record], list[int]]:
    """An application, the people a query returned (shuffled), and where the person's own records are."""
    person = draw(mst.records())
    own = draw(st.lists(mst.renderings(person), min_size=0, max_size=3))
    # Someone else: a relative, a namesake, another person.  (A mistyped number is the person's own
    # record: at registration the number is what the query finds, not what is compared.)
    others = draw(st.lists(mst.mislinkages(person, kinds=("family", "same_name", "swapped_number")), max_size=3))
    application = attrs.evolve(person, my_number=None, aliases=())
    people = [attrs.evolve(person, my_number=r.my_number) for r in own] + others
    order = list(range(len(people)))
    random.Random(draw(st.integers(0, 2**16))).shuffle(order)
    return application, [people[i] for i in order], [order.index(i) for i in range(len(own))]


@given(query_results(), RULESETS)
def test_resolve_never_picks_among_several_and_picks_the_only_match(query: tuple[mc.Record, list[mc.Record],
                                                                                 list[int]],
                                                                    ruleset: mc.Ruleset) -> None:
    application, candidates, own = query
    r = mc.resolve(application, candidates, ruleset)
    matches = [i for i, res in enumerate(r.results) if res.verdict is mc.Verdict.MATCH]
    plausible = [i for i, res in enumerate(r.results) if res.verdict is not mc.Verdict.MISMATCH]
    assert list(r.plausible) == plausible
    assert len(r.results) == len(candidates)
    if len(plausible) >= 2:
        assert r.verdict is mc.Verdict.REVIEW and r.index is None
    if r.verdict is mc.Verdict.MATCH:
        assert matches == plausible == [r.index]
        assert r.index in own  # a mislinkage never matches, so the one pick is the person's own record
    if not candidates or not plausible:
        assert r.verdict is mc.Verdict.MISMATCH and r.index is None
    if len(own) >= 2:
        assert r.verdict is not mc.Verdict.MATCH
