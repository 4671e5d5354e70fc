"""Every failure of the command is exit 2 with one line and no traceback (issue 13, findings 2, 8 and 9).

Pipes, FIFOs and standard input as input, a full temporary directory, an encoding that is no text
encoding, an option named wrongly, deep or broken JSON for ``check``, a bug inside: one line each,
never a traceback, never exit 1 (the "flagged" code wrapper scripts carry on after), and never a
data row's cells in the message.
"""

from __future__ import annotations

import csv
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from mynacheck.cli import main
from mynacheck.mynumber import calc_check_digit

HEADER = ["id", "my_number", "name", "kana", "birth_date", "sex", "address"]


def number(seed: int) -> str:
    body = f"{seed:011d}"
    return body + calc_check_digit(body)


def people(n: int) -> list[list[str]]:
    return [[f"P{i}", number(31415926535 + i * 1001), "山田 太郎", "ヤマダ タロウ", "1970-03-12", "1",
             f"長野県長野市若里1丁目{i + 1}番2号"] for i in range(n)]


def write(path: Path, rows: list[list[str]], header: list[str] | None = HEADER) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        if header is not None:
            w.writerow(header)
        w.writerows(rows)
    return path


def one_line(code: int, err: str) -> str:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("mynacheck: error: "), err
    return lines[0]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().err


def command(*args: str, timeout: float = 120, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mynacheck", *args], capture_output=True, text=True,
                          timeout=timeout, check=False, **kw)  # type: ignore[call-overload]


# --- finding 2: a headerless export never prints its first data row ----------------------------


def test_a_headerless_export_is_refused_without_quoting_its_first_row(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    rows = people(3)
    biz = write(tmp_path / "b.csv", rows, header=None)  # a register extract often comes like this
    reg = write(tmp_path / "r.csv", rows)
    for argv in (["reconcile", str(biz), str(reg)], ["reconcile", str(reg), str(biz)]):
        line = one_line(*run([*argv, "--out", str(tmp_path / "o.csv")], capsys))
        assert "required column missing" in line
        for cell in [c for c in rows[0] if len(c) > 2]:
            assert cell not in line, cell  # not the number, the name, the birth date nor the address
        assert number(31415926535)[-4:] not in line
    # A real header is still named: its column names help.
    other = write(tmp_path / "h.csv", rows, header=["code", "bango", "shimei", "kana", "seinen", "sei", "jusho"])
    line = one_line(*run(["reconcile", str(other), str(reg), "--out", str(tmp_path / "o.csv")], capsys))
    assert "bango" in line and "shimei" in line


# --- finding 8: pipes, FIFOs, standard input --------------------------------------------------


@pytest.mark.parametrize("which", ["business", "register"])
def test_a_fifo_as_input_is_refused_at_once(tmp_path: Path, which: str) -> None:
    rows = people(3)
    fifo = tmp_path / "in.csv"
    os.mkfifo(fifo)  # nobody writes to it: opening it to read would wait forever
    other = write(tmp_path / "x.csv", rows)
    args = [str(fifo), str(other)] if which == "business" else [str(other), str(fifo)]
    proc = command("reconcile", *args, "--out", str(tmp_path / "o.csv"), timeout=60)
    line = one_line(proc.returncode, proc.stderr)
    assert f"the {which} file is not a regular file" in line


def test_standard_input_from_a_pipe_is_refused(tmp_path: Path) -> None:
    rows = people(3)
    reg = write(tmp_path / "r.csv", rows)
    data = (tmp_path / "b.csv")
    write(data, rows)
    proc = command("reconcile", "/dev/stdin", str(reg), "--out", str(tmp_path / "o.csv"),
                   input=data.read_text(encoding="utf-8"))
    assert "not a regular file" in one_line(proc.returncode, proc.stderr)
    # Standard input redirected from a file is a file: that works.
    with open(data, encoding="utf-8") as fh:
        proc = command("reconcile", "/dev/stdin", str(reg), "--out", str(tmp_path / "o.csv"), "-q", stdin=fh)
    assert proc.returncode == 0, proc.stderr


# --- finding 8: a full disk -----------------------------------------------------------------


def _big_inputs(tmp_path: Path) -> tuple[Path, Path]:
    rows = people(3000)
    return write(tmp_path / "b.csv", rows), write(tmp_path / "r.csv", rows)


def test_a_file_size_limit_is_one_line_and_no_partial_report(tmp_path: Path) -> None:
    # Writes past RLIMIT_FSIZE fail (EFBIG), as on a full disk: the spool fails first.
    biz, reg = _big_inputs(tmp_path)
    out = tmp_path / "o.csv"
    previous = "\ufeff行,ID,判定,確認者1,確認者2,確認日,確認結果\r\n2,B1,不一致,山田 太郎,鈴木 花子,2026/12/6,誤り\r\n"
    out.write_bytes(previous.encode())

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    proc = subprocess.run([sys.executable, "-m", "mynacheck", "reconcile", str(biz), str(reg), "--out", str(out)],
                          capture_output=True, text=True, timeout=120, check=False, preexec_fn=limit)
    line = one_line(proc.returncode, proc.stderr)
    assert "File too large" in line
    assert out.read_bytes() == previous.encode()
    assert not list(tmp_path.glob(".o.csv.*.tmp"))


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="mounting a small tmpfs needs root")
def test_a_full_tmpdir_is_one_line_naming_tmpdir(tmp_path: Path) -> None:
    biz, reg = _big_inputs(tmp_path)
    small = tmp_path / "small-tmp"
    small.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(small)], check=False,
                      capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        proc = command("reconcile", str(biz), str(reg), "--out", str(tmp_path / "o.csv"),
                       env=dict(os.environ, TMPDIR=str(small)))
    finally:
        subprocess.run(["umount", str(small)], check=False)
    line = one_line(proc.returncode, proc.stderr)
    assert "No space left on device" in line and "TMPDIR" in line and str(small) in line
    assert not (tmp_path / "o.csv").exists()


