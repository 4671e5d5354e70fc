"""Spark local mode against the local engine, on the same synthetic input.

    python benchmarks/bench_spark.py [--rows 1000000] [--cores 2] [--keep DIR]

Generates the reconcile benchmark's business export and register (N rows
each, about 2% planted problems), then runs, in the same run and on the
same files:

- the local engine: ``mynacheck reconcile --jobs CORES`` (the anchor);
- Spark in local mode: ``python -m mynacheck.spark --master local[CORES]``,
  the same command a cluster runs under ``spark-submit``.

Both are timed as whole commands (wall clock, including Spark's JVM start),
and their two REPORT.csv files are compared: they must be identical.  On one
machine Spark is not expected to win; the figure is its overhead, the price
of being able to add machines.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_reconcile import generate


def run(cmd: list[str]) -> tuple[float, str]:
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, PYSPARK_PYTHON=sys.executable))
    wall = time.perf_counter() - t
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[2]} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall, proc.stdout


def spark_startup(cores: int) -> float:
    """Seconds to start a local SparkSession and run a trivial job (the fixed cost in the Spark figure)."""
    code = ("import time; t = time.perf_counter(); from mynacheck.spark import session; "
            f"s = session('local[{cores}]'); s.range(1).count(); print(time.perf_counter() - t); s.stop()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=dict(os.environ, PYSPARK_PYTHON=sys.executable))
    try:
        return float(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--cores", type=int, default=len(os.sched_getaffinity(0)), help="local jobs and local[N]")
    ap.add_argument("--keep", type=Path, help="generate into (and keep) this directory")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-spark-") as tmp:
        directory = args.keep or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        biz, reg = generate(args.rows, directory)
        print(f"generated {args.rows:,} + {args.rows:,} rows in {time.perf_counter() - t:.1f} s "
              f"({biz.stat().st_size / 1e6:.0f} MB + {reg.stat().st_size / 1e6:.0f} MB); {args.cores} cores")
        local_out, spark_out = directory / "report-local.csv", directory / "report-spark.csv"
        local_wall, _ = run([sys.executable, "-m", "mynacheck", "reconcile", str(biz), str(reg),
                             "--out", str(local_out), "--jobs", str(args.cores), "--no-progress", "-q"])
        print(f"local engine (mynacheck reconcile -j {args.cores}):   {local_wall:8.1f} s  "
              f"{args.rows / local_wall:9,.0f} rows/s")
        spark_wall, summary = run([sys.executable, "-m", "mynacheck.spark", str(biz), str(reg),
                                   "--out", str(spark_out), "--master", f"local[{args.cores}]"])
        print(f"Spark local mode (mynacheck.spark local[{args.cores}]): {spark_wall:8.1f} s  "
              f"{args.rows / spark_wall:9,.0f} rows/s")
        start = spark_startup(args.cores)
        print(f"  of which Spark start-up and a first job: {start:.1f} s")
        print(f"ratio Spark / local: {spark_wall / local_wall:.2f}x"
              f"  (without start-up: {(spark_wall - start) / local_wall:.2f}x)")
        same = filecmp.cmp(local_out, spark_out, shallow=False)
        print(f"reports identical: {same}")
        if args.rows < 1_000_000:
            print(f"extrapolated linearly to 1M rows: local {local_wall * 1_000_000 / args.rows:.0f} s, "
                  f"Spark {start + (spark_wall - start) * 1_000_000 / args.rows:.0f} s")
        print("--- Spark summary ---")
        print(summary.rstrip())
        if not same:
            raise SystemExit("the Spark report differs from the local one")


if __name__ == "__main__":
    main()
