"""Report files are written privately and whole, and never clobber anything (issue 13, findings 1 and 4).

- An output never follows a symbolic link, is never a device or a FIFO, never
  the same file (device and inode) as an input, never the other output.
- A report is a private temporary file renamed into place when complete: an
  error, SIGTERM or SIGKILL in the middle leaves the previous report (or
  nothing), never a part; a report another user owned is replaced, not reused.
"""

from __future__ import annotations

import contextlib
import csv
import glob
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mynacheck.cli import main
from mynacheck.errors import InputError
from mynacheck.mynumber import calc_check_digit
from mynacheck.reconcile.report_csv import CsvReport, write_report

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["id", "my_number", "name", "kana", "birth_date", "sex", "address"]

#: A worksheet a previous run left at the report's path (one signed row): what a failed run must leave.
PREVIOUS_WORKSHEET = (
    "\ufeff優先度,行,ID,個人番号,判定コード,判定,理由コード,理由,関連行,確認者1,確認者2,確認日,確認結果\r\n"
    "1009,2,B1,********9018,mismatch,不一致,RECORD_NOT_IN_REGISTER,,,山田 太郎,鈴木 花子,2026/12/6,誤り\r\n"
).encode("utf-8")



def number(seed: int) -> str:
    body = f"{seed:011d}"
    return body + calc_check_digit(body)


def people(n: int) -> list[list[str]]:
    return [[f"P{i}", number(31415926535 + i * 1001), "山田 太郎", "ヤマダ タロウ", "1970-03-12", "1",
             f"長野県長野市若里1丁目{i + 1}番2号"] for i in range(n)]


def write(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows)
    return path


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    rows = people(5)
    return write(tmp_path / "b.csv", rows), write(tmp_path / "r.csv", rows)


def one_line_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), stat.S_IMODE(path.stat().st_mode)


def temp_files(directory: Path) -> list[str]:
    return sorted(glob.glob(str(directory / ".*.tmp")))


# --- finding 1: an output can destroy an input ---------------------------------------------


@pytest.mark.parametrize("which", ["business", "register"])
def test_a_report_symlinked_to_an_input_is_refused_and_the_input_untouched(
        inputs: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], which: str) -> None:
    target = inputs[0] if which == "business" else inputs[1]
    before = snapshot(target)
    link = tmp_path / "report.csv"
    link.symlink_to(target)
    for option in ("--out", "--html"):
        argv = ["reconcile", str(inputs[0]), str(inputs[1]), "--out", str(tmp_path / "ok.csv"), option, str(link)]
        line = one_line_error(argv, capsys)
        assert "symbolic link" in line
        assert snapshot(target) == before
        assert link.is_symlink()


@pytest.mark.parametrize("which", ["business", "register"])
def test_a_report_hard_linked_to_an_input_is_refused(inputs: tuple[Path, Path], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str], which: str) -> None:
    target = inputs[0] if which == "business" else inputs[1]
    before = snapshot(target)
    link = tmp_path / "report.csv"
    os.link(target, link)
    for option in ("--out", "--html"):
        argv = ["reconcile", str(inputs[0]), str(inputs[1]), "--out", str(tmp_path / "ok.csv"), option, str(link)]
        assert "would overwrite an input file" in one_line_error(argv, capsys)
        assert snapshot(target) == before


