"""REPORT.html in headless Chromium: it loads nothing, its filters work with a real click, and it reads without
JavaScript.  Skipped without Chromium unless MYNACHECK_REQUIRE_BROWSER=1 (tests/conftest.py)."""

from __future__ import annotations

import base64
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mynacheck.cli import main
from mynacheck.reconcile import report_html
from mynacheck.reconcile.worksheet import report_rows

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "examples" / "data"
sys.path.insert(0, str(ROOT / "benchmarks"))
from _browser import Browser, chromium  # noqa: E402

pytestmark = pytest.mark.browser

VISIBLE = "[...document.querySelectorAll('article.card')].filter(c => getComputedStyle(c).display !== 'none')"


def reconcile(tmp_path: Path, business: Path = DATA / "business.csv") -> tuple[Path, list[dict[str, str]]]:
    out, page = tmp_path / "r.csv", tmp_path / "r.html"
    assert main(["reconcile", str(business), str(DATA / "register.csv"), "--out", str(out), "--html", str(page),
                 "-q", "--no-progress"]) == 1
    return page, list(report_rows(out))


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, str]]]:
    return reconcile(tmp_path_factory.mktemp("page"))


@pytest.fixture
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


def visible(b: Browser) -> list[dict[str, Any]]:
    shown: list[dict[str, Any]] = b.js(f"{VISIBLE}.map(c => ({{line: c.id.slice(1), v: c.dataset.v, r: c.dataset.r}}))")
    return shown


def settle(b: Browser, expression: str, expected: object, timeout: float = 5.0) -> Any:
    """Poll ``expression`` until it gives ``expected`` (a click's handler runs after the input event returns)."""
    deadline = time.monotonic() + timeout
    while True:
        value = b.js(expression)
        if value == expected or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def test_the_page_loads_nothing_and_runs_only_its_own_script(example: tuple[Path, Any], browser: Browser) -> None:
    page, _ = example
    browser.send("Network.enable")
    browser.open(page.as_uri())
    requests = [e["params"]["request"]["url"] for e in browser.events if e["method"] == "Network.requestWillBeSent"]
    assert requests == [page.as_uri()]
    assert browser.js("document.documentElement.className") == "js"  # the script ran: the CSP allows its hash
    # Anything else would be refused: the Content-Security-Policy forbids every load and every other script.
    blocked = browser.js(
        "new Promise(done => { const seen = [];"
        " document.addEventListener('securitypolicyviolation', e => seen.push(e.effectiveDirective));"
        " const img = new Image(); img.src = 'http://127.0.0.1:9/x.png'; document.body.append(img);"
        " const s = document.createElement('script'); s.src = 'http://127.0.0.1:9/x.js'; document.body.append(s);"
        " const i = document.createElement('script'); i.textContent = 'window.ran = 1'; document.body.append(i);"
        " setTimeout(() => done(seen.sort()), 500); })")
    assert blocked == ["img-src", "script-src-elem", "script-src-elem"]
    assert browser.js("window.ran === undefined")


def test_clicking_a_reason_shows_only_its_rows(example: tuple[Path, list[dict[str, str]]], browser: Browser) -> None:
    page, rows = example
    browser.open(page.as_uri())
    flagged = [r for r in rows if r["verdict"] != "match"]
    assert len(visible(browser)) == len(flagged)
    code = "XF_FAMILY_MEMBER"
    expected = sorted(r["line"] for r in flagged if code in r["reasons"].split())
    assert 0 < len(expected) < len(flagged)
    browser.click(f'.chart a[data-value="{code}"]')
    settle(browser, f"{VISIBLE}.length", len(expected))
    shown = visible(browser)
    assert sorted(c["line"] for c in shown) == expected and all(code in c["r"].split() for c in shown)
    assert browser.js("document.getElementById('status').textContent") == f"絞り込み中（{code}）: {len(expected)}件を表示"
    # The first row shown is scrolled into view.
    assert browser.js(f"{VISIBLE}[0].getBoundingClientRect().top < window.innerHeight")
    browser.click(f'.chart a[data-value="{code}"]')  # again: every flagged row
    assert settle(browser, f"{VISIBLE}.length", len(flagged)) == len(flagged)


