"""The comparators' private Finding builder (verdicts._new_finding) against the public constructor."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mynacheck.verdicts import Finding, Level, Verdict, _new_finding

_text = st.none() | st.text(max_size=12)
_findings = st.builds(
    Finding,
    field=st.sampled_from(["name", "kana", "birth_date", "sex", "address", "my_number", "cross"]),
    level=st.sampled_from(list(Level)),
    reasons=st.lists(st.sampled_from(["NAME_DIFFERENT", "ADDR_NEAR", "DATE_NOTATION_FOLD"]), max_size=3).map(tuple),
    left=_text,
    right=_text,
    verdict=st.sampled_from(list(Verdict)),
    via=st.none() | st.sampled_from(["name", "alias"]),
    hint=_text,
    score=st.none() | st.floats(0, 1),
)


@given(_findings)
def test_the_builder_makes_what_the_constructor_makes(finding: Finding) -> None:
    values = attrs.astuple(finding, recurse=False)
    built = _new_finding(*values)
    assert type(built) is Finding
    assert attrs.astuple(built, recurse=False) == values
    assert built == finding and hash(built) == hash(finding) and repr(built) == repr(finding)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        built.level = Level.EXACT  # type: ignore[misc]


@given(_findings)
def test_the_builders_defaults_are_the_constructors(finding: Finding) -> None:
    # via, hint and score default to None in both; the verdict is always given to the builder.
    six = attrs.astuple(finding, recurse=False)[:6]
    assert _new_finding(*six) == Finding(*six)
