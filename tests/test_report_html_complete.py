"""Every business row is accounted for by the HTML page: every flagged row appears (or the page says how
many are only in REPORT.csv), and the counts it states add up to every row of REPORT.csv."""

from __future__ import annotations

import re
import stat
from collections import Counter
from pathlib import Path

import pytest

from mynacheck.cli import main
from mynacheck.reconcile import report_html
from mynacheck.reconcile.worksheet import report_rows

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "examples" / "data"


def run(tmp_path: Path) -> tuple[list[dict[str, str]], str]:
    out, page = tmp_path / "r.csv", tmp_path / "r.html"
    code = main(["reconcile", str(DATA / "business.csv"), str(DATA / "register.csv"), "--out", str(out),
                 "--html", str(page), "-q", "--no-progress"])
    assert code == 1
    assert stat.S_IMODE(page.stat().st_mode) == 0o600
    return list(report_rows(out)), page.read_text(encoding="utf-8")


def stated_counts(page: str) -> tuple[int, int, int, int]:
    m = re.search(r"計 <b>([\d,]+)</b> 行 ＝ .*?不一致</span> <b>([\d,]+)</b> 行 ＋ .*?要確認</span> <b>([\d,]+)</b> 行 ＋ "
                  r".*?一致</span> <b>([\d,]+)</b> 行", page)
    assert m is not None
    total, mismatch, review, match = (int(g.replace(",", "")) for g in m.groups())
    return total, mismatch, review, match


def test_every_flagged_row_appears_and_the_counts_add_up_to_every_row(tmp_path: Path) -> None:
    rows, page = run(tmp_path)
    assert len(rows) == 302
    verdicts = Counter(r["verdict"] for r in rows)
    total, mismatch, review, match = stated_counts(page)
    assert (total, mismatch, review, match) == (len(rows), verdicts["mismatch"], verdicts["review"], verdicts["match"])
    assert mismatch + review + match == total
    flagged = [r["line"] for r in rows if r["verdict"] != "match"]
    shown = re.findall(r'<article class="card [mr]" id="L(\d+)"', page)
    assert sorted(shown, key=int) == flagged  # every flagged row, each once
    kinds = [next(r["verdict"] for r in rows if r["line"] == line) for line in shown]
    assert kinds == sorted(kinds)  # 不一致 ("mismatch") before 要確認 ("review")
    assert f"一致（目視確認は不要）{verdicts['match']:,}行" in page
    assert 'id="rest"' not in page


def test_each_card_shows_both_records(tmp_path: Path) -> None:
    rows, page = run(tmp_path)
    cards = {m.group(1): m.group(0) for m in re.finditer(r'<article[^>]* id="L(\d+)".*?</article>', page)}
    line = {r["id"]: r["line"] for r in rows}
    same_name = cards[line["B0021-samename"]]  # another birth date: both sides in 西暦 and 和暦
    dates = re.search(r"<td>生年月日</td><td class=\"v\">(.*?)</td><td class=\"v\">(.*?)</td>", same_name)
    assert dates is not None and all(re.search(r"(昭和|平成)\d+年", side) for side in dates.groups())
    assert "<mark>" in dates.group(0)
    assert "住基データに該当なし" in cards[line["B0041-absent"]]
    assert re.search(r"…（\d+文字）", cards[line["B0140-longfield"]])  # a 5,000-character cell, shortened
    for card in cards.values():
        assert re.search(r"<td>氏名</td><td class=\"v\">(?!</td>)", card)  # the business side's values are there


def test_a_capped_page_says_how_many_rows_are_only_in_the_csv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_html, "MAX_CARDS", 3)
    monkeypatch.setattr(report_html, "REASON_QUOTA", 0)
    rows, page = run(tmp_path)
    flagged = [r for r in rows if r["verdict"] != "match"]
    shown = re.findall(r'<article class="card [mr]" id="L(\d+)"', page)
    assert len(shown) == 3 and set(shown) < {r["line"] for r in flagged}
    assert f"確認が必要な {len(flagged):,} 行のうち" in page
    assert f"<b>{len(flagged) - 3:,}</b> 行は REPORT.csv にあります" in page
    total, mismatch, review, match = stated_counts(page)
    assert mismatch + review + match == total == len(rows)


def test_the_page_reads_only_columns_the_worksheet_has() -> None:
    # The page is fed the worksheet's own rows (REPORT_COLUMNS tuples): every attribute it reads is a column.
    from mynacheck.reconcile.core import REPORT_COLUMNS, ReportRow

    assert set(report_html.ROW_ATTRIBUTES) <= set(REPORT_COLUMNS)
    assert set(report_html.ROW_ATTRIBUTES) <= {a.name for a in ReportRow.__attrs_attrs__}


def test_the_manifest_beside_the_report_is_summarised_at_the_top(tmp_path: Path) -> None:
    import json

    _, page = run(tmp_path)
    manifest = json.loads((tmp_path / "r.csv.manifest.json").read_text(encoding="utf-8"))
    top = page.split('<main id="flagged">')[0]
    for value in (manifest["run_id"], manifest["ruleset"]["fingerprint"], manifest["inputs"]["business"]["sha256"],
                  manifest["report"]["sha256"]):
        assert value and value in top
    embedded = re.search(r'<script type="application/json" id="manifest">(.*?)</script>', page, re.S)
    assert embedded is not None and json.loads(embedded.group(1))["run_id"] == manifest["run_id"]


def test_flagged_only_writes_flagged_rows_and_the_page_still_counts_every_row(tmp_path: Path) -> None:
    out, page = tmp_path / "f.csv", tmp_path / "f.html"
    assert main(["reconcile", str(DATA / "business.csv"), str(DATA / "register.csv"), "--out", str(out),
                 "--html", str(page), "-q", "--no-progress", "--flagged-only"]) == 1
    rows = list(report_rows(out))
    assert rows and all(r["verdict"] != "match" for r in rows)
    total, mismatch, review, match = stated_counts(page.read_text(encoding="utf-8"))
    assert (mismatch + review, total) == (len(rows), 302) and match == total - len(rows)
