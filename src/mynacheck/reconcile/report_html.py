"""REPORT.html: one self-contained page (no external assets, no script).

A summary by verdict and by reason with CSS bars, then the flagged rows
first, each with the business record and the register record side by side
and the differing characters highlighted.  Every input row appears: past
:data:`MAX_FLAGGED` cards, flagged rows continue in a compact table, and all
matched rows are listed compactly.  The page is written in parts, so the
compact rows can stream from a spool file instead of memory.  Every value is
escaped: a name may contain ``<script>``.
"""

from __future__ import annotations

import difflib
import html
import operator
import os
from collections.abc import Iterable, Iterator, Sequence

from .. import reasons as catalog
from ..errors import InputError
from ..rules.result import FIELD_LABELS
from ..verdicts import Verdict
from .core import REPORT_COLUMNS, Detail, ReportRow, level_label
from .output import OutputFile

__all__ = ["render_html", "html_parts", "compact_row", "write_html", "highlight_diff", "MAX_FLAGGED"]

#: Flagged rows shown as side-by-side cards; the rest are listed compactly.
MAX_FLAGGED = 500

# Levels whose values really differ; only these get character highlights.
_DIFFERS = frozenset({"near", "uncertain", "different", "invalid", "missing"})

_COLOURS = {"match": "#2e7d32", "review": "#ef6c00", "mismatch": "#c62828"}

