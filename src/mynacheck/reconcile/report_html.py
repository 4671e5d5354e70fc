"""REPORT.html: the page clerks work from, for a run of any size.

The page opens with what a clerk needs before the rows: the counts (which
add up to every business row, all of which are in REPORT.csv), what to do
with a 不一致 and with a 要確認 row and how to fill the review columns, the
run manifest (when, which version, which rules, which inputs), then a chart of
the actionable reasons.  Then the flagged rows, 不一致 first and then 要確認,
each in the worksheet's priority order, each with the business and the
register values side by side (as written and as normalized, birth dates in
西暦 and 和暦) and the differing characters marked.  Matched rows are only
counted, by the folds that made them match.

Scale: rows arrive in input order from any iterator.  A flagged row is
pickled into a private temporary spool as it comes; in memory stay only a few
integers per flagged row (its place in the spool, its priority bucket, its
reason combination) and counts.  When every row is in, the rows to show are
chosen (at most :data:`MAX_CARDS`, plus the first :data:`REASON_QUOTA` rows of
every reason so that each reason's link leads somewhere) and read back in
priority order.  A page over the cap says so at the top, with the count of
rows left out: those are in REPORT.csv, whose priority column gives the same
order.

Safety: every value is HTML-escaped, made showable (control characters and
lone surrogates become U+FFFD) and redacted (:func:`mynacheck.mynumber.redact`)
unless numbers were revealed; the one script is static and allowed by its hash
in a Content-Security-Policy that forbids every load (:mod:`.html_assets`).
The page is written through :class:`~.output.OutputFile`: never half-written.
"""

from __future__ import annotations

import array
import difflib
import html
import math
import operator
import os
import pickle
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Any, NamedTuple, Protocol

from .. import reasons as catalog
from ..errors import InputError
from ..mynumber import redact
from ..record import FIELDS
from ..rules.result import FIELD_LABELS
from ..verdicts import Verdict
from .audit import masked
from .core import REVIEW_COLUMNS, level_label, shown
from .html_assets import CSP, CSS, GUIDANCE, REVIEW_GUIDE, SCRIPT, script_json
from .output import OutputFile

__all__ = [
    "HtmlRow",
    "HtmlSummary",
    "HtmlReport",
    "write_html",
    "render_html",
    "highlight_diff",
    "ROW_ATTRIBUTES",
    "MAX_CARDS",
    "REASON_QUOTA",
    "TITLE",
]

#: Flagged rows shown in full, in priority order (besides each reason's quota).
#: A card is 1.4-1.9 kB of HTML: 5,000 make a page of 7-9 MB that headless Chromium loads in about a
#: second (``benchmarks/bench_html.py``).
MAX_CARDS = 5_000
#: Past the cap, the first rows of every actionable reason are shown all the same (its link leads somewhere).
REASON_QUOTA = 20
#: Related rows linked on a card (a duplicate group's other rows; more are in REPORT.csv).
MAX_RELATED = 20

TITLE = "マイナンバー紐付け点検 結果"


