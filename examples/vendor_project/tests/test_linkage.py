"""ACME's tests: mynacheck's strategies draw the cases (no flatmap lambdas), compare_frame checks a frame."""

from __future__ import annotations

import datetime
import json

import pandas as pd
from acme_linkage import HOUSEHOLD_DIFFERENT, RULESET, check_export, registration_decision
from hypothesis import given, settings
from hypothesis import strategies as st

import mynacheck as mc
from mynacheck import strategies as mst

mc.preload()  # the reference tables, before hypothesis starts timing examples
FEW = settings(max_examples=25, deadline=None)


@FEW
@given(mst.pairs())
def test_only_a_match_is_stored(pair: mst.Pair) -> None:
    business, register, expected = pair
    action, result = registration_decision(business.to_dict(reveal_numbers=True), register.to_dict(reveal_numbers=True))
    assert result.verdict in expected
    assert (action == "store") == (expected == {mc.Verdict.MATCH})


@FEW
@given(mst.pairs(["family", "same_name", "swapped", "mistyped"]))
def test_a_mislinkage_is_never_stored(pair: mst.Pair) -> None:
    action, _ = registration_decision(pair.business.to_dict(reveal_numbers=True),
                                      pair.register.to_dict(reveal_numbers=True))
    assert action != "store"


@FEW
@given(mst.records())
def test_a_differing_household_id_asks_a_second_clerk(person: mc.Record) -> None:
    entered = dict(person.to_dict(reveal_numbers=True), id="H001")
    action, result = registration_decision(entered, dict(entered, id="H002"))
    assert action == "confirm" and result.reasons[0] == HOUSEHOLD_DIFFERENT
    assert "世帯番号が異なります" in result.explain()


def test_a_decision_is_filed_and_replayed() -> None:
    entered = {"my_number": "123456789018", "name": "髙橋 一郎", "birth_date": "70/3/12", "sex": "1",
               "address": "長野県長野市鶴賀緑町1613"}
    register = dict(entered, birth_date="1970-03-12")
    action, result = registration_decision(entered, register, today=datetime.date(2069, 12, 31))
    filed = json.dumps(result.to_dict(), ensure_ascii=False)  # what goes into the audit file
    assert action == "store" and "123456789018" not in filed
    again = mc.Result.from_dict(json.loads(filed))
    replayed = mc.compare(entered, register, RULESET, today=again.today)
    assert replayed.verdict is again.verdict and replayed.reasons == again.reasons


def _frame(records: list[mc.Record]) -> pd.DataFrame:
    frame = pd.DataFrame([r.to_dict(reveal_numbers=True) for r in records]).drop(columns="aliases")
    return frame.where(frame.notna(), float("nan"))  # empty cells as pandas reads them: NaN


def _numbers(pair: mst.Pair) -> set[object]:
    return {pair.business.my_number, pair.register.my_number}


def _apart(drawn: list[mst.Pair]) -> bool:
    """No number in two pairs: the export joins by number, so a pair's number must not meet another pair's row."""
    return sum(len(_numbers(p)) for p in drawn) == len(set().union(*map(_numbers, drawn)))


@FEW
@given(st.lists(mst.pairs(["same", "mistyped"]), min_size=1, max_size=8).filter(_apart))
def test_the_export_check_flags_every_mistyped_number(drawn: list[mst.Pair]) -> None:
    business = _frame([p.business for p in drawn])
    register = _frame([p.register for p in drawn])
    flagged = check_export(business, register)
    must = {i + 1 for i, p in enumerate(drawn) if mc.Verdict.MATCH not in p.expected}
    assert must <= {int(line) for line in flagged["line"]}
    assert list(flagged["verdict"]) == sorted(flagged["verdict"], key=["mismatch", "review"].index)
