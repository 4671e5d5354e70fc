"""Reconcile a business-system export against a register extract.

The run, in four steps:

1. the register is read into a :class:`~.index.RegisterIndex` (this bounds
   memory); a large file is cut into blocks of whole records that worker
   processes parse (:func:`.parallel.pack_blocks`);
2. workers forked after the index share it; each takes a block of the
   business file (or a chunk of rows given in memory), parses, checks and
   assesses it (:func:`.core.assess_pair`, :func:`.core.assess_unjoined`),
   writes the report rows (pickled columns, or already REPORT.csv text,
   :func:`.report_csv.row_text`) to a private spool file itself, and
   returns where they lie and two 64-bit keys per row;
3. the duplicate checks run over those keys (:func:`.duplicates.duplicate_rows`);
4. the spool is read back in input order: as column tuples
   (:meth:`Reconciliation.column_chunks`, iteration) or as REPORT.csv text
   (:meth:`Reconciliation.csv_chunks`, :meth:`Reconciliation.write_csv`).
   A row the duplicate checks flag is read again from its input (its block
   of the business file, or the rows the worker kept in the spool) and made
   by :func:`.core.score_row` with its flags, the function the Spark
   executors run on every row; its text or columns replace the worker's.
   Every row comes out; none is dropped.
"""

from __future__ import annotations

import array
import contextlib
import datetime
import os
import pickle
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from ..clock import as_day
from ..errors import InputError
from ..mynumber import SPREADSHEET_NUMBER, SPREADSHEET_ZEROS
from ..record import Record, plain_row
from ..rules import Ruleset, rulesets
from ..verdicts import Verdict
from . import io as rio
from .core import (
    REPORT_COLUMNS,
    Assessment,
    Detail,
    ReportRow,
    apply_flags,
    assess_row,
    assessment,
    detail_of,
    score_row,
    shown,
    tally,
)
from .duplicates import SeenKeys, duplicate_rows
from .index import STORED, RegisterIndex
from .io import Block, CsvTable, Misaligned, open_table, rows_at
from .keys import number_key
from .parallel import (
    KEPT_INPUT,
    BlockTask,
    Job,
    RowsTask,
    Scored,
    Scorer,
    Task,
    default_jobs,
    pack_blocks,
    safe_start_method,
)
from .progress import Progress
from .report_csv import CsvReport, format_rows
from .spool import FileDigest, Span, Spool, read_at
from .worksheet import Carry

__all__ = ["Outcome", "Summary", "Reconciliation", "reconcile", "PARALLEL_MIN_BYTES", "PARALLEL_MIN_ROWS"]

#: The reason codes of a number a spreadsheet changed.
SPREADSHEET_CODES = frozenset({SPREADSHEET_NUMBER, SPREADSHEET_ZEROS})

Source = "str | os.PathLike[str] | Iterable[Record | Mapping[str, Any]]"

#: Below this size a second process costs more than it saves (a CSV business file: several jobs by default above it).
PARALLEL_MIN_BYTES = 4 << 20
#: Records given in memory run in this process unless ``jobs=`` asks for more (then with a start method
#: safe in a threaded host: :func:`.parallel.safe_start_method`).  Kept for callers that read it.
PARALLEL_MIN_ROWS = 20_000
#: Rows per task for records given in memory (a file goes in blocks of bytes).
CHUNK_ROWS = 2_000

_VERDICT_AT, _ID_AT = REPORT_COLUMNS.index("verdict"), REPORT_COLUMNS.index("id")
_MATCH = Verdict.MATCH.value


@attrs.frozen(slots=True)
class Outcome:
    """A report row, and for a flagged row the two records side by side (when asked for)."""

    row: ReportRow
    detail: Detail | None = None


