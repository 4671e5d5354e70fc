"""The columnar batch core (``mynacheck.reconcile.batch``) against the local reconcile.

The Spark path is: key the rows (:func:`key_batch`), keep the first register
row of each number, group the digests, then :func:`score_batch` on the
joined columns.  Here that flow is re-enacted with plain dicts and lists and
compared, row by row and column by column, with the local
:func:`mynacheck.reconcile.reconcile` on the same rows; the Spark test then
only has to show that Spark performs the same joins and group-bys.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from mynacheck import strategies as mst
from mynacheck.mynumber import calc_check_digit
from mynacheck.reconcile import REPORT_COLUMNS, Reconciliation, RegisterIndex, reconcile
from mynacheck.reconcile import io as rio
from mynacheck.reconcile.batch import (
    BATCH_KEYS,
    RELATED_LIMIT,
    business_rows,
    duplicate_flags,
    key_batch,
    register_row,
    score_batch,
)
from mynacheck.reconcile.core import REGISTER_DUPLICATE, tally
from mynacheck.reconcile.duplicates import find_duplicates, related_rows
from mynacheck.reconcile.keys import digest, number_key, person_key
from mynacheck.reconcile.report_csv import format_rows
from mynacheck.record import Record
from mynacheck.rules import rulesets

HOSTILE = ["", " ", "\u3000", "\ue000\ue001", "x" * 5000, "=HYPERLINK(\"http://x\")", "\x00\x07\x1b", "-", "１２３"]


def plain(rec: Record) -> dict[str, str]:
    """A record as a CSV reader gives it: every key a string, aliases joined with ';'."""
    out = {}
    for k in BATCH_KEYS:
        v = getattr(rec, k, None)
        out[k] = ";".join(v) if isinstance(v, tuple) else ("" if v is None else str(v))
    return out


def columns(rows: Sequence[Mapping[str, Any]]) -> dict[str, list[Any]]:
    return {k: [r.get(k) for r in rows] for k in BATCH_KEYS}


def spark_like(business: list[dict[str, str]], register: list[dict[str, str]], ruleset: Any,
               first_line: int = 1) -> list[tuple[str, ...]]:
    """What mynacheck.spark does, step by step, with dicts instead of DataFrames."""
    cols = columns(business)
    keys = key_batch(cols)
    lines = [i + first_line for i in range(len(business))]
    # Register: first row of each compact number, and whether it repeats.
    first: dict[str, dict[str, str]] = {}
    count: dict[str, int] = defaultdict(int)
    for row in register:
        k = number_key(row.get("my_number"))
        if k is None:
            continue
        count[k] += 1
        first.setdefault(k, row)
    joined = [first.get(k) if k is not None else None for k in keys["number_key"]]
    reg_cols: dict[str, list[Any]] = {k: [(r or {}).get(k) for r in joined] for k in BATCH_KEYS}
    reg_cols[REGISTER_DUPLICATE] = [k is not None and count[k] > 1 for k in keys["number_key"]]

    # Duplicate checks: group by one digest, count the distinct other (None never counts).
    def groups(group: str, other: str) -> list[list[int] | None]:
        distinct: dict[int, set[int]] = defaultdict(set)
        members: dict[int, list[int]] = defaultdict(list)
        for g, o, line in zip(keys[group], keys[other], lines, strict=True):
            if g is None:
                continue
            members[g].append(line)
            if o is not None:
                distinct[g].add(o)
        return [sorted(members[g])[:RELATED_LIMIT + 1] if g is not None and len(distinct[g]) > 1 else None
                for g in keys[group]]

    out = score_batch(cols, reg_cols, ruleset, lines=lines, number_groups=groups("number_digest", "person_digest"),
                      person_groups=groups("person_digest", "number_digest"))
    assert list(out) == list(REPORT_COLUMNS)
    return list(zip(*out.values(), strict=True))


def local(business: list[dict[str, str]], register: list[dict[str, str]], ruleset: Any) -> list[tuple[str, ...]]:
    return [r.columns() for r in reconcile(business, register, ruleset=ruleset, jobs=1)]


def _number(n: int) -> str:
    body = f"{n:011d}"
    return body + calc_check_digit(body)


@st.composite
def batches(draw: st.DrawFn) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """A small business file and register over a few people, with shared numbers, people written twice,
    register duplicates, blank and hostile values: every path of the local reconcile."""
    people = [plain(r) for r in draw(st.lists(mst.records(foreign=False), min_size=1, max_size=4))]
    numbers = [p["my_number"] for p in people] + [_number(7), "1234-5678-9018", "", "12345"]
    register = [dict(p) for p in people[: draw(st.integers(0, len(people)))]]
    for _ in range(draw(st.integers(0, 2))):  # a number twice in the extract, or a row without one
        src = draw(st.sampled_from(people))
        register.append(dict(src, my_number=draw(st.sampled_from([src["my_number"], ""])),
                             name=draw(st.sampled_from([src["name"], "別人 花子"]))))
    business = []
    for i in range(draw(st.integers(1, 14))):
        row = dict(draw(st.sampled_from(people)), id=f"B{i}")
        what = draw(st.sampled_from(["same", "same", "number", "hostile", "blank"]))
        if what == "number":  # another (or a malformed) number on this person
            row["my_number"] = draw(st.sampled_from(numbers))
        elif what == "hostile":
            row[draw(st.sampled_from(BATCH_KEYS))] = draw(st.sampled_from(HOSTILE))
        elif what == "blank":
            row[draw(st.sampled_from(("name", "birth_date", "address", "sex", "kana")))] = ""
        business.append(row)
    return business, register


@settings(max_examples=40)
@given(batches(), st.sampled_from(sorted(rulesets.ALL)))
def test_the_batch_flow_equals_the_local_reconcile_row_by_row(batch: Any, ruleset: str) -> None:
    business, register = batch
    rs = rulesets.by_name(ruleset)
    assert spark_like(business, register, rs) == local(business, register, rs)


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(BATCH_KEYS)
        w.writerows([[r.get(k, "") for k in BATCH_KEYS] for r in rows])


def _in_a_file(row: dict[str, str]) -> dict[str, str]:
    # A NUL is a value a file holds too, but enough of them in a small file make it binary.
    return {k: v.replace("\x00", "\x01") for k, v in row.items()}


@settings(max_examples=30, deadline=None)
@given(batches(), st.sampled_from(sorted(rulesets.ALL)), st.sampled_from([64, 300, 1 << 20]))
def test_the_local_file_path_gives_the_batch_flow_text(tmp_path_factory: pytest.TempPathFactory, batch: Any,
                                                       ruleset: str, block: int) -> None:
    # The CLI's path on files: the workers format most rows themselves, and a row the duplicate checks
    # flag is scored again from the file with its flags.  Its text, in blocks of any size, is the Spark
    # flow's rows formatted by the one formatter; the columns path gives the same rows.
    business, register = ([_in_a_file(r) for r in rows] for rows in batch)
    assume(register and not any("\n" in v or "\r" in v for r in business for v in r.values()))  # one line a row
    d = tmp_path_factory.mktemp("files")
    _write(d / "b.csv", business)
    _write(d / "r.csv", register)
    rs = rulesets.by_name(ruleset)
    expected = spark_like(business, register, rs, first_line=2)
    saved = rio.BLOCK_BYTES
    try:
        rio.BLOCK_BYTES = block
        run = Reconciliation(d / "b.csv", d / "r.csv", ruleset=rs, jobs=1, progress=False)
        text = b"".join(t for t, _ in run.csv_chunks()).decode("utf-8")
        columns = [row for chunk in Reconciliation(d / "b.csv", d / "r.csv", ruleset=rs, jobs=1,
                                                   progress=False).column_chunks() for row in chunk]
    finally:
        rio.BLOCK_BYTES = saved
    event("a row flagged by the duplicate checks" if any(" RECORD_DUPLICATE" in " " + r[5] or
                                                          "MULTIPLE_NUMBERS" in r[5] for r in expected) else "none")
    assert text == format_rows(expected)
    assert columns == expected
    assert (run.summary.by_verdict, run.summary.by_reason) == tally(expected)


def test_duplicates_and_register_repeats_come_out_the_same() -> None:
    """A fixed case with every flag, so the property above cannot pass vacuously."""
    a = {"my_number": _number(11), "name": "髙橋 一郎", "kana": "タカハシ イチロウ", "birth_date": "1970-03-12",
         "sex": "1", "address": "長野県長野市鶴賀緑町1613", "id": "A"}
    b = dict(a, name="髙橋 花子", kana="タカハシ ハナコ", sex="2", birth_date="1972-05-01", id="B")  # same number
    c = dict(a, my_number=_number(12), id="C")  # a's person, another number
    d = dict(a, my_number=_number(13), name="佐藤 健", birth_date="1990-01-01", id="D")
    register = [a, dict(d), dict(d, name="佐藤 健二")]  # d's number twice in the extract
    business = [a, b, c, d]
    got = spark_like(business, register, rulesets.DEFAULT)
    assert got == local(business, register, rulesets.DEFAULT)
    by_id = {row[REPORT_COLUMNS.index("id")]: row for row in got}
    reasons = REPORT_COLUMNS.index("reasons")
    related = REPORT_COLUMNS.index("related_lines")
    assert "RECORD_DUPLICATE_NUMBER" in by_id["A"][reasons] and "RECORD_PERSON_MULTIPLE_NUMBERS" in by_id["A"][reasons]
    assert by_id["A"][related] == "2 3"
    assert by_id["B"][reasons].startswith("RECORD_DUPLICATE_NUMBER") and by_id["B"][related] == "1"
    assert "RECORD_REGISTER_DUPLICATE" in by_id["D"][reasons]


@given(st.dictionaries(st.sampled_from(BATCH_KEYS), st.one_of(st.none(), st.text(max_size=8),
                                                             st.sampled_from(["123456789018", " ", "１２３４５６７８９０１８"]))))
def test_register_row_is_what_the_local_index_hands_out(values: dict[str, str | None]) -> None:
    index = RegisterIndex.build([values])
    key = number_key(values.get("my_number"))
    expected = index.get(key) if key is not None else None
    assert register_row(values) == expected
    if expected is not None:
        assert register_row(values, duplicate=True) == {**expected, REGISTER_DUPLICATE: True}


@given(st.lists(st.fixed_dictionaries({k: st.one_of(st.none(), st.sampled_from(HOSTILE), st.text(max_size=10))
                                       for k in ("my_number", "name", "birth_date", "address")}), max_size=5))
def test_key_batch_gives_the_local_digests(rows: list[dict[str, str | None]]) -> None:
    keys = key_batch(columns(rows))
    for row, plain_row, n, nd, pd in zip(rows, business_rows(columns(rows)), keys["number_key"],
                                         keys["number_digest"], keys["person_digest"], strict=True):
        assert n == number_key(plain_row.get("my_number"))
        assert (nd or 0) == digest(number_key(row.get("my_number")))
        assert (pd or 0) == digest(person_key(plain_row))


@given(st.lists(st.tuples(st.sampled_from([None, 1, 2, 3]), st.sampled_from([None, 10, 20, 30])), max_size=30))
def test_duplicate_flags_from_cut_groups_equal_find_duplicates(keys: list[tuple[int | None, int | None]]) -> None:
    """Groups cut to their 11 smallest lines still give local's codes and first 10 related lines."""
    lines = [i + 2 for i in range(len(keys))]
    flags, related = find_duplicates(keys), related_rows(keys)

    def group(pos: int, other: int) -> dict[int, list[int]]:
        seen: dict[int, set[int]] = defaultdict(set)
        members: dict[int, list[int]] = defaultdict(list)
        for k, line in zip(keys, lines, strict=True):
            if k[pos] is not None:
                members[k[pos]].append(line)  # type: ignore[index]
                if k[other] is not None:
                    seen[k[pos]].add(k[other])  # type: ignore[index, arg-type]
        return {g: sorted(m)[:RELATED_LIMIT + 1] for g, m in members.items() if len(seen[g]) > 1}

    numbers, people = group(0, 1), group(1, 0)
    for i, (n, p) in enumerate(keys):
        codes, rel = duplicate_flags(lines[i], numbers.get(n) if n is not None else None,
                                     people.get(p) if p is not None else None)
        assert codes == flags.get(i, ())
        assert rel == tuple(lines[j] for j in related.get(i, ()))


