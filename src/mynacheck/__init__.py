"""mynacheck: check My Number linkages against the resident register.

>>> import mynacheck as mc
>>> a = {"my_number": "123456789018", "name": "髙橋 一郎", "birth_date": "1970-03-12",
...      "sex": "1", "address": "長野県長野市鶴賀緑町1613"}
>>> mc.compare(a, dict(a)).verdict
<Verdict.MATCH: 'match'>
>>> mc.compare(a, dict(a, my_number="621498320257")).verdict
<Verdict.MISMATCH: 'mismatch'>
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from . import _version, mynumber, reasons
from . import frame as frame
from .errors import (
    BackendUnavailable,
    DataUnavailable,
    InputError,
    InvalidAddress,
    InvalidChecksum,
    InvalidDate,
    InvalidFormat,
    InvalidImplausible,
    InvalidKana,
    InvalidLength,
    InvalidMyNumber,
    InvalidName,
    InvalidRecord,
    InvalidSex,
    InvalidStatus,
    InvalidType,
    InvalidValue,
    MynacheckError,
    RuleError,
    UnknownReason,
    UsageError,
)
from .fields import comparator as _comparator
from .fields.address import Address, parse_address
from .fields.birthdate import BirthDate, parse_date
from .fields.kana import normalize_kana
from .fields.name import normalize_name
from .reconcile import reconcile
from .record import FIELDS, Record
from .rules import Decision, Resolution, Result, Rule, Ruleset, field_rule, rulesets
from .rules.resolve import resolve
from .status import Status
from .verdicts import Finding, Level, Verdict

__version__ = _version.__version__

__all__ = [
    "FIELDS",
    "Address",
    "BackendUnavailable",
    "BirthDate",
    "DataUnavailable",
    "Decision",
    "Finding",
    "InputError",
    "InvalidAddress",
    "InvalidChecksum",
    "InvalidDate",
    "InvalidFormat",
    "InvalidImplausible",
    "InvalidKana",
    "InvalidLength",
    "InvalidMyNumber",
    "InvalidName",
    "InvalidRecord",
    "InvalidSex",
    "InvalidStatus",
    "InvalidType",
    "InvalidValue",
    "Level",
    "MynacheckError",
    "Record",
    "Resolution",
    "Result",
    "Rule",
    "RuleError",
    "Ruleset",
    "Status",
    "UnknownReason",
    "UsageError",
    "Verdict",
    "compare",
    "compare_field",
    "compare_many",
    "field_rule",
    "mynumber",
    "normalize_kana",
    "normalize_name",
    "parse_address",
    "parse_date",
    "preload",
    "reasons",
    "reconcile",
    "resolve",
    "rulesets",
]
# ``strategies`` is public too (``mc.strategies``, ``from mynacheck import strategies``) but not in
# ``__all__``: it needs the optional hypothesis, and ``from mynacheck import *`` must work without it.
# ``frame`` (``mc.frame.compare_frame``) is public and imported, and left out of ``__all__`` so that a
# star import does not take the name ``frame`` from the caller's own variables.


def compare(
    a: Record | Mapping[str, Any], b: Record | Mapping[str, Any], ruleset: Ruleset | None = None, *,
    today: datetime.date | str | None = None,
) -> Result:
    """Compare a business-system record ``a`` with a register record ``b``.

    Records are :class:`Record` objects or mappings with the keys my_number,
    name, kana, birth_date, address, sex (optional: aliases, id).  The default
    ruleset is :data:`rulesets.GUIDELINE_4`.  ``today`` replays a past check:
    every date check that depends on today uses that day (:mod:`mynacheck.clock`).
    """
    return (ruleset or rulesets.DEFAULT).compare(a, b, today=today)


def compare_many(
    pairs: Iterable[tuple[Record | Mapping[str, Any], Record | Mapping[str, Any]]], ruleset: Ruleset | None = None,
    *, today: datetime.date | str | None = None,
) -> list[Result]:
    """:func:`compare` of each ``(business, register)`` pair, in order.

    Same results as calling :func:`compare` on each pair (the reference day is
    read once, so a run over midnight checks every pair as of the same day).
    A malformed record raises as :func:`compare` does; for rows that must all
    come back with a verdict, use :func:`reconcile` or :func:`mynacheck.frame.compare_frame`.

    >>> a = {"my_number": "123456789018", "name": "髙橋 一郎", "birth_date": "1970-03-12", "sex": "1",
    ...      "address": "長野県長野市鶴賀緑町1613"}
    >>> [r.verdict.value for r in compare_many([(a, dict(a)), (a, dict(a, name="髙橋 花子"))])]
    ['match', 'mismatch']
    """
    from .clock import as_of
    from .fields.birthdate import reference_day

    chosen = ruleset or rulesets.DEFAULT
    with as_of(today or reference_day()):
        out = []
        for i, pair in enumerate(pairs):
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                raise UsageError(f"compare_many: item {i} is not a (business, register) pair"
                                 f" ({type(pair).__name__}{f' of {len(pair)}' if isinstance(pair, tuple | list) else ''})")
            out.append(chosen.compare(pair[0], pair[1]))
        return out


def preload() -> None:
    """Load the bundled reference tables now instead of on first use.

    The address and kanji-variant tables load lazily (about a second for the
    addresses).  A service calls this at start-up so that its first request is
    as fast as the others, and so that a broken installation (a table missing:
    :class:`DataUnavailable`) fails at start-up; a test suite with deadlines may
    call it in a fixture.
    """
    from .fields.address_data import index, towns_anywhere
    from .text.variants import tables

    tables()
    index()
    towns_anywhere()  # an address written without its prefecture or municipality is looked up here


def compare_field(field: str, x: object, y: object) -> Finding:
    """Compare one item: field is one of my_number, name, kana, birth_date, address, sex."""
    return _comparator(field).compare(x, y)


def __getattr__(name: str) -> Any:
    # ``strategies`` needs the optional hypothesis dependency: load it on first use.
    if name == "strategies":
        import importlib

        return importlib.import_module(".strategies", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