@attrs.define
class Summary:
    """Counts of a finished run."""

    rows: int = 0
    by_verdict: Counter[str] = attrs.Factory(Counter)
    by_reason: Counter[str] = attrs.Factory(Counter)
    register_rows: int = 0
    #: rows of the removed-residents extract (除票; 0 when none was given)
    removed_rows: int = 0
    register_duplicates: int = 0
    register_unnumbered: int = 0
    #: register rows whose number a spreadsheet changed (``6.34127E+11``, lost leading zeros)
    register_spreadsheet: int = 0
    jobs: int = 1
    seconds: float = 0.0

    @property
    def flagged(self) -> int:
        return self.rows - self.by_verdict.get(Verdict.MATCH.value, 0)

    def status_rows(self) -> dict[str, int]:
        """Rows joined to a register row that is not a current resident, by status (死亡, 転出 …), most first."""
        from ..status import Status

        counts = {s.value: self.by_reason.get(s.reason, 0) for s in Status if s.reason is not None}
        counts["不明"] = self.by_reason.get("REGISTER_STATUS_UNRECOGNISED", 0)
        return dict(sorted(((k, n) for k, n in counts.items() if n), key=lambda kn: -kn[1]))

    @property
    def spreadsheet_rows(self) -> int:
        """Business rows whose number a spreadsheet changed (``MYNUMBER_SPREADSHEET_*``)."""
        return sum(n for code, n in self.by_reason.items() if code in SPREADSHEET_CODES)

    def warnings(self, lang: str = "ja") -> list[str]:
        """What a clerk must know before reading the rows: one line each, empty when all is well."""
        out = []
        for rows, where in ((self.spreadsheet_rows, ("業務データ", "the business export")),
                            (self.register_spreadsheet, ("住基データ", "the register extract"))):
            if rows:
                out.append(
                    f"{where[0]}の{rows:,}行の個人番号が表計算ソフト（Excel等）で数値に変換されています"
                    "（6.34127E+11 のような指数表記、先頭の0の欠落）。転記誤りではありません。表計算ソフトで開かずに"
                    "出力し直してから照合してください。" if lang == "ja" else
                    f"{rows:,} rows of {where[1]} hold a My Number a spreadsheet (Excel) changed into a numeric value "
                    "(exponent notation such as 6.34127E+11, lost leading zeros): not transcription errors. Export "
                    "the data again without opening it in a spreadsheet, then check again.")
        return out

    @property
    def exit_code(self) -> int:
        """0 when every row matched, 1 when something was flagged."""
        return 1 if self.flagged else 0

    def add(self, row: ReportRow) -> None:
        self.add_columns([row.columns()])

    def add_columns(self, rows: Sequence[tuple[str, ...]]) -> None:
        """Count report rows given as column tuples."""
        self.add_counts(len(rows), *tally(rows))

    def add_counts(self, rows: int, by_verdict: Mapping[str, int], by_reason: Mapping[str, int]) -> None:
        """Count report rows already tallied (:func:`~.core.tally`)."""
        self.rows += rows
        self.by_verdict.update(by_verdict)
        self.by_reason.update(by_reason)


def _is_path(source: object) -> bool:
    return isinstance(source, str | os.PathLike)


def _records(source: Iterable[Record | Mapping[str, Any]]) -> Iterator[tuple[int, Mapping[str, Any]]]:
    for i, rec in enumerate(source, start=1):
        if isinstance(rec, Record):
            yield i, {k: getattr(rec, k) for k in STORED}
        elif isinstance(rec, Mapping):
            yield i, plain_row(rec)  # a NaN, pandas.NA … is unknown here as in compare()
        else:
            raise InputError(f"business row {i}: expected a Record or a mapping, got {type(rec).__name__}")


