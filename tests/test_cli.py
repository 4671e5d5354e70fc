"""The ``mynacheck`` command line: reconcile and check, exit codes, one-line errors, privacy."""

from __future__ import annotations

import csv
import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mynacheck.cli import main
from mynacheck.mynumber import calc_check_digit
from mynacheck.reconcile.worksheet import report_rows

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "data"
HEADER = ["id", "my_number", "name", "kana", "birth_date", "sex", "address"]


def number(seed: int) -> str:
    body = f"{seed:011d}"
    return body + calc_check_digit(body)


NAMES = [("山田 太郎", "ヤマダ タロウ", "1"), ("佐藤 花子", "サトウ ハナコ", "2"), ("鈴木 健", "スズキ ケン", "1"),
         ("田中 陽子", "タナカ ヨウコ", "2")]


def people(n: int = 4) -> list[list[str]]:
    out = []
    for i in range(n):
        name, kana, sex = NAMES[i % len(NAMES)]
        out.append([f"P{i}", number(31415926535 + i * 1001), name, kana, f"19{60 + i}-0{1 + i % 9}-1{i % 9}", sex,
                    f"長野県長野市若里{1 + i % 5}丁目{i + 1}番{i + 2}号"])
    return out


def write(path: Path, rows: list[list[str]], header: list[str] = HEADER, encoding: str = "utf-8") -> str:
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return str(path)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def read_report(path: str) -> list[dict[str, str]]:
    return list(report_rows(path, as_written=True))


# --- reconcile: exit codes and the report ---------------------------------------------


def test_all_match_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = people()
    biz, reg = write(tmp_path / "b.csv", rows), write(tmp_path / "r.csv", rows)
    out = str(tmp_path / "report.csv")
    code, stdout, stderr = run(["reconcile", biz, reg, "--out", out], capsys)
    assert code == 0, stderr
    assert "match" in stdout and "4 business rows" in stdout
    report = read_report(out)
    assert [r["verdict"] for r in report] == ["match"] * 4
    assert [r["id"] for r in report] == ["P0", "P1", "P2", "P3"]


def test_reconcile_collects_rarely_while_it_runs_and_restores_the_threshold(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # The CLI owns its process while it runs; a caller running main() in its own process gets its setting back,
    # also when the run fails.
    from mynacheck.reconcile import reports

    rows = people()
    biz, reg = write(tmp_path / "b.csv", rows), write(tmp_path / "r.csv", rows)
    seen: list[tuple[int, int, int]] = []
    real = reports.write_reports

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.get_threshold())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reports, "write_reports", spy)
    before = gc.get_threshold()
    code, _, stderr = run(["reconcile", biz, reg, "--out", str(tmp_path / "report.csv")], capsys)
    assert code == 0, stderr
    assert seen and seen[0][0] == 50_000 and seen[0][0] > before[0]
    assert gc.get_threshold() == before
    code, _, _ = run(["reconcile", str(tmp_path / "missing.csv"), reg, "--out", str(tmp_path / "r2.csv")], capsys)
    assert code == 2 and gc.get_threshold() == before


def test_flagged_exits_1_and_report_is_private_bom_escaped_masked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = people()
    business = [list(r) for r in rows]
    business[1][2] = '=HYPERLINK("http://x.invalid","y")'
    business[2][0] = "-42"
    business.append(["P9", number(27182818284), "誰 か", "", "2000-01-01", "1", "東京都"])
    biz, reg = write(tmp_path / "b.csv", business), write(tmp_path / "r.csv", rows)
    out, html = str(tmp_path / "report.csv"), str(tmp_path / "report.html")
    code, stdout, stderr = run(["reconcile", biz, reg, "--out", out, "--html", html], capsys)
    assert code == 1, stderr
    for path in (out, html):
        assert (os.stat(path).st_mode & 0o777) == 0o600
    raw = Path(out).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    report = read_report(out)
    assert len(report) == len(business)
    assert report[2]["id"] == "'-42"
    assert report[4]["verdict"] == "mismatch" and "RECORD_NOT_IN_REGISTER" in report[4]["reasons"]
    assert [c for c in report[0] if c.startswith("確認")] == ["確認者1", "確認者2", "確認日", "確認結果"]
    for cell in (c for r in report for c in r.values()):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    # no full number anywhere
    texts = [raw.decode("utf-8-sig"), Path(html).read_text(encoding="utf-8"), stdout, stderr]
    for full in [r[1] for r in business]:
        assert all(full not in t for t in texts)
        assert any("********" + full[-4:] in t for t in texts)


def test_reveal_numbers_shows_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = people(2)
    biz, reg = write(tmp_path / "b.csv", rows), write(tmp_path / "r.csv", rows)
    out = str(tmp_path / "report.csv")
    code, _, _ = run(["reconcile", biz, reg, "--out", out, "--reveal-numbers"], capsys)
    assert code == 0
    assert [r["my_number"] for r in read_report(out)] == [r[1] for r in rows]


