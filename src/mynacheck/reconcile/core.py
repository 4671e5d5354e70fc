"""The pure batch core: business rows + a register lookup → report rows.

Nothing here reads a file or knows about processes.  A row goes one way
from its values to its report cells: :func:`assess_row` (joined by number,
compared, checked for control characters) gives its :class:`Assessment`,
duplicate-check flags are added to that (:meth:`Assessment.with_flags`), and
:meth:`ReportRow.of` makes the row.  :func:`score_row` is those steps for one
row; the local run's workers take the same steps with the same functions,
and the Spark executors call :func:`score_row`, so both give the same report.

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
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs

from .. import reasons as catalog
from ..errors import DataUnavailable, InvalidMyNumber
from ..fields.base import is_blank
from ..memo import load_once, memo
from ..mynumber import spreadsheet_damage, validate
from ..record import FIELDS, KEYS, Record
from ..rules import Ruleset
from ..rules.engine import Judgement
from ..rules.fingerprint import in_letters
from ..verdicts import Level, Verdict
from .keys import number_key
from .values import VALUE_COLUMNS, display_number, has_control, row_digest, row_values, safe_text, shown

__all__ = [
    "REPORT_COLUMNS",
    "REVIEW_COLUMNS",
    "FieldPair",
    "Detail",
    "ReportRow",
    "Assessment",
    "REGISTER_DUPLICATE",
    "assessment",
    "assess_pair",
    "assess_unjoined",
    "assess_row",
    "assess_found",
    "score_row",
    "flagged_row",
    "row_cells",
    "priority_of",
    "ruleset_label",
    "flagged_cells",
    "WORK_ORDER",
    "score_rows",
    "row_head",
    "detail_of",
    "apply_flags",
    "tally",
    "tally_assessments",
    "message_of",
    "level_label",
    "CONTROL_CHARS",
    "has_control",
    "shown",
]

#: Empty columns the two reviewers fill in.
REVIEW_COLUMNS: tuple[str, ...] = ("確認者1", "確認者2", "確認日", "確認結果")

_VERDICT_JA = {v.value: v.label_ja for v in Verdict}
_MATCH = Verdict.MATCH.value

#: Key a register lookup sets on a row whose number the extract holds twice.
REGISTER_DUPLICATE = "_register_duplicate"

#: The reason of a row whose values hold a control character (in the business or the register record).
CONTROL_CHARS = "RECORD_CONTROL_CHARS"

RegisterLookup = Callable[[str], "Mapping[str, Any] | None"]


def _s(value: object) -> str:
    return "" if value is None else str(value)


@attrs.frozen(slots=True)
class ReportRow:
    """One line of REPORT.csv, the worksheet: exactly its columns, all plain strings, in column order.

    This is the one form a report row takes from scoring to output (the CSV,
    the HTML page, the Spark DataFrame).  The columns:

    - ``priority``: the work order of a flagged row (sort ascending): 不一致
      (``1…``) before 要確認 (``2…``), then by how urgent its most urgent reason
      is (:func:`priority_of`); empty for a matched row;
    - ``line`` (the line in the business file), ``id``, ``my_number`` (masked
      unless the caller revealed it);
    - ``verdict``, ``verdict_ja``; ``reasons``, the reason codes separated by
      spaces, most decisive first; ``message``, their Japanese messages;
      ``related_lines``, the other rows of a duplicate group (same number on
      other people, or the same person with other numbers);
    - ``確認者1``, ``確認者2``, ``確認日``, ``確認結果``: what the two reviewers write
      (carried over from the previous worksheet when the row has not changed);
      ``review_status``: whether they were carried over, or the row changed
      since they were written and needs a new review (:mod:`.worksheet`);
    - ``result_<field>``: the comparison level of each item (``exact``,
      ``equivalent``, ``near``, ``uncertain``, ``different``, ``invalid``,
      ``missing``, ``absent``; empty when not compared);
    - for a flagged row, both records' values (:data:`.values.VALUE_COLUMNS`:
      ``business_<field>``, ``register_<field>``, each ``_normalized`` too,
      ``*_birth_date_wareki``, the aliases, the register row's ``register_status``
      and ``register_status_date``), the row ``digest`` that recognises
      it in a later run (:func:`.values.row_digest`) and the ``ruleset`` that
      decided (name, version, fingerprint); empty for a matched row.
    """

    priority: str = ""
    line: str = ""
    id: str = ""
    my_number: str = ""
    verdict: str = ""
    verdict_ja: str = ""
    reasons: str = ""
    message: str = ""
    related_lines: str = ""
    確認者1: str = ""
    確認者2: str = ""
    確認日: str = ""
    確認結果: str = ""
    review_status: str = ""
    result_my_number: str = ""
    result_name: str = ""
    result_kana: str = ""
    result_birth_date: str = ""
    result_address: str = ""
    result_sex: str = ""
    business_my_number: str = ""
    register_my_number: str = ""
    business_my_number_normalized: str = ""
    register_my_number_normalized: str = ""
    business_name: str = ""
    register_name: str = ""
    business_name_normalized: str = ""
    register_name_normalized: str = ""
    business_kana: str = ""
    register_kana: str = ""
    business_kana_normalized: str = ""
    register_kana_normalized: str = ""
    business_birth_date: str = ""
    register_birth_date: str = ""
    business_birth_date_normalized: str = ""
    register_birth_date_normalized: str = ""
    business_birth_date_wareki: str = ""
    register_birth_date_wareki: str = ""
    business_address: str = ""
    register_address: str = ""
    business_address_normalized: str = ""
    register_address_normalized: str = ""
    business_sex: str = ""
    register_sex: str = ""
    business_sex_normalized: str = ""
    register_sex_normalized: str = ""
    business_aliases: str = ""
    register_aliases: str = ""
    register_status: str = ""
    register_status_date: str = ""
    digest: str = ""
    ruleset: str = ""

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.reasons.split())

    @property
    def messages(self) -> tuple[str, ...]:
        """The Japanese message of each reason code, in the order of :attr:`codes`."""
        return tuple(_message_ja(code) for code in self.codes)

    @property
    def flagged(self) -> bool:
        return self.verdict != _MATCH

    @property
    def review(self) -> tuple[str, str, str, str]:
        """What the reviewers wrote: 確認者1, 確認者2, 確認日, 確認結果."""
        return self.確認者1, self.確認者2, self.確認日, self.確認結果

    def columns(self) -> tuple[str, ...]:
        """The cell values, in :data:`REPORT_COLUMNS` order."""
        return _COLUMNS_OF(self)

    @classmethod
    def of(cls, head: Sequence[str], assessment: Assessment, related: str = "", values: Sequence[str] = (),
           digest: str = "", ruleset: str = "") -> ReportRow:
        """The row of a business row named by ``head`` (:func:`row_head`) that the check assessed so.

        ``values`` are its value cells (:data:`.values.VALUE_COLUMNS` order), ``digest``
        their row digest, ``ruleset`` the ruleset's label (:func:`ruleset_label`); a
        matched row leaves them empty.
        """
        return cls(*_cells_of(head, assessment, related, values, digest, ruleset))

    def with_review(self, entries: Sequence[str], status: str) -> ReportRow:
        """The row with the reviewers' cells (確認者1, 確認者2, 確認日, 確認結果; none: empty) and ``review_status``."""
        cells = (*entries, "", "", "", "")[:4]
        return attrs.evolve(self, 確認者1=cells[0], 確認者2=cells[1], 確認日=cells[2], 確認結果=cells[3],
                            review_status=status)

    def to_dict(self) -> dict[str, str]:
        return attrs.asdict(self)


