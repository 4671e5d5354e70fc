"""No full My Number in any repr, str, exception, dict, explanation or log record."""

from __future__ import annotations

import json
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mynacheck as mc
from mynacheck import strategies as mst


def _all_text(result: mc.Result) -> str:
    parts = [repr(result), str(result), json.dumps(result.to_dict(), ensure_ascii=False),
             result.explain("ja"), result.explain("en")]
    parts.extend(repr(f) for f in result.findings)
    return "\n".join(parts)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mst.my_numbers(), mst.my_numbers(), st.sampled_from(["", " ", "-"]))
def test_no_full_number_anywhere(caplog: pytest.LogCaptureFixture, n1: str, n2: str, sep: str) -> None:
    caplog.set_level(logging.DEBUG)
    written = sep.join((n1[:4], n1[4:8], n1[8:]))
    a = mc.Record(my_number=written, name="山田 太郎", birth_date="1980-01-01", sex="1", address="東京都")
    b = mc.Record(my_number=n2, name="山田 太郎", birth_date="1980-01-01", sex="1", address="東京都")
    text = "\n".join([repr(a), str(a), _all_text(mc.compare(a, b)), _all_text(mc.compare(a, a)),
                      repr(mc.compare_field("my_number", written, n2))])
    text += "\n".join(r.getMessage() for r in caplog.records)
    for n in (n1, n2):
        assert n not in text
        assert n not in text.replace(" ", "").replace("-", "")


@given(mst.my_numbers(valid=False))
def test_invalid_numbers_are_not_leaked_by_errors_or_findings(number: str) -> None:
    with pytest.raises(mc.InvalidMyNumber) as info:
        mc.mynumber.validate(number)
    assert number not in str(info.value) and number not in repr(info.value)
    finding = mc.compare_field("my_number", number, number)
    assert number not in repr(finding)
    assert finding.verdict is mc.Verdict.MISMATCH


@given(mst.records())
def test_pretty_printers_see_the_masked_record(rec: mc.Record) -> None:
    # Hypothesis prints falsifying examples with its pretty printer, which
    # would otherwise walk attrs fields directly.
    from hypothesis.vendor.pretty import pretty

    assert rec.my_number is not None
    assert rec.my_number not in pretty(rec)
    assert rec.my_number not in pretty([rec, (rec, rec)])