_CSS = """
body{font-family:"Hiragino Sans","Noto Sans CJK JP","Yu Gothic",Meiryo,sans-serif;margin:24px;color:#222;
background:#fafafa;line-height:1.5}
h1{font-size:1.4em;margin:0 0 4px}h2{font-size:1.15em;border-bottom:2px solid #ddd;padding-bottom:4px;margin-top:28px}
.meta{color:#666;font-size:.9em}
table{border-collapse:collapse;background:#fff}td,th{border:1px solid #ddd;padding:4px 8px;vertical-align:top;
text-align:left}th{background:#f0f0f0;font-weight:600}
.bar{display:inline-block;height:14px;border-radius:2px;vertical-align:middle}
.barcell{width:320px}.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;color:#fff;border-radius:3px;padding:0 8px;font-size:.9em;font-weight:600}
.card{background:#fff;border:1px solid #ddd;border-left:6px solid #999;border-radius:4px;margin:12px 0;
padding:8px 12px}
.card h3{margin:0 0 6px;font-size:1em}.card ul{margin:4px 0 8px;padding-left:20px}
.card table{width:100%}.card td.f{width:7em;white-space:nowrap;color:#444}
.card td.v{font-family:ui-monospace,"Noto Sans Mono CJK JP",monospace;word-break:break-all;width:38%}
mark{background:#ffe082;padding:0 1px}.lv{white-space:nowrap;font-size:.9em}
.lv-different,.lv-invalid{color:#c62828;font-weight:600}.lv-near,.lv-uncertain,.lv-missing,.lv-absent{color:#ef6c00}
.note{color:#666;font-size:.9em}tr.info td{color:#777}
.warn{background:#fff3e0;border-left:6px solid #ef6c00;padding:8px 12px;font-weight:600}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


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


def _bar(count: int, total: int, colour: str) -> str:
    width = 0.0 if total <= 0 else max(0.5, 300.0 * count / total) if count else 0.0
    return f'<span class="bar" style="width:{width:.1f}px;background:{colour}"></span>'


def _rank(code: str) -> int:
    try:
        return catalog.severity(code).rank
    except KeyError:
        return 1


def _badge(verdict: str) -> str:
    label = Verdict(verdict).label_ja if verdict in _COLOURS else verdict
    return f'<span class="badge" style="background:{_COLOURS.get(verdict, "#666")}">{_e(label)}</span>'


def _card(row: ReportRow, detail: Detail | None) -> str:
    colour = _COLOURS.get(row.verdict, "#999")
    parts = [f'<div class="card" style="border-left-color:{colour}">',
             f"<h3>{_badge(row.verdict)} 行 {_e(row.line)}"
             + (f"　ID {_e(row.id)}" if row.id else "")
             + (f"　個人番号 {_e(row.my_number)}" if row.my_number else "") + "</h3>"]
    codes = row.codes
    if codes:
        parts.append("<ul>")
        for code in codes:
            parts.append(f"<li>{_e(catalog.message(code, 'ja'))} <span class=\"note\">[{_e(code)}]</span></li>")
        parts.append("</ul>")
    if row.related_lines:
        parts.append(f'<p class="note">関連する行: {_e(row.related_lines)}</p>')
    if detail is not None:
        parts.append("<table><tr><th>項目</th><th>業務システム</th><th>住基データ</th><th>結果</th></tr>")
        for pair in detail.pairs:
            if not pair.left and not pair.right:
                continue
            label = FIELD_LABELS.get(pair.field, (pair.field, pair.field))[0]
            if pair.level in _DIFFERS:
                left, right = highlight_diff(pair.left, pair.right)
            else:  # same after normalization: marking raw notation would mislead
                left, right = _e(pair.left), _e(pair.right)
            if not detail.in_register:
                right = '<span class="note">（該当なし）</span>' if pair.field == "my_number" else ""
            level = pair.level
            parts.append(
                f'<tr><td class="f">{_e(label)}</td><td class="v">{left}</td><td class="v">{right}</td>'
                f'<td class="lv lv-{_e(level)}">{_e(level_label(level)) if level else ""}</td></tr>'
            )
        parts.append("</table>")
    parts.append("</div>")
    return "".join(parts)


def compact_row(row: ReportRow) -> str:
    """One row of the compact lists: line, id, masked number, verdict, reasons."""
    return _compact(row.line, row.id, row.my_number, row.verdict, row.reasons)


_COMPACT_FIELDS = operator.itemgetter(*(REPORT_COLUMNS.index(c) for c in ("line", "id", "my_number", "verdict", "reasons")))


def compact_columns(values: Sequence[str]) -> str:
    """:func:`compact_row` of a row given as its column tuple (:data:`REPORT_COLUMNS` order)."""
    return _compact(*_COMPACT_FIELDS(values))


def _compact(line: str, id_: str, number: str, verdict: str, reasons: str) -> str:
    return (f"<tr><td class=\"num\">{_e(line)}</td><td>{_e(id_)}</td><td>{_e(number)}</td>"
            f"<td>{_badge(verdict)}</td><td>{_e(reasons)}</td></tr>\n")


_COMPACT_HEAD = "<table><tr><th>行</th><th>ID</th><th>個人番号</th><th>判定</th><th>理由</th></tr>"


def render_html(
    rows_flagged: Sequence[tuple[ReportRow, Detail | None]],
    rows_matched: Sequence[ReportRow],
    *,
    total: int,
    by_verdict: dict[str, int],
    by_reason: dict[str, int],
    title: str = "マイナンバー紐付け点検 結果",
    meta: str = "",
) -> str:
    """The whole page as a string (for small runs and tests)."""
    cards = rows_flagged[:MAX_FLAGGED]
    rest = (compact_row(row) for row, _ in rows_flagged[MAX_FLAGGED:])
    return "".join(html_parts(cards, rest, (compact_row(r) for r in rows_matched), total=total,
                              by_verdict=by_verdict, by_reason=by_reason, title=title, meta=meta))


def html_parts(
    cards: Sequence[tuple[ReportRow, Detail | None]],
    flagged_rest: Iterable[str],
    matched: Iterable[str],
    *,
    total: int,
    by_verdict: dict[str, int],
    by_reason: dict[str, int],
    title: str = "マイナンバー紐付け点検 結果",
    meta: str = "",
    warnings: Sequence[str] = (),
) -> Iterator[str]:
    """The page in parts: ``cards`` in full, then every other row as :func:`compact_row` strings.

    ``warnings`` (e.g. numbers a spreadsheet changed) head the page, before the counts.
    """
    flagged_total = sum(n for v, n in by_verdict.items() if v != Verdict.MATCH.value)
    matched_total = by_verdict.get(Verdict.MATCH.value, 0)
    yield ('<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">'
           '<meta name="viewport" content="width=device-width,initial-scale=1">'
           f"<title>{_e(title)}</title><style>{_CSS}</style></head><body><h1>{_e(title)}</h1>")
    if meta:
        yield f'<p class="meta">{_e(meta)}</p>'
    for warning in warnings:
        yield f'<p class="warn">{_e(warning)}</p>'
    yield "<h2>判定の内訳</h2><table><tr><th>判定</th><th>件数</th><th>割合</th><th class=\"barcell\"></th></tr>"
    for v in Verdict:
        n = by_verdict.get(v.value, 0)
        pct = 100.0 * n / total if total else 0.0
        yield (f"<tr><td>{_badge(v.value)} {_e(v.value)}</td><td class=\"num\">{n:,}</td>"
               f"<td class=\"num\">{pct:.1f}%</td><td class=\"barcell\">{_bar(n, total, _COLOURS[v.value])}</td></tr>")
    yield f'<tr><th>計</th><th class="num">{total:,}</th><th></th><th></th></tr></table>'
    if by_reason:
        yield "<h2>理由別の件数</h2><table><tr><th>理由</th><th>説明</th><th>件数</th><th class=\"barcell\"></th></tr>"
        for code, n in sorted(by_reason.items(), key=lambda kv: (-_rank(kv[0]), -kv[1], kv[0])):
            try:
                entry = catalog.entry(code)
                msg, colour = entry.ja, _COLOURS[entry.severity.value]
            except KeyError:
                msg, colour = "", "#666"
            muted = ' class="info"' if _rank(code) == 0 else ""
            yield (f"<tr{muted}><td>{_e(code)}</td><td>{_e(msg)}</td><td class=\"num\">{n:,}</td>"
                   f"<td class=\"barcell\">{_bar(n, total, colour)}</td></tr>")
        yield "</table>"
    yield f"<h2>要確認・不一致の行（{flagged_total:,}件）</h2>"
    if not cards:
        yield '<p class="note">ありません。</p>'
    yield from (_card(row, detail) for row, detail in cards)
    first = True
    for line in flagged_rest:
        if first:
            yield (f'<p class="note">上の{len(cards):,}件は両方の記録を並べて表示しています。'
                   "残りの要確認・不一致の行は次の一覧です。</p>" + _COMPACT_HEAD)
            first = False
        yield line
    if not first:
        yield "</table>"
    yield f"<h2>一致の行（{matched_total:,}件）</h2>"
    first = True
    for line in matched:
        if first:
            yield _COMPACT_HEAD
            first = False
        yield line
    if not first:
        yield "</table>"
    yield "</body></html>\n"


def write_html(path: str | os.PathLike[str] | OutputFile, page: str | Iterable[str]) -> None:
    """Write the page (a string or its parts) privately and whole (:mod:`.output`).

    Given a path, the page replaces it only when complete.  Given an open
    :class:`~.output.OutputFile`, the page is written into it and the caller
    commits it (the CLI renames its reports into place together, at the end).
    """
    out = path if isinstance(path, OutputFile) else OutputFile(path, label="HTML report")
    try:
        with open(out.fileno(), "w", encoding="utf-8", closefd=False) as fh:
            if isinstance(page, str):
                fh.write(page)
            else:
                fh.writelines(page)
    except OSError as err:
        out.abort()
        raise InputError(f"{out.path}: cannot write the HTML report ({err.strerror})") from None
    except BaseException:
        out.abort()
        raise
    if out is not path:
        out.commit()
