"""The register index: compact My Number → register row, held in memory.

This index is what bounds the memory of a reconcile; the business file only
streams past it.  A row is stored as one UTF-8 byte string, its values
joined by a unit separator (about 150 bytes a row instead of 800 for a
tuple of str objects), and turned back into a mapping on lookup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from ..mynumber import spreadsheet_damage
from ..record import KEYS, Record, plain_row, record_of_texts
from .core import REGISTER_DUPLICATE, has_control
from .io import cell_picker
from .keys import number_key

__all__ = ["RegisterIndex", "STORED", "REMOVED_STATUS", "pack_row", "PackedRows", "pack_records"]

#: The register values kept per row, in tuple order: a record's keys, in field order.
STORED: tuple[str, ...] = KEYS


def _plain(row: Record | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(row, Record):
        return {k: getattr(row, k) for k in STORED}
    return plain_row(row)  # a NaN, pandas.NA … is unknown, never the text "nan"


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


Packed = bytes | tuple[Any, ...]


@attrs.frozen(slots=True)
class PackedRows:
    """Consecutive register rows packed for the index (in a worker, say), ready to merge in one step.

    ``first`` holds the first row of each number; ``repeated`` one number per
    later row that repeats it.
    """

    first: dict[str, Packed]
    repeated: list[str]
    rows: int
    unnumbered: int
    #: numbers whose first row holds a control character
    controlled: list[str] = attrs.Factory(list)
    #: rows whose number a spreadsheet changed (counted in ``unnumbered`` too: they join nothing)
    spreadsheet: int = 0


def pack_records(records: Iterable[list[str]], columns: Mapping[str, Sequence[int]], *,
                 controls: bool = True) -> PackedRows:
    """Pack consecutive CSV records for the index, ``columns`` giving each key's cell positions.

    Each row is what :func:`pack_row` makes of the record mapped to its keys,
    without a dict per row; the first row of a number wins.  ``controls``:
    the records may hold a control character (False when their block was
    searched and holds none): such rows are listed in ``controlled``.
    """
    number_at = columns["my_number"][0]
    pick = cell_picker(columns, STORED, absent="")  # packed, None and "" are the same
    separators = len(STORED) - 1
    first: dict[str, Packed] = {}
    repeated: list[str] = []
    controlled: list[str] = []
    count = unnumbered = spreadsheet = 0
    for row in records:
        count += 1
        cell = row[number_at]
        # number_key's own first case (twelve ASCII digits, the key itself), inline: no call for the usual row.
        key = cell if type(cell) is str and len(cell) == 12 and cell.isascii() and cell.isdigit() else number_key(cell)
        if key is None:
            unnumbered += 1
            spreadsheet += spreadsheet_damage(row[number_at]) is not None
        elif key in first:
            repeated.append(key)
        else:
            # _pack for values that are all str: one join, kept as it is if a value holds the separator.
            values = pick(row)
            joined = _SEP.join(values)  # type: ignore[arg-type]  # absent="": every value is a str
            first[key] = joined.encode("utf-8", "surrogatepass") if joined.count(_SEP) == separators else tuple(values)
            if controls and has_control(values):
                controlled.append(key)
    return PackedRows(first, repeated, count, unnumbered, controlled, spreadsheet)


#: What a row of the removed-residents extract is, whatever its own status cell says (prefixed to it).
REMOVED_STATUS = "消除"


def _as_removed(status: object) -> str:
    """A removed-residents row's status: 消除, with what the row says itself (死亡, 転出 …) after it."""
    text = "" if status is None else str(status)
    return f"{REMOVED_STATUS};{text}" if text.strip() else REMOVED_STATUS


