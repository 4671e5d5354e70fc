"""One module per item, each with the same verbs: parse, normalize, compare and its COMPARATOR.

See :mod:`.base` for the shape they share.
"""

from __future__ import annotations

from types import ModuleType

from ..errors import UsageError
from .base import ComparisonLevel, FieldComparator, LevelledField, LevelTest, is_blank

__all__ = ["ComparisonLevel", "FieldComparator", "LevelledField", "LevelTest", "is_blank", "comparator", "module"]


def module(field: str) -> ModuleType:
    """The module of a field, by its record key (``my_number`` is :mod:`mynacheck.mynumber`)."""
    # Imported lazily: field modules may load data tables.
    from .. import mynumber
    from . import address, birthdate, kana, name, sex

    table: dict[str, ModuleType] = {
        "my_number": mynumber,
        "name": name,
        "kana": kana,
        "birth_date": birthdate,
        "address": address,
        "sex": sex,
    }
    try:
        return table[field]
    except KeyError:
        raise UsageError(f"unknown field {field!r}; expected one of {', '.join(table)}") from None


def comparator(field: str) -> FieldComparator:
    """The default comparator of a field, by its record key."""
    found: FieldComparator = module(field).COMPARATOR
    return found
