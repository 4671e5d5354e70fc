"""Rules, rulesets and the evaluation of one pair of records.

Evaluation has three steps, each small enough to read at once:

1. every *field rule* compares one item and gives one :class:`Finding`;
2. every *cross-field rule* looks at both records and the field findings and
   may add a finding of its own (family member, same name, surname changed);
3. the ruleset's *decision table* picks the first row that applies.  The
   verdict is that row's verdict, raised to the worst verdict of any
   cross-field finding: a custom rule can always make a pair *more* suspect,
   never less.  To relax a check, replace the rule that makes it.
"""

from __future__ import annotations

import datetime
import operator
import threading
import weakref
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from ..clock import as_of
from ..errors import RuleError, UsageError
from ..fields import comparator
from ..fields.base import FieldComparator
from ..fields.birthdate import reference_day
from ..memo import Cache, PairTables, memo, pair_cache
from ..reasons import sort_codes
from ..record import Record, as_record
from ..verdicts import Finding, Level, Verdict
from .result import Result

__all__ = ["Context", "Rule", "Decision", "Judgement", "Ruleset", "field_rule", "kana_rule", "RuleError",
           "decides_by_findings", "LENIENT", "STRICT", "KANA_MODES"]


# A module global: ``Level.ABSENT`` goes through the enum machinery (~90 ns in
# Python 3.11), and it is looked up several times per pair.
_ABSENT = Level.ABSENT
_MATCH = Verdict.MATCH
_AGREEING = frozenset(level._value_ for level in Level if level.agrees)
# The items every Record has: a field rule's first step reads them with an attrgetter.
_RECORD_FIELDS = frozenset(a.name for a in attrs.fields(Record))


class Context:
    """What a rule sees: both records, and the findings made so far.

    ``memo`` lets rules share derived values (parsed names ...) within one
    pair, so a value is parsed once however many rules look at it.
    """

    __slots__ = ("left", "right", "findings", "cross", "ruleset", "memo")

    def __init__(self, left: Record, right: Record, ruleset: Ruleset) -> None:
        self.left = left
        self.right = right
        self.ruleset = ruleset
        self.findings: dict[str, Finding] = {}
        self.cross: list[Finding] = []
        self.memo: dict[str, Any] = {}

    def level(self, field: str) -> Level:
        """The level of a field's finding; ``ABSENT`` when the field was not compared."""
        finding = self.findings.get(field)
        return finding.level if finding is not None else _ABSENT

    def agrees(self, field: str) -> bool:
        """True when the field was compared and its values agree (``Level.agrees``)."""
        finding = self.findings.get(field)
        # Level.agrees inline: cross-field rules ask this several times per pair.
        return finding is not None and finding.level._value_ in _AGREEING

    def has_reason(self, code: str) -> bool:
        return any(code in f.reasons for f in self.cross)


@attrs.frozen(slots=True)
class Rule:
    """One check with a stable id and a version.

    A *field rule* (``field`` set) returns the finding for that item; it is
    ``required`` when a ``match`` needs the item confirmed.  A *cross-field
    rule* (``field`` None) returns a finding or None when it does not apply.
    ``settings`` names what the rule was made with, when that changes its
    findings (the kana strictness, a register status code table): two rules of
    one id and version with other settings are other rules.  A cross-field
    check may carry ``quiet_when``, a tuple of fields: it returns None whenever
    all of their findings agree, and the per-pair loop then skips it.
    """

    id: str
    version: str
    check: Callable[[Context], Finding | None]
    field: str | None = None
    required: bool = False
    description: str = ""
    settings: str = ""
    #: How it was made (a factory and its arguments), to make it again in another
    #: process: the check of :func:`field_rule` and :func:`kana_rule` is a closure
    #: pickle cannot send.
    recipe: tuple[Any, ...] | None = attrs.field(default=None, init=False, eq=False, repr=False)

    def __reduce__(self) -> tuple[Any, ...]:
        if self.recipe is not None:
            return (self.recipe[0], self.recipe[1:])
        return (Rule, (self.id, self.version, self.check, self.field, self.required, self.description,
                       self.settings))


