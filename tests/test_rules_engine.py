"""rules.engine: field rules, the pair caches they keep, and decisions reused by findings."""

from __future__ import annotations

from collections.abc import Callable

import attrs
from hypothesis import given
from hypothesis import strategies as st

from mynacheck import mynumber
from mynacheck import strategies as mst
from mynacheck.fields import kana, name, sex
from mynacheck.record import Record
from mynacheck.rules import rulesets
from mynacheck.rules.engine import Context, Decision, Ruleset, decides_by_findings, field_rule
from mynacheck.verdicts import Finding, Level, Verdict


def _uncached(ruleset: Ruleset) -> Ruleset:
    """The same ruleset with no pair caches and a table the engine may not memoize."""
    rules = tuple(
        attrs.evolve(r, check=_no_cache(r.field)) if r.field in ("name", "kana") else r for r in ruleset.rules
    )
    table = tuple(attrs.evolve(row, findings_only=False) for row in ruleset.table)
    return attrs.evolve(ruleset, rules=rules, table=table)


def _no_cache(field: str | None) -> Callable[..., object]:
    if field == "name":
        return lambda ctx: name.compare_person(ctx.left.name, ctx.left.aliases, ctx.right.name, ctx.right.aliases)
    return lambda ctx: kana.COMPARATOR.compare(ctx.left.kana, ctx.right.kana)


_PAIRS = mst.records().flatmap(
    lambda r: st.tuples(st.just(r), st.one_of(mst.renderings(r), mst.mislinkages(r), mst.records()))
)


@given(_PAIRS, st.sampled_from(sorted(rulesets.ALL)))
def test_memoized_judgement_equals_the_table_walked_afresh(pair: tuple[Record, Record], ruleset_name: str) -> None:
    business, register = pair
    ruleset = rulesets.ALL[ruleset_name]
    plain = _uncached(ruleset)
    assert not decides_by_findings(plain) and decides_by_findings(ruleset)
    fresh, memo = plain.compare(business, register), ruleset.compare(business, register)
    # Verdict, findings, reasons, decided_by: all of it, but the fingerprint: the rulesets' contents differ.
    assert memo.ruleset_fingerprint == ruleset.fingerprint != plain.fingerprint == fresh.ruleset_fingerprint
    assert attrs.evolve(memo, ruleset_fingerprint=None) == attrs.evolve(fresh, ruleset_fingerprint=None)
    judged = ruleset.judge(business, register)
    assert (judged.verdict, judged.reasons, judged.decided_by) == (fresh.verdict, fresh.reasons, fresh.decided_by)
    assert judged.levels == tuple((f.field, f.level) for f in fresh.findings if f.field != "cross")
    assert ruleset.compare(business, register) == memo  # again, now from the caches


def test_the_decision_memo_is_not_part_of_the_frozen_ruleset() -> None:
    # Equality, hashing and evolve see the rules and the table only, whatever was decided.
    person = {"my_number": "123456789018", "name": "髙橋 一郎", "birth_date": "1970-03-12", "sex": "1",
              "address": "長野県長野市鶴賀緑町1613"}
    fresh = attrs.evolve(rulesets.DEFAULT)
    assert fresh == rulesets.DEFAULT
    rulesets.DEFAULT.compare(person, person)
    assert fresh == rulesets.DEFAULT and hash(fresh) == hash(rulesets.DEFAULT)
    assert {f.name for f in attrs.fields(Ruleset)}.isdisjoint({"_decisions", "decisions", "memo"})


def test_a_table_row_that_reads_the_records_turns_the_memo_off() -> None:
    # A custom row looking at the records themselves must see every pair.
    vip = Decision("vip", lambda ctx: ctx.left.id == "VIP", Verdict.REVIEW, lambda ctx: ("RECORD_COMPARE_FAILED",))
    ruleset = attrs.evolve(rulesets.DEFAULT, table=(vip, *rulesets.DEFAULT.table))
    assert not decides_by_findings(ruleset)
    person = {"my_number": "123456789018", "name": "髙橋 一郎", "birth_date": "1970-03-12", "sex": "1",
              "address": "長野県長野市鶴賀緑町1613"}
    assert ruleset.compare(dict(person, id="A"), person).verdict is Verdict.MATCH
    assert ruleset.compare(dict(person, id="VIP"), person).verdict is Verdict.REVIEW
    assert ruleset.compare(dict(person, id="A"), person).verdict is Verdict.MATCH


