"""Stand-in for the two clerks of the docs' runnable loop: fill in REPORT.csv's review columns.

In real work two people read each flagged row (in Excel or any spreadsheet) and
write 確認者1, 確認者2, 確認日 and 確認結果 themselves; nothing may decide for
them.  This script only lets the documentation run the whole loop
(reconcile → fill in → review → rerun → --verify) unattended: it signs every
flagged row that has no result yet, as two made-up clerks, with 誤り for the
不一致 rows and 正しい for the 要確認 rows, and saves the file as Excel would
(UTF-8 with BOM, CRLF).

    python examples/sign_worksheet.py REPORT.csv
    python examples/sign_worksheet.py          # the whole loop on the example data, in a scratch directory
"""

from __future__ import annotations

import csv
import datetime
import sys
import tempfile
from pathlib import Path

from mynacheck.reconcile.worksheet import column_of

FIRST, SECOND = "山田 太郎", "佐藤 花子"  # two different people


def sign(path: str) -> int:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    at = {column_of(cell): i for i, cell in enumerate(rows[0])}  # the header in either language
    today = datetime.date.today().strftime("%Y/%m/%d")  # as Excel shows a date
    signed = 0
    for row in rows[1:]:
        if row[at["verdict"]] == "match" or row[at["確認結果"]].strip():
            continue  # matched rows need no review; an entry already there is the clerks' own
        row[at["確認者1"]], row[at["確認者2"]], row[at["確認日"]] = FIRST, SECOND, today
        row[at["確認結果"]] = "誤り" if row[at["verdict"]] == "mismatch" else "正しい"
        signed += 1
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
    return signed


def demo() -> int:
    """Reconcile the example data, sign the worksheet, read it back: ``mynacheck review``'s exit code (0)."""
    from mynacheck.cli import main

    data = Path(__file__).resolve().parent / "data"
    with tempfile.TemporaryDirectory() as scratch:
        report = str(Path(scratch) / "REPORT.csv")
        main(["reconcile", str(data / "business.csv"), str(data / "register.csv"), "--out", report, "-q"])
        print(f"{sign(report)} rows signed")
        return main(["review", report, "--out", str(Path(scratch) / "CONFIRMED.csv")])


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(f"{sign(sys.argv[1])} rows signed in {sys.argv[1]}")
    else:
        sys.exit(demo())
