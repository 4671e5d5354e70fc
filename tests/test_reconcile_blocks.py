"""The block reader (the file cut at record boundaries, parsed by workers) reads
exactly what a record-by-record csv reader reads, with the same line numbers
and the same one-line errors; and the parallel run gives the serial report."""

from __future__ import annotations

import array
import csv
import io
import itertools
import os
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mynacheck.errors import InputError
from mynacheck.mynumber import calc_check_digit
from mynacheck.reconcile import REPORT_COLUMNS, ReportRow, parallel, pipeline, report_csv
from mynacheck.reconcile import io as rio
from mynacheck.reconcile.core import assessment, score_row, tally
from mynacheck.reconcile.duplicates import SeenKeys, duplicate_rows, find_duplicates, related_rows
from mynacheck.reconcile.index import RegisterIndex
from mynacheck.reconcile.io import Block, _record_end, open_table
from mynacheck.reconcile.parallel import pack_block
from mynacheck.reconcile.pipeline import Reconciliation
from mynacheck.reconcile.report_csv import (
    FORMULA_PREFIXES,
    CsvReport,
    escape_cell,
    escape_row,
    format_cell,
    format_rows,
    row_text,
)
from mynacheck.rules import rulesets
from mynacheck.verdicts import Level, Verdict

HEADER = ["id", "my_number", "name", "birth_date"]


def reference_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """Record by record over the file's lines, as the reader did before blocks.

    A line whose cells are all empty is no row (nor is a line of white space alone);
    a row of the header's width with any character in it is one; empty cells past
    the header's width (as Excel writes them) are dropped.
    """
    lines = [raw.decode("utf-8") for raw in io.BytesIO(data)]
    reader = csv.reader(lines, strict=True)
    next(reader)
    out = []
    consumed = reader.line_num
    for row in reader:
        start, consumed = consumed + 1, reader.line_num
        if len(row) > len(HEADER) and not "".join(row[len(HEADER):]).strip():
            row = row[:len(HEADER)]
        if len(row) == len(HEADER) and any(row):
            out.append((start, dict(zip(HEADER, row, strict=True))))
    return out


cells = st.text(alphabet=st.sampled_from('ab髙橋 ,"\n\r-=1'), max_size=8)
records = st.lists(st.tuples(cells, cells, cells, cells), max_size=12)


def write(path: Path, rows: list[tuple[str, ...]], blanks: list[int], crlf: bool) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n" if crlf else "\n")
    w.writerow(HEADER)
    for i, row in enumerate(rows):
        if i in blanks:
            buf.write("\n")
        w.writerow(row)
    data = buf.getvalue().encode("utf-8")
    path.write_bytes(data)
    return data


@settings(max_examples=150, deadline=None)
@given(rows=records, blanks=st.lists(st.integers(0, 12), max_size=3), crlf=st.booleans(),
       size=st.integers(1, 64))
def test_blocks_read_what_a_csv_reader_reads(tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, ...]],
                                             blanks: list[int], crlf: bool, size: int) -> None:
    # Rows whose cells are all blank are skipped by both readers alike.
    path = tmp_path_factory.mktemp("blocks") / "b.csv"
    data = write(path, rows, blanks, crlf)
    try:
        expected = reference_rows(data)
    except csv.Error:  # csv.writer leaves a lone \r unquoted when lines end in \n: both readers refuse it
        with open_table(path, role="business", encoding="utf-8") as table, pytest.raises(InputError):
            list(table)
        return
    with open_table(path, role="business", encoding="utf-8") as table:
        blocks = list(table.blocks(size))
        got = [pair for block, chunk in blocks for pair in rio.parse_block(table.layout, chunk, block)]
    assert got == expected
    # The blocks tile the data after the header, and only the last one is last.
    assert [b.last for b, _ in blocks] == [False] * (len(blocks) - 1) + [True] * bool(blocks)
    for (a, _), (b, _) in itertools.pairwise(blocks):
        assert a.end == b.start


def test_record_end_skips_newlines_inside_quotes() -> None:
    buf = b'1,"a\nb"\n2,"c\n'
    assert _record_end(buf) == len(b'1,"a\nb"\n')
    assert _record_end(b'"open\nstill open') == -1
    assert _record_end(b"no newline") == -1


