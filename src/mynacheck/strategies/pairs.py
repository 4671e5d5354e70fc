"""Pairs of records with the verdicts they may get: the test cases a vendor's suite needs, ready-made.

:func:`pairs` draws ``(business, register, expected)`` triples (:class:`Pair`):
a business-system record, the register record it is linked to, and the set of
verdicts :func:`mynacheck.compare` may give them.  A vendor test needs no
``flatmap`` lambdas::

    from hypothesis import given
    import mynacheck as mc
    from mynacheck import strategies as mst

    @given(mst.pairs())
    def test_my_check(pair):
        assert my_check(pair.business, pair.register) in pair.expected

The kinds (:data:`PAIR_KINDS`), each what really happens (DOMAIN.md §1):

- ``same``: the same person, written another way (:func:`.renderings`): ``{match}``;
- ``moved``: the same person, the register holding a new address: ``{review}``;
- ``family``: a relative's register record (spouse, child, parent, twin) under the
  linked number, as when a form showed both numbers: never ``match``;
- ``same_name``: 同姓同名, another person with the same name and another birth date: never ``match``;
- ``swapped``: another person's register record under the linked number: never ``match``;
- ``mistyped``: the person's own record, the number mistyped (into a number that
  passes the check digit, or one that does not): ``{mismatch}``.

The kinds of :func:`.mislinkages` (``spouse``, ``child``, ``parent``, ``twin``,
``swapped_number``, ``mistyped_valid``, ``mistyped_invalid``) are accepted too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import attrs
from hypothesis import note
from hypothesis import strategies as st

from ..errors import UsageError
from ..fields.address import COMPARATOR as ADDRESS
from ..record import Record
from ..verdicts import Verdict
from .addresses import address_text, addresses
from .numbers import my_numbers
from .people import FAMILY_KINDS, MISLINKAGE_KINDS, mislinkages, records, renderings

__all__ = ["Pair", "PAIR_KINDS", "pairs"]

MATCH_ONLY = frozenset({Verdict.MATCH})
REVIEW_ONLY = frozenset({Verdict.REVIEW})
MISMATCH_ONLY = frozenset({Verdict.MISMATCH})
NEVER_MATCH = frozenset({Verdict.REVIEW, Verdict.MISMATCH})

#: The kinds :func:`pairs` draws by default, and the verdicts each may get.
PAIR_KINDS: dict[str, frozenset[Verdict]] = {
    "same": MATCH_ONLY,
    "moved": REVIEW_ONLY,
    "family": NEVER_MATCH,
    "same_name": NEVER_MATCH,
    "swapped": NEVER_MATCH,
    "mistyped": MISMATCH_ONLY,
}

# The finer kinds of mislinkages(), under the names pairs() gives them.
_MISLINKAGE: dict[str, tuple[str, ...]] = {
    "family": FAMILY_KINDS,
    "same_name": ("same_name",),
    "swapped": ("swapped_number",),
    "mistyped": ("mistyped_valid", "mistyped_invalid"),
    **{kind: (kind,) for kind in MISLINKAGE_KINDS},
}
_EXPECTED: dict[str, frozenset[Verdict]] = {
    **PAIR_KINDS,
    **{kind: NEVER_MATCH for kind in MISLINKAGE_KINDS},
    "mistyped_valid": MISMATCH_ONLY,
    "mistyped_invalid": MISMATCH_ONLY,
}


class Pair(NamedTuple):
    """A business record, the register record linked to it, and the verdicts ``compare`` may give them."""

    business: Record
    register: Record
    expected: frozenset[Verdict]


def _kinds(kind: str | Sequence[str] | None) -> tuple[str, ...]:
    chosen = tuple(PAIR_KINDS) if kind is None else (kind,) if isinstance(kind, str) else tuple(kind)
    unknown = [k for k in chosen if k not in _EXPECTED]
    if unknown or not chosen:
        raise UsageError(f"unknown pair kind {unknown or chosen!r}; choose from {sorted(_EXPECTED)}")
    return chosen


def pairs(kind: str | Sequence[str] | None = None, *,
          people: st.SearchStrategy[Record] | None = None) -> st.SearchStrategy[Pair]:
    """``(business, register, expected)`` triples of the given kind (one, several, or None for all of :data:`PAIR_KINDS`).

    ``people`` draws the person each pair starts from (default :func:`.records`);
    a person without a number is given one.  ``expected`` is the set of verdicts
    :func:`mynacheck.compare` may give (``pair.expected``).  The kind drawn is
    noted (``hypothesis.note``): a failing example's report says it.

    >>> from hypothesis import find
    >>> pair = find(pairs("mistyped"), lambda p: True)
    >>> business, register, expected = pair
    >>> sorted(v.value for v in expected), business.my_number != register.my_number
    (['mismatch'], True)
    """
    chosen = _kinds(kind)
    base = people if people is not None else records()
    return st.sampled_from(chosen).flatmap(lambda k: base.flatmap(lambda person: _pair(person, k)))


@st.composite
def _pair(draw: st.DrawFn, person: Record, kind: str) -> Pair:
    if person.my_number is None:
        person = attrs.evolve(person, my_number=draw(my_numbers()))
    expected = _EXPECTED[kind]
    note(f"pair kind: {kind}")
    if kind == "same":
        return Pair(draw(renderings(person)), person, expected)
    if kind == "moved":
        old = person.address or ""
        new = draw(addresses().map(address_text).filter(lambda a: not ADDRESS.compare(old, a).agrees))
        return Pair(person, attrs.evolve(person, address=new), expected)
    return Pair(person, draw(mislinkages(person, kinds=_MISLINKAGE[kind])), expected)
