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
import os
import re
import sys
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from typing import IO

import attrs

from ..errors import InputError
from ..record import FIELDS

__all__ = [
    "HEADER_ALIASES",
    "KNOWN_KEYS",
    "CsvTable",
    "detect_encoding",
    "header_field",
    "open_table",
    "parse_mapping",
]

#: Every key a column can map to.
KNOWN_KEYS: tuple[str, ...] = (*FIELDS, "id", "aliases")

# Header spellings seen in exports, folded by _fold_header.
_ALIASES: dict[str, tuple[str, ...]] = {
    "my_number": ("my_number", "mynumber", "個人番号", "マイナンバー", "番号"),
    "name": ("name", "氏名", "漢字氏名", "氏名漢字", "名前", "氏名(漢字)"),
    "kana": ("kana", "カナ氏名", "氏名カナ", "フリガナ", "ふりがな", "カナ", "氏名(カナ)", "name_kana"),
    "birth_date": ("birth_date", "birthdate", "dob", "生年月日"),
    "address": ("address", "住所"),
    "sex": ("sex", "gender", "性別"),
    "id": ("id", "宛名番号", "宛名コード", "管理番号", "record_id"),
    "aliases": ("aliases", "alias", "通称", "旧氏", "通称名"),
}


def _fold_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().lower()
    for ch in " _-・\u3000":
        text = text.replace(ch, "")
    return text


HEADER_ALIASES: dict[str, str] = {_fold_header(a): key for key, names in _ALIASES.items() for a in names}

#: How much of a file is read to guess its encoding.
SNIFF_BYTES = 1 << 20
# A 5,000-character cell is bad data, not a reason to stop; csv's default limit
# (128 KiB) is kept far above anything a row needs.
csv.field_size_limit(min(sys.maxsize, 1 << 26))


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


def detect_encoding(path: str | os.PathLike[str], sample: bytes | None = None) -> str:
    """``utf-8-sig``, ``utf-8`` or ``cp932``, judged from the first MiB.

    Raises :class:`InputError` for a file that is binary or in none of them.
    """
    if sample is None:
        with open(path, "rb") as fh:
            sample = fh.read(SNIFF_BYTES)
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if b"\x00" in sample:
        if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise InputError(f"{os.fspath(path)}: the file is UTF-16; save it as UTF-8 or CP932 (Shift_JIS)")
        raise InputError(f"{os.fspath(path)}: this is not a text CSV file (it contains NUL bytes)")
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
    columns giving one key (only ``aliases`` may repeat).

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
        if key in columns and key != "aliases":
            raise InputError(
                f"{label}:1: columns {firsts[key]!r} and {name!r} both give {key}; "
                "choose one with --map or rename a column"
            )
        firsts.setdefault(key, name)
        columns.setdefault(key, []).append(i)
    missing = [k for k in required if k not in columns]
    if missing:
        raise InputError(
            f"{label}:1: required column missing in the {role} file: {', '.join(missing)} "
            f"(header: {', '.join(h.strip() for h in names)[:200]}); map it with --map COLUMN={missing[0]}"
        )
    return columns


