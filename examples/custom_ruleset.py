"""A custom ruleset: the guideline's four items plus a vendor rule of its own.

Run:  python examples/custom_ruleset.py

The vendor here keeps a 世帯番号 (household id) in ``Record.id`` on both
sides.  Its own rule: when the household ids differ, the pair needs review,
whatever the four items say.  Rules can only make a pair *more* suspect;
to relax a check, replace the rule that makes it (shown with sex below).
"""

from __future__ import annotations

import mynacheck as mc
from mynacheck.rules import Context, Rule

# The rule's own reason code, with the messages a clerk reads in explain() and the worksheet.
# Vendor codes start with X_ (ours never do); registering the same entry twice is harmless.
HOUSEHOLD_DIFFERENT = mc.reasons.register(
    "X_ACME_HOUSEHOLD_DIFFERENT",
    ja="業務データと住基データの世帯番号が異なります。世帯の異動を確認してください。",
    en="The household ids of the business and the register record differ. Check the household's changes.",
    severity="review",
).code


def household_differs(ctx: Context) -> mc.Finding | None:
    left, right = ctx.left.id, ctx.right.id
    if left and right and left != right:
        return mc.Finding("cross", mc.Level.DIFFERENT, (HOUSEHOLD_DIFFERENT,), verdict=mc.Verdict.REVIEW)
    return None


VENDOR_RULESET = (
    mc.rulesets.GUIDELINE_4
    .add(Rule("vendor.household", "1", household_differs, description="世帯番号が異なる"))
    # This scheme records sex only for some people: an unknown sex is not a blocker.
    .replace("field.sex", mc.field_rule("sex", required=False))
    .renamed("VENDOR_HOUSEHOLD", "2026.1")
)


def main() -> None:
    a = {"name": "佐藤 花子", "birth_date": "1980-01-02", "sex": "2", "address": "東京都千代田区霞が関2-1-2", "id": "H001"}
    same = mc.compare(a, dict(a), VENDOR_RULESET)
    moved_household = mc.compare(a, dict(a, id="H002"), VENDOR_RULESET)
    no_sex = mc.compare(a, dict(a, sex=None), VENDOR_RULESET)
    print(same.verdict.value, moved_household.verdict.value, no_sex.verdict.value)
    assert same.verdict is mc.Verdict.MATCH
    assert moved_household.verdict is mc.Verdict.REVIEW
    assert moved_household.ruleset == "VENDOR_HOUSEHOLD"
    assert moved_household.reasons == (HOUSEHOLD_DIFFERENT,)
    print(moved_household.explain("en").splitlines()[2])  # the rule's own message
    assert no_sex.verdict is mc.Verdict.MATCH  # the default GUIDELINE_4 would say review
    assert mc.compare(a, dict(a, sex=None)).verdict is mc.Verdict.REVIEW


if __name__ == "__main__":
    main()