def test_a_comparator_without_cache_pairs_is_called_for_every_pair() -> None:
    calls: list[tuple[object, object]] = []

    class Counting:
        name = "sex"

        def compare(self, left: object, right: object) -> object:
            calls.append((left, right))
            return sex.COMPARATOR.compare(left, right)

    rule = field_rule("sex", compare=Counting())  # type: ignore[arg-type]
    ruleset = rulesets.DEFAULT.replace("field.sex", rule)
    for _ in range(3):
        ruleset.compare({"sex": "1"}, {"sex": "男"})
    assert calls == [("1", "男")] * 3


def test_a_my_number_comparator_is_never_cached_by_pair() -> None:
    # Even if a comparator asks for it: the cache would be keyed by full numbers.
    calls: list[object] = []

    class Greedy:
        name = "my_number"
        cache_pairs = 100

        def compare(self, left: object, right: object) -> object:
            calls.append(left)
            return mynumber.COMPARATOR.compare(left, right)

    ruleset = rulesets.DEFAULT.replace("field.my_number", field_rule("my_number", compare=Greedy()))  # type: ignore[arg-type]
    for _ in range(2):
        ruleset.compare({"my_number": "123456789018"}, {"my_number": "123456789018"})
    assert len(calls) == 2


# --- the cross-field rules read the findings themselves: against Context's own questions ------------

_CROSS_FIELDS = ("address", "name", "birth_date", "kana", "sex")
_CROSS_NAMES = ("山田 太郎", "山田 次郎", "鈴木 太郎", "山田太郎", None)


def _cross_context(levels: dict[str, Level], left: str | None, right: str | None, ruleset: Ruleset) -> Context:
    """A pair of records by name whose item findings are at the given levels (what the cross rules read)."""
    ctx = Context(Record(name=left), Record(name=right), ruleset)
    ctx.findings.update({f: Finding(f, lv) for f, lv in levels.items()})
    return ctx


@given(st.dictionaries(st.sampled_from(_CROSS_FIELDS), st.sampled_from(list(Level))),
       st.sampled_from(_CROSS_NAMES), st.sampled_from(_CROSS_NAMES))
def test_the_cross_rules_answer_as_context_agrees_and_level_say(levels: dict[str, Level], left: str | None,
                                                              right: str | None) -> None:
    from mynacheck.rules import cross

    ctx = _cross_context(levels, left, right, rulesets.GUIDELINE_4)
    agrees, level, D = ctx.agrees, ctx.level, Level.DIFFERENT

    # Each rule's definition in Context's public questions (the rules read the findings dict directly).
    def family() -> Finding | None:
        if not agrees("address") or (agrees("name") and agrees("birth_date")):
            return None
        parts = cross.name_parts(ctx)
        if parts is None or not parts.surname.agrees:
            return None
        kana_level = level("kana")
        given = not parts.given.agrees and not kana_level.agrees and (parts.given is D or kana_level is D)
        if given or level("birth_date") is D:
            return Finding("cross", D, ("XF_FAMILY_MEMBER",), verdict=Verdict.MISMATCH)
        return None

    def same_name() -> Finding | None:
        if agrees("name") and level("kana") is not D and level("birth_date") is D:
            return Finding("cross", D, ("XF_SAME_NAME_OTHER_PERSON",), verdict=Verdict.MISMATCH)
        return None

    def surname_changed() -> Finding | None:
        if agrees("name"):
            return None
        parts = cross.name_parts(ctx)
        if parts is None or parts.surname is not D or not parts.given.agrees:
            return None
        if agrees("birth_date") and ("sex" not in ctx.findings or agrees("sex")):
            return Finding("cross", Level.UNCERTAIN, ("XF_SURNAME_CHANGED",), verdict=Verdict.REVIEW)
        return None

    assert cross.FAMILY_MEMBER.check(ctx) == family()
    assert cross.SAME_NAME.check(ctx) == same_name()
    assert cross.SURNAME_CHANGED.check(ctx) == surname_changed()


