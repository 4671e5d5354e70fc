"""The engine's caches and fast paths give exactly what the general code gives.

Each cache or fast path added for reconcile speed has a property here: the
fast answer equals the uncached / general answer on generated input.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import attrs
from hypothesis import given
from hypothesis import strategies as st

from mynacheck import mynumber, reasons
from mynacheck import strategies as mst
from mynacheck.errors import InvalidMyNumber, InvalidRecord
from mynacheck.fields import sex
from mynacheck.fields.base import is_blank
from mynacheck.mynumber import compact
from mynacheck.reconcile import core, keys
from mynacheck.reconcile.index import RegisterIndex
from mynacheck.record import Record, _text, record_of_texts
from mynacheck.rules import rulesets
from mynacheck.rules.engine import Decision, Ruleset, decides_by_findings, field_rule
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


_SEX_RULE = field_rule("sex")


@given(sex_text, sex_text)
def test_cached_sex_compare_equals_uncached(left: str, right: str) -> None:
    from mynacheck.rules.engine import Context

    ctx = Context(Record(sex=left or None), Record(sex=right or None), rulesets.DEFAULT)
    expected = sex.COMPARATOR.compare(ctx.left.sex, ctx.right.sex)
    assert _SEX_RULE.check(ctx) == expected
    assert _SEX_RULE.check(ctx) == expected  # cache hit too


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


# --- decisions reused by findings, findings reused by pair --------------------



def _uncached(ruleset: Ruleset) -> Ruleset:
    """The same ruleset with no pair caches and a table the engine may not memoize."""
    rules = tuple(
        attrs.evolve(r, check=_no_cache(r.field)) if r.field in ("name", "kana") else r for r in ruleset.rules
    )
    table = tuple(attrs.evolve(row, findings_only=False) for row in ruleset.table)
    return attrs.evolve(ruleset, rules=rules, table=table)


def _no_cache(field: str | None) -> Callable[..., object]:
    from mynacheck.fields import kana, name

    if field == "name":
        return lambda ctx: name.compare_person(ctx.left.name, ctx.left.aliases, ctx.right.name, ctx.right.aliases)
    return lambda ctx: kana.COMPARATOR.compare(ctx.left.kana, ctx.right.kana)


_PAIRS = mst.records().flatmap(
    lambda r: st.tuples(st.just(r), st.one_of(mst.renderings(r), mst.mislinkages(r), mst.records()))
)


@given(_PAIRS, st.sampled_from(sorted(rulesets.ALL)))
def test_memoized_judgement_equals_the_table_walked_afresh(pair: tuple[Record, Record], name: str) -> None:
    business, register = pair
    ruleset = rulesets.ALL[name]
    plain = _uncached(ruleset)
    assert not decides_by_findings(plain) and decides_by_findings(ruleset)
    fresh, memo = plain.compare(business, register), ruleset.compare(business, register)
    assert memo == fresh  # verdict, findings, reasons, decided_by: all of it
    judged = ruleset.judge(business, register)
    assert (judged.verdict, judged.reasons, judged.decided_by) == (fresh.verdict, fresh.reasons, fresh.decided_by)
    assert judged.levels == tuple((f.field, f.level) for f in fresh.findings if f.field != "cross")
    assert ruleset.compare(business, register) == fresh  # again, now from the caches


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


class _Cell(str):
    """A str subclass: keys take their general path for it."""


@given(st.sampled_from(["髙橋 一郎", "高橋　一郎", "", " ", "李 明", "x" * 401]),
       st.sampled_from(["1970-03-12", "S45.3.12", "昭和45年3月12日", "", "不詳", "99.1.1", "2099-01-01"]),
       st.sampled_from(["長野県長野市鶴賀緑町1613", "長野市鶴賀緑町１６１３", "", "どこか", "東京都江東区豊洲2-1-2 ハイツ101"]))
def test_person_key_of_plain_str_cells_equals_the_general_path(name: str, birth: str, address: str) -> None:
    fast = keys.person_key({"name": name, "birth_date": birth, "address": address})
    general = keys.person_key({"name": _Cell(name), "birth_date": _Cell(birth), "address": _Cell(address)})
    assert fast == general
    assert (fast is None) == any(keys.normalize(f, v) is None for f, v in
                                 (("name", name), ("birth_date", birth), ("address", address)))


@given(st.lists(st.fixed_dictionaries({"my_number": st.sampled_from(["123456789018", "1234 5678 9018", "621498320257"])},
                                      optional={k: st.text(alphabet="ab \u3000;|\x1f髙", max_size=4)
                                                for k in ("name", "kana", "birth_date", "address", "sex", "aliases",
                                                          "id")}), max_size=6))
def test_index_find_is_the_record_of_get(rows: list[dict[str, str]]) -> None:
    # find() builds the register record without the mapping; it must be the mapping's record.
    index = RegisterIndex.build(rows)
    for key in ("123456789018", "621498320257", "000000000000"):
        found, row = index.find(key), index.get(key)
        if row is None:
            assert found is None
            continue
        assert found is not None
        assert found == (Record.from_mapping(row), bool(row.get("_register_duplicate")))


@given(st.text(alphabet="0123456789", min_size=11, max_size=11) | st.sampled_from(["00000000000", "11111111111"]),
       st.sampled_from(["", "0", "-"]), st.booleans())
def test_my_number_fast_path_equals_the_general_path(body: str, suffix: str, valid: bool) -> None:
    number = body + (mynumber.calc_check_digit(body) if valid else str((int(mynumber.calc_check_digit(body)) + 1) % 10))
    number += suffix
    assert mynumber.COMPARATOR.compare(number, number) == mynumber.COMPARATOR.compare(_Cell(number), _Cell(number))


@given(st.lists(st.none() | st.text(alphabet=" \u3000\t\n;|a髙", max_size=4), min_size=8, max_size=8))
def test_record_of_texts_equals_init(values: list[str | None]) -> None:
    assert record_of_texts(values) == Record(*values)


def _reference_safe_id(value: object, reveal: bool) -> str:
    text = "" if value is None else str(value)
    return mynumber.mask(text) if not reveal and len(text) <= 20 and mynumber.is_valid(text) else text


def _reference_display_number(value: object, reveal: bool) -> str:
    text = "" if value is None else str(value)
    if not text.strip():
        return ""
    return text.strip() if reveal else mynumber.mask(text[:64])


_id_text = st.none() | st.text(alphabet="0123456789⒑⑽１ -B", max_size=16) | st.text(max_size=14)


@given(_id_text, st.booleans())
def test_row_head_fast_paths_equal_the_general_rules(value: str | None, reveal: bool) -> None:
    # The id and number cells never print a full number unless revealed: same as the plain rules.
    assert core._safe_id(value, reveal) == _reference_safe_id(value, reveal)
    assert core._display_number(value, reveal) == _reference_display_number(value, reveal)


def test_a_short_id_that_widens_to_a_number_is_still_masked() -> None:
    widened = "⒑" + "3456789018"  # NFKC: "10." + ten digits, twelve digits once compacted
    body = mynumber.compact(widened)[:11]
    number = "⒑" + body[2:] + mynumber.calc_check_digit(body)
    assert mynumber.is_valid(number) and len(number) < 12
    assert core._safe_id(number, False) == mynumber.mask(number)


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
