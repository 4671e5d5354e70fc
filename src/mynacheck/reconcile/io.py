"""CSV input: encoding detection, header mapping, rows with their line numbers.

Every problem with a file becomes one :class:`~mynacheck.errors.InputError`
whose message names the file, and the line where there is one, so the CLI
can print it as a single line.  A bad *value* in a good row is not an input
error: the row is read and its value is judged by the comparison.

>>> header_field("フリガナ"), header_field(" Birth Date "), header_field("宛名番号")
('kana', 'birth_date', 'id')
"""

from __future__ import annotations

import codecs
import csv
import itertools
import operator
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO

import attrs

from ..errors import InputError
from ..record import FIELDS

__all__ = [
    "HEADER_ALIASES",
    "KNOWN_KEYS",
    "REPEATABLE_KEYS",
    "Block",
    "CsvTable",
    "Layout",
    "Misaligned",
    "decode_block",
    "detect_encoding",
    "header_field",
    "open_regular",
    "open_table",
    "parse_block",
    "parse_lines",
    "parse_mapping",
    "parse_status_codes",
    "parse_records",
    "rows_at",
    "join_cells",
    "cell_picker",
    "check_encoding",
    "may_hold_control",
]

#: Every key a column can map to.
KNOWN_KEYS: tuple[str, ...] = (*FIELDS, "id", "aliases", "status", "status_date", "kana_source")
#: Keys several columns may give: their non-blank cells are joined with ``;``.
REPEATABLE_KEYS = frozenset({"aliases", "status", "status_date"})

# Header spellings seen in exports, folded by _fold_header.
_ALIASES: dict[str, tuple[str, ...]] = {
    "my_number": ("my_number", "mynumber", "個人番号", "マイナンバー", "番号"),
    "name": ("name", "氏名", "漢字氏名", "氏名漢字", "名前", "氏名(漢字)"),
    "kana": ("kana", "カナ氏名", "氏名カナ", "フリガナ", "ふりがな", "カナ", "氏名(カナ)", "name_kana"),
    "birth_date": ("birth_date", "birthdate", "dob", "生年月日"),
    "address": ("address", "住所"),
    "sex": ("sex", "gender", "性別"),
    "id": ("id", "宛名番号", "宛名コード", "管理番号", "record_id"),
    "aliases": ("aliases", "alias", "通称", "旧氏", "通称名", "併記名", "漢字併記名", "併記氏名"),
    # The register status (see mynacheck.status): 住民記録システム標準仕様書's 住民状態 and 消除事由, the
    # 異動事由 of the last change, and the 住民区分 of municipal packages.  住民種別 is left out on
    # purpose: its codes (1 日本人, 2 外国人, 3/4 住登外) read otherwise; map it with --map and --status-code.
    "status": ("status", "register_status", "住民状態", "住民状態コード", "住民区分", "住民区分コード", "住記区分",
               "異動事由", "異動事由コード", "最新異動事由", "消除事由", "消除事由コード", "住基状態"),
    "status_date": ("status_date", "消除日", "消除年月日", "消除異動年月日", "異動日", "異動年月日", "最新異動日",
                    "最新異動年月日", "転出予定日", "転出予定年月日", "死亡日", "死亡年月日"),
    # Where the kana came from: the standard's フリガナ確認フラグ (confirmed with the person) and the like.
    "kana_source": ("kana_source", "フリガナ確認フラグ", "氏名フリガナ確認フラグ", "振り仮名確認フラグ", "カナ確認フラグ",
                    "フリガナ区分", "振り仮名区分", "フリガナ出典"),
}


def _fold_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().lower()
    for ch in " _-・\u3000":
        text = text.replace(ch, "")
    return text


HEADER_ALIASES: dict[str, str] = {_fold_header(a): key for key, names in _ALIASES.items() for a in names}

#: How much of a file is read to guess its encoding.
SNIFF_BYTES = 1 << 20
#: The longest record a file may hold.  A 5,000-character cell is bad data, not
#: a reason to stop (the row is reported), so this is far above anything a row
#: needs; a record that has not ended within it (a quote left open, a crafted
#: cell) is an error naming its line, never an ever-growing buffer.
MAX_RECORD_BYTES = 1 << 22
# The csv module's own limit (128 KiB by default) is the same bound, for the paths it reads alone.
csv.field_size_limit(min(sys.maxsize, MAX_RECORD_BYTES))


# Control characters no CSV export should contain, and cp932's single-byte oddities.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CP932_ODD = re.compile("[\x80\xa0\uf8f0-\uf8f3]")


