"""Crafted content cannot break bounded memory or linear time (issue 13, findings 6 and 7).

- A stray quote inside an unquoted cell never makes the rest of the file one block.
- A record that has not ended within ``MAX_RECORD_BYTES`` is an error naming its line,
  found after reading that much, never an ever-growing buffer.
- A long quoted cell full of line breaks is read in linear time.
- The duplicate checks are O(n log n) in the size of a group.
Whatever the cut, the blocks read exactly what the csv module reads record by record.
"""

from __future__ import annotations

import csv
import io
import itertools
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mynacheck.cli import main
from mynacheck.errors import InputError
from mynacheck.mynumber import calc_check_digit
from mynacheck.reconcile import io as rio
from mynacheck.reconcile.duplicates import duplicate_rows, related_rows
from mynacheck.reconcile.io import open_table
from mynacheck.reconcile.pipeline import Reconciliation

HEADER = "id,my_number,name,birth_date\n"
WIDTH = 4
BOUND = 4 << 20  # MAX_RECORD_BYTES: the tests say the number, so a change of it is seen


def reference(data: bytes) -> list[tuple[int, list[str]]]:
    """Record by record with the csv module over the file's lines (the rule of the block reader)."""
    reader = csv.reader((raw.decode("utf-8") for raw in io.BytesIO(data)), strict=True)
    next(reader)
    out, consumed = [], reader.line_num
    for row in reader:
        start, consumed = consumed + 1, reader.line_num
        if len(row) > WIDTH and not "".join(row[WIDTH:]).strip():
            row = row[:WIDTH]
        if len(row) == WIDTH and any(row):
            out.append((start, row))
    return out


def read(path: Path, size: int) -> tuple[list[tuple[int, list[str]]], list[int]]:
    """What the block reader gives with blocks of ``size`` bytes, and the size of every block it cut."""
    saved = rio.BLOCK_BYTES
    rio.BLOCK_BYTES = size
    sizes: list[int] = []
    try:
        with open_table(path, role="business", encoding="utf-8") as table:
            blocks = table.blocks

            def recorded(*args: Any, **kw: Any) -> Iterator[tuple[rio.Block, bytes]]:
                for block, data in blocks(*args, **kw):
                    sizes.append(len(data))
                    yield block, data

            table.blocks = recorded  # type: ignore[method-assign]
            rows = [(line, [row.get(k, "") for k in HEADER.strip().split(",")]) for line, row in table]
    finally:
        rio.BLOCK_BYTES = saved
    return rows, sizes


# Cells as exports write them, and as they go wrong: plain, with a stray quote inside an
# unquoted cell (a literal quote to the csv module), quoted with commas, quotes and line breaks.
_text = st.text(alphabet=st.sampled_from("ab髙橋 1-=\u3000"), max_size=6)
_plain = _text
_stray = st.builds(lambda a, b: f"{a}\"{b}", st.text(alphabet=st.sampled_from("ab髙1"), min_size=1, max_size=3),
                   st.text(alphabet=st.sampled_from('ab"髙1'), max_size=3))
_quoted = st.builds(lambda t: '"' + t.replace('"', '""') + '"',
                    st.text(alphabet=st.sampled_from('ab髙 ,"\n\r\n1'), max_size=8))
_cell = st.one_of(_plain, _plain, _stray, _quoted)
_line = st.builds(lambda cells, extra, end: ",".join(cells + [""] * extra) + end,
                  st.lists(_cell, min_size=WIDTH, max_size=WIDTH), st.sampled_from([0, 0, 0, 2]),
                  st.sampled_from(["\n", "\r\n"]))
