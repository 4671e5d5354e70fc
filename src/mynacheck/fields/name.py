"""氏名 (interim: NFKC + white space; the names issue adds variants and aliases)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ..text.unicode import clean
from ..verdicts import Finding, Level
from .base import is_blank
from .interim import text_field

__all__ = ["COMPARATOR", "compare_person", "compare_parts", "NamePartLevels"]

_FIELD = text_field("name", "NAME")


@attrs.frozen(slots=True)
class NamePartLevels:
    """How the surname and the given name compare, each on its own."""

    surname: Level
    given: Level


def compare_person(
    left: object, left_aliases: Sequence[str], right: object, right_aliases: Sequence[str]
) -> Finding:
    """Compare two people's names, trying aliases when the legal names differ."""
    finding = _FIELD.compare(left, right)
    if finding.level.agrees or finding.level in (Level.ABSENT, Level.MISSING):
        return attrs.evolve(finding, via="name") if finding.level.agrees else finding
    for la in (left, *left_aliases):
        for ra in (right, *right_aliases):
            if la is left and ra is right:
                continue
            alias = _FIELD.compare(la, ra)
            if alias.level.agrees:
                return attrs.evolve(alias, reasons=(*alias.reasons, "NAME_ALIAS_MATCH"), via="alias")
    return finding


def _split(value: object) -> tuple[str, str] | None:
    if is_blank(value):
        return None
    parts = clean(str(value)).split(" ")
    if len(parts) != 2:
        return None
    return parts[0], parts[1]


def compare_parts(left: object, right: object) -> NamePartLevels | None:
    """Surname and given-name levels, or None when a name can't be split."""
    a, b = _split(left), _split(right)
    if a is None or b is None:
        return None
    return NamePartLevels(
        surname=Level.EXACT if a[0] == b[0] else Level.DIFFERENT,
        given=Level.EXACT if a[1] == b[1] else Level.DIFFERENT,
    )


class _NameField:
    name = "name"

    def compare(self, left: object, right: object) -> Finding:
        return compare_person(left, (), right, ())


COMPARATOR = _NameField()