def test_a_big_group_names_only_the_first_ten_other_lines() -> None:
    keys: list[tuple[int | None, int | None]] = [(1, i) for i in range(30)]
    related = related_rows(keys)
    lines = [i + 2 for i in range(30)]
    cut = sorted(lines)[:RELATED_LIMIT + 1]
    for i in (0, 5, 29):
        assert duplicate_flags(lines[i], cut, None)[1] == tuple(lines[j] for j in related[i])


class _Exploding:
    def __str__(self) -> str:
        raise RuntimeError("123456789018 must never reach a log")


def test_a_row_that_cannot_be_scored_is_review_and_carries_no_value() -> None:
    business = {"my_number": ["123456789018", _Exploding()], "id": [_Exploding(), "B2"], "name": ["a", "b"]}
    out = score_batch(business, {}, rulesets.DEFAULT, lines=[2, 3])
    assert out["verdict"] == ["review", "review"]
    assert out["reasons"][0] == "RECORD_COMPARE_FAILED" and out["my_number"][0] == "" and out["id"][0] == ""
    assert out["line"] == ["2", "3"]
    assert all("123456789018" not in v for col in out.values() for v in col)


def test_a_ruleset_crash_is_a_review_row_for_that_row_only() -> None:
    class Broken:
        name, required_fields = "BROKEN", ()

        def judge(self, left: object, right: object) -> Any:  # what the batch core calls
            if getattr(left, "get", dict().get)("id") == "bad":
                raise ValueError("boom")
            return rulesets.DEFAULT.judge(left, right)  # type: ignore[arg-type]

    row = {"my_number": "123456789018", "name": "髙橋 一郎", "birth_date": "1970-03-12", "sex": "1",
           "address": "長野県長野市鶴賀緑町1613"}
    business = columns([dict(row, id="ok"), dict(row, id="bad")])
    out = score_batch(business, columns([row, row]), Broken(), lines=[2, 3])  # type: ignore[arg-type]
    assert out["verdict"] == ["match", "review"]
    assert out["reasons"][1] == "RECORD_COMPARE_FAILED"


def test_columns_must_be_aligned() -> None:
    with pytest.raises(ValueError, match="aligned"):
        score_batch({"my_number": ["1", "2"]}, {"my_number": ["1"]}, rulesets.DEFAULT, lines=[2, 3])


def test_reveal_numbers_is_the_only_way_to_a_full_number() -> None:
    business = {"my_number": ["123456789018"], "id": ["123456789018"]}
    masked = score_batch(business, {}, rulesets.DEFAULT)
    shown = score_batch(business, {}, rulesets.DEFAULT, reveal_numbers=True)
    assert masked["my_number"] == ["********9018"] and masked["id"] == ["********9018"]
    assert shown["my_number"] == ["123456789018"]
