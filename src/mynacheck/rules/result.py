"""``Result``: the verdict on one pair, with findings and reasons a clerk can act on."""

from __future__ import annotations

import attrs

from .. import reasons as catalog
from ..errors import UsageError
from ..verdicts import Finding, Level, Verdict

__all__ = ["Result", "FIELD_LABELS"]

#: Item names as a clerk knows them.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "my_number": ("個人番号", "My Number"),
    "name": ("氏名", "Name"),
    "kana": ("カナ氏名", "Kana name"),
    "birth_date": ("生年月日", "Birth date"),
    "address": ("住所", "Address"),
    "sex": ("性別", "Sex"),
    "cross": ("項目間", "Cross-field"),
}

_LEVEL_LABELS: dict[Level, tuple[str, str]] = {
    Level.EXACT: ("一致", "same"),
    Level.EQUIVALENT: ("一致（表記ゆれ）", "same (notation differs)"),
    Level.NEAR: ("近似（要確認）", "near-miss (review)"),
    Level.UNCERTAIN: ("判定不能（要確認）", "cannot tell (review)"),
    Level.DIFFERENT: ("不一致", "different"),
    Level.INVALID: ("値が不正", "invalid value"),
    Level.MISSING: ("片方が空欄", "missing on one side"),
    Level.ABSENT: ("両方空欄（未照合）", "missing on both sides (not compared)"),
}


@attrs.frozen(slots=True)
class Result:
    """The outcome of :func:`mynacheck.compare`.

    ``left`` is the business-system record, ``right`` the register record.
    Nothing in a Result holds a full My Number: the my_number finding carries
    masked values only.
    """

    verdict: Verdict
    findings: tuple[Finding, ...]
    reasons: tuple[str, ...]
    ruleset: str
    ruleset_version: str
    decided_by: str
    left_id: str | None = None
    right_id: str | None = None

    def finding(self, field: str) -> Finding | None:
        """The finding of one field (or ``"cross"``), or None if it was not compared."""
        for f in self.findings:
            if f.field == field:
                return f
        return None

    def messages(self, lang: str = "ja") -> tuple[str, ...]:
        """One catalog message per reason, most decisive first."""
        return tuple(catalog.message(code, lang) for code in self.reasons)

    def explain(self, lang: str = "ja") -> str:
        """Lines a clerk can read: the verdict, why, and each item's outcome."""
        ja = lang == "ja"
        if lang not in ("ja", "en"):
            raise UsageError(f"unsupported language {lang!r}; use 'ja' or 'en'")
        head = (
            f"判定: {self.verdict.label_ja}（{self.verdict.value}） ルール: {self.ruleset} v{self.ruleset_version}"
            if ja
            else f"Verdict: {self.verdict.value} (ruleset {self.ruleset} v{self.ruleset_version})"
        )
        lines = [head]
        shown = [c for c in self.reasons if catalog.get(c).severity is not Verdict.MATCH]
        if shown:
            lines.append("理由:" if ja else "Reasons:")
            lines.extend(f"  [{c}] {catalog.message(c, lang)}" for c in shown)
        lines.append("項目別:" if ja else "Items:")
        for f in self.findings:
            if f.field == "cross":
                continue
            label = FIELD_LABELS.get(f.field, (f.field, f.field))[0 if ja else 1]
            outcome = _LEVEL_LABELS[f.level][0 if ja else 1]
            values = ""
            if f.left is not None or f.right is not None:
                values = f"  {f.left or '—'} / {f.right or '—'}"
            lines.append(f"  {label}: {outcome}{values}")
            if f.hint:
                lines.append(("    候補: " if ja else "    hint: ") + f.hint)
            infos = [c for c in f.reasons if catalog.get(c).severity is Verdict.MATCH]
            lines.extend(f"    ({catalog.message(c, lang)})" for c in infos)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict.  The My Number appears masked only."""
        return {
            "verdict": self.verdict.value,
            "reasons": list(self.reasons),
            "ruleset": self.ruleset,
            "ruleset_version": self.ruleset_version,
            "decided_by": self.decided_by,
            "left_id": self.left_id,
            "right_id": self.right_id,
            "findings": [f.to_dict() for f in self.findings],
        }
