"""The shape every field shares: a guard, a parse, then the field's ordered comparison levels.

Every field module (:mod:`.name`, :mod:`.kana`, :mod:`.birthdate`, :mod:`.address`,
:mod:`.sex` and :mod:`mynacheck.mynumber`) has the same verbs, as python-stdnum's
modules do:

- ``parse(value)``: the field's value (``ParsedName``, ``BirthDate``, ``Address`` …);
  raises the field's :class:`~mynacheck.errors.InvalidValue` subclass;
- ``normalize(value)``: the comparable text;
- ``compare(left, right)``: a :class:`~mynacheck.Finding`;
- ``COMPARATOR``: the field's :class:`LevelledField`.

:meth:`LevelledField.compare` takes two raw values through these steps, in this
order; the first that decides gives the finding:

0. *debris*: transport debris in a text (control characters, zero-width and bidi
   marks, a BOM: :func:`mynacheck.text.unicode.fold_debris`) is folded away first,
   the same for every field; the finding of the folded values then carries
   ``RECORD_INVISIBLE_FOLDED`` (and is never ``EXACT``), unless a side is blank;
1. *null*: unknown on both sides is ``ABSENT``, on one side ``MISSING``;
2. *hostile*: a type the field does not read (``RECORD_INVALID``) or a value longer
   than ``max_length`` (``RECORD_FIELD_TOO_LONG``) is never parsed;
3. *invalid*: each side is parsed; a parse error gives ``INVALID`` with the
   error's own reason and hint;
4. the field's *levels*, in their order, as in splink's comparison levels
   (exact → each fold → near-miss → uncertain …): the first
   :class:`ComparisonLevel` whose test holds gives the level and its reasons;
5. *different*: no level held: ``DIFFERENT`` with ``{prefix}_DIFFERENT``.

Two texts may be told sooner, with the finding the steps would give (the
fields' tests check both against the steps): a comparator that keeps every
pair (``keep_every_pair``: sex) answers a pair met before from its table, and
a field's ``shortcut`` (one valid My Number on both sides, one complete day)
gives the finding of its commonest pair before step 0.

**Adding a level** is one edit: write its test, a function of the two parsed
values that returns its reason codes when it holds (``()`` for none) and None
otherwise, and put ``ComparisonLevel(Level.X, test, "name")`` at its place in the
field's ``LEVELS``.  Everything before it has been ruled out when it runs, so
the test checks only its own case.  A new reason code goes into the catalog.

The walk over the levels is compiled from them when the comparator is made
(one generated function calling the tests in turn: ``COMPARATOR._walk.__doc__``
shows it), so a comparison pays for the tests, not for a loop; a level that can
hold only for values with a flag (``when="alpha"``, or ``when=3`` for the item of
a tuple value) is skipped for others.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, Protocol, TypeVar

import attrs

from ..errors import InvalidValue, UsageError
from ..memo import PairTable, PairTables, PerMode
from ..text.unicode import find_debris, fold_debris, has_debris
from ..verdicts import Finding, Level, Verdict, _new_finding

__all__ = [
    "INVISIBLE_FOLDED",
    "FieldComparator",
    "ComparisonLevel",
    "LevelTest",
    "LevelledField",
    "is_blank",
    "show",
    "reads",
    "MAX_FIELD_LENGTH",
    "TEXT",
]

P = TypeVar("P")

#: Longer raw values are not parsed at all: no real name, date or address is
#: this long, and refusing early keeps a 5,000-character cell from costing time.
MAX_FIELD_LENGTH = 400

#: The reason a finding carries when transport debris was folded away (step 0).
INVISIBLE_FOLDED = "RECORD_INVISIBLE_FOLDED"

#: What a record cell holds: text, or an int (``Record`` writes it as its digits).
TEXT: tuple[type, ...] = (str, int)


def is_blank(value: object) -> bool:
    """True for None and for strings that are empty or only white space."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return False


def show(value: object) -> str:
    """A value as a finding shows it to a clerk: hostile cells cut to 80 characters."""
    text = str(value)
    return text if len(text) <= 80 else text[:80] + "…"


def reads(value: object, types: tuple[type, ...]) -> bool:
    """True when a field that reads ``types`` can read ``value`` (a bool is never a value)."""
    return isinstance(value, types) and type(value) is not bool


class FieldComparator(Protocol):
    """Anything that compares two raw values of one field into a Finding."""

    @property
    def name(self) -> str: ...

    def compare(self, left: object, right: object) -> Finding: ...


