"""Issue 16: real register extracts and the query path, one section per finding.

Every test here goes through the public API (``compare``, ``reconcile``, the CLI),
so it fails on a library without the fix rather than on an import.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import mynacheck as mc
from mynacheck import reasons
from mynacheck.cli import main
from mynacheck.reconcile.worksheet import column_of
from mynacheck.rules import rulesets as rs

PERSON = {
    "my_number": "123456789018",
    "name": "高橋 一郎",
    "kana": "タカハシ イチロウ",
    "birth_date": "1970-03-12",
    "sex": "1",
    "address": "長野県長野市鶴賀緑町1613",
    "id": "B-1",
}
# What a clerk is told when the number itself is suspected.
WRONG_NUMBER = {"RECORD_NOT_IN_REGISTER", "RECORD_NOT_IN_REGISTER_OR_REMOVED", "MYNUMBER_DIFFERENT",
                "XF_IDENTITY_DIFFERENT", "XF_NAME_DIFFERENT"}


def register(**changes: object) -> dict[str, object]:
    return {**PERSON, "id": "R-1", **changes}


# --- 1. removed and non-resident people ---------------------------------------------------

STATUSES = [
    ("死亡", "REGISTER_DECEASED"), ("死亡者", "REGISTER_DECEASED"), ("4", "REGISTER_DECEASED"),
    ("失踪宣告", "REGISTER_DECEASED"),
    ("転出", "REGISTER_MOVED_OUT"), ("転出者", "REGISTER_MOVED_OUT"), ("3", "REGISTER_MOVED_OUT"),
    ("国外転出", "REGISTER_MOVED_OUT"),
    ("職権消除", "REGISTER_REMOVED_EX_OFFICIO"), ("職権消除（通知未着）", "REGISTER_REMOVED_EX_OFFICIO"),
    ("消除", "REGISTER_REMOVED"), ("消除者", "REGISTER_REMOVED"), ("9", "REGISTER_REMOVED"), ("除票", "REGISTER_REMOVED"),
    ("転出予定", "REGISTER_MOVING_OUT"),
    ("住登外", "REGISTER_NOT_RESIDENT"), ("住登外者", "REGISTER_NOT_RESIDENT"), ("2", "REGISTER_NOT_RESIDENT"),
    # several status cells (住民状態;消除事由), as the reader joins them
    ("消除者;死亡", "REGISTER_DECEASED"), ("9;転出", "REGISTER_MOVED_OUT"), ("住民;転出", "REGISTER_MOVING_OUT"),
]


@pytest.mark.parametrize(("status", "reason"), STATUSES)
def test_a_removed_or_non_resident_register_row_is_review_with_its_own_reason(status: str, reason: str) -> None:
    r = mc.compare(PERSON, register(status=status, status_date="2025-04-01"))
    assert r.verdict is mc.Verdict.REVIEW
    assert r.reasons[0] == reason
    assert not WRONG_NUMBER & set(r.reasons)
    message = reasons.message(reason, "ja")
    assert "番号の誤りではありません" in message or reason == "REGISTER_STATUS_UNRECOGNISED"
    assert "2025-04-01" in r.explain("ja")  # the date is on the clerk's screen


@pytest.mark.parametrize("status", ["住民", "1", "現住", "住民;転居", "転入", "外国人住民", "", "  "])
def test_a_current_resident_is_compared_as_before(status: str) -> None:
    assert mc.compare(PERSON, register(status=status)).verdict is mc.Verdict.MATCH


def test_an_unknown_status_is_review_never_a_guess() -> None:
    r = mc.compare(PERSON, register(status="喪中"))
    assert r.verdict is mc.Verdict.REVIEW and r.reasons == ("REGISTER_STATUS_UNRECOGNISED",)
    # a code table of one's own reads it (住民区分 2 = 外国人住民 in some systems)
    local = rs.GUIDELINE_4.with_status_codes({"2": "住民", "喪中": "死亡"})
    assert mc.compare(PERSON, register(status="2"), local).verdict is mc.Verdict.MATCH
    assert mc.compare(PERSON, register(status="喪中"), local).reasons == ("REGISTER_DECEASED",)


def test_only_the_register_side_status_is_read() -> None:
    assert mc.compare(dict(PERSON, status="死亡"), register()).verdict is mc.Verdict.MATCH


def test_another_persons_removed_row_is_still_a_mismatch() -> None:
    # A removed status never softens a mislinkage: another person's number stays a mismatch.
    r = mc.compare(PERSON, register(name="佐藤 花子", kana="サトウ ハナコ", birth_date="1981-01-02", sex="2",
                                    status="死亡"))
    assert r.verdict is mc.Verdict.MISMATCH and "REGISTER_DECEASED" in r.reasons


def _write(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def _report(path: Path) -> dict[str, dict[str, str]]:
    """The worksheet's rows by id, keyed by column name whatever the headers' language."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = [{column_of(k) or k: v for k, v in row.items()} for row in csv.DictReader(fh)]
    return {row["id"]: row for row in rows}


