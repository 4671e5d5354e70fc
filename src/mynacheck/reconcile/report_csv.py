"""REPORT.csv: the worksheet clerks and the second confirmer work through.

One formatter: :func:`format_rows` turns report rows (:class:`~.core.ReportRow`
columns) into CSV text; :func:`row_text` is the same text for a row given as
its head cells and its :class:`~.core.Assessment` (the run's workers format
most rows so: an assessment's cells are formatted once per run, not per row).

Written UTF-8 with a BOM (Excel then reads Japanese correctly), private
(mode 0600: it lists who holds which number) and whole: rows go to a
temporary file that replaces the report only when complete
(:mod:`.output`).  Every cell a spreadsheet would run as a formula is
escaped with a leading single quote.

>>> escape_cell("=HYPERLINK(\\"http://x\\")"), escape_cell("-1"), escape_cell("髙橋")
('\\'=HYPERLINK("http://x")', "'-1", '髙橋')
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import re
from collections.abc import Iterable, Sequence

from ..errors import InputError
from .core import REPORT_COLUMNS, Assessment, ReportRow
from .output import OutputFile
from .spool import read_at

__all__ = [
    "FORMULA_PREFIXES", "escape_cell", "escape_row", "format_cell", "format_rows", "row_text",
    "CsvReport",
    "write_report",
]

#: First characters that make Excel/LibreOffice evaluate a cell (Japanese Excel takes the full-width ones too).
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# Characters a spreadsheet may skip before a formula: a cell " =1+2" or "\ufeff=1+2" is escaped too.
_BLANKS = " \u3000\ufeff\u200b\n"
_SUSPECT_FIRST = frozenset(FORMULA_PREFIXES) | frozenset(_BLANKS)


def _is_formula(value: str) -> bool:
    if value.startswith(FORMULA_PREFIXES):
        return True
    return value[:1] in _SUSPECT_FIRST and value.lstrip(_BLANKS).startswith(FORMULA_PREFIXES)


def escape_cell(value: str) -> str:
    """Prefix a formula-like cell with ``'`` so a spreadsheet shows it as text.

    Formula-like: it starts with ``= + - @``, a tab or a CR, or a full-width
    ``＝ ＋ － ＠``, once leading spaces, U+3000, a BOM or a zero-width space
    are skipped.

    >>> escape_cell("＝1+2"), escape_cell("\u3000=1+2"), escape_cell(" 髙橋")
    ("'＝1+2", "'\u3000=1+2", ' 髙橋')
    """
    return "'" + value if _is_formula(value) else value


# Cells joined with NUL: a cell that may be formula-like starts the text or
# follows a NUL.  One search (a NUL, then a suspect first character: the regex
# engine looks for the NUL at memchr speed) replaces a check per cell, and the
# sixteen substring searches it once took; the per-cell escape runs only for
# the rare row that needs it.
_SUSPECT_AFTER_NUL = re.compile("\x00[" + re.escape("".join(sorted(_SUSPECT_FIRST))) + "]")


def _has_formula(joined: str) -> bool:
    """Whether a cell of ``joined`` (cells joined with NUL) may be formula-like: its first character is a suspect."""
    return joined[:1] in _SUSPECT_FIRST or _SUSPECT_AFTER_NUL.search(joined) is not None


def escape_row(cells: Sequence[str]) -> Sequence[str]:
    """The cells of one row, each escaped by :func:`escape_cell`.

    >>> escape_row(["1", "-1", "a=b"])
    ['1', "'-1", 'a=b']
    """
    if not _has_formula("\x00".join(cells)):
        return cells
    return [escape_cell(c) for c in cells]


def format_rows(rows: Sequence[Sequence[str]]) -> str:
    r"""Rows as REPORT.csv text (CRLF, formula cells escaped), formatted in memory.

    >>> format_rows([("1", "=1+2", "髙橋")])
    "1,'=1+2,髙橋\r\n"
    """
    # One search over the whole chunk; per-row escaping only if a cell needs it.
    if _has_formula("\x00".join(map("\x00".join, rows))):
        rows = [escape_row(r) for r in rows]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def format_cell(value: str) -> str:
    """One cell as :func:`format_rows` writes it: escaped, then quoted if it must be.

    >>> format_cell("=1+2"), format_cell("a,b"), format_cell("髙橋")
    ("'=1+2", '"a,b"', '髙橋')
    """
    if value.startswith(FORMULA_PREFIXES) or (value[:1] in _SUSPECT_FIRST and _is_formula(value)):
        value = "'" + value
    # The csv module's minimal quoting for this dialect: a delimiter, a quote or a line break.
    if "," in value or '"' in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def row_text(head: Sequence[str], assessment: Assessment) -> str:
    """``format_rows([ReportRow.of(head, assessment).columns()])``, fast: the assessment's
    cells are formatted once (a run has a few hundred), the three head cells each time.

    >>> from mynacheck.reconcile.core import assess_unjoined
    >>> row_text(("2", "=A1", "********9018"), assess_unjoined("123456789018", "123456789018"))[:34]
    "1009,2,'=A1,********9018,mismatch,"
    """
    before, after = _around_head(assessment)
    label, ident, number = head
    # The usual cells need no escaping or quoting, told by one C test each (no call): a line
    # number is digits, an id letters and digits, a masked number stars then digits.  No letter
    # or digit starts a formula or needs quotes, nor does a star.
    first = label if label.isdigit() else format_cell(label)
    ident = ident if ident.isalnum() else format_cell(ident)
    number = number if number.lstrip("*").isalnum() else format_cell(number)
    return f"{before}{first},{ident},{number}{after}"


_LINE_AT = REPORT_COLUMNS.index("line")
# assessment → its cells before the head and after it, formatted; a run has a few hundred.
_AROUND: dict[Assessment, tuple[str, str]] = {}


def _around_head(assessment: Assessment) -> tuple[str, str]:
    """The assessment's cells before the head (with a comma after) and after it (comma first, line end last)."""
    parts = _AROUND.get(assessment)
    if parts is None:
        if len(_AROUND) >= 8192:
            _AROUND.clear()
        cells = assessment.cells()
        before = "".join(format_cell(c) + "," for c in cells[:_LINE_AT])
        parts = _AROUND[assessment] = before, "," + format_rows([cells[_LINE_AT + 3:]])
    return parts


