"""The register index: compact My Number → register row, held in memory.

This index is what bounds the memory of a reconcile; the business file only
streams past it.  A row is stored as a tuple of its raw strings (about a
third of a dict's size) and turned back into a mapping on lookup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..record import Record
from .core import REGISTER_DUPLICATE
from .keys import number_key

__all__ = ["RegisterIndex", "STORED"]

#: The register values kept per row, in tuple order.
STORED: tuple[str, ...] = ("my_number", "name", "kana", "birth_date", "address", "sex", "aliases", "id")


def _plain(row: Record | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(row, Record):
        return {k: getattr(row, k) for k in STORED}
    return row


class RegisterIndex:
    """Register rows by compact number.

    The first row of a number wins; later rows with the same number are
    counted in :attr:`duplicates` and the row looked up says so (the report
    gives ``RECORD_REGISTER_DUPLICATE``).  Rows without a number can never
    be joined and are counted in :attr:`unnumbered`.
    """

    __slots__ = ("_rows", "_dups", "rows", "duplicates", "unnumbered")

    def __init__(self) -> None:
        self._rows: dict[str, tuple[Any, ...]] = {}
        self._dups: set[str] = set()
        self.rows = 0
        self.duplicates = 0
        self.unnumbered = 0

    def add(self, row: Record | Mapping[str, Any]) -> None:
        plain = _plain(row)
        self.rows += 1
        key = number_key(plain.get("my_number"))
        if key is None:
            self.unnumbered += 1
            return
        if key in self._rows:
            self.duplicates += 1
            self._dups.add(key)
            return
        self._rows[key] = tuple(plain.get(k) for k in STORED)

    @classmethod
    def build(cls, rows: Iterable[Record | Mapping[str, Any]]) -> RegisterIndex:
        index = cls()
        for row in rows:
            index.add(row)
        return index

    def get(self, key: str) -> dict[str, Any] | None:
        """The register row of a compact number, or None."""
        values = self._rows.get(key)
        if values is None:
            return None
        row = {k: v for k, v in zip(STORED, values, strict=True) if v is not None}
        if key in self._dups:
            row[REGISTER_DUPLICATE] = True
        return row

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, key: object) -> bool:
        return key in self._rows