def field_rule(
    field: str,
    *,
    required: bool = True,
    compare: FieldComparator | None = None,
    version: str = "1",
    rule_id: str | None = None,
) -> Rule:
    """A rule that compares one item of both records with a field comparator.

    The ``name`` field also tries aliases (通称, 旧氏) and 併記名 when the legal names
    differ (:func:`~mynacheck.fields.name.compare_person`); the ``kana`` field is
    :func:`kana_rule` (lenient).  A comparator with a ``cache_pairs`` attribute (> 0) declares that its
    finding depends on the two values alone, or on them and the setting its
    ``mode`` attribute returns: the rule then keeps up to that many findings by
    pair of values (and mode) in a :func:`~mynacheck.memo.pair_cache`, in the
    comparator's own tables when it has them (``pair_tables``: a
    :class:`~mynacheck.fields.base.LevelledField`), so a pair is kept once for
    the comparator and every rule that compares with it.
    """
    if field == "kana" and compare is None:
        return kana_rule(required=required, mode=LENIENT, version=version, rule_id=rule_id)
    cmp = compare if compare is not None else comparator(field)
    values: Callable[[Context], tuple[Any, ...]]
    findings: Callable[..., Finding]
    shared: PairTables | None = None  # the comparator's own tables, when the rule's findings are its
    if field == "name" and compare is None:
        from ..fields.name import compare_person

        def values(ctx: Context) -> tuple[Any, ...]:
            left, right = ctx.left, ctx.right
            return left.name, left.aliases, right.name, right.aliases

        findings = compare_person
    else:

        def values(ctx: Context) -> tuple[Any, ...]:
            return getattr(ctx.left, field, None), getattr(ctx.right, field, None)

        findings = cmp.compare
        shared = getattr(cmp, "pair_tables", None)
    # A comparator whose finding depends on the two values alone, and whose
    # values repeat (names, kana), says how many pairs are worth keeping.
    # Never for My Numbers: a cache keyed by them would hold full numbers.
    # A mode the findings depend on besides the values (the transliteration backend,
    # the reference day) is part of every key.
    size: int = 0 if field == "my_number" else getattr(cmp, "cache_pairs", 0)
    check: Callable[[Context], Finding]
    if size > 0:
        check = pair_cache(findings, size, mode=getattr(cmp, "mode", None), key=values, tables=shared)
    else:

        def check(ctx: Context) -> Finding:
            return findings(*values(ctx))

    if field == "name" and compare is None:
        _first_step(check, ("left.name", "left.aliases", "right.name", "right.aliases"))
    elif field == "my_number" and compare is None:
        from ..mynumber import _same_plain_pair

        _first_step(check, ("left.my_number", "right.my_number"), _same_plain_pair)
    elif field in _RECORD_FIELDS:
        _first_step(check, (f"left.{field}", f"right.{field}"))
    rule = Rule(
        id=rule_id or f"field.{field}",
        version=version,
        check=check,
        field=field,
        required=required,
        description=f"compare {field}" + (" (required)" if required else " (supporting)"),
    )
    object.__setattr__(rule, "recipe", (_field_rule_again, field, required, compare, version, rule_id))
    return rule


def _first_step(check: Callable[[Context], Finding], items: tuple[str, ...],
                quick: Callable[[Any], Finding | None] | None = None) -> None:
    """Give a field rule's check the first step the ruleset's per-pair loop takes itself (:meth:`Ruleset._evaluate`).

    ``check.read`` reads the values the check compares (an attrgetter: in C) and
    ``check.quick(values)`` is their finding when it can tell at once (a hit of the
    check's pair cache, a plain valid My Number on both sides), else None: then the
    check runs.  A pair cache with a mode (name: the backend; birth date: the
    reference day) has no ``quick``: the loop looks the values up in the table of
    the mode read now (``check.peek_tables.get(check.peek_mode())``) itself, and
    on a miss has the cache fill it (``check.peek_fill(values, mode)``).
    Attributes of the function, not its code or closure, so the rule's
    fingerprint (:mod:`.fingerprint`) is the same with them and without.
    """
    quick = quick if quick is not None else getattr(check, "peek", None)  # a pair cache without a mode
    if quick is not None:
        check.quick = quick  # type: ignore[attr-defined]
    if quick is not None or hasattr(check, "peek_tables"):
        check.read = operator.attrgetter(*items)  # type: ignore[attr-defined]


