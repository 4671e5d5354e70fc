"""The pure batch core: business rows + a register lookup → report rows.

Nothing here reads a file or knows about processes.  The local CSV
reconcile and a distributed run (Spark over Arrow batches) call the same
:func:`score_rows` and :func:`apply_flags`, so both give the same report.

>>> from mynacheck.rules.rulesets import GUIDELINE_4
>>> person = {"my_number": "123456789018", "name": "髙橋 一郎", "birth_date": "1970-03-12",
...           "sex": "1", "address": "長野県長野市鶴賀緑町1613", "id": "A1"}
>>> register = {"123456789018": dict(person)}
>>> rows = score_rows([person, dict(person, my_number="621498320257")], register.get, GUIDELINE_4)
>>> [(r.id, r.my_number, r.verdict, r.reasons) for r in rows]
[('A1', '********9018', 'match', ''), ('A1', '********0257', 'mismatch', 'RECORD_NOT_IN_REGISTER')]
"""

from __future__ import annotations

import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from .. import reasons as catalog
from ..errors import DataUnavailable, InvalidMyNumber
from ..fields.base import is_blank
from ..memo import memo
from ..mynumber import mask, redact, spreadsheet_damage, validate
from ..record import FIELDS, KEYS, Record, plain_row
from ..rules import Ruleset
from ..rules.engine import Judgement
from ..verdicts import Level, Verdict
from .keys import number_key

__all__ = [
    "REPORT_COLUMNS",
    "REVIEW_COLUMNS",
    "FieldPair",
    "Detail",
    "ReportRow",
    "REGISTER_DUPLICATE",
    "score_row",
    "score_columns",
    "score_tail",
    "row_head",
    "joined_tail",
    "unjoined_tail",
    "tally_tails",
    "score_rows",
    "detail_of",
    "apply_flags",
    "flag_rows",
    "tally",
    "message_of",
    "level_label",
    "CONTROL_CHARS",
    "has_control",
    "control_tail",
    "shown",
]

#: Empty columns the two reviewers fill in.
REVIEW_COLUMNS: tuple[str, ...] = ("確認者1", "確認者2", "確認日", "確認結果")

_VERDICT_JA = {v.value: v.label_ja for v in Verdict}
_MATCH = Verdict.MATCH.value

#: Key a register lookup sets on a row whose number the extract holds twice.
REGISTER_DUPLICATE = "_register_duplicate"

_T = TypeVar("_T")

#: The reason of a row whose values hold a control character (in the business or the register record).
CONTROL_CHARS = "RECORD_CONTROL_CHARS"
# Control characters no export should hold (tab and line breaks aside: CSV carries them in a cell) ...
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# ... and, never to reach a report, those and lone surrogates (not text at all).
_UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def has_control(values: Iterable[object]) -> bool:
    r"""True when a value (or an alias in a tuple) holds a control character.

    >>> has_control(["髙橋 一郎", "\u3000", "a\tb"]), has_control(["a", ("b", "c\x00")])
    (False, True)
    """
    for value in values:
        if type(value) is str:
            # isprintable() (C speed) clears almost every value; the search runs for the rest.
            if not value.isprintable() and _CONTROL.search(value):
                return True
        elif isinstance(value, tuple | list) and has_control(value):
            return True
    return False


def shown(value: _T) -> _T:
    r"""A raw value as a report may show it: control characters and lone surrogates become U+FFFD.

    >>> shown("A\x00B\ud800"), shown("髙橋 一郎"), shown(None)
    ('A\ufffdB\ufffd', '髙橋 一郎', None)
    """
    if isinstance(value, str) and not value.isprintable() and _UNSHOWABLE.search(value):
        return type(value)(_UNSHOWABLE.sub("\ufffd", value))
    return value

RegisterLookup = Callable[[str], "Mapping[str, Any] | None"]


def _s(value: object) -> str:
    return "" if value is None else str(value)


@attrs.frozen(slots=True)
class ReportRow:
    """One line of REPORT.csv: exactly its columns, all plain strings.

    ``reasons`` is the reason codes separated by spaces, most decisive first;
    ``message`` their Japanese messages; ``related_lines`` the other rows of
    a duplicate group (same number on other people, or the same person with
    other numbers); ``result_<field>`` the comparison
    level of each item (``exact``, ``equivalent``, ``near``, ``uncertain``,
    ``different``, ``invalid``, ``missing``, ``absent``; empty when not
    compared).  ``my_number`` is masked unless the caller revealed it.
    """

    line: str
    id: str
    my_number: str
    verdict: str
    verdict_ja: str
    reasons: str
    message: str
    related_lines: str = ""
    result_my_number: str = ""
    result_name: str = ""
    result_kana: str = ""
    result_birth_date: str = ""
    result_address: str = ""
    result_sex: str = ""
    確認者1: str = ""
    確認者2: str = ""
    確認日: str = ""
    確認結果: str = ""

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.reasons.split())

    @property
    def flagged(self) -> bool:
        return self.verdict != _MATCH

    def columns(self) -> tuple[str, ...]:
        """The cell values, in :data:`REPORT_COLUMNS` order."""
        return _COLUMNS_OF(self)

    def to_dict(self) -> dict[str, str]:
        return attrs.asdict(self)