class CsvTable:
    """One CSV input: the mapped columns and an iterator of ``(line, row)``.

    ``row`` is a dict with the record keys that the file has.  ``line`` is
    the physical line where the row starts (1 is the header).  Use as a
    context manager; :attr:`position` is the bytes read so far (for progress).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        role: str,
        encoding: str | None = None,
        mapping: Mapping[str, str] | None = None,
        required: Sequence[str] = ("my_number",),
    ) -> None:
        self.path = os.fspath(path)
        self.role = role
        try:
            self._raw: IO[bytes] = open(self.path, "rb")  # noqa: SIM115 - closed by close()
        except FileNotFoundError:
            raise InputError(f"{self.path}: {role} file not found") from None
        except IsADirectoryError:
            raise InputError(f"{self.path}: is a directory, not a CSV file") from None
        except OSError as err:
            raise InputError(f"{self.path}: cannot open the {role} file ({err.strerror})") from None
        try:
            self.size = os.fstat(self._raw.fileno()).st_size
            if encoding is None:
                sample = self._raw.read(SNIFF_BYTES)
                self._raw.seek(0)
                if not sample.strip(b" \t\r\n\xef\xbb\xbf"):
                    raise InputError(f"{self.path}: the {role} file is empty")
                encoding = detect_encoding(self.path, sample)
            else:
                try:
                    codecs.lookup(encoding)
                except LookupError:
                    raise InputError(f"--encoding {encoding!r}: unknown encoding") from None
            self.encoding = encoding
            # Lines are decoded one by one (not by a TextIOWrapper reading
            # ahead) so an undecodable byte is reported on its own line.
            self._reader = csv.reader(self._decoded_lines(), strict=True)
            self._line = 0
            header = self._next_row()
            if header is None:
                raise InputError(f"{self.path}: the {role} file is empty")
            self.header: list[str] = header
            self.columns = self._map_columns(header, mapping or {}, required)
        except BaseException:
            self._raw.close()
            raise

    # --- reading -------------------------------------------------------------
    def _decoded_lines(self) -> Iterator[str]:
        # b"\n" never occurs inside a UTF-8 or CP932 multi-byte character.
        encoding = self.encoding
        for number, raw in enumerate(self._raw, start=1):
            try:
                yield raw.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(
                    f"{self.path}:{number}: cannot decode the line as {encoding}; "
                    "give the right encoding with --encoding"
                ) from None

    def _next_row(self) -> list[str] | None:
        """The next non-blank CSV record; sets :attr:`start_line`."""
        while True:
            self.start_line = self._line + 1
            try:
                row = next(self._reader)
            except StopIteration:
                return None
            except csv.Error as err:
                line = self._reader.line_num
                text = str(err)
                if "NUL" in text:
                    raise InputError(f"{self.path}:{line}: this is not a text CSV file (it contains NUL bytes)") from None
                if "unexpected end of data" in text or "EOF" in text:
                    raise InputError(
                        f"{self.path}:{self.start_line}: the file ends inside a quoted field (truncated file?)"
                    ) from None
                raise InputError(f"{self.path}:{line}: malformed CSV ({text})") from None
            self._line = self._reader.line_num
            if row and any(cell.strip() for cell in row):
                return row
            # Blank lines (often one at the end) carry no row.

    def _map_columns(
        self, header: list[str], mapping: Mapping[str, str], required: Sequence[str]
    ) -> dict[str, list[Column]]:
        positions = map_header(header, mapping, required, role=self.role, source=str(self.path))
        return {key: [Column(i, header[i].strip().lstrip("\ufeff")) for i in idx] for key, idx in positions.items()}

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        width = len(self.header)
        columns = [(key, [c.index for c in cols]) for key, cols in self.columns.items()]
        while True:
            row = self._next_row()
            if row is None:
                return
            if len(row) != width:
                line = self.start_line
                at_end = self._at_end()
                what = "fewer" if len(row) < width else "more"
                extra = " (the file looks truncated)" if at_end and len(row) < width else ""
                raise InputError(
                    f"{self.path}:{line}: the row has {len(row)} fields, {what} than the "
                    f"header's {width}{extra}"
                )
            out: dict[str, str] = {}
            for key, idx in columns:
                if len(idx) == 1:
                    out[key] = row[idx[0]]
                else:
                    out[key] = ";".join(row[i] for i in idx if row[i].strip())
            yield self.start_line, out

    def _at_end(self) -> bool:
        try:
            return self._next_row() is None
        except InputError:
            return False

    @property
    def position(self) -> int:
        """Bytes read so far (a little ahead of the rows yielded: buffering)."""
        try:
            return self._raw.tell()
        except (OSError, ValueError):
            return 0

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
) -> CsvTable:
    """Open a CSV input; raise :class:`InputError` naming the file on any problem."""
    return CsvTable(path, role=role, encoding=encoding, mapping=mapping, required=required)
