"""Score chunks on several cores, results in input order.

Chunks go to a process pool with at most a few outstanding at a time, so a
1M-row file never sits in a queue (``Pool.imap`` would read the whole input
ahead).  Each task carries its rows *and* the register rows they need, so a
worker never holds the register index.  With one job, or on a platform
without ``fork`` and a ruleset that cannot be named, everything runs in this
process: same function, same order, same output.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from multiprocessing.pool import AsyncResult, Pool
from typing import Any

from ..rules import Ruleset, rulesets
from .core import score_row
from .keys import digest, number_key, person_key

__all__ = ["Task", "Scored", "Scorer", "score_task", "score_tasks", "default_jobs"]

#: (rows, line labels, {compact number: register row}, reveal numbers)
Task = tuple[Sequence[Mapping[str, Any]], Sequence[object], Mapping[str, Mapping[str, Any]], bool]
#: Per row: (report columns, number key digest, person key digest); 0 = unknown.
Scored = list[tuple[tuple[str, ...], int, int]]

_RULESET: Ruleset | None = None


def _init(ruleset: Ruleset | str) -> None:
    global _RULESET
    _RULESET = rulesets.by_name(ruleset) if isinstance(ruleset, str) else ruleset


def score_task(task: Task, ruleset: Ruleset | None = None) -> Scored:
    """Score one chunk: report columns plus the blocking keys of every row."""
    rs = ruleset or _RULESET
    assert rs is not None, "worker not initialised"
    rows, lines, lookup, reveal = task
    out: Scored = []
    for row, line in zip(rows, lines, strict=True):
        report = score_row(row, lookup.get, rs, line=line, reveal_numbers=reveal)
        out.append((report.columns(), digest(number_key(row.get("my_number"))), digest(person_key(row))))
    return out


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


def _pool(jobs: int, ruleset: Ruleset) -> Pool | None:
    if jobs <= 1:
        return None
    if "fork" in mp.get_all_start_methods():
        _warm_up(ruleset)
        # Freeze what exists now so the workers' garbage collector never
        # touches (and so copies) the tables they share with this process.
        gc.freeze()
        try:
            # fork hands the ruleset (closures, lambdas) over without pickling it.
            return mp.get_context("fork").Pool(jobs, initializer=_init, initargs=(ruleset,))
        finally:
            gc.unfreeze()
    if rulesets.ALL.get(ruleset.name) is ruleset:
        return mp.get_context("spawn").Pool(jobs, initializer=_init, initargs=(ruleset.name,))
    return None


class Scorer:
    """Scores tasks in order, on a pool of ``jobs`` processes or in this one.

    Create it *before* loading the register index, so forked workers do not
    inherit (and slowly copy) the index: they never need it.
    """

    def __init__(self, ruleset: Ruleset, jobs: int = 1) -> None:
        self.ruleset = ruleset
        self.pool = _pool(jobs, ruleset)
        self.jobs = jobs if self.pool is not None else 1

    def map(self, tasks: Iterable[Task]) -> Iterator[Scored]:
        """Score every task, yielding results in task order."""
        pool = self.pool
        if pool is None:
            for task in tasks:
                yield score_task(task, self.ruleset)
            return
        window = 2 * self.jobs + 2  # enough to keep every core busy, bounded memory
        pending: deque[AsyncResult[Scored]] = deque()
        for task in tasks:
            pending.append(pool.apply_async(score_task, (task,)))
            while len(pending) >= window:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None

    def __enter__(self) -> Scorer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def score_tasks(tasks: Iterable[Task], ruleset: Ruleset, jobs: int = 1) -> Iterator[Scored]:
    """Score every task, yielding results in task order."""
    with Scorer(ruleset, jobs) as scorer:
        yield from scorer.map(tasks)
