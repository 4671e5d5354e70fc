"""REPORT.html at scale: its size, what it costs the run, and how long Chromium takes to open it.

    python benchmarks/bench_html.py [--rows 100000] [--jobs N] [--keep DIR]
    python benchmarks/bench_html.py --synthetic 1000000 --flagged 50000

Default: generates ``--rows`` rows as ``bench_reconcile.py`` does (about 2% planted problems), runs
``mynacheck reconcile`` with and without ``--html``, and prints the page's size, its cards, and the time
headless Chromium takes from navigation to the load event and to the first contentful paint, then to apply
a reason filter.

``--synthetic N --flagged F`` feeds N rows (F of them flagged, with varied reasons and priorities) straight
into :class:`~mynacheck.reconcile.report_html.HtmlReport`, without reconciling: the page's own time, memory
and size when a run flags far more rows than the page shows.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import attrs
from _browser import CHROMIUM, chromium
from bench_reconcile import generate

from mynacheck import reasons as catalog
from mynacheck.reconcile.output import OutputFile
from mynacheck.reconcile.report_html import ROW_ATTRIBUTES, HtmlReport, write_parts
from mynacheck.verdicts import Verdict


def run(cmd: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr}")
    return time.perf_counter() - start


def open_in_chromium(page: Path) -> dict[str, float]:
    if CHROMIUM is None:
        return {}
    with chromium(timeout=300) as b:
        load = b.open(page.as_uri())
        paint = b.js("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0") / 1000
        code = b.js("(document.querySelector('.chart a[data-filter=r]') || {}).dataset?.value || ''")
        filter_s = 0.0
        if code:
            start = time.perf_counter()
            b.js(f"document.querySelector('.chart a[data-value=\"{code}\"]').click(); 0")
            b.js("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            filter_s = time.perf_counter() - start
        cards = b.js("document.querySelectorAll('article.card').length")
    return {"load": load, "paint": paint, "filter": filter_s, "cards": cards}


def report(page: Path, extra: str = "") -> None:
    size = page.stat().st_size
    browser = open_in_chromium(page)
    print(f"page: {size / 1e6:.2f} MB{extra}")
    if browser:
        print(f"chromium: load event {browser['load']:.2f} s, first contentful paint {browser['paint']:.2f} s, "
              f"{int(browser['cards']):,} cards, a reason filter applied and painted in {browser['filter']:.2f} s")
    else:
        print("chromium: not installed, load time not measured")


def reconcile_run(rows: int, jobs: int | None, keep: Path | None) -> None:
    directory = keep or Path(tempfile.mkdtemp(prefix="bench-html-"))
    directory.mkdir(parents=True, exist_ok=True)
    biz, reg = directory / "business.csv", directory / "register.csv"
    if not biz.exists():
        generate(rows, directory)
    base = [sys.executable, "-m", "mynacheck", "reconcile", str(biz), str(reg), "-q", "--no-progress"]
    if jobs:
        base += ["--jobs", str(jobs)]
    csv_only = run([*base, "--out", str(directory / "plain.csv")])
    with_html = run([*base, "--out", str(directory / "report.csv"), "--html", str(directory / "report.html")])
    with open(directory / "report.csv", encoding="utf-8-sig") as fh:
        total = sum(1 for _ in fh) - 1
    print(f"{total:,} rows: reconcile {csv_only:.1f} s with REPORT.csv only, {with_html:.1f} s with REPORT.html too")
    report(directory / "report.html")


Row = attrs.make_class("Row", {name: attrs.field(default="") for name in ROW_ATTRIBUTES}, frozen=True, slots=True)


def synthetic(n: int, flagged: int) -> Iterator[Any]:
    codes = [r.code for r in catalog.all_reasons() if r.severity is not Verdict.MATCH]
    folds = [r.code for r in catalog.all_reasons() if r.severity is Verdict.MATCH]
    every = max(1, n // max(1, flagged))
    matched = Row(verdict="match")
    for i in range(n):
        if i % every or i // every >= flagged:
            yield matched if i % 7 else Row(verdict="match", reasons=folds[i % len(folds)])
            continue
        code = codes[i % len(codes)]
        verdict = catalog.get(code).severity.value
        yield Row(line=str(i + 2), id=f"B{i}", my_number="********3092", verdict=verdict, reasons=code,
                  priority=str(i % 9), result_name="different", business_name="田中 次郎", register_name="田中 京子",
                  result_birth_date="exact", business_birth_date="S45.3.12",
                  business_birth_date_normalized="1970-03-12", register_birth_date="1970-03-12",
                  business_birth_date_wareki="昭和45年3月12日", register_birth_date_wareki="昭和45年3月12日",
                  result_address="equivalent", business_address="長野市鶴賀緑町千六百十三番地",
                  business_address_normalized="長野県長野市鶴賀緑町1613", register_address="長野県長野市鶴賀緑町1613")


def synthetic_run(n: int, flagged: int, keep: Path | None) -> None:
    directory = keep or Path(tempfile.mkdtemp(prefix="bench-html-"))
    directory.mkdir(parents=True, exist_ok=True)
    page = directory / "synthetic.html"
    tracemalloc.start()
    start = time.perf_counter()
    with HtmlReport() as html:
        html.add_all(synthetic(n, flagged))
        fed = time.perf_counter() - start
        out = OutputFile(page, label="HTML report")
        write_parts(out, html.parts())
        out.commit()
    total = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{n:,} rows, {html.flagged:,} flagged: fed in {fed:.1f} s, page written in {total - fed:.1f} s, "
          f"peak Python memory {peak / 1e6:.0f} MB (tracemalloc)")
    report(page, f" ({os.cpu_count()} cores)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--keep", type=Path, help="generate into (and keep) this directory")
    ap.add_argument("--synthetic", type=int, metavar="N", help="feed N synthetic rows to the page instead")
    ap.add_argument("--flagged", type=int, default=50_000, help="with --synthetic: how many are flagged")
    args = ap.parse_args()
    if args.synthetic:
        synthetic_run(args.synthetic, args.flagged, args.keep)
    else:
        reconcile_run(args.rows, args.jobs, args.keep)


if __name__ == "__main__":
    main()
