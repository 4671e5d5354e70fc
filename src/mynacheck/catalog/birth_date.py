"""Reasons of the birth date (生年月日) field."""

from __future__ import annotations

from ..verdicts import Verdict

M, R, X = Verdict.MATCH, Verdict.REVIEW, Verdict.MISMATCH

REASONS: tuple[tuple[str, str, Verdict, str, str], ...] = (
    ("DATE_DIFFERENT", "birth_date", X,
     "生年月日が異なります。",
     "The birth dates differ."),
    ("DATE_MISSING", "birth_date", R,
     "一方の生年月日が空欄です。目視で確認してください。",
     "The birth date is missing on one side. Check visually."),
    ("DATE_ABSENT", "birth_date", R,
     "生年月日が両方とも空欄のため確認できません。",
     "The birth date is missing on both sides; it could not be confirmed."),
    ("DATE_NOTATION_FOLD", "birth_date", M,
     "生年月日の表記の違いは無視しました。",
     "The birth dates differ only in notation."),
    ("DATE_UNPARSEABLE", "birth_date", R,
     "生年月日を日付として読み取れません。値を確認してください。",
     "The birth date cannot be read as a date. Check the value."),
)
