"""Batch reconcile: the pure core, duplicate checks, CSV input and both reports."""

from __future__ import annotations

import csv
import itertools
import os
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mynacheck as mc
from mynacheck import reasons
from mynacheck.errors import InputError
from mynacheck.mynumber import calc_check_digit
from mynacheck.reconcile import (
    REPORT_COLUMNS,
    RegisterIndex,
    ReportRow,
    apply_flags,
    find_duplicates,
    reconcile,
    score_rows,
)
from mynacheck.reconcile.duplicates import conflicting_groups
from mynacheck.reconcile.io import detect_encoding, map_header, open_table, parse_mapping
from mynacheck.reconcile.keys import normalize, person_key
from mynacheck.reconcile.pipeline import Reconciliation
from mynacheck.reconcile.report_csv import FORMULA_PREFIXES, escape_cell


def valid_number(seed: int) -> str:
    body = f"{seed:011d}"[-11:]
    return body + calc_check_digit(body)


SURNAMES = [("山田", "ヤマダ"), ("佐藤", "サトウ"), ("鈴木", "スズキ"), ("田中", "タナカ"), ("小林", "コバヤシ"),
            ("中村", "ナカムラ"), ("加藤", "カトウ")]
GIVEN = [("太郎", "タロウ"), ("花子", "ハナコ"), ("健", "ケン"), ("陽子", "ヨウコ"), ("誠", "マコト"),
         ("恵", "メグミ"), ("翔", "ショウ"), ("愛", "アイ"), ("修", "オサム"), ("忍", "シノブ"), ("学", "マナブ")]


