"""住所 (interim: NFKC + white space; the address issue adds parsing)."""

from __future__ import annotations

from .interim import text_field

__all__ = ["COMPARATOR"]

COMPARATOR = text_field("address", "ADDR")
