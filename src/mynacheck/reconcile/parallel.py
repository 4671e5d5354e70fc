"""Score the business rows on several cores, results in input order.

The register index is built first and the worker processes are forked
after it, so every worker shares it (copy-on-write) instead of receiving
register rows with each task.  A task is either a block of the business
file's bytes, which the worker decodes, parses and checks itself (the main
process only cuts the file at record boundaries), or a list of rows given in
memory.  At most a few tasks are outstanding at a time, so a 1M-row file
never sits in a queue; a block task travels as its place in the file (a
few bytes), and the worker reads the block itself.

The workers are a small pool of our own (:class:`Workers`), not
``multiprocessing.Pool``: a worker that dies (SIGKILL, the OOM killer) ends
the run at once with :class:`WorkerDied` instead of hanging it, and a worker
whose main process is gone leaves quietly (no BrokenPipe tracebacks).

With one job, or on a platform without ``fork`` (the index cannot be shared
cheaply there), everything runs in this process: same function, same order,
same output.

**Start methods.**  The CLI's file path forks: the process that forks is the
command's own, with no other thread, and fork shares the index for free.
Records given in memory come from a host process (a web service, a notebook)
that may run threads, and ``fork`` there can deadlock the child (Python 3.12
warns).  So in-memory parallelism (opt-in: ``jobs=``) starts its workers
with :func:`safe_start_method` (``forkserver``, else ``spawn``): the job
(ruleset, index) travels by pickle, the workers return their results, and
this process writes them to the spool.
"""

from __future__ import annotations

import array
import contextlib
import ctypes
import datetime
import functools
import gc
import multiprocessing as mp
import multiprocessing.connection
import operator
import os
import pickle
import signal
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from ..clock import as_of
from ..errors import MynacheckError, UsageError
from ..record import KEYS, Record, record_of_texts
from ..rules import Ruleset
from .core import (
    Assessment,
    assess_found,
    assess_pair,
    assess_unjoined,
    flagged_cells,
    has_control,
    row_cells,
    row_head,
    ruleset_label,
    shown,
    tally_assessments,
)
from .index import PackedRows, RegisterIndex, pack_records
from .io import Block, Layout, cell_picker, decode_block, may_hold_control, parse_records
from .keys import digest, number_key, person_key
from .report_csv import format_rows, row_text
from .spool import Span, Spool, read_at
from .worksheet import id_key

__all__ = [
    "Job", "BlockTask", "RowsTask", "KEPT_INPUT", "KEPT_ROWS", "Task", "Scored", "Scorer", "score_task", "default_jobs", "pack_blocks",
    "pack_block", "Workers", "WorkerDied",
]


class WorkerDied(MynacheckError):
    """A worker process ended in the middle of a run (killed, or out of memory).

    The run stops with this error (one line, exit 2 in the CLI); nothing waits for the lost task.
    """


@attrs.frozen(slots=True)
class Job:
    """What every task needs; set once, inherited by the forked workers."""

    ruleset: Ruleset
    index: RegisterIndex
    layout: Layout | None = None
    reveal_numbers: bool = False
    #: Return each chunk as REPORT.csv text (UTF-8) instead of pickled
    #: columns: the report is then formatted while scoring, on every core.
    as_csv: bool = False
    #: Write each result to this spool and return only where it is.
    spool: Spool | None = None
    #: The business file, open (inherited by the forked workers): a block task
    #: without data is read from here.
    source_fd: int = -1
    #: CSV text of the flagged rows only (``--flagged-only``): a matched row's text is empty.
    flagged_only: bool = False
    #: When a previous worksheet's entries are carried over (:class:`.worksheet.Carry`): their ids.
    #: The CSV path then keeps the rows the carry must see (every flagged row, and a matched
    #: row with one of these ids) in the spool, for the main process to hand over the entries.
    carry_ids: frozenset[str] | None = None
    #: The day the run is replayed as of (:mod:`mynacheck.clock`); None: today.
    today: datetime.date | None = None