HEADER = ["宛名番号", "個人番号", "氏名", "カナ氏名", "生年月日", "性別", "住所"]
B1 = ["B1", "123456789018", "高橋 一郎", "タカハシ イチロウ", "1970-03-12", "1", "長野県長野市鶴賀緑町1613"]
B2 = ["B2", "621498320257", "佐藤 花子", "サトウ ハナコ", "1981-01-02", "2", "長野県長野市若里1-2-3"]
B3 = ["B3", "634127023092", "田中 次郎", "タナカ ジロウ", "1990-07-07", "1", "長野県長野市三輪1-1-1"]


def test_register_status_columns_are_read_by_their_japanese_headers(tmp_path: Path) -> None:
    business = _write(tmp_path / "b.csv", HEADER, [B1, B2], "cp932")
    reg = _write(tmp_path / "r.csv", [*HEADER, "住民状態", "消除事由", "消除日"],
                 [[*B1, "1", "", ""], [*B2, "9", "死亡", "2024-11-30"]])
    out = tmp_path / "report.csv"
    assert main(["reconcile", str(business), str(reg), "--out", str(out), "-q"]) == 1
    rows = _report(out)
    assert rows["B1"]["verdict"] == "match"
    assert rows["B2"]["verdict"] == "review" and rows["B2"]["reasons"].split()[0] == "REGISTER_DECEASED"
    assert "番号の誤りではありません" in rows["B2"]["message"]