REPORT_COLUMNS: tuple[str, ...] = tuple(a.name for a in attrs.fields(ReportRow))
# attrgetter is several times faster than attrs.astuple, and this runs per row.
_COLUMNS_OF = operator.attrgetter(*REPORT_COLUMNS)
_AT = {column: i for i, column in enumerate(REPORT_COLUMNS)}
_LINE_AT, _RELATED_AT, _DIGEST_AT, _RULESET_AT = _AT["line"], _AT["related_lines"], _AT["digest"], _AT["ruleset"]
_VALUES_AT = _AT[VALUE_COLUMNS[0]]
if REPORT_COLUMNS[_VALUES_AT:_VALUES_AT + len(VALUE_COLUMNS)] != VALUE_COLUMNS or _AT["id"] != _LINE_AT + 1 \
        or _AT["my_number"] != _LINE_AT + 2:
    raise ImportError("ReportRow's columns must hold the head and the value columns in their order")


def _cells_of(head: Sequence[str], assessment: Assessment, related: str, values: Sequence[str], digest: str,
              ruleset: str) -> list[str]:
    """The cells of :meth:`ReportRow.of`, in column order."""
    cells = list(assessment.cells())
    cells[_LINE_AT:_LINE_AT + 3] = head
    if related:
        cells[_RELATED_AT] = related
    if values:
        cells[_VALUES_AT:_VALUES_AT + len(values)] = values
    cells[_DIGEST_AT] = digest
    cells[_RULESET_AT] = ruleset
    return cells


