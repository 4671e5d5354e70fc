"""``mynacheck reconcile --engine spark``: the same worksheet as the local engine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mynacheck.reconcile.worksheet import report_rows

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "examples" / "data"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mynacheck", "reconcile", *args],
                          capture_output=True, text=True, timeout=600, check=False)


def _rows(path: Path) -> list[dict[str, str]]:
    return list(report_rows(path))


def test_html_with_a_parquet_report_is_refused_before_anything_starts(tmp_path: Path) -> None:
    proc = _cli(str(DATA / "business.csv"), str(DATA / "register.csv"), "--out", str(tmp_path / "r.parquet"),
                "--html", str(tmp_path / "r.html"), "--engine", "spark")
    assert proc.returncode == 2
    assert "--html needs the csv report format" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "r.html").exists()


@pytest.mark.extra("spark")
def test_spark_engine_writes_the_local_html_page(tmp_path: Path) -> None:
    # The page is fed the same worksheet rows on both engines: the same cards, counts and filters.
    args = (str(DATA / "business.csv"), str(DATA / "register.csv"))
    assert _cli(*args, "--out", str(tmp_path / "l.csv"), "--html", str(tmp_path / "l.html"), "-q").returncode == 1
    proc = _cli(*args, "--out", str(tmp_path / "s.csv"), "--html", str(tmp_path / "s.html"), "-q",
                "--engine", "spark", "--spark-master", "local[2]")
    assert proc.returncode == 1, proc.stderr[-2000:]
    local, spark = ((tmp_path / f"{n}.html").read_text(encoding="utf-8") for n in "ls")

    def body(page: str) -> str:  # the page without the run manifest (run id, times, engine differ)
        start = page.index("<main")
        return page[start:page.index('<script type="application/json" id="manifest">')]

    assert "<article" in body(local) and body(spark) == body(local)
    assert json_run_id(tmp_path / "s.csv.manifest.json") in spark


def json_run_id(path: Path) -> str:
    import json

    return str(json.loads(path.read_text(encoding="utf-8"))["run_id"])


@pytest.mark.extra("spark")
def test_spark_engine_writes_the_local_worksheet(tmp_path: Path) -> None:
    local, spark = tmp_path / "local.csv", tmp_path / "spark.csv"
    args = (str(DATA / "business.csv"), str(DATA / "register.csv"))
    assert _cli(*args, "--out", str(local), "-q").returncode == 1  # rows are flagged on purpose
    proc = _cli(*args, "--out", str(spark), "-q", "--engine", "spark", "--spark-master", "local[2]")
    assert proc.returncode == 1, proc.stderr[-2000:]
    keep = ("line", "id", "my_number", "verdict", "reasons")
    assert [[r[k] for k in keep] for r in _rows(spark)] == [[r[k] for k in keep] for r in _rows(local)]


@pytest.mark.extra("spark")
def test_spark_engine_uses_and_records_the_kana_mode_and_status_codes(tmp_path: Path) -> None:
    # Issue 16's options reach the executors and the manifest: the same rows, values and fingerprint as locally.
    import json

    args = (str(DATA / "business.csv"), str(DATA / "register.csv"), "--kana", "strict", "--status-code", "2=住民", "-q")
    local, spark = tmp_path / "local.csv", tmp_path / "spark.csv"
    assert _cli(*args, "--out", str(local)).returncode == 1
    proc = _cli(*args, "--out", str(spark), "--engine", "spark", "--spark-master", "local[2]")
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert _rows(spark) == _rows(local)
    assert any(r["register_status"] for r in _rows(local))
    manifests = [json.loads(Path(f"{p}.manifest.json").read_text(encoding="utf-8")) for p in (local, spark)]
    assert manifests[0]["ruleset"] == manifests[1]["ruleset"]
    assert manifests[1]["options"]["kana"] == "strict"


@pytest.mark.extra("spark")
def test_spark_engine_counts_the_register_as_the_local_engine(tmp_path: Path) -> None:
    # The manifest is audit evidence: the register's rows, repeated numbers and rows without a number to join on
    # (blank, a spreadsheet's 6.34127E+11; a short one still joins; a line of empty cells is no row), as the
    # local run counts them.  The Spark run wrote 0 rows here before.
    import json

    from mynacheck.mynumber import calc_check_digit

    numbers = [f"{i:011d}" for i in range(100000000, 100000006)]
    numbers = [n + calc_check_digit(n) for n in numbers]
    header = "id,my_number,name,kana,birth_date,sex,address\n"
    person = "山田 太郎,ヤマダ タロウ,1970-03-12,1,長野県長野市若里1丁目2番3号"
    business = [f"B{i},{n},{person}" for i, n in enumerate(numbers)]
    register = [*business, f"R1,{numbers[0]},{person}", f"R2,{numbers[0]},{person}", f"R3,{numbers[1]},{person}",
                f"R4,,{person}", f"R5,12345,{person}", f"R6,6.34127E+11,{person}", ",,,,,,"]
    biz, reg = tmp_path / "b.csv", tmp_path / "r.csv"
    biz.write_text(header + "\n".join(business) + "\n", encoding="utf-8")
    reg.write_text(header + "\n".join(register) + "\n", encoding="utf-8")
    outs = tmp_path / "local.csv", tmp_path / "spark.csv"
    runs = [_cli(str(biz), str(reg), "--out", str(outs[0])),
            _cli(str(biz), str(reg), "--out", str(outs[1]), "--engine", "spark", "--spark-master", "local[2]")]
    assert runs[0].returncode == runs[1].returncode and runs[0].returncode in (0, 1), runs[1].stderr[-2000:]
    # The clerk is warned of the register's number a spreadsheet changed, on both engines.
    warned = [[line for line in run.stdout.splitlines() if line.startswith("warning:")] for run in runs]
    assert warned[0] == warned[1] and len(warned[0]) == 1 and "住基データの1行" in warned[0][0]
    counted = [json.loads(Path(f"{p}.manifest.json").read_text(encoding="utf-8"))["inputs"]["register"]
               for p in outs]
    keep = ("rows", "repeated_numbers", "rows_without_number")
    assert [counted[1][k] for k in keep] == [counted[0][k] for k in keep] == [12, 3, 2]