class Reconciliation:
    """One run: iterate it for :class:`Outcome` objects; :attr:`summary` is complete afterwards.

    Files are opened (and every input error raised) in the constructor, so a
    caller can fail fast before creating outputs.
    """

    def __init__(
        self,
        business: str | os.PathLike[str] | Iterable[Record | Mapping[str, Any]],
        register: str | os.PathLike[str] | Iterable[Record | Mapping[str, Any]] | RegisterIndex,
        *,
        ruleset: Ruleset | str | None = None,
        jobs: int | None = None,
        encoding: str | None = None,
        mapping: Mapping[str, str] | None = None,
        reveal_numbers: bool = False,
        progress: Progress | bool | None = None,
        chunk_rows: int = CHUNK_ROWS,
        register_encoding: str | None = None,
        removed: str | os.PathLike[str] | Iterable[Record | Mapping[str, Any]] | RegisterIndex | None = None,
        today: datetime.date | str | None = None,
        flagged_only: bool = False,
        carry: Carry | None = None,
        digest_inputs: bool = False,
    ) -> None:
        #: The day the run is replayed as of (``today=``, :mod:`mynacheck.clock`); None: today.
        self.today: datetime.date | None = None if today is None else as_day(today)
        if isinstance(ruleset, str):
            try:
                ruleset = rulesets.by_name(ruleset)
            except ValueError as err:
                raise InputError(str(err)) from None
        self.ruleset: Ruleset = ruleset or rulesets.DEFAULT
        self.reveal_numbers = reveal_numbers
        self.chunk_rows = max(1, chunk_rows)
        #: The CSV text holds the flagged rows only (``--flagged-only``); the summary counts every row.
        self.flagged_only = flagged_only
        #: The previous worksheet's entries, carried over to the rows as they come out.
        self.carry = carry if carry else None
        #: The SHA-256 of each input file ("business", "register", "removed"), when ``digest_inputs``; complete
        #: after the run.
        self.input_digests: dict[str, str] = {}
        self._digest_inputs = digest_inputs
        required = ("my_number", *self.ruleset.required_fields)
        self._business_table: CsvTable | None = None
        self._register_table: CsvTable | None = None
        self._removed_table: CsvTable | None = None
        register_option = "--register-encoding" if register_encoding else "--encoding"
        if _is_path(register):
            self._register_table = open_table(
                register, role="register", encoding=register_encoding or encoding, mapping=mapping,  # type: ignore[arg-type]
                required=required, encoding_option=register_option)
        try:
            if removed is not None and _is_path(removed):
                # The removed-residents extract (除票) comes from the register's system: its encoding.
                self._removed_table = open_table(
                    removed, role="removed-residents", encoding=register_encoding or encoding,  # type: ignore[arg-type]
                    mapping=mapping, required=required, encoding_option=register_option)
            if _is_path(business):
                self._business_table = open_table(
                    business, role="business", encoding=encoding, mapping=mapping, required=required)  # type: ignore[arg-type]
        except BaseException:
            for table in (self._register_table, self._removed_table):
                if table is not None:
                    table.close()
            raise
        self._business = business
        self._register = register
        self._removed = removed
        size = self._business_table.size if self._business_table else 0
        if jobs is None:
            # A file: all cores when it is large.  Records in memory: this process (a host's threads and a
            # fork do not mix, and pickling the register to other processes rarely pays): jobs= opts in.
            jobs = default_jobs() if self._business_table is not None and size >= PARALLEL_MIN_BYTES else 1
        # Never more processes than usable cores, nor than the input has blocks (or chunks) to give them.
        self.jobs = _jobs_for(jobs, size) if self._business_table else min(max(1, jobs), default_jobs(),
                                                                           _chunks_at_most(business, self.chunk_rows))
        if progress is None or isinstance(progress, bool):
            progress = Progress(size, enabled=progress)
        self.progress = progress
        self.summary = Summary(jobs=self.jobs)
        self.index: RegisterIndex | None = register if isinstance(register, RegisterIndex) else None

    def close(self) -> None:
        """Close the input files (a finished run has closed them already; safe to call twice)."""
        for table in (self._business_table, self._register_table, self._removed_table):
            if table is not None:
                table.close()

    def __enter__(self) -> Reconciliation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- steps -----------------------------------------------------------------
    def _build_index(self) -> RegisterIndex:
        index = self.index
        if index is None:
            index = self.index = self._index_of(self._register_table, self._register, "register")
        if self._removed is not None and index.removed is None:
            removed = self._index_of(self._removed_table, self._removed, "removed-residents")
            if removed is index:
                raise InputError("the removed-residents extract must not be the register itself")
            index.attach_removed(removed)
        return index

    def _index_of(self, table_or_none: CsvTable | None, source: Any, role: str) -> RegisterIndex:
        """The index of a register-like input: a CSV file (in parallel blocks when large), records, or an index."""
        if isinstance(source, RegisterIndex):
            return source
        if table_or_none is not None:
            bar = Progress(table_or_none.size, stream=self.progress.stream, enabled=self.progress.enabled,
                           label="register " if role == "register" else "removed ")
            with table_or_none as table:
                index = RegisterIndex()
                jobs = _jobs_for(self.jobs, table.size) if table.size >= PARALLEL_MIN_BYTES else 1
                digest = FileDigest(table.fileno(), table.size) if self._digest_inputs else None
                resume: Block | None = None
                while True:
                    try:
                        for packed, end in pack_blocks(table.layout, table.blocks(resume=resume), jobs,
                                                       table.fileno()):
                            index.add_packed(packed)
                            bar.update(index.rows, end)
                            if digest is not None:  # while the workers parse the next blocks
                                digest.feed()
                        break
                    except Misaligned as err:  # a stray quote fooled the splitter: cut again from that block
                        if resume is not None and err.block.start == resume.start:
                            for _, row in table.rows_from(err.block):  # never seen; the slow, sure way
                                index.add(row)
                            break
                        resume = err.block
                if digest is not None:
                    self.input_digests["register" if role == "register" else "removed"] = digest.finish()
            bar.close()
            if index.rows == 0 and role == "register":
                raise InputError(f"{table.path}: the register file has a header but no rows")
            return index
        return RegisterIndex.build(source)

    def _tasks(self) -> Iterator[Task]:
        if self._business_table is not None:
            for block, data in self._business_table.blocks():
                yield BlockTask(block, data)
        else:
            yield from self._row_tasks(_records(self._business))  # type: ignore[arg-type]

    def _row_tasks(self, source: Iterable[tuple[int, Mapping[str, Any]]]) -> Iterator[Task]:
        rows: list[Mapping[str, Any]] = []
        lines: list[int] = []
        for line, row in source:
            rows.append(row)
            lines.append(line)
            if len(rows) >= self.chunk_rows:
                yield RowsTask(rows, lines)
                rows, lines = [], []
        if rows:
            yield RowsTask(rows, lines)

    def _results(self, scorer: Scorer) -> Iterator[Scored]:
        tasks = self._tasks()
        resume: Block | None = None
        while True:
            try:
                yield from scorer.map(tasks)
                return
            except Misaligned as err:
                # A stray quote fooled the block splitter: every row before that block is
                # scored; cut the file again from there, that block by the csv module.
                table = self._business_table
                assert table is not None
                if resume is not None and err.block.start == resume.start:  # never seen; the slow, sure way
                    yield from scorer.map(self._row_tasks(table.rows_from(err.block)))
                    return
                resume = err.block
                tasks = (BlockTask(block, data) for block, data in table.blocks(resume=resume))

    def __iter__(self) -> Iterator[Outcome]:
        for chunk in self.column_chunks():
            for values in chunk:
                yield Outcome(ReportRow(*values), None)

    def column_chunks(self) -> Iterator[list[tuple[str, ...]]]:
        """Run, yielding the report rows as column tuples (:data:`REPORT_COLUMNS` order), a chunk at a time.

        The same rows as iterating the run, without building an object per
        row: the fast path for a writer of your own on a million rows.  With a
        :attr:`carry`, the previous worksheet's entries are in them.
        """
        carry = self.carry
        with self._scored(as_csv=False) as chunks:
            for chunk, span, flags in chunks:
                rows: list[tuple[str, ...]] = pickle.loads(span.read())
                for i, (_, row) in self._flagged(chunk, flags, rows).items():
                    rows[i] = row.columns()
                if carry is not None:
                    for i, values in enumerate(rows):
                        if values[_VERDICT_AT] != _MATCH or carry.notes(values[_ID_AT]):
                            row = ReportRow(*values)
                            carried = carry.apply(row)
                            if carried is not row:
                                rows[i] = carried.columns()
                self.summary.add_columns(rows)
                yield rows

    def csv_chunks(self) -> Iterator[tuple[bytes, int]]:
        """Run, yielding REPORT.csv's rows as UTF-8 text (no header), a chunk at a time: ``(data, rows)``.

        The text is what :class:`~.report_csv.CsvReport` writes (CRLF, formula
        cells escaped; :meth:`~.report_csv.CsvReport.write_encoded` takes it
        as it is).  The workers format it while they score; here only the
        rows of a duplicate group are scored again with their flags, and the
        rows the previous worksheet's entries go to are made again with them.
        ``rows`` counts the rows in ``data`` (only the flagged ones with
        :attr:`flagged_only`).
        """
        for data, span, rows in self._csv_pieces():
            yield (data if span is None else span.read()), rows

    def write_csv(self, report: CsvReport) -> None:
        """Run, writing REPORT.csv's rows to ``report``: :meth:`csv_chunks`, but a chunk
        with no row to replace goes from the spool to the report by a kernel copy."""
        for data, span, rows in self._csv_pieces():
            if span is None:
                report.write_encoded(data, rows)
            else:
                report.copy_from(span.fd, span.offset, span.size, rows)

    def _csv_pieces(self) -> Iterator[tuple[bytes, Span | None, int]]:
        # Each chunk as text with some rows replaced here, or as where its text lies in the spool.
        carry = self.carry
        with self._scored(as_csv=True) as chunks:
            for chunk, span, flags in chunks:
                assert chunk.by_verdict is not None and chunk.by_reason is not None and chunk.ends is not None
                by_verdict, by_reason = Counter(chunk.by_verdict), Counter(chunk.by_reason)
                watched: dict[int, tuple[str, ...]] = pickle.loads(chunk.watched.read()) if chunk.watched else {}
                if not flags and not watched:
                    self.summary.add_counts(chunk.rows, by_verdict, by_reason)
                    yield b"", span, self._written(chunk.rows, by_verdict)
                    continue
                flagged = self._flagged(chunk, flags)
                text, ends = span.read().decode("utf-8"), chunk.ends
                pieces, at = [], 0
                for i in sorted(flagged.keys() | watched.keys()):
                    if i in flagged:
                        old, row = flagged[i]
                        # The chunk's counts: this row as the worker counted it, then as it now is.
                        by_verdict[old.verdict.value] -= 1
                        by_reason.subtract(old.reasons)
                        by_verdict[row.verdict] += 1
                        by_reason.update(row.codes)
                        changed = True
                    else:
                        row, changed = ReportRow(*watched[i]), False
                    if carry is not None:
                        carried = carry.apply(row)
                        changed = changed or carried is not row
                        row = carried
                    if not changed:
                        continue
                    start = ends[i - 1] if i else 0
                    pieces += [text[at:start], format_rows([row.columns()])]
                    at = ends[i]
                pieces.append(text[at:])
                by_verdict, by_reason = +by_verdict, +by_reason  # + drops what no row keeps
                self.summary.add_counts(chunk.rows, by_verdict, by_reason)
                yield "".join(pieces).encode("utf-8"), None, self._written(chunk.rows, by_verdict)

    def _written(self, rows: int, by_verdict: Mapping[str, int]) -> int:
        """The rows a chunk's text holds: all of them, or the flagged ones with :attr:`flagged_only`."""
        return rows - by_verdict.get(_MATCH, 0) if self.flagged_only else rows

    def _flagged(self, chunk: Spooled, flags: ChunkFlags,
                 rows: Sequence[tuple[str, ...]] | None = None) -> dict[int, tuple[Assessment, ReportRow]]:
        """The rows of a chunk that the duplicate checks flag (position → how the worker assessed it, its row now).

        Each is scored again from its input with its flags, by the function
        the Spark executors run for every row (:func:`.core.score_row`).  A
        row given in memory whose values do not pickle has the flags added to
        its report row instead (``rows``, or the columns its worker kept).
        """
        if not flags:
            return {}
        index, ruleset, reveal = self.index, self.ruleset, self.reveal_numbers
        assert index is not None
        removed = index.removed is not None
        inputs, kept = self._inputs(chunk, flags)
        out: dict[int, tuple[Assessment, ReportRow]] = {}
        for i, flag in flags.items():
            found = inputs.get(i)
            if found is None:
                columns = kept if kept is not None else rows
                assert columns is not None, "a chunk's rows are read again, kept or given"
                row = ReportRow(*columns[i])
                out[i] = assessment(Verdict(row.verdict), row.codes), apply_flags(row, flag.codes, flag.related)
                continue
            line, business = found
            out[i] = (assess_row(business, index.get, ruleset, removed=removed),
                      score_row(business, index.get, ruleset, line=line, reveal_numbers=reveal,
                                flags=(flag.codes, flag.related), removed=removed))
        return out

    def _inputs(self, chunk: Spooled, flags: ChunkFlags) -> tuple[dict[int, tuple[object, Mapping[str, Any]]],
                                                                  Sequence[tuple[str, ...]] | None]:
        """The input rows of a chunk's flagged rows (position → (line label, row)), or the report columns its worker kept."""
        source = chunk.source
        if isinstance(source, Block):
            table = self._business_table
            assert table is not None
            data = read_at(table.fileno(), source.end - source.start, source.start)
            at = {flag.line: i for i, flag in flags.items()}
            return {at[line]: (line, row) for line, row in rows_at(table.layout, data, source, at).items()}, None
        if isinstance(source, Span):
            kept = pickle.loads(source.read())
            if kept[0] == KEPT_INPUT:
                given, labels = kept[1], kept[2]
                return {i: (labels[i], given[i]) for i in flags}, None
            return {}, kept[1]
        return {}, None

    @contextlib.contextmanager
    def _scored(self, as_csv: bool) -> Iterator[Iterator[tuple[Spooled, Span, ChunkFlags]]]:
        """Score every row; inside, the spooled chunks come back in input order
        with the duplicate flags of their rows."""
        start = time.monotonic()
        try:
            index = self._build_index()
        except BaseException:
            self.close()
            raise
        s = self.summary
        s.register_rows, s.register_duplicates, s.register_unnumbered = index.rows, index.duplicates, index.unnumbered
        s.register_spreadsheet = index.spreadsheet
        s.removed_rows = index.removed.rows if index.removed is not None else 0
        # 24 bytes a business row: the register index stays what bounds memory.
        numbers, people = array.array("q"), array.array("q")
        lines = array.array("q")  # each row's label, to name the other rows of a group
        chunks: list[Spooled] = []  # per chunk: where it lies in the spool, its rows and counts
        seen_numbers, seen_people = SeenKeys(), SeenKeys()
        # The spool is private (0600) and deleted on close.  The workers, forked
        # after it and after the index, share both and write their results to it.
        with contextlib.ExitStack() as stack:
            stack.callback(self.close)  # the business file, once the report is out (or on any error)
            spool = stack.enter_context(tempfile.TemporaryFile(prefix="mynacheck-"))
            table = self._business_table
            carry_ids = self.carry.ids if self.carry is not None else None
            job = Job(self.ruleset, index, table.layout if table else None, self.reveal_numbers, as_csv,
                      Spool(spool.fileno()), table.fileno() if table else -1, self.flagged_only, carry_ids,
                      self.today)
            digest = FileDigest(table.fileno(), table.size) if table is not None and self._digest_inputs else None
            # The CLI's file path forks (its own process, no other thread); records given in memory come
            # from a host that may run threads: their workers start without forking it.
            method = "fork" if table is not None else safe_start_method()
            with Scorer(job, self.jobs, method=method) as scorer:
                s.jobs = scorer.jobs
                for scored in self._results(scorer):
                    numbers.extend(scored.numbers)
                    people.extend(scored.people)
                    # Gathered now, while the workers score: the duplicate checks then start at once.
                    seen_numbers.update(scored.numbers)
                    seen_people.update(scored.people)
                    lines.extend(scored.lines)
                    chunks.append(Spooled(scored.offset, scored.size, len(scored), scored.by_verdict,
                                          scored.by_reason, scored.ends, scored.source, scored.watched))
                    self.progress.update(len(numbers), scored.end or self._position())
                    if digest is not None:  # while the workers score the next blocks
                        digest.feed()
            if digest is not None:
                self.input_digests["business"] = digest.finish()
            # Every row is scored and the workers are gone (their memory with them).  The business
            # file stays open until the report is out: a flagged row is read from it again.
            if not numbers and self._business_table is not None:
                raise InputError(f"{self._business_table.path}: the business file has a header but no rows")
            self.progress.update(len(numbers), self._position(), force=True)
            self.progress.close()
            flags, related = duplicate_rows(numbers, people, seen=(seen_numbers, seen_people))
            del numbers, people, seen_numbers, seen_people
            yield _read_back(spool.fileno(), chunks, flags, related, lines)
        s.seconds = time.monotonic() - start

    def _position(self) -> int:
        return self._business_table.position if self._business_table is not None else 0


