"""ACME's linkage check: the code a vendor's business system embeds (an example).

- :func:`registration_decision`: at registration, store the linkage, ask a second
  clerk, or refuse, from the record entered and the one 住基ネット returned;
- :func:`check_export`: the periodic re-check of a whole export, as DataFrames
  (no CSV files): the rows a clerk must look at, most urgent first;
- :data:`RULESET`: the guideline's four items plus ACME's own rule (a household
  id that differs needs review), with its own reason code.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

import mynacheck as mc
from mynacheck.frame import compare_frame
from mynacheck.rules import Context, Rule

__all__ = ["RULESET", "HOUSEHOLD_DIFFERENT", "registration_decision", "check_export"]

# ACME's reason code, with the messages its clerks read. Vendor codes start with X_ (mynacheck's never do).
HOUSEHOLD_DIFFERENT = mc.reasons.register(
    "X_ACME_HOUSEHOLD_DIFFERENT",
    ja="業務データと住基データの世帯番号が異なります。世帯の異動を確認してください。",
    en="The household ids of the business and the register record differ. Check the household's changes.",
    severity="review",
).code


def household_differs(ctx: Context) -> mc.Finding | None:
    """ACME keeps a household id in ``Record.id`` on both sides: a different one needs review."""
    if ctx.left.id and ctx.right.id and ctx.left.id != ctx.right.id:
        return mc.Finding("cross", mc.Level.DIFFERENT, (HOUSEHOLD_DIFFERENT,), verdict=mc.Verdict.REVIEW)
    return None


# A module-level function (not a lambda): the ruleset can then travel to worker processes (jobs=).
RULESET = (mc.rulesets.GUIDELINE_4
           .add(Rule("acme.household", "1", household_differs, description="世帯番号が異なる"))
           .renamed("ACME_4", "2026.1"))

_ACTIONS = {mc.Verdict.MATCH: "store", mc.Verdict.REVIEW: "confirm", mc.Verdict.MISMATCH: "refuse"}


def registration_decision(entered: Mapping[str, Any], register: Mapping[str, Any], *,
                          today: datetime.date | None = None) -> tuple[str, mc.Result]:
    """``store`` the linkage, ask a second clerk to ``confirm``, or ``refuse`` it; and the result to keep.

    The result's ``to_dict()`` is what ACME files for the audit: masked numbers, the day checked as of,
    the versions (replay it with ``mc.compare(..., today=result.today)``).
    """
    result = mc.compare(entered, register, RULESET, today=today)
    return _ACTIONS[result.verdict], result


def check_export(business: Any, register: Any) -> Any:
    """The rows of a business export a clerk must look at (pandas DataFrames in and out), mismatches first."""
    report = compare_frame(business, register, ruleset=RULESET)
    flagged = report[report["verdict"] != "match"]
    order = flagged["verdict"].map({"mismatch": 0, "review": 1})
    return flagged.assign(_order=order).sort_values(["_order", "line"], kind="stable").drop(columns="_order")