@attrs.frozen(slots=True)
class BlockTask:
    """Whole records of the business file: its bytes, or (``data`` empty) where the worker reads them."""

    block: Block
    data: bytes = b""


@attrs.frozen(slots=True)
class RowsTask:
    """Business rows already read, with their line labels."""

    rows: Sequence[Mapping[str, Any]]
    lines: Sequence[object]


Task = BlockTask | RowsTask


@attrs.frozen(slots=True)
class Scored:
    """One task's result, in the form the main process stores without touching rows.

    ``data`` holds the rows' report columns: a pickled list of column tuples,
    or with :attr:`Job.as_csv` their REPORT.csv text as UTF-8, with the
    chunk's counts in ``by_verdict`` and ``by_reason`` and the rows' ends
    (in characters, to flag a row in place).  Either is written
    to the spool as it is.  ``numbers``, ``people`` and ``lines`` hold per
    row the number-key digest, the person-key digest (0 = unknown) and the
    row's line label (0 when not a number).
    """

    data: bytes
    numbers: array.array[int]
    people: array.array[int]
    lines: array.array[int]
    #: the file position the task reached (0 when not from a file)
    end: int = 0
    by_verdict: Counter[str] | None = None
    by_reason: Counter[str] | None = None
    #: CSV text only: where each row's text ends (characters), to replace a row's text
    ends: array.array[int] | None = None
    #: With a spool, ``data`` is empty and the result lies in the spool here
    offset: int = -1
    size: int = 0
    #: Where the task's input rows can be read again (a row the duplicate checks
    #: flag is scored again from them): its block of the business file, or, for
    #: rows given in memory, their pickle (``(rows, lines)``) in the spool; None if
    #: they cannot be kept (a value that does not pickle).
    source: Block | Span | None = None
    #: With :attr:`Job.carry_ids` and CSV text: the rows the carry must see, pickled
    #: (position in the task → report columns) in the spool; None when there are none.
    watched: Span | None = None
    #: The same rows pickled, from a worker without the spool (started without fork):
    #: the main process spools them (:meth:`Scorer.map`).
    watched_rows: bytes = b""

    def __len__(self) -> int:
        return len(self.numbers)


_JOB: Job | None = None


def _init(job: Job) -> None:
    global _JOB
    _JOB = job
    # A scored row allocates many short-lived objects and almost never a cycle:
    # collecting the young generation every 700 allocations costs ~6% here.
    # (Only in the workers we own; a library leaves its caller's settings alone.)
    gc.set_threshold(50_000, 20, 20)


def _run(task: Task) -> Scored:
    assert _JOB is not None, "worker not initialised"
    return score_task(task, _JOB)


def score_task(task: Task, job: Job) -> Scored:
    """Score one task: report rows plus the blocking keys of every row."""
    if job.today is not None:
        with as_of(job.today):
            return _score_task(task, job)
    return _score_task(task, job)