@attrs.frozen(slots=True)
class Spooled:
    """What the main process keeps of a spooled chunk: where it lies in the
    spool, its rows, for CSV text its counts and row ends, and where its
    input rows can be read again (:attr:`.parallel.Scored.source`)."""

    offset: int
    size: int
    rows: int
    by_verdict: Counter[str] | None = None
    by_reason: Counter[str] | None = None
    ends: array.array[int] | None = None
    source: Block | Span | None = None
    watched: Span | None = None


@attrs.frozen(slots=True)
class Flag:
    """What the duplicate checks say of one row: its reason codes, the labels of the
    other rows of its groups (at most :data:`.duplicates` ``limit``), and its own line label."""

    codes: tuple[str, ...]
    related: tuple[int, ...]
    line: int


#: The flags of some rows of a chunk, by their position in the chunk.
ChunkFlags = Mapping[int, Flag]


def _read_back(
    fd: int, chunks: Sequence[Spooled], flags: Mapping[int, tuple[str, ...]],
    related: Mapping[int, tuple[int, ...]], lines: Sequence[int],
) -> Iterator[tuple[Spooled, Span, ChunkFlags]]:
    """Each spooled chunk with its place in the spool and the flags of its rows (positions within the chunk)."""
    flagged = sorted(flags)  # few: walk them alongside the chunks
    k = first = 0
    for chunk in chunks:
        end = first + chunk.rows
        mine: dict[int, Flag] = {}
        while k < len(flagged) and flagged[k] < end:
            i = flagged[k]
            k += 1
            mine[i - first] = Flag(flags[i], tuple(lines[j] for j in related.get(i, ())), lines[i])
        yield chunk, Span(fd, chunk.offset, chunk.size), mine
        first = end


