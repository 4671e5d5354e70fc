"""性別: codes (ISO 5218 1/2/0/9), kanji (男/女/男性/女性) and letters (M/F/male/female)."""

from __future__ import annotations

import enum
import unicodedata

import attrs

from ..errors import InvalidSex
from ..verdicts import Finding, Level
from .base import LevelledField, LevelTest

__all__ = ["Sex", "parse_sex", "COMPARATOR", "InvalidSex"]


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


def _exact(a: Sex, b: Sex) -> tuple[str, ...] | None:
    if a is b and a in (Sex.MALE, Sex.FEMALE):
        return ()
    return None


def _undetermined(a: Sex, b: Sex) -> tuple[str, ...] | None:
    # 0 (unknown) and 9 (not applicable) can never confirm the item.
    if Sex.UNKNOWN in (a, b) or Sex.NOT_APPLICABLE in (a, b):
        return ("SEX_UNKNOWN_CODE",)
    return None


class _SexField:
    """Like a LevelledField, but reports when the notations differed."""

    name = "sex"
    #: Sex is written in a handful of ways (1/2, 男/女 ...): a rule keeps this many pairs' findings.
    cache_pairs = 1024
    _inner: LevelledField[Sex] = LevelledField(
        name="sex",
        prefix="SEX",
        parse=parse_sex,
        render=lambda s: str(s.value),
        levels=(LevelTest(Level.EXACT, _exact), LevelTest(Level.UNCERTAIN, _undetermined)),
        max_length=20,
    )

    def compare(self, left: object, right: object) -> Finding:
        finding = self._inner.compare(left, right)
        if finding.level is Level.EXACT and _raw(left) != _raw(right):
            return attrs.evolve(finding, level=Level.EQUIVALENT, reasons=("SEX_CODE_FOLD",),
                                verdict=Level.EQUIVALENT.verdict)
        return finding


def _raw(value: object) -> str:
    return str(value).strip()


COMPARATOR = _SexField()