def row_cells(head: Sequence[str], assessment: Assessment) -> tuple[str, ...]:
    """``ReportRow.of(head, assessment).columns()`` for a matched row, without the object (the workers' columns)."""
    before, after = _around_head(assessment)
    return (*before, *head, *after)


@memo(maxsize=8192)
def _around_head(a: Assessment) -> tuple[tuple[str, ...], tuple[str, ...]]:
    cells = a.cells()
    return cells[:_LINE_AT], cells[_LINE_AT + 3:]


def _message_ja(code: str) -> str:
    return catalog.message(code, "ja")  # a code the catalog does not hold is its own message


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


_safe_id, _display_number = safe_text, display_number


# --- what the check decided about a row ---------------------------------------------


@attrs.frozen(slots=True, cache_hash=True)
class Assessment:
    """What the check decided about one business row: the verdict, the reason
    codes (most decisive first) and each compared item's level.

    A run has a few hundred distinct assessments, each one object (the
    functions below hand out the same object for the same outcome), so the
    report cells of an outcome are built once and every row refers to them.

    >>> a = assess_unjoined("123456789018", "123456789018")
    >>> a.verdict, a.reasons, a.flagged
    (<Verdict.MISMATCH: 'mismatch'>, ('RECORD_NOT_IN_REGISTER',), True)
    >>> a.with_flags(("RECORD_DUPLICATE_NUMBER",)).reasons
    ('RECORD_DUPLICATE_NUMBER', 'RECORD_NOT_IN_REGISTER')
    """

    verdict: Verdict
    reasons: tuple[str, ...] = ()
    levels: tuple[tuple[str, Level], ...] = ()

    @property
    def verdict_ja(self) -> str:
        return self.verdict.label_ja

    @property
    def message(self) -> str:
        """The Japanese messages of the codes a clerk must act on (:func:`message_of`)."""
        return message_of(self.reasons) if self.reasons else ""

    @property
    def flagged(self) -> bool:
        return self.verdict is not Verdict.MATCH

    def cells(self) -> tuple[str, ...]:
        """The cells of a row so assessed (:data:`REPORT_COLUMNS` order), those of a particular row
        (head, related lines, values, digest, ruleset, reviewers) empty."""
        return _cells(self)

    def with_flags(self, codes: Sequence[str]) -> Assessment:
        """The assessment with duplicate-check reasons added: they come first and raise the verdict."""
        return _with_flags(self, tuple(codes)) if codes else self

    def with_control(self) -> Assessment:
        """The assessment of a row whose values hold a control character: ``review`` at least, :data:`CONTROL_CHARS`."""
        return _with_control(self)


