"""Every input row appears in every report, the HTML page included."""

from __future__ import annotations

import re
import stat
import subprocess
import sys
from pathlib import Path

from mynacheck.reconcile import report_html
from mynacheck.reconcile.worksheet import report_rows

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "examples" / "data"


def test_every_business_row_is_in_the_html(tmp_path: Path) -> None:
    out, page = tmp_path / "r.csv", tmp_path / "r.html"
    proc = subprocess.run(
        [sys.executable, "-c",
         # A tiny card limit makes both compact lists appear with the example data.
         "import sys; from mynacheck.reconcile import report_html as h; h.MAX_FLAGGED = 3; "
         "from mynacheck.cli import main; sys.exit(main(sys.argv[1:]))",
         "reconcile", str(DATA / "business.csv"), str(DATA / "register.csv"), "--out", str(out),
         "--html", str(page), "-q"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 1, proc.stderr
    lines = [row["line"] for row in report_rows(out)]
    text = page.read_text(encoding="utf-8")
    cards = text.count('class="card"')
    assert cards == 3
    compact = re.findall(r'<tr><td class="num">(\d+)</td>', text)
    assert len(compact) + cards == len(lines) == 302
    assert set(compact) < set(lines)
    assert stat.S_IMODE(page.stat().st_mode) == 0o600


def test_render_html_lists_matched_rows_beyond_any_limit() -> None:
    assert not hasattr(report_html, "MAX_MATCHED")