def test_a_stray_quote_falls_back_to_record_by_record(tmp_path: Path) -> None:
    # 'a"b' is a literal quote in an unquoted field: quote parity is wrong after
    # it, so some block ends inside the next quoted field; the reader notices
    # and reads on record by record.  Same rows as the plain csv reader.
    body = ['r0,1,a"b,x\n'] + [f'r{i},2,"multi\nline {i}",y\n' for i in range(1, 30)]
    data = ("id,my_number,name,birth_date\n" + "".join(body)).encode()
    path = tmp_path / "stray.csv"
    path.write_bytes(data)
    for size in (5, 17, 40, 1 << 20):
        rio_block = rio.BLOCK_BYTES
        try:
            rio.BLOCK_BYTES = size
            with open_table(path, role="business") as table:
                assert list(table) == reference_rows(data)
        finally:
            rio.BLOCK_BYTES = rio_block


def test_errors_name_the_right_line_inside_a_block(tmp_path: Path) -> None:
    good = "".join(f"r{i},1,n,x\n" for i in range(50))
    cases = {
        "undecodable": (("id,my_number,name,birth_date\n" + good).encode() + b"r,1,\xff\xfe,x\n", ":52: cannot decode"),
        "ragged": (("id,my_number,name,birth_date\n" + good + "r,1,n\n" + good).encode(), ":52: the row has 3 fields"),
        "truncated row": (("id,my_number,name,birth_date\n" + good + "r,1").encode(), "looks truncated"),
        "truncated quote": (("id,my_number,name,birth_date\n" + good + 'r,1,"n').encode(),
                            ":52: the file ends inside a quoted field"),
    }
    for name, (data, expected) in cases.items():
        path = tmp_path / f"{name}.csv"
        path.write_bytes(data)
        for size in (16, 1 << 20):
            with open_table(path, role="business", encoding="utf-8") as table, pytest.raises(InputError) as err:
                for block, chunk in table.blocks(size):
                    rio.parse_block(table.layout, chunk, block)
            assert expected in str(err.value), (name, size, str(err.value))
            assert "\n" not in str(err.value)


def test_misaligned_crosses_process_boundaries() -> None:
    import pickle

    block = Block(10, 20, 3, False)
    err = pickle.loads(pickle.dumps(rio.Misaligned(block)))
    assert err.block == block and "byte 10" in str(err)


@given(st.lists(st.text(alphabet=st.sampled_from("a=+-@\t\r1 髙\x00＝＋－＠\u3000\ufeff\u200b\n"), max_size=4),
                max_size=6))
def test_escape_row_is_escape_cell_on_every_cell(cells: list[str]) -> None:
    assert list(escape_row(cells)) == [escape_cell(c) for c in cells]
    assert not any(c.startswith(FORMULA_PREFIXES) for c in escape_row(cells))


def _number(i: int) -> str:
    body = f"{i:011d}"
    return body + calc_check_digit(body)


