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

from collections.abc import Mapping
from typing import Any

from . import mynumber, reasons
from .errors import (
    BackendUnavailable,
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

__version__ = "0.1.0"

__all__ = [
    "FIELDS",
    "Address",
    "BackendUnavailable",
    "BirthDate",
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


def compare(
    a: Record | Mapping[str, Any], b: Record | Mapping[str, Any], ruleset: Ruleset | None = None
) -> Result:
    """Compare a business-system record ``a`` with a register record ``b``.

    Records are :class:`Record` objects or mappings with the keys my_number,
    name, kana, birth_date, address, sex (optional: aliases, id).  The default
    ruleset is :data:`rulesets.GUIDELINE_4`.
    """
    return (ruleset or rulesets.DEFAULT).compare(a, b)


def preload() -> None:
    """Load the bundled reference tables now instead of on first use.

    The address and kanji-variant tables load lazily (about a second for the
    addresses).  A service calls this at start-up so that its first request is
    as fast as the others; a test suite with deadlines may call it in a fixture.
    """
    from .fields.address_data import index
    from .text.variants import tables

    tables()
    index()


def compare_field(field: str, x: object, y: object) -> Finding:
    """Compare one item: field is one of my_number, name, kana, birth_date, address, sex."""
    return _comparator(field).compare(x, y)


def __getattr__(name: str) -> Any:
    # ``strategies`` needs the optional hypothesis dependency: load it on first use.
    if name == "strategies":
        import importlib

        return importlib.import_module(".strategies", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
