"""The columnar batch core: columns of business rows and their register rows in, report columns out.

This is the function a distributed engine calls on each batch (Spark's
``mapInArrow`` hands it ``pyarrow.RecordBatch.to_pydict()``).  It is a thin
columnar wrapper over :func:`.core.score_row`, the path a row takes from its
values to its report cells in the local run too (its workers call the same
assessment functions, and a row the duplicate checks flag is made by
:func:`.core.score_row` with its flags, as here), so the two paths cannot
drift apart; and it needs nothing beyond the standard library (no pyarrow
in the core).

- :func:`key_batch`: the blocking keys of each row (the join key, and the
  two 64-bit digests the duplicate checks group on, exactly as locally).
- :func:`score_batch`: business columns, the *aligned* register columns
  (row *i* is the register row joined to business row *i*, all None when
  none was found), optionally the duplicate groups each row falls in →
  exactly the :data:`~.core.REPORT_COLUMNS`.

A bad value never raises: every row comes back with a verdict and a reason.

>>> from mynacheck.rules.rulesets import GUIDELINE_4
>>> business = {"my_number": ["123456789018", "621498320257", ""], "name": ["髙橋 一郎"] * 3,
...             "birth_date": ["1970-03-12"] * 3, "sex": ["1"] * 3, "address": ["長野県長野市鶴賀緑町1613"] * 3}
>>> register = {"my_number": ["123456789018", None, None], "name": ["髙橋 一郎", None, None],
...             "birth_date": ["1970-03-12", None, None], "sex": ["1", None, None],
...             "address": ["長野県長野市鶴賀緑町1613", None, None]}
>>> out = score_batch(business, register, GUIDELINE_4, lines=[2, 3, 4])
>>> list(zip(out["line"], out["my_number"], out["verdict"], out["reasons"]))
[('2', '********9018', 'match', ''), ('3', '********0257', 'mismatch', 'RECORD_NOT_IN_REGISTER'), \
('4', '', 'review', 'MYNUMBER_MISSING')]
>>> key_batch(business)["number_key"]
['123456789018', '621498320257', None]
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from ..clock import as_of
from ..errors import DataUnavailable
from ..record import plain_row
from ..rules import Ruleset
from ..verdicts import Verdict
from .core import REGISTER_DUPLICATE, REPORT_COLUMNS, ReportRow, message_of, score_row
from .duplicates import DUPLICATE_NUMBER, PERSON_MULTIPLE_NUMBERS
from .index import STORED
from .keys import digest, number_key, person_key

__all__ = [
    "BATCH_KEYS",
    "KEY_COLUMNS",
    "RELATED_LIMIT",
    "business_rows",
    "register_row",
    "key_batch",
    "score_batch",
    "duplicate_flags",
]

#: The record keys a batch column can carry (the same as a CSV column can map to).
BATCH_KEYS: tuple[str, ...] = STORED

#: The columns :func:`key_batch` returns.
KEY_COLUMNS: tuple[str, ...] = ("number_key", "number_digest", "person_digest")

#: How many other rows of a duplicate group a report row names (as locally).
RELATED_LIMIT = 10

Columns = Mapping[str, Sequence[Any]]

_COMPARE_FAILED = "RECORD_COMPARE_FAILED"


def _length(columns: Columns) -> int:
    sizes = {len(v) for v in columns.values()}
    if len(sizes) > 1:
        raise ValueError("batch columns differ in length")
    return sizes.pop() if sizes else 0


def business_rows(columns: Columns) -> list[dict[str, Any]]:
    """One mapping per row with the record keys present; a missing value (None, NaN, ``pandas.NA`` …,
    :func:`~mynacheck.record.plain_value`) becomes ``""``, as a CSV cell reads.

    >>> business_rows({"name": ["a", None], "kana": [float("nan"), "カ"], "line": [2, 3]})
    [{'name': 'a', 'kana': ''}, {'name': '', 'kana': 'カ'}]
    """
    keys = [k for k in BATCH_KEYS if k in columns]
    cols = [columns[k] for k in keys]
    return [{k: ("" if v is None else v) for k, v in plain_row(dict(zip(keys, values, strict=True))).items()}
            for values in zip(*cols, strict=True)] if keys else [{} for _ in range(_length(columns))]


def register_row(values: Mapping[str, Any], duplicate: bool = False) -> dict[str, Any] | None:
    """The register row as :meth:`.index.RegisterIndex.get` gives it; None when there is no number.

    Empty values are left out and a repeated number is marked, so the
    comparison sees exactly what the local index would hand it.

    >>> register_row({"my_number": "123456789018", "name": "髙橋 一郎", "kana": None}, duplicate=True)
    {'my_number': '123456789018', 'name': '髙橋 一郎', '_register_duplicate': True}
    >>> register_row({"my_number": None, "name": "髙橋 一郎"}) is None
    True
    """
    values = plain_row(values)  # a NaN, pandas.NA … is unknown, never the text "nan"
    if number_key(values.get("my_number")) is None:
        return None
    row: dict[str, Any] = {}
    for k in STORED:
        v = values.get(k)
        text = "" if v is None else (";".join(str(x) for x in v) if isinstance(v, tuple | list) else str(v))
        if text:
            row[k] = text
    if duplicate:
        row[REGISTER_DUPLICATE] = True
    return row


def key_batch(business: Columns, *, today: datetime.date | str | None = None) -> dict[str, list[Any]]:
    """Blocking keys per row: the compact number (the join key) and the two digests the duplicate checks use.

    The digests are the local pipeline's (``digest(number_key(...))``,
    ``digest(person_key(row))``) with 0 given as None, so a group-by on them
    groups exactly the rows the local checks group.  ``today`` replays a past
    run (:mod:`mynacheck.clock`): a birth date is read as on that day.
    """
    with as_of(today):
        return _key_batch(business)


def _key_batch(business: Columns) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {k: [] for k in KEY_COLUMNS}
    for row in business_rows(business):
        try:
            key = number_key(row.get("my_number"))
            number = digest(key) or None
        except Exception:  # a key is an optimisation of grouping: an unusable value groups with nothing
            key, number = None, None
        try:
            person = digest(person_key(row)) or None
        except DataUnavailable:
            raise
        except Exception:
            person = None
        out["number_key"].append(key)
        out["number_digest"].append(number)
        out["person_digest"].append(person)
    return out


def duplicate_flags(
    line: int, number_group: Sequence[int] | None, person_group: Sequence[int] | None, limit: int = RELATED_LIMIT
) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The duplicate-check codes and related lines of one row, from the groups it falls in.

    ``number_group`` is the lines of the rows sharing this row's number when
    that number is on several people (else None); ``person_group`` the same for
    one person with several numbers.  Each may be cut to its ``limit + 1``
    smallest lines: the ``limit`` smallest other lines are still among them.

    >>> duplicate_flags(5, [2, 5], None)
    (('RECORD_DUPLICATE_NUMBER',), (2,))
    >>> duplicate_flags(5, [5, 9], [3, 5])
    (('RECORD_DUPLICATE_NUMBER', 'RECORD_PERSON_MULTIPLE_NUMBERS'), (3, 9))
    """
    codes: list[str] = []
    group: set[int] = set()
    if number_group is not None:
        codes.append(DUPLICATE_NUMBER)
        group.update(number_group)
    if person_group is not None:
        codes.append(PERSON_MULTIPLE_NUMBERS)
        group.update(person_group)
    group.discard(line)
    return tuple(codes), tuple(sorted(group)[:limit])