def _field_rule_again(field: str, required: bool, compare: FieldComparator | None, version: str,
                      rule_id: str | None) -> Rule:
    """:func:`field_rule` called again with the same arguments (a rule unpickled in another process)."""
    return field_rule(field, required=required, compare=compare, version=version, rule_id=rule_id)


def no_reasons(ctx: Context) -> tuple[str, ...]:
    """A decision row's reasons when it gives none of its own."""
    return ()


#: The kana strictness of a ruleset (:func:`kana_rule`, :meth:`Ruleset.with_kana`).
LENIENT, STRICT = "lenient", "strict"
KANA_MODES: tuple[str, ...] = (LENIENT, STRICT)


def kana_rule(*, required: bool = False, mode: str = LENIENT, version: str = "1", rule_id: str | None = None) -> Rule:
    """The カナ氏名 rule in one strictness.

    - ``lenient`` (legacy data, the default): small kana, ヴ/ブ, ヂ/ジ and long
      vowels fold (ショウ = シヨウ), each fold reported;
    - ``strict``: where *both* records say their kana is the official reading
      (``kana_source`` official: the 振り仮名 of the 戸籍), those folds are not
      allowed (キョウコ ≠ キヨウコ, ``KANA_STRICT_FOLD``); a pair where either side's
      kana was typed, or does not say, is compared leniently all the same.

    A kana not recorded yet (``******``, 【名空欄】) is unknown in both modes.
    """
    from ..fields.kana import COMPARATOR as LENIENT_KANA
    from ..fields.kana import STRICT as STRICT_KANA
    from ..status import OFFICIAL, kana_source_of

    if mode not in KANA_MODES:
        raise UsageError(f"unknown kana mode {mode!r}; use one of {', '.join(KANA_MODES)}")
    size = LENIENT_KANA.cache_pairs
    values: Callable[[Context], tuple[Any, ...]]
    findings: Callable[..., Finding]
    if mode == LENIENT:

        def values(ctx: Context) -> tuple[Any, ...]:
            return ctx.left.kana, ctx.right.kana

        findings = LENIENT_KANA.compare
    else:

        def values(ctx: Context) -> tuple[Any, ...]:
            left, right = ctx.left, ctx.right
            official = (left.kana_source is not None and right.kana_source is not None
                        and kana_source_of(left.kana_source) == OFFICIAL == kana_source_of(right.kana_source))
            return left.kana, right.kana, official

        def findings(left: object, right: object, official: bool) -> Finding:
            return (STRICT_KANA if official else LENIENT_KANA).compare(left, right)

    check = pair_cache(findings, size, key=values, tables=LENIENT_KANA.pair_tables if mode == LENIENT else None)
    if mode == LENIENT:
        _first_step(check, ("left.kana", "right.kana"))
    rule = Rule(
        id=rule_id or "field.kana",
        version=version,
        check=check,
        field="kana",
        required=required,
        description="compare kana" + (" (required)" if required else " (supporting)")
        + (", strict where both sides are official readings" if mode == STRICT else ""),
        settings="" if mode == LENIENT else f"kana={mode}",
    )
    object.__setattr__(rule, "recipe", (_kana_rule_again, required, mode, version, rule_id))
    return rule


def _kana_rule_again(required: bool, mode: str, version: str, rule_id: str | None) -> Rule:
    """:func:`kana_rule` called again with the same arguments (a rule unpickled in another process)."""
    return kana_rule(required=required, mode=mode, version=version, rule_id=rule_id)


