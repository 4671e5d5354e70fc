"""A ruleset's fingerprint: a content hash of what decides its verdicts.

A ruleset's name and version say which ruleset a result claims to come from;
the fingerprint says what it was.  ``GUIDELINE_4``, ``GUIDELINE_4.add(rule)``
and ``GUIDELINE_4.replace(...)`` share a name and a version but not a
fingerprint.  It is the SHA-256 (hex) of a canonical JSON description of:

- each rule: its id, version, field, ``required`` flag and a description of
  its check (below);
- each decision-table row: its id, verdict, ``findings_only`` flag and its
  functions;
- the reason catalog (every code with its field and severity) and the bundled
  reference tables (the SHA-256 of each file in ``mynacheck/data``).

A function is described by its module and qualified name, and, for a closure,
by the functions and settings it closes over (a bound method by its object's
settings); an object by its class and its settings (an attrs class by the
fields its equality compares).  Caches and other mutable state are never
described (they change as a run goes), nor is anything hashed by ``hash()``
or ``id()``: the fingerprint is the same in every process and every run on
the same code and data.

Two rules that call the same function with the same settings, under the same
id and version, have the same fingerprint: change a rule's version when you
change what its own code does.

The ruleset's own name and version are not part of it: a renamed copy of a
ruleset decides the same way, and says so.
"""

from __future__ import annotations

import datetime
import enum
import functools
import hashlib
import json
import threading
import types
import weakref
from collections.abc import Callable
from importlib import resources
from typing import TYPE_CHECKING, Any

import attrs

from .. import reasons as catalog
from ..memo import load_once

if TYPE_CHECKING:
    from .engine import Ruleset

__all__ = ["fingerprint", "describe", "catalog_version", "data_versions", "in_letters"]

_SCALARS = (str, int, float, bool, type(None))
_MAX_DEPTH = 8

# Fingerprints by ruleset identity (a ruleset is immutable): an entry goes with its ruleset.
_DONE: dict[int, str] = {}
_LOCK = threading.Lock()
_LOCK_TYPE = type(_LOCK)


def fingerprint(ruleset: Ruleset) -> str:
    """The SHA-256 (64 hex digits) of the ruleset's content (see the module docstring)."""
    key = id(ruleset)
    found = _DONE.get(key)
    if found is not None:
        return found
    content = {
        "fingerprint": 1,
        "rules": [[r.id, r.version, r.field, r.required, describe(r.check)] for r in ruleset.rules],
        "table": [[row.id, row.verdict.value, row.findings_only, describe(row.applies), describe(row.reasons)]
                  for row in ruleset.table],
        "catalog": catalog_version(),
        "data": data_versions(),
    }
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    found = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with _LOCK:
        if key not in _DONE:
            _DONE[key] = found
            weakref.finalize(ruleset, _DONE.pop, key, None)
    return found


def in_letters(digest: bytes | str, length: int = 14) -> str:
    """The first 64 bits of a digest (bytes, or hex digits) written in ``length`` lowercase letters.

    A short form that no spreadsheet reads as a number and that never holds a
    run of digits (so it can never look like a My Number to a scanner or to
    :func:`~mynacheck.mynumber.redact`).  14 letters hold 64 bits.

    >>> in_letters("00" * 8), in_letters("ff" * 8)
    ('aaaaaaaaaaaaaa', 'hlhxczmxsyumqp')
    """
    raw = bytes.fromhex(digest[:16]) if isinstance(digest, str) else digest[:8]
    number = int.from_bytes(raw, "big")
    out = []
    for _ in range(length):
        number, rest = divmod(number, 26)
        out.append(chr(ord("a") + rest))
    return "".join(reversed(out))


def catalog_version() -> str:
    """The SHA-256 of the reason catalog as it decides: each code, its field and its severity, in order."""
    entries = [[r.code, r.field, r.severity.value] for r in catalog.all_reasons()]
    return hashlib.sha256(json.dumps(entries, ensure_ascii=False).encode("utf-8")).hexdigest()


@load_once  # the files do not change while the process runs
def data_versions() -> dict[str, str]:
    """The SHA-256 of each bundled reference table (``mynacheck/data``), by file name."""
    out: dict[str, str] = {}
    for entry in sorted(resources.files("mynacheck.data").iterdir(), key=lambda e: e.name):
        if entry.is_file() and not entry.name.endswith((".py", ".pyc")):
            out[entry.name] = hashlib.sha256(entry.read_bytes()).hexdigest()
    return out


def describe(value: object, _depth: int = 0, _seen: frozenset[int] = frozenset()) -> Any:
    """A JSON value describing ``value`` by its content, the same in every process (see the module docstring).

    >>> describe(len), describe((1, "a", None))
    ('builtins:len', [1, 'a', None])
    """
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, enum.Enum):
        return f"{_name(type(value))}.{value.name}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if _depth >= _MAX_DEPTH or id(value) in _seen:
        return _name(type(value))
    seen = _seen | {id(value)}
    deeper = _depth + 1
    if isinstance(value, tuple | frozenset):
        items = [describe(v, deeper, seen) for v in value]
        return items if isinstance(value, tuple) else sorted(items, key=repr)
    if isinstance(value, functools.partial):
        return {"partial": describe(value.func, deeper, seen), "args": describe(value.args, deeper, seen),
                "keywords": {k: describe(v, deeper, seen) for k, v in sorted(value.keywords.items())}}
    if isinstance(value, types.MethodType):
        return {"method": _name(value.__func__), "of": describe(value.__self__, deeper, seen)}
    if isinstance(value, types.FunctionType):
        out: dict[str, Any] = {"function": _name(value)}
        closure = value.__closure__ or ()
        cells = {}
        for name, cell in zip(value.__code__.co_freevars, closure, strict=True):
            try:
                content = cell.cell_contents
            except ValueError:  # a cell not filled yet
                continue
            if _described(content):
                cells[name] = describe(content, deeper, seen)
        if cells:
            out["closes_over"] = cells
        return out
    if isinstance(value, types.BuiltinFunctionType | types.BuiltinMethodType):
        owner = getattr(value, "__self__", None)
        if owner is None or isinstance(owner, types.ModuleType) or not _described(owner):
            return _name(value)
        return {"builtin": _name(value), "of": describe(owner, deeper, seen)}
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))  # type: ignore[arg-type]  # attrs.has said so
        return {"object": _name(type(value)),
                "fields": {a.name: describe(getattr(value, a.name), deeper, seen)
                           for a in fields if a.eq and _described(getattr(value, a.name))}}
    settings = {name: getattr(value, name) for name in _attributes(value)}
    return {"object": _name(type(value)),
            "fields": {k: describe(v, deeper, seen) for k, v in sorted(settings.items()) if _described(v)}}


def _described(value: object) -> bool:
    """Whether a value is part of a description: settings and code, not state (lists, dicts, sets, caches)."""
    return not isinstance(value, list | dict | set | bytearray | weakref.ref | _LOCK_TYPE | type | types.ModuleType)


def _attributes(value: object) -> list[str]:
    names: list[str] = []
    for klass in type(value).__mro__:
        slots = klass.__dict__.get("__slots__", ())
        names.extend([slots] if isinstance(slots, str) else slots)
    names.extend(getattr(value, "__dict__", {}))
    return [n for n in dict.fromkeys(names) if not n.startswith("__") and hasattr(value, n)]


def _name(value: Callable[..., Any] | type) -> str:
    module = getattr(value, "__module__", None) or "builtins"
    return f"{module}:{getattr(value, '__qualname__', getattr(value, '__name__', type(value).__name__))}"