def test_japanese_headers_in_cp932(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = people()
    jp = ["宛名番号", "個人番号", "氏名", "カナ氏名", "生年月日", "性別", "住所"]
    biz = write(tmp_path / "b.csv", rows, header=jp, encoding="cp932")
    reg = write(tmp_path / "r.csv", rows)
    out = str(tmp_path / "report.csv")
    code, _, stderr = run(["reconcile", biz, reg, "--out", out, "--jobs", "2"], capsys)
    assert code == 0, stderr
    assert [r["id"] for r in read_report(out)] == ["P0", "P1", "P2", "P3"]


def test_register_encoding_overrides_encoding_for_the_register(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    # A CP932 export against a UTF-8 register: --encoding alone forces both and fails on the register.
    rows = people()
    biz = write(tmp_path / "b.csv", rows, encoding="cp932")
    reg = write(tmp_path / "r.csv", rows)
    out = str(tmp_path / "report.csv")
    code, _, stderr = run(["reconcile", biz, reg, "--out", out, "--encoding", "cp932"], capsys)
    assert code == 2 and "r.csv" in stderr and "cp932" in stderr  # the register's UTF-8 is not CP932
    code, _, stderr = run(["reconcile", biz, reg, "--out", out, "--encoding", "cp932",
                           "--register-encoding", "utf-8"], capsys)
    assert code == 0, stderr
    assert [r["verdict"] for r in read_report(out)] == ["match"] * len(rows)


# --- reconcile: one-line errors ---------------------------------------------------------


def _error(code: int, stderr: str) -> str:
    assert code == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize(
    ("content", "expect"),
    [
        (None, "b.csv: business file not found"),
        (b"", "b.csv: the business file is empty"),
        (",".join(HEADER).encode() + b"\n", "b.csv: the business file has a header but no rows"),
        (b"id,name,birth_date,sex,address\nP1,a,b,c,d\n", "b.csv:1: required column missing"),
        (b"\x00\x01\x02binary\xff\xfe", "b.csv: this is not a text CSV file"),
        (b"\xff\xfe\xfd\x80,\x81\x82\n", "b.csv: cannot decode"),
        (",".join(HEADER).encode() + b"\nP1,1,2,3,4,5,6\nP2,1,2\nP3,1,2,3,4,5,6\n", "b.csv:3: the row has 3 fields"),
        (",".join(HEADER).encode() + b"\nP1,1,2,3,4,5,6\nP2,1,\"2,3", "b.csv:3: the file ends inside a quoted field"),
    ],
)
def test_input_errors_are_one_line_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, expect: str
) -> None:
    reg = write(tmp_path / "r.csv", people())
    biz = tmp_path / "b.csv"
    if content is not None:
        biz.write_bytes(content)
    out = tmp_path / "report.csv"
    code, _, stderr = run(["reconcile", str(biz), reg, "--out", str(out)], capsys)
    line = _error(code, stderr)
    assert line.startswith("mynacheck: error: ") and expect in line
    assert not out.exists()  # no half-written worksheet left behind


def test_unwritable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = people()
    biz, reg = write(tmp_path / "b.csv", rows), write(tmp_path / "r.csv", rows)
    line = _error(*run(["reconcile", biz, reg, "--out", str(tmp_path / "no" / "dir" / "r.csv")], capsys)[::2])
    assert "r.csv: cannot write the report" in line
    line = _error(*run(["reconcile", biz, reg, "--out", str(tmp_path)], capsys)[::2])
    assert "cannot write the report" in line


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = people()
    biz, reg = write(tmp_path / "b.csv", rows), write(tmp_path / "r.csv", rows)
    assert "--out" in _error(*run(["reconcile", biz, reg], capsys)[::2])
    assert "GUIDELINE_4" in _error(*run(["reconcile", biz, reg, "--out", "x.csv", "--ruleset", "nope"], capsys)[::2])
    code, _, stderr = run(["reconcile", biz, reg, "--out", str(tmp_path / "o.csv"), "--map", "foo"], capsys)
    assert "COLUMN=FIELD" in _error(code, stderr)
    code, _, stderr = run(["reconcile", biz, reg, "--out", biz], capsys)
    assert "overwrite an input" in _error(code, stderr)


# --- check ----------------------------------------------------------------------------


def test_check_with_key_values(capsys: pytest.CaptureFixture[str]) -> None:
    n = number(12345678901)
    base = [f"my_number={n}", "name=山田 太郎", "birth_date=1970-03-12", "sex=1", "address=長野県長野市若里1丁目2番3号"]
    code, out, _ = run(["check", "--left", *base, "--right", *base], capsys)
    assert code == 0 and "一致" in out and n not in out
    other = [b.replace("1970-03-12", "1980-01-01") for b in base]
    code, out, _ = run(["check", "--lang", "en", "--left", *base, "--right", *other], capsys)
    assert code == 1 and "Verdict: mismatch" in out and "Birth date" in out


def test_check_with_json_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    n = number(12345678901)
    rec = {"my_number": n, "name": "佐藤 花子", "birth_date": "S45.3.12", "sex": "女", "address": "長野県長野市若里"}
    left, right = tmp_path / "l.json", tmp_path / "r.json"
    left.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    right.write_text(json.dumps(dict(rec, birth_date="1970-03-12", sex="2"), ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(["check", str(left), str(right), "--json"], capsys)
    data = json.loads(out)
    assert data["verdict"] in ("match", "review") and code == (0 if data["verdict"] == "match" else 1)
    assert n not in out
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": ', encoding="utf-8")
    assert "bad.json:1: invalid JSON" in _error(*run(["check", str(bad), str(right)], capsys)[::2])
    assert "unknown key" in _error(*run(["check", "--left", "nme=x", "--right", "name=y"], capsys)[::2])


# --- the example data and the module entry point ------------------------------------


def _example_report(tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, dict[str, str]]]:
    out = tmp_path / "report.csv"
    proc = subprocess.run(
        [sys.executable, "-m", "mynacheck", "reconcile", str(EXAMPLES / "business.csv"),
         str(EXAMPLES / "register.csv"), "--out", str(out), "--html", str(tmp_path / "report.html")],
        capture_output=True, text=True, timeout=120, check=False,
    )
    rows = {r["id"]: r for r in read_report(str(out))} if out.exists() else {}
    return proc, rows


def test_example_data_shows_every_planted_problem(tmp_path: Path) -> None:
    proc, rows = _example_report(tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "business rows" in proc.stdout
    tagged = {i.split("-", 1)[1]: r for i, r in rows.items() if "-" in i}

    def codes(tag: str) -> list[str]:
        return tagged[tag]["reasons"].split()

    for tag in ("family", "samename", "checkdigit", "absent", "dupnum", "twonumbers"):
        assert tagged[tag]["verdict"] == "mismatch", tag
    assert "MYNUMBER_BAD_CHECKSUM" in codes("checkdigit")
    assert "RECORD_NOT_IN_REGISTER" in codes("absent")
    assert [t for t in rows if t.endswith("-dupnum")] and all(
        "RECORD_DUPLICATE_NUMBER" in r["reasons"] for i, r in rows.items() if i.endswith("-dupnum"))
    assert all("RECORD_PERSON_MULTIPLE_NUMBERS" in r["reasons"] for i, r in rows.items() if i.endswith("-twonumbers"))
    dup = [r for i, r in rows.items() if i.endswith("-dupnum")]
    assert dup[0]["related_lines"] == dup[1]["line"] and dup[1]["related_lines"] == dup[0]["line"]
    assert tagged["moved"]["verdict"] == "review"
    assert tagged["baddate"]["verdict"] != "match" and tagged["baddate"]["result_birth_date"] == "invalid"
    assert "RECORD_FIELD_TOO_LONG" in codes("longfield")
    assert tagged["formula"]["verdict"] != "match"
    for tag in ("wareki", "chome", "hankaku"):  # notation only: never a mismatch
        assert tagged[tag]["verdict"] != "mismatch", tag
    # the register's own situations (issue 16)
    for tag, code in (("deceased", "REGISTER_DECEASED"), ("movedout", "REGISTER_MOVED_OUT"),
                      ("exofficio", "REGISTER_REMOVED_EX_OFFICIO"), ("jutogai", "REGISTER_NOT_RESIDENT")):
        assert tagged[tag]["verdict"] == "review" and codes(tag)[0] == code, tag
    assert codes("removed") == ["RECORD_NOT_IN_REGISTER"]  # found with --removed (docs/reconcile.md)
    for tag, code in (("nokana", "KANA_NOT_RECORDED"), ("halfkana", "KANA_PART_NOT_RECORDED"),
                      ("heiki", "NAME_HEIKI_MATCH")):
        assert tagged[tag]["verdict"] == "match" and code in codes(tag), tag
    assert "not a current resident" in proc.stdout and "not recorded yet" in proc.stdout and "併記名 1" in proc.stdout
    # every business row is in the report
    with open(EXAMPLES / "business.csv", encoding="cp932", newline="") as fh:
        assert len(rows) == sum(1 for _ in csv.reader(fh)) - 1


def test_example_data_is_reproducible(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "examples" / "make_example_data.py"), str(tmp_path)], check=True)
    for name in ("business.csv", "register.csv", "removed.csv", "candidates.csv", "application.json"):
        assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes(), name


def test_python_m_mynacheck_help() -> None:
    proc = subprocess.run([sys.executable, "-m", "mynacheck", "--help"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "reconcile" in proc.stdout and "check" in proc.stdout


def test_library_example_script_runs() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "examples" / "reconcile_csv.py")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "RECORD_NOT_IN_REGISTER" in proc.stdout and "'match':" in proc.stdout


@pytest.mark.parametrize(
    ("content", "expect"),
    [
        (",".join(HEADER).encode() + b"\n", "r.csv: the register file has a header but no rows"),
        (b"id,name,birth_date,sex,address\nP1,a,b,c,d\n", "r.csv:1: required column missing in the register file"),
        (b"", "r.csv: the register file is empty"),
    ],
)
def test_register_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, expect: str) -> None:
    biz = write(tmp_path / "b.csv", people())
    reg = tmp_path / "r.csv"
    reg.write_bytes(content)
    code, _, stderr = run(["reconcile", biz, str(reg), "--out", str(tmp_path / "o.csv")], capsys)
    assert expect in _error(code, stderr)