# --- finding 8 and 9: encodings, named by the option that gave them -----------------------------


@pytest.mark.parametrize(("option", "value", "expect"), [
    ("--encoding", "rot13", "--encoding 'rot13': not a text encoding"),
    ("--encoding", "utf-16", "--encoding 'utf-16': a CSV file cannot be read in this encoding"),
    ("--encoding", "iso-2022-jp", "--encoding 'iso-2022-jp': a CSV file cannot be read"),
    ("--register-encoding", "bogus", "--register-encoding 'bogus': unknown encoding"),
    ("--register-encoding", "rot13", "--register-encoding 'rot13': not a text encoding"),
])
def test_encodings_that_cannot_read_a_csv_are_one_line_naming_the_option(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str, expect: str) -> None:
    rows = people(2)
    biz, reg = write(tmp_path / "b.csv", rows), write(tmp_path / "r.csv", rows)
    line = one_line(*run(["reconcile", str(biz), str(reg), "--out", str(tmp_path / "o.csv"), option, value],
                         capsys))
    assert expect in line


def test_the_library_names_register_encoding_too(tmp_path: Path) -> None:
    from mynacheck.errors import InputError
    from mynacheck.reconcile import Reconciliation

    rows = people(2)
    biz, reg = write(tmp_path / "b.csv", rows), write(tmp_path / "r.csv", rows)
    with pytest.raises(InputError, match="--register-encoding 'bogus'"):
        Reconciliation(biz, reg, register_encoding="bogus")


# --- finding 8: check with hostile JSON ---------------------------------------------------------


def test_check_with_deeply_nested_json_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert "nested too deeply" in one_line(*run(["check", str(deep), str(deep)], capsys))
    inner = tmp_path / "inner.json"
    inner.write_text('{"name": ' + "[" * 5000 + "]" * 5000 + "}", encoding="utf-8")
    assert "nested too deeply" in one_line(*run(["check", str(inner), str(inner)], capsys))


def test_check_with_a_lone_surrogate_escape_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "\\ud800", "my_number": "123456789018"}', encoding="utf-8")
    ok = tmp_path / "ok.json"
    ok.write_text('{"name": "山田 太郎", "my_number": "123456789018"}', encoding="utf-8")
    for argv in (["check", str(bad), str(ok)], ["check", "--json", str(ok), str(bad)]):
        line = one_line(*run(argv, capsys))
        assert "lone surrogate" in line and "123456789018" not in line


def test_check_with_undecodable_arguments_is_one_line(tmp_path: Path) -> None:
    # Arguments that are not UTF-8 reach Python as lone surrogates.
    proc = subprocess.run([os.fsencode(sys.executable), b"-m", b"mynacheck", b"check", b"--left", b"name=\xff\xfe",
                           b"--right", b"name=x"], capture_output=True, timeout=60, check=False)
    line = one_line(proc.returncode, proc.stderr.decode("utf-8", "replace"))
    assert "not valid text" in line


# --- finding 8: a bug inside is one line that quotes nothing -----------------------------------


def test_an_internal_error_is_one_line_without_its_message(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from mynacheck.reconcile import pipeline

    rows = people(2)
    biz, reg = write(tmp_path / "b.csv", rows), write(tmp_path / "r.csv", rows)

    def broken(*args: object, **kw: object) -> object:
        raise ValueError(f"unexpected value {rows[0][1]} {rows[0][2]}")

    monkeypatch.setattr(pipeline, "duplicate_rows", broken)
    line = one_line(*run(["reconcile", str(biz), str(reg), "--out", str(tmp_path / "o.csv")], capsys))
    assert "internal error (ValueError)" in line
    assert rows[0][1] not in line and rows[0][2] not in line
    assert not (tmp_path / "o.csv").exists()


# --- finding 9: the business file is closed ----------------------------------------------------


def _open_files(path: Path) -> int:
    target = str(path.resolve())
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == target:
                count += 1
        except OSError:
            pass
    return count


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_the_input_files_are_closed_after_a_run(tmp_path: Path) -> None:
    from mynacheck.reconcile import Reconciliation, reconcile

    rows = people(5)
    biz, reg = write(tmp_path / "b.csv", rows), write(tmp_path / "r.csv", rows)
    assert len(list(reconcile(biz, reg))) == 5
    run_ = Reconciliation(biz, reg, progress=False)
    assert sum(1 for _ in run_) == 5
    assert _open_files(biz) == 0 and _open_files(reg) == 0
    # A run abandoned before it started, and one that failed, close their files too.
    with Reconciliation(biz, reg, progress=False):
        pass
    assert _open_files(biz) == 0 and _open_files(reg) == 0