@attrs.frozen(slots=True)
class Decision:
    """One row of a decision table: when ``applies``, the verdict is ``verdict``.

    ``reasons`` computes the row's own reason codes (may be empty).
    """

    id: str
    applies: Callable[[Context], bool]
    verdict: Verdict
    reasons: Callable[[Context], tuple[str, ...]] = no_reasons
    description: str = ""
    #: ``applies`` and ``reasons`` read only the findings (their fields,
    #: levels, verdicts and reasons) and the ruleset, never the records.  When
    #: every row of a table says so, a ruleset decides once per distinct set of
    #: findings and reuses the decision: a batch has a few hundred such sets.
    findings_only: bool = False


@attrs.frozen(slots=True, cache_hash=True)
class Judgement:
    """What a ruleset decided for a pair: everything a batch report needs.

    The :class:`Result` of :meth:`Ruleset.compare` adds the findings
    themselves (normalized values, hints); :meth:`Ruleset.judge` skips them.
    ``levels`` is each compared item's level, in the ruleset's order.
    """

    decided_by: str
    verdict: Verdict
    reasons: tuple[str, ...]
    levels: tuple[tuple[str, Level], ...]


# (field, level, verdict, reasons) of a finding: all a findings-only table reads.
# The enums' values, not the members: Enum.__hash__ is Python code, ~0.25 µs a call.
_SIGNATURE = operator.attrgetter("field", "level._value_", "verdict._value_", "reasons")
_FIELD_LEVEL = operator.attrgetter("field", "level")
# Decisions kept per ruleset; real batches need a few hundred.
_MAX_DECISIONS = 1 << 16