def assessment(verdict: Verdict, codes: Sequence[str] = (), levels: Sequence[tuple[str, Level]] = ()) -> Assessment:
    """The one :class:`Assessment` of this outcome (``codes`` deduplicated, kept in their order)."""
    return _assessment(verdict, tuple(codes), tuple(levels))


@memo(maxsize=8192)
def _assessment(verdict: Verdict, codes: tuple[str, ...], levels: tuple[tuple[str, Level], ...]) -> Assessment:
    return Assessment(verdict, catalog.sort_codes(codes, stable=True), levels)


# --- the work order -------------------------------------------------------------------

#: The reasons a clerk takes first within a verdict, most urgent first: another person's number is
#: likely linked (a number on two people, a person with two numbers, another person's values), then a
#: wrong number; a number a spreadsheet changed comes last (not a mislinkage, an export to redo).
#: Every other code follows, the more decisive (severity) first, in catalog order.
WORK_ORDER: tuple[str, ...] = (
    "RECORD_DUPLICATE_NUMBER", "RECORD_PERSON_MULTIPLE_NUMBERS", "MYNUMBER_DIFFERENT", "XF_FAMILY_MEMBER",
    "XF_SAME_NAME_OTHER_PERSON", "XF_IDENTITY_DIFFERENT", "XF_NAME_DIFFERENT", "XF_BIRTH_DATE_DIFFERENT",
    "RECORD_NOT_IN_REGISTER", "RECORD_NOT_IN_REGISTER_OR_REMOVED", "MYNUMBER_BAD_CHECKSUM", "MYNUMBER_BAD_LENGTH",
    "MYNUMBER_BAD_FORMAT", "MYNUMBER_IMPLAUSIBLE", "MYNUMBER_INVALID", "XF_SURNAME_CHANGED", "XF_MOVED",
    "RECORD_REGISTER_DUPLICATE",
)
_LAST = ("MYNUMBER_SPREADSHEET_NUMBER", "MYNUMBER_SPREADSHEET_ZEROS")


@load_once
def _urgency() -> dict[str, int]:
    """Each catalog code's place in the work order (1 = first)."""
    rest = sorted((r for r in catalog.all_reasons() if r.code not in WORK_ORDER and r.code not in _LAST),
                  key=lambda r: -r.severity.rank)  # sorted() is stable: catalog order within a severity
    order = [*WORK_ORDER, *(r.code for r in rest), *_LAST]
    return {code: i for i, code in enumerate(order, start=1)}


def priority_of(a: Assessment) -> str:
    """The work order of a row so assessed, as a number to sort ascending: ``1nnn`` for 不一致,
    ``2nnn`` for 要確認, ``nnn`` the place of its most urgent actionable reason in
    :data:`WORK_ORDER` (then the rest of the catalog); empty for a match.

    >>> [priority_of(assessment(v, codes)) for v, codes in [(Verdict.MISMATCH, ("RECORD_DUPLICATE_NUMBER",)),
    ...  (Verdict.REVIEW, ("XF_MOVED",)), (Verdict.MATCH, ())]]
    ['1001', '2017', '']
    """
    if a.verdict is Verdict.MATCH:
        return ""
    urgency = _urgency()
    place = min((urgency.get(code, 999) for code in a.reasons if _severity(code) is not Verdict.MATCH), default=999)
    return f"{1 if a.verdict is Verdict.MISMATCH else 2}{min(place, 999):03d}"


def _severity(code: str) -> Verdict:
    return catalog.severity(code)  # a code the catalog does not hold: review, one to act on


def ruleset_label(ruleset: Ruleset) -> str:
    """The ``ruleset`` cell of a flagged row: name, version and the fingerprint's short form
    (its first 64 bits in letters, :func:`~mynacheck.rules.fingerprint.in_letters`).

    >>> from mynacheck.rules.rulesets import GUIDELINE_4
    >>> from mynacheck.rules.fingerprint import in_letters
    >>> ruleset_label(GUIDELINE_4) == f"GUIDELINE_4 v1 {in_letters(GUIDELINE_4.fingerprint)}"
    True
    """
    return f"{ruleset.name} v{ruleset.version} {in_letters(ruleset.fingerprint)}"


