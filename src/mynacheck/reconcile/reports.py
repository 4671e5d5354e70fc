"""A run's files on disk: the worksheet (REPORT.csv), REPORT.html when asked for, and the audit trail beside them.

Before the run (:class:`Worksheets`): every output path is checked (never a
link, a device, an input, or another output), the review log's chain must be
whole, and a worksheet already at the report's path is read back for its
reviewers' entries (:class:`.worksheet.Carry`).  A file there that is not a
worksheet stops the run: it is never overwritten.

After the run (:meth:`Worksheets.commit`), in this order, each step whole:

1. the previous worksheet becomes ``REPORT.csv.prev`` (a hard link to it, or a
   copy; one generation is kept): it was left in place until the new one was
   complete, and it stays beside it;
2. the new REPORT.csv (and REPORT.html) are renamed into place;
3. the manifest ``REPORT.csv.manifest.json`` replaces the previous one;
4. the run's entry is appended to ``REPORT.csv.log.jsonl``: what it carried
   over, and every entry it did not (changed or gone), in full.

An error, SIGTERM or Ctrl-C before step 2 leaves every previous file as it was.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import os
import platform
from collections.abc import Mapping
from typing import Any

import attrs

from ..errors import InputError
from ..mynumber import redact
from ..rules import Ruleset
from ..rules.fingerprint import catalog_version, data_versions, in_letters
from ..verdicts import Verdict
from .audit import (
    LOG_SUFFIX,
    MANIFEST_SUFFIX,
    PREVIOUS_SUFFIX,
    ReviewLog,
    file_sha256,
    new_run_id,
    now,
    sha256_text,
    write_manifest,
)
from .core import REPORT_COLUMNS
from .output import OutputFile, check_outputs, temp_prefix
from .pipeline import Reconciliation, Summary
from .report_csv import CsvReport
from .report_html import HtmlReport, write_parts
from .spool import read_at
from .worksheet import Carry, header

__all__ = ["RunOptions", "Worksheets", "write_reports"]


@attrs.frozen(slots=True)
class RunOptions:
    """How a run was asked for: its inputs, its outputs and every option that changes what they hold."""

    business: str
    register: str
    out: str
    html: str | None = None
    lang: str = "ja"
    flagged_only: bool = False
    reveal_numbers: bool = False
    encoding: str | None = None
    register_encoding: str | None = None
    mapping: Mapping[str, str] = attrs.Factory(dict)
    engine: str = "local"

    def manifest_options(self, ruleset: Ruleset) -> dict[str, Any]:
        return {"ruleset": ruleset.name, "lang": self.lang, "flagged_only": self.flagged_only,
                "reveal_numbers": self.reveal_numbers, "encoding": self.encoding,
                "register_encoding": self.register_encoding, "map": dict(self.mapping), "engine": self.engine,
                # The day "in the future" and two-digit years are judged against.
                "reference_day": datetime.date.today().isoformat()}


class Worksheets:
    """The report's path and the files beside it, for one run (see the module docstring)."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options
        out = options.out
        self.report_path = out
        self.manifest_path, self.log_path, self.previous_path = (out + MANIFEST_SUFFIX, out + LOG_SUFFIX,
                                                                 out + PREVIOUS_SUFFIX)
        inputs = [p for p in (options.business, options.register) if os.path.exists(p)]
        check_outputs({"report": out, "HTML report": options.html, "manifest": self.manifest_path,
                       "review log": self.log_path, "previous worksheet": self.previous_path}, inputs)
        self.log = ReviewLog(self.log_path)
        _, problems = self.log.verify()
        if problems:
            raise InputError(f"{self.log_path}: the review log's chain is broken ({problems[0]}); the run was not "
                             "started: run mynacheck review --verify, and keep the file for the audit")
        self.run_id = new_run_id()
        self.started = now()
        #: False when the previous worksheet changed while the run was going (entries written meanwhile
        #: are in REPORT.csv.prev, not carried over).
        self.previous_kept_whole = True
        self.previous_sha256: str | None = None
        self.carry: Carry | None = None
        if os.path.isfile(out) and os.path.getsize(out) > 0:
            self.previous_sha256 = file_sha256(out)
            self.carry = Carry.from_worksheet(out, options.lang)

    def open_report(self) -> CsvReport:
        """The new worksheet, written to a private temporary file beside its path."""
        return CsvReport(self.report_path, header(self.options.lang))

    def commit(self, report: CsvReport, summary: Summary, ruleset: Ruleset, input_digests: Mapping[str, str | None],
               html: OutputFile | None = None, manifest: dict[str, Any] | None = None) -> dict[str, Any]:
        """Put the finished report in place with its manifest and log entry (see the module docstring).

        ``manifest``: the one :meth:`manifest_of` gave for this report (REPORT.html shows it); made here otherwise.
        """
        if manifest is None:
            manifest = self.manifest_of(report, summary, ruleset, input_digests)
        report_sha256 = str(manifest["report"]["sha256"])  # hashed once: the report is complete and unchanged since
        pending = write_manifest(self.manifest_path, manifest)
        try:
            still = self.previous_kept_whole = self._keep_previous()
            report.close()
            if html is not None:
                html.commit()
            manifest_sha256 = sha256_text(_sha256_of(pending))
            pending.commit()
        except BaseException:
            pending.abort()
            raise
        self.log.append(self.log_entry(summary, report_sha256, manifest_sha256, report.rows, still))
        return manifest

    def manifest_of(self, report: CsvReport, summary: Summary, ruleset: Ruleset,
                    input_digests: Mapping[str, str | None]) -> dict[str, Any]:
        """The manifest of a report whose rows are all written (not yet in place)."""
        return self.manifest(summary, ruleset, input_digests, report.sha256(), report.rows)

    def _keep_previous(self) -> bool:
        """Make the worksheet at the report's path ``REPORT.csv.prev``; False if it changed since it was read."""
        if self.previous_sha256 is None:
            return True
        path, prev = self.report_path, self.previous_path
        temp = os.path.join(os.path.dirname(os.path.abspath(prev)), f"{temp_prefix(prev)}{os.getpid()}.link.tmp")
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        try:
            os.link(path, temp, follow_symlinks=False)
            os.replace(temp, prev)
        except OSError:  # no hard links here: a copy, written whole
            with contextlib.suppress(OSError):
                os.unlink(temp)
            copy = OutputFile(prev, label="previous worksheet")
            try:
                with open(path, "rb") as src:
                    for block in iter(lambda: src.read(1 << 20), b""):
                        view = memoryview(block)
                        while view:
                            view = view[os.write(copy.fileno(), view):]
            except BaseException:
                copy.abort()
                raise
            copy.commit()
        return file_sha256(prev) == self.previous_sha256

    def manifest(self, summary: Summary, ruleset: Ruleset, input_digests: Mapping[str, str | None],
                 report_sha256: str, written: int) -> dict[str, Any]:
        """The run manifest (see :mod:`.audit`)."""
        from .. import __version__

        o = self.options

        def source(path: str, role: str, rows: int) -> dict[str, Any]:
            digest = input_digests.get(role)
            return {"file": _file_name(path), "sha256": sha256_text(digest) if digest else None,
                    "bytes": os.path.getsize(path) if os.path.isfile(path) else None, "rows": rows}

        carry = self.carry
        return {
            "manifest": 1,
            "run_id": self.run_id,
            "started": self.started,
            "finished": now(),
            "mynacheck": __version__,
            "python": platform.python_version(),
            "ruleset": {"name": ruleset.name, "version": ruleset.version,
                        "fingerprint": sha256_text(ruleset.fingerprint), "short": in_letters(ruleset.fingerprint)},
            "reference_data": {"catalog": sha256_text(catalog_version()),
                               **{name: sha256_text(digest) for name, digest in data_versions().items()}},
            "inputs": {"business": source(o.business, "business", summary.rows),
                       "register": {**source(o.register, "register", summary.register_rows),
                                    "repeated_numbers": summary.register_duplicates,
                                    "rows_without_number": summary.register_unnumbered}},
            "report": {"file": _file_name(o.out), "sha256": report_sha256, "rows": written,
                       "html": _file_name(o.html) if o.html else None},
            "counts": {"rows": summary.rows, "flagged": summary.flagged,
                       "by_verdict": {v.value: summary.by_verdict.get(v.value, 0) for v in Verdict},
                       "by_reason": dict(sorted(summary.by_reason.items()))},
            "options": o.manifest_options(ruleset),
            "previous_worksheet": None if carry is None and self.previous_sha256 is None else {
                "file": _file_name(self.previous_path), "sha256": self.previous_sha256,
                "entries": len(carry.entries) if carry is not None else 0,
                "carried": carry.carried if carry is not None else 0,
                "needs_new_review": carry.changed_rows if carry is not None else 0},
        }

    def log_entry(self, summary: Summary, report_sha256: str, manifest_sha256: str, written: int,
                  previous_unchanged: bool) -> dict[str, Any]:
        """The run's entry in the review log: what it made, what it carried over, what it did not."""
        entry: dict[str, Any] = {
            "kind": "reconcile", "time": now(), "run_id": self.run_id, "report": _file_name(self.report_path),
            "report_sha256": report_sha256, "manifest_sha256": manifest_sha256, "rows": summary.rows,
            "rows_written": written, "by_verdict": {v.value: summary.by_verdict.get(v.value, 0) for v in Verdict},
        }
        if self.previous_sha256 is not None:
            carry = self.carry
            changed, gone = carry.left() if carry is not None else ([], [])
            entry["previous_worksheet"] = {
                "sha256": self.previous_sha256, "kept_as": _file_name(self.previous_path),
                "changed_while_running": not previous_unchanged,
                "entries": len(carry.entries) if carry is not None else 0,
                "carried": carry.carried if carry is not None else 0,
                "needs_new_review": carry.changed_rows if carry is not None else 0,
                # In full: the log keeps what the new worksheet does not.
                "not_carried_changed": [e.to_dict() for e in changed],
                "not_carried_gone": [e.to_dict() for e in gone],
                "carried_added_columns": [e.to_dict() for e in (carry.carried_entries() if carry is not None else [])
                                          if e.extra],
            }
        return entry


