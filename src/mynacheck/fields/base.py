"""The level model every field comparator is built on.

A field comparator turns two raw values into one :class:`~mynacheck.Finding`:

1. *missing* is handled first and explicitly: unknown on both sides gives
   ``ABSENT``, on one side ``MISSING``;
2. hostile input (over-long values) is caught before any parsing;
3. each side is parsed/normalized; a value error gives ``INVALID`` with the
   error's own reason code;
4. the field's ordered levels are walked, as in splink's comparison levels
   (exact → equivalent through a named fold → near-miss → ...).  The first
   level whose test holds wins and its reasons are recorded;
5. if no level holds the values are ``DIFFERENT``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, Protocol, TypeVar

import attrs

from ..errors import InvalidValue
from ..verdicts import Finding, Level

__all__ = ["FieldComparator", "LevelTest", "LevelledField", "is_blank", "MAX_FIELD_LENGTH"]

T = TypeVar("T")

#: Longer raw values are not parsed at all: no real name, date or address is
#: this long, and refusing early keeps a 5,000-character cell from costing time.
MAX_FIELD_LENGTH = 400


def is_blank(value: object) -> bool:
    """True for None and for strings that are empty or only white space."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return False


class FieldComparator(Protocol):
    """Anything that compares two raw values of one field into a Finding."""

    @property
    def name(self) -> str: ...

    def compare(self, left: object, right: object) -> Finding: ...


@attrs.frozen(slots=True)
class LevelTest(Generic[T]):
    """One comparison level: if ``test`` returns a tuple of reason codes, it holds.

    ``test`` returns ``None`` when the level does not apply.  An empty tuple
    means "holds, nothing to report" (typical for ``EXACT``).
    """

    level: Level
    test: Callable[[T, T], tuple[str, ...] | None]
    name: str = ""


@attrs.frozen(slots=True)
class LevelledField(Generic[T]):
    """A comparator defined by a parser, a renderer and ordered levels.

    ``prefix`` names the field's reason codes: ``{prefix}_MISSING``,
    ``{prefix}_ABSENT`` and ``{prefix}_DIFFERENT`` must exist in the catalog.
    """

    name: str
    prefix: str
    parse: Callable[[object], T]
    render: Callable[[T], str]
    levels: Sequence[LevelTest[T]] = ()
    max_length: int = MAX_FIELD_LENGTH
    #: Instead of ``levels``: one function that walks the levels itself and
    #: returns ``(level, reasons)``, for fields whose levels share work
    #: (an address is compared part by part once, not once per level).
    classify: Callable[[T, T], tuple[Level, tuple[str, ...]]] | None = None

    def compare(self, left: object, right: object) -> Finding:
        # ``type(...) is str`` first: the common case, cheaper than is_blank's checks
        # ("not v or v.isspace()" is "not v.strip()" without a new string).
        blank_l = (not left or left.isspace()) if type(left) is str else is_blank(left)
        blank_r = (not right or right.isspace()) if type(right) is str else is_blank(right)
        if blank_l and blank_r:
            return Finding(self.name, Level.ABSENT, (f"{self.prefix}_ABSENT",))
        if blank_l or blank_r:
            known = right if blank_l else left
            shown = self._show_raw(known)
            return Finding(
                self.name,
                Level.MISSING,
                (f"{self.prefix}_MISSING",),
                left=None if blank_l else shown,
                right=None if blank_r else shown,
            )
        limit = self.max_length
        if (isinstance(left, str) and len(left) > limit) or (isinstance(right, str) and len(right) > limit):
            return Finding(self.name, Level.UNCERTAIN, ("RECORD_FIELD_TOO_LONG",),
                           left=self._show_raw(left), right=self._show_raw(right))
        try:
            a = self.parse(left)
            b = self.parse(right)  # not reached when the left value is invalid: its error is reported
        except InvalidValue as err:
            return Finding(
                self.name,
                Level.INVALID,
                (err.reason,),
                left=self._show_raw(left),
                right=self._show_raw(right),
                hint=err.hint,
            )
        shown_l = self.render(a)
        shown_r = shown_l if b is a else self.render(b)  # a cached parse gives one object for equal values
        if self.classify is not None:
            level_found, reasons_found = self.classify(a, b)
            return Finding(self.name, level_found, reasons_found, left=shown_l, right=shown_r)
        for level in self.levels:
            reasons = level.test(a, b)
            if reasons is not None:
                return Finding(self.name, level.level, reasons, left=shown_l, right=shown_r)
        return Finding(self.name, Level.DIFFERENT, (f"{self.prefix}_DIFFERENT",), left=shown_l, right=shown_r)

    @staticmethod
    def _show_raw(value: object) -> str:
        # Findings carry values for a clerk to read; keep hostile cells short.
        text = str(value)
        return text if len(text) <= 80 else text[:80] + "…"