def test_a_report_symlinked_to_any_other_file_leaves_that_file_alone(
        inputs: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "precious.txt"
    other.write_text("someone's file\n")
    os.chmod(other, 0o644)
    link = tmp_path / "report.csv"
    link.symlink_to(other)
    assert "symbolic link" in one_line_error(["reconcile", str(inputs[0]), str(inputs[1]), "--out", str(link)],
                                             capsys)
    assert snapshot(other) == (b"someone's file\n", 0o644)


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_node_as_output_is_neither_chmodded_nor_unlinked(
        inputs: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    os.chmod(node, 0o666)
    line = one_line_error(["reconcile", str(inputs[0]), str(inputs[1]), "--out", str(node)], capsys)
    assert "not a regular file" in line
    st = node.stat()
    assert stat.S_ISCHR(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o666


def test_a_fifo_as_output_is_refused_at_once(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    # Opening a FIFO for writing waits for a reader: the command must refuse it, not wait.
    fifo = tmp_path / "report.csv"
    os.mkfifo(fifo)
    proc = subprocess.run([sys.executable, "-m", "mynacheck", "reconcile", str(inputs[0]), str(inputs[1]),
                           "--out", str(fifo)], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "not a regular file" in proc.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_the_csv_and_the_html_report_cannot_be_one_file(inputs: tuple[Path, Path], tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.csv"
    out.write_bytes(PREVIOUS_WORKSHEET)
    for html in (out, tmp_path / "." / "report.csv"):
        line = one_line_error(["reconcile", str(inputs[0]), str(inputs[1]), "--out", str(out), "--html", str(html)],
                              capsys)
        assert "same file" in line
    other = tmp_path / "other.html"
    os.link(out, other)
    line = one_line_error(["reconcile", str(inputs[0]), str(inputs[1]), "--out", str(out), "--html", str(other)],
                          capsys)
    assert "same file" in line
    assert out.read_bytes() == PREVIOUS_WORKSHEET


def test_check_outputs_names_the_rule_each_path_breaks(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    from mynacheck.reconcile.output import check_outputs

    check_outputs({"report": tmp_path / "new.csv", "HTML report": tmp_path / "new.html"}, inputs)
    check_outputs({"report": tmp_path / "new.csv", "HTML report": None}, inputs)
    with pytest.raises(InputError, match="would overwrite an input file"):
        check_outputs({"report": inputs[1]}, inputs)
    with pytest.raises(InputError, match="is a directory"):
        check_outputs({"report": tmp_path}, inputs)


# --- finding 4: the report is written in place ----------------------------------------------


def test_an_existing_report_is_replaced_by_a_new_private_file_not_reused(
        inputs: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.csv"
    out.write_bytes(PREVIOUS_WORKSHEET)  # another user's worksheet
    os.chmod(out, 0o644)
    if os.geteuid() == 0:
        os.chown(out, 4242, 4242)
    old = tmp_path / "kept-by-the-other-user.csv"
    os.link(out, old)  # the other user's open handle, as it were
    assert main(["reconcile", str(inputs[0]), str(inputs[1]), "--out", str(out), "-q"]) == 0
    new = out.stat()
    assert new.st_ino != old.stat().st_ino  # a new file: what the other user holds is not our report
    assert old.read_bytes() == PREVIOUS_WORKSHEET
    assert stat.S_IMODE(new.st_mode) == 0o600 and new.st_uid == os.geteuid()
    assert out.read_bytes().startswith("\ufeff優先度,".encode())
    assert temp_files(tmp_path) == []


def test_a_failed_run_leaves_the_previous_report_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A bad line far into the file: rows before it were written, and still the old report stays.
    rows = people(3000)
    biz = write(tmp_path / "b.csv", rows)
    reg = write(tmp_path / "r.csv", rows)
    with open(biz, "a", encoding="utf-8") as fh:
        fh.write("P9,1,2\n")
    out, html = tmp_path / "report.csv", tmp_path / "report.html"
    out.write_bytes(PREVIOUS_WORKSHEET)
    html.write_text("<p>previous page</p>\n")
    line = one_line_error(["reconcile", str(biz), str(reg), "--out", str(out), "--html", str(html)], capsys)
    assert ":3002: the row has 3 fields" in line
    assert out.read_bytes() == PREVIOUS_WORKSHEET and html.read_text() == "<p>previous page</p>\n"
    assert temp_files(tmp_path) == []


def test_csv_report_is_atomic_for_library_callers(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    out.write_text("old\n")
    with pytest.raises(RuntimeError), CsvReport(out) as report:
        report.write_text("1,2\r\n", 1)
        assert out.read_text() == "old\n"  # nothing reaches the path while writing
        raise RuntimeError("the run failed")
    assert out.read_text() == "old\n" and temp_files(tmp_path) == []
    assert write_report(out, []) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfpriority,line,") and stat.S_IMODE(out.stat().st_mode) == 0o600


def test_stale_temporary_files_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    from mynacheck.reconcile.output import OutputFile, remove_stale

    out = tmp_path / "r.csv"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    stale = tmp_path / f".r.csv.{dead.stdout.strip()}.0123456789ab.tmp"
    live = tmp_path / f".r.csv.{os.getpid()}.0123456789ab.tmp"
    unrelated = tmp_path / ".other.csv.1.0123456789ab.tmp"
    for p in (stale, live, unrelated):
        p.write_text("partial")
    assert remove_stale(out) == 1
    assert not stale.exists() and live.exists() and unrelated.exists()
    with OutputFile(out) as f:
        os.write(f.fileno(), b"whole")
    assert out.read_bytes() == b"whole" and stat.S_IMODE(out.stat().st_mode) == 0o600


# --- SIGTERM and SIGKILL in the middle of a real run -----------------------------------------


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_reconcile import generate

    return generate(60_000, tmp_path_factory.mktemp("big"), seed=13)


def _start(business: Path, register: Path, out: Path) -> subprocess.Popen[str]:
    # Ctrl-C's disposition as a terminal's foreground job has it: a test suite started in the background by a
    # script inherits SIGINT ignored (POSIX), and Python then installs no KeyboardInterrupt for the run.
    return subprocess.Popen([sys.executable, "-m", "mynacheck", "reconcile", str(business), str(register),
                             "--out", str(out), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=_default_sigint)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _workers_of(pid: int) -> int:
    """How many other processes run in the process group ``pid`` leads (the run's workers)."""
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != pid:
            with contextlib.suppress(OSError, IndexError, ValueError):
                # /proc/PID/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so split after ')'
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                count += int(fields[2]) == pid
    return count


def _wait_until_writing(proc: subprocess.Popen[str], out: Path, previous: bytes | None) -> None:
    """Until the run is under way: its workers forked (rows being scored), or its report begun.

    Waiting on the workers, not on a clock: on a quiet machine a 60,000-row run can end within a fixed
    wait after its first sign of life, and the signal would find nothing to stop.  A report at ``out``
    other than ``previous`` is no sign: it is renamed into place complete, when the run is all but over.
    """
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the run ended before it could be stopped"
        assert (out.read_bytes() if out.exists() else None) == previous, "the run ended before it could be stopped"
        if _workers_of(proc.pid) or temp_files(out.parent):
            return
        time.sleep(0.005)
    raise AssertionError("the run never started writing")


def _finish(proc: subprocess.Popen[str]) -> tuple[str, str]:
    try:
        return proc.communicate(timeout=60)  # EOF on the pipes: the workers are gone too
    finally:
        if proc.poll() is None or proc.returncode:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_mid_run_leaves_the_previous_report_and_no_temporary_file(
        big: tuple[Path, Path], tmp_path: Path, signum: int) -> None:
    out = tmp_path / "report.csv"
    previous = PREVIOUS_WORKSHEET
    out.write_bytes(previous)
    proc = _start(*big, out)
    _wait_until_writing(proc, out, previous)
    os.kill(proc.pid, signum)
    _, err = _finish(proc)
    assert proc.returncode == 128 + signum, err
    assert err.count("\n") == 1 and "Traceback" not in err and "stopped by" in err, err
    assert out.read_bytes() == previous
    assert temp_files(tmp_path) == []


def test_sigkill_mid_run_never_leaves_a_partial_report(big: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    proc = _start(*big, out)
    _wait_until_writing(proc, out, None)
    os.kill(proc.pid, signal.SIGKILL)
    _, err = _finish(proc)
    assert proc.returncode == -signal.SIGKILL
    assert not out.exists()  # nothing at the path: at most a temporary file of ours beside it
    assert "Traceback" not in err and "BrokenPipe" not in err, err  # the workers left quietly
    # The next run completes, and takes the killed run's temporary file away.
    done = subprocess.run([sys.executable, "-m", "mynacheck", "reconcile", str(big[0]), str(big[1]), "--out",
                           str(out), "-q"], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 1, done.stderr
    assert temp_files(tmp_path) == []
    with open(out, encoding="utf-8-sig", newline="") as fh:
        assert sum(1 for _ in csv.reader(fh)) == 60_001
