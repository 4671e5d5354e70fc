"""Issue 18, finding 4: vendor reason codes.

A vendor rule with a code of its own worked in ``compare()``, then ``explain()``, ``messages()``,
``reasons.message()`` and ``reconcile()`` raised ``UnknownReason``.  Now a vendor registers its codes
(``reasons.register``, ``X_`` prefix: never one of ours), and a code nobody registered is shown as
itself, never a crash.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mynacheck as mc
from mynacheck import reasons
from mynacheck.catalog import ALL_SECTIONS
from mynacheck.reconcile import Reconciliation
from mynacheck.reconcile.batch import score_batch
from mynacheck.rules import Context, Rule

ROOT = Path(__file__).resolve().parent.parent

A = {"my_number": "123456789018", "name": "佐藤 花子", "birth_date": "1980-01-02", "sex": "2",
     "address": "東京都千代田区霞が関2-1-2", "id": "H001"}


def _rule(code: str, verdict: mc.Verdict = mc.Verdict.REVIEW) -> Rule:
    def household_differs(ctx: Context) -> mc.Finding | None:
        if ctx.left.id and ctx.right.id and ctx.left.id != ctx.right.id:
            return mc.Finding("cross", mc.Level.DIFFERENT, (code,), verdict=verdict)
        return None

    return Rule(f"vendor.{code.lower()}", "1", household_differs)


def _registered(code: str, severity: str = "review") -> reasons.Reason:
    return reasons.register(code, ja=f"世帯番号が異なります（{code}）。世帯を確認してください。",
                            en=f"The household ids differ ({code}). Check the household.", severity=severity)


def test_a_registered_vendor_code_reads_everywhere() -> None:
    _registered("X_TEST_HOUSEHOLD")
    rules = mc.rulesets.GUIDELINE_4.add(_rule("X_TEST_HOUSEHOLD")).renamed("VENDOR", "1")
    r = mc.compare(A, dict(A, id="H002"), rules)
    assert r.verdict is mc.Verdict.REVIEW and r.reasons[0] == "X_TEST_HOUSEHOLD"
    assert "世帯番号が異なります" in r.explain() and "household ids differ" in r.explain("en")
    assert r.messages("en")[0].startswith("The household ids differ")
    assert reasons.message("X_TEST_HOUSEHOLD", "en").startswith("The household ids differ")
    (row,) = list(mc.reconcile([dict(A, id="H002")], [A], ruleset=rules))
    assert row.verdict == "review" and row.reasons == "X_TEST_HOUSEHOLD" and "世帯番号が異なります" in row.message
    assert reasons.registered()[-1].code == "X_TEST_HOUSEHOLD" or "X_TEST_HOUSEHOLD" in {
        e.code for e in reasons.registered()}


@pytest.mark.parametrize("code", ["X_TEST_NEVER_REGISTERED", "VENDOR_LEGACY", "acme-1"])
def test_an_unknown_code_falls_back_to_itself_and_never_crashes(code: str, tmp_path: Path) -> None:
    rules = mc.rulesets.GUIDELINE_4.add(_rule(code)).renamed("VENDOR", "1")
    r = mc.compare(A, dict(A, id="H002"), rules)
    assert r.reasons[0] == code
    assert f"[{code}] {code}" in r.explain() and f"[{code}] {code}" in r.explain("en")
    assert r.messages() == (code,) and r.messages("en") == (code,)
    assert reasons.message(code) == code and reasons.message(code, "en") == code
    assert reasons.severity(code) is mc.Verdict.REVIEW and reasons.entry(code).severity is mc.Verdict.REVIEW
    (row,) = list(mc.reconcile([dict(A, id="H002")], [A], ruleset=rules))
    assert (row.verdict, row.reasons, row.message) == ("review", code, code)
    out = score_batch({k: [v] for k, v in dict(A, id="H002").items()}, {k: [v] for k, v in A.items()}, rules)
    assert (out["verdict"], out["reasons"], out["message"]) == (["review"], [code], [code])
    # The worksheet and the HTML page of such a run.
    business, register = tmp_path / "b.csv", tmp_path / "r.csv"
    header = ",".join(A)
    business.write_text(header + "\n" + ",".join(dict(A, id="H002").values()) + "\n", encoding="utf-8")
    register.write_text(header + "\n" + ",".join(A.values()) + "\n", encoding="utf-8")
    rows = [o.row for o in Reconciliation(business, register, ruleset=rules, progress=False)]
    assert [(r.verdict, r.reasons) for r in rows] == [("review", code)]
    with pytest.raises(reasons.UnknownReason):  # the strict lookup still says so
        reasons.get(code)


def test_an_unknown_code_in_a_mismatch_keeps_its_verdict() -> None:
    rules = mc.rulesets.GUIDELINE_4.add(_rule("X_TEST_UNREGISTERED_MISMATCH", mc.Verdict.MISMATCH))
    r = mc.compare(A, dict(A, id="H002"), rules)
    assert r.verdict is mc.Verdict.MISMATCH and "X_TEST_UNREGISTERED_MISMATCH" in r.explain()


def test_severity_orders_a_registered_code() -> None:
    _registered("X_TEST_MISMATCH_ORDER", "mismatch")
    assert reasons.sort_codes(["SEX_DIFFERENT", "X_TEST_MISMATCH_ORDER"])[0] == "X_TEST_MISMATCH_ORDER"
    assert reasons.get("X_TEST_MISMATCH_ORDER").severity is mc.Verdict.MISMATCH


def test_registering_after_a_code_was_met_refreshes_what_was_kept() -> None:
    code = "X_TEST_LATE_REGISTRATION"
    rules = mc.rulesets.GUIDELINE_4.add(_rule(code))
    (before,) = list(mc.reconcile([dict(A, id="H002")], [A], ruleset=rules))
    assert before.message == code
    _registered(code)
    (after,) = list(mc.reconcile([dict(A, id="H002")], [A], ruleset=rules))
    assert after.message == reasons.message(code) != code


@pytest.mark.parametrize("code", [
    "XF_FAMILY_MEMBER",  # ours
    "NAME_DIFFERENT", "ACME_LEGACY", "X_", "X_lower", "X__DOUBLE", "X_TRAILING_", "x_acme", "", "X_ÄCME",
])
def test_only_x_codes_may_be_registered(code: str) -> None:
    with pytest.raises(mc.UsageError, match="X_"):
        reasons.register(code, ja="日本語", en="English")


def test_no_code_of_ours_starts_with_the_vendor_prefix() -> None:
    ours = [code for section in ALL_SECTIONS for code, *_ in section]
    assert ours and not [c for c in ours if c.startswith(reasons.VENDOR_PREFIX)]
    # and none in the source either (a code written straight into a module; reasons.py's examples aside)
    for path in (ROOT / "src" / "mynacheck").rglob("*.py"):
        if path.name != "reasons.py":
            assert not re.findall(r'"X_[A-Z0-9_]+"', path.read_text(encoding="utf-8")), path


def test_a_code_keeps_its_meaning() -> None:
    first = _registered("X_TEST_STABLE")
    assert _registered("X_TEST_STABLE") == first  # the same entry again: fine (a module imported twice)
    with pytest.raises(mc.UsageError, match="keeps its meaning"):
        reasons.register("X_TEST_STABLE", ja="別の意味です。", en="Another meaning.")
    with pytest.raises(mc.UsageError, match="keeps its meaning"):
        _registered("X_TEST_STABLE", "mismatch")


@pytest.mark.parametrize(("kwargs", "says"), [
    ({"ja": "", "en": "x"}, "ja message"), ({"ja": "あ", "en": "  "}, "en message"),
    ({"ja": "あ", "en": "x", "severity": "fatal"}, "severity"), ({"ja": "あ", "en": "x", "field": ""}, "field"),
])
def test_a_registration_needs_messages_and_a_severity(kwargs: dict[str, str], says: str) -> None:
    with pytest.raises(mc.UsageError, match=says):
        reasons.register("X_TEST_INCOMPLETE", **kwargs)


def test_vendor_codes_stay_out_of_our_catalog_and_its_docs() -> None:
    _registered("X_TEST_NOT_IN_DOCS")
    assert "X_TEST_NOT_IN_DOCS" not in {r.code for r in reasons.all_reasons()}
    assert "X_TEST_NOT_IN_DOCS" in {r.code for r in reasons.registered()}


@given(st.lists(st.text(alphabet="ABX_Z19", min_size=1, max_size=8), max_size=5))
def test_messages_never_raise_for_any_code(codes: list[str]) -> None:
    for code in codes:
        assert reasons.message(code) and reasons.message(code, "en")
    assert set(reasons.sort_codes(codes)) == set(codes)


def test_the_docs_custom_rule_registers_its_own_code() -> None:
    # The docs' example reused RECORD_VALUE_INVALID, whose clerk message is wrong for a household id.
    for path in [ROOT / "docs" / "vendor-guide.md", ROOT / "docs" / "en" / "vendor-guide.md",
                 ROOT / "examples" / "custom_ruleset.py"]:
        text = path.read_text(encoding="utf-8")
        assert "RECORD_VALUE_INVALID" not in text, path
        assert "reasons.register(" in text, path