class HtmlRow(Protocol):
    """What the page reads of a report row: exactly these attributes, all text.

    Values are as the worksheet shows them (numbers masked unless revealed);
    the page escapes and redacts them again all the same.  A normalized value
    may be empty (not computed, or the same as written); ``*_birth_date_normalized``
    is 西暦 (``1970-03-12``) and ``*_birth_date_wareki`` 和暦 (``昭和45年3月12日``);
    ``*_aliases`` the 通称・旧氏 as written; ``register_status`` and ``register_status_date``
    the register row's 住民状態 (死亡, 転出 …) and its date as written; ``review_status`` what became of the
    reviewers' entries in this run (carried over, or the row changed since), shown as given.
    ``priority`` sorts the work order (a number or text; smaller first).  Of a
    matched row only ``verdict`` and ``reasons`` are read: it is only counted.
    """

    @property
    def line(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def my_number(self) -> str: ...
    @property
    def verdict(self) -> str: ...
    @property
    def priority(self) -> str | int: ...
    @property
    def reasons(self) -> str: ...
    @property
    def related_lines(self) -> str: ...
    @property
    def result_my_number(self) -> str: ...
    @property
    def result_name(self) -> str: ...
    @property
    def result_kana(self) -> str: ...
    @property
    def result_birth_date(self) -> str: ...
    @property
    def result_address(self) -> str: ...
    @property
    def result_sex(self) -> str: ...
    @property
    def business_my_number(self) -> str: ...
    @property
    def business_my_number_normalized(self) -> str: ...
    @property
    def register_my_number(self) -> str: ...
    @property
    def register_my_number_normalized(self) -> str: ...
    @property
    def business_name(self) -> str: ...
    @property
    def business_name_normalized(self) -> str: ...
    @property
    def register_name(self) -> str: ...
    @property
    def register_name_normalized(self) -> str: ...
    @property
    def business_kana(self) -> str: ...
    @property
    def business_kana_normalized(self) -> str: ...
    @property
    def register_kana(self) -> str: ...
    @property
    def register_kana_normalized(self) -> str: ...
    @property
    def business_birth_date(self) -> str: ...
    @property
    def business_birth_date_normalized(self) -> str: ...
    @property
    def register_birth_date(self) -> str: ...
    @property
    def register_birth_date_normalized(self) -> str: ...
    @property
    def business_address(self) -> str: ...
    @property
    def business_address_normalized(self) -> str: ...
    @property
    def register_address(self) -> str: ...
    @property
    def register_address_normalized(self) -> str: ...
    @property
    def business_sex(self) -> str: ...
    @property
    def business_sex_normalized(self) -> str: ...
    @property
    def register_sex(self) -> str: ...
    @property
    def register_sex_normalized(self) -> str: ...
    @property
    def business_birth_date_wareki(self) -> str: ...
    @property
    def register_birth_date_wareki(self) -> str: ...
    @property
    def business_aliases(self) -> str: ...
    @property
    def register_aliases(self) -> str: ...
    @property
    def register_status(self) -> str: ...
    @property
    def register_status_date(self) -> str: ...
    @property
    def 確認者1(self) -> str: ...
    @property
    def 確認者2(self) -> str: ...
    @property
    def 確認日(self) -> str: ...
    @property
    def 確認結果(self) -> str: ...
    @property
    def review_status(self) -> str: ...


class HtmlSummary(Protocol):
    """The run's own counts (``Reconciliation.summary``): the page checks its counts against them."""

    @property
    def rows(self) -> int: ...
    @property
    def by_verdict(self) -> Mapping[str, int]: ...
    @property
    def by_reason(self) -> Mapping[str, int]: ...
    def warnings(self, lang: str = "ja") -> list[str]: ...


_SIDES = ("business_{}", "business_{}_normalized", "register_{}", "register_{}_normalized")
#: The attributes of :class:`HtmlRow`, in the order a spooled card keeps them.
ROW_ATTRIBUTES: tuple[str, ...] = (
    "line", "id", "my_number", "verdict", "priority", "reasons", "related_lines",
    *(f"result_{field}" for field in FIELDS),
    *(side.format(field) for field in FIELDS for side in _SIDES),
    "business_birth_date_wareki", "register_birth_date_wareki", "business_aliases", "register_aliases",
    "register_status", "register_status_date", *REVIEW_COLUMNS, "review_status",
)
_SNAPSHOT = operator.attrgetter(*ROW_ATTRIBUTES)
_AT = {name: i for i, name in enumerate(ROW_ATTRIBUTES)}


class _Card(NamedTuple):
    """A flagged row as spooled (:data:`ROW_ATTRIBUTES`), grouped for the card."""

    line: str
    id: str
    my_number: str
    verdict: str
    priority: str
    reasons: str
    related_lines: str
    levels: tuple[str, ...]  # per field (FIELDS order)
    values: tuple[tuple[str, str, str, str], ...]  # per field: business written, normalized; register the same
    wareki: tuple[str, str]  # the birth dates in 和暦: business, register
    aliases: tuple[str, str]  # 通称・旧氏 as written: business, register
    status: tuple[str, str]  # the register row's 住民状態 and its date, as written
    review: tuple[str, ...]  # REVIEW_COLUMNS
    review_status: str

    @classmethod
    def of(cls, values: Sequence[Any]) -> _Card:
        t = [_text(v) for v in values]

        def get(name: str) -> str:
            return t[_AT[name]]

        sides = tuple((get(f"business_{f}"), get(f"business_{f}_normalized"), get(f"register_{f}"),
                       get(f"register_{f}_normalized")) for f in FIELDS)
        return cls(get("line"), get("id"), get("my_number"), get("verdict"), get("priority"), get("reasons"),
                   get("related_lines"), tuple(get(f"result_{f}") for f in FIELDS), sides,
                   (get("business_birth_date_wareki"), get("register_birth_date_wareki")),
                   (get("business_aliases"), get("register_aliases")),
                   (get("register_status"), get("register_status_date")), tuple(map(get, REVIEW_COLUMNS)),
                   get("review_status"))


def _text(value: object) -> str:
    return "" if value is None else str(value)


# Levels whose values really differ: only these get marks.
_DIFFERS = frozenset({"near", "uncertain", "different", "invalid", "missing"})
_DIFF_ROW = ' class="d"'
_CLASS = {"mismatch": "m", "review": "r", "match": "a"}
_FLAGGED = (Verdict.MISMATCH.value, Verdict.REVIEW.value)
_MATCH = Verdict.MATCH.value


def highlight_diff(left: str, right: str) -> tuple[str, str]:
    """Both strings as escaped HTML, with the characters that differ in ``<mark>``.

    >>> highlight_diff("二丁目1番2号", "2-1-2")[1]
    '<mark>2-</mark>1<mark>-</mark>2'
    >>> highlight_diff("<b>", "<i>")[0]
    '&lt;<mark>b</mark>&gt;'
    """
    if left == right or not left or not right:
        return _e(left), _e(right)
    out_l: list[str] = []
    out_r: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, left, right, autojunk=False).get_opcodes():
        a, b = _e(left[i1:i2]), _e(right[j1:j2])
        if op == "equal":
            out_l.append(a)
            out_r.append(b)
        else:
            if a:
                out_l.append(f"<mark>{a}</mark>")
            if b:
                out_r.append(f"<mark>{b}</mark>")
    return "".join(out_l), "".join(out_r)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _severity(code: str) -> Verdict:
    return catalog.severity(code)  # a code the catalog does not know: review (one to look at)


