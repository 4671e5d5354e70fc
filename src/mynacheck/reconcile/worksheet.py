"""The worksheet (REPORT.csv) as clerks use it: its headers, reading it back, and carrying their work over.

**Headers.**  Japanese by default (``--lang ja``: 優先度, 行, 判定 …), English
with ``--lang en`` (the column names of :class:`~.core.ReportRow`, which
are REPORT.csv's former headers where those still exist).  The reviewers'
columns 確認者1, 確認者2, 確認日, 確認結果 have these names in both languages:
clerks type into them.  Reading back, a header in either language (or either
spelling of a column) is recognised; any other column (one a clerk added)
is kept aside as an extra column.

**Reading back** (:func:`read_worksheet`) takes a worksheet as a spreadsheet
leaves it: UTF-8 with or without a BOM or CP932 (Excel's "CSV" and "CSV UTF-8"),
rows in any order, columns added or moved, a date cell rewritten as
``2026/12/6``.  Cells are read as text, as they are; the single quote the report
put before a formula-like cell is taken off again.

**Carrying work over** (:class:`Carry`).  A rerun onto an existing worksheet
reads its reviewers' entries first.  An entry is a row of the old worksheet
with any of the four reviewers' cells filled in.  Then, for each flagged row
of the new run, in input order:

1. an entry with the same row digest (:func:`.values.row_digest`: the id, the
   masked number and both records' values as written) is carried over, its four
   cells byte for byte, and ``review_status`` says so;
2. otherwise, when an entry has the same id, the row changed since that entry
   was written: the row starts empty and ``review_status`` says it needs a new
   review;
3. otherwise the row starts empty.

Entries not carried over go to the review log (:mod:`.audit`), each marked
*changed* (a row with its id is still there: its values changed, or it now
matches) or *gone* (no row with its id: the row is no longer in the business
data, or it had no id).  Ids are compared as the worksheet shows them, with the
leading zeros a spreadsheet drops from an id of digits ignored.  Two identical
rows (same digest) take the entries of the old worksheet in its order.
Columns a clerk added are not carried into the new worksheet: the previous
worksheet stays beside it as ``REPORT.csv.prev``, and the log keeps the added
cells of every entry not carried over.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import os
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator, Mapping

import attrs

from ..errors import InputError
from ..mynumber import redact
from ..rules.result import FIELD_LABELS
from .core import REPORT_COLUMNS, REVIEW_COLUMNS, ReportRow
from .io import detect_encoding
from .report_csv import escape_cell

__all__ = [
    "LANGS",
    "RESULTS",
    "CARRIED",
    "CHANGED",
    "header",
    "column_of",
    "status_label",
    "status_of",
    "SheetRow",
    "Worksheet",
    "read_worksheet",
    "report_rows",
    "Entry",
    "Carry",
    "id_key",
    "unescape_cell",
]

#: The header languages.
LANGS = ("ja", "en")

#: What 確認結果 may say: the linkage is right, a mislinkage is confirmed, still being confirmed with the person.
RESULTS = ("正しい", "誤り", "保留")

#: ``review_status``: the reviewers' entries were carried over from the previous worksheet ...
CARRIED = "carried"
#: ... or the row changed since the previous worksheet's entries for its id: review it again.
CHANGED = "changed"
_STATUS_LABELS = {
    CARRIED: ("前回から引継ぎ", "carried over"),
    CHANGED: ("前回から変更あり・要再確認", "changed: review again"),
}

_FIELD_JA = {field: ja for field, (ja, _) in FIELD_LABELS.items()}
_FIELD_JA["aliases"] = "通称・旧氏"
_SIDE_JA = {"business": "業務", "register": "住基"}
_FORM_JA = {"normalized": "正規化", "wareki": "和暦"}

_JA: dict[str, str] = {
    "priority": "優先度", "line": "行", "id": "ID", "my_number": "個人番号", "verdict": "判定コード",
    "verdict_ja": "判定", "reasons": "理由コード", "message": "理由", "related_lines": "関連行",
    "review_status": "前回の確認", "digest": "照合キー", "ruleset": "ルール",
    **{c: c for c in REVIEW_COLUMNS},
    **{f"result_{f}": f"結果_{ja}" for f, ja in _FIELD_JA.items() if f in ("my_number", "name", "kana", "birth_date",
                                                                        "address", "sex")},
}


def _value_label(column: str) -> str:
    side, _, rest = column.partition("_")
    for form, ja in _FORM_JA.items():
        if rest.endswith("_" + form):
            return f"{_SIDE_JA[side]}_{_FIELD_JA[rest[:-len(form) - 1]]}_{ja}"
    return f"{_SIDE_JA[side]}_{_FIELD_JA[rest]}"


for _column in REPORT_COLUMNS:
    if _column.startswith(("business_", "register_")):
        _JA[_column] = _value_label(_column)
if set(_JA) != set(REPORT_COLUMNS) or len(set(_JA.values())) != len(_JA):
    raise ImportError("every report column needs one Japanese header of its own")


def header(lang: str = "ja") -> tuple[str, ...]:
    """REPORT.csv's header in ``lang`` (``ja`` or ``en``).

    >>> header("ja")[:6], header("en")[:3]
    (('優先度', '行', 'ID', '個人番号', '判定コード', '判定'), ('priority', 'line', 'id'))
    """
    if lang == "ja":
        return tuple(_JA[c] for c in REPORT_COLUMNS)
    if lang == "en":
        return REPORT_COLUMNS
    raise InputError(f"--lang {lang!r}: use ja or en")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lstrip("\ufeff").strip().lower()


_COLUMN_OF: dict[str, str] = {**{_fold(c): c for c in REPORT_COLUMNS}, **{_fold(ja): c for c, ja in _JA.items()}}


def column_of(text: str) -> str | None:
    """The report column a header cell names, in either language; None for a column a clerk added.

    >>> column_of("確認日"), column_of(" 判定 "), column_of("verdict_ja"), column_of("備考")
    ('確認日', 'verdict_ja', 'verdict_ja', None)
    """
    return _COLUMN_OF.get(_fold(text))


def status_label(status: str, lang: str = "ja") -> str:
    """How ``review_status`` says a status in the worksheet's language."""
    if not status:
        return ""
    return _STATUS_LABELS[status][0 if lang == "ja" else 1]


