"""生年月日 (interim: NFKC + white space; the birth-date issue adds parsing)."""

from __future__ import annotations

from .interim import text_field

__all__ = ["COMPARATOR"]

COMPARATOR = text_field("birth_date", "DATE")