def _score_task(task: Task, job: Job) -> Scored:
    """The scoring of one task, as of the job's day."""
    source: Block | Span | None = None
    kept: list[tuple[str, ...]] | None = None  # the rows' columns, kept when their input cannot be
    if isinstance(task, BlockTask):
        if not task.data and task.block.end > task.block.start:
            task = BlockTask(task.block, read_at(job.source_fd, task.block.end - task.block.start, task.block.start))
        rows, end, source = _block_rows(task, job), task.block.end, task.block
    else:
        rows, end = _given_rows(task, job), 0
        if job.spool is not None:
            source = _keep_input(task, job.spool)
            if source is None and job.as_csv:
                kept = []
    reveal, ruleset, flagged_only = job.reveal_numbers, job.ruleset, job.flagged_only
    label: str | None = None  # the flagged rows' ruleset cell: made at the first one, not per row (its fingerprint)
    ids = job.carry_ids if job.as_csv else None
    watched: dict[int, tuple[str, ...]] = {}
    numbers, people, labels = array.array("q"), array.array("q"), array.array("q")
    columns, pieces, assessed, ends, at = [], [], [], array.array("I"), 0
    for position, (line, row, ident, number, key, assessment, register) in enumerate(rows):
        head = row_head(line, ident, number, reveal)
        # A flagged row (a few in a hundred) is made whole, values and all, by the general path (its
        # cells, without the ReportRow object); a matched row is its head and its assessment's cells,
        # formatted once per run.
        report = None
        if assessment.flagged:
            label = ruleset_label(ruleset) if label is None else label
            report = flagged_cells(head, assessment, row, register, ruleset, reveal_numbers=reveal, label=label)
        if job.as_csv:
            piece = format_rows([report]) if report is not None else ("" if flagged_only else row_text(head, assessment))
            pieces.append(piece)
            assessed.append(assessment)
            at += len(piece)
            ends.append(at)
            if kept is not None:
                kept.append(report if report is not None else row_cells(head, assessment))
            if ids is not None and (report is not None or (ids and id_key(head[1]) in ids)):
                watched[position] = report if report is not None else row_cells(head, assessment)
        else:
            columns.append(report if report is not None else row_cells(head, assessment))
        # The keys right after the scoring: the values just parsed are still in the parsers' caches.
        numbers.append(digest(key))
        people.append(digest(person_key(row)))
        labels.append(line if type(line) is int else _label(line))
    if kept is not None and job.spool is not None:
        source = job.spool.span(pickle.dumps((KEPT_ROWS, kept), protocol=pickle.HIGHEST_PROTOCOL))
    if not job.as_csv:
        return _result(job, pickle.dumps(columns, protocol=pickle.HIGHEST_PROTOCOL), numbers, people, labels, end,
                       source=source)
    by_verdict, by_reason = tally_assessments(assessed)
    result = _result(job, "".join(pieces).encode("utf-8"), numbers, people, labels, end, by_verdict, by_reason, ends,
                     source)
    if watched:
        data = pickle.dumps(watched, protocol=pickle.HIGHEST_PROTOCOL)
        result = attrs.evolve(result, watched=job.spool.span(data)) if job.spool is not None \
            else attrs.evolve(result, watched_rows=data)
    return result


def _result(job: Job, data: bytes, numbers: array.array[int], people: array.array[int], labels: array.array[int],
            end: int, by_verdict: Counter[str] | None = None, by_reason: Counter[str] | None = None,
            ends: array.array[int] | None = None, source: Block | Span | None = None) -> Scored:
    # With a spool the worker writes the data there itself and returns where it is.
    if job.spool is None:
        return Scored(data, numbers, people, labels, end, by_verdict, by_reason, ends, source=source)
    return Scored(b"", numbers, people, labels, end, by_verdict, by_reason, ends, job.spool.append(data), len(data),
                  source)


#: What a spooled source of rows given in memory holds: ``(KEPT_INPUT, rows, lines)``, or when
#: a value does not pickle, ``(KEPT_ROWS, report columns)`` (such a row is flagged, not scored again).
KEPT_INPUT, KEPT_ROWS = "input", "rows"


