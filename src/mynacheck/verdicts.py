"""The value objects every layer shares: verdicts, comparison levels, findings."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from ._slots import compile_slot_builder

__all__ = ["Verdict", "Level", "Finding"]


class Verdict(enum.StrEnum):
    """The three outcomes of the Digital Agency's inspection (A / B / C).

    A verdict is also its text (``Verdict.MATCH == "match"``, ``str(Verdict.MATCH) == "match"``),
    so a report row's ``verdict`` (the text, as REPORT.csv holds it) and a
    result's (this enum) compare alike: ``row.verdict == Verdict.MISMATCH``.
    """

    MATCH = "match"
    REVIEW = "review"
    MISMATCH = "mismatch"

    @property
    def label_ja(self) -> str:
        return _VERDICT_JA[self._value_]

    @property
    def rank(self) -> int:
        """Severity order: MATCH 0 < REVIEW 1 < MISMATCH 2."""
        return _VERDICT_RANK[self._value_]

    @classmethod
    def worst(cls, verdicts: list[Verdict] | tuple[Verdict, ...]) -> Verdict:
        return max(verdicts, key=lambda v: v.rank, default=cls.MATCH)


# Keyed by value, not by member: an enum member's __hash__ is Python code,
# and these lookups run several times per compared pair.
_VERDICT_JA = {"match": "一致", "review": "要確認", "mismatch": "不一致"}
_VERDICT_RANK = {"match": 0, "review": 1, "mismatch": 2}


class Level(enum.Enum):
    """Comparison levels, walked in order like splink's comparison levels.

    A field comparator reports the first level that holds.  The level says
    *how* two values relate; the field's default verdict follows from it, and
    the ruleset's decision table may weigh it together with other fields.
    """

    EXACT = "exact"  # identical after basic cleanup
    EQUIVALENT = "equivalent"  # identical through a named fold (reported as a reason)
    NEAR = "near"  # a near-miss: one edit, swapped day/month, neighbouring era ...
    UNCERTAIN = "uncertain"  # cannot tell: 外字, confusable kanji, less specific address ...
    DIFFERENT = "different"  # the values differ
    INVALID = "invalid"  # a value is malformed (bad check digit, impossible date)
    MISSING = "missing"  # known on one side only
    ABSENT = "absent"  # unknown on both sides: not compared

    @property
    def verdict(self) -> Verdict:
        """The verdict this level gives a field on its own."""
        return _LEVEL_VERDICT[self._value_]

    @property
    def agrees(self) -> bool:
        """True when the two values are the same (exactly or through a fold)."""
        return self._value_ in _AGREEING


_LEVEL_VERDICT = {
    "exact": Verdict.MATCH,
    "equivalent": Verdict.MATCH,
    "near": Verdict.REVIEW,
    "uncertain": Verdict.REVIEW,
    "different": Verdict.MISMATCH,
    "invalid": Verdict.REVIEW,
    "missing": Verdict.REVIEW,
    "absent": Verdict.REVIEW,
}
_AGREEING = frozenset(("exact", "equivalent"))


def _redact(value: str | None) -> str | None:
    """:func:`mynacheck.mynumber.redact` of a shown value (None stays None)."""
    if value is None:
        return None
    from .mynumber import redact  # imported here: mynumber builds Findings, so it imports this module

    return redact(value)


def _redact_repr(value: str | None) -> str:
    return repr(_redact(value))


@attrs.frozen(slots=True)
class Finding:
    """The outcome of comparing one field (or one cross-field rule).

    ``left`` and ``right`` are the normalized values as compared, never the
    full My Number (that field carries masked values).  A value of another
    field may still hold a number (a shifted column): the repr and
    :meth:`to_dict` redact it (:func:`mynacheck.mynumber.redact`).
    ``verdict`` defaults to the level's own verdict; a rule may set it explicitly.
    """

    field: str
    level: Level
    reasons: tuple[str, ...] = ()
    left: str | None = attrs.field(default=None, repr=_redact_repr)
    right: str | None = attrs.field(default=None, repr=_redact_repr)
    verdict: Verdict = attrs.field()
    #: Which of a person's names matched ("name", "alias"), or None.
    via: str | None = None
    #: A suggestion a clerk can act on, e.g. the valid writing of a date.
    hint: str | None = attrs.field(default=None, repr=_redact_repr)
    #: Similarity in [0, 1] used only to rank the review queue; never decides.
    score: float | None = None

    @verdict.default
    def _default_verdict(self) -> Verdict:
        return self.level.verdict

    @property
    def agrees(self) -> bool:
        return self.level.agrees

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Pretty printers (IPython, hypothesis's falsifying examples) would
        # otherwise walk the attrs fields and print the values unredacted.
        printer.text(repr(self))

    def to_dict(self, *, reveal_numbers: bool = False) -> dict[str, object]:
        """A JSON-ready dict; any My Number in ``left``, ``right`` or ``hint`` is redacted
        unless ``reveal_numbers=True`` (the my_number field's values are masked either way)."""
        shown = (lambda v: v) if reveal_numbers else _redact
        out: dict[str, object] = {
            "field": self.field,
            "level": self.level.value,
            "verdict": self.verdict.value,
            "reasons": list(self.reasons),
            "left": shown(self.left),
            "right": shown(self.right),
        }
        if self.via is not None:
            out["via"] = self.via
        if self.hint is not None:
            out["hint"] = shown(self.hint)
        if self.score is not None:
            out["score"] = self.score
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """The finding :meth:`to_dict` describes (``Finding.from_dict(f.to_dict(reveal_numbers=True)) == f``)."""
        return cls(
            field=data["field"], level=Level(data["level"]), reasons=tuple(data.get("reasons", ())),
            left=data.get("left"), right=data.get("right"), verdict=Verdict(data["verdict"]),
            via=data.get("via"), hint=data.get("hint"),
            score=None if data.get("score") is None else float(data["score"]),
        )


# The field comparators build a Finding for every pair they cannot answer from a cache (each address pair).
if tuple(f.name for f in attrs.fields(Finding))[:6] != ("field", "level", "reasons", "left", "right", "verdict"):
    raise AssertionError("Finding's fields moved: the builder's positional order must follow them")

#: ``Finding(field, level, reasons, left, right, verdict, via=None, hint=None, score=None)``, the verdict always
#: given (no default from the level), for the comparators' per-pair findings (:mod:`mynacheck._slots`).
_new_finding: Callable[..., Finding] = compile_slot_builder(Finding, required=6)