@attrs.frozen(slots=True)
class Ruleset:
    """Rules plus a decision table, under a name and a version.

    Rulesets are immutable; :meth:`replace`, :meth:`add` and :meth:`remove`
    return new rulesets (give them a new ``name``/``version`` with
    :meth:`renamed` so results say which one decided).
    """

    name: str
    version: str
    rules: tuple[Rule, ...]
    table: tuple[Decision, ...]
    description: str = ""
    # Derived once from ``rules``: evaluation runs per pair and should not re-scan them.
    _field_rules: tuple[Rule, ...] = attrs.field(init=False, repr=False, eq=False)
    _cross_rules: tuple[Rule, ...] = attrs.field(init=False, repr=False, eq=False)
    # (field, check, supporting, read, quick, mode, tables, fill) of the field rules and the cross-field
    # rules' checks, for the per-pair loop; read, quick (or mode, tables and fill) are a check's first
    # step (see _first_step), or None.
    _field_checks: tuple[tuple[str, Callable[[Context], Finding | None], bool,
                               Callable[[Context], Any] | None, Callable[[Any], Finding | None] | None,
                               Callable[[], Any] | None, Mapping[Any, Mapping[Any, Finding]] | None,
                               Callable[[Any, Any], Finding] | None], ...] = \
        attrs.field(init=False, repr=False, eq=False)
    _cross_checks: tuple[Callable[[Context], Finding | None], ...] = attrs.field(init=False, repr=False, eq=False)
    # The fields whose agreement quiets the cross checks that say so (a check's ``quiet_when``), and the
    # cross checks left to run when all of them agree (most pairs: one person's records).
    _quiet_fields: tuple[str, ...] = attrs.field(init=False, repr=False, eq=False)
    _loud_checks: tuple[Callable[[Context], Finding | None], ...] = attrs.field(init=False, repr=False, eq=False)
    _required: tuple[str, ...] = attrs.field(init=False, repr=False, eq=False)

    def __repr__(self) -> str:
        # Name and version say what a ruleset claims to be; the fingerprint (its short form in
        # letters) what it is: GUIDELINE_4, GUIDELINE_4.add(rule) and .replace(...) differ here.
        from .fingerprint import in_letters

        return (f"Ruleset({self.name!r}, version={self.version!r}, rules={len(self.rules)}, "
                f"fingerprint={in_letters(self.fingerprint)!r})")

    def __reduce__(self) -> tuple[Any, ...]:
        # A shipped ruleset is sent by name (the other process has the same object); another
        # by its parts, so that its derived tuples of checks (closures) are made again there.
        from .rulesets import ALL

        if ALL.get(self.name) is self:
            return (_shipped, (self.name,))
        return (Ruleset, (self.name, self.version, self.rules, self.table, self.description))

    def __attrs_post_init__(self) -> None:
        ids = [r.id for r in self.rules]
        if len(ids) != len(set(ids)):
            raise RuleError(f"duplicate rule id in ruleset {self.name}")
        fields = [r.field for r in self.rules if r.field is not None]
        if len(fields) != len(set(fields)):
            raise RuleError(f"two rules compare the same field in ruleset {self.name}")
        object.__setattr__(self, "_field_rules", tuple(r for r in self.rules if r.field is not None))
        object.__setattr__(self, "_cross_rules", tuple(r for r in self.rules if r.field is None))
        object.__setattr__(self, "_required", tuple(r.field for r in self._field_rules if r.required))
        object.__setattr__(self, "_field_checks", tuple(
            (r.field, r.check, not r.required, getattr(r.check, "read", None), getattr(r.check, "quick", None),
             getattr(r.check, "peek_mode", None), getattr(r.check, "peek_tables", None),
             getattr(r.check, "peek_fill", None))
            for r in self._field_rules))
        object.__setattr__(self, "_cross_checks", tuple(r.check for r in self._cross_rules))
        quiet = [getattr(r.check, "quiet_when", None) for r in self._cross_rules]
        object.__setattr__(self, "_quiet_fields", tuple(dict.fromkeys(f for q in quiet if q for f in q)))
        object.__setattr__(self, "_loud_checks", tuple(r.check for r, q in zip(self._cross_rules, quiet, strict=True) if not q))

    # --- composition ---------------------------------------------------------
    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise RuleError(f"no rule {rule_id!r} in ruleset {self.name}")

    def replace(self, rule_id: str, rule: Rule) -> Ruleset:
        self.rule(rule_id)
        return attrs.evolve(self, rules=tuple(rule if r.id == rule_id else r for r in self.rules))

    def add(self, rule: Rule) -> Ruleset:
        return attrs.evolve(self, rules=(*self.rules, rule))

    def remove(self, rule_id: str) -> Ruleset:
        self.rule(rule_id)
        return attrs.evolve(self, rules=tuple(r for r in self.rules if r.id != rule_id))

    def renamed(self, name: str, version: str = "1", description: str | None = None) -> Ruleset:
        return attrs.evolve(
            self, name=name, version=version, description=self.description if description is None else description
        )

    @property
    def required_fields(self) -> tuple[str, ...]:
        return self._required

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(r.field for r in self.rules if r.field is not None)

    def is_required(self, field: str) -> bool:
        return field in self._required

    @property
    def kana_mode(self) -> str | None:
        """The kana strictness (``lenient`` or ``strict``); None when the ruleset compares no kana."""
        for r in self.rules:
            if r.field == "kana":
                return STRICT if r.settings == f"kana={STRICT}" else LENIENT
        return None

    def with_kana(self, mode: str) -> Ruleset:
        """The same ruleset with the kana compared in ``mode`` (``lenient`` or ``strict``, see :func:`kana_rule`).

        The name and version stay; the kana rule says its mode (``Rule.settings``),
        so the ruleset is another one for equality and for its fingerprint.

        >>> from mynacheck.rules.rulesets import INSURER_5
        >>> INSURER_5.kana_mode, INSURER_5.with_kana("strict").kana_mode
        ('lenient', 'strict')
        """
        if mode not in KANA_MODES:
            raise UsageError(f"unknown kana mode {mode!r}; use one of {', '.join(KANA_MODES)}")
        for r in self.rules:
            if r.field == "kana":
                if self.kana_mode == mode:
                    return self
                return self.replace(r.id, kana_rule(required=r.required, mode=mode, version=r.version, rule_id=r.id))
        raise RuleError(f"ruleset {self.name} compares no kana")

    def with_status_codes(self, codes: Mapping[str, str]) -> Ruleset:
        """The same ruleset reading the register status with your system's code table first.

        ``codes`` maps a value to a status name (``{"2": "住民"}`` where 住民区分 2
        means 外国人住民); see :mod:`mynacheck.status`.  A ruleset without the
        register status rule gets it.
        """
        from .cross import status_rule

        rule = status_rule(codes)
        if any(r.id == rule.id for r in self.rules):
            return self.replace(rule.id, rule)
        return self.add(rule)

    @property
    def fingerprint(self) -> str:
        """A content hash (SHA-256, hex) of the rules, the decision table, the catalog and the data tables.

        Stable across processes and runs; different whenever what decides
        the verdicts differs (:mod:`.fingerprint`).
        """
        return _fingerprinter()(self)

    # --- evaluation ----------------------------------------------------------
    def compare(self, left: Record | Mapping[str, Any], right: Record | Mapping[str, Any], *,
                today: datetime.date | str | None = None) -> Result:
        """Compare a business-system record (left) with a register record (right).

        ``today`` replays the check as on that day (:mod:`mynacheck.clock`):
        every check that depends on today's date uses it.  The result says
        which day it was checked as of (:attr:`Result.today`).
        """
        if today is not None:
            with as_of(today):
                return self.compare(left, right)
        ctx, judgement = self._evaluate(left, right)
        versions = _versions()
        return Result(
            verdict=judgement.verdict,
            findings=(*ctx.findings.values(), *ctx.cross),
            reasons=judgement.reasons,
            ruleset=self.name,
            ruleset_version=self.version,
            decided_by=judgement.decided_by,
            left_id=ctx.left.id,
            right_id=ctx.right.id,
            today=reference_day(),
            ruleset_fingerprint=self.fingerprint,
            catalog_version=versions[0],
            data_versions=versions[1],
        )

    def judge(self, left: Record | Mapping[str, Any], right: Record | Mapping[str, Any], *,
              today: datetime.date | str | None = None) -> Judgement:
        """:meth:`compare` without the findings' detail: verdict, reasons and item levels.

        Same verdict and reasons as :meth:`compare`, for batch work that reports
        only those (the reconcile worksheet).

        >>> from mynacheck.rules.rulesets import GUIDELINE_4
        >>> person = {"my_number": "123456789018", "name": "髙橋 一郎", "birth_date": "1970-03-12",
        ...           "sex": "1", "address": "長野市鶴賀緑町1613"}
        >>> GUIDELINE_4.judge(person, dict(person, name="高橋 一郎")).verdict
        <Verdict.MATCH: 'match'>
        """
        if today is not None:
            with as_of(today):
                return self._evaluate(left, right)[1]
        return self._evaluate(left, right)[1]

    def _evaluate(self, left: Record | Mapping[str, Any], right: Record | Mapping[str, Any]) -> tuple[
            Context, Judgement]:
        # as_record's own first test, here: a Record (a batch's rows are) needs no call.
        ctx = Context(left if type(left) is Record else as_record(left),
                      right if type(right) is Record else as_record(right), self)
        findings = ctx.findings
        for field, check, supporting, read, quick, mode, tables, fill in self._field_checks:
            if read is None:
                finding = check(ctx)
            elif quick is not None:
                # The check's first step, taken here: most pairs need no more (no frame of the check).
                finding = quick(read(ctx))
                if finding is None:
                    finding = check(ctx)
            elif mode is not None and tables is not None and fill is not None:
                # A pair cache by mode: its table of the mode now; on a miss, the cache fills it
                # with the values and mode read here (the check would read them again).
                now, values = mode(), read(ctx)
                table = tables.get(now)
                finding = table.get(values) if table is not None else None
                if finding is None:
                    finding = fill(values, now)
            else:
                finding = check(ctx)
            if finding is not None:
                if supporting and finding.level is _ABSENT and finding.verdict is not _MATCH:
                    finding = _says_nothing(finding)
                findings[field] = finding
        cross_checks = self._cross_checks
        if self._quiet_fields:
            for field in self._quiet_fields:
                finding = findings.get(field)
                if finding is None or finding.level._value_ not in _AGREEING:
                    break
            else:  # every one agrees: the checks that say so would find nothing (quiet_when)
                cross_checks = self._loud_checks
        for cross_check in cross_checks:
            finding = cross_check(ctx)
            if finding is not None:
                ctx.cross.append(finding)
        try:
            decisions = _DECISIONS[id(self)]
        except KeyError:
            decisions = _decisions_of(self)
        if decisions is None:
            return ctx, self._decide(ctx)
        key = (*findings, *map(_SIGNATURE, findings.values()), *map(_SIGNATURE, ctx.cross))
        judgement = decisions.get(key)
        if judgement is None:
            judgement = self._decide(ctx)
            decisions.put(key, judgement)
        return ctx, judgement

    def _decide(self, ctx: Context) -> Judgement:
        """Walk the decision table: the first row that applies decides."""
        for row in self.table:
            if row.applies(ctx):
                cross = ctx.cross
                verdict = Verdict.worst([row.verdict, *(f.verdict for f in cross)]) if cross else row.verdict
                return Judgement(row.id, verdict, _reasons(ctx, row), tuple(map(_FIELD_LEVEL, ctx.findings.values())))
        raise RuleError(f"decision table of {self.name} has no row for this pair")