def _keep_input(task: RowsTask, spool: Spool) -> Span | None:
    """Rows given in memory, kept in the spool with their labels to be read again; None when a value does not pickle."""
    try:
        data = pickle.dumps((KEPT_INPUT, list(task.rows), list(task.lines)), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return None
    return spool.span(data)


# A scored row: (line, the row, its raw id, its raw number, its number key, its assessment, its register row).
_ScoredRow = tuple[object, "Record | Mapping[str, Any]", object, object, "str | None", Assessment,
                   "Record | Mapping[str, Any] | None"]


def _block_rows(task: BlockTask, job: Job) -> Iterator[_ScoredRow]:
    """The rows of a block of the business file, scored: each record is built
    straight from its cells and the register row straight from the index, with no
    mapping in between (they are what :func:`.core.assess_row` would compare)."""
    layout = job.layout
    assert layout is not None, "a block task needs the file's layout"
    block = task.block
    pick = cell_picker(dict(layout.columns), KEYS)
    find, ruleset = job.index.find, job.ruleset
    removed = job.index.removed is not None
    text = decode_block(layout, task.data, block)
    # One look at the block for a control character; only a block with one looks row by row.
    controls = may_hold_control(task.data, text, layout.encoding)
    controlled = job.index.controlled  # register rows holding one (almost always none)
    for line, cells in parse_records(layout, text, block.line, last=block.last, block=block):
        values = pick(cells)
        row = record_of_texts(values)
        mine = row.my_number
        # number_key's own first case (twelve ASCII digits, the key itself), inline: no call for the usual row.
        key = mine if type(mine) is str and len(mine) == 12 and mine.isascii() and mine.isdigit() else number_key(mine)
        found = find(key) if key is not None else None
        if found is None:
            assessment, register = assess_unjoined(row.my_number, key, removed), None
        else:
            register = found[0]
            assessment = assess_pair(row, register, found[1], ruleset)
        ident, number = values[_ID_AT], values[_NUMBER_AT]
        if controls and has_control(values):
            assessment = assessment.with_control()
            ident, number = shown(ident), shown(number)
        elif controlled and key in controlled and found is not None:
            assessment = assessment.with_control()
        yield line, row, ident, number, key, assessment, register


def _given_rows(task: RowsTask, job: Job) -> Iterator[_ScoredRow]:
    """Rows given as mappings, scored by :func:`.core.assess_found` (any mapping, any values)."""
    lookup, ruleset, removed = job.index.get, job.ruleset, job.index.removed is not None
    for row, line in zip(task.rows, task.lines, strict=True):
        number = row.get("my_number")
        key = number_key(number)
        register = lookup(key) if key is not None else None
        yield (line, row, shown(row.get("id")), shown(number), key,
               assess_found(row, register, key, ruleset, removed=removed), register)


_ID_AT, _NUMBER_AT = KEYS.index("id"), KEYS.index("my_number")


def _label(line: object) -> int:
    """A line label as an int for the compact array; 0 when it is not a number."""
    if isinstance(line, int):
        return line
    text = str(line)
    return int(text) if text.isdecimal() else 0


def default_jobs() -> int:
    """Cores to use for a large input: all of them (this machine: 2)."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def _warm_up(ruleset: Ruleset) -> None:
    """Compare one pair so lazily loaded tables are in memory before forking.

    The workers then share them (copy-on-write) instead of each loading its own.
    """
    sample = {"my_number": "123456789018", "name": "長野 太郎", "kana": "ナガノ タロウ", "birth_date": "1970-03-12",
              "sex": "1", "address": "長野県長野市大字鶴賀緑町1613番地"}
    try:
        ruleset.compare(sample, sample)
        person_key(sample)
    except Exception:  # warming up is an optimisation only
        pass


def pack_block(layout: Layout, block: Block, data: bytes) -> tuple[PackedRows, int]:
    """Parse a block of the register file into packed index rows (:func:`.index.pack_records`)."""
    text = decode_block(layout, data, block)
    records = map(_second, parse_records(layout, text, block.line, last=block.last, block=block))
    return pack_records(records, dict(layout.columns), controls=may_hold_control(data, text, layout.encoding)), block.end


_second = operator.itemgetter(1)


def _pack_task(task: tuple[Layout, Block, int]) -> tuple[PackedRows, int]:
    layout, block, fd = task
    return pack_block(layout, block, read_at(fd, block.end - block.start, block.start))


def can_fork() -> bool:
    """Whether worker processes can share this one's memory (``fork``)."""
    return "fork" in mp.get_all_start_methods()


def safe_start_method() -> str:
    """A start method that is safe in a process running threads: ``forkserver`` where there is one, else ``spawn``.

    Neither forks the calling process: the fork server is a fresh interpreter
    (started by fork-and-exec) that forks the workers from its own single thread.
    """
    return "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"


def pack_blocks(layout: Layout, blocks: Iterable[tuple[Block, bytes]], jobs: int,
                fd: int = -1) -> Iterator[tuple[PackedRows, int]]:
    """Packed rows of every register block, in file order (merged in order, the first row of a number wins).

    With several jobs (and ``fd``, the register file open for reading) the
    blocks are parsed by short-lived workers forked now, before the index
    exists (the scoring workers are forked after it); each reads its block
    from ``fd`` itself.
    """
    if jobs <= 1 or fd < 0 or not can_fork():
        for block, data in blocks:
            yield pack_block(layout, block, data)
        return
    with Workers(jobs, _pack_task) as workers:
        yield from workers.map((layout, block, fd) for block, _ in blocks)


class Scorer:
    """Scores tasks in order, on ``jobs`` worker processes or in this one.

    ``method`` is the workers' start method: ``fork`` (the default; the CLI's
    file path) hands the job over without pickling it; another (``forkserver``,
    ``spawn``: :func:`safe_start_method`) sends it pickled, without its spool,
    and this process writes what the workers return to the spool.
    """

    def __init__(self, job: Job, jobs: int = 1, *, method: str = "fork") -> None:
        self.job = job
        self.workers: Workers | None = None
        self.method = method
        if jobs > 1 and method == "fork" and can_fork():
            _warm_up(job.ruleset)
            # Freeze what exists now (the index, the tables) so the workers' garbage
            # collector never walks, and so never copies, the pages they share.
            gc.freeze()
            try:
                # fork hands the job (index, ruleset closures) over without pickling it.
                self.workers = Workers(jobs, _run, _init, job)
            finally:
                gc.unfreeze()
        elif jobs > 1 and method != "fork":
            # Only what pickle can send: no spool (its descriptor and lock are this process's).
            sent = attrs.evolve(job, spool=None, source_fd=-1)
            _check_picklable(sent)
            self.workers = Workers(jobs, _run, _init, sent, method=method)
        self.jobs = jobs if self.workers is not None else 1

    def map(self, tasks: Iterable[Task]) -> Iterator[Scored]:
        """Score every task, yielding results in task order.

        An error a task raised (a bad line in the file) is raised here, when
        its turn comes, so the rows before it are all yielded first.  A block
        task goes to a worker without its bytes (the worker reads them from
        :attr:`Job.source_fd`) when that descriptor is set.
        """
        if self.workers is None:
            for task in tasks:
                yield score_task(task, self.job)
            return
        if self.method != "fork":
            yield from self._spooled_here(tasks)
            return
        if self.job.source_fd >= 0:
            tasks = (BlockTask(t.block) if isinstance(t, BlockTask) else t for t in tasks)
        yield from self.workers.map(tasks)

    def _spooled_here(self, tasks: Iterable[Task]) -> Iterator[Scored]:
        """Workers started without fork cannot write the spool: this process spools what they return,
        and keeps rows given in memory to be read again (:attr:`Scored.source`), as a worker with the
        spool does.  The results come in task order, so each meets its task here."""
        assert self.workers is not None
        spool = self.job.spool
        sent: deque[Task] = deque()

        def sending() -> Iterator[Task]:
            for task in tasks:
                sent.append(task)
                yield task

        for scored in self.workers.map(sending()):
            task = sent.popleft()
            if spool is not None:
                source = scored.source
                if source is None and isinstance(task, RowsTask):
                    source = _keep_input(task, spool)  # they pickled on their way to the worker
                watched = spool.span(scored.watched_rows) if scored.watched_rows else scored.watched
                data = scored.data
                scored = attrs.evolve(scored, data=b"", offset=spool.append(data), size=len(data), source=source,
                                      watched=watched, watched_rows=b"")
            yield scored

    def close(self) -> None:
        if self.workers is not None:
            self.workers.close()
            self.workers = None

    def __enter__(self) -> Scorer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_picklable(job: Job) -> None:
    """Say clearly when a job cannot travel to a worker started without fork (a rule that is a lambda)."""
    try:
        pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, AttributeError, TypeError) as err:
        raise UsageError(
            f"jobs > 1 on records given in memory starts worker processes that receive the ruleset "
            f"{job.ruleset.name!r} by pickle, and part of it cannot be pickled ({type(err).__name__}): write "
            "every rule's check and decision function as a function at module level (no lambda, no nested "
            "function), or use jobs=1") from None