def test_removed_residents_extract_tells_removed_from_absent(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    business = _write(tmp_path / "b.csv", HEADER, [B1, B2, B3])
    reg = _write(tmp_path / "r.csv", HEADER, [B1])
    removed = _write(tmp_path / "removed.csv", [*HEADER, "消除事由", "消除日"], [[*B2, "転出", "2025-03-31"]])
    out = tmp_path / "report.csv"
    assert main(["reconcile", str(business), str(reg), "--removed", str(removed), "--out", str(out)]) == 1
    rows = _report(out)
    assert rows["B2"]["verdict"] == "review" and rows["B2"]["reasons"] == "REGISTER_MOVED_OUT"
    assert rows["B3"]["reasons"] == "RECORD_NOT_IN_REGISTER_OR_REMOVED"
    summary = capsys.readouterr().out
    assert "1 row of removed residents" in summary and "転出 1" in summary
    # without it, the removed person is "not in the register", and the message names that reading too
    assert main(["reconcile", str(business), str(reg), "--out", str(out), "-q"]) == 1
    assert _report(out)["B2"]["reasons"] == "RECORD_NOT_IN_REGISTER"
    assert "除票" in reasons.message("RECORD_NOT_IN_REGISTER", "ja")


def test_a_removed_row_with_no_status_of_its_own_is_removed_and_the_register_wins(tmp_path: Path) -> None:
    other = dict(PERSON, id="B-2", my_number="621498320257", name="佐藤 花子", kana="サトウ ハナコ", sex="2")
    rows = list(mc.reconcile([PERSON, other], [PERSON], removed=[dict(PERSON, status="転出"), other]))
    assert rows[0].verdict == "match"  # in the register again (moved back in): the register's row is used
    assert rows[1].verdict == "review" and rows[1].reasons == "REGISTER_REMOVED"


# --- 2. furigana placeholders --------------------------------------------------------------

PLACEHOLDERS = ["********", "******", "＊＊＊＊＊＊", "【空欄】", "【氏空欄】 【名空欄】"]
PARTS = [("タカハシ 【名空欄】", True), ("【氏空欄】 イチロウ", True), ("【氏空欄】\u3000イチロウ", True),
         ("ﾀｶﾊｼ 【名空欄】", True), ("タカハシ ＊＊＊", True), ("サトウ 【名空欄】", False), ("【氏空欄】 ジロウ", False)]


@pytest.mark.parametrize("kana", PLACEHOLDERS)
def test_a_kana_not_recorded_yet_is_unknown_never_invalid(kana: str) -> None:
    r = mc.compare(PERSON, register(kana=kana))
    assert r.verdict is mc.Verdict.MATCH  # kana only supports the name in the guideline rulesets
    assert r.finding("kana").reasons == ("KANA_NOT_RECORDED",)  # type: ignore[union-attr]
    strict = mc.compare(PERSON, register(kana=kana), rs.INSURER_5)  # a required item there: review
    assert strict.verdict is mc.Verdict.REVIEW and "KANA_INVALID_CHARACTERS" not in strict.reasons
    assert "KANA_NOT_RECORDED" in strict.reasons


@pytest.mark.parametrize(("kana", "agrees"), PARTS)
def test_a_kana_with_one_part_recorded_compares_that_part(kana: str, agrees: bool) -> None:
    r = mc.compare(PERSON, register(kana=kana))
    finding = r.finding("kana")
    assert finding is not None and "KANA_PART_NOT_RECORDED" in finding.reasons
    if agrees:
        assert r.verdict is mc.Verdict.MATCH and finding.level is mc.Level.MISSING
        assert mc.compare(PERSON, register(kana=kana), rs.INSURER_5).verdict is mc.Verdict.REVIEW
    else:
        assert finding.level is mc.Level.DIFFERENT and r.verdict is not mc.Verdict.MATCH


def test_a_placeholder_on_both_sides_is_absent() -> None:
    f = mc.compare_field("kana", "********", "【空欄】")
    assert f.level is mc.Level.ABSENT and f.reasons == ("KANA_NOT_RECORDED",)


def test_a_family_member_is_still_caught_when_the_register_kana_is_a_placeholder() -> None:
    r = mc.compare(dict(PERSON, name="高橋 次郎", kana="タカハシ ジロウ", birth_date="2001-04-01"),
                   register(kana="********"))
    assert r.verdict is mc.Verdict.MISMATCH and "XF_FAMILY_MEMBER" in r.reasons


def test_kana_strictness_applies_only_where_both_sides_are_official() -> None:
    a, b = dict(PERSON, name="高橋 京子", kana="タカハシ キョウコ"), register(name="高橋 京子", kana="タカハシ キヨウコ")
    strict = rs.GUIDELINE_4.with_kana("strict")
    assert strict.kana_mode == "strict" and rs.GUIDELINE_4.kana_mode == "lenient"
    official = mc.compare(dict(a, kana_source="official"), dict(b, kana_source="公証済み"), strict)
    assert official.verdict is mc.Verdict.REVIEW and "KANA_STRICT_FOLD" in official.reasons
    for left, right in (("typed", "official"), ("official", "便宜上"), (None, "official"), (None, None)):
        r = mc.compare(dict(a, kana_source=left), dict(b, kana_source=right), strict)
        assert r.verdict is mc.Verdict.MATCH and "KANA_FOLD_SMALL_KANA" in r.reasons
    assert mc.compare(dict(a, kana_source="official"), dict(b, kana_source="official")).verdict is mc.Verdict.MATCH


def test_insurer_5_compares_kana_leniently() -> None:
    # Insurers' kana was typed by employers and staff for decades (half-width, small kana
    # written large): lenient, and strict only on request where both sides are official.
    assert rs.INSURER_5.kana_mode == "lenient"
    assert mc.compare(dict(PERSON, kana="ﾀｶﾊｼ ｲﾁﾛｳ"), register(), rs.INSURER_5).verdict is mc.Verdict.MATCH


def test_the_kana_option_reaches_the_comparison(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    left = tmp_path / "l.json"
    right = tmp_path / "r.json"
    left.write_text(json.dumps(dict(PERSON, kana="タカハシ キヨウイチ", kana_source="official")), encoding="utf-8")
    right.write_text(json.dumps(register(kana="タカハシ キョウイチ", kana_source="official")), encoding="utf-8")
    assert main(["check", str(left), str(right)]) == 0
    assert main(["check", str(left), str(right), "--kana", "strict"]) == 1
    assert "KANA_STRICT_FOLD" in capsys.readouterr().out


# --- 3. 併記名 --------------------------------------------------------------------------------

HEIKI = ["LI MING 李 明", "李 明 LI MING", "李 明（LI MING）", "LI MING (李 明)"]


@pytest.mark.parametrize("registered", HEIKI)
@pytest.mark.parametrize("written", ["李 明", "LI MING", "Ming Li", "李\u3000明", "li ming"])
def test_a_heiki_name_confirms_either_of_its_names(registered: str, written: str) -> None:
    r = mc.compare(dict(PERSON, name=written, kana="リ メイ"), register(name=registered, kana="リ メイ"))
    assert r.verdict is mc.Verdict.MATCH, r.explain("en")
    assert "NAME_HEIKI_MATCH" in r.reasons
    assert r.finding("name").via == "name"  # type: ignore[union-attr]


@pytest.mark.parametrize(("written", "registered"), [
    ("李 花", "LI MING 李 明"),             # another given name
    ("WANG FANG 李 明", "LI MING 李 明"),   # both written, the alphabet names differ
    ("王 明", "LI MING 李 明"),
    ("LI HUA", "LI MING 李 明"),
])
def test_a_heiki_name_confirms_nothing_else(written: str, registered: str) -> None:
    r = mc.compare(dict(PERSON, name=written, kana="リ メイ"), register(name=registered, kana="リ メイ"))
    assert r.verdict is not mc.Verdict.MATCH
    assert "NAME_HEIKI_MATCH" not in r.reasons


def test_a_relative_of_a_heiki_registered_person_is_named_as_such() -> None:
    r = mc.compare(dict(PERSON, name="李 花", kana="リ カ", birth_date="2001-04-01"),
                   register(name="LI MING 李 明", kana="リ メイ"))
    assert r.verdict is mc.Verdict.MISMATCH and "XF_FAMILY_MEMBER" in r.reasons


# --- 4. aliases: only the register's confirm a name --------------------------------------------

def test_a_business_side_alias_does_not_turn_a_surname_difference_into_a_match() -> None:
    business = dict(PERSON, name="山田 花子", kana=None, sex="2", aliases=["鈴木"])
    r = mc.compare(business, register(name="鈴木 花子", kana=None, sex="2"))
    assert r.verdict is mc.Verdict.REVIEW, r.explain("en")
    assert "NAME_ALIAS_MATCH" not in r.reasons and "NAME_BUSINESS_ALIAS" in r.reasons
    assert "XF_SURNAME_CHANGED" in r.reasons


def test_a_register_side_alias_confirms_a_name() -> None:
    business = dict(PERSON, name="山田 花子", kana=None, sex="2")
    r = mc.compare(business, register(name="鈴木 花子", kana=None, sex="2", aliases=["山田"]))  # 旧氏 on the 住民票
    assert r.verdict is mc.Verdict.MATCH and "NAME_ALIAS_MATCH" in r.reasons


def test_register_aliases_come_from_the_register_extract(tmp_path: Path) -> None:
    business = _write(tmp_path / "b.csv", HEADER, [["B1", *B1[1:3], "", *B1[4:]]])
    business_with_alias = _write(tmp_path / "b2.csv", [*HEADER, "旧氏"], [["B1", *B1[1:3], "", *B1[4:], "木村"]])
    reg = _write(tmp_path / "r.csv", [*HEADER, "旧氏"], [["R1", B1[1], "木村 一郎", "", *B1[4:], "高橋"]])
    reg_plain = _write(tmp_path / "r2.csv", HEADER, [["R1", B1[1], "木村 一郎", "", *B1[4:]]])
    out = tmp_path / "report.csv"
    assert main(["reconcile", str(business), str(reg), "--out", str(out), "-q"]) == 0
    assert main(["reconcile", str(business_with_alias), str(reg_plain), "--out", str(out), "-q"]) == 1
    assert "NAME_BUSINESS_ALIAS" in _report(out)["B1"]["reasons"]


# --- 5. same name and birth date, another address ----------------------------------------------

def test_same_name_and_birth_date_elsewhere_names_both_readings() -> None:
    r = mc.compare(dict(PERSON, kana=None), register(kana=None, address="東京都八王子市元本郷町3-24-1"))
    assert r.verdict is mc.Verdict.REVIEW  # never match, never dismissed as a move
    assert r.reasons[0] == "XF_SAME_NAME_BIRTH_ELSEWHERE"
    for code in ("XF_SAME_NAME_BIRTH_ELSEWHERE", "XF_MOVED"):
        ja, en = reasons.message(code, "ja"), reasons.message(code, "en")
        assert "転" in ja and "別人" in ja and "同姓同名" in ja
        assert "moved" in en and "another person" in en
    nearby = mc.compare(PERSON, register(address="長野県長野市若里1-2-3"))
    assert nearby.verdict is mc.Verdict.REVIEW and nearby.reasons[0] == "XF_MOVED"


# --- 6. the query path ---------------------------------------------------------------------

CANDIDATE = register(name="髙橋 一郎", birth_date="昭和45年3月12日")
OTHER = register(my_number="621498320257", name="高橋 次郎", kana="タカハシ ジロウ", birth_date="1974-08-21")
NEAR = register(my_number="621498320257", name="高橋 一郎", birth_date="1970-03-21")  # a day/month near-miss


def test_resolve_links_exactly_one_matching_candidate() -> None:
    application = {k: v for k, v in PERSON.items() if k != "my_number"}
    r = mc.resolve(application, [OTHER, CANDIDATE])
    assert r.verdict is mc.Verdict.MATCH and r.index == 1 and r.chosen is r.results[1]
    assert r.reasons[0] == "RESOLVE_ONE_MATCH" and len(r.results) == 2
    assert r.numbers == ("********0257", "********9018")


def test_resolve_never_picks_among_several() -> None:
    application = {k: v for k, v in PERSON.items() if k != "my_number"}
    r = mc.resolve(application, [CANDIDATE, dict(CANDIDATE, my_number="634127023092")])
    assert r.verdict is mc.Verdict.REVIEW and r.index is None and r.plausible == (0, 1)
    assert r.reasons == ("RESOLVE_SEVERAL",)
    # a match beside a near-miss is no pick either: the near-miss may be the person
    near = mc.resolve(application, [OTHER, NEAR, CANDIDATE])
    assert near.verdict is mc.Verdict.REVIEW and near.index is None and near.plausible == (1, 2)
    alone = mc.resolve(application, [OTHER, NEAR])
    assert alone.verdict is mc.Verdict.REVIEW and alone.index is None and alone.reasons[0] == "RESOLVE_ONE_TO_REVIEW"


def test_resolve_with_nobody_to_link_is_a_mismatch() -> None:
    assert mc.resolve(PERSON, []).reasons == ("RESOLVE_NO_CANDIDATE",)
    none = mc.resolve(PERSON, [OTHER])
    assert none.verdict is mc.Verdict.MISMATCH and none.reasons == ("RESOLVE_NONE_MATCH",) and none.index is None


def test_resolve_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    candidates = _write(tmp_path / "found.csv", HEADER, [["1", *B1[1:]], ["2", *B3[1:]]])
    application = tmp_path / "app.json"
    application.write_text(json.dumps({k: v for k, v in PERSON.items() if k not in ("my_number", "id")},
                                      ensure_ascii=False), encoding="utf-8")
    assert main(["resolve", str(application), str(candidates)]) == 0
    out = capsys.readouterr().out
    assert "RESOLVE_ONE_MATCH" in out and "123456789018" not in out and "********9018" in out
    assert main(["resolve", "--json", "--application", "name=田中 太郎", "birth_date=1990-07-07", "sex=1",
                 "address=長野県長野市三輪1-1-1", "--", str(candidates)]) == 1
    assert json.loads(capsys.readouterr().out)["reasons"][0] == "RESOLVE_NONE_MATCH"
    assert main(["resolve", str(candidates)]) == 2  # no application: a usage error, one line
    assert capsys.readouterr().err.count("\n") == 1
