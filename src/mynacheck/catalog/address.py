"""Reasons of the address (住所) field."""

from __future__ import annotations

from ..verdicts import Verdict

M, R, X = Verdict.MATCH, Verdict.REVIEW, Verdict.MISMATCH

REASONS: tuple[tuple[str, str, Verdict, str, str], ...] = (
    ("ADDR_DIFFERENT", "address", X,
     "住所が異なります。",
     "The addresses differ."),
    ("ADDR_MISSING", "address", R,
     "一方の住所が空欄です。目視で確認してください。",
     "The address is missing on one side. Check visually."),
    ("ADDR_ABSENT", "address", R,
     "住所が両方とも空欄のため確認できません。",
     "The address is missing on both sides; it could not be confirmed."),
    ("ADDR_NOTATION_FOLD", "address", M,
     "住所の全角・半角や空白の違いは無視しました。",
     "The addresses differ only in width or spacing."),
    ("ADDR_UNPARSEABLE", "address", R,
     "住所を読み取れません。値を確認してください。",
     "The address cannot be parsed. Check the value."),
)