# --- the worker processes ----------------------------------------------------------

#: A task message this small never fills a pipe, so a worker may have a second one waiting.
_SMALL_TASK = 16 << 10
_PR_SET_PDEATHSIG = 1
# The signals that stop a run; blocked in a worker from its fork until it has set its own handlers.
_STOP_SIGNALS: frozenset[int] = (
    frozenset(getattr(signal, n) for n in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, n))
    if hasattr(signal, "pthread_sigmask") else frozenset())


@functools.cache
def _prctl() -> Callable[..., int] | None:
    """``prctl`` of the C library Python runs on (Linux; looked up once, before forking); None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return prctl


def _serve(conn: mp.connection.Connection, fn: Callable[[Any], Any], init: Callable[..., None] | None,
           init_args: tuple[Any, ...], parent: int) -> None:
    """A worker's life: run ``fn`` on each task the main process sends, send back the result or the error.

    Ctrl-C reaches the whole process group; the main process stops the
    workers itself, so they ignore it.  SIGTERM and SIGHUP end a worker at
    once and silently (the main process's own handlers are not inherited).
    When the main process is gone, the kernel sends SIGTERM (Linux), or the
    next send fails: either way the worker leaves without a word.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if _STOP_SIGNALS:  # blocked since the fork (see Workers): from here on they end us quietly
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    prctl = _prctl()
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    try:
        if parent and os.getppid() != parent:  # the main process died before the line above
            return
        if init is not None:
            init(*init_args)
        while True:
            try:
                payload = conn.recv_bytes()
            except EOFError:
                return
            task = pickle.loads(payload)
            if task is None:
                return
            try:
                result: tuple[bool, Any] = (True, fn(task))
            except BaseException as err:  # raised in the main process when the task's turn comes
                result = (False, err)
            try:
                data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # an error that cannot travel: its type, never its message (it may quote a value)
                data = pickle.dumps((False, RuntimeError(f"{type(result[1]).__name__} in a worker process")))
            conn.send_bytes(data)
    except (OSError, EOFError):  # the main process is gone
        return
    finally:
        # No interpreter shutdown: nothing to flush twice, no atexit handlers of the main process.
        os._exit(0)


class Workers:
    """``jobs`` forked worker processes running ``fn`` over tasks, results in task order.

    Each worker has its own pipe; the main process waits on the pipes and on
    the processes themselves, so a worker that dies (SIGKILL, the OOM
    killer) is noticed at once: :meth:`map` raises :class:`WorkerDied` and
    the other workers are stopped.  ``init(*init_args)`` runs in each worker
    first (fork hands its arguments over without pickling).
    """

    def __init__(self, jobs: int, fn: Callable[[Any], Any], init: Callable[..., None] | None = None,
                 *init_args: Any, method: str = "fork") -> None:
        ctx: Any = mp.get_context(method)
        if method == "forkserver":
            # The server imports mynacheck once; each worker forked from it starts with it loaded.
            ctx.set_forkserver_preload(["mynacheck"])
        # A forked worker checks that its parent is still this process; a worker started otherwise
        # has another parent (the fork server) and relies on its pipe and the death signal.
        parent = os.getpid() if method == "fork" else 0
        _prctl()  # looked up here, not in every worker
        self._procs: list[Any] = []
        self._conns: list[mp.connection.Connection] = []
        # A worker inherits this process's signal handlers (the CLI's turn SIGTERM into an exception)
        # until _serve resets them: the signals stay blocked across the fork until then, so a worker
        # stopped while it starts dies quietly instead of printing a traceback.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS) if _STOP_SIGNALS else None
        try:
            for _ in range(max(1, jobs)):
                mine, theirs = ctx.Pipe(duplex=True)
                proc = ctx.Process(target=_serve, args=(theirs, fn, init, init_args, parent), daemon=True)
                proc.start()
                theirs.close()
                self._procs.append(proc)
                self._conns.append(mine)
        except BaseException:
            self.close()
            raise
        finally:
            if mask is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)

    @property
    def jobs(self) -> int:
        return len(self._procs)

    def map(self, tasks: Iterable[Any]) -> Iterator[Any]:
        """``fn`` of every task, in task order; a task's error is raised when its turn comes.

        A few tasks are in flight at a time (enough to keep every worker
        busy, bounded memory).  A task message larger than a pipe holds is
        sent only to an idle worker, so a worker blocked sending its result
        can never meet the main process blocked sending it a task.
        """
        window = 2 * len(self._procs) + 2
        queued: list[deque[int]] = [deque() for _ in self._procs]  # per worker: the tasks it holds, in order
        done: dict[int, tuple[bool, Any]] = {}  # task number → (ok, result or error), until its turn
        pending = iter(tasks)
        try:
            yield from self._map(pending, window, queued, done)
        except Exception:
            # A task's error (or the caller's): the workers may still hold later tasks.
            # Their results are waited for and dropped, so the next map starts clean.
            if self._procs:
                while any(queued):
                    self._collect(queued, done)
            raise
        except BaseException:  # Ctrl-C, SIGTERM, the caller gave up: no waiting
            self.close()
            raise

    def _map(self, pending: Iterator[Any], window: int, queued: list[deque[int]],
             done: dict[int, tuple[bool, Any]]) -> Iterator[Any]:
        conns = self._conns
        held: bytes | None = None  # a task taken from ``tasks`` but not yet sent
        sent = given = 0
        exhausted = False
        while True:
            # Hand out tasks while the window has room.
            while not exhausted and sent - given < window:
                if held is None:
                    try:
                        task = next(pending)
                    except StopIteration:
                        exhausted = True
                        break
                    held = pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL)
                w = self._free_worker(queued, len(held))
                if w is None:
                    break
                try:
                    conns[w].send_bytes(held)
                except OSError:  # its end of the pipe is closed: the worker is dead
                    raise self._died(w) from None
                held = None
                queued[w].append(sent)
                sent += 1
            if given in done:
                ok, value = done.pop(given)
                given += 1
                if not ok:
                    raise value
                yield value
                continue
            if exhausted and given == sent:
                return
            self._collect(queued, done)

    def _free_worker(self, queued: list[deque[int]], size: int) -> int | None:
        best = min(range(len(queued)), key=lambda w: len(queued[w]))
        depth = len(queued[best])
        if depth == 0 or (depth == 1 and size <= _SMALL_TASK):
            return best
        return None

    def _collect(self, queued: list[deque[int]], done: dict[int, tuple[bool, Any]]) -> None:
        """Wait for a result (or a dead worker) and file it under its task number."""
        busy = [w for w, q in enumerate(queued) if q]
        watch: list[Any] = [self._conns[w] for w in busy] + [self._procs[w].sentinel for w in busy]
        ready = set(mp.connection.wait(watch))
        for w in busy:
            conn = self._conns[w]
            if conn in ready or conn.poll():
                try:
                    result = pickle.loads(conn.recv_bytes())
                except (EOFError, OSError):
                    raise self._died(w) from None
                done[queued[w].popleft()] = result
            elif self._procs[w].sentinel in ready:
                raise self._died(w)

    def _died(self, w: int) -> WorkerDied:
        proc = self._procs[w]
        proc.join(1)
        code = proc.exitcode
        how = (f"killed by {_signal_name(-code)}" if code is not None and code < 0
               else f"exit code {code}" if code is not None else "no exit code")
        self.close()
        return WorkerDied(f"a worker process ended in the middle of the run ({how}; out of memory?); the run "
                          "stopped and wrote no report: run again, with --jobs 1 if memory is short")

    def close(self) -> None:
        """Stop every worker (SIGTERM, then SIGKILL for one that lingers) and reap it."""
        for conn in self._conns:
            conn.close()
        for proc in self._procs:
            if proc.is_alive():
                with contextlib.suppress(OSError):
                    proc.terminate()
        for proc in self._procs:
            proc.join(5)
            if proc.is_alive():
                with contextlib.suppress(OSError):
                    proc.kill()
                proc.join(5)
        self._procs, self._conns = [], []

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"
