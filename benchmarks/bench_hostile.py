"""Hostile inputs against a clean one of the same size: time and peak memory as ratios.

    python benchmarks/bench_hostile.py [--rows 600000] [--cell-mb 50] [--group 80000] [--keep DIR]

Generates a clean export and register (``bench_reconcile.generate``), then
three exports of the same size that once broke bounded memory or linear time
(issue 13):

- *stray quote*: one ``"`` inside an unquoted name near the top (``山田"太郎``):
  quote parity is wrong for the rest of the file, which once became one block;
- *multi-line cell*: one quoted cell of ``--cell-mb`` MB full of line breaks
  (a record this long is refused with one line naming it: it must be refused
  at once, not after reading it quadratically);
- *duplicate group*: ``--group`` rows sharing one number (a placeholder
  number, a migration error), once quadratic in the group size.

Each runs ``mynacheck reconcile`` as a subprocess (the real command and its
workers); the anchor is the clean export of the same size, run the same way.
Printed: exit code, wall time, peak memory (the largest process, from
``getrusage``; the process tree, sampled) and the ratios to the clean run.
Targets: every ratio within 2x for time and 1.5x for memory.  The clean
export runs again last: on a shared machine its two times show the noise.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_reconcile import _tree_rss, generate

# Run in a fresh interpreter so that getrusage(RUSAGE_CHILDREN) covers this one command only.
_MEASURE = """
import json, resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": proc.returncode, "maxrss": usage.ru_maxrss * 1024,
                  "err": proc.stderr.strip().splitlines()[-1:] }))
"""


def run(business: Path, register: Path, out: Path) -> dict[str, object]:
    cmd = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "mynacheck", "reconcile", str(business),
           str(register), "--out", str(out), "--no-progress", "-q"]
    peak = [0]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)

    def sample() -> None:
        while proc.poll() is None:
            try:
                children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
            except OSError:
                children = []
            peak[0] = max(peak[0], sum(_tree_rss(int(c)) for c in children))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, _ = proc.communicate()
    wall = time.perf_counter() - t
    sampler.join()
    result: dict[str, object] = json.loads(stdout)
    result["wall"] = wall
    result["tree"] = peak[0]
    return result


def stray_quote(clean: bytes) -> bytes:
    lines = clean.split(b"\n")
    # Row 3's name "姓 名" (no comma, unquoted) becomes 姓"名: same size, parity wrong from here on.
    lines[3] = lines[3].replace(b" ", b'"', 1)
    return b"\n".join(lines)


def multiline_cell(clean: bytes, megabytes: int) -> bytes:
    lines = clean.split(b"\n")
    cells = lines[1].split(b",")
    cells[2] = b'"' + b"x\n" * (megabytes * (1 << 20) // 2) + b'"'
    big = b",".join(cells)
    rest = b"\n".join(lines[2:])
    keep = max(0, len(clean) - len(lines[0]) - len(big) - 2)
    cut = rest.rfind(b"\n", 0, keep) + 1
    return b"\n".join([lines[0], big, rest[:cut].rstrip(b"\n")]) + b"\n"


def duplicate_group(clean: bytes, size: int) -> bytes:
    lines = clean.split(b"\n")
    shared = lines[1].split(b",")[1]
    for i in range(1, min(size + 1, len(lines))):
        if lines[i]:
            cells = lines[i].split(b",")
            cells[1] = shared
            lines[i] = b",".join(cells)
    return b"\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=600_000, help="rows of the clean export (default: about 63 MB)")
    ap.add_argument("--cell-mb", type=int, default=50)
    ap.add_argument("--group", type=int, default=80_000)
    ap.add_argument("--keep", type=Path, help="generate into (and keep) this directory")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        directory = args.keep or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        biz, reg = generate(args.rows, directory, seed=5)
        clean = biz.read_bytes()
        cases = {
            "clean": clean,
            "stray quote": stray_quote(clean),
            f"{args.cell_mb} MB multi-line cell": multiline_cell(clean, args.cell_mb),
            f"{args.group:,}-row duplicate group": duplicate_group(clean, args.group),
            "clean (again: the noise)": clean,
        }
        print(f"clean export: {args.rows:,} rows, {len(clean) / 1e6:.0f} MB; register {reg.stat().st_size / 1e6:.0f} MB"
              f"; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} (a shared machine: figures vary)")
        base: dict[str, object] | None = None
        print(f"{'case':<30} {'MB':>5} {'exit':>4} {'wall s':>7} {'x':>5} {'largest MiB':>11} {'x':>5} "
              f"{'tree MiB':>8} {'x':>5}")
        for name, data in cases.items():
            path = directory / "hostile.csv"
            path.write_bytes(data)
            r = run(path, reg, directory / "report.csv")
            if base is None:
                base = r
            wall, rss, tree = float(r["wall"]), int(r["maxrss"]), int(r["tree"])  # type: ignore[call-overload]
            print(f"{name:<30} {len(data) / 1e6:5.0f} {r['code']:>4} {wall:7.2f} "
                  f"{wall / float(base['wall']):5.2f} {rss / 2**20:11.0f} {rss / int(base['maxrss']):5.2f} "  # type: ignore[call-overload]
                  f"{tree / 2**20:8.0f} {tree / max(1, int(base['tree'])):5.2f}")  # type: ignore[call-overload]
            if r["code"] not in (0, 1):
                print(f"{'':<30} {r['err'][0] if r['err'] else ''}")  # type: ignore[index]


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
