"""The registration-time query: one application against the 0..N people a 住基ネット query returned.

At registration the guideline asks for a query by all four basic items (氏名,
生年月日, 性別, 住所) and a linkage only when they all agree; the insurers' 7,312
errors came from registering when they did not (DOMAIN §1).  The query gives
0, 1 or several people.  :func:`resolve` compares the application with each
of them and decides (DOMAIN §4 rule 12):

- exactly one candidate ``match``\\es, and no other needs a look → ``match``, with its index;
- no candidate (or every one a ``mismatch``) → ``mismatch``: nothing to link, confirm with the person;
- several candidates match or need review → ``review``, and no candidate is picked;
- one candidate needs review and none matches → ``review``, that candidate named in ``plausible``.

Each candidate's :class:`~mynacheck.Result` is kept, in the order given.

>>> import mynacheck as mc
>>> entered = {"name": "髙橋 一郎", "birth_date": "S45.3.12", "sex": "男", "address": "長野市鶴賀緑町1613"}
>>> found = [dict(entered, name="高橋 一郎", birth_date="1970-03-12", my_number="123456789018"),
...          dict(entered, name="高橋 次郎", birth_date="1972-05-01", my_number="621498320257")]
>>> r = mc.resolve(entered, found)
>>> r.verdict, r.index, r.reasons[0]
(<Verdict.MATCH: 'match'>, 0, 'RESOLVE_ONE_MATCH')
>>> twins = mc.resolve(entered, [found[0], dict(found[0], my_number="634127023092")])
>>> twins.verdict, twins.index, twins.plausible
(<Verdict.REVIEW: 'review'>, None, (0, 1))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .. import reasons as catalog
from ..errors import UsageError
from ..mynumber import mask, redact
from ..record import Record, as_record
from ..verdicts import Verdict
from .engine import Ruleset
from .result import Result

__all__ = ["Resolution", "resolve", "MAX_CANDIDATES"]

#: More people than this is no query result: a file of candidates this long is refused.
MAX_CANDIDATES = 10_000

_MATCH, _REVIEW, _MISMATCH = Verdict.MATCH, Verdict.REVIEW, Verdict.MISMATCH


@attrs.frozen(slots=True)
class Resolution:
    """The decision on one application against the people a query returned.

    ``index`` is the position of the candidate to link (only for ``match``),
    ``plausible`` the candidates that matched or need a look, ``numbers`` their
    My Numbers masked, ``results`` one
    :class:`~mynacheck.Result` per candidate (application on the left, the
    candidate on the right), ``reasons`` the decision's own codes first, then
    those of the one plausible candidate.
    """

    verdict: Verdict
    index: int | None
    results: tuple[Result, ...]
    reasons: tuple[str, ...]
    plausible: tuple[int, ...] = ()
    #: Each candidate's My Number, masked (``********9018``), or None.
    numbers: tuple[str | None, ...] = ()
    ruleset: str = ""
    ruleset_version: str = ""

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))  # the Results' own reprs are redacted

    @property
    def chosen(self) -> Result | None:
        """The Result of the candidate to link, or None when none is chosen."""
        return None if self.index is None else self.results[self.index]

    def messages(self, lang: str = "ja") -> tuple[str, ...]:
        """One catalog message per reason, the decision's first."""
        return tuple(catalog.message(code, lang) for code in self.reasons)

    def explain(self, lang: str = "ja", *, reveal_numbers: bool = False) -> str:
        """Lines a clerk can read: the decision, why, and one line per candidate (its number masked).

        ``reveal_numbers`` is accepted for symmetry with :meth:`Result.explain`; a
        candidate's number is always shown masked here (its ``Result`` holds no other).
        """
        if lang not in ("ja", "en"):
            raise UsageError(f"unsupported language {lang!r}; use 'ja' or 'en'")
        ja = lang == "ja"
        n = len(self.results)
        if ja:
            chosen = f"　紐付ける候補: {self.index + 1}番目" if self.index is not None else ""
            lines = [f"照会の判定: {self.verdict.label_ja}（{self.verdict.value}）　候補 {n}人{chosen}"
                     f"　ルール: {self.ruleset} v{self.ruleset_version}"]
        else:
            chosen = f"; link candidate {self.index + 1}" if self.index is not None else ""
            lines = [f"Query verdict: {self.verdict.value} ({n} candidate{'s' if n != 1 else ''}{chosen}; "
                     f"ruleset {self.ruleset} v{self.ruleset_version})"]
        # The decision's own code first (it says what to do), then what a clerk must look at.
        shown = [*self.reasons[:1], *(c for c in self.reasons[1:] if catalog.get(c).severity is not Verdict.MATCH)]
        lines.append("理由:" if ja else "Reasons:")
        lines.extend(f"  [{c}] {catalog.message(c, lang)}" for c in shown)
        if self.results:
            lines.append("候補別:" if ja else "Candidates:")
        for i, result in enumerate(self.results):
            number = (self.numbers[i] if i < len(self.numbers) else None) or _number(result)
            label = result.verdict.label_ja if ja else result.verdict.value
            codes = " ".join(result.reasons) or "—"
            lines.append(f"  {i + 1}. {label:<4} {number}  {codes}")
        return "\n".join(lines)

    def to_dict(self, *, reveal_numbers: bool = False) -> dict[str, object]:
        """A JSON-ready dict; every My Number masked unless ``reveal_numbers=True`` (ids and values)."""
        return {
            "verdict": self.verdict.value,
            "index": self.index,
            "plausible": list(self.plausible),
            "numbers": list(self.numbers),
            "reasons": list(self.reasons),
            "ruleset": self.ruleset,
            "ruleset_version": self.ruleset_version,
            "candidates": [r.to_dict(reveal_numbers=reveal_numbers) for r in self.results],
        }