class CsvReport:
    """Write report rows a chunk at a time (the report streams, like the input).

    The rows go to a private temporary file beside ``path``; :meth:`close`
    (or leaving the ``with`` block normally) renames it onto ``path``, and
    :meth:`abort` (or leaving by an exception) removes it, so ``path`` only
    ever holds a complete report.  ``path`` must not be a symbolic link or a
    special file (:class:`~mynacheck.errors.InputError`).
    """

    def __init__(self, path: str | os.PathLike[str], columns: Sequence[str] = REPORT_COLUMNS) -> None:
        self.path = os.fspath(path)
        self._out = OutputFile(self.path)
        self._fh = open(self._out.fileno(), "w", encoding="utf-8-sig", newline="", closefd=False)  # noqa: SIM115
        self.rows = 0
        try:
            self.write_text(format_rows([columns]), 0)  # the header
        except BaseException:
            self.abort()
            raise

    def write(self, row: ReportRow) -> None:
        self.write_columns([row.columns()])

    def write_columns(self, rows: Sequence[Sequence[str]]) -> None:
        """Write many rows given as column tuples (:data:`REPORT_COLUMNS` order) at once."""
        self.write_text(format_rows(rows), len(rows))

    def write_encoded(self, data: bytes, rows: int) -> None:
        """Write rows already formatted by :func:`format_rows` and encoded as UTF-8."""
        try:
            self._fh.flush()  # the header (and BOM) first
            self._fh.buffer.write(data)
        except OSError as err:
            raise self._error(err) from None
        self.rows += rows

    def copy_from(self, fd: int, offset: int, size: int, rows: int) -> None:
        """Append ``size`` bytes of formatted rows from the file ``fd`` at ``offset``.

        The kernel copies them (``os.copy_file_range``) where it can: a large
        report never passes through Python.  Elsewhere they are read and written.
        """
        try:
            self._fh.flush()
            out = self._fh.buffer
            out.flush()
            dst = self._out.fileno()
            kernel = hasattr(os, "copy_file_range")
            while size > 0:
                copied = 0
                if kernel:
                    try:
                        copied = os.copy_file_range(fd, dst, size, offset)
                    except OSError:  # not between these two files (another file system, say)
                        kernel = False
                if copied <= 0:
                    kernel = False
                    data = read_at(fd, min(size, 1 << 24), offset)
                    out.write(data)
                    out.flush()
                    copied = len(data)
                offset += copied
                size -= copied
        except OSError as err:
            raise self._error(err) from None
        self.rows += rows

    def write_text(self, text: str, rows: int) -> None:
        """Write rows already formatted by :func:`format_rows` (``rows`` of them)."""
        try:
            self._fh.write(text)
        except OSError as err:
            raise self._error(err) from None
        self.rows += rows

    def sha256(self) -> str:
        """The SHA-256 of what is written so far (``sha256:`` and 64 hex digits), read back from the file."""
        try:
            self._fh.flush()
            fd = self._out.fileno()
            size = os.fstat(fd).st_size
            h = hashlib.sha256()
            done = 0
            while done < size:
                data = read_at(fd, min(1 << 24, size - done), done)
                h.update(data)
                done += len(data)
        except OSError as err:
            raise self._error(err) from None
        return "sha256:" + h.hexdigest()

    def _error(self, err: OSError) -> InputError:
        return InputError(f"{self.path}: cannot write the report ({err.strerror})")

    def close(self) -> None:
        """Finish the report: flushed to disk and renamed onto :attr:`path` (then complete)."""
        if self._out.finished:
            return
        try:
            self._fh.close()  # flushes; the descriptor stays open for the commit
        except OSError as err:
            self.abort()
            raise self._error(err) from None
        self._out.commit()

    def abort(self) -> None:
        """Drop what was written; a previous report at :attr:`path` stays as it was."""
        with contextlib.suppress(OSError, ValueError):
            self._fh.close()
        self._out.abort()

    def __enter__(self) -> CsvReport:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is not None:
            self.abort()
        else:
            self.close()


def write_report(path: str | os.PathLike[str], rows: Iterable[ReportRow]) -> int:
    """Write all rows to ``path``; return how many were written."""
    with CsvReport(path) as report:
        for row in rows:
            report.write(row)
        return report.rows