@memo(maxsize=1)
def _fingerprinter() -> Callable[[Ruleset], str]:
    """:func:`.fingerprint.fingerprint`, imported once (it imports this module; every Result reads it)."""
    from .fingerprint import fingerprint

    return fingerprint


@memo(maxsize=1)
def _versions() -> tuple[str, tuple[tuple[str, str], ...]]:
    """The reason catalog's version and the bundled tables' (name, SHA-256), for every result (:mod:`.fingerprint`)."""
    from .fingerprint import catalog_version, data_versions

    return catalog_version(), tuple(sorted(data_versions().items()))


@memo(maxsize=256)
def _says_nothing(finding: Finding) -> Finding:
    """A supporting item unknown on both sides argues for no verdict: its finding's verdict is ``match``.

    The item is not compared (DESIGN: "a field unknown on both sides is not
    compared"), so it never blocks a match and must not read ``review`` in one.
    """
    return attrs.evolve(finding, verdict=_MATCH)


def _shipped(name: str) -> Ruleset:
    from .rulesets import by_name

    return by_name(name)


# Each ruleset's decisions by findings signature, kept here by the ruleset's identity
# rather than in the frozen value: equality, pickling and ``attrs.evolve`` never see
# them, and an entry goes when its ruleset does.  None: a table row reads the records.
_DECISIONS: dict[int, Cache[tuple[Any, ...], Judgement] | None] = {}
_REGISTERING = threading.Lock()


