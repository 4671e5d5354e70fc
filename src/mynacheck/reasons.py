"""The reason-code catalog: stable codes with messages a clerk can act on.

Codes are UPPER_SNAKE with a field prefix (``MYNUMBER_``, ``NAME_``, ``KANA_``,
``DATE_``, ``ADDR_``, ``SEX_``, ``XF_`` for cross-field rules, ``RECORD_``).
A code, once published, keeps its meaning; new codes are added, old ones are
never reused.  The entries live in :mod:`mynacheck.catalog`, one module per
field; ``docs/reasons.md`` is generated from here (``scripts/gen_reasons_doc.py``).

**Vendor codes.**  A vendor's own rule gives its own codes, registered with
:func:`register` (messages in Japanese and English, and a severity).  Every
vendor code starts with :data:`VENDOR_PREFIX` (``X_``; ``X_ACME_`` keeps one
vendor's codes apart from another's), and no code of ours ever does, so a
vendor code can never collide with one we add later.

**Unknown codes.**  A code no catalog holds (a rule that forgot to register
its code, a report written by a newer version) never crashes a message or a
report: :func:`entry` stands in for it with the code itself as its message and
``review`` as its severity.  :func:`get` is the strict lookup that raises
:class:`UnknownReason`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator

import attrs

from . import memo as memos
from .catalog import ALL_SECTIONS
from .errors import UnknownReason, UsageError
from .memo import memo
from .verdicts import Verdict

__all__ = ["Reason", "get", "entry", "message", "severity", "all_reasons", "sort_codes", "register", "registered",
           "VENDOR_PREFIX", "UnknownReason"]

#: Every vendor code starts with this; no code of mynacheck ever does.
VENDOR_PREFIX = "X_"
_VENDOR_CODE = re.compile(r"X_[A-Z0-9]+(?:_[A-Z0-9]+)*")


@attrs.frozen(slots=True)
class Reason:
    """One catalog entry.

    ``severity`` is the verdict the reason argues for on its own: ``MATCH``
    for informational reasons (a fold that was applied), ``REVIEW`` or
    ``MISMATCH`` otherwise.  It orders ``Result.reasons``, most decisive first.
    """

    code: str
    field: str
    severity: Verdict
    ja: str
    en: str

    def message(self, lang: str = "ja") -> str:
        if lang == "ja":
            return self.ja
        if lang == "en":
            return self.en
        raise UsageError(f"unsupported language {lang!r}; use 'ja' or 'en'")


def _build(sections: Iterable[Iterable[tuple[str, str, Verdict, str, str]]]) -> dict[str, Reason]:
    catalog: dict[str, Reason] = {}
    for section in sections:
        for code, field, severity, ja, en in section:
            if code in catalog:
                raise RuntimeError(f"duplicate reason code {code}")
            catalog[code] = Reason(code, field, severity, ja, en)
    return catalog


_CATALOG: dict[str, Reason] = _build(ALL_SECTIONS)


#: Our codes, in catalog order (vendor codes are kept apart: :func:`registered`).
_BUILT_IN: tuple[Reason, ...] = tuple(_CATALOG.values())
#: Vendor codes, in the order they were registered.
_VENDOR: dict[str, Reason] = {}
_REGISTERING = threading.Lock()

#: The field of a vendor code registered without one, and of an unknown code.
VENDOR_FIELD, UNKNOWN_FIELD = "vendor", "unknown"


def get(code: str) -> Reason:
    """Return the catalog entry for ``code`` (ours or a registered vendor code); raise :class:`UnknownReason`."""
    try:
        return _CATALOG[code]
    except KeyError:
        raise UnknownReason(code) from None


def entry(code: str) -> Reason:
    """The catalog entry for ``code``; for a code no catalog holds, a stand-in that never fails.

    The stand-in's messages are the code itself and its severity is ``review``
    (a clerk sees it), so a rule's unregistered code, or a report written by a
    newer version, is shown as it is instead of crashing a message or a report.

    >>> entry("X_NOT_REGISTERED").message("en"), entry("X_NOT_REGISTERED").severity
    ('X_NOT_REGISTERED', <Verdict.REVIEW: 'review'>)
    """
    found = _CATALOG.get(code)
    if found is not None:
        return found
    return Reason(str(code), UNKNOWN_FIELD, Verdict.REVIEW, str(code), str(code))


def message(code: str, lang: str = "ja") -> str:
    """The clerk's message of a code in ``lang`` (``ja`` or ``en``); an unknown code is its own message."""
    return entry(code).message(lang)