def _file_name(path: str) -> str:
    """A file's name as the manifest and the log keep it: a name may hold a person's number, never kept in full."""
    return redact(os.path.basename(path))


def _sha256_of(out: OutputFile) -> str:
    h = hashlib.sha256()
    size = os.fstat(out.fileno()).st_size
    done = 0
    while done < size:
        data = read_at(out.fileno(), min(1 << 24, size - done), done)
        h.update(data)
        done += len(data)
    return h.hexdigest()


def write_reports(run: Reconciliation, outputs: Worksheets) -> dict[str, Any]:
    """Run ``run``, writing the worksheet (and REPORT.html) and, once they are complete, the audit trail.

    REPORT.html is made from the worksheet's own rows (:class:`.core.ReportRow` columns, values included
    for flagged rows), fed to :class:`.report_html.HtmlReport` chunk by chunk as they are written, with the
    run manifest summarised at its top.  Returns the manifest.
    """
    options = outputs.options
    verdict_at, match = REPORT_COLUMNS.index("verdict"), Verdict.MATCH.value
    with contextlib.ExitStack() as stack:
        stack.callback(run.close)
        # The HTML file first: an unwritable path fails before the long run.
        html = OutputFile(options.html, label="HTML report") if options.html else None
        if html is not None:
            stack.callback(html.abort)  # a no-op once committed
        report = outputs.open_report()
        stack.callback(report.abort)
        if html is None:  # the fast path: the workers format the rows, a chunk at a time
            run.write_csv(report)
            return outputs.commit(report, run.summary, run.ruleset, run.input_digests)
        # The page spools the flagged rows and counts the matched ones: memory stays bounded.
        page = stack.enter_context(HtmlReport(reveal_numbers=options.reveal_numbers))
        for chunk in run.column_chunks():
            report.write_columns([v for v in chunk if v[verdict_at] != match] if options.flagged_only else chunk)
            page.add_columns(chunk, REPORT_COLUMNS)  # every row, also with --flagged-only: the page counts them
        manifest = outputs.manifest_of(report, run.summary, run.ruleset, run.input_digests)
        write_parts(html, page.parts(summary=run.summary, manifest=manifest))
        return outputs.commit(report, run.summary, run.ruleset, run.input_digests, html, manifest)
