"""Interim text comparison: NFKC plus white-space folding.

Used by a field until its own issue gives it real levels.  It already goes
through the level model, so a later field module adds levels and keeps the
shape of its findings.
"""

from __future__ import annotations

from ..text.unicode import clean
from ..verdicts import Level
from .base import LevelledField, LevelTest

__all__ = ["text_field"]


def _exact(a: tuple[str, str], b: tuple[str, str]) -> tuple[str, ...] | None:
    return () if a[0] == b[0] else None


def text_field(name: str, prefix: str) -> LevelledField[tuple[str, str]]:
    """A comparator that is EXACT on equal raw text, EQUIVALENT on equal NFKC text."""

    def equivalent(a: tuple[str, str], b: tuple[str, str]) -> tuple[str, ...] | None:
        return (f"{prefix}_NOTATION_FOLD",) if a[1] == b[1] else None

    return LevelledField(
        name=name,
        prefix=prefix,
        parse=lambda raw: (str(raw).strip(), clean(str(raw)).replace(" ", "")),
        render=lambda pair: pair[1],
        levels=(LevelTest(Level.EXACT, _exact, "exact"), LevelTest(Level.EQUIVALENT, equivalent, "nfkc")),
    )
