"""Reasons of the kana name (カナ氏名) field."""

from __future__ import annotations

from ..verdicts import Verdict

M, R, X = Verdict.MATCH, Verdict.REVIEW, Verdict.MISMATCH

REASONS: tuple[tuple[str, str, Verdict, str, str], ...] = (
    ("KANA_DIFFERENT", "kana", X,
     "カナ氏名が異なります。",
     "The kana names differ."),
    ("KANA_MISSING", "kana", R,
     "一方のカナ氏名が空欄です。目視で確認してください。",
     "The kana name is missing on one side. Check visually."),
    ("KANA_ABSENT", "kana", R,
     "カナ氏名が両方とも空欄のため確認できません。",
     "The kana name is missing on both sides; it could not be confirmed."),
    ("KANA_NOTATION_FOLD", "kana", M,
     "カナ氏名の全角・半角や空白の違いは無視しました。",
     "The kana names differ only in width or spacing."),
)