def _number(result: Result) -> str:
    """The candidate's number as a clerk sees it: the my_number finding holds masked values only."""
    finding = result.finding("my_number")
    value = finding.right if finding is not None else None
    return "—" if value is None else redact(value)


def resolve(
    application: Record | Mapping[str, Any],
    candidates: Iterable[Record | Mapping[str, Any]],
    ruleset: Ruleset | None = None,
) -> Resolution:
    """Decide which of the people a query returned the application is, if exactly one (DOMAIN §4 rule 12).

    ``application`` is what the applicant gave (the business side, on the left
    of every comparison); ``candidates`` the register records the query
    returned (each on the right: its aliases and status are the register's).
    An application without a My Number is compared on the items alone (the
    query is how the number is found); one with a number must carry the
    candidate's.  Never picks among several plausible candidates.
    """
    from . import rulesets

    rs = ruleset or rulesets.DEFAULT
    left = as_record(application)
    people = []
    for i, candidate in enumerate(candidates):
        if i >= MAX_CANDIDATES:
            raise UsageError(f"more than {MAX_CANDIDATES:,} candidates: a query returns a few people, not a register")
        people.append(as_record(candidate))
    numbers = tuple(None if p.my_number is None else mask(p.my_number) for p in people)
    if left.my_number is None:
        # A query by the four items finds the number: an application without one is
        # compared on the items alone (a number on neither side blocks nothing).
        people = [attrs.evolve(p, my_number=None) for p in people]
    results = tuple(rs.compare(left, person) for person in people)
    plausible = tuple(i for i, r in enumerate(results) if r.verdict is not _MISMATCH)
    verdict: Verdict
    codes: tuple[str, ...]
    index: int | None = None
    if not results:
        verdict, codes = _MISMATCH, ("RESOLVE_NO_CANDIDATE",)
    elif not plausible:
        verdict, codes = _MISMATCH, ("RESOLVE_NONE_MATCH",)
    elif len(plausible) > 1:
        verdict, codes = _REVIEW, ("RESOLVE_SEVERAL",)
    elif results[plausible[0]].verdict is _MATCH:
        index = plausible[0]
        verdict, codes = _MATCH, ("RESOLVE_ONE_MATCH", *results[index].reasons)
    else:
        verdict, codes = _REVIEW, ("RESOLVE_ONE_TO_REVIEW", *results[plausible[0]].reasons)
    return Resolution(verdict, index, results, tuple(dict.fromkeys(codes)), plausible, numbers, rs.name, rs.version)
