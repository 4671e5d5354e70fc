"""Reconcile a business-system export against a register extract.

The run, in four steps:

1. the register is read into a :class:`~.index.RegisterIndex` (this bounds
   memory); a large file is cut into blocks of whole records that worker
   processes parse (:func:`.parallel.pack_blocks`);
2. workers forked after the index share it; each takes a block of the
   business file (or a chunk of rows given in memory), parses, checks and
   scores it (:func:`.core.score_tail`), writes the report rows (pickled
   columns, or already REPORT.csv text) to a private spool file itself, and
   returns where they lie and two 64-bit keys per row;
3. the duplicate checks run over those keys (:func:`.duplicates.duplicate_rows`);
4. the spool is read back in input order with the duplicate flags of its
   rows: as column tuples (:meth:`Reconciliation.column_chunks`, iteration)
   or as REPORT.csv text the workers formatted while scoring
   (:meth:`Reconciliation.csv_chunks`, :meth:`Reconciliation.write_csv`).
   Every row comes out; none is dropped.
"""

from __future__ import annotations

import array
import contextlib
import csv
import datetime
import io
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
from .core import ChunkFlags, Detail, ReportRow, detail_of, flag_rows, shown, tally
from .duplicates import duplicate_rows
from .index import STORED, RegisterIndex
from .io import Block, CsvTable, Misaligned, open_table, read_at
from .keys import number_key
from .parallel import (
    BlockTask,
    Job,
    RowsTask,
    Scored,
    Scorer,
    Spool,
    Task,
    default_jobs,
    pack_blocks,
    safe_start_method,
)
from .progress import Progress
from .report_csv import CsvReport, format_rows

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
    register_duplicates: int = 0
    register_unnumbered: int = 0
    #: register rows whose number a spreadsheet changed (``6.34127E+11``, lost leading zeros)
    register_spreadsheet: int = 0
    jobs: int = 1
    seconds: float = 0.0

    @property
    def flagged(self) -> int:
        return self.rows - self.by_verdict.get(Verdict.MATCH.value, 0)

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
        today: datetime.date | str | None = None,
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
        required = ("my_number", *self.ruleset.required_fields)
        self._business_table: CsvTable | None = None
        self._register_table: CsvTable | None = None
        if _is_path(register):
            self._register_table = open_table(
                register, role="register", encoding=register_encoding or encoding, mapping=mapping,  # type: ignore[arg-type]
                required=required, encoding_option="--register-encoding" if register_encoding else "--encoding")
        if _is_path(business):
            try:
                self._business_table = open_table(
                    business, role="business", encoding=encoding, mapping=mapping, required=required)  # type: ignore[arg-type]
            except BaseException:
                if self._register_table is not None:
                    self._register_table.close()
                raise
        self._business = business
        self._register = register
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
        for table in (self._business_table, self._register_table):
            if table is not None:
                table.close()

    def __enter__(self) -> Reconciliation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- steps -----------------------------------------------------------------
    def _build_index(self) -> RegisterIndex:
        if self.index is not None:
            return self.index
        if self._register_table is not None:
            bar = Progress(self._register_table.size, stream=self.progress.stream, enabled=self.progress.enabled,
                           label="register ")
            with self._register_table as table:
                index = RegisterIndex()
                jobs = _jobs_for(self.jobs, table.size) if table.size >= PARALLEL_MIN_BYTES else 1
                resume: Block | None = None
                while True:
                    try:
                        for packed, end in pack_blocks(table.layout, table.blocks(resume=resume), jobs,
                                                       table.fileno()):
                            index.add_packed(packed)
                            bar.update(index.rows, end)
                        break
                    except Misaligned as err:  # a stray quote fooled the splitter: cut again from that block
                        if resume is not None and err.block.start == resume.start:
                            for _, row in table.rows_from(err.block):  # never seen; the slow, sure way
                                index.add(row)
                            break
                        resume = err.block
            bar.close()
            if index.rows == 0:
                raise InputError(f"{table.path}: the register file has a header but no rows")
        else:
            index = RegisterIndex.build(self._register)  # type: ignore[arg-type]
        self.index = index
        return index

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
        row: the fast path for a writer of your own on a million rows.
        """
        with self._scored(as_csv=False) as chunks:
            for _, span, flags in chunks:
                rows = flag_rows(pickle.loads(span.read()), flags)
                self.summary.add_columns(rows)
                yield rows

    def csv_chunks(self) -> Iterator[tuple[bytes, int]]:
        """Run, yielding REPORT.csv's rows as UTF-8 text (no header), a chunk at a time: ``(data, rows)``.

        The text is what :class:`~.report_csv.CsvReport` writes (CRLF, formula
        cells escaped; :meth:`~.report_csv.CsvReport.write_encoded` takes it
        as it is).  The workers format it while they score; here only the
        rows of a duplicate group are read back, flagged and formatted again.
        """
        for data, span, rows in self._csv_pieces():
            yield (data if span is None else span.read()), rows

    def write_csv(self, report: CsvReport) -> None:
        """Run, writing REPORT.csv's rows to ``report``: :meth:`csv_chunks`, but a chunk
        without flagged rows goes from the spool to the report by a kernel copy."""
        for data, span, rows in self._csv_pieces():
            if span is None:
                report.write_encoded(data, rows)
            else:
                report.copy_from(span.fd, span.offset, span.size, rows)

    def _csv_pieces(self) -> Iterator[tuple[bytes, Span | None, int]]:
        # Each chunk as text flagged here, or as where its text lies in the spool.
        with self._scored(as_csv=True) as chunks:
            for chunk, span, flags in chunks:
                assert chunk.by_verdict is not None and chunk.by_reason is not None and chunk.ends is not None
                by_verdict, by_reason = chunk.by_verdict, chunk.by_reason
                text = _flag_text(span.read().decode("utf-8"), chunk.ends, flags, by_verdict, by_reason) if flags else None
                self.summary.add_counts(chunk.rows, by_verdict, by_reason)
                if text is None:
                    yield b"", span, chunk.rows
                else:
                    yield text.encode("utf-8"), None, chunk.rows

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
        # 24 bytes a business row: the register index stays what bounds memory.
        numbers, people = array.array("q"), array.array("q")
        lines = array.array("q")  # each row's label, to name the other rows of a group
        chunks: list[Spooled] = []  # per chunk: where it lies in the spool, its rows and counts
        number_counts: Counter[int] = Counter()
        person_counts: Counter[int] = Counter()
        # The spool is private (0600) and deleted on close.  The workers, forked
        # after it and after the index, share both and write their results to it.
        with contextlib.ExitStack() as stack:
            stack.callback(self.close)  # the business file, once every row is scored (or on any error)
            spool = stack.enter_context(tempfile.TemporaryFile(prefix="mynacheck-"))
            table = self._business_table
            job = Job(self.ruleset, index, table.layout if table else None, self.reveal_numbers, as_csv,
                      Spool(spool.fileno()), table.fileno() if table else -1, self.today)
            # The CLI's file path forks (its own process, no other thread); records given in memory come
            # from a host that may run threads: their workers start without forking it.
            method = "fork" if table is not None else safe_start_method()
            with Scorer(job, self.jobs, method=method) as scorer:
                s.jobs = scorer.jobs
                for scored in self._results(scorer):
                    numbers.extend(scored.numbers)
                    people.extend(scored.people)
                    # Counted now, while the workers score: the duplicate checks then start at once.
                    number_counts.update(scored.numbers)
                    person_counts.update(scored.people)
                    lines.extend(scored.lines)
                    chunks.append(Spooled(scored.offset, scored.size, len(scored), scored.by_verdict,
                                          scored.by_reason, scored.ends))
                    self.progress.update(len(numbers), scored.end or self._position())
            self.close()
            # Every row is scored and the workers are gone (their memory with them).
            if not numbers and self._business_table is not None:
                raise InputError(f"{self._business_table.path}: the business file has a header but no rows")
            self.progress.update(len(numbers), self._position(), force=True)
            self.progress.close()
            flags, related = duplicate_rows(numbers, people, counts=(number_counts, person_counts))
            del numbers, people, number_counts, person_counts
            yield _read_back(spool.fileno(), chunks, flags, related, lines)
        s.seconds = time.monotonic() - start

    def _position(self) -> int:
        return self._business_table.position if self._business_table is not None else 0


@attrs.frozen(slots=True)
class Spooled:
    """What the main process keeps of a spooled chunk: where it lies in the
    spool, its rows, and for CSV text its counts and row ends."""

    offset: int
    size: int
    rows: int
    by_verdict: Counter[str] | None = None
    by_reason: Counter[str] | None = None
    ends: array.array[int] | None = None


@attrs.frozen(slots=True)
class Span:
    """Where a chunk's data lies in the spool (an open file descriptor)."""

    fd: int
    offset: int
    size: int

    def read(self) -> bytes:
        return read_at(self.fd, self.size, self.offset)


