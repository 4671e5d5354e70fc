"""What REPORT.html carries besides the rows: its style, its one script, its guidance text, its CSP.

Nothing here depends on a run.  The script is static text (no value is ever
put into it), so the page's Content-Security-Policy allows exactly that
script by its SHA-256 and nothing else: no remote script, style, image, font,
frame or connection, even from a ``file://`` URL.  Without JavaScript every
flagged row is shown, and the reason links still jump to the first row of
their reason.
"""

from __future__ import annotations

import base64
import hashlib
import json

__all__ = ["CSS", "SCRIPT", "CSP", "GUIDANCE", "REVIEW_GUIDE", "script_json"]

CSS = """
:root{--m:#c62828;--r:#ef6c00;--a:#2e7d32;--line:#ddd}
[hidden]{display:none!important}
body{font-family:"Hiragino Sans","Noto Sans CJK JP","Yu Gothic",Meiryo,sans-serif;margin:0 auto;max-width:1200px;
padding:16px 24px;color:#222;background:#fafafa;line-height:1.5}
h1{font-size:1.4em;margin:0 0 6px}h2{font-size:1.15em;border-bottom:2px solid var(--line);padding-bottom:4px;margin:24px 0 8px}
table{border-collapse:collapse;background:#fff}td,th{border:1px solid var(--line);padding:3px 8px;vertical-align:top;text-align:left}
th{background:#f0f0f0;font-weight:600}.n{text-align:right;font-variant-numeric:tabular-nums}
.note,.k{color:#666;font-size:.9em}code{font-size:.85em;color:#555}
.warn{background:#fff3e0;border-left:6px solid var(--r);padding:8px 12px;font-weight:600}
.totals{font-size:1.05em;margin:6px 0}.totals b{font-size:1.15em}
.todo{display:flex;gap:12px;flex-wrap:wrap;margin:10px 0}
.todo section{flex:1 1 300px;background:#fff;border:1px solid var(--line);border-top:5px solid #999;padding:6px 12px}
.todo section.m{border-top-color:var(--m)}.todo section.r{border-top-color:var(--r)}
.todo h2{border:0;margin:0;padding:0;font-size:1.05em}.todo p,.todo ul{margin:4px 0}.todo ul{padding-left:20px}
.manifest{font-size:.85em}.manifest td{word-break:break-all}.manifest th{white-space:nowrap;width:11em}
.b{display:inline-block;color:#fff;border-radius:3px;padding:0 8px;font-size:.9em;font-weight:600;background:#666}
.b.m{background:var(--m)}.b.r{background:var(--r)}.b.a{background:var(--a)}
.bar{display:inline-block;height:12px;border-radius:2px;vertical-align:middle;background:var(--r)}.bar.m{background:var(--m)}
.filters{position:sticky;top:0;background:#fafafa;padding:6px 0;border-bottom:1px solid var(--line);z-index:1}
.filters a{display:inline-block;margin:2px 4px 2px 0;padding:1px 10px;border:1px solid #bbb;border-radius:12px;
color:#222;text-decoration:none;background:#fff}
.filters a[aria-pressed=true]{background:#222;color:#fff;border-color:#222}
#status{margin-left:8px;font-weight:600}
.chart td a{color:inherit}.chart tr.on td{background:#fff8e1}
.card{background:#fff;border:1px solid var(--line);border-left:6px solid #999;border-radius:4px;margin:10px 0;
padding:6px 12px;content-visibility:auto;contain-intrinsic-size:auto 320px}
.card.m{border-left-color:var(--m)}.card.r{border-left-color:var(--r)}
.card h3{margin:0 0 4px;font-size:1em;font-weight:600}.card ul{margin:2px 0 6px;padding-left:20px}
.card table{width:100%}.card td:first-child{width:7em;white-space:nowrap;color:#444}
.card td.v{font-family:ui-monospace,"Noto Sans Mono CJK JP",monospace;word-break:break-all;width:38%}
.card td.v small{display:block;color:#555;font-family:inherit}
.card tr.d td{background:#fff5f5}mark{background:#ffe082;padding:0 1px}
.lv{white-space:nowrap;font-size:.9em}.lv-different,.lv-invalid{color:var(--m);font-weight:600}
.lv-near,.lv-uncertain,.lv-missing{color:var(--r)}
.info{color:#777;font-size:.9em}.rv{font-size:.9em;color:#444;margin:4px 0 0}.rv span{margin-right:14px}
.rest{background:#e3f2fd;border-left:6px solid #1565c0;padding:8px 12px}
@media print{.filters{display:none}.card{break-inside:avoid;content-visibility:visible}}
"""

