"""Batch reconciliation: a business-system export against a register extract.

The library entry point is :func:`reconcile` (records or CSV paths in, one
:class:`ReportRow` per business row out, in order).  The pure scoring core
(:func:`score_rows`, :mod:`.duplicates`) has no I/O, so a distributed run can
call it too; :class:`Reconciliation` is the local run with progress, summary
and spooling; the CLI (``mynacheck reconcile``) writes REPORT.csv/.html.
"""

from __future__ import annotations

from .core import REPORT_COLUMNS, Detail, FieldPair, ReportRow, apply_flags, score_row, score_rows
from .duplicates import find_duplicates, numbers_on_several_people, people_with_several_numbers
from .index import RegisterIndex
from .pipeline import Outcome, Reconciliation, Summary, reconcile

__all__ = [
    "reconcile",
    "Reconciliation",
    "Summary",
    "Outcome",
    "ReportRow",
    "REPORT_COLUMNS",
    "Detail",
    "FieldPair",
    "RegisterIndex",
    "score_row",
    "score_rows",
    "apply_flags",
    "find_duplicates",
    "numbers_on_several_people",
    "people_with_several_numbers",
]
