"""Birth dates through the whole compare(): the DOMAIN §4 policy lines that involve the date."""

from __future__ import annotations

import pytest

import mynacheck as mc

A = {"my_number": "123456789018", "name": "髙橋 一郎", "kana": "タカハシ イチロウ",
     "birth_date": "昭和45年3月12日", "sex": "1", "address": "長野県長野市鶴賀緑町1613"}


@pytest.mark.parametrize(
    ("left", "right", "verdict", "reason"),
    [
        ("昭和45年3月12日", "1970-03-12", mc.Verdict.MATCH, "DATE_NOTATION_FOLD"),
        ("明治45年7月30日", "大正元年7月30日", mc.Verdict.MATCH, "DATE_NOTATION_FOLD"),
        ("昭和45年3月12日", "S45.3.13", mc.Verdict.REVIEW, "DATE_ONE_DIGIT"),
        ("昭和45年3月12日", "1970-12-03", mc.Verdict.REVIEW, "DATE_DAY_MONTH_SWAPPED"),
        ("H05.03.12", "S05.03.12", mc.Verdict.REVIEW, "DATE_ERA_CONFUSION"),
        ("昭和45年3月12日", "XX MAR 1970", mc.Verdict.REVIEW, "DATE_PARTIAL_CONSISTENT"),
        ("不詳", "不詳", mc.Verdict.REVIEW, "DATE_BOTH_UNKNOWN"),
        ("令和元年5月1日", "平成31年5月1日", mc.Verdict.REVIEW, "DATE_AFTER_ERA_END"),
        ("昭和45年3月12日", "1985-11-30", mc.Verdict.MISMATCH, "DATE_DIFFERENT"),
    ],
)
def test_birth_date_levels_drive_the_verdict(left: str, right: str, verdict: mc.Verdict, reason: str) -> None:
    result = mc.compare(dict(A, birth_date=left), dict(A, birth_date=right))
    finding = next(f for f in result.findings if f.field == "birth_date")
    assert result.verdict is verdict
    assert reason in finding.reasons


def test_an_impossible_era_date_carries_its_hint_to_the_finding() -> None:
    finding = mc.compare_field("birth_date", "平成31年5月1日", "2019-05-01")
    assert finding.hint == "令和元年5月1日"