def _with_plain_checks(ruleset: Ruleset, *, field_rules: bool) -> Ruleset:
    """The same ruleset whose field rules' (or cross rules') checks are wrapped in a plain function.

    The wrapper has none of the check's attributes: for field rules no first step in the per-pair
    loop, for cross rules no ``quiet_when``, so the loop calls every check as it is.
    """
    def plain(check: Callable[..., object]) -> Callable[..., object]:
        return lambda ctx: check(ctx)

    return attrs.evolve(ruleset, rules=tuple(attrs.evolve(r, check=plain(r.check)) if (r.field is not None) == field_rules
                                             else r for r in ruleset.rules))


@given(_PAIRS, st.sampled_from(sorted(rulesets.ALL)))
def test_the_first_steps_of_the_field_rules_change_no_finding(pair: tuple[Record, Record], ruleset_name: str) -> None:
    # The per-pair loop takes a field rule's first step itself (a pair cache's hit, one valid My Number on
    # both sides) and runs the check only when it cannot tell: everything must be what the checks give.
    business, register = pair
    ruleset = rulesets.ALL[ruleset_name]
    plain = _with_plain_checks(ruleset, field_rules=True)
    assert any(entry[4] is not None for entry in ruleset._field_checks)
    assert any(entry[5] is not None for entry in ruleset._field_checks)  # the name and birth-date caches by mode
    assert not any(entry[3] is not None for entry in plain._field_checks)
    for today in (None, "2069-12-31", None):  # the caches by mode: a replayed day is another table
        for _ in range(2):  # the second time from the caches
            fast = ruleset.compare(business, register, today=today)
            slow = plain.compare(business, register, today=today)
            assert attrs.evolve(fast, ruleset_fingerprint=None) == attrs.evolve(slow, ruleset_fingerprint=None)
    same = attrs.evolve(business, my_number="123456789018")
    assert ruleset.compare(same, attrs.evolve(register, my_number="123456789018")).finding("my_number") == \
        plain.compare(same, attrs.evolve(register, my_number="123456789018")).finding("my_number")


@given(st.dictionaries(st.sampled_from(_CROSS_FIELDS), st.sampled_from(list(Level))),
       st.sampled_from(_CROSS_NAMES), st.sampled_from(_CROSS_NAMES))
def test_a_cross_check_finds_nothing_when_its_quiet_fields_agree(levels: dict[str, Level], left: str | None,
                                                                right: str | None) -> None:
    # The per-pair loop skips a cross check when every field of its quiet_when agrees: it must find nothing then.
    from mynacheck.rules import cross

    ctx = _cross_context(levels, left, right, rulesets.DEFAULT)
    quiet = [r for r in cross.CROSS_RULES if getattr(r.check, "quiet_when", None)]
    assert {r.id for r in quiet} == {"cross.family_member", "cross.same_name", "cross.surname_changed"}
    for rule in quiet:
        if all(f in levels and levels[f].agrees for f in rule.check.quiet_when):  # type: ignore[attr-defined]
            assert rule.check(ctx) is None


@given(_PAIRS, st.sampled_from(sorted(rulesets.ALL)))
def test_skipping_the_quiet_cross_checks_changes_no_result(pair: tuple[Record, Record], ruleset_name: str) -> None:
    business, register = pair
    ruleset = rulesets.ALL[ruleset_name]
    plain = _with_plain_checks(ruleset, field_rules=False)
    assert ruleset._quiet_fields == ("name", "birth_date") and not plain._quiet_fields
    for left, right in ((business, register), (business, business)):  # the second: every field agrees
        fast, slow = ruleset.compare(left, right), plain.compare(left, right)
        assert attrs.evolve(fast, ruleset_fingerprint=None) == attrs.evolve(slow, ruleset_fingerprint=None)