def test_clicking_a_verdict_shows_only_its_section(example: tuple[Path, list[dict[str, str]]],
                                                   browser: Browser) -> None:
    page, rows = example
    browser.open(page.as_uri())
    review = sorted(r["line"] for r in rows if r["verdict"] == "review")
    browser.click('.filters a[data-value="review"]')
    settle(browser, f"{VISIBLE}.length", len(review))
    assert sorted(c["line"] for c in visible(browser)) == review
    assert browser.js("getComputedStyle(document.getElementById('mismatch')).display") == "none"
    assert browser.js("document.getElementById('status').textContent") == f"絞り込み中（要確認）: {len(review)}件を表示"
    assert browser.js("document.querySelector('.filters a[data-value=\"review\"]').getAttribute('aria-pressed')") == "true"
    browser.click('.filters a[data-filter="all"]')
    settle(browser, f"{VISIBLE}.length", sum(r["verdict"] != "match" for r in rows))


def test_without_javascript_every_flagged_row_shows_and_reason_links_jump(
        example: tuple[Path, list[dict[str, str]]], browser: Browser) -> None:
    page, rows = example
    browser.send("Emulation.setScriptExecutionDisabled", value=True)
    browser.open(page.as_uri())
    assert browser.js("document.documentElement.className") == ""  # the script did not run
    assert len(visible(browser)) == sum(r["verdict"] != "match" for r in rows)
    browser.click('.chart a[data-value="RECORD_NOT_IN_REGISTER"]')
    assert settle(browser, "location.hash", "#first-RECORD_NOT_IN_REGISTER") == "#first-RECORD_NOT_IN_REGISTER"
    first = browser.js("document.getElementById('first-RECORD_NOT_IN_REGISTER').parentElement.dataset.r")
    assert "RECORD_NOT_IN_REGISTER" in first.split()


def test_a_hostile_name_stays_text(tmp_path: Path, browser: Browser) -> None:
    business = tmp_path / "b.csv"
    lines = (DATA / "business.csv").read_bytes().decode("cp932").splitlines(keepends=True)
    head, first = lines[0], lines[1].split(",")
    first[2] = '"<script>document.title=\'pwned\'</script><img src=x onerror=document.title=1>"'
    business.write_bytes((head + ",".join(first) + "".join(lines[2:])).encode("cp932"))
    page, _ = reconcile(tmp_path, business)
    browser.open(page.as_uri())
    assert browser.js("document.title") == report_html.TITLE
    assert browser.js("document.scripts.length") == 2 and browser.js("document.images.length") == 0
    assert "<script>document.title='pwned'</script>" in browser.js("document.getElementById('L2').textContent")


def test_a_capped_page_points_to_the_csv(tmp_path: Path, browser: Browser, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_html, "MAX_CARDS", 2)
    monkeypatch.setattr(report_html, "REASON_QUOTA", 1)
    page, rows = reconcile(tmp_path)
    browser.open(page.as_uri())
    assert browser.js("document.getElementById('rest') !== null")
    # A reason with rows left out of the page: its link's counts say so, and so does the status once clicked.
    code, total, here = browser.js(
        "[...document.querySelectorAll('.chart a[data-filter=r]')].map(a => [a.dataset.value, +a.dataset.total,"
        " +a.dataset.shown]).find(([, total, shown]) => shown < total)")
    assert total == sum(code in r["reasons"].split() for r in rows) and here >= 1
    browser.click(f'.chart a[data-value="{code}"]')
    expected = f"絞り込み中（{code}）: {here}件を表示（ほかに{total - here}件が REPORT.csv にあります）"
    assert settle(browser, "document.getElementById('status').textContent", expected) == expected


def test_the_page_renders(example: tuple[Path, Any]) -> None:
    page, _ = example
    with chromium(window=(1200, 1600)) as b:
        b.open(page.as_uri())
        shot = base64.b64decode(b.send("Page.captureScreenshot", format="png")["data"])
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 20_000