_blank = st.sampled_from(["\n", ",,,\n", " \n", ",,,,,\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_line, _line, _line, _blank), max_size=25), st.integers(1, 48), st.booleans())
def test_blocks_read_what_the_csv_module_reads_stray_quotes_and_all(
        tmp_path_factory: pytest.TempPathFactory, lines: list[str], size: int, final_newline: bool) -> None:
    text = HEADER + "".join(lines)
    if lines and not final_newline:
        text = text.rstrip("\r\n")
    data = text.encode("utf-8")
    path = tmp_path_factory.mktemp("hostile") / "b.csv"
    path.write_bytes(data)
    try:
        expected: object = reference(data)
    except csv.Error:  # a lone CR the csv module refuses: the block reader refuses it too
        expected = InputError
    try:
        got: object = read(path, size)[0]
    except InputError:
        got = InputError
    assert got == expected


def _number(i: int) -> str:
    body = f"{i:011d}"
    return body + calc_check_digit(body)


def _rows(n: int, first: int = 0) -> str:
    return "".join(f"B{i},{_number(i)},山田 太郎,1970-03-12\n" for i in range(first, first + n))


def test_a_stray_quote_near_the_top_never_makes_the_rest_one_block(tmp_path: Path) -> None:
    # 山田"太郎: quote parity is wrong from row 3 to the end of the file.
    lines = _rows(20_000).splitlines(keepends=True)
    lines[2] = lines[2].replace("山田 太郎", '山田"太郎')
    data = (HEADER + "".join(lines)).encode("utf-8")
    path = tmp_path / "b.csv"
    path.write_bytes(data)
    size = 16 << 10
    rows, sizes = read(path, size)
    assert rows == reference(data) and len(rows) == 20_000
    assert len(data) > 40 * size and max(sizes) <= 2 * size  # bounded: no block of the rest of the file


def test_a_stray_quote_before_quoted_multiline_cells_gives_the_serial_report(tmp_path: Path) -> None:
    # Parity fooled into cutting inside a quoted cell: the worker notices, the file is cut again
    # from that block, and every row comes out once, as one process reads them.
    body = ['r0,1,a"b,x\n'] + [f'r{i},{_number(i)},"multi\nline {i}",y\n' for i in range(1, 3000)]
    data = (HEADER + "".join(body)).encode("utf-8")
    path = tmp_path / "b.csv"
    path.write_bytes(data)
    for size in (64, 4096):
        rows, sizes = read(path, size)
        assert rows == reference(data)
        assert max(sizes) <= 4 * size


def test_a_record_past_the_bound_is_an_error_naming_its_line(tmp_path: Path) -> None:
    # A closed quoted cell of 5 MiB full of line breaks: refused, naming line 3, after reading about the bound.
    cell = '"' + "x\n" * (5 << 19) + '"'
    path = tmp_path / "b.csv"
    path.write_text(HEADER + _rows(1) + f"B1,{_number(1)},{cell},1970-03-12\n" + _rows(120_000, 2), encoding="utf-8")
    assert path.stat().st_size > BOUND + 4 * rio.BLOCK_BYTES
    with open_table(path, role="business") as table, pytest.raises(InputError) as err:
        list(table)
    assert ":3: a record runs on for more than 4 MiB without ending" in str(err.value)
    assert table.position <= BOUND + 2 * rio.BLOCK_BYTES  # stopped at the bound, not at the end of the file


def test_the_command_refuses_a_record_past_the_bound_in_one_line(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    header = "id,my_number,name,birth_date,sex,address\n"
    row = "{},{},山田 太郎,1970-03-12,1,長野県長野市若里1丁目2番3号\n"
    cell = '"' + "x\n" * (5 << 19) + '"'
    biz, reg = tmp_path / "b.csv", tmp_path / "r.csv"
    biz.write_text(header + row.format("B0", _number(0)) + f"B1,{_number(1)},{cell},1970-03-12,1,x\n", encoding="utf-8")
    reg.write_text(header + row.format("R0", _number(0)), encoding="utf-8")
    out = tmp_path / "o.csv"
    code = main(["reconcile", str(biz), str(reg), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "b.csv:3: a record runs on for more than 4 MiB" in err
    assert not out.exists()


def test_an_unclosed_quote_is_reported_at_the_bound_not_at_the_end_of_a_large_file(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text(HEADER + _rows(2) + f'B2,{_number(2)},"open,1970-03-12\n' + _rows(220_000, 3), encoding="utf-8")
    assert path.stat().st_size > BOUND + 4 * rio.BLOCK_BYTES
    with open_table(path, role="business") as table, pytest.raises(InputError) as err:
        list(table)
    assert ":4: a record runs on" in str(err.value)
    assert table.position <= BOUND + 2 * rio.BLOCK_BYTES


def test_a_long_multiline_cell_is_read_in_linear_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 3 MiB of line breaks in one quoted cell (inside the bound): read whole, and the csv module
    # is asked about it only each time the record has doubled, never once per block.
    calls = []
    exact = rio._exact_end

    def counted(buf: bytes) -> int:
        calls.append(len(buf))
        return exact(buf)

    monkeypatch.setattr(rio, "_exact_end", counted)
    cell = "x\n" * (3 << 19)
    path = tmp_path / "b.csv"
    path.write_text(HEADER + _rows(1) + f'B1,{_number(1)},"{cell}",1970-03-12\n' + _rows(10, 2), encoding="utf-8")
    size = 64 << 10
    rows, sizes = read(path, size)
    assert len(rows) == 12 and rows[1][1][2] == cell and rows[1][0] == 3
    assert len(calls) <= 8 and sum(calls) <= 4 * len(cell)  # 64 KiB, 128 KiB, ... 2 MiB: doubling
    assert max(sizes) <= len(cell) + 3 * size


def test_record_end_walks_back_over_quoted_newlines() -> None:
    assert rio._record_end(b'1,"a\nb"\n2,"c\n') == len(b'1,"a\nb"\n')
    assert rio._record_end(b'"open\nstill open') == -1
    assert rio._record_end(b"no newline") == -1
    # Starting inside a quoted field: the close comes first, then the record's end.
    assert rio._record_end(b'rest of a cell\n", x\nnext\n', odd=True) == len(b'rest of a cell\n", x\nnext\n')
    assert rio._record_end(b"still\ninside\n", odd=True) == -1
    assert rio._exact_end(b'1,a"b,c\n2,"x\ny",z\n3,"open\n') == len(b'1,a"b,c\n2,"x\ny",z\n')


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(['"', "\n", "a", ","]), max_size=40), st.booleans())
def test_record_end_is_the_last_newline_at_even_quote_parity(chars: list[str], odd: bool) -> None:
    buf = "".join(chars).encode()
    quotes = int(odd)
    expected = -1
    for i, c in enumerate(buf):
        if c == ord("\n") and not quotes & 1:
            expected = i + 1
        quotes += c == ord('"')
    assert rio._record_end(buf, odd) == expected


# --- finding 7: the duplicate checks are O(n log n) in group size ------------------------------


def _pairwise(numbers: list[int], people: list[int], limit: int = 10) -> tuple[dict[int, tuple[str, ...]],
                                                                             dict[int, tuple[int, ...]]]:
    """The definition, pair by pair: quadratic, for small inputs only."""
    n = len(numbers)
    bad_numbers = {numbers[i] for i in range(n) for j in range(n)
                   if numbers[i] and numbers[i] == numbers[j] and people[i] and people[j] and people[i] != people[j]}
    bad_people = {people[i] for i in range(n) for j in range(n)
                  if people[i] and people[i] == people[j] and numbers[i] and numbers[j] and numbers[i] != numbers[j]}
    flags, related = {}, {}
    for i in range(n):
        codes = []
        group = set()
        if numbers[i] in bad_numbers:
            codes.append("RECORD_DUPLICATE_NUMBER")
            group |= {j for j in range(n) if numbers[j] == numbers[i]}
        if people[i] in bad_people:
            codes.append("RECORD_PERSON_MULTIPLE_NUMBERS")
            group |= {j for j in range(n) if people[j] == people[i]}
        if codes:
            flags[i] = tuple(codes)
            others = tuple(sorted(group - {i})[:limit])
            if others:
                related[i] = others
    return flags, related


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), max_size=40), st.integers(1, 4))
def test_duplicate_rows_is_the_pairwise_definition(pairs: list[tuple[int, int]], limit: int) -> None:
    numbers, people = [n for n, _ in pairs], [p for _, p in pairs]
    assert duplicate_rows(numbers, people, limit=limit) == _pairwise(numbers, people, limit)
    keys = [(n or None, p or None) for n, p in pairs]
    assert related_rows(keys, limit=limit) == _pairwise(numbers, people, limit)[1]


def _alarm(seconds: int) -> Any:
    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"not done in {seconds} s: quadratic in the group size?")

    return signal.signal(signal.SIGALRM, expired)


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="needs SIGALRM")
def test_an_80000_row_group_is_not_quadratic() -> None:
    # A guard, not a timing: n log n takes well under a second here; the quadratic code took minutes.
    n = 80_000
    previous = _alarm(20)
    signal.alarm(20)
    try:
        flags, related = duplicate_rows([-7] * n, list(range(1, n + 1)))  # one number on 80,000 people
        by_person = related_rows([(i % 2, "same person") for i in range(n)])  # one person, two numbers
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert len(flags) == n and related[0] == tuple(range(1, 11)) and related[n - 1] == tuple(range(10))
    assert by_person[0] == tuple(range(1, 11))


def test_a_placeholder_number_on_many_rows_runs_end_to_end() -> None:
    person = {"name": "山田 太郎", "birth_date": "1970-03-12", "sex": "1", "address": "長野県長野市若里1丁目2番3号"}
    business = [dict(person, my_number="123456789018", id=f"B{i}", name=f"山田 {i}") for i in range(3000)]
    rows = list(itertools.islice(Reconciliation(business, [dict(person, my_number="123456789018")],
                                                progress=False), 3000))
    assert all("RECORD_DUPLICATE_NUMBER" in o.row.reasons for o in rows)
    assert rows[-1].row.related_lines == " ".join(str(i) for i in range(1, 11))
