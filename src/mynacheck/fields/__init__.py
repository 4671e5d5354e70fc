"""One module per item: parse/normalize and compare into a Finding."""

from __future__ import annotations

from ..errors import UsageError
from .base import FieldComparator, LevelledField, LevelTest, is_blank

__all__ = ["FieldComparator", "LevelledField", "LevelTest", "is_blank", "comparator"]


def comparator(field: str) -> FieldComparator:
    """The default comparator of a field, by its record key."""
    # Imported lazily: field modules may load data tables.
    from .. import mynumber
    from . import address, birthdate, kana, name, sex

    table: dict[str, FieldComparator] = {
        "my_number": mynumber.COMPARATOR,
        "name": name.COMPARATOR,
        "kana": kana.COMPARATOR,
        "birth_date": birthdate.COMPARATOR,
        "address": address.COMPARATOR,
        "sex": sex.COMPARATOR,
    }
    try:
        return table[field]
    except KeyError:
        raise UsageError(f"unknown field {field!r}; expected one of {', '.join(table)}") from None
