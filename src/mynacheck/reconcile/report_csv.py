"""REPORT.csv: the worksheet clerks and the second confirmer work through.

Written UTF-8 with a BOM (Excel then reads Japanese correctly), created with
mode 0600 (it lists who holds which number), and every cell a spreadsheet
would run as a formula is escaped with a leading single quote.

>>> escape_cell("=HYPERLINK(\\"http://x\\")"), escape_cell("-1"), escape_cell("髙橋")
('\\'=HYPERLINK("http://x")', "'-1", '髙橋')
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable, Sequence
from typing import IO

from ..errors import InputError
from .core import REPORT_COLUMNS, ReportRow

__all__ = ["FORMULA_PREFIXES", "escape_cell", "escape_row", "open_private", "CsvReport", "write_report"]

#: First characters that make Excel/LibreOffice evaluate a cell.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: str) -> str:
    """Prefix a formula-like cell with ``'`` so a spreadsheet shows it as text."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


# A formula-like cell anywhere in a row joined with NUL: one search per row,
# then the per-cell escape only for the rare row that needs it.
_FORMULA_IN_ROW = re.compile("(?:^|\x00)[" + re.escape("".join(FORMULA_PREFIXES)) + "]")


def escape_row(cells: Sequence[str]) -> Sequence[str]:
    """The cells of one row, each escaped by :func:`escape_cell`.

    >>> escape_row(["1", "-1", "a=b"])
    ['1', "'-1", 'a=b']
    """
    if _FORMULA_IN_ROW.search("\x00".join(cells)) is None:
        return cells
    return [escape_cell(c) for c in cells]


def open_private(path: str | os.PathLike[str], *, encoding: str = "utf-8-sig", label: str = "report") -> IO[str]:
    """Open ``path`` for writing with mode 0600, even if it existed before.

    Raises :class:`InputError` (one line, naming the file) when it can't.
    """
    name = os.fspath(path)
    try:
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except IsADirectoryError:
        raise InputError(f"{name}: cannot write the {label}: it is a directory") from None
    except OSError as err:
        raise InputError(f"{name}: cannot write the {label} ({err.strerror})") from None
    try:
        os.fchmod(fd, 0o600)  # O_CREAT's mode does not apply to an existing file
    except OSError as err:
        os.close(fd)
        raise InputError(f"{name}: cannot make the {label} private (mode 0600): {err.strerror}") from None
    return open(fd, "w", encoding=encoding, newline="")


class CsvReport:
    """Write report rows one at a time (the report streams, like the input)."""

    def __init__(self, path: str | os.PathLike[str], columns: Sequence[str] = REPORT_COLUMNS) -> None:
        self.path = os.fspath(path)
        self._fh = open_private(self.path)
        self._writer = csv.writer(self._fh, lineterminator="\r\n")
        self._writer.writerow([escape_cell(c) for c in columns])
        self.rows = 0

    def write(self, row: ReportRow) -> None:
        try:
            self._writer.writerow(escape_row(row.columns()))
        except OSError as err:
            raise InputError(f"{self.path}: cannot write the report ({err.strerror})") from None
        self.rows += 1

    def write_columns(self, rows: Sequence[Sequence[str]]) -> None:
        """Write many rows given as column tuples (:data:`REPORT_COLUMNS` order) at once."""
        # One search over the whole chunk; per-row escaping only if a cell needs it.
        if _FORMULA_IN_ROW.search("\x00".join(map("\x00".join, rows))) is not None:
            rows = [escape_row(r) for r in rows]
        try:
            self._writer.writerows(rows)
        except OSError as err:
            raise InputError(f"{self.path}: cannot write the report ({err.strerror})") from None
        self.rows += len(rows)

    def close(self) -> None:
        try:
            self._fh.close()
        except OSError as err:
            raise InputError(f"{self.path}: cannot write the report ({err.strerror})") from None

    def __enter__(self) -> CsvReport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_report(path: str | os.PathLike[str], rows: Iterable[ReportRow]) -> int:
    """Write all rows to ``path``; return how many were written."""
    with CsvReport(path) as report:
        for row in rows:
            report.write(row)
        return report.rows
