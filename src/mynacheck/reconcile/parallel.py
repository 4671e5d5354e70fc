"""Score the business rows on several cores, results in input order.

The register index is built first and the worker processes are forked
after it, so every worker shares it (copy-on-write) instead of receiving
register rows with each task.  A task is either a block of the business
file's bytes, which the worker decodes, parses and checks itself (the main
process only cuts the file at record boundaries), or a list of rows given in
memory.  At most a few tasks are outstanding at a time, so a 1M-row file
never sits in a queue (``Pool.imap`` would read the whole input ahead).

With one job, or on a platform without ``fork`` (the index cannot be shared
cheaply there), everything runs in this process: same function, same order,
same output.
"""

from __future__ import annotations

import array
import gc
import multiprocessing as mp
import operator
import os
import pickle
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from multiprocessing.pool import AsyncResult, Pool
from typing import Any

import attrs

from ..record import KEYS, Record, record_of_texts
from ..rules import Ruleset
from .core import joined_tail, row_head, score_tail, tally_tails, unjoined_tail
from .index import PackedRows, RegisterIndex, pack_records
from .io import Block, Layout, cell_picker, decode_block, parse_records, write_at
from .keys import digest, number_key, person_key
from .report_csv import format_cell, format_rows

__all__ = [
    "Job", "Spool", "BlockTask", "RowsTask", "Task", "Scored", "Scorer", "score_task", "default_jobs", "pack_blocks",
    "pack_block",
]


class Spool:
    """The run's private spool file, which every process appends its results to.

    A result's place is reserved under a shared lock, then written with
    ``pwrite``: the workers write their own results, and the main process
    only learns where they are (no result passes through it).
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._end = mp.Value("q", 0)  # shared with the processes forked after it

    def append(self, data: bytes) -> int:
        """Write ``data`` at the end of the spool; return its offset."""
        with self._end.get_lock():
            offset: int = self._end.value
            self._end.value = offset + len(data)
        write_at(self.fd, data, offset)
        return offset


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


@attrs.frozen(slots=True)
class BlockTask:
    """Whole records of the business file, as bytes."""

    block: Block
    data: bytes


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
    #: CSV text only: where each row's text ends (characters), to flag a row in place
    ends: array.array[int] | None = None
    #: With a spool, ``data`` is empty and the result lies in the spool here
    offset: int = -1
    size: int = 0

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
    """Score one task: report columns plus the blocking keys of every row."""
    if isinstance(task, BlockTask):
        rows, end = _block_rows(task, job), task.block.end
    else:
        rows, end = _given_rows(task, job), 0
    reveal = job.reveal_numbers
    numbers, people, labels = array.array("q"), array.array("q"), array.array("q")
    columns, pieces, tails, ends, at = [], [], [], array.array("I"), 0
    for line, row, ident, number, key, tail in rows:
        head = row_head(line, ident, number, reveal)
        if job.as_csv:
            # REPORT.csv text: the three cells naming the row, then the tail
            # (verdict onwards), one of a few hundred, formatted once.  A line
            # number needs no escaping.
            first = head[0] if type(line) is int else format_cell(head[0])
            piece = f"{first},{format_cell(head[1])},{format_cell(head[2])}{_tail_text(tail)}"
            pieces.append(piece)
            tails.append(tail)
            at += len(piece)
            ends.append(at)
        else:
            columns.append((*head, *tail))
        # The keys right after the scoring: the values just parsed are still in the parsers' caches.
        numbers.append(digest(key))
        people.append(digest(person_key(row)))
        labels.append(line if type(line) is int else _label(line))
    if not job.as_csv:
        return _result(job, pickle.dumps(columns, protocol=pickle.HIGHEST_PROTOCOL), numbers, people, labels, end)
    by_verdict, by_reason = tally_tails(tails)
    return _result(job, "".join(pieces).encode("utf-8"), numbers, people, labels, end, by_verdict, by_reason, ends)


def _result(job: Job, data: bytes, numbers: array.array[int], people: array.array[int], labels: array.array[int],
            end: int, by_verdict: Counter[str] | None = None, by_reason: Counter[str] | None = None,
            ends: array.array[int] | None = None) -> Scored:
    # With a spool the worker writes the data there itself and returns where it is.
    if job.spool is None:
        return Scored(data, numbers, people, labels, end, by_verdict, by_reason, ends)
    return Scored(b"", numbers, people, labels, end, by_verdict, by_reason, ends, job.spool.append(data), len(data))


# A scored row: (line, the row, its raw id, its raw number, its number key, its report tail).
_ScoredRow = tuple[object, "Record | Mapping[str, Any]", object, object, "str | None", tuple[str, ...]]


def _block_rows(task: BlockTask, job: Job) -> Iterator[_ScoredRow]:
    """The rows of a block of the business file, scored: each record is built
    straight from its cells and the register row straight from the index, with no
    mapping in between (they are what :func:`.core.score_tail` would compare)."""
    layout = job.layout
    assert layout is not None, "a block task needs the file's layout"
    block = task.block
    pick = cell_picker(dict(layout.columns), KEYS)
    find, ruleset = job.index.find, job.ruleset
    for line, cells in parse_records(layout, decode_block(layout, task.data, block), block.line, last=block.last,
                                     block=block):
        values = pick(cells)
        row = record_of_texts(values)
        key = number_key(row.my_number)
        found = find(key) if key is not None else None
        tail = unjoined_tail(row.my_number, key) if found is None else joined_tail(row, *found, ruleset)
        yield line, row, values[_ID_AT], values[_NUMBER_AT], key, tail


def _given_rows(task: RowsTask, job: Job) -> Iterator[_ScoredRow]:
    """Rows given as mappings, scored by :func:`.core.score_tail` (any mapping, any values)."""
    lookup, ruleset = job.index.get, job.ruleset
    for row, line in zip(task.rows, task.lines, strict=True):
        number = row.get("my_number")
        yield line, row, row.get("id"), number, number_key(number), score_tail(row, lookup, ruleset)


_ID_AT, _NUMBER_AT = KEYS.index("id"), KEYS.index("my_number")


_TAIL_TEXT: dict[tuple[str, ...], str] = {}  # tail → its formatted text; a run has a few hundred


def _tail_text(tail: tuple[str, ...]) -> str:
    """``,`` + the tail's cells as :func:`.report_csv.format_rows` writes them, with the line end."""
    text = _TAIL_TEXT.get(tail)
    if text is None:
        if len(_TAIL_TEXT) >= 8192:
            _TAIL_TEXT.clear()
        text = _TAIL_TEXT[tail] = "," + format_rows([tail])
    return text


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


