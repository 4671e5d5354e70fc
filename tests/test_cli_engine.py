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