def status_of(text: str) -> str:
    """The status a ``review_status`` cell says (either language); empty for none or text we did not write."""
    folded = _fold(text)
    for status, labels in _STATUS_LABELS.items():
        if folded in (_fold(labels[0]), _fold(labels[1])):
            return status
    return ""


def unescape_cell(value: str) -> str:
    """A cell as written before :func:`~.report_csv.escape_cell` (the leading ``'`` it added, taken off).

    >>> unescape_cell("'=1+2"), unescape_cell("'quoted"), unescape_cell(escape_cell("-1"))
    ('=1+2', "'quoted", '-1')
    """
    if value.startswith("'") and escape_cell(value[1:]) == value:
        return value[1:]
    return value


def id_key(value: str) -> str:
    """An id as rows are matched by it: masked numbers (:func:`~mynacheck.mynumber.redact`), blanks
    trimmed, and an id of digits without the leading zeros a spreadsheet drops.

    >>> id_key("00123"), id_key(" A-01 "), id_key("")
    ('123', 'A-01', '')
    """
    text = redact(value.strip())
    if text.isdigit() and text.isascii():
        return text.lstrip("0") or "0"
    return text


@attrs.frozen(slots=True)
class SheetRow:
    """A row of a worksheet read back: its physical line in the file, the report columns it has, the rest."""

    line: int
    cells: Mapping[str, str]
    #: (header, value) of the non-empty cells of columns a clerk added
    extra: tuple[tuple[str, str], ...] = ()

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    @property
    def entries(self) -> tuple[str, str, str, str]:
        """確認者1, 確認者2, 確認日, 確認結果, as written."""
        return self.get("確認者1"), self.get("確認者2"), self.get("確認日"), self.get("確認結果")

    @property
    def has_entries(self) -> bool:
        return any(self.entries)

    @property
    def flagged(self) -> bool:
        verdict = self.get("verdict") or self.get("verdict_ja")
        return verdict.strip() not in ("match", "一致")