REPORT_COLUMNS: tuple[str, ...] = tuple(a.name for a in attrs.fields(ReportRow))
# attrgetter is several times faster than attrs.astuple, and this runs per row.
_COLUMNS_OF = operator.attrgetter(*REPORT_COLUMNS)


@attrs.frozen(slots=True)
class FieldPair:
    """One item side by side, for the HTML page: raw values, shortened."""

    field: str
    left: str
    right: str
    level: str


@attrs.frozen(slots=True)
class Detail:
    """What a reviewer needs to see for a flagged row (not part of the CSV)."""

    pairs: tuple[FieldPair, ...]
    in_register: bool


_SHOW = 120


def _short(value: object) -> str:
    text = _s(value)
    return text if len(text) <= _SHOW else text[:_SHOW] + f"…（{len(text)}文字）"


def message_of(codes: Sequence[str]) -> str:
    """The Japanese messages of the codes a clerk must act on (informational ones only if nothing else)."""
    return _message_of(tuple(codes))


# Cached: rows share a few hundred code combinations and the catalog is fixed.
@memo(maxsize=4096)
def _message_of(codes: tuple[str, ...]) -> str:
    actionable = [c for c in codes if catalog.severity(c) is not Verdict.MATCH]
    return " / ".join(catalog.message(c, "ja") for c in (actionable or list(codes)))


def _number_reason(value: object) -> str | None:
    try:
        validate(_s(value))
    except InvalidMyNumber as err:
        return err.reason
    return None


def _safe_id(value: object, reveal: bool) -> str:
    # Some systems use the My Number itself as the record id, or write it into
    # one (MN634127023092, 634127023092-01): never print a number whole.
    text = _s(value)
    if reveal or (len(text) < 12 and text.isascii()):
        return text  # redact()'s own first test, here to save two calls on every row
    return redact(text)


def _display_number(value: object, reveal: bool) -> str:
    text = _s(value)
    if not reveal and len(text) == 12 and text.isdigit() and text.isascii():
        return "********" + text[-4:]  # mask() of a plain number, the common case
    if not text.strip():
        return ""
    return text.strip() if reveal else mask(text[:64])


# The tail: the report cells from ``verdict`` on, by position within it.
_TAIL_AT = REPORT_COLUMNS.index("verdict")
_IN_TAIL = {column: i - _TAIL_AT for i, column in enumerate(REPORT_COLUMNS) if i >= _TAIL_AT}


@memo(maxsize=8192)
def _tail(verdict: Verdict, codes: tuple[str, ...], levels: tuple[tuple[str, Level], ...]) -> tuple[str, ...]:
    """The report cells after the number: they depend only on the judgement,
    and a batch has a few hundred distinct judgements (so they are cached)."""
    ordered = catalog.sort_codes(codes, stable=True)
    cells = [""] * len(_IN_TAIL)
    cells[_IN_TAIL["verdict"]] = verdict._value_  # _value_, not .value: the enum property costs ~0.5 µs
    cells[_IN_TAIL["verdict_ja"]] = verdict.label_ja
    cells[_IN_TAIL["reasons"]] = " ".join(ordered)
    cells[_IN_TAIL["message"]] = message_of(ordered) if ordered else ""
    for field, level in levels:
        i = _IN_TAIL.get("result_" + field)
        if i is not None:
            cells[i] = level._value_
    return tuple(cells)


@memo(maxsize=8192)
def _judged_tail(judgement: Judgement, register_duplicate: bool) -> tuple[str, ...]:
    # Keyed by the judgement itself: rulesets hand out one object per distinct
    # decision, and it caches its hash, so this lookup is cheap per row.
    if register_duplicate:
        return _tail(Verdict.worst([judgement.verdict, Verdict.REVIEW]),
                     (*judgement.reasons, "RECORD_REGISTER_DUPLICATE"), judgement.levels)
    return _tail(judgement.verdict, judgement.reasons, judgement.levels)


def score_row(
    business: Mapping[str, Any],
    register_lookup: RegisterLookup,
    ruleset: Ruleset,
    *,
    line: object = "",
    reveal_numbers: bool = False,
) -> ReportRow:
    """Score one business row against its register row.

    Never raises for a bad value: a row the comparison cannot handle comes
    back as ``review`` with ``RECORD_COMPARE_FAILED``.
    """
    return ReportRow(*score_columns(business, register_lookup, ruleset, line=line, reveal_numbers=reveal_numbers))