def test_parallel_blocks_give_the_serial_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Small blocks, two processes, quoted multi-line cells, a stray quote and
    # planted duplicates: row for row the same as one process.
    header = "id,my_number,name,birth_date,sex,address\n"
    lines = []
    for i in range(400):
        name = f'"髙橋\n{i % 37}"' if i % 7 == 0 else ('ab"c' if i == 200 else f"山田 {i % 41}")
        number = _number(i // 2 if i % 50 == 0 else i)
        lines.append(f"B{i},{number},{name},1970-03-{i % 28 + 1:02d},1,長野市鶴賀{i % 9 + 1}-2\n")
    reg = [f"R{i},{_number(i)},山田 {i % 41},1970-03-{i % 28 + 1:02d},1,長野市鶴賀{i % 9 + 1}-2\n" for i in range(400)]
    biz_path, reg_path = tmp_path / "b.csv", tmp_path / "r.csv"
    biz_path.write_text(header + "".join(lines), encoding="utf-8")
    reg_path.write_text(header + "".join(reg), encoding="utf-8")
    saved = rio.BLOCK_BYTES
    try:
        rio.BLOCK_BYTES = 256
        parallel = [o.row for o in Reconciliation(biz_path, reg_path, jobs=2, progress=False)]
    finally:
        rio.BLOCK_BYTES = saved
    serial = [o.row for o in Reconciliation(biz_path, reg_path, jobs=1, progress=False)]
    assert len(serial) == 400
    # The register read in blocks too, with the stray quote in the register this time.
    reg_path.write_text(header + "".join(reg[:100]) + 'X,1,ab"c,1970-01-01,1,x\n' + '"q\n",1,a,b,c,d\n'
                        + "".join(reg[100:]), encoding="utf-8")
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", 0)  # the register on two processes too
    try:
        rio.BLOCK_BYTES = 256
        small = Reconciliation(biz_path, reg_path, jobs=2, progress=False)
        small_rows = [o.row for o in small]
        assert small.index is not None and small.index.rows == 402
    finally:
        rio.BLOCK_BYTES = saved
    assert small_rows == [o.row for o in Reconciliation(biz_path, reg_path, jobs=1, progress=False)]
    assert parallel == serial
    assert any("RECORD_DUPLICATE_NUMBER" in r.reasons for r in serial)


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=40), st.integers(1, 9))
def test_duplicate_rows_is_find_duplicates_and_related_rows(pairs: list[tuple[int, int]], size: int) -> None:
    # The pipeline's columnar form agrees with the generic group-bys (0 there is None here).
    keys = [(n or None, p or None) for n, p in pairs]
    numbers, people = [n for n, _ in pairs], [p for _, p in pairs]
    flags, related = duplicate_rows(numbers, people)
    assert flags == find_duplicates(keys)
    assert related == related_rows(keys)
    # Gathered chunk by chunk as a run does (as arrays, the form a run keeps), the same answer.
    seen = SeenKeys(), SeenKeys()
    for start in range(0, len(pairs), size):
        seen[0].update(array.array("q", numbers[start:start + size]))
        seen[1].update(array.array("q", people[start:start + size]))
    assert duplicate_rows(array.array("q", numbers), array.array("q", people), seen=seen) == (flags, related)


@given(st.lists(st.integers(-3, 3), max_size=40), st.integers(1, 9))
def test_seen_keys_finds_the_keys_counted_more_than_once(keys: list[int], size: int) -> None:
    # Whatever the chunks: exactly the keys (not 0) that a Counter counts more than once.
    seen = SeenKeys()
    for start in range(0, len(keys), size):
        seen.update(keys[start:start + size])
    assert seen.repeated(keys) == {k for k, n in Counter(keys).items() if n > 1 and k != 0}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.text(alphabet=st.sampled_from('a=+-@\t\r1 髙",\n'), max_size=4),
                         min_size=len(REPORT_COLUMNS), max_size=len(REPORT_COLUMNS)), max_size=5))
def test_write_columns_writes_what_write_writes(tmp_path_factory: pytest.TempPathFactory,
                                                 rows: list[list[str]]) -> None:
    # The chunk writer (one formula search, one write) and the row writer give the same bytes.
    d = tmp_path_factory.mktemp("report")
    with CsvReport(d / "chunk.csv") as chunked:
        chunked.write_columns([tuple(r) for r in rows])
    with CsvReport(d / "rows.csv") as single:
        for r in rows:
            single.write(ReportRow(*r))
    assert (d / "chunk.csv").read_bytes() == (d / "rows.csv").read_bytes()


def test_csv_chunks_are_the_rows_formatted(tmp_path: Path) -> None:
    # The workers' text (flags applied there) is exactly the rows' columns formatted here.
    biz = Path("examples/data/business.csv")
    reg = Path("examples/data/register.csv")
    rows = [o.row for o in Reconciliation(biz, reg, progress=False)]
    for jobs in (1, 2):
        run = Reconciliation(biz, reg, jobs=jobs, progress=False)
        text = b"".join(t for t, _ in run.csv_chunks()).decode("utf-8")
        assert text == format_rows([r.columns() for r in rows])
        assert run.summary.rows == len(rows)
        assert run.summary.flagged == sum(r.flagged for r in rows) > 0
        assert sum(run.summary.by_reason.values()) == sum(len(r.codes) for r in rows)


# Register headers: number, name, maybe an id, and sometimes two alias columns (通称 and 旧氏).
_register_headers = st.sampled_from([
    ["my_number", "name", "birth_date"],
    ["id", "個人番号", "氏名", "通称", "旧氏", "住所"],
    ["my_number", "aliases", "name", "kana", "birth_date", "sex", "address", "id", "extra"],
])
_numbers = st.sampled_from(["123456789018", "1234-5678-9018", "", " ", "621498320257", "abc"])


