"""Issue 18, finding 5: ``reconcile()`` on records given in memory never forks the host process.

It forked worker processes from the caller's process for 20,000 rows or more, by default: a web service
or a notebook runs threads, and a fork there can deadlock the child (Python 3.12 warns "This process is
multi-threaded, use of fork() may lead to deadlocks"); and it was no faster.  Now records given in memory
run in the calling process unless ``jobs=`` asks for more, and then the workers start by ``forkserver``
(``spawn`` where there is none), never by forking the host.  The CLI's file path keeps ``fork``: it is
the command's own single-threaded process.
"""

from __future__ import annotations

import datetime
import os
import threading
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

import mynacheck as mc
from mynacheck.mynumber import calc_check_digit
from mynacheck.reconcile import REPORT_COLUMNS, Reconciliation
from mynacheck.rules import Rule, cross

PERSON = {"name": "長野 太郎", "kana": "ナガノ タロウ", "birth_date": "1970-03-12", "sex": "1",
          "address": "長野県長野市鶴賀緑町1613"}


def _people(n: int, seed: int = 0) -> list[dict[str, Any]]:
    rows = []
    for i in range(1, n + 1):
        body = f"{(seed * 7919 + i * 104729) % 10**11:011d}"
        born = datetime.date(1940, 1, 1) + datetime.timedelta(days=i)  # one person per row
        rows.append(dict(PERSON, my_number=body + calc_check_digit(body), id=f"A{i}",
                         name=["長野 太郎", "長野 花子", "松本 一郎"][i % 3], birth_date=born.isoformat()))
    return rows


@pytest.fixture
def no_fork(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """os.fork raises in this process (the fork server starts by fork-and-exec, not os.fork)."""

    def refuse() -> int:
        raise AssertionError("the host process was forked")

    monkeypatch.setattr(os, "fork", refuse)
    yield


@pytest.fixture
def a_thread_running() -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join()


def test_records_in_memory_run_in_this_process_by_default() -> None:
    many = [dict(PERSON, my_number="123456789018")] * 25_000  # more than the old 20,000-row threshold
    with Reconciliation(many, many[:1], progress=False) as run:
        assert run.jobs == 1


@pytest.mark.usefixtures("no_fork", "a_thread_running")
def test_the_default_never_forks_a_threaded_host() -> None:
    rows = _people(300)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Python 3.12's DeprecationWarning for fork() with threads
        out = list(mc.reconcile(rows, rows))
    assert len(out) == 300 and {r.verdict for r in out} == {"match"}


@pytest.mark.usefixtures("no_fork", "a_thread_running")
def test_opt_in_workers_start_without_forking_the_host_and_give_the_same_rows() -> None:
    from mynacheck.reconcile.parallel import safe_start_method

    assert safe_start_method() in ("forkserver", "spawn")
    business, register = _people(2_500), _people(2_500)[::2]
    one = [r.columns() for r in mc.reconcile(business, register, jobs=1)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = Reconciliation(business, register, jobs=2, chunk_rows=500, progress=False)
        two = [o.row.columns() for o in run]
    assert run.summary.jobs == 2
    assert two == one


@pytest.mark.usefixtures("no_fork")
def test_a_custom_ruleset_of_module_level_functions_travels_to_the_workers() -> None:
    rules = (mc.rulesets.GUIDELINE_4
             .add(Rule("vendor.same_name_again", "1", cross.SAME_NAME.check))
             .replace("field.sex", mc.field_rule("sex", required=False))
             .renamed("VENDOR", "2026.1"))
    business = [dict(r, sex="") for r in _people(600)]
    one = [r.columns() for r in mc.reconcile(business, _people(600), ruleset=rules, jobs=1)]
    two = [r.columns() for r in mc.reconcile(business, _people(600), ruleset=rules, jobs=2)]
    verdict = REPORT_COLUMNS.index("verdict")
    assert two == one and {r[verdict] for r in one} == {"match"}


@pytest.mark.usefixtures("no_fork")
def test_opt_in_workers_flag_duplicates_and_write_csv_as_one_process_does() -> None:
    # Rows the duplicate checks flag are scored again from their input, which this process keeps for
    # workers that cannot write the spool; and the flagged rows name the ruleset by its fingerprint,
    # made again in the workers from the pickled ruleset.
    rules = (mc.rulesets.GUIDELINE_4.replace("field.sex", mc.field_rule("sex", required=False))
             .renamed("VENDOR", "2026.1"))
    business, register = _people(1_500), _people(1_500)
    business[700] = dict(business[700], my_number=business[10]["my_number"])  # one number on two people
    business[1_200] = dict(business[1_200], name="別人 次郎")                  # another person's values
    runs = {}
    for jobs in (1, 2):
        with Reconciliation(business, register, ruleset=rules, jobs=jobs, chunk_rows=400, progress=False) as run:
            rows = [o.row.columns() for o in run]
        with Reconciliation(business, register, ruleset=rules, jobs=jobs, chunk_rows=400, progress=False) as again:
            text = b"".join(data for data, _ in again.csv_chunks())
        runs[jobs] = (rows, text, run.summary.jobs)
    assert runs[2][2] == 2 and runs[1][:2] == runs[2][:2]
    rows = runs[1][0]
    at = {c: i for i, c in enumerate(REPORT_COLUMNS)}
    flagged = [r for r in rows if r[at["verdict"]] != "match"]
    assert {r[at["line"]] for r in flagged} >= {"11", "701", "1201"}
    assert "RECORD_DUPLICATE_NUMBER" in rows[700][at["reasons"]].split()
    assert all(r[at["ruleset"]].startswith("VENDOR v2026.1 ") for r in flagged)


def test_a_ruleset_pickle_cannot_send_is_a_clear_usage_error() -> None:
    rules = mc.rulesets.GUIDELINE_4.add(Rule("vendor.lambda", "1", lambda ctx: None))
    rows = _people(10)
    with pytest.raises(mc.UsageError, match="module level"):
        list(Reconciliation(rows, rows, ruleset=rules, jobs=2, chunk_rows=2, progress=False))
    assert len(list(mc.reconcile(rows, rows, ruleset=rules))) == 10  # in this process it runs


def test_shipped_rulesets_travel_by_name() -> None:
    import pickle

    for ruleset in mc.rulesets.ALL.values():
        assert pickle.loads(pickle.dumps(ruleset)) is ruleset
    custom = mc.rulesets.GUIDELINE_4.renamed("MINE")
    again = pickle.loads(pickle.dumps(custom))
    assert again.name == "MINE" and again.table == custom.table and again.fingerprint == custom.fingerprint
    assert [(r.id, r.version, r.field, r.required) for r in again.rules] == [
        (r.id, r.version, r.field, r.required) for r in custom.rules]
    person = dict(_people(1)[0], name="髙橋 一郎")
    assert again.compare(person, dict(person, name="高橋 一郎")) == custom.compare(person, dict(person, name="高橋 一郎"))


def test_the_cli_file_path_still_forks(tmp_path: Any) -> None:
    from mynacheck.reconcile.pipeline import Reconciliation as Run

    keys = ["my_number", *PERSON, "id"]
    rows = _people(50)
    for name in ("b.csv", "r.csv"):
        (tmp_path / name).write_text(",".join(keys) + "\n" + "\n".join(",".join(r[k] for k in keys) for r in rows)
                                     + "\n", encoding="utf-8")
    with Run(tmp_path / "b.csv", tmp_path / "r.csv", jobs=2, progress=False) as run:
        assert [o.row.verdict for o in run] == ["match"] * 50
        assert run.summary.jobs == 1  # one block of a small file: nothing to share out
