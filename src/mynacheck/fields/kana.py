"""カナ氏名 (interim: NFKC + white space; the names issue adds the kana folds)."""

from __future__ import annotations

from .interim import text_field

__all__ = ["COMPARATOR"]

COMPARATOR = text_field("kana", "KANA")