def _read_back(
    fd: int, chunks: Sequence[Spooled], flags: Mapping[int, tuple[str, ...]],
    related: Mapping[int, tuple[int, ...]], lines: Sequence[int],
) -> Iterator[tuple[Spooled, Span, ChunkFlags]]:
    """Each spooled chunk with its place in the spool and the flags of its rows (positions within the chunk)."""
    flagged = sorted(flags)  # few: walk them alongside the chunks
    k = first = 0
    for chunk in chunks:
        end = first + chunk.rows
        mine: dict[int, tuple[Sequence[str], Sequence[object]]] = {}
        while k < len(flagged) and flagged[k] < end:
            i = flagged[k]
            k += 1
            mine[i - first] = (flags[i], [lines[j] for j in related.get(i, ())])
        yield chunk, Span(fd, chunk.offset, chunk.size), mine
        first = end


def _flag_text(text: str, ends: Sequence[int], flags: ChunkFlags, by_verdict: Counter[str],
               by_reason: Counter[str]) -> str:
    """Flag some rows of a chunk of REPORT.csv text in place, and correct the chunk's counts.

    Each flagged row is read back as CSV, flagged (:func:`~.core.apply_flags`)
    and formatted again.  Its cells are already escaped, and escaping them
    again changes nothing, so only the flagged rows' text changes.
    """
    pieces, at = [], 0
    for i in sorted(flags):
        start = ends[i - 1] if i else 0
        old = tuple(next(csv.reader(io.StringIO(text[start:ends[i]], newline=""))))
        new = flag_rows([old], {0: flags[i]})
        for counts, delta in zip((by_verdict, by_reason), tally(new), strict=True):
            counts.update(delta)
        for counts, delta in zip((by_verdict, by_reason), tally([old]), strict=True):
            counts.subtract(delta)
        pieces += [text[at:start], format_rows(new)]
        at = ends[i]
    pieces.append(text[at:])
    for counts in (by_verdict, by_reason):
        for key in [key for key, n in counts.items() if n <= 0]:
            del counts[key]  # a code no row keeps any more
    return "".join(pieces)


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
    ``register_encoding`` the register's alone.  ``today`` replays a past run:
    every date check that depends on today uses that day (:mod:`mynacheck.clock`).

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
        reveal_numbers=reveal_numbers, progress=False, register_encoding=register_encoding, today=today))


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
