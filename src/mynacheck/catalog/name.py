"""Reasons of the name (氏名) field."""

from __future__ import annotations

from ..verdicts import Verdict

M, R, X = Verdict.MATCH, Verdict.REVIEW, Verdict.MISMATCH

REASONS: tuple[tuple[str, str, Verdict, str, str], ...] = (
    ("NAME_DIFFERENT", "name", X,
     "氏名が異なります。",
     "The names differ."),
    ("NAME_MISSING", "name", R,
     "一方の氏名が空欄です。目視で確認してください。",
     "The name is missing on one side. Check visually."),
    ("NAME_ABSENT", "name", R,
     "氏名が両方とも空欄のため確認できません。",
     "The name is missing on both sides; it could not be confirmed."),
    ("NAME_NOTATION_FOLD", "name", M,
     "氏名の全角・半角や空白の違いは無視しました。",
     "The names differ only in width or spacing."),
    ("NAME_ALIAS_MATCH", "name", M,
     "通称または旧氏で一致しました。",
     "Matched through an alias (通称) or former surname (旧氏)."),
)