def _decisions_of(ruleset: Ruleset) -> Cache[tuple[Any, ...], Judgement] | None:
    """The decision memo of a ruleset: made at its first evaluation, dropped with it."""
    key = id(ruleset)
    if key in _DECISIONS:
        return _DECISIONS[key]
    fresh: Cache[tuple[Any, ...], Judgement] | None = None
    if all(row.findings_only for row in ruleset.table):
        fresh = Cache(f"decisions of ruleset {ruleset.name}", _MAX_DECISIONS)
    with _REGISTERING:
        if key not in _DECISIONS:
            _DECISIONS[key] = fresh
            weakref.finalize(ruleset, _DECISIONS.pop, key, None)
        return _DECISIONS[key]


def decides_by_findings(ruleset: Ruleset) -> bool:
    """True when the ruleset decides once per distinct set of findings (every row ``findings_only``)."""
    return _decisions_of(ruleset) is not None


def _reasons(ctx: Context, row: Decision) -> tuple[str, ...]:
    # The decision row's and the cross-field rules' reasons explain the verdict;
    # they come before the per-item reasons that led to them.
    decisive: list[str] = list(row.reasons(ctx))
    for f in ctx.cross:
        decisive.extend(f.reasons)
    items: list[str] = []
    for f in ctx.findings.values():
        if f.level is _ABSENT and not ctx.ruleset.is_required(f.field):
            continue  # an optional item unknown on both sides says nothing
        items.extend(f.reasons)
    return _ordered(tuple(decisive), tuple(items))


# Cached: the reasons of a pair are one of a few hundred combinations.
@memo(maxsize=4096)
def _ordered(decisive: tuple[str, ...], items: tuple[str, ...]) -> tuple[str, ...]:
    return sort_codes(sort_codes(decisive) + sort_codes(items), stable=True)
