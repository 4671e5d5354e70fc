"""A run's reports on disk: REPORT.csv, and REPORT.html when asked for.

Both are written to private temporary files beside their paths and renamed
into place together at the end (:mod:`.output`): an error, SIGTERM or Ctrl-C
leaves the previous reports as they were.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..mynumber import redact
from .core import REPORT_COLUMNS, ReportRow
from .io import open_table
from .output import OutputFile
from .pipeline import Outcome, Reconciliation, details_for
from .report_csv import CsvReport
from .report_html import MAX_FLAGGED, compact_columns, html_parts, write_html
from .spool import LineSpool

__all__ = ["ReportPaths", "write_reports"]


@attrs.frozen(slots=True)
class ReportPaths:
    """Where a run's inputs are and its reports go (and how the inputs are read, for a second look)."""

    business: str
    register: str
    out: str
    html: str | None = None
    encoding: str | None = None
    mapping: Mapping[str, str] = attrs.Factory(dict)


def write_reports(run: Reconciliation, paths: ReportPaths) -> None:
    """Run ``run``, writing REPORT.csv (and REPORT.html); both appear only when complete."""
    verdict_at, match = REPORT_COLUMNS.index("verdict"), "match"
    flagged: list[ReportRow] = []
    with contextlib.ExitStack() as stack:
        stack.callback(run.close)
        # The HTML file first: an unwritable path fails before the long run.
        html = OutputFile(paths.html, label="HTML report") if paths.html else None
        if html is not None:
            stack.callback(html.abort)  # a no-op once committed
        report = CsvReport(paths.out)
        stack.callback(report.abort)
        if html is None:  # the fast path: the workers format the rows, a chunk at a time
            run.write_csv(report)
        else:
            # Every row appears in the HTML report too: rows past the cards wait in
            # private temporary files as compact table rows, not in memory.
            flagged_rest = stack.enter_context(LineSpool())
            matched = stack.enter_context(LineSpool())
            # Rows stay column tuples; only the cards (the first flagged rows) become objects.
            for chunk in run.column_chunks():
                report.write_columns(chunk)
                for values in chunk:
                    if values[verdict_at] == match:
                        matched.write(compact_columns(values))
                    elif len(flagged) < MAX_FLAGGED:
                        flagged.append(ReportRow(*values))
                    else:
                        flagged_rest.write(compact_columns(values))
            _write_html(run, paths, flagged, flagged_rest, matched, html)
        report.close()
        if html is not None:
            html.commit()


def _write_html(run: Reconciliation, paths: ReportPaths, flagged: list[ReportRow], flagged_rest: Iterable[str],
                matched: Iterable[str], out: OutputFile) -> None:
    wanted = {int(r.line) for r in flagged}
    rows: dict[int, Any] = {}
    if wanted:
        # Second pass over the business file for just the rows shown side by side.
        with open_table(paths.business, role="business", encoding=paths.encoding, mapping=paths.mapping,
                        required=()) as table:
            for line, row in table:
                if line in wanted:
                    rows[line] = row
                    if len(rows) == len(wanted):
                        break
    assert run.index is not None
    outcomes = details_for([Outcome(r) for r in flagged], rows, run.index, reveal_numbers=run.reveal_numbers)
    pairs = [(o.row, o.detail) for o in outcomes]
    s = run.summary
    business, register = os.path.basename(paths.business), os.path.basename(paths.register)
    if not run.reveal_numbers:  # a file may be named after a person's number
        business, register = redact(business), redact(register)
    meta = (f"業務データ: {business}（{s.rows:,}行）　住基データ: {register}（{s.register_rows:,}行）　"
            f"ルール: {run.ruleset.name} v{run.ruleset.version}")
    write_html(out, html_parts(pairs, flagged_rest, matched, total=s.rows, by_verdict=dict(s.by_verdict),
                               by_reason=dict(s.by_reason), meta=meta, warnings=s.warnings()))