class RegisterIndex:
    """Register rows by compact number.

    The first row of a number wins; later rows with the same number are
    counted in :attr:`duplicates` and the row looked up says so (the report
    gives ``RECORD_REGISTER_DUPLICATE``).  Rows without a number can never
    be joined and are counted in :attr:`unnumbered`.

    :attr:`removed` is the index of a removed-residents extract (除票,
    :meth:`attach_removed`): a number this register lacks is looked up there,
    and its row comes back as removed (status ``消除``, with the row's own status
    after it), so "absent from the register" is told apart from "removed".
    """

    __slots__ = ("_rows", "_dups", "rows", "duplicates", "unnumbered", "controlled", "spreadsheet", "removed")

    def __init__(self) -> None:
        self._rows: dict[str, bytes | tuple[Any, ...]] = {}
        self._dups: set[str] = set()
        self.rows = 0
        self.duplicates = 0
        self.unnumbered = 0
        #: numbers whose register row holds a control character (a business row joined to one is flagged)
        self.controlled: set[str] = set()
        #: rows whose number a spreadsheet changed (``6.34127E+11``): unnumbered, and worth a warning
        self.spreadsheet = 0
        #: the removed-residents extract's index, consulted for a number this one lacks
        self.removed: RegisterIndex | None = None

    def attach_removed(self, removed: RegisterIndex) -> None:
        """Look numbers this register lacks up in ``removed`` (a 除票 extract's index); its rows read as removed."""
        self.removed = removed
        self.controlled.update(k for k in removed.controlled if k not in self._rows)

    def add(self, row: Record | Mapping[str, Any]) -> None:
        key, packed = pack_row(row)
        if key is None:
            self.spreadsheet += spreadsheet_damage(_plain(row).get("my_number")) is not None
        if key is not None and key not in self._rows and has_control(map(_plain(row).get, STORED)):
            self.controlled.add(key)
        self.add_entries(((key, packed),))

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

    def add_packed(self, packed: PackedRows) -> None:
        """Add rows packed by :func:`pack_records`, after every row added so far.

        One C-level merge instead of an insert per row: the main process of a
        large run spends its time here while the workers parse.
        """
        rows = self._rows
        # Numbers an earlier row holds (that row wins); isdisjoint walks only the new block.
        earlier = set() if rows.keys().isdisjoint(packed.first) else rows.keys() & packed.first.keys()
        rows.update({k: v for k, v in packed.first.items() if k not in earlier} if earlier else packed.first)
        if packed.controlled:
            self.controlled.update(k for k in packed.controlled if k not in earlier)
        self._dups.update(packed.repeated)
        self._dups.update(earlier)
        self.duplicates += len(packed.repeated) + len(earlier)
        self.rows += packed.rows
        self.unnumbered += packed.unnumbered
        self.spreadsheet += packed.spreadsheet

    @classmethod
    def build(cls, rows: Iterable[Record | Mapping[str, Any]]) -> RegisterIndex:
        index = cls()
        for row in rows:
            index.add(row)
        return index

    def get(self, key: str) -> dict[str, Any] | None:
        """The register row of a compact number (from the removed-residents extract when only it has one), or None."""
        packed = self._rows.get(key)
        if packed is None:
            if self.removed is None:
                return None
            row = self.removed.get(key)
            if row is not None:
                row["status"] = _as_removed(row.get("status"))
            return row
        values = _unpack(packed)
        row = {k: v for k, v in zip(STORED, values, strict=True) if v}
        if key in self._dups:
            row[REGISTER_DUPLICATE] = True
        return row

    def find(self, key: str) -> tuple[Record, bool] | None:
        """The register row of a compact number as a :class:`Record`, and whether the extract repeats the number.

        The same record as ``Record.from_mapping(index.get(key))``, without the mapping.
        """
        packed = self._rows.get(key)
        if packed is None:
            if self.removed is None:
                return None
            found = self.removed.find(key)
            if found is None:
                return None
            record, duplicate = found
            return attrs.evolve(record, status=_as_removed(record.status)), duplicate
        if isinstance(packed, tuple):  # a value held the separator: the rare general path
            row = self.get(key)
            assert row is not None
            return Record.from_mapping(row), key in self._dups
        return record_of_texts(packed.decode("utf-8", "surrogatepass").split(_SEP)), key in self._dups

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, key: object) -> bool:
        """Whether this register (not the removed-residents extract) holds the number."""
        return key in self._rows