def header_field(header: str) -> str | None:
    """The record key a header names, or None for a column we do not use."""
    return HEADER_ALIASES.get(_fold_header(header))


def parse_mapping(items: Sequence[str]) -> dict[str, str]:
    """Parse ``--map`` options: ``"COLUMN=field"``, several per option with commas.

    >>> parse_mapping(["Shimei=name", "Jusho=address,Seibetsu=sex"])
    {'Shimei': 'name', 'Jusho': 'address', 'Seibetsu': 'sex'}
    """
    out: dict[str, str] = {}
    for item in items:
        for part in item.split(","):
            if not part.strip():
                continue
            column, sep, field = part.rpartition("=")
            field = field.strip()
            if not sep or not column.strip():
                raise InputError(f"--map {part!r}: expected COLUMN=FIELD")
            if field not in KNOWN_KEYS:
                raise InputError(f"--map {part!r}: unknown field {field!r}; use one of {', '.join(KNOWN_KEYS)}")
            out[column.strip()] = field
    return out


# Files that are something else than a CSV, by their first bytes.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "an Excel workbook (.xlsx) or another zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 workbook (.xls)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"%PDF-", "a PDF document"),
)


def parse_status_codes(items: Sequence[str]) -> dict[str, str]:
    """Parse ``--status-code`` options: ``"VALUE=STATUS"``, several per option with commas.

    STATUS is a register status name (住民, 死亡, 転出, 転出予定, 職権消除, 消除, 住登外) or its
    English name (RESIDENT, DECEASED …): see :mod:`mynacheck.status`.

    >>> parse_status_codes(["2=住民", "8=死亡,7=removed_ex_officio"])
    {'2': '住民', '8': '死亡', '7': 'removed_ex_officio'}
    """
    from ..status import status_codes

    out: dict[str, str] = {}
    for item in items:
        for part in item.split(","):
            if not part.strip():
                continue
            value, sep, status = part.rpartition("=")
            if not sep or not value.strip() or not status.strip():
                raise InputError(f"--status-code {part!r}: expected VALUE=STATUS")
            out[value.strip()] = status.strip()
    try:
        status_codes(out)
    except ValueError as err:
        raise InputError(f"--status-code: {err}") from None
    return out