@attrs.frozen(slots=True)
class ComparisonLevel(Generic[P]):
    """One comparison level of a field: when ``test`` returns reason codes, it holds.

    ``test`` gets the two parsed values and returns a tuple of reason codes (an
    empty tuple: holds, nothing to report, as for ``EXACT``) or None when the
    level does not apply.  ``hint`` suggests a correction to the clerk;
    ``scored`` findings carry the field's similarity score (to rank the review
    queue, never to decide); ``verdict`` overrides the level's own verdict.
    ``when`` names a flag of the parsed values (an attribute, ``"alpha"``, or
    for values that are tuples the index of an item, ``3``) when the test can
    hold only if a side has it set (true): the walk then skips the test for
    values without it (a speed hint only; the test checks for itself).
    """

    level: Level
    test: Callable[[P, P], tuple[str, ...] | None]
    name: str = ""
    hint: Callable[[P, P], str | None] | None = None
    scored: bool = False
    verdict: Verdict | None = None
    when: str | int | None = None
    # Precomputed: building a Finding with its verdict given skips the enum property.
    _verdict: Verdict = attrs.field(init=False, repr=False, eq=False)
    _agrees: bool = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_verdict", self.verdict or self.level.verdict)
        object.__setattr__(self, "_agrees", self.level.agrees)


#: The older name of :class:`ComparisonLevel`.
LevelTest = ComparisonLevel