def score_columns(
    business: Mapping[str, Any],
    register_lookup: RegisterLookup,
    ruleset: Ruleset,
    *,
    line: object = "",
    reveal_numbers: bool = False,
) -> tuple[str, ...]:
    """:func:`score_row` as the row's column tuple (:data:`REPORT_COLUMNS` order), for batch writers."""
    business = plain_row(business)  # a NaN, pandas.NA … is unknown, as in compare()
    return (*row_head(line, shown(business.get("id")), shown(business.get("my_number")), reveal_numbers),
            *score_tail(business, register_lookup, ruleset))


def row_head(line: object, ident: object, number: object, reveal_numbers: bool = False) -> tuple[str, str, str]:
    """The report cells that name a row, from its raw line label, id and number.

    The number is masked whatever it holds, and any My Number in the id or a
    text label is redacted (:func:`mynacheck.mynumber.redact`), unless ``reveal_numbers``.
    """
    # A file's line number is an int; a label given by the caller is any text.
    label = str(line) if type(line) is int else _safe_id(line, reveal_numbers)
    return label, _safe_id(ident, reveal_numbers), _display_number(number, reveal_numbers)


def score_tail(business: Mapping[str, Any], register_lookup: RegisterLookup, ruleset: Ruleset) -> tuple[str, ...]:
    """The report cells after the number, from ``verdict`` on: what the check decided.

    A run has a few hundred distinct tails, and each is one shared tuple:
    batch writers format and count them once (see :func:`tally_tails`).
    """
    key = number_key(business.get("my_number"))
    register = register_lookup(key) if key is not None else None
    if register is None:
        tail = unjoined_tail(business.get("my_number"), key)
    else:
        tail = joined_tail(business, register, bool(register.get(REGISTER_DUPLICATE)), ruleset)
    if has_control(map(business.get, KEYS)) or (register is not None and has_control(map(register.get, KEYS))):
        return control_tail(tail)
    return tail


def unjoined_tail(number: object, key: str | None) -> tuple[str, ...]:
    """:func:`score_tail` of a row the register has no row for (``key``: its number key, or None).

    A number a spreadsheet changed (``6.34127E+11``, lost leading zeros) has
    no key: it is reported as that (:func:`~mynacheck.mynumber.spreadsheet_damage`),
    never as a number missing from the register, and it groups with no other row.
    """
    if key is None:
        damage = spreadsheet_damage(number) if number is not None and not is_blank(number) else None
        if damage is not None:
            return _tail(Verdict.MISMATCH, (damage,), ())
        return _tail(Verdict.REVIEW, ("MYNUMBER_MISSING",), ())
    bad = _number_reason(number)
    codes = ("RECORD_NOT_IN_REGISTER",) if bad is None else (bad, "RECORD_NOT_IN_REGISTER")
    return _tail(Verdict.MISMATCH, codes, ())


def joined_tail(business: Record | Mapping[str, Any], register: Record | Mapping[str, Any], duplicate: bool,
                ruleset: Ruleset) -> tuple[str, ...]:
    """:func:`score_tail` of a row and its register row (``duplicate``: the extract repeats the number).

    Never raises: a pair the ruleset cannot compare is ``review`` with ``RECORD_COMPARE_FAILED``.
    """
    try:
        judgement = ruleset.judge(business, register)
    except DataUnavailable:
        raise  # a broken installation stops the run: no row could be checked
    except Exception:
        failed = ("RECORD_COMPARE_FAILED", "RECORD_REGISTER_DUPLICATE") if duplicate else ("RECORD_COMPARE_FAILED",)
        return _tail(Verdict.REVIEW, failed, ())
    return _judged_tail(judgement, duplicate)


_VERDICT_AT, _REASONS_AT = _IN_TAIL["verdict"], _IN_TAIL["reasons"]


@memo(maxsize=4096)
def control_tail(tail: tuple[str, ...]) -> tuple[str, ...]:
    """A tail (:func:`score_tail`) with :data:`CONTROL_CHARS` added: ``review`` at least, the code in its place."""
    codes = tuple(tail[_REASONS_AT].split())
    if CONTROL_CHARS in codes:
        return tail
    verdict = Verdict.worst([Verdict(tail[_VERDICT_AT]), Verdict.REVIEW])
    ordered = catalog.sort_codes((*codes, CONTROL_CHARS), stable=True)
    cells = list(tail)
    cells[_VERDICT_AT] = verdict._value_
    cells[_IN_TAIL["verdict_ja"]] = verdict.label_ja
    cells[_REASONS_AT] = " ".join(ordered)
    cells[_IN_TAIL["message"]] = message_of(ordered)
    return tuple(cells)


