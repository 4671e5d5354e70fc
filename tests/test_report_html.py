"""REPORT.html without a browser: order, caps, counts, escaping, masking, the script's JSON, writing."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import stat
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mynacheck import reasons as catalog
from mynacheck.reconcile import report_html
from mynacheck.reconcile.html_assets import CSP, SCRIPT, script_json
from mynacheck.reconcile.output import OutputFile
from mynacheck.reconcile.report_html import ROW_ATTRIBUTES, HtmlReport, HtmlRow, render_html, write_html
from mynacheck.verdicts import Verdict

Row = attrs.make_class("Row", {name: attrs.field(default="") for name in ROW_ATTRIBUTES}, frozen=True)

NUMBER = "634127023092"
REVIEW_CODES = [r.code for r in catalog.all_reasons() if r.severity is Verdict.REVIEW][:6]
MISMATCH_CODES = [r.code for r in catalog.all_reasons() if r.severity is Verdict.MISMATCH][:6]
INFO_CODES = [r.code for r in catalog.all_reasons() if r.severity is Verdict.MATCH][:4]


def row(line: int, verdict: str = "match", reasons: str = "", priority: str = "", **values: str) -> Any:
    return Row(line=str(line), verdict=verdict, reasons=reasons, priority=priority, **values)  # type: ignore[call-arg]


def flagged_row(line: int, verdict: str, code: str, priority: str = "1", **values: str) -> Any:
    base = {"id": f"B{line:05d}", "my_number": "********3092", "result_name": "different",
            "business_name": "田中 次郎", "register_name": "田中 京子", "result_birth_date": "exact",
            "business_birth_date": "S45.3.12", "business_birth_date_normalized": "1970-03-12",
            "register_birth_date": "1970-03-12", "register_birth_date_normalized": "1970-03-12",
            "business_birth_date_wareki": "昭和45年3月12日", "register_birth_date_wareki": "昭和45年3月12日"}
    return row(line, verdict, code, priority, **{**base, **values})


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of every script element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse(page: str) -> Tags:
    parser = Tags()
    parser.feed(page)
    parser.close()
    return parser


def cards(page: str) -> list[dict[str, str | None]]:
    return [a for tag, a in parse(page).tags if tag == "article"]


# --- the interface --------------------------------------------------------------------


def test_the_protocol_lists_exactly_the_attributes_the_page_reads() -> None:
    declared = {name for name, value in vars(HtmlRow).items() if isinstance(value, property)}
    assert declared == set(ROW_ATTRIBUTES)
    # A row lacking any one of them cannot be written: the page reads them all.
    for missing in ("priority", "register_birth_date_wareki", "確認結果"):
        short = attrs.make_class("Short", {n: attrs.field(default="") for n in ROW_ATTRIBUTES if n != missing})
        with HtmlReport() as report, pytest.raises(AttributeError):
            report.add(short(verdict="review"))


def test_of_a_matched_row_only_the_verdict_and_reasons_are_read() -> None:
    page = render_html([SimpleNamespace(verdict="match", reasons=INFO_CODES[0]), SimpleNamespace(verdict="match",
                                                                                                reasons="")])
    assert "そのまま同じだった行 1 行、表記の違いを同じとみなした行 1 行" in page


# --- order, caps and counts ---------------------------------------------------------------

verdicts = st.sampled_from(["match", "match", "review", "mismatch"])
priorities = st.one_of(st.integers(0, 12).map(str), st.sampled_from(["", "A", "b", "1.5"]))


@given(st.lists(st.tuples(verdicts, priorities, st.sampled_from(MISMATCH_CODES[:2] + REVIEW_CODES[:2])),
                max_size=40),
       st.integers(0, 12), st.integers(0, 3))
def test_flagged_rows_come_mismatch_first_then_by_priority_then_input_order(
        specs: list[tuple[str, str, str]], max_cards: int, quota: int) -> None:
    rows = [row(i + 2, v, "" if v == "match" else code, p) for i, (v, p, code) in enumerate(specs)]
    page = render_html(rows, max_cards=max_cards, reason_quota=quota)
    flagged = [r for r in rows if r.verdict != "match"]

    def key(r: Any) -> tuple[int, tuple[int, float, str], int]:
        return (-Verdict(r.verdict).rank, report_html._priority_key(r.priority), int(r.line))

    order = sorted(flagged, key=key)
    # What must be shown: the first max_cards rows in that order, then each reason's first rows up to the quota.
    expected, per_code = [], Counter[str]()
    for r in order:
        if len(expected) < max_cards or per_code[r.reasons] < quota:
            expected.append(r.line)
            per_code[r.reasons] += 1
    assert [c["id"] for c in cards(page)] == [f"L{line}" for line in expected]
    left = len(flagged) - len(expected)
    assert (f"<b>{left:,}</b> 行は REPORT.csv にあります" in page) == (left > 0)
    counts = Counter(r.verdict for r in rows)
    assert (f'計 <b>{len(rows):,}</b> 行 ＝ <span class="b m">不一致</span> <b>{counts["mismatch"]:,}</b> 行 ＋ '
            f'<span class="b r">要確認</span> <b>{counts["review"]:,}</b> 行 ＋ '
            f'<span class="b a">一致</span> <b>{counts["match"]:,}</b> 行') in page


def test_numbers_sort_as_numbers_and_before_text() -> None:
    keys = ["10", "2", "b", "", "1.5", "A", "inf", "-1"]
    assert sorted(keys, key=report_html._priority_key) == ["-1", "1.5", "2", "10", "", "A", "b", "inf"]


def test_every_reason_keeps_a_row_on_a_capped_page() -> None:
    rare = REVIEW_CODES[-1]
    rows = [flagged_row(i + 2, "mismatch", MISMATCH_CODES[0]) for i in range(50)]
    rows += [flagged_row(100 + i, "review", rare, priority="9") for i in range(30)]
    page = render_html(rows, max_cards=10, reason_quota=3)
    shown = cards(page)
    assert len(shown) == 13 and sum(c["data-r"] == rare for c in shown) == 3
    assert f'id="first-{rare}"' in page and f'href="#first-{rare}"' in page
    assert f'data-value="{rare}" data-total="30" data-shown="3"' in page
    assert "この要確認の残り 27 行" in page and "この不一致の残り 40 行" in page
    assert "<b>67</b> 行は REPORT.csv にあります" in page


def test_the_chart_shows_actionable_reasons_and_the_matched_rows_are_counted_by_fold() -> None:
    fold, action = INFO_CODES[0], REVIEW_CODES[0]
    rows = [row(2, "match", fold), row(3, "match", fold), row(4, "match"),
            flagged_row(5, "review", f"{action} {fold}", priority="2")]
    page = render_html(rows)
    chart = page[page.index('<table class="chart">'):]
    chart = chart[:chart.index("</table>")]
    assert f'data-r="{action}"' in chart and fold not in chart
    matched = page[page.index('<section id="matched">'):]
    assert f"<code>{fold}</code></td><td class=\"n\">2</td>" in matched  # matched rows only
    assert "そのまま同じだった行 1 行、表記の違いを同じとみなした行 2 行" in matched


def test_the_counts_are_checked_against_the_run() -> None:
    @attrs.frozen
    class Summary:
        rows: int
        by_verdict: dict[str, int]
        by_reason: dict[str, int]

        def warnings(self, lang: str = "ja") -> list[str]:
            return ["表計算ソフトで変わった番号があります"]

    code = REVIEW_CODES[0]
    rows = [row(2), flagged_row(3, "review", code)]
    good = Summary(2, {"match": 1, "review": 1}, {code: 1})
    page = render_html(rows, summary=good)
    assert '<p class="warn">表計算ソフトで変わった番号があります</p>' in page
    for bad in (attrs.evolve(good, rows=3), attrs.evolve(good, by_verdict={"review": 2}),
                attrs.evolve(good, by_reason={code: 2})):
        with pytest.raises(RuntimeError, match="the HTML report got 2 rows"):
            render_html(rows, summary=bad)


def test_cards_show_both_sides_the_normalized_values_and_dates_in_both_calendars() -> None:
    page = render_html([flagged_row(7, "mismatch", MISMATCH_CODES[0], 確認者1="山田", 確認結果="保留",
                                    register_aliases="旧氏: 佐藤", review_status="前回から変わった行です")])
    card = page[page.index("<article"):page.index("</article>")]
    assert '<td>通称・旧氏</td><td class="v"></td><td class="v">旧氏: 佐藤</td>' in card
    assert '<span class="k">前回から変わった行です</span>' in card
    assert "田中 <mark>次郎</mark>" in card and "田中 <mark>京子</mark>" in card  # the differing characters
    assert "S45.3.12<small>→ 1970-03-12（昭和45年3月12日）</small>" in card
    assert "1970-03-12<small>（昭和45年3月12日）</small>" in card
    assert "<span>確認者1: 山田</span>" in card and "<span>確認結果: 保留</span>" in card
    assert "<span>確認日: （未記入）</span>" in card


def test_a_number_not_in_the_register_says_so() -> None:
    page = render_html([row(3, "mismatch", "RECORD_NOT_IN_REGISTER", "1", business_my_number="********3092",
                            business_name="田中 次郎", result_my_number="")])
    assert "（住基データに該当なし）" in page


# --- nothing breaks out, no number leaks ------------------------------------------------------

hostile = st.sampled_from([
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>", "</script><!--",
    "\u2028\u2029", "&amp;&lt;", "<!--", "]]>", "javascript:alert(1)", "\x00\x1b\ud800", "山田\u3000太郎",
    f"MN{NUMBER}", "６３４１２７０２３０９２",
]) | st.text(max_size=12)


@given(st.dictionaries(st.sampled_from([a for a in ROW_ATTRIBUTES if a != "verdict"]), hostile, max_size=20),
       st.dictionaries(st.text(max_size=8), hostile, max_size=3))
def test_no_value_breaks_out_of_its_text_or_attribute(values: dict[str, str], manifest: dict[str, str]) -> None:
    rows = [Row(**{"line": "2", "reasons": "NAME_DIFFERENT", **values, "verdict": "mismatch"}),
            Row(**{"line": "3", **values, "verdict": "review"})]
    page = render_html(rows, manifest={"inputs": manifest, "run_id": values.get("id", "x")})
    parsed = parse(page)
    names = {tag for tag, _ in parsed.tags}
    assert names <= {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "b", "span",
                     "div", "section", "ul", "li", "code", "details", "summary", "table", "tr", "th", "td", "nav",
                     "a", "main", "article", "mark", "small", "footer", "script"}
    assert not [a for _, attributes in parsed.tags for a in attributes if a.startswith("on")]
    assert [a.get("type") for t, a in parsed.tags if t == "script"] == ["application/json", None]
    assert parsed.scripts[1] == SCRIPT  # the one executable script is ours, whole
    hrefs = [a["href"] for t, a in parsed.tags if t == "a"]
    assert all(h is not None and h.startswith("#") for h in hrefs)
    assert NUMBER not in html.unescape(page) and "６３４１２７０２３０９２" not in page
    json.loads(parsed.scripts[0])  # the manifest's JSON parses whatever it held
    page.encode("utf-8")  # no lone surrogate reached the page


def test_numbers_are_masked_everywhere_unless_revealed() -> None:
    values = {a: f"{a} {NUMBER}" for a in ROW_ATTRIBUTES if a not in ("verdict", "reasons", "line")}
    rows = [row(2, "mismatch", "NAME_DIFFERENT", **values)]
    manifest = {"inputs": {"business": {"file": f"{NUMBER}.csv"}}}
    masked = render_html(rows, manifest=manifest)
    assert NUMBER not in masked and "********3092" in masked
    revealed = render_html(rows, manifest=manifest, reveal_numbers=True)
    assert revealed.count(NUMBER) >= len(values)


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                    max_leaves=10))
def test_script_json_round_trips_and_never_closes_its_script(value: Any) -> None:
    text = script_json(value)
    assert json.loads(text) == value
    assert text.isascii() and "<" not in text and ">" not in text and "&" not in text


def test_the_script_is_allowed_by_its_hash_and_nothing_else_may_load() -> None:
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in CSP and CSP.startswith("default-src 'none'")
    page = render_html([flagged_row(2, "review", REVIEW_CODES[0])])
    head = page[:page.index("<title>")]
    assert f'<meta http-equiv="Content-Security-Policy" content="{html.escape(CSP)}">' in head
    assert not re.search(r"(src|href|action)=\"(?!#)", page) and "url(" not in page and "@import" not in page


# --- scale and writing ------------------------------------------------------------------------


def many(n: int, every: int) -> Iterator[Any]:
    for i in range(n):
        if i % every:
            yield row(i + 2, "match", INFO_CODES[i % 3] if i % 5 == 0 else "")
        else:
            yield flagged_row(i + 2, "review" if i % 3 else "mismatch", REVIEW_CODES[i % 4],
                              priority=str(i % 7), business_address="長野県長野市鶴賀緑町" + "1613" * 10)


def test_the_rows_are_spooled_not_held(tmp_path: Path) -> None:
    n, every = 60_000, 25
    tracemalloc.start()
    try:
        with HtmlReport(max_cards=100) as report:
            report.add_all(many(n, every))
            held = tracemalloc.get_traced_memory()[0]
            size = sum(len(p) for p in report.parts())
    finally:
        tracemalloc.stop()
    # 2,400 flagged rows of ~1 kB each are in the spool; in memory stay a few bytes a row.
    assert held < 1_000_000, held
    assert report.rows == n and report.flagged == n // every
    assert size < 600_000  # 100 cards plus the quotas, not 2,400


def test_write_html_replaces_the_page_only_when_complete(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text("previous page")

    def broken() -> Iterator[Any]:
        yield from many(100, 3)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_html(page, broken())
    assert page.read_text() == "previous page" and sorted(os.listdir(tmp_path)) == ["report.html"]
    write_html(page, many(100, 3), manifest={"run_id": "r1"})
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.endswith("</html>\n")
    assert stat.S_IMODE(page.stat().st_mode) == 0o600
    out = OutputFile(tmp_path / "other.html")
    write_html(out, many(10, 3))  # the caller commits an open output
    assert not (tmp_path / "other.html").exists()
    out.commit()
    assert (tmp_path / "other.html").read_text(encoding="utf-8").endswith("</html>\n")


def test_the_manifest_is_summarised_and_embedded() -> None:
    manifest = {"run_id": "20261206-ab12", "created": "2026-12-06T10:00:00+09:00", "version": "0.2.0",
                "ruleset": {"name": "GUIDELINE_4", "fingerprint": "ab" * 32},
                "inputs": [{"role": "business", "file": "b.csv", "sha256": "cd" * 32, "rows": 3}],
                "counts": {"match": 2, "review": 1, "mismatch": 0}}
    page = render_html([row(2), row(3), flagged_row(4, "review", REVIEW_CODES[0])], manifest=manifest)
    top = page[:page.index('<nav class="filters"')]
    for label, value in (("実行ID", "20261206-ab12"), ("ルール / 内容の指紋（SHA-256）", "ab" * 32),
                         ("入力 / 1 / SHA-256", "cd" * 32), ("件数 / 要確認", "1")):
        assert f"<tr><th>{label}</th><td>{value}</td></tr>" in top
    embedded = parse(page).scripts[0]
    assert json.loads(embedded) == manifest


def test_highlight_marks_only_differences() -> None:
    left, right = report_html.highlight_diff("山田 太郎", "山田 次郎")
    assert left == "山田 <mark>太</mark>郎" and right == "山田 <mark>次</mark>郎"
    assert report_html.highlight_diff("same", "same") == ("same", "same")
    # An item that agrees is never marked, however differently it is written.
    page = render_html([row(2, "review", REVIEW_CODES[0], "1", result_address="equivalent",
                            business_address="長野市鶴賀緑町千六百十三番地", register_address="長野県長野市鶴賀緑町1613")])
    assert "<mark>" not in page[page.index("<article"):]


@given(st.lists(st.tuples(verdicts, priorities, st.sampled_from(["", *MISMATCH_CODES[:2], *REVIEW_CODES[:2]]),
                          hostile), max_size=25),
       st.randoms(use_true_random=False))
def test_column_tuples_make_the_same_page_as_row_objects(specs: list[tuple[str, str, str, str]], rnd: Any) -> None:
    rows = [row(i + 2, v, code, p, business_name=name, register_name="田中 京子", result_name="different")
            for i, (v, p, code, name) in enumerate(specs)]
    columns = [*ROW_ATTRIBUTES, "message", "digest"]
    rnd.shuffle(columns)  # any column order, extra columns ignored
    tuples = [tuple(getattr(r, c, "x") for c in columns) for r in rows]
    with HtmlReport(max_cards=5, reason_quota=1) as objects, HtmlReport(max_cards=5, reason_quota=1) as cells:
        objects.add_all(rows)
        cells.add_columns(tuples, columns)
        assert "".join(objects.parts()) == "".join(cells.parts())


def test_column_tuples_must_hold_every_column_the_page_reads() -> None:
    with HtmlReport() as report, pytest.raises(ValueError, match="lack the columns the page reads: review_status"):
        report.add_columns([], [c for c in ROW_ATTRIBUTES if c != "review_status"])