@attrs.frozen(slots=True)
class LevelledField(Generic[P]):
    """A field comparator: the shared guard, the field's parse, its ordered levels.

    ``parse(raw, mode)`` reads one raw value (``mode`` is the value of ``mode()``
    for this comparison, or None) and raises an :class:`InvalidValue` it cannot
    read; ``render`` is what a finding shows of a parsed value.  ``prefix``
    names the field's reason codes (``{prefix}_MISSING``, ``_ABSENT`` and
    ``_DIFFERENT`` are in the catalog).

    ``mode`` returns the process-wide setting the findings depend on besides
    the values (the transliteration backend, the reference day): it is read
    once per comparison and given to ``parse``.

    ``cache_pairs`` (0 for none) says that the finding of two values depends
    on them (and on the mode) alone, and how many findings by pair the
    comparator keeps (:attr:`pair_tables`, one table per mode).  The rules
    that compare with it (:func:`~mynacheck.rules.engine.field_rule`) keep
    their findings there, so a pair is kept once however many rulesets
    compare it.  ``keep_every_pair`` makes :meth:`compare` itself look up and
    keep every pair of texts, for a field without a mode whose values take a
    handful of forms (sex: 1, 2, 男, 女 …), where any pair has been met before; for other fields
    a direct call's pair is seldom met again, and keeping it would cost every
    new pair more than the few hits save.
    """

    name: str
    prefix: str
    parse: Callable[[object, Any], P]
    render: Callable[[P], str]
    levels: tuple[ComparisonLevel[P], ...] = ()
    max_length: int | None = MAX_FIELD_LENGTH
    #: The raw types the field reads besides None (blank); anything else is RECORD_INVALID.
    reads: tuple[type, ...] = TEXT
    #: How a raw value is shown in MISSING, INVALID and over-long findings.
    show_raw: Callable[[object], str] = show
    #: Similarity of two parsed values (None: not comparable so), for the findings
    #: of ``scored`` levels and of DIFFERENT.
    score: Callable[[P, P], float | None] | None = None
    absent_verdict: Verdict = Verdict.REVIEW
    invalid_verdict: Verdict = Verdict.REVIEW
    cache_pairs: int = 0
    # How findings are kept, never what they are: not compared, so not part of a ruleset's fingerprint.
    keep_every_pair: bool = attrs.field(default=False, eq=False)
    mode: Callable[[], Hashable] | None = None
    #: A shortcut for two texts of the commonest kind (one valid My Number on both
    #: sides, one complete day): ``shortcut(left, right, mode)`` is the finding
    #: when the field can tell it at once, else None.  It is tried first, before
    #: the guard, so it must return None for a pair the guard stops (a blank,
    #: transport debris, a value over ``max_length``), and give what the steps
    #: give otherwise: the field's tests check it against the comparator without it.
    shortcut: Callable[[str, str, Any], Finding | None] | None = None
    # Findings that never change, made once.
    _absent: Finding = attrs.field(init=False, repr=False, eq=False)
    _missing: tuple[str, ...] = attrs.field(init=False, repr=False, eq=False)
    _different: tuple[str, ...] = attrs.field(init=False, repr=False, eq=False)
    # The walk over the levels, compiled from them (see _compile_walk): it runs per comparison.
    _walk: Callable[[P, P], tuple[ComparisonLevel[P] | None, tuple[str, ...] | None]] = attrs.field(
        init=False, repr=False, eq=False)
    # A parse memoized per mode (a PerMode) is looked up by the mode once, then called with the value.
    _per_mode: bool = attrs.field(init=False, repr=False, eq=False)
    # The findings kept by pair (cache_pairs), per mode; None when cache_pairs is 0.
    _pairs: PairTables | None = attrs.field(init=False, repr=False, eq=False)
    # The table compare() keeps every pair of texts in itself (keep_every_pair: the one mode None), else None.
    _every_pair: PairTable | None = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_walk", _compile_walk(self.levels))
        object.__setattr__(self, "_per_mode", isinstance(self.parse, PerMode))
        object.__setattr__(self, "_absent", Finding(self.name, Level.ABSENT, (f"{self.prefix}_ABSENT",),
                                                    verdict=self.absent_verdict))
        object.__setattr__(self, "_missing", (f"{self.prefix}_MISSING",))
        object.__setattr__(self, "_different", (f"{self.prefix}_DIFFERENT",))
        # fresh: the keywords a cache over these tables calls compare with, having looked the pair up itself
        # (only compare that keeps every pair would look again).
        fresh = {"cached": False} if self.keep_every_pair else None
        pairs = (PairTables(f"{self.name} comparator: findings by pair", self.cache_pairs, fresh=fresh)
                 if self.cache_pairs > 0 else None)
        object.__setattr__(self, "_pairs", pairs)
        if self.keep_every_pair and self.mode is not None:
            raise UsageError("keep_every_pair is for a field whose findings depend on the two values alone (no mode)")
        object.__setattr__(self, "_every_pair", pairs.table(None) if pairs is not None and self.keep_every_pair
                           else None)

    @property
    def pair_tables(self) -> PairTables | None:
        """The findings the comparator keeps by pair of values, per mode (None when ``cache_pairs`` is 0)."""
        return self._pairs

    def compare(self, left: object, right: object, via: str | None = None, mode: Any = None,
                cached: bool = True) -> Finding:
        """Compare two raw values.

        ``via``, ``mode`` and ``cached`` are given by keyword (they are not
        keyword-only because a call would then look each default up by name).
        ``via`` is recorded on an agreeing finding (which of a person's names it
        was); ``mode`` is the setting to compare under (default: ``mode()`` now);
        ``cached=False`` makes the finding afresh, without reading or filling
        :attr:`pair_tables` (``keep_every_pair``).
        """
        if type(left) is str and type(right) is str:
            hits = self._every_pair
            if hits is not None and cached and via is None:
                # A field of a handful of notations: a pair of texts met before costs one dict lookup.
                found = hits.get((left, right))
                if found is None:
                    found = self.compare(left, right, cached=False)
                    self._pairs.keep(hits, (left, right), found)  # type: ignore[union-attr]  # set whenever hits is
                return found
            # Text on both sides, the common case: the same steps with fewer checks.
            if self.shortcut is not None and via is None:
                if mode is None and self.mode is not None:
                    mode = self.mode()
                found = self.shortcut(left, right, mode)
                if found is not None:
                    return found
            # 0. debris: every debris character is non-printable, so isprintable() (C speed)
            # clears most pairs before the search (not those written with U+3000: the search is C only).
            if not (left.isprintable() and right.isprintable()) and (
                    find_debris(left) is not None or find_debris(right) is not None):
                return self._without_debris(left, right, via, mode)
            # 1. null ("not v or v.isspace()" is "not v.strip()" without a new string)
            if not left or left.isspace() or not right or right.isspace():
                return self._null(left, right)
            # 2. hostile
            limit = self.max_length
            if limit is not None and (len(left) > limit or len(right) > limit):
                return self._raw_finding(Level.UNCERTAIN, ("RECORD_FIELD_TOO_LONG",), left, right, Verdict.REVIEW)
        else:
            # 0. debris
            if (isinstance(left, str) and has_debris(left)) or (isinstance(right, str) and has_debris(right)):
                return self._without_debris(left, right, via, mode)
            # 1. null
            if is_blank(left) or is_blank(right):
                return self._null(left, right)
            # 2. hostile
            if not (reads(left, self.reads) and reads(right, self.reads)):
                return self._raw_finding(Level.INVALID, ("RECORD_INVALID",), left, right, self.invalid_verdict)
            limit = self.max_length
            if limit is not None and ((type(left) is str and len(left) > limit) or
                                      (type(right) is str and len(right) > limit)):
                return self._raw_finding(Level.UNCERTAIN, ("RECORD_FIELD_TOO_LONG",), left, right, Verdict.REVIEW)
        # 3. invalid
        if mode is None and self.mode is not None:
            mode = self.mode()
        try:
            if self._per_mode:
                parse_one = self.parse[mode]  # type: ignore[index]
                a = parse_one(left)
                b = a if type(left) is type(right) and left == right else parse_one(right)
            else:
                parse = self.parse
                a = parse(left, mode)
                # Not reached when the left value is invalid: its error is the one reported.
                b = a if type(left) is type(right) and left == right else parse(right, mode)
        except InvalidValue as err:
            return _new_finding(self.name, Level.INVALID, (err.reason,), self.show_raw(left), self.show_raw(right),
                                self.invalid_verdict, hint=err.hint)
        # 4. the field's levels, in order; 5. different.  This is finding(a, b, via) written out: compare runs
        # once per pair of every batch, and the call would cost a frame there.
        lv, reasons = self._walk(a, b)
        if lv is not None and reasons is not None:
            return self._held(lv, reasons, a, b, via)
        render = self.render
        shown = render(a)
        return _new_finding(self.name, Level.DIFFERENT, self._different, shown, shown if b is a else render(b),
                            Verdict.MISMATCH, score=self.score(a, b) if self.score is not None else None)

    def _without_debris(self, left: object, right: object, via: str | None, mode: Any) -> Finding:
        """Step 0: compare with the debris folded away; the finding says so."""
        found = self.compare(fold_debris(left) if isinstance(left, str) else left,
                             fold_debris(right) if isinstance(right, str) else right, via=via, mode=mode)
        if found.level is Level.ABSENT or found.level is Level.MISSING:
            return found  # a blank is a blank, whatever white space or debris it held
        level = Level.EQUIVALENT if found.level is Level.EXACT else found.level
        return attrs.evolve(found, level=level, reasons=(*found.reasons, INVISIBLE_FOLDED))

    def _null(self, left: object, right: object) -> Finding:
        """Step 1: one side or both blank (the caller checked one is)."""
        blank_l, blank_r = is_blank(left), is_blank(right)
        if blank_l and blank_r:
            return self._absent
        shown = self.show_raw(right if blank_l else left)
        return _new_finding(self.name, Level.MISSING, self._missing, None if blank_l else shown,
                            None if blank_r else shown, Verdict.REVIEW)

    def finding(self, a: P, b: P, via: str | None = None) -> Finding:
        """The finding for two parsed values: the first level that holds, else DIFFERENT."""
        lv, reasons = self._walk(a, b)
        if lv is not None and reasons is not None:
            return self._held(lv, reasons, a, b, via)
        render = self.render
        shown = render(a)
        return _new_finding(self.name, Level.DIFFERENT, self._different, shown, shown if b is a else render(b),
                            Verdict.MISMATCH, score=self.score(a, b) if self.score is not None else None)

    def _held(self, lv: ComparisonLevel[P], reasons: tuple[str, ...], a: P, b: P, via: str | None) -> Finding:
        """The finding of the level that held."""
        render = self.render
        shown = render(a)
        return _new_finding(self.name, lv.level, reasons, shown, shown if b is a else render(b),  # one parse, one object
                            lv._verdict, via if lv._agrees else None, lv.hint(a, b) if lv.hint is not None else None,
                            self.score(a, b) if lv.scored and self.score is not None else None)

    def level_of(self, a: P, b: P) -> tuple[Level, tuple[str, ...]]:
        """The level two parsed values compare at, and its reasons."""
        lv, reasons = self._walk(a, b)
        if lv is not None and reasons is not None:
            return lv.level, reasons
        return Level.DIFFERENT, self._different

    def _raw_finding(self, level: Level, reasons: tuple[str, ...], left: object, right: object,
                     verdict: Verdict) -> Finding:
        return _new_finding(self.name, level, reasons, self.show_raw(left), self.show_raw(right), verdict)