def _message(code: str) -> str:
    return catalog.message(code, "ja")  # a code the catalog does not know is its own message


def _actionable(codes: Iterable[str]) -> list[str]:
    return [c for c in codes if _severity(c) is not Verdict.MATCH]


def _priority_key(priority: object) -> tuple[int, float, str]:
    """Numbers in numeric order, before any other text (in text order)."""
    text = _text(priority).strip()
    try:
        number = float(text)
    except ValueError:
        return (1, 0.0, text)
    return (0, number, "") if math.isfinite(number) else (1, 0.0, text)


class HtmlReport:
    """The page, fed one row at a time (:meth:`add`, input order), written whole at the end (:meth:`parts`).

    ``reveal_numbers``: values are shown as given (otherwise every value is
    redacted again).  ``max_cards`` and ``reason_quota`` (default
    :data:`MAX_CARDS`, :data:`REASON_QUOTA`) bound the flagged rows shown in
    full (see the module's doc).  Close it (or use it as a
    context manager) to delete its spool.
    """

    def __init__(self, *, reveal_numbers: bool = False, max_cards: int | None = None,
                 reason_quota: int | None = None, title: str = TITLE) -> None:
        self.reveal_numbers = reveal_numbers
        self.max_cards = max(0, MAX_CARDS if max_cards is None else max_cards)
        self.reason_quota = max(0, REASON_QUOTA if reason_quota is None else reason_quota)
        self.title = title
        self.rows = 0
        self.by_verdict: Counter[str] = Counter()
        self._matched: Counter[str] = Counter()  # matched rows by their reasons text
        # The flagged rows: each one's start in the spool, its reason combination, and its place in a bucket.
        self._spool: IO[bytes] = tempfile.TemporaryFile(prefix="mynacheck-html-")  # noqa: SIM115 - private, deleted by close()
        self._starts = array.array("q")
        self._combo_of = array.array("l")
        self._combos: dict[str, int] = {}
        self._combo_codes: list[tuple[str, ...]] = []
        self._combo_rows: list[int] = []
        self._buckets: dict[tuple[int, tuple[int, float, str]], array.array[int]] = {}
        self._size = 0

    # --- reading the rows -----------------------------------------------------------
    def add(self, row: HtmlRow) -> None:
        """Take one row (in input order)."""
        verdict = row.verdict
        if verdict == _MATCH:  # only counted: nothing else is read
            self._take(verdict, row.reasons or "", "", ())
        else:
            self._take(verdict, row.reasons or "", row.priority, _SNAPSHOT(row))

    def add_all(self, rows: Iterable[HtmlRow]) -> None:
        for row in rows:
            self.add(row)

    def add_columns(self, rows: Iterable[Sequence[Any]], columns: Sequence[str]) -> None:
        """Take rows given as column tuples (``columns`` names each cell, e.g. ``REPORT_COLUMNS``), in input order.

        The same as :meth:`add` of rows with those attributes, without an
        object per row: the fast path for a million-row run.
        """
        at = {name: i for i, name in enumerate(columns)}
        missing = [name for name in ROW_ATTRIBUTES if name not in at]
        if missing:
            raise ValueError(f"the rows lack the columns the page reads: {', '.join(missing)}")
        verdict_at, reasons_at, priority_at = at["verdict"], at["reasons"], at["priority"]
        snapshot = operator.itemgetter(*(at[name] for name in ROW_ATTRIBUTES))
        for values in rows:
            verdict = values[verdict_at]
            if verdict == _MATCH:  # most rows: counted by their reasons, nothing else read
                self.rows += 1
                self.by_verdict[verdict] += 1
                self._matched[values[reasons_at] or ""] += 1
            else:
                self._take(verdict, values[reasons_at] or "", values[priority_at], snapshot(values))

    def _take(self, verdict: str, reasons: str, priority: object, values: Sequence[Any]) -> None:
        self.rows += 1
        self.by_verdict[verdict] += 1
        if verdict == _MATCH:
            self._matched[reasons] += 1
            return
        rank = Verdict(verdict).rank  # an unknown verdict is a bug upstream: ValueError
        combo = self._combos.get(reasons)
        if combo is None:
            combo = self._combos[reasons] = len(self._combo_codes)
            self._combo_codes.append(tuple(reasons.split()))
            self._combo_rows.append(0)
        self._combo_rows[combo] += 1
        seq = len(self._starts)
        data = pickle.dumps(tuple(values), protocol=pickle.HIGHEST_PROTOCOL)
        self._starts.append(self._size)
        self._combo_of.append(combo)
        self._spool.write(data)
        self._size += len(data)
        key = (-rank, _priority_key(priority))
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = array.array("l")
        bucket.append(seq)

    # --- the counts --------------------------------------------------------------------
    @property
    def flagged(self) -> int:
        return len(self._starts)

    def by_reason(self) -> Counter[str]:
        """Rows by reason code, flagged and matched alike (what ``Summary.by_reason`` counts)."""
        out: Counter[str] = Counter()
        for codes, n in zip(self._combo_codes, self._combo_rows, strict=True):
            for code in codes:
                out[code] += n
        for text, n in self._matched.items():
            for code in text.split():
                out[code] += n
        return out

    def check(self, summary: HtmlSummary) -> None:
        """Raise when the rows given are not the rows the run counted: the page would not account for them."""
        mine = (self.rows, +self.by_verdict, +self.by_reason())
        theirs = (summary.rows, +Counter(summary.by_verdict), +Counter(summary.by_reason))
        if mine != theirs:
            raise RuntimeError(f"the HTML report got {self.rows:,} rows, the run counted {summary.rows:,} "
                               "(or their verdicts and reasons differ)")

    # --- choosing and reading back the rows to show ------------------------------------
    def _order(self) -> Iterator[int]:
        """The flagged rows in page order: 不一致 first, then by priority, then in input order."""
        for key in sorted(self._buckets):
            yield from self._buckets[key]

    def _choose(self) -> tuple[bytearray, Counter[str]]:
        """Which flagged rows are shown (one flag each), and how many rows shown per reason."""
        chosen = bytearray(len(self._starts))
        per_code: Counter[str] = Counter()
        count = 0
        quota = self.reason_quota
        actionable = [_actionable(codes) for codes in self._combo_codes]
        for seq in self._order():
            combo = self._combo_of[seq]
            if count < self.max_cards or any(per_code[c] < quota for c in actionable[combo]):
                chosen[seq] = 1
                count += 1
                per_code.update(self._combo_codes[combo])
        return chosen, per_code

    def _card(self, seq: int) -> _Card:
        start = self._starts[seq]
        end = self._starts[seq + 1] if seq + 1 < len(self._starts) else self._size
        self._spool.seek(start)
        values = pickle.loads(self._spool.read(end - start))
        return _Card.of(values)

    # --- the page ------------------------------------------------------------------------
    def _t(self, value: str) -> str:
        """A value as page text: showable, redacted (unless revealed), escaped."""
        return _e(shown(value if self.reveal_numbers else redact(value)))

    def _v(self, value: str) -> str:
        """A value before highlighting: showable and redacted, not yet escaped."""
        return shown(value if self.reveal_numbers else redact(value))

    def parts(self, *, summary: HtmlSummary | None = None, manifest: Mapping[str, Any] | None = None,
              warnings: Sequence[str] | None = None) -> Iterator[str]:
        """The page, in pieces, once every row is in.

        ``summary``: the run's counts, checked against the rows given (and its
        warnings shown unless ``warnings`` is given).  ``manifest``: the run
        manifest as a plain dict, summarised at the top and embedded as JSON.
        """
        if summary is not None:
            self.check(summary)
            if warnings is None:
                warnings = summary.warnings("ja")
        self._spool.flush()
        chosen, per_code = self._choose()
        shown_total = sum(chosen)
        shown_by_verdict: Counter[str] = Counter()
        shown_lines: set[str] = set()
        for seq in self._order():
            if chosen[seq]:
                card = self._card(seq)
                shown_by_verdict[card.verdict] += 1
                shown_lines.add(card.line)
        yield self._head()
        yield from self._top(warnings or (), manifest, shown_total)
        yield from self._filters_and_chart(per_code, shown_by_verdict)
        yield '<main id="flagged">'
        firsts: set[str] = set()
        for verdict in _FLAGGED:
            yield from self._section(verdict, chosen, shown_by_verdict, firsts, shown_lines)
        yield "</main>"
        yield from self._matched_summary()
        yield (f'<footer><p class="note">すべての行（{self.rows:,}行）とその確認欄は REPORT.csv にあります。'
               "確認結果は REPORT.csv に記入してください（このページは記入を保存しません）。</p></footer>")
        if manifest is not None:
            yield f'<script type="application/json" id="manifest">{script_json(self._redacted(manifest))}</script>'
        yield f"<script>{SCRIPT}</script></body></html>\n"

    def _head(self) -> str:
        return ('<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">'
                f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">'
                '<meta name="referrer" content="no-referrer">'
                '<meta name="viewport" content="width=device-width,initial-scale=1">'
                f"<title>{self._t(self.title)}</title><style>{CSS}</style></head><body>")

    def _top(self, warnings: Sequence[str], manifest: Mapping[str, Any] | None, shown_total: int) -> Iterator[str]:
        n = self.by_verdict
        yield f"<header><h1>{self._t(self.title)}</h1>"
        for warning in warnings:
            yield f'<p class="warn">{self._t(warning)}</p>'
        yield (f'<p class="totals">計 <b>{self.rows:,}</b> 行 ＝ '
               f'<span class="b m">不一致</span> <b>{n[_FLAGGED[0]]:,}</b> 行 ＋ '
               f'<span class="b r">要確認</span> <b>{n[_FLAGGED[1]]:,}</b> 行 ＋ '
               f'<span class="b a">一致</span> <b>{n[_MATCH]:,}</b> 行。'
               "すべての行は REPORT.csv にあります。</p>")
        if shown_total < self.flagged:
            yield (f'<p class="rest" id="rest">確認が必要な {self.flagged:,} 行のうち、このページには優先度の高い順に '
                   f"{shown_total:,} 行を載せています（各理由の先頭の行を含みます）。残りの "
                   f"<b>{self.flagged - shown_total:,}</b> 行は REPORT.csv にあります。"
                   "REPORT.csv を優先度の列で並べ替えると、このページと同じ作業順になります。</p>")
        yield '<div class="todo">'
        for verdict in _FLAGGED:
            lead, steps = GUIDANCE[verdict]
            label = Verdict(verdict).label_ja
            yield (f'<section class="{_CLASS[verdict]}"><h2>{label}（{n[verdict]:,}行）</h2><p>{_e(lead)}</p>'
                   "<ul>" + "".join(f"<li>{_e(s)}</li>" for s in steps) + "</ul></section>")
        yield ('<section><h2>確認欄の書き方（REPORT.csv）</h2><ul>'
               + "".join(f"<li><b>{_e(c)}</b>: {_e(t)}</li>" for c, t in REVIEW_GUIDE)
               + "</ul><p>2人の確認が済んだら <code>mynacheck review REPORT.csv</code> で読み返せます。</p></section>")
        yield "</div>"
        if manifest:
            yield ('<details class="manifest" open><summary>この点検の記録（いつ・どの版・どのルール・どの入力）</summary>'
                   '<table>' + "".join(f"<tr><th>{_e(shown(k))}</th><td>{_e(shown(v))}</td></tr>"
                                       for k, v in _flatten(self._redacted(manifest))) + "</table></details>")
        yield "</header>"

    def _filters_and_chart(self, per_code: Counter[str], shown_by_verdict: Counter[str]) -> Iterator[str]:
        n = self.by_verdict
        yield ('<nav class="filters" aria-label="絞り込み"><a href="#flagged" role="button" data-filter="all" aria-pressed="true">'
               f"すべて（{self.flagged:,}）</a>")
        for verdict in _FLAGGED:
            yield (f'<a href="#{verdict}" role="button" data-filter="v" data-value="{verdict}" data-total="{n[verdict]}" '
                   f'data-shown="{shown_by_verdict[verdict]}" aria-pressed="false">'
                   f"{Verdict(verdict).label_ja}（{n[verdict]:,}）</a>")
        yield '<a href="#reasons">理由の一覧へ</a><span id="status" role="status"></span></nav>'
        reasons = Counter({c: k for c, k in self._flagged_reasons().items() if _severity(c) is not Verdict.MATCH})
        yield '<h2 id="reasons">理由別の件数（確認が必要な理由）</h2>'
        if not reasons:
            yield '<p class="note">確認が必要な行はありません。</p>'
            return
        yield ('<p class="note">理由を押すと、その理由の行だけを表示します（もう一度押すと解除）。</p>'
               '<table class="chart"><tr><th>理由</th><th>行数</th><th></th></tr>')
        top = max(reasons.values())
        for code, count in sorted(reasons.items(), key=lambda kv: (-_severity(kv[0]).rank, -kv[1], kv[0])):
            width = max(1.0, 240.0 * count / top)
            cls = _CLASS[_severity(code).value]
            here = per_code[code]
            note = "" if here == count else f'<span class="k">（このページに{here:,}）</span>'
            c = self._t(code)
            yield (f'<tr data-r="{c}"><td><a href="#first-{c}" role="button" data-filter="r" data-value="{c}" '
                   f'data-total="{count}" data-shown="{here}">{self._t(_message(code))}</a> <code>{c}</code></td>'
                   f'<td class="n">{count:,}{note}</td>'
                   f'<td><span class="bar {cls}" style="width:{width:.0f}px"></span></td></tr>')
        yield "</table>"

    def _flagged_reasons(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for codes, n in zip(self._combo_codes, self._combo_rows, strict=True):
            for code in codes:
                out[code] += n
        return out

    def _section(self, verdict: str, chosen: bytearray, shown_by_verdict: Counter[str], firsts: set[str],
                 shown_lines: set[str]) -> Iterator[str]:
        total = self.by_verdict[verdict]
        label = Verdict(verdict).label_ja
        what = "本人に確認" if verdict == Verdict.MISMATCH.value else "目で見比べる"
        yield (f'<section class="flagged" id="{verdict}" data-v="{verdict}">'
               f"<h2>{label}（{what}）{total:,}行</h2>")
        if not total:
            yield '<p class="note">ありません。</p>'
        rank = -Verdict(verdict).rank
        for key in sorted(k for k in self._buckets if k[0] == rank):
            for seq in self._buckets[key]:
                if chosen[seq]:
                    yield self._render(self._card(seq), firsts, shown_lines)
        left = total - shown_by_verdict[verdict]
        if left:
            yield (f'<p class="rest">この{label}の残り {left:,} 行は、このページに載せていません。'
                   "REPORT.csv にあります（優先度の列で並べ替えると続きから作業できます）。</p>")
        yield "</section>"

    def _render(self, card: _Card, firsts: set[str], shown_lines: set[str]) -> str:
        cls = _CLASS.get(card.verdict, "r")
        codes = card.reasons.split()
        anchors = []
        for code in _actionable(codes):
            if code not in firsts:
                firsts.add(code)
                anchors.append(f'<span id="first-{self._t(code)}"></span>')
        parts = [f'<article class="card {cls}" id="L{self._t(card.line)}" data-v="{_e(card.verdict)}" '
                 f'data-r="{" ".join(map(self._t, codes))}">', *anchors,
                 f'<h3><span class="b {cls}">{_e(Verdict(card.verdict).label_ja)}</span> 行 {self._t(card.line)}']
        if card.id:
            parts.append(f'　<span class="k">ID</span> {self._t(card.id)}')
        if card.my_number:
            parts.append(f'　<span class="k">個人番号</span> {self._t(card.my_number)}')
        if card.priority:
            parts.append(f'　<span class="k">優先度 {self._t(card.priority)}</span>')
        parts.append("</h3>")
        actionable = _actionable(codes)
        if actionable:
            parts.append("<ul>" + "".join(f"<li>{self._t(_message(c))} <code>{self._t(c)}</code></li>" for c in actionable)
                         + "</ul>")
        infos = [c for c in codes if c not in actionable]
        if infos:
            parts.append('<p class="info">同じとみなした表記の違い: ' + "／".join(self._t(_message(c)) for c in infos) + "</p>")
        related = card.related_lines.split()
        if related:
            links = [f'<a href="#L{self._t(r)}">{self._t(r)}</a>' if r in shown_lines else self._t(r)
                     for r in related[:MAX_RELATED]]
            more = f"ほか{len(related) - MAX_RELATED}行" if len(related) > MAX_RELATED else ""
            parts.append(f'<p class="k">関連する行（同じ番号・同じ人）: {" ".join(links)}{more}</p>')
        parts.append(self._table(card))
        review = [f"<span>{_e(c)}: {self._t(v) if v else '（未記入）'}</span>"
                  for c, v in zip(REVIEW_COLUMNS, card.review, strict=True)]
        if card.review_status:
            review.append(f'<span class="k">{self._t(card.review_status)}</span>')
        parts.append(f'<p class="rv">{"".join(review)}</p></article>')
        return "".join(parts)

    def _table(self, card: _Card) -> str:
        in_register = any(values[2] for values in card.values)
        rows = ['<table><tr><th>項目</th><th>業務システム</th><th>住基データ</th><th>結果</th></tr>']
        for field, level, values in zip(FIELDS, card.levels, card.values, strict=True):
            bw, bn, rw, rn = (self._v(v) for v in values)
            if not (bw or rw):
                continue
            differs = level in _DIFFERS
            wareki = tuple(self._v(v) for v in card.wareki) if field == "birth_date" else ("", "")
            left, right = _sides((bw, bn, wareki[0]), (rw, rn, wareki[1]), differs)
            if not in_register:
                right = '<span class="note">（住基データに該当なし）</span>' if field == "my_number" else ""
            label = FIELD_LABELS.get(field, (field, field))[0]
            rows.append(f'<tr{_DIFF_ROW if differs else ""}><td>{_e(label)}</td><td class="v">{left}</td>'
                        f'<td class="v">{right}</td>'
                        f'<td class="lv lv-{self._t(level)}">{self._t(level_label(level)) if level else ""}</td></tr>')
        if any(card.aliases):
            business, register = (self._t(v) for v in card.aliases)
            rows.append(f'<tr><td>通称・旧氏</td><td class="v">{business}</td><td class="v">{register}</td><td></td></tr>')
        if any(card.status):
            status = "　".join(self._t(v) for v in card.status if v)
            rows.append(f'<tr><td>住民状態</td><td class="v"></td><td class="v">{status}</td><td></td></tr>')
        rows.append("</table>")
        return "".join(rows)

    def _matched_summary(self) -> Iterator[str]:
        total = self.by_verdict[_MATCH]
        yield f'<section id="matched"><h2>一致（目視確認は不要）{total:,}行</h2>'
        plain = self._matched.get("", 0)
        folds: Counter[str] = Counter()
        for text, n in self._matched.items():
            for code in text.split():
                folds[code] += n
        yield (f'<p class="note">一致した行は、このページには件数だけを載せています（行は REPORT.csv にあります）。'
               f"そのまま同じだった行 {plain:,} 行、表記の違いを同じとみなした行 {total - plain:,} 行。</p>")
        if folds:
            yield '<table><tr><th>同じとみなした表記の違い</th><th>行数</th></tr>'
            for code, n in sorted(folds.items(), key=lambda kv: (-kv[1], kv[0])):
                yield f'<tr><td>{self._t(_message(code))} <code>{self._t(code)}</code></td><td class="n">{n:,}</td></tr>'
            yield "</table>"
        yield "</section>"

    def _redacted(self, value: Any) -> Any:
        # The manifest's digests are kept whole, as in the manifest file (audit.masked): a hex digest may
        # hold a run that passes the check digit, and a masked fingerprint could no longer be compared.
        return value if self.reveal_numbers else masked(value)

    # --- lifetime -----------------------------------------------------------------------
    def close(self) -> None:
        """Delete the spool (safe to call twice)."""
        self._spool.close()

    def __enter__(self) -> HtmlReport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _sides(left: tuple[str, str, str], right: tuple[str, str, str], differs: bool) -> tuple[str, str]:
    """Both cells of an item: the value as written, under it the normalized value (and 和暦) when it adds something.

    Each side is (written, normalized, 和暦), unescaped.  The characters that
    differ are marked only when the item differs, and on what was compared
    (the normalized values when known): marking a notation that normalizes to
    the same value would mislead.
    """
    compared = (left[1] or left[0], right[1] or right[0])
    marked = highlight_diff(*compared) if differs else (_e(compared[0]), _e(compared[1]))
    cells = []
    for (written, normalized, wareki), mark in zip((left, right), marked, strict=True):
        if normalized and normalized != written:
            main, under = _e(written), f"→ {mark}"
        else:
            main, under = mark if written else "", ""
        if wareki:
            under += f"（{_e(wareki)}）"
        cells.append(main + (f"<small>{under}</small>" if under else ""))
    return cells[0], cells[1]


# Labels of the manifest's usual keys; any other key is shown as it is.
_MANIFEST_LABELS = {
    "run_id": "実行ID", "created": "作成日時", "created_at": "作成日時", "time": "日時", "started": "開始",
    "finished": "終了", "version": "バージョン", "mynacheck_version": "mynacheck のバージョン",
    "ruleset": "ルール", "name": "名前", "fingerprint": "内容の指紋（SHA-256）", "inputs": "入力",
    "business": "業務データ", "register": "住基データ", "sha256": "SHA-256", "rows": "行数", "size": "バイト数",
    "counts": "件数", "by_verdict": "判定別", "match": "一致", "review": "要確認", "mismatch": "不一致",
    "options": "オプション", "data_versions": "参照データの版", "path": "ファイル", "file": "ファイル",
    "role": "種類", "encoding": "文字コード", "jobs": "プロセス数", "reveal_numbers": "番号を全桁表示",
}


def _flatten(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    """A manifest as (label, text) lines: nested keys joined, lists numbered."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _flatten(item, (*path, _MANIFEST_LABELS.get(str(key), str(key))))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value, 1):
            yield from _flatten(item, (*path, str(i)))
    else:
        text = "はい" if value is True else "いいえ" if value is False else _text(value)
        yield " / ".join(path), text


def write_html(out: str | os.PathLike[str] | OutputFile, rows: Iterable[HtmlRow], *,
               summary: HtmlSummary | None = None, manifest: Mapping[str, Any] | None = None,
               warnings: Sequence[str] | None = None, reveal_numbers: bool = False,
               max_cards: int | None = None, reason_quota: int | None = None, title: str = TITLE) -> None:
    """Write the page for ``rows`` (any iterator, input order) privately and whole (:mod:`.output`).

    Given a path, the page replaces it only when complete.  Given an open
    :class:`~.output.OutputFile`, the page is written into it and the caller
    commits it (the CLI renames its reports into place together, at the end).
    """
    target = out if isinstance(out, OutputFile) else OutputFile(out, label="HTML report")
    try:
        with HtmlReport(reveal_numbers=reveal_numbers, max_cards=max_cards, reason_quota=reason_quota,
                        title=title) as report:
            report.add_all(rows)
            write_parts(target, report.parts(summary=summary, manifest=manifest, warnings=warnings))
    except BaseException:
        target.abort()
        raise
    if target is not out:
        target.commit()


def write_parts(out: OutputFile, parts: Iterable[str]) -> None:
    """Write page pieces into ``out`` (UTF-8); a write error is one :class:`InputError` naming the file."""
    try:
        with open(out.fileno(), "w", encoding="utf-8", closefd=False, buffering=1 << 20) as fh:
            fh.writelines(parts)
    except OSError as err:
        out.abort()
        raise InputError(f"{out.path}: cannot write the HTML report ({err.strerror})") from None


def render_html(rows: Iterable[HtmlRow], **options: Any) -> str:
    """The whole page as a string (small runs, tests): :func:`write_html`'s options, without the file."""
    keywords = {k: options.pop(k) for k in ("summary", "manifest", "warnings") if k in options}
    with HtmlReport(**options) as report:
        report.add_all(rows)
        return "".join(report.parts(**keywords))