def severity(code: str) -> Verdict:
    """The verdict a code argues for on its own; ``review`` for an unknown code."""
    found = _CATALOG.get(code)
    return found.severity if found is not None else Verdict.REVIEW


def all_reasons() -> Iterator[Reason]:
    """Every entry of mynacheck's catalog, in catalog order (vendor codes: :func:`registered`)."""
    return iter(_BUILT_IN)


def registered() -> tuple[Reason, ...]:
    """The vendor codes registered in this process, in the order they were registered."""
    return tuple(_VENDOR.values())


def register(code: str, *, ja: str, en: str, severity: Verdict | str = Verdict.REVIEW,
             field: str = VENDOR_FIELD) -> Reason:
    """Register a vendor reason code, with messages a clerk can act on.

    - ``code``: ``X_`` and upper-case words (``X_ACME_LEGACY_ID``): :data:`VENDOR_PREFIX`
      keeps vendor codes apart from ours, now and in every later version;
    - ``ja``, ``en``: the clerk's messages (what differs, and what to do);
    - ``severity``: the verdict the code argues for on its own (``match`` for
      information, ``review``, ``mismatch``); it orders ``Result.reasons``,
      and a duplicate-check style code passed to :func:`~mynacheck.reconcile.apply_flags`
      raises a row to it;
    - ``field``: the item it is about (``name`` …), or ``vendor``.

    Registering the same code again with the same entry is allowed (a module
    imported twice); with another entry it is a :class:`UsageError`: a code
    keeps its meaning.  Register at import time, before results are made.

    >>> r = register("X_DOCTEST_LEGACY_ID", ja="旧システムの宛名番号です。", en="A legacy system id.",
    ...              severity="review")
    >>> message("X_DOCTEST_LEGACY_ID", "en"), get("X_DOCTEST_LEGACY_ID").severity
    ('A legacy system id.', <Verdict.REVIEW: 'review'>)
    """
    if not isinstance(code, str) or not _VENDOR_CODE.fullmatch(code):
        raise UsageError(f"a vendor reason code is {VENDOR_PREFIX} and upper-case words joined by _ "
                         f"(X_ACME_LEGACY_ID), got {code!r}")
    try:
        verdict = severity if isinstance(severity, Verdict) else Verdict(severity)
    except ValueError:
        raise UsageError(f"severity must be one of {[v.value for v in Verdict]}, got {severity!r}") from None
    for lang, text in (("ja", ja), ("en", en)):
        if not isinstance(text, str) or not text.strip():
            raise UsageError(f"{code}: the {lang} message must be a non-empty text a clerk can act on")
    if not isinstance(field, str) or not field:
        raise UsageError(f"{code}: field must be an item name (name, kana …) or {VENDOR_FIELD!r}")
    new = Reason(code, field, verdict, ja, en)
    with _REGISTERING:
        old = _CATALOG.get(code)
        if old is not None:
            if old != new:
                raise UsageError(f"{code} is registered already with another entry; a code keeps its meaning: "
                                 "register a new code instead")
            return old
        _VENDOR[code] = new
        _CATALOG[code] = new
    # Orders and messages kept for code combinations may have met this code while it was unknown.
    memos.clear()
    return new


def sort_codes(codes: Iterable[str], *, stable: bool = False) -> tuple[str, ...]:
    """Deduplicate codes and order them most decisive (MISMATCH) first.

    With ``stable=True`` only deduplicate, keeping the given order.
    """
    codes = tuple(codes)
    if not codes:
        return ()
    return _sorted_codes(codes, stable)


# Cached: a row's codes are one of a few hundred combinations (the catalog is
# fixed), and this runs several times per compared pair.  Bounded all the same.
@memo(maxsize=4096)
def _sorted_codes(codes: tuple[str, ...], stable: bool) -> tuple[str, ...]:
    seen: dict[str, None] = dict.fromkeys(codes)
    if stable:
        return tuple(seen)
    order = {code: i for i, code in enumerate(seen)}
    return tuple(sorted(seen, key=lambda c: (-_severity_rank(c), order[c])))


def _severity_rank(code: str) -> int:
    found = _CATALOG.get(code)
    return found.severity.rank if found else 1