@settings(max_examples=100, deadline=None)
@given(_register_headers, st.lists(st.tuples(_numbers, *[cells] * 8), max_size=12), st.integers(1, 64))
def test_packed_register_blocks_build_the_row_by_row_index(tmp_path_factory: pytest.TempPathFactory,
                                                          header: list[str], rows: list[tuple[str, ...]],
                                                          size: int) -> None:
    # Parsing register blocks straight to packed rows and merging them gives the index
    # that adding each mapped row gives: same rows, first row of a number kept, same counts.
    path = tmp_path_factory.mktemp("register") / "r.csv"
    width = len(header)
    number_at = next(i for i, h in enumerate(header) if h in ("my_number", "個人番号"))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        cells_ = [row[0], *row[1:width]]
        cells_[0], cells_[number_at] = cells_[number_at], cells_[0]
        w.writerow(cells_)
    path.write_bytes(buf.getvalue().encode("utf-8"))
    with open_table(path, role="register", encoding="utf-8") as table:
        try:
            expected = RegisterIndex.build(row for _, row in table)
        except InputError:
            return  # a lone \r the csv module refuses: not this test's subject
    with open_table(path, role="register", encoding="utf-8") as table:
        index = RegisterIndex()
        for block, data in table.blocks(size):
            index.add_packed(pack_block(table.layout, block, data)[0])
    assert (index.rows, index.duplicates, index.unnumbered) == (expected.rows, expected.duplicates,
                                                                 expected.unnumbered)
    assert index._rows == expected._rows and index._dups == expected._dups


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from('a=+-@\t\r\n1 髙",\'\x00＝＋－＠\u3000\ufeff\u200b'), max_size=5)
                | st.text(max_size=5), min_size=2, max_size=5))
def test_format_cell_is_what_the_csv_module_writes(cells: list[str]) -> None:
    # The workers format the cells naming a row by hand: it must be byte for byte format_rows.
    assert ",".join(map(format_cell, cells)) + "\r\n" == format_rows([cells])


_ids = st.text(alphabet=st.sampled_from('B1*=+-@\t"\n, 髙＋－\u200b\x00'), max_size=6)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_ids, st.sampled_from(["123456789018", "621498320257", "", "=1+2", "12345678901"]),
                          st.sampled_from(["髙橋 一郎", "高橋 一郎", "", "鈴木 花子"])), min_size=1, max_size=8),
       st.booleans())
def test_worker_csv_text_is_the_scored_columns_formatted(rows: list[tuple[str, str, str]], reveal: bool) -> None:
    # The workers' CSV path (head cells by hand, assessments formatted once) equals scoring
    # each row by the general path and formatting it; the counts equal tally().
    person = {"birth_date": "1970-03-12", "sex": "1", "address": "長野県長野市鶴賀緑町1613"}
    register = RegisterIndex.build([dict(person, my_number="123456789018", name="髙橋 一郎"),
                                    dict(person, my_number="621498320257", name="鈴木 花子")])
    business = [dict(person, id=i, my_number=n, name=name) for i, n, name in rows]
    lines = list(range(2, 2 + len(rows)))
    job = parallel.Job(rulesets.DEFAULT, register, None, reveal, as_csv=True)
    scored = parallel.score_task(parallel.RowsTask(business, lines), job)
    columns = [score_row(b, register.get, rulesets.DEFAULT, line=n, reveal_numbers=reveal).columns()
               for b, n in zip(business, lines, strict=True)]
    text = scored.data.decode("utf-8")
    assert text == format_rows(columns)
    assert (scored.by_verdict, scored.by_reason) == tally(columns)
    assert scored.ends is not None and scored.ends[-1] == len(text) and len(scored.ends) == len(rows)


_codes = st.lists(st.sampled_from(["RECORD_NOT_IN_REGISTER", "NAME_DIFFERENT", "KANA_FOLD_WIDTH", "SEX_CODE_FOLD",
                                   "RECORD_DUPLICATE_NUMBER", "XF_MOVED", "RECORD_CONTROL_CHARS"]), max_size=4)
_levels = st.lists(st.tuples(st.sampled_from(["my_number", "name", "kana", "birth_date", "address", "sex", "cross"]),
                             st.sampled_from(list(Level))), max_size=7)


@settings(max_examples=200, deadline=None)
@given(st.tuples(_ids | st.integers(0, 10**6).map(str), _ids, _ids), st.sampled_from(list(Verdict)), _codes,
       _levels, st.booleans(), st.booleans())
