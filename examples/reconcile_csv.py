"""Reconcile the example files with the library API and print the flagged rows.

    python examples/reconcile_csv.py

``mynacheck.reconcile`` takes CSV paths (or iterables of records) and yields
one report row per business row, in input order.  The CLI
(``mynacheck reconcile``) does the same and writes REPORT.csv/.html.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from mynacheck.reconcile import reconcile

DATA = Path(__file__).resolve().parent / "data"

counts: Counter[str] = Counter()
for row in reconcile(DATA / "business.csv", DATA / "register.csv", ruleset="GUIDELINE_4"):
    counts[row.verdict] += 1
    if row.verdict != "match":
        first = row.codes[0]
        print(f"line {row.line:>4}  {row.id:<18} {row.my_number}  {row.verdict_ja:<4} {first}")
print(dict(counts))