def _compile_walk(levels: tuple[ComparisonLevel[P], ...]) -> Callable[[P, P], tuple[Any, Any]]:
    """One function trying ``levels`` in order: ``(level, reasons)`` of the first that holds, else ``(None, None)``.

    Generated from the levels (each test called in turn, as a loop over them
    would) so that a comparison pays for the tests only, not for a loop.
    """
    env: dict[str, Any] = {}
    lines = ["def walk(a, b):"]
    flag: str | int | None = None
    for i, lv in enumerate(levels):
        if lv.when != flag:  # consecutive levels that name one flag share its check
            flag = lv.when
            if type(flag) is int:
                lines.append(f"    if a[{flag}] or b[{flag}]:")
            elif flag is not None:
                if not isinstance(flag, str) or not flag.isidentifier():
                    raise UsageError(f"a level's flag must be an attribute name or an item's index, not {flag!r}")
                lines.append(f"    if a.{flag} or b.{flag}:")
        pad = "    " if flag is None else "        "
        env[f"test{i}"], env[f"level{i}"] = lv.test, lv
        lines += [f"{pad}found = test{i}(a, b)  # {lv.level.name}: {lv.name!r}",
                  f"{pad}if found is not None:",
                  f"{pad}    return level{i}, found"]
    lines.append("    return None, None")
    exec("\n".join(lines), env)  # the source is built above from the levels alone, never from input
    walk: Callable[[P, P], tuple[Any, Any]] = env["walk"]
    walk.__doc__ = "Generated by mynacheck.fields.base._compile_walk:\n\n" + "\n".join(lines)
    return walk