def test_row_text_is_the_row_formatted(head: tuple[str, str, str], verdict: Verdict, codes: list[str],
                                       levels: list[tuple[str, Level]], flagged: bool, control: bool) -> None:
    # The workers' fast path (head cells by hand, the assessment's cells formatted once)
    # is the one formatter on the row the general path makes of the same head and assessment.
    a = assessment(verdict, codes, levels)
    if flagged:
        a = a.with_flags(["RECORD_PERSON_MULTIPLE_NUMBERS"])
    if control:
        a = a.with_control()
    assert row_text(head, a) == format_rows([ReportRow.of(head, a).columns()])
    assert row_text(head, a) == row_text(head, a)  # the cached text, the second time


@pytest.mark.parametrize("missing", [(), ("copy_file_range",), ("copy_file_range", "pread", "pwrite")])
def test_write_csv_writes_what_csv_chunks_yield(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                missing: tuple[str, ...]) -> None:
    # The CLI's path (spool chunks copied by the kernel, flagged ones written) and the
    # portable fallbacks (no kernel copy; no pread/pwrite, as on Windows) all give the
    # header plus exactly the text csv_chunks yields.
    biz, reg = Path("examples/data/business.csv"), Path("examples/data/register.csv")
    text = b"".join(t for t, _ in Reconciliation(biz, reg, progress=False).csv_chunks())
    for name in missing:
        monkeypatch.delattr(os, name, raising=False)
    run = Reconciliation(biz, reg, progress=False)
    with CsvReport(tmp_path / "r.csv") as report:
        run.write_csv(report)
    header = ("\ufeff" + format_rows([REPORT_COLUMNS])).encode("utf-8")
    assert (tmp_path / "r.csv").read_bytes() == header + text
    assert report.rows == run.summary.rows > 0 and run.summary.flagged > 0


_plain_cells = st.text(alphabet=st.sampled_from("ab髙 -=1\t\u3000\x85\u2028\x0b"), max_size=3)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_plain_cells, min_size=1, max_size=5), max_size=8), st.sampled_from(["\n", "\r\n"]),
       st.booleans(), st.integers(0, 8), st.booleans())
def test_lines_without_quotes_split_as_the_csv_module_reads_them(
        rows: list[list[str]], end: str, last_newline: bool, quoted_from: int, last: bool) -> None:
    # parse_records splits quote-free lines at commas and hands the rest to the csv module:
    # same records, same line numbers, same errors as the csv module on every line.
    lines = [",".join(r) + end for r in rows]
    if lines and not last_newline:
        lines[-1] = lines[-1][: -len(end)]
    if quoted_from < len(lines):
        lines[quoted_from] = '"q",' + lines[quoted_from]  # from here on, the csv module
    layout = rio.Layout("t.csv", "utf-8", 3, (("my_number", (0,)),))

    def run(parse: Callable[[], Iterator[tuple[int, list[str]]]]) -> object:
        try:
            return list(parse())
        except InputError as err:
            return str(err)

    fast = run(lambda: rio.parse_records(layout, list(lines), 5, last=last))
    slow = run(lambda: rio._csv_records(layout, iter(lines), 4, last, None))
    assert fast == slow


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from('*B1髙Ａ９=+-@\t"\n\r, ＋\u3000\u200b\ufeff\x00'), max_size=8) | st.text(max_size=8))
def test_row_texts_plain_cell_tests_are_cells_format_cell_leaves_alone(value: str) -> None:
    # row_text's one-test shortcuts for the head cells (digits, letters and digits, stars then those)
    # hold only for cells the formatter itself writes as they are.
    if value.isdigit() or value.isalnum() or value.lstrip("*").isalnum():
        assert format_cell(value) == value


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from('a1髙=+-@\t\r\n \u3000\ufeff\u200b＝＋－＠,"'), max_size=4)
                | st.text(max_size=4), max_size=6))
def test_the_formula_search_finds_exactly_the_cells_escape_cell_would_change(cells: list[str]) -> None:
    # format_rows escapes a chunk only when the one search over its joined cells says a cell may need it:
    # the search must find every cell whose first character is a suspect one, and no other.
    suspect = any(c[:1] in report_csv._SUSPECT_FIRST for c in cells)
    assert report_csv._has_formula("\x00".join(cells)) == suspect
    if not suspect:
        assert [escape_cell(c) for c in cells] == cells