def _jobs_for(jobs: int, size: int) -> int:
    """``jobs`` capped at the usable cores and at the blocks a file of ``size`` bytes makes."""
    blocks = -(-size // rio.BLOCK_BYTES)
    return max(1, min(jobs, default_jobs(), blocks))


def _chunks_at_most(source: object, rows: int) -> int:
    """How many tasks records given in memory make (a large number when their count is unknown)."""
    try:
        return max(1, -(-len(source) // rows))  # type: ignore[arg-type]
    except TypeError:
        return 1 << 30


def reconcile(
    business: str | os.PathLike[str] | Iterable[Record | Mapping[str, Any]],
    register: str | os.PathLike[str] | Iterable[Record | Mapping[str, Any]],
    *,
    ruleset: Ruleset | str | None = None,
    jobs: int | None = None,
    encoding: str | None = None,
    mapping: Mapping[str, str] | None = None,
    reveal_numbers: bool = False,
    register_encoding: str | None = None,
    removed: str | os.PathLike[str] | Iterable[Record | Mapping[str, Any]] | None = None,
    today: datetime.date | str | None = None,
) -> Iterator[ReportRow]:
    """Reconcile business rows against the register; yield one :class:`ReportRow` per business row, in order.

    ``business`` and ``register`` are CSV paths or iterables of
    :class:`~mynacheck.Record` / mappings.  The register is held in memory;
    the business rows stream.  ``jobs``: processes to score on.  For CSV
    files the default is every core for a large file (forked workers);
    records given in memory run in this process unless ``jobs`` asks for
    more, and then the workers start by ``forkserver`` (``spawn`` where
    there is none), which is safe in a host running threads: the ruleset
    travels by pickle, so its rules' functions must be module-level functions.  For CSV inputs the ``line`` column is the
    line in the file; for records it is the position (1-based).
    ``encoding`` forces both files' encoding (default: detected);
    ``register_encoding`` the register's alone.  ``removed`` is a
    removed-residents extract (除票: people removed by death, moving out,
    ex officio): a number the register lacks is looked up there, and found
    there it is a removed person (a loss-of-eligibility check), not a number
    missing from the register.  ``today`` replays a past run: every date
    check that depends on today uses that day (:mod:`mynacheck.clock`).

    >>> person = {"my_number": "123456789018", "name": "髙橋 一郎", "birth_date": "1970-03-12",
    ...           "sex": "1", "address": "長野県長野市鶴賀緑町1613", "id": "A1"}
    >>> rows = list(reconcile([person, dict(person, id="A2", name="髙橋 花子")], [person]))
    >>> [(r.id, r.verdict) for r in rows]
    [('A1', 'mismatch'), ('A2', 'mismatch')]
    >>> rows[1].reasons.split()[0]
    'RECORD_DUPLICATE_NUMBER'
    """
    yield from (o.row for o in Reconciliation(
        business, register, ruleset=ruleset, jobs=jobs, encoding=encoding, mapping=mapping,
        reveal_numbers=reveal_numbers, progress=False, register_encoding=register_encoding, removed=removed,
        today=today))


def details_for(
    outcomes: Sequence[Outcome], business_rows: Mapping[int, Mapping[str, Any]], index: RegisterIndex,
    *, reveal_numbers: bool = False,
) -> list[Outcome]:
    """Attach side-by-side details to outcomes, given the business rows by line."""
    out = []
    for o in outcomes:
        line = int(o.row.line)
        biz = business_rows.get(line)
        if biz is None:
            out.append(o)
            continue
        key = number_key(biz.get("my_number"))
        reg = index.get(key) if key is not None else None
        # Raw values side by side: never a control character or a lone surrogate on the page.
        biz = {k: shown(v) for k, v in biz.items()}
        reg = {k: shown(v) for k, v in reg.items()} if reg is not None else None
        out.append(Outcome(o.row, detail_of(biz, reg, o.row, reveal_numbers=reveal_numbers)))
    return out
