"""The register index: compact My Number → register row, held in memory.

This index is what bounds the memory of a reconcile; the business file only
streams past it.  A row is stored as one UTF-8 byte string, its values
joined by a unit separator (about 150 bytes a row instead of 800 for a
tuple of str objects), and turned back into a mapping on lookup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..record import Record
from .core import REGISTER_DUPLICATE
from .keys import number_key

__all__ = ["RegisterIndex", "STORED", "pack_row"]

#: The register values kept per row, in tuple order.
STORED: tuple[str, ...] = ("my_number", "name", "kana", "birth_date", "address", "sex", "aliases", "id")


def _plain(row: Record | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(row, Record):
        return {k: getattr(row, k) for k in STORED}
    return row


_SEP = "\x1f"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple | list):
        return ";".join(str(v) for v in value)
    return str(value)


def _pack(values: list[Any]) -> bytes | tuple[Any, ...]:
    try:
        # The common case, every value a str or None, joins in one C call.
        joined = _SEP.join([v if v is not None else "" for v in values])
    except TypeError:
        joined = _SEP.join([_text(v) for v in values])
    if joined.count(_SEP) != len(values) - 1:
        return tuple(values)  # a value holding the separator is kept as it is
    return joined.encode("utf-8", "surrogatepass")


def _unpack(packed: bytes | tuple[Any, ...]) -> tuple[Any, ...] | list[str]:
    if isinstance(packed, tuple):
        return packed
    return packed.decode("utf-8", "surrogatepass").split(_SEP)


def pack_row(row: Record | Mapping[str, Any]) -> tuple[str | None, bytes | tuple[Any, ...] | None]:
    """A register row as the index stores it: ``(compact number, packed values)``; ``(None, None)`` without a number."""
    plain = _plain(row)
    key = number_key(plain.get("my_number"))
    if key is None:
        return None, None
    return key, _pack([plain.get(k) for k in STORED])


class RegisterIndex:
    """Register rows by compact number.

    The first row of a number wins; later rows with the same number are
    counted in :attr:`duplicates` and the row looked up says so (the report
    gives ``RECORD_REGISTER_DUPLICATE``).  Rows without a number can never
    be joined and are counted in :attr:`unnumbered`.
    """

    __slots__ = ("_rows", "_dups", "rows", "duplicates", "unnumbered")

    def __init__(self) -> None:
        self._rows: dict[str, bytes | tuple[Any, ...]] = {}
        self._dups: set[str] = set()
        self.rows = 0
        self.duplicates = 0
        self.unnumbered = 0

    def add(self, row: Record | Mapping[str, Any]) -> None:
        self.add_entries((pack_row(row),))

    def add_entries(self, entries: Iterable[tuple[str | None, bytes | tuple[Any, ...] | None]]) -> None:
        """Add rows packed by :func:`pack_row` (possibly in another process), in order: the first row of a number wins."""
        rows, dups = self._rows, self._dups
        for key, packed in entries:
            self.rows += 1
            if key is None or packed is None:
                self.unnumbered += 1
            elif key in rows:
                self.duplicates += 1
                dups.add(key)
            else:
                rows[key] = packed

    @classmethod
    def build(cls, rows: Iterable[Record | Mapping[str, Any]]) -> RegisterIndex:
        index = cls()
        for row in rows:
            index.add(row)
        return index

    def get(self, key: str) -> dict[str, Any] | None:
        """The register row of a compact number, or None."""
        packed = self._rows.get(key)
        if packed is None:
            return None
        values = _unpack(packed)
        row = {k: v for k, v in zip(STORED, values, strict=True) if v}
        if key in self._dups:
            row[REGISTER_DUPLICATE] = True
        return row

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, key: object) -> bool:
        return key in self._rows