class Worksheet:
    """A worksheet opened to be read back: :attr:`columns` found, :attr:`extra` headers, rows by iteration.

    Raises :class:`~mynacheck.errors.InputError` (one line, naming the file) for a
    file that is not a worksheet (no reviewers' columns, no verdict).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        try:
            with open(self.path, "rb") as fh:
                sample = fh.read(1 << 20)
        except FileNotFoundError:
            raise InputError(f"{self.path}: worksheet not found") from None
        except IsADirectoryError:
            raise InputError(f"{self.path}: is a directory, not a worksheet") from None
        except OSError as err:
            raise InputError(f"{self.path}: cannot read the worksheet ({err.strerror})") from None
        if not sample.strip(b" \t\r\n\xef\xbb\xbf"):
            raise InputError(f"{self.path}: the worksheet is empty")
        self.encoding = detect_encoding(self.path, sample)
        first = next(iter(self._records()), None)
        if first is None:
            raise InputError(f"{self.path}: the worksheet is empty")
        self.headers: list[str] = first[1]
        self.positions: dict[str, int] = {}
        extra: list[tuple[int, str]] = []
        for i, text in enumerate(self.headers):
            column = column_of(text)
            if column is None or column in self.positions:
                extra.append((i, text.strip()))
            else:
                self.positions[column] = i
        self.extra = tuple(extra)
        missing = [c for c in REVIEW_COLUMNS if c not in self.positions]
        if missing or not ({"verdict", "verdict_ja"} & self.positions.keys()):
            raise InputError(f"{self.path}: not a mynacheck worksheet (no column {', '.join(missing) or '判定'}); "
                             "give the REPORT.csv that mynacheck reconcile wrote")
        #: The header's language: Japanese when the verdict column is headed 判定.
        self.lang = "ja" if _fold(self.headers[self.positions.get("verdict_ja", 0)]) == _fold("判定") else "en"

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        """(physical line, cells) of every record, the header first; blank lines skipped.

        A cell is bounded by the csv module's field limit (:data:`.io.MAX_RECORD_BYTES`).
        """
        decoder = codecs.getincrementaldecoder(self.encoding)()
        try:
            with open(self.path, "rb") as fh:
                reader = csv.reader((decoder.decode(raw) for raw in fh), strict=True)
                while True:
                    start = reader.line_num + 1
                    try:
                        cells = next(reader)
                    except StopIteration:
                        return
                    if any(cell.strip() for cell in cells):
                        yield start, cells
        except UnicodeDecodeError:
            raise InputError(f"{self.path}: cannot decode the worksheet as {self.encoding}") from None
        except csv.Error as err:
            raise InputError(f"{self.path}:{reader.line_num}: malformed CSV ({err})") from None
        except OSError as err:
            raise InputError(f"{self.path}: cannot read the worksheet ({err.strerror})") from None

    def __iter__(self) -> Iterator[SheetRow]:
        records = self._records()
        next(records, None)  # the header
        positions, extra = self.positions, self.extra
        for line, cells in records:
            width = len(cells)
            values = {c: unescape_cell(cells[i]) if i < width else "" for c, i in positions.items()}
            added = tuple((h, cells[i]) for i, h in extra if i < width and cells[i].strip())
            yield SheetRow(line, values, added)


def read_worksheet(path: str | os.PathLike[str]) -> Worksheet:
    """Open a worksheet to read it back (see :class:`Worksheet`)."""
    return Worksheet(path)


def report_rows(path: str | os.PathLike[str], *, as_written: bool = False) -> Iterator[dict[str, str]]:
    """A worksheet's rows keyed by column name (``verdict``, ``id`` …), whatever its header's language.

    For a program of your own that reads REPORT.csv: the header may be Japanese
    (the default) or English, and a clerk may have moved or added columns (an
    added column keeps its header as its key).  A cell the report escaped (a
    quote before a formula-like value) is given as it was before, unless
    ``as_written``.
    """
    sheet = read_worksheet(path)
    names = {i: column for column, i in sheet.positions.items()} | {i: h for i, h in sheet.extra}
    for _, cells in itertools.islice(sheet._records(), 1, None):
        yield {names[i]: cell if as_written else unescape_cell(cell) for i, cell in enumerate(cells) if i in names}


@attrs.frozen(slots=True)
class Entry:
    """A row of the previous worksheet that reviewers wrote in: where it was, what it said, what they wrote."""

    line: int
    id: str
    digest: str
    verdict: str
    reasons: str
    #: 確認者1, 確認者2, 確認日, 確認結果 as written (each a full My Number masked)
    cells: tuple[str, str, str, str]
    extra: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, row: SheetRow) -> Entry:
        verdict = row.get("verdict") or row.get("verdict_ja")
        cells = tuple(redact(c) for c in row.entries)
        return cls(row.line, redact(row.get("id")), row.get("digest").strip(), verdict, row.get("reasons"),
                   cells,  # type: ignore[arg-type]  # four cells
                   tuple((h, redact(v)) for h, v in row.extra))

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"line": self.line, "id": self.id, "digest": self.digest, "verdict": self.verdict,
                                  "reasons": self.reasons, "entries": dict(zip(REVIEW_COLUMNS, self.cells, strict=True))}
        if self.extra:
            out["added_columns"] = dict(self.extra)
        return out


def _previous_entries(sheet: Worksheet) -> list[Entry]:
    return [Entry.of(row) for row in sheet if row.has_entries]


class Carry:
    """The previous worksheet's entries, handed to the new run's rows (see the module docstring).

    :meth:`apply` each report row in input order; :meth:`left` then says
    what was not carried over.  Works on any rows a run makes (the local run's
    chunks, Spark's rows): it needs each flagged row's ``digest`` and ``id``.
    """

    def __init__(self, entries: Iterable[Entry], lang: str = "ja") -> None:
        self.entries = list(entries)
        self.lang = lang
        self._by_digest: dict[str, deque[int]] = {}
        for i, entry in enumerate(self.entries):
            if entry.digest:
                self._by_digest.setdefault(entry.digest, deque()).append(i)
        #: the ids of the entries, as rows are matched by them (:func:`id_key`)
        self.ids: frozenset[str] = frozenset(k for k in (id_key(e.id) for e in self.entries) if k)
        self._used: set[int] = set()
        self._seen: set[str] = set()
        self.carried = 0
        self.changed_rows = 0

    @classmethod
    def from_worksheet(cls, path: str | os.PathLike[str], lang: str = "ja") -> Carry:
        """The entries of the worksheet at ``path`` (:class:`~mynacheck.errors.InputError` if it is not one)."""
        return cls(_previous_entries(read_worksheet(path)), lang)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def notes(self, ident: str) -> bool:
        """Whether a row with this id (as the report shows it) is one :meth:`apply` must see, flagged or not."""
        return bool(self.ids) and id_key(ident) in self.ids

    def apply(self, row: ReportRow) -> ReportRow:
        """The row with the entries carried over to it, or saying it needs a new review, or as it is."""
        rid = id_key(row.id) if self.ids else ""
        if rid and rid in self.ids:
            self._seen.add(rid)
        if not row.flagged:
            return row
        queue = self._by_digest.get(row.digest) if row.digest else None
        if queue:
            i = queue.popleft()
            self._used.add(i)
            self.carried += 1
            return row.with_review(self.entries[i].cells, status_label(CARRIED, self.lang))
        if rid and rid in self.ids:
            self.changed_rows += 1
            return row.with_review((), status_label(CHANGED, self.lang))
        return row

    def carried_entries(self) -> list[Entry]:
        """The entries carried over so far."""
        return [self.entries[i] for i in sorted(self._used)]

    def left(self) -> tuple[list[Entry], list[Entry]]:
        """The entries not carried over: (changed: a row with their id is still there, gone: none is)."""
        changed: list[Entry] = []
        gone: list[Entry] = []
        for i, entry in enumerate(self.entries):
            if i in self._used:
                continue
            key = id_key(entry.id)
            (changed if key and key in self._seen else gone).append(entry)
        return changed, gone
