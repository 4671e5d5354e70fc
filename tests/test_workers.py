"""Worker processes: a dead worker ends the run (exit 2, one line), never a hang; a killed main process
leaves no worker behind and no traceback; ``--jobs`` never asks for more than the input and the cores warrant
(issue 13, findings 5, 8 and 9)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from mynacheck.cli import main
from mynacheck.mynumber import calc_check_digit

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "data"
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
needs_two_cores = pytest.mark.skipif(CORES < 2, reason="worker processes need two usable cores")

#: A worksheet a previous run left at the report's path (one signed row): what a failed run must leave.
PREVIOUS_WORKSHEET = (
    "\ufeff優先度,行,ID,個人番号,判定コード,判定,理由コード,理由,関連行,確認者1,確認者2,確認日,確認結果\r\n"
    "1009,2,B1,********9018,mismatch,不一致,RECORD_NOT_IN_REGISTER,,,山田 太郎,鈴木 花子,2026/12/6,誤り\r\n"
).encode("utf-8")



def number(seed: int) -> str:
    body = f"{seed:011d}"
    return body + calc_check_digit(body)


def write_people(path: Path, n: int) -> Path:
    lines = ["id,my_number,name,birth_date,sex,address"]
    lines += [f"P{i},{number(10_000 + i)},山田 太郎,1970-03-12,1,長野県長野市若里1丁目{i}番2号" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# A run whose workers kill themselves (as the OOM killer would) at one phase: small blocks so
# that both the register and the business file go to the workers.
_DYING = textwrap.dedent("""
    import os, signal, sys
    from mynacheck.reconcile import io as rio, parallel, pipeline
    from mynacheck.cli import main

    rio.BLOCK_BYTES = 4096
    pipeline.PARALLEL_MIN_BYTES = 0
    phase, parent = sys.argv[1], os.getpid()

    def dying(real):
        def fn(*args):
            if os.getpid() != parent:  # only ever in a worker
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args)
        return fn

    if phase == "register":
        parallel.pack_block = dying(parallel.pack_block)
    else:
        parallel.score_task = dying(parallel.score_task)
    sys.exit(main(["reconcile", *sys.argv[2:]]))
""")


@needs_two_cores
@pytest.mark.parametrize("phase", ["register", "scoring"])
def test_a_killed_worker_ends_the_run_with_one_line_not_a_hang(tmp_path: Path, phase: str) -> None:
    biz, reg = write_people(tmp_path / "b.csv", 400), write_people(tmp_path / "r.csv", 400)
    out = tmp_path / "report.csv"
    out.write_bytes(PREVIOUS_WORKSHEET)
    proc = subprocess.Popen([sys.executable, "-c", _DYING, phase, str(biz), str(reg), "--out", str(out), "-j", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"the run hung after a worker died in the {phase} phase")
    assert proc.returncode == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert "worker process ended" in err and "SIGKILL" in err
    assert out.read_bytes() == PREVIOUS_WORKSHEET


def _children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                kids.append(int(entry))
    return kids


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_reconcile import generate

    return generate(60_000, tmp_path_factory.mktemp("big"), seed=21)


def _start(big: tuple[Path, Path], out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "mynacheck", "reconcile", str(big[0]), str(big[1]), "--out",
                             str(out), "-j", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _wait_for_workers(proc: subprocess.Popen[str]) -> list[int]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the run ended before its workers could be seen"
        kids = _children(proc.pid)
        if kids:
            return kids
        time.sleep(0.005)
    raise AssertionError("no worker process appeared")


def _scoring_workers(proc: subprocess.Popen[str]) -> list[int]:
    """The workers that score: the register (> 4 MB) is read by workers first, then these are forked."""
    register = set(_wait_for_workers(proc))
    while True:
        scoring = [k for k in _wait_for_workers(proc) if k not in register]
        if len(scoring) == 2:
            return scoring
        time.sleep(0.005)


@pytest.mark.skipif(not Path("/proc").is_dir() or CORES < 2, reason="needs /proc and two cores")
def test_a_worker_killed_from_outside_ends_the_run_with_exit_2(big: tuple[Path, Path], tmp_path: Path) -> None:
    # What the OOM killer does: SIGKILL to one worker of a real run, while it scores.
    proc = _start(big, tmp_path / "report.csv")
    try:
        scoring = _scoring_workers(proc)
        os.kill(scoring[0], signal.SIGKILL)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode == 2 and err.count("\n") == 1 and "worker process ended" in err, err
    assert not (tmp_path / "report.csv").exists()


@pytest.mark.skipif(not Path("/proc").is_dir() or CORES < 2, reason="needs /proc and two cores")
def test_killing_the_main_process_ends_the_workers_quietly(big: tuple[Path, Path], tmp_path: Path) -> None:
    proc = _start(big, tmp_path / "report.csv")
    try:
        workers = _scoring_workers(proc)
        time.sleep(0.3)  # mid-task: each worker has a result to send to a main process that is gone
        os.kill(proc.pid, signal.SIGKILL)
        _, err = proc.communicate(timeout=30)  # EOF on stderr: every worker has exited
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    deadline = time.monotonic() + 10
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(_running, workers)), "a worker outlived the main process"


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_jobs_are_capped_by_the_input_and_the_cores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 302 rows are one block: --jobs 64 forks nothing.
    out = tmp_path / "report.csv"
    code = main(["reconcile", str(EXAMPLES / "business.csv"), str(EXAMPLES / "register.csv"), "--out", str(out),
                 "--jobs", "64"])
    stdout = capsys.readouterr().out
    assert code == 1 and "(ruleset GUIDELINE_4, 1 process," in stdout
    from mynacheck.reconcile import Reconciliation

    records = [{"my_number": number(i), "name": "山田 太郎"} for i in range(10)]
    run = Reconciliation(records, records, jobs=64, progress=False)
    assert run.jobs == 1
    assert sum(1 for _ in run) == 10
    big_run = Reconciliation(records * 10_000, records, jobs=64, progress=False)
    assert big_run.jobs <= CORES