# The one script.  It only hides and shows rows that are already in the page:
# the verdict buttons and the reason links carry data-v / data-r, and without
# the script they are plain links to #mismatch, #review and the first row of a reason.
SCRIPT = """
(function () {
  "use strict";
  var doc = document, cards = doc.querySelectorAll("article.card"), status = doc.getElementById("status");
  var sections = doc.querySelectorAll("section.flagged"), want = {v: "", r: ""};
  function words(el) { return " " + (el.getAttribute("data-r") || "") + " "; }
  function apply() {
    var shown = 0, i, c;
    for (i = 0; i < cards.length; i++) {
      c = cards[i];
      var ok = (!want.v || c.getAttribute("data-v") === want.v) && (!want.r || words(c).indexOf(" " + want.r + " ") >= 0);
      c.hidden = !ok;
      if (ok) { shown++; }
    }
    for (i = 0; i < sections.length; i++) {
      sections[i].hidden = !!want.v && sections[i].getAttribute("data-v") !== want.v;
    }
    var pressed = doc.querySelectorAll("[data-filter]");
    for (i = 0; i < pressed.length; i++) {
      var p = pressed[i], kind = p.getAttribute("data-filter"), value = p.getAttribute("data-value");
      p.setAttribute("aria-pressed", String(kind === "all" ? !want.v && !want.r : want[kind] === value));
    }
    var rows = doc.querySelectorAll(".chart tr[data-r]");
    for (i = 0; i < rows.length; i++) { rows[i].className = rows[i].getAttribute("data-r") === want.r ? "on" : ""; }
    var text = "", source = null;
    if (want.v || want.r) {
      text = "絞り込み中（" + [want.v && want.v === "mismatch" ? "不一致" : want.v ? "要確認" : "", want.r]
        .filter(Boolean).join("・") + "）: " + shown + "件を表示";
      // The rows a cap left out of the page: said for one filter at a time (their counts are per reason, per verdict).
      if (!(want.v && want.r)) {
        var kind = want.r ? "r" : "v", links = doc.querySelectorAll('[data-filter="' + kind + '"][data-total]');
        for (i = 0; i < links.length; i++) { if (links[i].getAttribute("data-value") === want[kind]) { source = links[i]; } }
      }
      if (source) {
        var rest = Number(source.getAttribute("data-total")) - Number(source.getAttribute("data-shown"));
        if (rest > 0) { text += "（ほかに" + rest + "件が REPORT.csv にあります）"; }
      }
    }
    status.textContent = text;
  }
  doc.addEventListener("click", function (event) {
    var el = event.target.closest("[data-filter]");
    if (!el) { return; }
    event.preventDefault();
    var kind = el.getAttribute("data-filter"), value = el.getAttribute("data-value") || "";
    if (kind === "all") { want = {v: "", r: ""}; }
    else { want[kind] = want[kind] === value ? "" : value; }
    apply();
    if (kind === "r" && want.r) {
      var first = doc.querySelector("article.card:not([hidden])");
      (first || doc.getElementById("flagged")).scrollIntoView();
    }
  });
  doc.documentElement.className = "js";
})();
"""


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


#: Nothing may load: no remote (or local) script, style sheet, image, font, frame or connection.
#: Inline styles are allowed (the bars' widths); the one inline script by its hash.
CSP = ("default-src 'none'; " f"script-src 'sha256-{_sha256(SCRIPT)}'; style-src 'unsafe-inline'; img-src data:; "
       "base-uri 'none'; form-action 'none'")

#: What a clerk does with each flagged verdict (DOMAIN §4–§5), shown above the rows.
GUIDANCE: dict[str, tuple[str, tuple[str, ...]]] = {
    "mismatch": (
        "別の人の個人番号が登録されている疑いがあります。本人に確認してください。",
        (
            "申請書などの原本と、本人（または世帯）への問い合わせで、正しい個人番号を確かめます。",
            "家族の番号・同姓同名の別人・番号の書き誤りがよくある原因です。",
            "番号が誤りと確認できたら、確認結果に「誤り」と書きます。",
        ),
    ),
    "review": (
        "表記の違いか、別人かを目で見比べてください。",
        (
            "業務システムと住基データの値を並べて表示しています。色の付いた文字が違う所です。",
            "旧字体・住所の書き方・転居などで同じ人と判断できれば「正しい」、"
            "判断できなければ本人に確認します（確認中は「保留」）。",
        ),
    ),
}

#: How the worksheet's review columns are filled (DOMAIN §5).
REVIEW_GUIDE: tuple[tuple[str, str], ...] = (
    ("確認者1", "最初に確認した職員の氏名"),
    ("確認者2", "確認者1とは別の職員の氏名（同じ人が2回書くことはできません）"),
    ("確認日", "確認した日（例: 2026-12-06、令和8年12月6日）"),
    ("確認結果", "「正しい」（紐付けは正しい）・「誤り」（紐付け誤りを確認）・「保留」（本人に確認中）のどれか"),
)

_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def script_json(value: object) -> str:
    """``value`` as JSON that is safe inside a ``<script>`` element.

    Every character outside ASCII (the line separators U+2028/U+2029
    among them) and ``<``, ``>``, ``&`` (so no ``</script>`` or ``<!--``)
    are written as ``\\u`` escapes.  They can only occur inside JSON
    strings, where the escape means the same character.

    >>> script_json({"name": "</script><!--\\u2028"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003c!--\\\\u2028"}'
    """
    # ASCII only: a lone surrogate (an undecodable file name) stays a \\u escape, never a byte that is not UTF-8.
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"), sort_keys=True).translate(_SCRIPT_ESCAPES)