def person(n: int, **over: str) -> dict[str, str]:
    (sn, sk), (gn, gk) = SURNAMES[n % len(SURNAMES)], GIVEN[(n // len(SURNAMES)) % len(GIVEN)]
    rec = {
        "my_number": valid_number(10_000_000_000 + n * 7919),
        "name": f"{sn} {gn}",
        "kana": f"{sk} {gk}",
        "birth_date": f"{1950 + n % 50}-{1 + n % 12:02d}-{1 + n % 28:02d}",
        "sex": "1" if n % 2 else "2",
        "address": f"長野県長野市若里{1 + n % 6}丁目{1 + n % 20}番{1 + n % 9}号",
        "id": f"P{n}",
    }
    rec.update(over)
    return rec


def write_csv(path: Path, rows: list[dict[str, str]], *, encoding: str = "utf-8",
              header: list[str] | None = None, rename: dict[str, str] | None = None) -> Path:
    rename = rename or {}
    cols = header or list(rows[0])
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow([rename.get(c, c) for c in cols])
        for r in rows:
            w.writerow([r.get(c, "") for c in cols])
    return path


def by_id(rows: list[ReportRow]) -> dict[str, ReportRow]:
    return {r.id: r for r in rows}


# --- the pure core ------------------------------------------------------------------


def test_score_rows_joins_on_the_number_and_keeps_order() -> None:
    people = [person(i) for i in range(6)]
    register = RegisterIndex.build(people)
    business = [people[3], people[0], dict(people[1], my_number=valid_number(99)), people[5]]
    rows = score_rows(business, register.get, mc.rulesets.GUIDELINE_4)
    assert [r.id for r in rows] == ["P3", "P0", "P1", "P5"]
    assert [r.verdict for r in rows] == ["match", "match", "mismatch", "match"]
    assert rows[2].codes == ("RECORD_NOT_IN_REGISTER",)
    assert rows[0].result_name == "exact" and rows[0].result_address == "exact"
    # the number is masked: only its last four digits show
    assert rows[0].my_number == "********" + people[3]["my_number"][-4:]


def test_invalid_number_is_a_mismatch_with_its_own_reason() -> None:
    good = person(1)
    bad = dict(good, my_number=good["my_number"][:-1] + str((int(good["my_number"][-1]) + 1) % 10))
    short = dict(good, my_number="12345")
    rows = score_rows([bad, short], RegisterIndex.build([good]).get, mc.rulesets.GUIDELINE_4)
    assert [r.verdict for r in rows] == ["mismatch", "mismatch"]
    assert rows[0].codes[0] == "MYNUMBER_BAD_CHECKSUM"
    assert rows[1].codes[0] == "MYNUMBER_BAD_LENGTH"


def test_blank_number_is_review_never_dropped() -> None:
    rows = score_rows([person(1, my_number="")], RegisterIndex.build([person(1)]).get, mc.rulesets.GUIDELINE_4)
    assert len(rows) == 1 and rows[0].verdict == "review" and "MYNUMBER_MISSING" in rows[0].codes


def test_a_comparator_crash_becomes_a_review_row() -> None:
    def boom(ctx: object) -> mc.Finding:
        raise RuntimeError("bug in a field module")

    broken = mc.rulesets.GUIDELINE_4.replace("field.sex", mc.Rule("field.sex", "1", boom, field="sex"))
    rows = score_rows([person(1)], RegisterIndex.build([person(1)]).get, broken)
    assert rows[0].verdict == "review" and rows[0].codes == ("RECORD_COMPARE_FAILED",)


def test_apply_flags_raises_the_verdict_and_puts_the_flag_first() -> None:
    row = score_rows([person(1)], RegisterIndex.build([person(1)]).get, mc.rulesets.GUIDELINE_4)[0]
    flagged = apply_flags(row, ["RECORD_PERSON_MULTIPLE_NUMBERS"])
    assert (row.verdict, flagged.verdict) == ("match", "mismatch")
    assert flagged.codes[0] == "RECORD_PERSON_MULTIPLE_NUMBERS"
    assert "同一人物" in flagged.message
    assert apply_flags(row, []) is row


def test_register_duplicates_are_reported() -> None:
    p = person(1)
    index = RegisterIndex.build([p, dict(p, name="別人 一郎")])
    assert index.duplicates == 1
    row = score_rows([p], index.get, mc.rulesets.GUIDELINE_4)[0]
    assert "RECORD_REGISTER_DUPLICATE" in row.codes and row.verdict != "match"


def test_report_columns_put_the_work_first_and_keep_the_former_names() -> None:
    # The work order, the row's name and verdict, then the reviewers' cells within sight.
    assert REPORT_COLUMNS[:4] == ("priority", "line", "id", "my_number")
    assert REPORT_COLUMNS[9:14] == ("確認者1", "確認者2", "確認日", "確認結果", "review_status")
    # Every former column is still there, under its former (English) name.
    former = ("line", "id", "my_number", "verdict", "verdict_ja", "reasons", "message", "related_lines",
              *(f"result_{f}" for f in mc.FIELDS), "確認者1", "確認者2", "確認日", "確認結果")
    assert set(former) <= set(REPORT_COLUMNS)


# --- duplicate checks ---------------------------------------------------------------

keys_strategy = st.lists(
    st.tuples(st.sampled_from(["1", "2", "3", None]), st.sampled_from([b"a", b"b", b"c", None])), max_size=12
)


@given(keys_strategy)
def test_find_duplicates_agrees_with_the_pairwise_definition(keys: list[tuple[str | None, bytes | None]]) -> None:
    # By definition: a number whose rows name two different known people flags
    # all its rows; a person whose rows carry two different known numbers too.
    expected: dict[int, set[str]] = {}
    for (i, (n1, _)), (_, (n2, p2)), (_, (n3, p3)) in itertools.product(enumerate(keys), repeat=3):
        if n1 is not None and n1 == n2 == n3 and p2 is not None and p3 is not None and p2 != p3:
            expected.setdefault(i, set()).add("RECORD_DUPLICATE_NUMBER")
    for (i, (_, p1)), (_, (n2, p2)), (_, (n3, p3)) in itertools.product(enumerate(keys), repeat=3):
        if p1 is not None and p1 == p2 == p3 and n2 is not None and n3 is not None and n2 != n3:
            expected.setdefault(i, set()).add("RECORD_PERSON_MULTIPLE_NUMBERS")
    got = {i: set(codes) for i, codes in find_duplicates(keys).items()}
    assert got == expected


def test_conflicting_groups_is_linear_in_memory_per_key() -> None:
    pairs = [(i % 1000, i % 1000) for i in range(20_000)]  # every key always with the same value
    assert conflicting_groups(pairs) == set()
    assert conflicting_groups([*pairs, (5, 6)]) == {5}


def test_person_key_ignores_notation_and_space() -> None:
    a = person(1)
    b = dict(a, name=a["name"].replace(" ", "\u3000"), address=a["address"].replace("1", "１"))
    assert person_key(a) == person_key(b)
    assert person_key(dict(a, birth_date="1999-01-01")) != person_key(a)
    assert person_key(dict(a, address="")) is None
    assert normalize("address", "x" * 5000) is None


def test_one_number_on_two_people_flags_both_rows_but_not_the_same_person_twice() -> None:
    a, b = person(1), person(2)
    register = [a, b]
    business = [a, dict(b, my_number=a["my_number"], id="X"), b, dict(b, id="B-again")]
    rows = by_id(list(reconcile(business, register)))
    assert "RECORD_DUPLICATE_NUMBER" in rows["P1"].codes and rows["P1"].verdict == "mismatch"
    assert "RECORD_DUPLICATE_NUMBER" in rows["X"].codes
    # b's own number is on b's rows only; but b now holds two numbers
    assert "RECORD_DUPLICATE_NUMBER" not in rows["B-again"].codes
    assert "RECORD_PERSON_MULTIPLE_NUMBERS" in rows["B-again"].codes


def test_the_same_person_listed_twice_with_one_number_is_fine() -> None:
    a = person(1)
    rows = list(reconcile([a, dict(a, id="again", name=a["name"].replace(" ", "　"))], [a]))
    assert [r.verdict for r in rows] == ["match", "match"]


def test_one_person_with_two_numbers_flags_both_rows() -> None:
    a = person(1)
    other = valid_number(12345)
    rows = list(reconcile([a, person(3), dict(a, my_number=other, id="A2")], [a, person(3)]))
    assert [r.id for r in rows] == ["P1", "P3", "A2"]
    assert "RECORD_PERSON_MULTIPLE_NUMBERS" in rows[0].codes and rows[0].verdict == "mismatch"
    assert "RECORD_PERSON_MULTIPLE_NUMBERS" in rows[2].codes
    assert rows[1].verdict == "match"
    # each flagged row names the other row of its group
    assert (rows[0].related_lines, rows[2].related_lines, rows[1].related_lines) == ("3", "1", "")


def test_bad_values_are_reported_never_dropped() -> None:
    people = [person(i) for i in range(4)]
    business = [
        dict(people[0], birth_date="昭和ごろ"),
        dict(people[1], address="長" * 5000),
        dict(people[2], name="\ue000\x07" + people[2]["name"]),
        people[3],
    ]
    rows = list(reconcile(business, people))
    assert [r.id for r in rows] == ["P0", "P1", "P2", "P3"]
    assert rows[0].verdict != "match" and rows[0].result_birth_date == "invalid"
    assert "RECORD_FIELD_TOO_LONG" in rows[1].codes
    assert rows[2].verdict != "match"
    assert rows[3].verdict == "match"


def test_every_emitted_code_is_in_the_catalog() -> None:
    people = [person(i) for i in range(20)]
    rng = random.Random(7)
    business = []
    for p in people:
        q = dict(p)
        field = rng.choice(["name", "birth_date", "address", "sex", "my_number", "kana"])
        q[field] = rng.choice(["", "=1+1", "x" * 500, "令和元年4月30日", valid_number(rng.randrange(10**10))])
        business.append(q)
    for row in reconcile(business + people[:3], people):
        for code in row.codes:
            reasons.get(code)  # raises for an unknown code


# --- CSV input ----------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    people = [person(i) for i in range(5)]
    jp = {"my_number": "個人番号", "name": "氏名", "kana": "フリガナ", "birth_date": "生年月日",
          "address": "住所", "sex": "性別", "id": "宛名番号"}
    biz = write_csv(tmp_path / "b.csv", people, encoding=encoding, rename=jp)
    reg = write_csv(tmp_path / "r.csv", people)
    assert detect_encoding(biz) == encoding
    rows = list(reconcile(biz, reg))
    assert [r.verdict for r in rows] == ["match"] * 5
    assert [r.line for r in rows] == ["2", "3", "4", "5", "6"]
    assert [r.id for r in rows] == [p["id"] for p in people]


def test_map_option_and_unknown_headers(tmp_path: Path) -> None:
    people = [person(i) for i in range(3)]
    odd = {"my_number": "KOJIN", "name": "SHIMEI", "birth_date": "BD", "address": "ADDR", "sex": "S"}
    biz = write_csv(tmp_path / "b.csv", people, rename=odd, header=[*odd, "note"])
    reg = write_csv(tmp_path / "r.csv", people)
    with pytest.raises(InputError, match=r"b\.csv:1: required column missing.*my_number"):
        list(reconcile(biz, reg))
    mapping = parse_mapping(["KOJIN=my_number,SHIMEI=name", "BD=birth_date", "ADDR=address", "S=sex"])
    rows = list(reconcile(biz, reg, mapping=mapping))
    assert [r.verdict for r in rows] == ["match"] * 3
    with pytest.raises(InputError, match="unknown field"):
        parse_mapping(["X=nope"])


def test_ruleset_decides_which_columns_are_required(tmp_path: Path) -> None:
    people = [{k: v for k, v in person(i).items() if k != "sex"} for i in range(3)]
    biz = write_csv(tmp_path / "b.csv", people)
    reg = write_csv(tmp_path / "r.csv", people)
    with pytest.raises(InputError, match="sex"):
        list(reconcile(biz, reg))
    assert [r.verdict for r in reconcile(biz, reg, ruleset="GUIDELINE_3")] == ["match"] * 3


@pytest.mark.parametrize(
    ("content", "pattern"),
    [
        (b"", r"b\.csv: the business file is empty"),
        (b"my_number,name,birth_date,sex,address\r\n", r"b\.csv: the business file has a header but no rows"),
        (b"my_number,name,birth_date,sex,address\n1,2,3,4,5\n1,2,3\n", r"b\.csv:3: the row has 3 fields"),
        (b"my_number,name,birth_date,sex,address\n1,2,3,4,5\n1,\"2,3", r"b\.csv:3: .*truncated"),
        (b"my_number,name,birth_date,sex,address\n1,2,3,4,5\n1,2,3,4", r"b\.csv:3: .*truncated"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"b\.csv: this is not a text CSV file"),
        (b"my_number,name\n\xff\xfe\xfa\xfb\xfc,\x80\x81\n", r"b\.csv: cannot decode"),
        (b"name,birth_date,sex,address\n2,3,4,5\n", r"b\.csv:1: required column missing in the business file: my_number"),
    ],
)
def test_input_errors_name_the_file_and_line(tmp_path: Path, content: bytes, pattern: str) -> None:
    reg = write_csv(tmp_path / "r.csv", [person(1)])
    biz = tmp_path / "b.csv"
    biz.write_bytes(content)
    with pytest.raises(InputError, match=pattern):
        list(reconcile(biz, reg))


def test_a_late_undecodable_line_names_its_line(tmp_path: Path) -> None:
    people = [person(i) for i in range(3)]
    biz = write_csv(tmp_path / "b.csv", people)
    with open(biz, "ab") as fh:
        fh.write(b"\x82\xa0,x,y,z,w,v,u\n")
    reg = write_csv(tmp_path / "r.csv", people)
    with pytest.raises(InputError, match=r"b\.csv:5: cannot decode"):
        list(reconcile(biz, reg, encoding="utf-8"))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.csv: register file not found"):
        list(reconcile(tmp_path / "b.csv", tmp_path / "nope.csv"))


def test_quoted_newlines_keep_the_starting_line(tmp_path: Path) -> None:
    people = [person(i) for i in range(3)]
    people[1]["address"] = "長野県長野市\n若里1丁目"
    biz = write_csv(tmp_path / "b.csv", people)
    with open_table(biz, role="business") as table:
        assert [line for line, _ in table] == [2, 3, 5]


# --- parallel = serial ----------------------------------------------------------------


def test_parallel_output_equals_serial_output(tmp_path: Path) -> None:
    people = [person(i) for i in range(300)]
    business = [*people, dict(people[4], my_number=people[7]["my_number"], id="dup"), person(900)]
    business[10] = dict(business[10], birth_date="S99.99.99")
    biz = write_csv(tmp_path / "b.csv", business)
    reg = write_csv(tmp_path / "r.csv", people)
    serial = list(Reconciliation(biz, reg, jobs=1, chunk_rows=37, progress=False))
    parallel = list(Reconciliation(biz, reg, jobs=2, chunk_rows=37, progress=False))
    assert [o.row for o in serial] == [o.row for o in parallel]
    assert len(serial) == len(business)
    assert {o.row.verdict for o in serial} == {"match", "review", "mismatch"}


# --- reports --------------------------------------------------------------------------


@given(st.text(max_size=20))
def test_escaped_cells_never_start_a_formula(text: str) -> None:
    out = escape_cell(text)
    assert not out.startswith(FORMULA_PREFIXES)
    assert out == text or out == "'" + text


def test_mode_0600_even_for_an_existing_file(tmp_path: Path) -> None:
    from mynacheck.reconcile.report_csv import write_report

    out = tmp_path / "r.csv"
    out.write_text("old")
    os.chmod(out, 0o644)
    write_report(out, [])
    assert (out.stat().st_mode & 0o777) == 0o600
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


# --- progress -------------------------------------------------------------------------


class _Tty:
    def __init__(self, tty: bool) -> None:
        self.tty, self.text = tty, ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, s: str) -> int:
        self.text += s
        return len(s)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("tty", [True, False])
def test_progress_only_on_a_terminal(tmp_path: Path, tty: bool) -> None:
    from mynacheck.reconcile.progress import Progress

    people = [person(i) for i in range(50)]
    biz, reg = write_csv(tmp_path / "b.csv", people), write_csv(tmp_path / "r.csv", people)
    stream = _Tty(tty)
    bar = Progress(biz.stat().st_size, stream=stream, interval=0)  # type: ignore[arg-type]
    rows = list(Reconciliation(biz, reg, progress=bar, chunk_rows=10))
    assert len(rows) == 50
    if tty:
        assert "100%" in stream.text and "50 rows" in stream.text and stream.text.endswith("\r\033[K")
    else:
        assert stream.text == ""


def test_records_in_rows_out() -> None:
    people = [mc.Record(**person(i)) for i in range(3)]
    rows = list(reconcile(people, people))
    assert [(r.line, r.id, r.verdict) for r in rows] == [("1", "P0", "match"), ("2", "P1", "match"),
                                                          ("3", "P2", "match")]


# --- hostile cells never crash and never lose a row ---------------------------------

hostile_text = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.sampled_from(["\x07bell", "a\x1a", "\x0bvt", "=1+1", "+81", "-0", "@SUM(A1)", "\t=x", "\r\n", '"quoted, comma"', "\ue000髙", "x" * 5000,
                     "令和元年4月30日", "S45.3.12", "二丁目1番2号", "ﾀｶﾊｼ"]),
)


