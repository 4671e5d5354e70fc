"""性別: codes (ISO 5218 1/2/0/9), kanji (男/女/男性/女性) and letters (M/F/male/female).

Levels, after the shared guard (:mod:`.base`), first that holds wins:

1. ``EXACT``: the same sex written the same way;
2. ``EQUIVALENT`` (``SEX_CODE_FOLD``): the same sex in another notation (1 / 男);
3. ``UNCERTAIN`` (``SEX_UNKNOWN_CODE``): 0 (unknown) or 9 (not applicable) on a side;
4. ``DIFFERENT``.

>>> compare("1", "男").reasons, compare("女", "1").level
(('SEX_CODE_FOLD',), <Level.DIFFERENT: 'different'>)
"""

from __future__ import annotations

import enum
import unicodedata
from typing import Any, NamedTuple

from ..errors import InvalidSex
from ..verdicts import Finding, Level
from .base import ComparisonLevel, LevelledField

__all__ = ["Sex", "parse", "normalize", "compare", "parse_sex", "COMPARATOR", "LEVELS", "InvalidSex"]


class Sex(enum.Enum):
    """ISO 5218 codes."""

    UNKNOWN = 0
    MALE = 1
    FEMALE = 2
    NOT_APPLICABLE = 9


_WORDS: dict[str, Sex] = {
    "1": Sex.MALE, "2": Sex.FEMALE, "0": Sex.UNKNOWN, "9": Sex.NOT_APPLICABLE,
    "男": Sex.MALE, "男性": Sex.MALE, "女": Sex.FEMALE, "女性": Sex.FEMALE,
    "m": Sex.MALE, "male": Sex.MALE, "f": Sex.FEMALE, "female": Sex.FEMALE,
    "不明": Sex.UNKNOWN, "unknown": Sex.UNKNOWN,
}


def parse_sex(value: object) -> Sex:
    """Parse a sex value in any supported notation (half or full width).

    >>> parse_sex("Ｆ"), parse_sex("男性"), parse_sex(1)
    (<Sex.FEMALE: 2>, <Sex.MALE: 1>, <Sex.MALE: 1>)
    """
    text = str(value)
    found = _WORDS.get(text)  # the common case: already a plain code
    if found is None:
        found = _WORDS.get(unicodedata.normalize("NFKC", text).strip().casefold())
    if found is None:
        raise InvalidSex("unrecognised sex value")
    return found


def parse(value: object) -> Sex:
    """The field verb: :func:`parse_sex`."""
    return parse_sex(value)


def normalize(value: object) -> str:
    """The ISO 5218 code of a sex value: ``normalize("男") == "1"``."""
    return str(parse_sex(value).value)


class _Written(NamedTuple):
    """A sex value as compared: how it was written, and what it says."""

    text: str
    sex: Sex


def _parse(raw: object, mode: Any) -> _Written:
    return _Written(str(raw).strip(), parse_sex(raw))


_KNOWN = (Sex.MALE, Sex.FEMALE)


def _exact(a: _Written, b: _Written) -> tuple[str, ...] | None:
    return () if a.sex is b.sex and a.sex in _KNOWN and a.text == b.text else None


def _code_fold(a: _Written, b: _Written) -> tuple[str, ...] | None:
    return ("SEX_CODE_FOLD",) if a.sex is b.sex and a.sex in _KNOWN else None


def _undetermined(a: _Written, b: _Written) -> tuple[str, ...] | None:
    # 0 (unknown) and 9 (not applicable) can never confirm the item.
    return ("SEX_UNKNOWN_CODE",) if a.sex not in _KNOWN or b.sex not in _KNOWN else None


#: The sex levels, in the order they are tried.
LEVELS: tuple[ComparisonLevel[_Written], ...] = (
    ComparisonLevel(Level.EXACT, _exact, "exact"),
    ComparisonLevel(Level.EQUIVALENT, _code_fold, "code fold"),
    ComparisonLevel(Level.UNCERTAIN, _undetermined, "unknown code"),
)

COMPARATOR: LevelledField[_Written] = LevelledField(
    name="sex",
    prefix="SEX",
    parse=_parse,
    render=lambda w: str(w.sex.value),
    levels=LEVELS,
    max_length=20,
    # Sex is written in a handful of ways (1/2, 男/女 ...): every pair is met again, so compare keeps them all.
    cache_pairs=1024,
    keep_every_pair=True,
)


def compare(left: object, right: object) -> Finding:
    """Compare two sex values: :data:`COMPARATOR`."""
    return COMPARATOR.compare(left, right)

