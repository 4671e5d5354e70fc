"""Generate docs/reasons.md (and docs/en/reasons.md) from the reason-code catalog.

Run:  python scripts/gen_reasons_doc.py
A test (tests/test_reasons_catalog.py) fails when the files are out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mynacheck import reasons
from mynacheck.rules.result import FIELD_LABELS

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"ja": ROOT / "docs" / "reasons.md", "en": ROOT / "docs" / "en" / "reasons.md"}

_SEVERITY = {
    "ja": {"match": "情報（一致を妨げない）", "review": "要確認", "mismatch": "不一致"},
    "en": {"match": "info (does not block a match)", "review": "review", "mismatch": "mismatch"},
}
_HEAD = {
    "ja": ("# 理由コード一覧\n\n"
           "このファイルは `scripts/gen_reasons_doc.py` が `mynacheck.reasons` から生成します。手で編集しないでください。\n\n"
           "「重さ」はその理由が単独で示す判定です。最終判定はルールセットの判定表が決めます。\n"),
    "en": ("# Reason codes\n\n"
           "Generated from `mynacheck.reasons` by `scripts/gen_reasons_doc.py`; do not edit by hand.\n\n"
           "*Severity* is the verdict a reason argues for on its own; the ruleset's decision table decides.\n"),
}


def render(lang: str) -> str:
    ja = lang == "ja"
    out = [_HEAD[lang]]
    field = None
    for reason in reasons.all_reasons():
        if reason.field != field:
            field = reason.field
            label = FIELD_LABELS.get(field, (field, field))[0 if ja else 1]
            out.append(f"\n## {label} (`{field}`)\n")
            out.append("| コード | 重さ | メッセージ |" if ja else "| code | severity | message |")
            out.append("|---|---|---|")
        message = reason.message(lang).replace("|", "\\|")
        out.append(f"| `{reason.code}` | {_SEVERITY[lang][reason.severity.value]} | {message} |")
    return "\n".join(out) + "\n"


def main() -> int:
    for lang, path in TARGETS.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(lang), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
