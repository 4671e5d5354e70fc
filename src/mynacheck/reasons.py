"""The reason-code catalog: stable codes with messages a clerk can act on.

Codes are UPPER_SNAKE with a field prefix (``MYNUMBER_``, ``NAME_``, ``KANA_``,
``DATE_``, ``ADDR_``, ``SEX_``, ``XF_`` for cross-field rules, ``RECORD_``).
A code, once published, keeps its meaning; new codes are added, old ones are
never reused.  The entries live in :mod:`mynacheck.catalog`, one module per
field; ``docs/reasons.md`` is generated from here (``scripts/gen_reasons_doc.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import attrs

from .catalog import ALL_SECTIONS
from .errors import UnknownReason, UsageError
from .memo import memo
from .verdicts import Verdict

__all__ = ["Reason", "get", "message", "all_reasons", "sort_codes", "UnknownReason"]


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


def get(code: str) -> Reason:
    """Return the catalog entry for ``code``; raise :class:`UnknownReason`."""
    try:
        return _CATALOG[code]
    except KeyError:
        raise UnknownReason(code) from None


def message(code: str, lang: str = "ja") -> str:
    return get(code).message(lang)


def all_reasons() -> Iterator[Reason]:
    """Every catalog entry, in catalog order."""
    return iter(_CATALOG.values())


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
    entry = _CATALOG.get(code)
    return entry.severity.rank if entry else 1
