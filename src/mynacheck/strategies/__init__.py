"""Hypothesis strategies for vendors' own property-based tests.

Requires the ``strategies`` extra (``pip install mynacheck[strategies]``),
which brings hypothesis.

- :func:`records`: realistic people (households share a surname and address);
- :func:`renderings`: the same person written another way; it always ``match``\\es;
- :func:`mislinkages`: someone else's register record that plausibly got
  linked (family member, same name, swapped or mistyped number); it never
  ``match``\\es;
- :func:`register_records`: the register's record of a person holding a 併記名, a
  通称 or a 旧氏; :func:`registered_name_renderings`: the person written under one of
  those names; it always ``match``\\es;
- :func:`surname_changes`: the person before a change of surname, perhaps with
  the new name typed in as a business-side alias; it never ``match``\\es;
- :func:`register_statuses`: register statuses (死亡, 転出, 住登外 …) as extracts write them;
- :func:`pairs`: ready-made ``(business, register, expected)`` triples of a
  kind (``same``, ``moved``, ``family``, ``same_name``, ``swapped``,
  ``mistyped``), ``expected`` the verdicts ``compare`` may give;
- :func:`my_numbers`, and per-item strategies re-exported from the field modules.

A vendor test::

    from hypothesis import given
    import mynacheck as mc
    from mynacheck import strategies as mst

    @given(mst.pairs())
    def test_my_registration_check(pair):
        assert mc.compare(pair.business, pair.register).verdict in pair.expected

    @given(mst.pairs(["family", "same_name", "swapped", "mistyped"]))
    def test_my_registration_check_catches_mislinkages(pair):
        assert mc.compare(pair.business, pair.register).verdict is not mc.Verdict.MATCH
"""

from __future__ import annotations

from .addresses import address_renderings, address_text, addresses
from .dates import birth_dates, date_renderings
from .names import confusable_pairs, kana_renderings, name_renderings, names
from .numbers import mistyped_numbers, my_numbers
from .pairs import PAIR_KINDS, Pair, pairs
from .people import (
    FAMILY_KINDS,
    MISLINKAGE_KINDS,
    STATUS_TEXTS,
    households,
    mislinkages,
    records,
    register_records,
    register_statuses,
    registered_name_renderings,
    renderings,
    surname_changes,
)

__all__ = [
    "FAMILY_KINDS",
    "MISLINKAGE_KINDS",
    "PAIR_KINDS",
    "Pair",
    "address_renderings",
    "address_text",
    "addresses",
    "birth_dates",
    "confusable_pairs",
    "date_renderings",
    "households",
    "kana_renderings",
    "mislinkages",
    "mistyped_numbers",
    "my_numbers",
    "name_renderings",
    "names",
    "pairs",
    "records",
    "register_records",
    "register_statuses",
    "registered_name_renderings",
    "renderings",
    "STATUS_TEXTS",
    "surname_changes",
]