class _Found:
    """A register lookup that answers with the row the join already found."""

    __slots__ = ("row",)

    def __init__(self, row: Mapping[str, Any] | None) -> None:
        self.row = row

    def __call__(self, key: str) -> Mapping[str, Any] | None:
        return self.row


def _failed_row(business: Mapping[str, Any], line: object) -> ReportRow:
    """The row of a business row whose scoring raised: review, and nothing from the row but its line."""
    codes = [_COMPARE_FAILED]
    return ReportRow(line="" if line is None else str(line), id="", my_number="", verdict=Verdict.REVIEW.value,
                     verdict_ja=Verdict.REVIEW.label_ja, reasons=" ".join(codes), message=message_of(codes))


def score_batch(
    business: Columns,
    register: Columns,
    ruleset: Ruleset,
    *,
    lines: Sequence[object] | None = None,
    reveal_numbers: bool = False,
    number_groups: Sequence[Sequence[int] | None] | None = None,
    person_groups: Sequence[Sequence[int] | None] | None = None,
    today: datetime.date | str | None = None,
) -> dict[str, list[str]]:
    """Score a batch: business columns and the aligned register columns → the report columns.

    - ``business``: record keys (``my_number``, ``name``, ``kana``,
      ``birth_date``, ``address``, ``sex``, ``id``, ``aliases``) → values;
      other columns are ignored.
    - ``register``: the same keys, row *i* the register row joined to business
      row *i* on the compact number (all None when none was found), and
      optionally ``_register_duplicate`` (true when the extract holds that
      number more than once; the first row is the one given).
    - ``lines``: the row labels (default: a ``line`` column, else position + 2).
    - ``number_groups`` / ``person_groups``: per row, the lines of its
      duplicate group or None (see :func:`duplicate_flags`); the flags are
      given to :func:`.core.score_row`, as locally.

    - ``today``: replay a past run (:mod:`mynacheck.clock`).

    Returns exactly :data:`~.core.REPORT_COLUMNS`, each a list of str.
    """
    with as_of(today):
        return _score_batch(business, register, ruleset, lines, reveal_numbers, number_groups, person_groups)


def _score_batch(
    business: Columns, register: Columns, ruleset: Ruleset, lines: Sequence[object] | None, reveal_numbers: bool,
    number_groups: Sequence[Sequence[int] | None] | None, person_groups: Sequence[Sequence[int] | None] | None,
) -> dict[str, list[str]]:
    rows = business_rows(business)
    n = len(rows)
    if lines is None:
        lines = list(business["line"]) if "line" in business else [i + 2 for i in range(n)]
    reg_n = _length(register)
    if reg_n != n and register:
        raise ValueError("register columns must be aligned with the business rows")
    reg_keys = [k for k in STORED if k in register]
    dups = register.get(REGISTER_DUPLICATE)
    out: dict[str, list[str]] = {c: [] for c in REPORT_COLUMNS}
    appenders = [out[c].append for c in REPORT_COLUMNS]
    for i, (row, line) in enumerate(zip(rows, lines, strict=True)):
        try:
            found = register_row({k: register[k][i] for k in reg_keys}, bool(dups[i]) if dups is not None else False)
            ng = number_groups[i] if number_groups is not None else None
            pg = person_groups[i] if person_groups is not None else None
            flags = None
            if ng is not None or pg is not None:
                flags = duplicate_flags(int(str(line)) if str(line).isdigit() else 0, ng, pg)
            report = score_row(row, _Found(found), ruleset, line=line, reveal_numbers=reveal_numbers, flags=flags)
        except DataUnavailable:
            raise  # a broken installation stops the run: no row could be checked
        except Exception:  # one bad row never fails the batch, and its values never reach a log
            report = _failed_row(row, line)
        for append, value in zip(appenders, report.columns(), strict=True):
            append(value)
    return out