@memo(maxsize=8192)
def _cells(a: Assessment) -> tuple[str, ...]:
    cells = [""] * len(REPORT_COLUMNS)
    cells[_AT["priority"]] = priority_of(a)
    cells[_AT["verdict"]] = a.verdict._value_  # _value_, not .value: the enum property costs ~0.5 µs
    cells[_AT["verdict_ja"]] = a.verdict.label_ja
    cells[_AT["reasons"]] = " ".join(a.reasons)
    cells[_AT["message"]] = a.message
    for field, level in a.levels:
        i = _AT.get("result_" + field)
        if i is not None:
            cells[i] = level._value_
    return tuple(cells)


@memo(maxsize=4096)
def _with_flags(a: Assessment, codes: tuple[str, ...]) -> Assessment:
    verdict = Verdict.worst([a.verdict, *(catalog.severity(c) for c in codes)])
    return _assessment(verdict, catalog.sort_codes([*codes, *a.reasons], stable=True), a.levels)


@memo(maxsize=4096)
def _with_control(a: Assessment) -> Assessment:
    if CONTROL_CHARS in a.reasons:
        return a
    return _assessment(Verdict.worst([a.verdict, Verdict.REVIEW]), (*a.reasons, CONTROL_CHARS), a.levels)


@memo(maxsize=8192)
def _judged(judgement: Judgement, register_duplicate: bool) -> Assessment:
    # Keyed by the judgement itself: rulesets hand out one object per distinct
    # decision, and it caches its hash, so this lookup is cheap per row.
    if register_duplicate:
        return _assessment(Verdict.worst([judgement.verdict, Verdict.REVIEW]),
                           (*judgement.reasons, "RECORD_REGISTER_DUPLICATE"), judgement.levels)
    return _assessment(judgement.verdict, judgement.reasons, judgement.levels)


def assess_pair(business: Record | Mapping[str, Any], register: Record | Mapping[str, Any], duplicate: bool,
                ruleset: Ruleset) -> Assessment:
    """The assessment of a business row and its register row (``duplicate``: the extract repeats the number).

    Never raises: a pair the ruleset cannot compare is ``review`` with ``RECORD_COMPARE_FAILED``.
    """
    try:
        judgement = ruleset.judge(business, register)
    except DataUnavailable:
        raise  # a broken installation stops the run: no row could be checked
    except Exception:
        failed = ("RECORD_COMPARE_FAILED", "RECORD_REGISTER_DUPLICATE") if duplicate else ("RECORD_COMPARE_FAILED",)
        return _assessment(Verdict.REVIEW, failed, ())
    return _judged(judgement, duplicate)


def assess_unjoined(number: object, key: str | None, removed: bool = False) -> Assessment:
    """The assessment of a row the register has no row for (``key``: its number key, or None).

    ``removed``: a removed-residents extract (除票) was looked in too, so the number is
    in neither (``RECORD_NOT_IN_REGISTER_OR_REMOVED``: no longer "or removed").

    A number a spreadsheet changed (``6.34127E+11``, lost leading zeros) has
    no key: it is reported as that (:func:`~mynacheck.mynumber.spreadsheet_damage`),
    never as a number missing from the register, and it groups with no other row.
    """
    if key is None:
        damage = spreadsheet_damage(number) if number is not None and not is_blank(number) else None
        if damage is not None:
            return _assessment(Verdict.MISMATCH, (damage,), ())
        return _assessment(Verdict.REVIEW, ("MYNUMBER_MISSING",), ())
    bad = _number_reason(number)
    absent = "RECORD_NOT_IN_REGISTER_OR_REMOVED" if removed else "RECORD_NOT_IN_REGISTER"
    codes = (absent,) if bad is None else (bad, absent)
    return _assessment(Verdict.MISMATCH, codes, ())