def _pool(jobs: int, job: Job) -> Pool | None:
    if jobs <= 1 or "fork" not in mp.get_all_start_methods():
        return None
    _warm_up(job.ruleset)
    # Freeze what exists now (the index, the tables) so the workers' garbage
    # collector never walks, and so never copies, the pages they share.
    gc.freeze()
    try:
        # fork hands the job (index, ruleset closures) over without pickling it.
        return mp.get_context("fork").Pool(jobs, initializer=_init, initargs=(job,))
    finally:
        gc.unfreeze()


def pack_block(layout: Layout, block: Block, data: bytes) -> tuple[PackedRows, int]:
    """Parse a block of the register file into packed index rows (:func:`.index.pack_records`)."""
    lines = decode_block(layout, data, block)
    records = map(_second, parse_records(layout, lines, block.line, last=block.last, block=block))
    return pack_records(records, dict(layout.columns)), block.end


_second = operator.itemgetter(1)


def _pack_task(task: tuple[Layout, Block, bytes]) -> tuple[PackedRows, int]:
    return pack_block(*task)


def pack_blocks(layout: Layout, blocks: Iterable[tuple[Block, bytes]], jobs: int) -> Iterator[tuple[PackedRows, int]]:
    """Packed rows of every register block, in file order (merged in order, the first row of a number wins).

    With several jobs the blocks are parsed on a short-lived pool forked now,
    before the index exists (the scoring pool is forked after it).
    """
    if jobs <= 1 or "fork" not in mp.get_all_start_methods():
        for block, data in blocks:
            yield pack_block(layout, block, data)
        return
    with mp.get_context("fork").Pool(jobs) as pool:
        yield from _in_order(pool, _pack_task, ((layout, block, data) for block, data in blocks), jobs)


def _in_order(pool: Pool, fn: Any, tasks: Iterable[Any], jobs: int) -> Iterator[Any]:
    """``fn`` over ``tasks`` on ``pool``, results in task order, a few tasks in flight."""
    window = 2 * jobs + 2  # enough to keep every core busy, bounded memory
    pending: deque[AsyncResult[Any]] = deque()
    for task in tasks:
        pending.append(pool.apply_async(fn, (task,)))
        while len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


class Scorer:
    """Scores tasks in order, on a pool of ``jobs`` processes or in this one."""

    def __init__(self, job: Job, jobs: int = 1) -> None:
        self.job = job
        self.pool = _pool(jobs, job)
        self.jobs = jobs if self.pool is not None else 1

    def map(self, tasks: Iterable[Task]) -> Iterator[Scored]:
        """Score every task, yielding results in task order.

        An error a task raised (a bad line in the file) is raised here, when
        its turn comes, so the rows before it are all yielded first.
        """
        if self.pool is None:
            for task in tasks:
                yield score_task(task, self.job)
            return
        yield from _in_order(self.pool, _run, tasks, self.jobs)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None

    def __enter__(self) -> Scorer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
