"""A vendor's own pytest module, using mynacheck's hypothesis strategies.

Run:  python -m pytest examples/test_vendor_properties.py

Replace ``my_registration_check`` with your system's function.  The strategies
generate realistic people, the ways one person gets written, and the ways a
linkage really goes wrong; your check must accept the first and refuse the second.
"""

from __future__ import annotations

from hypothesis import given

import mynacheck as mc
from mynacheck import strategies as mst

# Load the reference tables once, before hypothesis starts timing test cases.
mc.preload()


def my_registration_check(entered: mc.Record, register: mc.Record) -> bool:
    """The vendor's code under test: True means 'store the linkage'."""
    return mc.compare(entered, register).verdict is mc.Verdict.MATCH


@given(mst.records().flatmap(lambda person: mst.renderings(person).map(lambda typed: (typed, person))))
def test_accepts_the_same_person_however_written(pair: tuple[mc.Record, mc.Record]) -> None:
    typed, register = pair
    assert my_registration_check(typed, register)


@given(mst.records().flatmap(lambda person: mst.mislinkages(person).map(lambda other: (person, other))))
def test_refuses_every_plausible_mislinkage(pair: tuple[mc.Record, mc.Record]) -> None:
    typed, register = pair
    assert not my_registration_check(typed, register)


@given(mst.records(foreign=False).flatmap(lambda p: mst.mislinkages(p, kinds=("family",)).map(lambda o: (p, o))))
def test_family_member_numbers_are_named_as_such(pair: tuple[mc.Record, mc.Record]) -> None:
    typed, register = pair
    result = mc.compare(typed, register)
    assert result.verdict is not mc.Verdict.MATCH
    if result.verdict is mc.Verdict.MISMATCH:
        # The clerk is told why: a relative's number, not just "different".
        assert "XF_FAMILY_MEMBER" in result.reasons