@given(st.lists(st.fixed_dictionaries({f: hostile_text for f in ("name", "birth_date", "address", "sex", "id")}),
                min_size=1, max_size=5))
def test_hostile_csv_cells_never_crash_and_every_row_is_reported(cells: list[dict[str, str]]) -> None:
    import tempfile

    from mynacheck.reconcile.report_csv import write_report

    people = [person(i) for i in range(len(cells))]
    business = [dict(p, **c) for p, c in zip(people, cells, strict=True)]
    with tempfile.TemporaryDirectory() as tmp:
        biz = write_csv(Path(tmp) / "b.csv", business)
        reg = write_csv(Path(tmp) / "r.csv", people)
        rows = list(reconcile(biz, reg))
        assert len(rows) == len(business)
        out = Path(tmp) / "report.csv"
        write_report(out, rows)
        with open(out, encoding="utf-8-sig", newline="") as fh:
            report = list(csv.reader(fh))
        assert len(report) == len(business) + 1
        assert all(not c.startswith(FORMULA_PREFIXES) for r in report for c in r)


def test_an_id_that_is_a_my_number_is_masked_too() -> None:
    p = person(1, id=valid_number(555))
    rows = list(reconcile([p], [p]))
    assert rows[0].id == "********" + p["id"][-4:]
    assert next(reconcile([p], [p], reveal_numbers=True)).id == p["id"]


def test_register_index_round_trips_values() -> None:
    a = person(1, name="山田\x1f太郎")  # holds the separator: kept unpacked
    b = mc.Record(**person(2), aliases=["通称 一", "旧氏"])
    index = RegisterIndex.build([a, b, person(3, my_number="")])
    assert (len(index), index.rows, index.unnumbered) == (2, 3, 1)
    got_a = index.get(a["my_number"])
    assert got_a is not None and got_a["name"] == "山田\x1f太郎" and got_a["address"] == a["address"]
    got_b = index.get(str(b.my_number))
    assert got_b is not None and mc.Record.from_mapping(got_b).aliases == ("通称 一", "旧氏")
    assert got_b["kana"] == b.kana and "sex" in got_b
    assert index.get("000000000000") is None


def test_map_header_is_the_rule_every_reader_uses() -> None:
    # The CSV reader and the Spark path both map columns with map_header.
    assert map_header(["ID", "マイナンバー", "氏名 (漢字)", "通称", "旧氏"], required=("my_number",)) == {
        "id": [0], "my_number": [1], "name": [2], "aliases": [3, 4]}
    with pytest.raises(InputError, match="both give name"):
        map_header(["氏名", "name", "個人番号"])