def _field(record: Record | Mapping[str, Any], key: str) -> Any:
    return record.get(key) if isinstance(record, Mapping) else getattr(record, key, None)


def assess_row(business: Record | Mapping[str, Any], register_lookup: RegisterLookup,
               ruleset: Ruleset, *, removed: bool = False) -> Assessment:
    """The assessment of a business row: joined to its register row by number, compared, control characters checked.

    The register row a lookup returns is a mapping (:meth:`.index.RegisterIndex.get`)
    that says :data:`REGISTER_DUPLICATE` when the extract repeats its number.
    ``removed``: the lookup also looks in a removed-residents extract (see :func:`assess_unjoined`).
    """
    key = number_key(_field(business, "my_number"))
    return assess_found(business, register_lookup(key) if key is not None else None, key, ruleset, removed=removed)


def assess_found(business: Record | Mapping[str, Any], register: Mapping[str, Any] | None, key: str | None,
                 ruleset: Ruleset, *, removed: bool = False) -> Assessment:
    """:func:`assess_row` once the register row is looked up (``key``: the business row's number key)."""
    if register is None:
        a = assess_unjoined(_field(business, "my_number"), key, removed)
    else:
        a = assess_pair(business, register, bool(register.get(REGISTER_DUPLICATE)), ruleset)
    values = map(business.get, KEYS) if isinstance(business, Mapping) else (getattr(business, k) for k in KEYS)
    if has_control(values) or (register is not None and has_control(map(register.get, KEYS))):
        return a.with_control()
    return a


def score_row(
    business: Record | Mapping[str, Any],
    register_lookup: RegisterLookup,
    ruleset: Ruleset,
    *,
    line: object = "",
    reveal_numbers: bool = False,
    flags: tuple[Sequence[str], Sequence[object]] | None = None,
    removed: bool = False,
) -> ReportRow:
    """Score one business row against its register row: its :class:`ReportRow`.

    ``flags`` are the duplicate checks' reason codes for this row and the
    labels of the other rows of its group (:mod:`.duplicates`), applied
    before the row is made.  This is the one path a row takes from its
    values to its report cells: the Spark executors call it for every row,
    the local run for a row the duplicate checks flag (the workers' fast
    path for the others calls the same :func:`assess_pair` /
    :func:`assess_unjoined`).

    Never raises for a bad value: a row the comparison cannot handle comes
    back as ``review`` with ``RECORD_COMPARE_FAILED``.
    """
    number = _field(business, "my_number")
    key = number_key(number)
    register = register_lookup(key) if key is not None else None
    a = assess_found(business, register, key, ruleset, removed=removed)
    related = ""
    if flags is not None and flags[0]:
        a = a.with_flags(flags[0])
        related = " ".join(str(r) for r in flags[1])
    head = row_head(line, shown(_field(business, "id")), shown(number), reveal_numbers)
    if not a.flagged:
        return ReportRow.of(head, a, related)
    return flagged_row(head, a, business, register, ruleset, related=related, reveal_numbers=reveal_numbers)


def flagged_row(head: Sequence[str], assessment: Assessment, business: Record | Mapping[str, Any],
                register: Record | Mapping[str, Any] | None, ruleset: Ruleset, *, related: str = "",
                reveal_numbers: bool = False, label: str | None = None) -> ReportRow:
    """The row of a flagged business row: with both records' values, its digest and the ruleset's label.

    The digest is of the values as a run that does not reveal numbers shows
    them, whatever ``reveal_numbers`` says (:func:`.values.row_digest`).
    ``label`` is ``ruleset_label(ruleset)`` when the caller made it once for many rows.
    """
    return ReportRow(*_flagged_cells(head, assessment, business, register, ruleset, related, reveal_numbers, label))