def _looks_utf16(sample: bytes) -> bool:
    """UTF-16 without a byte order mark: ASCII characters leave a NUL on every other byte, on one side."""
    head = sample[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return max(even, odd) >= max(8, len(head) // 8) and min(even, odd) * 10 <= max(even, odd)


# Stateful encodings write a quote, a comma or a line break as other bytes
# inside an escape sequence: the file cannot be cut at those bytes.
_STATEFUL = ("iso2022", "utf_7", "hz")


def check_encoding(encoding: str, option: str = "--encoding") -> str:
    """The codec name of ``encoding`` if a CSV file can be read in it, else :class:`InputError` naming ``option``.

    A CSV encoding must be a text encoding that writes a line break, a quote
    and a comma as those single ASCII bytes (UTF-8, CP932, EUC-JP ...; not
    UTF-16, ISO-2022-JP or ``rot13``).

    >>> check_encoding("Shift_JIS")
    'shift_jis'
    """
    try:
        name = codecs.lookup(encoding).name
    except (LookupError, TypeError, ValueError):
        raise InputError(f"{option} {encoding!r}: unknown encoding") from None
    try:
        b"".decode(name)
        plain = '\n",\r'.encode(name)
    except LookupError:
        raise InputError(f"{option} {encoding!r}: not a text encoding") from None
    if plain != b'\n",\r' or name.startswith(_STATEFUL):
        raise InputError(f"{option} {encoding!r}: a CSV file cannot be read in this encoding; "
                         "save it as UTF-8 or CP932 (Shift_JIS)")
    return name


def detect_encoding(path: str | os.PathLike[str], sample: bytes | None = None) -> str:
    """``utf-8-sig``, ``utf-8`` or ``cp932``, judged from the first MiB.

    Raises :class:`InputError` for a file that is binary or in none of them.
    """
    if sample is None:
        with open(path, "rb") as fh:
            sample = fh.read(SNIFF_BYTES)
    name = os.fspath(path)
    for signature, what in _SIGNATURES:
        if sample.startswith(signature):
            raise InputError(f"{name}: this is {what}, not a CSV file; save it as CSV (UTF-8 or CP932)")
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if (sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and b"\x00" in sample) or _looks_utf16(sample):
        raise InputError(f"{name}: the file is UTF-16; save it as UTF-8 or CP932 (Shift_JIS)")
    if sample.count(0) * 50 > len(sample):  # over 2% of the bytes
        # A stray NUL is a bad value in a row (the row is reported, wherever it is); many are a binary file.
        raise InputError(f"{name}: this is not a text CSV file (it contains NUL bytes)")
    for encoding in ("utf-8", "cp932"):
        # The sample may end inside a multi-byte character: decode incrementally.
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            text = decoder.decode(sample, final=len(sample) < SNIFF_BYTES)
        except UnicodeDecodeError:
            continue
        if encoding == "cp932" and _CP932_ODD.search(text):
            # Python's cp932 maps stray bytes 0x80, 0xA0, 0xFD-0xFF to controls and
            # private-use code points: that is a binary file, not Shift_JIS text.
            continue
        if len(_CONTROLS.findall(text)) > max(8, len(text) // 10):
            # A stray control character is a bad value in a row (the row is
            # reported); many of them mean this is not a text file at all.
            raise InputError(f"{os.fspath(path)}: this is not a text CSV file (it contains control characters)")
        return encoding
    raise InputError(
        f"{os.fspath(path)}: cannot decode the file as UTF-8 or CP932 (Shift_JIS); "
        "give the encoding with --encoding"
    )


@attrs.frozen(slots=True)
class Column:
    index: int
    header: str


def map_header(
    names: Sequence[str],
    mapping: Mapping[str, str] | None = None,
    required: Sequence[str] = ("my_number",),
    *,
    role: str = "business",
    source: str = "",
) -> dict[str, list[int]]:
    """Record key → column positions: ``--map`` first, then the known header names.

    The one rule set for every reader (the CSV reader here, the Spark path).
    Raises :class:`InputError` for a required key no column gives, or two
    columns giving one key (only ``aliases``, ``status`` and ``status_date`` may repeat).

    >>> map_header(["宛名番号", "個人番号", "Shimei", "通称", "旧氏"], {"Shimei": "name"})
    {'id': [0], 'my_number': [1], 'name': [2], 'aliases': [3, 4]}
    """
    mapping = mapping or {}
    folded_map = {_fold_header(k): v for k, v in mapping.items()}
    label = source or role
    columns: dict[str, list[int]] = {}
    firsts: dict[str, str] = {}
    for i, raw in enumerate(names):
        name = raw.strip().lstrip("\ufeff")
        key = mapping.get(name) or folded_map.get(_fold_header(name)) or header_field(name)
        if key is None:
            continue
        if key in columns and key not in REPEATABLE_KEYS:
            raise InputError(
                f"{label}:1: columns {firsts[key]!r} and {name!r} both give {key}; "
                "choose one with --map or rename a column"
            )
        firsts.setdefault(key, name)
        columns.setdefault(key, []).append(i)
    missing = [k for k in required if k not in columns]
    if missing:
        if _looks_like_data(names):
            # A headerless extract: its first line is a person's number, name, birth date and
            # address.  Never quote it (stderr ends up in job logs).
            raise InputError(
                f"{label}:1: required column missing in the {role} file: {', '.join(missing)}; the first line "
                f"holds data, not column names ({len(names)} cells, not shown): add a header line naming the "
                "columns (個人番号,氏名,生年月日,性別,住所 ...)")
        raise InputError(
            f"{label}:1: required column missing in the {role} file: {', '.join(missing)} "
            f"(header: {', '.join(h.strip() for h in names)[:200]}); map it with --map COLUMN={missing[0]}"
        )
    return columns


_DIGITS = re.compile(r"[0-9]{4}")


def _looks_like_data(names: Sequence[str]) -> bool:
    """True when a "header" holds what only data holds: a run of four digits (a number, a date, an address)."""
    return any(_DIGITS.search(unicodedata.normalize("NFKC", name)) for name in names)


#: Bytes per block: the unit a worker reads, decodes and parses on its own.
BLOCK_BYTES = 1 << 20


@attrs.frozen(slots=True)
class Block:
    """Whole CSV records: bytes ``[start, end)`` of the file; ``line`` is the physical line at ``start``."""

    start: int
    end: int
    line: int
    last: bool


@attrs.frozen(slots=True)
class Layout:
    """What parsing a block needs, and nothing else (it travels to worker processes)."""

    path: str
    encoding: str
    width: int
    #: record key → column positions (several for ``aliases``)
    columns: tuple[tuple[str, tuple[int, ...]], ...]


class Misaligned(Exception):
    """A block did not end on a record boundary (a stray quote fooled the splitter).

    The caller cuts the file again from that block (:meth:`CsvTable.blocks` with
    ``resume=``), the first block by the csv module.
    """

    def __init__(self, block: Block) -> None:
        super().__init__(block)  # args stay (block,): the exception crosses process boundaries
        self.block = block

    def __str__(self) -> str:
        return f"block at byte {self.block.start} ends inside a quoted field"


def _record_end(buf: bytes, odd: bool = False) -> int:
    """Index just after the last newline of ``buf`` outside quotes, or -1.

    ``odd``: ``buf`` starts inside a quoted field (an odd number of quotes
    came before it since the last record boundary).  Quote parity is exact
    for RFC 4180 CSV (a quote opens or closes a field; an escaped quote is
    doubled).  A stray quote inside an unquoted field can fool it; the block
    reader then asks the csv module (:func:`_exact_end`), and a block that
    still ends inside quotes makes :func:`parse_block` raise :class:`Misaligned`.

    Linear: walking back, each step skips a whole stretch without quotes.
    """
    pos = buf.rfind(b"\n")
    if pos < 0:
        return -1
    if b'"' not in buf:
        return -1 if odd else pos + 1
    quotes = odd + buf.count(b'"', 0, pos)  # quotes before ``pos``
    while quotes & 1:
        # Inside quotes at ``pos``, and at every newline back to the last quote before it.
        q = buf.rfind(b'"', 0, pos)
        if q < 0:
            return -1
        pos = buf.rfind(b"\n", 0, q)
        if pos < 0:
            return -1
        quotes -= buf.count(b'"', pos, q) + 1
    return pos + 1


def _exact_end(buf: bytes) -> int:
    """Index just after the last whole record of ``buf`` as the csv module reads it, or 0.

    The slow, sure way to cut a block that quote parity cannot (a stray quote
    inside an unquoted field): ``buf`` starts at a record boundary; a quote,
    a comma and a line break are single bytes in every encoding read here, so
    the bytes are read as Latin-1, one character a byte.  A record the csv
    module can only end at the end of ``buf`` is not whole (more may follow).
    """
    last = buf.rfind(b"\n")
    if last < 0:
        return 0
    text = buf[:last + 1].decode("latin-1")
    consumed = 0
    ended = False

    def lines() -> Iterator[str]:
        nonlocal consumed, ended
        for line in _iter_lines(text):
            consumed += len(line)
            yield line
        ended = True

    end = 0
    try:
        for _ in csv.reader(lines()):
            if ended:  # closed only by the end of the buffer
                break
            end = consumed
    except csv.Error:  # a record the worker will report as an error, with its line
        pass
    return end


def _iter_lines(text: str, start: int = 0) -> Iterator[str]:
    """The lines of ``text`` from ``start``, split at ``\\n`` only, one at a time (no list of millions)."""
    find = text.find
    while True:
        end = find("\n", start)
        if end < 0:
            if start < len(text):
                yield text[start:]
            return
        yield text[start:end + 1]
        start = end + 1


def _lines(text: str) -> list[str]:
    # Split on "\n" only, keeping it, exactly as iterating the binary file does
    # (str.splitlines would also split on \x1c, \x85, U+2028 ... inside a cell).
    parts = text.split("\n")
    last = parts.pop()
    lines = [part + "\n" for part in parts]
    if last:
        lines.append(last)
    return lines


def _decode_error(layout: Layout, data: bytes, first_line: int) -> InputError:
    number = first_line
    for i, raw in enumerate(data.split(b"\n")):
        try:
            raw.decode(layout.encoding)
        except UnicodeDecodeError:
            number = first_line + i
            break
    return InputError(
        f"{layout.path}:{number}: cannot decode the line as {layout.encoding}; "
        "give the right encoding with --encoding"
    )


def parse_block(layout: Layout, data: bytes, block: Block) -> list[tuple[int, dict[str, str]]]:
    """The ``(line, row)`` pairs of one block, with the checks of :class:`CsvTable`.

    Raises :class:`InputError` naming the file and line for an undecodable
    line, NUL bytes, a malformed or ragged record, a truncated file; and
    :class:`Misaligned` when a block other than the last ends inside quotes.
    """
    return list(parse_lines(layout, decode_block(layout, data, block), block.line, last=block.last, block=block))


def parse_lines(
    layout: Layout, lines: Iterable[str], first_line: int, *, last: bool = True, block: Block | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """Records of decoded lines (the first one at physical line ``first_line``) as ``(line, row)``."""
    single = [(key, idx[0]) for key, idx in layout.columns if len(idx) == 1]
    joined = [(key, idx) for key, idx in layout.columns if len(idx) > 1]
    for start, row in parse_records(layout, lines, first_line, last=last, block=block):
        out = {key: row[i] for key, i in single}
        for key, idx in joined:
            out[key] = join_cells(row, idx)
        yield start, out


def rows_at(layout: Layout, data: bytes, block: Block, lines: Iterable[int]) -> dict[int, dict[str, str]]:
    """The rows of a block that start at the given physical lines, read again: line → row (as :func:`parse_lines`).

    A record starts where its physical line does, just after the
    ``line - block.line``-th line break of the block (a line break is one
    byte in every encoding read here, and a quoted cell's breaks count as
    lines too), so each row is found by counting breaks and read on its own
    by the csv module: the cells :func:`parse_records` gave for it.
    """
    text = decode_block(layout, data, block)
    single = [(key, idx[0]) for key, idx in layout.columns if len(idx) == 1]
    joined = [(key, idx) for key, idx in layout.columns if len(idx) > 1]
    out: dict[int, dict[str, str]] = {}
    at, pos = block.line, 0  # physical line ``at`` starts at ``pos``
    for line in sorted(set(lines)):
        while at < line:
            pos = text.index("\n", pos) + 1
            at += 1
        start, cells = next(_csv_records(layout, _iter_lines(text, pos), line - 1, block.last, block))
        row = {key: cells[i] for key, i in single}
        for key, idx in joined:
            row[key] = join_cells(cells, idx)
        out[start] = row
    return out


def join_cells(row: Sequence[str], positions: Sequence[int]) -> str:
    """The value of a key that several columns give (``aliases``, ``status``): the non-blank cells, ``;``-joined."""
    return ";".join(row[i] for i in positions if row[i].strip())


def cell_picker(columns: Mapping[str, Sequence[int]], keys: Sequence[str],
                absent: str | None = None) -> Callable[[list[str]], Sequence[str | None]]:
    """Cells → the values of ``keys`` as :func:`parse_lines` maps them, ``absent`` for a key no column gives.

    For batch readers that want a row's values in a fixed order, not a dict.
    (The returned function may append to the cell list it is given.)
    """
    spec = [columns.get(key, ()) for key in keys]
    if all(len(idx) <= 1 for idx in spec):
        get = operator.itemgetter(*(idx[0] if idx else -1 for idx in spec))

        def pick(cells: list[str]) -> Sequence[str | None]:
            cells.append(absent)  # type: ignore[arg-type]  # what -1 (a key with no column) reads
            values: Sequence[str | None] = get(cells)
            return values

        return pick

    def pick_joined(cells: list[str]) -> Sequence[str | None]:
        return [(cells[idx[0]] if len(idx) == 1 else join_cells(cells, idx)) if idx else absent for idx in spec]

    return pick_joined


def parse_records(
    layout: Layout, lines: Iterable[str] | str, first_line: int, *, last: bool = True, block: Block | None = None
) -> Iterator[tuple[int, list[str]]]:
    """:func:`parse_lines` before the columns are mapped: each record's cells in file order.

    ``lines`` is a block's decoded text (:func:`decode_block`), a list of
    lines, or any iterable of lines (a file read line by line).
    """
    before = first_line - 1  # physical lines before the first one given
    rest: Iterator[str] | None = None
    if isinstance(lines, str):
        # The lines before the first quote are split at once; from the line holding it on
        # they are read one at a time (a quoted cell may hold a great many line breaks).
        text = lines
        quote = text.find('"')
        if quote < 0:
            lines = _lines(text)
        else:
            head = text.rfind("\n", 0, quote) + 1
            lines, rest = _lines(text[:head]), _iter_lines(text, head)
    elif not isinstance(lines, list):  # a file read line by line: the csv module throughout
        yield from _csv_records(layout, lines, before, last, block)
        return
    limit = csv.field_size_limit()
    width = layout.width
    for i, line in enumerate(lines):
        # A line with no quote is one whole record, and its cells are what
        # splitting at commas gives: the csv module is needed from the first
        # line with a quote (or a NUL, a lone CR, an over-long cell) on.
        body = line[:-2] if line.endswith("\r\n") else line[:-1] if line.endswith("\n") else line
        if '"' in line or "\x00" in line or "\r" in body or len(line) > limit:
            following = lines[i:] if rest is None else itertools.chain(lines[i:], rest)
            yield from _csv_records(layout, following, before + i, last, block)
            return
        row = body.split(",")
        if len(row) == width and row[0]:  # _kind's first answer, inline: almost every line is this record
            yield before + i + 1, row
            continue
        kind = _kind(row, width)
        if kind is _RECORD:
            yield before + i + 1, row
        elif kind is _TRAILING:
            yield before + i + 1, row[:layout.width]
        elif kind is _RAGGED:
            short = last and len(row) < layout.width
            following = lines[i + 1:] if rest is None else itertools.chain(lines[i + 1:], rest)
            raise _ragged(layout, row, before + i + 1, short and _at_end(csv.reader(following)))
    if rest is not None:
        yield from _csv_records(layout, rest, before + len(lines), last, block)


_RECORD, _BLANK, _RAGGED, _TRAILING = "record", "blank", "ragged", "trailing"


def _kind(row: list[str], width: int) -> str:
    """What a line's cells are: a record, a blank line (skipped), a ragged row (an error), or a
    record followed by empty cells (as Excel writes them: the extra cells are dropped).

    A line whose cells are all empty is no row.  A row of the header's width
    with any character in it, white space (U+3000) included, is a record:
    every such row appears in the report.
    """
    if len(row) == width:
        return _RECORD if row[0] or any(row) else _BLANK  # the first cell settles most rows
    if len(row) > width and not "".join(row[width:]).strip():
        return _TRAILING if any(row[:width]) else _BLANK
    return _BLANK if not "".join(row).strip() else _RAGGED


def _ragged(layout: Layout, row: list[str], start: int, truncated: bool) -> InputError:
    width = layout.width
    what = "fewer" if len(row) < width else "more"
    extra = " (the file looks truncated)" if truncated else ""
    return InputError(f"{layout.path}:{start}: the row has {len(row)} fields, {what} than the header's {width}{extra}")


def _csv_records(layout: Layout, lines: Iterable[str], before: int, last: bool,
                 block: Block | None) -> Iterator[tuple[int, list[str]]]:
    # parse_records with the csv module, ``before`` physical lines before the first one given.
    reader = csv.reader(lines, strict=True)
    consumed = 0
    while True:
        start = before + consumed + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise _csv_error(layout.path, err, before + reader.line_num, start, last, block) from None
        consumed = reader.line_num
        kind = _kind(row, layout.width)
        if kind is _RECORD:
            yield start, row
        elif kind is _TRAILING:
            yield start, row[:layout.width]
        elif kind is _RAGGED:
            raise _ragged(layout, row, start, last and len(row) < layout.width and _at_end(reader))


# Bytes that are a C0 control character (tab and line breaks aside) in every encoding read here.
_C0_BYTES = bytes(range(0x00, 0x09)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20)) + b"\x7f"
_C1 = re.compile("[\x80-\x9f]")


def may_hold_control(data: bytes, text: str, encoding: str) -> bool:
    """Whether a block (its bytes and their text) may hold a control character: False means it holds none.

    Run on every block, so the common case costs a byte translation, not a
    search of the text: a C0 control is one byte below 0x20 (or 0x7F) in
    UTF-8 and CP932 alike; a C1 control is ``\\xc2\\x80``-``\\x9f`` in UTF-8,
    and only U+0080 (a lone byte 0x80) in Python's CP932.
    """
    if len(data.translate(None, _C0_BYTES)) != len(data):
        return True
    name = encoding.replace("_", "-").lower()
    if name.startswith("utf-8") or name == "utf8":
        return b"\xc2" in data and _C1.search(text) is not None
    if name in ("cp932", "ms932", "windows-31j"):
        return "\x80" in text
    return _C1.search(text) is not None


def decode_block(layout: Layout, data: bytes, block: Block) -> str:
    """A block's text, for :func:`parse_records`; an undecodable line is an error naming it."""
    try:
        return data.decode(layout.encoding)
    except UnicodeDecodeError:
        raise _decode_error(layout, data, block.line) from None


def _csv_error(path: str, err: csv.Error, line: int, start: int, last: bool, block: Block | None) -> Exception:
    text = str(err)
    if "NUL" in text:
        return InputError(f"{path}:{line}: this is not a text CSV file (it contains NUL bytes)")
    if "unexpected end of data" in text or "EOF" in text:
        if not last and block is not None:
            return Misaligned(block)
        return InputError(f"{path}:{start}: the file ends inside a quoted field (truncated file?)")
    return InputError(f"{path}:{line}: malformed CSV ({text})")


def _at_end(reader: Iterator[list[str]]) -> bool:
    """True when nothing but blank lines follows."""
    try:
        return all(not "".join(row).strip() for row in reader)
    except csv.Error:
        return False


def open_regular(path: str, role: str) -> IO[bytes]:
    """Open a file the run reads (an input, a worksheet, its manifest or log); only a regular file will do.

    An input is read twice and cut into blocks; and a FIFO or device planted where a file belongs must not
    hang the run. Opened without blocking, so a FIFO with no writer is refused, not waited for.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(f"{path}: {role} file not found") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a {role} file") from None
    except OSError as err:
        raise InputError(f"{path}: cannot open the {role} file ({err.strerror})") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{path}: is a directory, not a {role} file")
        if not stat.S_ISREG(mode):
            raise InputError(f"{path}: the {role} file is not a regular file (a pipe, a device or standard "
                             "input); save the data to a file and give its path")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return open(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


class CsvTable:
    """One CSV input: the mapped columns and an iterator of ``(line, row)``.

    ``row`` is a dict with the record keys that the file has.  ``line`` is
    the physical line where the row starts (1 is the header).  Use as a
    context manager; :attr:`position` is the bytes read so far (for progress).

    The rows after the header are read in blocks of whole records
    (:meth:`blocks`), which :func:`parse_block` turns into rows; a parallel
    run hands the blocks to worker processes, a serial one parses them here.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        role: str,
        encoding: str | None = None,
        mapping: Mapping[str, str] | None = None,
        required: Sequence[str] = ("my_number",),
        encoding_option: str = "--encoding",
    ) -> None:
        self.path = os.fspath(path)
        self.role = role
        self._raw: IO[bytes] = open_regular(self.path, role)
        try:
            self.size = os.fstat(self._raw.fileno()).st_size
            if encoding is None:
                sample = self._raw.read(SNIFF_BYTES)
                self._raw.seek(0)
                if not sample.strip(b" \t\r\n\xef\xbb\xbf"):
                    raise InputError(f"{self.path}: the {role} file is empty")
                encoding = detect_encoding(self.path, sample)
            else:
                encoding = check_encoding(encoding, encoding_option)
            self.encoding = encoding
            # The header is decoded line by line (not by a TextIOWrapper reading
            # ahead), so the data that follows starts at a known byte.
            self._position = 0
            self._reader = csv.reader(self._decoded_lines(), strict=True)
            self._line = 0
            header = self._next_row()
            if header is None:
                raise InputError(f"{self.path}: the {role} file is empty")
            self.header: list[str] = header
            self.columns = self._map_columns(header, mapping or {}, required)
            self._data_start = self._raw.tell()
            self._data_line = self._line + 1
            self._position = self._data_start
        except BaseException:
            self._raw.close()
            raise

    # --- the header ----------------------------------------------------------
    def _decoded_lines(self, first: int = 1) -> Iterator[str]:
        # b"\n" never occurs inside a UTF-8 or CP932 multi-byte character.
        encoding = self.encoding
        for number, raw in enumerate(self._raw, start=first):
            try:
                line = raw.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(
                    f"{self.path}:{number}: cannot decode the line as {encoding}; "
                    "give the right encoding with --encoding"
                ) from None
            self._position = self._raw.tell()
            yield line

    def _next_row(self) -> list[str] | None:
        """The next non-blank CSV record; sets :attr:`start_line`."""
        while True:
            self.start_line = self._line + 1
            try:
                row = next(self._reader)
            except StopIteration:
                return None
            except csv.Error as err:
                raise _csv_error(self.path, err, self._reader.line_num, self.start_line, True, None) from None
            self._line = self._reader.line_num
            if row and any(cell.strip() for cell in row):
                return row
            # Blank lines (often one at the end) carry no row.

    def _map_columns(
        self, header: list[str], mapping: Mapping[str, str], required: Sequence[str]
    ) -> dict[str, list[Column]]:
        positions = map_header(header, mapping, required, role=self.role, source=str(self.path))
        return {key: [Column(i, header[i].strip().lstrip("\ufeff")) for i in idx] for key, idx in positions.items()}

    # --- the rows ------------------------------------------------------------
    @property
    def layout(self) -> Layout:
        return Layout(self.path, self.encoding, len(self.header),
                      tuple((key, tuple(c.index for c in cols)) for key, cols in self.columns.items()))

    def blocks(self, size: int | None = None, *, resume: Block | None = None) -> Iterator[tuple[Block, bytes]]:
        """The data after the header as blocks of whole records (about ``size`` bytes), each with its bytes.

        Records are found by quote parity (:func:`_record_end`), chunk by
        chunk: linear in the file, however long a record.  When a block's
        worth of bytes holds no boundary that way (a stray quote inside an
        unquoted cell flips the parity), the csv module reads them
        (:func:`_exact_end`); when it finds none either, it looks again only
        once the record has doubled.  A record longer than
        :data:`MAX_RECORD_BYTES` is an :class:`InputError` naming its line.

        ``resume``: start again at this block (one a worker found misaligned,
        :class:`Misaligned`), cutting its first block with the csv module.
        """
        size = size or BLOCK_BYTES
        raw = self._raw
        start, line = (resume.start, resume.line) if resume is not None else (self._data_start, self._data_line)
        raw.seek(start)
        parts: list[bytes] = []  # the bytes after the last cut (no boundary in them yet)
        carried = 0
        odd = False  # an odd number of quotes in ``parts``: a quoted field is open at their end
        probe = 0 if resume is not None else size  # ask the csv module once this much is carried
        pending: tuple[Block, bytes] | None = None
        while True:
            chunk = raw.read(size)
            if not chunk:
                break
            cut = _record_end(chunk, odd) if probe else -1
            if cut >= 0:
                data = b"".join([*parts, chunk[:cut]]) if parts else chunk[:cut]
                rest = chunk[cut:]
            else:
                parts.append(chunk)
                carried += len(chunk)
                odd ^= bool(chunk.count(b'"') & 1)
                exact = 0
                if carried >= probe:
                    buf = b"".join(parts)
                    exact = _exact_end(buf)
                    if exact:
                        data, rest = buf[:exact], buf[exact:]
                        probe = size
                    else:
                        parts, probe = [buf], 2 * carried  # look again once the record has doubled
                if not exact:
                    if carried > MAX_RECORD_BYTES:
                        raise InputError(
                            f"{self.path}:{line}: a record runs on for more than {MAX_RECORD_BYTES >> 20} MiB "
                            "without ending (a quote left open?); check this line")
                    continue
            if pending is not None:
                yield pending
            pending = (Block(start, start + len(data), line, False), data)
            start += len(data)
            line += data.count(b"\n")
            self._position = start
            parts, carried, odd = ([rest], len(rest), bool(rest.count(b'"') & 1)) if rest else ([], 0, False)
        carry = b"".join(parts)
        if carry.strip() and pending is not None:
            yield pending
            pending = None
        if pending is not None:
            block, data = pending
            # Trailing blank lines belong to the last block: it stays the last.
            yield Block(block.start, block.end + len(carry), block.line, True), data + carry
        elif carry.strip():
            yield Block(start, start + len(carry), line, True), carry
        self._position = self.size

    def rows_from(self, block: Block) -> Iterator[tuple[int, dict[str, str]]]:
        """Rows from the start of ``block`` to the end, read record by record (the slow, sure way)."""
        self._raw.seek(block.start)
        return parse_lines(self.layout, self._decoded_lines(block.line), block.line)

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        layout = self.layout
        resume: Block | None = None
        while True:
            try:
                for block, data in self.blocks(resume=resume):
                    rows = parse_block(layout, data, block)
                    yield from rows
                return
            except Misaligned as err:  # cut again from that block, that one by the csv module
                if resume is not None and err.block.start == resume.start:  # never seen; the slow, sure way
                    yield from self.rows_from(err.block)
                    return
                resume = err.block

    @property
    def position(self) -> int:
        """Bytes read so far (for progress)."""
        return self._position

    def fileno(self) -> int:
        """The open file's descriptor: workers forked while it is open read their blocks from it."""
        return self._raw.fileno()

    def close(self) -> None:
        self._raw.close()

    def __enter__(self) -> CsvTable:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_table(
    path: str | os.PathLike[str],
    *,
    role: str,
    encoding: str | None = None,
    mapping: Mapping[str, str] | None = None,
    required: Sequence[str] = ("my_number",),
    encoding_option: str = "--encoding",
) -> CsvTable:
    """Open a CSV input; raise :class:`InputError` naming the file on any problem.

    ``encoding_option`` names the option (or argument) that gave ``encoding``, for its error message.
    """
    return CsvTable(path, role=role, encoding=encoding, mapping=mapping, required=required,
                    encoding_option=encoding_option)
