"""reconcile.core and index: the row helpers' fast paths against their plain rules.

(Moved here from the former tests/test_engine_fastpaths.py, unchanged.)
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mynacheck import mynumber, reasons
from mynacheck.reconcile import core
from mynacheck.reconcile.index import RegisterIndex
from mynacheck.record import Record
from mynacheck.verdicts import Verdict

known_codes = st.lists(st.sampled_from([r.code for r in reasons.all_reasons()]), max_size=6)


@given(known_codes)
def test_cached_message_of_equals_uncached(given_codes: list[str]) -> None:
    actionable = [c for c in given_codes if reasons.get(c).severity is not Verdict.MATCH]
    expected = " / ".join(reasons.message(c, "ja") for c in (actionable or given_codes))
    assert core.message_of(given_codes) == expected
    assert core.message_of(tuple(given_codes)) == expected


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


def _reference_safe_id(value: object, reveal: bool) -> str:
    # An id that is one number is masked as mask() gives it; any number inside one is redacted.
    text = "" if value is None else str(value)
    if reveal:
        return text
    return mynumber.mask(text) if mynumber.is_valid(text) else mynumber.redact(text)


def _reference_display_number(value: object, reveal: bool) -> str:
    text = "" if value is None else str(value)
    if not text.strip():
        return ""
    return text.strip() if reveal else mynumber.mask(text[:64])


_id_text = (st.none() | st.text(alphabet="0123456789⒑⑽１ -B", max_size=16) | st.text(max_size=14)
            | st.sampled_from(["123456789018", "621498320257", "12345678901", "B001", "634127023092 "]))


@given(_id_text, st.booleans())
def test_row_head_fast_paths_equal_the_general_rules(value: str | None, reveal: bool) -> None:
    # The id and number cells never print a full number unless revealed: same as the plain rules.
    assert core._safe_id(value, reveal) == _reference_safe_id(value, reveal)
    assert core._display_number(value, reveal) == _reference_display_number(value, reveal)
    # row_head's inline cases (a short ASCII id, a plain number) included.
    assert core.row_head(7, value, value, reveal) == (
        "7", _reference_safe_id(value, reveal), _reference_display_number(value, reveal))


def test_a_short_id_that_widens_to_a_number_is_still_masked() -> None:
    widened = "⒑" + "3456789018"  # NFKC: "10." + ten digits, twelve digits once compacted
    body = mynumber.compact(widened)[:11]
    number = "⒑" + body[2:] + mynumber.calc_check_digit(body)
    assert mynumber.is_valid(number) and len(number) < 12
    assert core._safe_id(number, False) == mynumber.mask(number)


_person_values = st.fixed_dictionaries({}, optional={
    "my_number": st.sampled_from(["123456789018", "621498320257", "12345678901", ""]),
    "name": st.sampled_from(["髙橋 一郎", "高橋 一郎", "鈴木 花子", "=1+2", ""]),
    "birth_date": st.sampled_from(["1970-03-12", "S45.3.12", "1970-03-13", "不詳"]),
    "address": st.sampled_from(["長野県長野市鶴賀緑町1613", "長野市鶴賀緑町１６１３", "634127023092"]),
    "id": st.sampled_from(["B1", "634127023092", ""]), "sex": st.sampled_from(["1", "2", "男"])})


@settings(max_examples=60, deadline=None)
@given(_person_values, st.none() | _person_values, st.booleans(), st.sampled_from(["", "3 4"]))
def test_flagged_cells_are_the_flagged_rows_columns(business: dict[str, str], register: dict[str, str] | None,
                                                    reveal: bool, related: str) -> None:
    # The workers take a flagged row's cells without its ReportRow: the same cells, in column order.
    from mynacheck.reconcile.keys import number_key
    from mynacheck.rules import rulesets

    ruleset = rulesets.DEFAULT
    key = number_key(business.get("my_number"))
    a = core.assess_found(business, register, key, ruleset).with_flags(["RECORD_DUPLICATE_NUMBER"])
    head = core.row_head(2, business.get("id"), business.get("my_number"), reveal)
    row = core.flagged_row(head, a, business, register, ruleset, related=related, reveal_numbers=reveal)
    for label in (None, core.ruleset_label(ruleset)):
        assert core.flagged_cells(head, a, business, register, ruleset, related=related, reveal_numbers=reveal,
                                  label=label) == row.columns()
    assert row.digest and row.ruleset == core.ruleset_label(ruleset)