def score_rows(
    business_rows: Sequence[Mapping[str, Any]],
    register_lookup: RegisterLookup,
    ruleset: Ruleset,
    *,
    lines: Sequence[object] | None = None,
    reveal_numbers: bool = False,
) -> list[ReportRow]:
    """Score a batch of business rows against the register, in order.

    ``register_lookup`` takes a compact My Number (see
    :func:`~mynacheck.reconcile.keys.number_key`) and returns the register
    row or None.  ``lines`` labels the rows (default: a ``line`` key of the
    row, else its position + 2, as in a file with a header).
    The duplicate checks are separate (:mod:`.duplicates`) and are applied
    with :func:`apply_flags`.
    """
    if lines is None:
        lines = [r.get("line", i + 2) for i, r in enumerate(business_rows)]
    return [
        score_row(row, register_lookup, ruleset, line=line, reveal_numbers=reveal_numbers)
        for row, line in zip(business_rows, lines, strict=True)
    ]


def detail_of(
    business: Mapping[str, Any], register: Mapping[str, Any] | None, row: ReportRow, *, reveal_numbers: bool = False
) -> Detail:
    """The two records side by side (raw values, shortened) with each item's level.

    The numbers are masked and any My Number in another value is redacted
    (a shifted column), unless ``reveal_numbers``.
    """
    pairs = []
    for field in FIELDS:
        left, right = business.get(field), register.get(field) if register is not None else None
        if field == "my_number":
            left, right = _display_number(left, reveal_numbers), _display_number(right, reveal_numbers)
        elif not reveal_numbers:
            # Redacted before shortening: a cut must not leave a number's first digits unmasked.
            left, right = _safe_id(left, False), _safe_id(right, False)
        pairs.append(FieldPair(field, _short(left), _short(right), getattr(row, "result_" + field)))
    return Detail(tuple(pairs), register is not None)


def apply_flags(row: ReportRow, codes: Sequence[str], related: Sequence[object] = ()) -> ReportRow:
    """Add duplicate-check reasons to a row: they come first and make it ``mismatch``.

    ``related`` labels the other rows of the group (their line numbers).

    >>> r = ReportRow("2", "", "********9018", "match", "一致", "", "")
    >>> apply_flags(r, ["RECORD_DUPLICATE_NUMBER"]).verdict
    'mismatch'
    """
    if not codes:
        return row
    verdict = Verdict.worst([Verdict(row.verdict), *(catalog.severity(c) for c in codes)])
    ordered = catalog.sort_codes([*codes, *row.codes], stable=True)
    return attrs.evolve(
        row,
        verdict=verdict.value,
        verdict_ja=_VERDICT_JA[verdict.value],
        reasons=" ".join(ordered),
        message=message_of(ordered),
        related_lines=" ".join(str(r) for r in related),
    )


#: Flags for some rows of a chunk: row position → (duplicate-check codes, related line labels).
ChunkFlags = Mapping[int, tuple[Sequence[str], Sequence[object]]]


def flag_rows(rows: list[tuple[str, ...]], flags: ChunkFlags) -> list[tuple[str, ...]]:
    """Apply :func:`apply_flags` to the flagged rows of a chunk of column tuples, in place."""
    for i, (codes, related) in flags.items():
        rows[i] = apply_flags(ReportRow(*rows[i]), codes, related).columns()
    return rows


_VERDICT_OF = operator.itemgetter(REPORT_COLUMNS.index("verdict"))
_REASONS_OF = operator.itemgetter(REPORT_COLUMNS.index("reasons"))


def tally(rows: Sequence[tuple[str, ...]]) -> tuple[Counter[str], Counter[str]]:
    """Rows by verdict and by reason code, for a run's summary."""
    reasons: Counter[str] = Counter()
    for text in filter(None, map(_REASONS_OF, rows)):  # most rows match with no reason
        reasons.update(text.split())
    return Counter(map(_VERDICT_OF, rows)), reasons


def tally_tails(tails: Sequence[tuple[str, ...]]) -> tuple[Counter[str], Counter[str]]:
    """:func:`tally` of rows given by their tails (:func:`score_tail`): each distinct tail is read once."""
    by_verdict: Counter[str] = Counter()
    by_reason: Counter[str] = Counter()
    for tail, n in Counter(tails).items():
        by_verdict[tail[_IN_TAIL["verdict"]]] += n
        for code in tail[_IN_TAIL["reasons"]].split():
            by_reason[code] += n
    return by_verdict, by_reason


def level_label(level: str, lang: str = "ja") -> str:
    """A clerk's word for a comparison level value (``exact`` → 一致)."""
    from ..rules.result import _LEVEL_LABELS

    try:
        pair = _LEVEL_LABELS[Level(level)]
    except ValueError:
        return level
    return pair[0 if lang == "ja" else 1]