def flagged_cells(head: Sequence[str], assessment: Assessment, business: Record | Mapping[str, Any],
                  register: Record | Mapping[str, Any] | None, ruleset: Ruleset, *, related: str = "",
                  reveal_numbers: bool = False, label: str | None = None) -> tuple[str, ...]:
    """``flagged_row(...).columns()`` without the row object (the workers want the cells only, and a
    ReportRow is 56 attribute sets through ``object.__setattr__``, the costly way, on a frozen class)."""
    return tuple(_flagged_cells(head, assessment, business, register, ruleset, related, reveal_numbers, label))


def _flagged_cells(head: Sequence[str], assessment: Assessment, business: Record | Mapping[str, Any],
                   register: Record | Mapping[str, Any] | None, ruleset: Ruleset, related: str,
                   reveal_numbers: bool, label: str | None) -> list[str]:
    values = row_values(business, register, reveal_numbers)
    if reveal_numbers:
        masked = row_values(business, register, False)
        ident, number = safe_text(shown(_field(business, "id")), False), display_number(
            shown(_field(business, "my_number")), False)
    else:
        masked, ident, number = values, head[1], head[2]
    return _cells_of(head, assessment, related, values, row_digest(ident, number, masked),
                     ruleset_label(ruleset) if label is None else label)


def row_head(line: object, ident: object, number: object, reveal_numbers: bool = False) -> tuple[str, str, str]:
    """The report cells that name a row, from its raw line label, id and number.

    The number is masked whatever it holds, and any My Number in the id or a
    text label is redacted (:func:`mynacheck.mynumber.redact`), unless ``reveal_numbers``.
    """
    # A file's line number is an int; a label given by the caller is any text.
    label = str(line) if type(line) is int else _safe_id(line, reveal_numbers)
    # The file's usual cells inline (a row each, no call): an id too short to hold a number, a plain number.
    if not (type(ident) is str and len(ident) < 12 and ident.isascii()):
        ident = _safe_id(ident, reveal_numbers)
    if type(number) is str and len(number) == 12 and number.isdigit() and number.isascii() and not reveal_numbers:
        return label, ident, "********" + number[-4:]
    return label, ident, _display_number(number, reveal_numbers)


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
    """Add duplicate-check reasons to a row: they come first and make it ``mismatch``
    (:meth:`Assessment.with_flags`).

    ``related`` labels the other rows of the group (their line numbers).  A
    matched row gets no value cells here: :func:`score_row` with ``flags`` makes
    the whole row from its records.

    >>> r = ReportRow(line="2", my_number="********9018", verdict="match", verdict_ja="一致")
    >>> flagged = apply_flags(r, ["RECORD_DUPLICATE_NUMBER"])
    >>> flagged.verdict, flagged.priority
    ('mismatch', '1001')
    """
    if not codes:
        return row
    a = _assessment(Verdict(row.verdict), row.codes, ()).with_flags(codes)
    return attrs.evolve(row, priority=priority_of(a), verdict=a.verdict.value, verdict_ja=a.verdict_ja,
                        reasons=" ".join(a.reasons), message=a.message,
                        related_lines=" ".join(str(r) for r in related))


_VERDICT_OF = operator.itemgetter(REPORT_COLUMNS.index("verdict"))
_REASONS_OF = operator.itemgetter(REPORT_COLUMNS.index("reasons"))


def tally(rows: Sequence[tuple[str, ...]]) -> tuple[Counter[str], Counter[str]]:
    """Rows by verdict and by reason code, for a run's summary."""
    reasons: Counter[str] = Counter()
    for text in filter(None, map(_REASONS_OF, rows)):  # most rows match with no reason
        reasons.update(text.split())
    return Counter(map(_VERDICT_OF, rows)), reasons


def tally_assessments(assessments: Iterable[Assessment]) -> tuple[Counter[str], Counter[str]]:
    """:func:`tally` of rows given by their assessments: each distinct one is read once."""
    by_verdict: Counter[str] = Counter()
    by_reason: Counter[str] = Counter()
    for a, n in Counter(assessments).items():
        by_verdict[a.verdict._value_] += n
        for code in a.reasons:
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
