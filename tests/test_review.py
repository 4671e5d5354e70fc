"""``mynacheck review`` (issue 15): the two-person sign-off read back, the confirmed list, the audit trail."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mynacheck.cli import main
from mynacheck.mynumber import calc_check_digit
from mynacheck.reconcile.audit import ReviewLog
from mynacheck.reconcile.report_csv import escape_cell
from mynacheck.reconcile.review import check_row, review_worksheet, verify
from mynacheck.reconcile.worksheet import SheetRow, column_of, read_worksheet, report_rows

HEADER = ["id", "my_number", "name", "kana", "birth_date", "sex", "address"]
REVIEW = ("確認者1", "確認者2", "確認日", "確認結果")


def number(i: int) -> str:
    body = f"{i:011d}"
    return body + calc_check_digit(body)


def write(path: Path, rows: Sequence[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows([[r.get(k, "") for k in HEADER] for r in rows])
    return path


def person(i: int) -> dict[str, str]:
    return {"id": f"B{i}", "my_number": number(2000 + i), "name": f"田中 {'一二三四五六七八九'[i % 9]}郎",
            "kana": "タナカ", "birth_date": f"1980-01-{i + 1:02d}", "sex": "2", "address": f"長野県松本市中央{i + 1}-1-1"}


@pytest.fixture
def worksheet(tmp_path: Path) -> Path:
    """A worksheet of 6 rows, 4 of them flagged (B1, B2, B3, B4)."""
    register = [person(i) for i in range(6)]
    business = [dict(r) for r in register]
    business[1]["name"] = "別人 花子"
    business[2]["my_number"] = number(99)
    business[3]["address"] = "長野県松本市中央9-9-9"
    business[4]["name"] = "別人 次郎"
    write(tmp_path / "b.csv", business)
    write(tmp_path / "r.csv", register)
    out = tmp_path / "report.csv"
    assert main(["reconcile", str(tmp_path / "b.csv"), str(tmp_path / "r.csv"), "--out", str(out), "-q"]) == 1
    return out


def sign(path: Path, entries: dict[str, Sequence[str]]) -> None:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    at = {column_of(h): i for i, h in enumerate(rows[0])}
    for row in rows[1:]:
        for column, value in zip(REVIEW, entries.get(row[at["id"]], ()), strict=False):
            row[at[column]] = escape_cell(value)
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)


GOOD = {"B1": ("山田 太郎", "鈴木 花子", "2024/12/6", "誤り"), "B2": ("山田 太郎", "鈴木 花子", "令和6年12月6日", "正しい"),
        "B3": ("山田 太郎", "鈴木 花子", "2024-12-06", "誤り"), "B4": ("山田 太郎", "佐藤 次郎", "R6.12.6", "正しい")}


def review(path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["review", str(path), *args])
    out, err = capsys.readouterr()
    return code, out + err


# --- the rules of a two-person result --------------------------------------------------------


def row(*cells: str) -> SheetRow:
    return SheetRow(7, {"verdict": "mismatch", "id": "B9", **dict(zip(REVIEW, cells, strict=False))})


@pytest.mark.parametrize(("cells", "why"), [
    (("山田 太郎", "山田 太郎", "2024/12/6", "誤り"), "same_reviewer"),
    (("山田 太郎", "山田　太郎", "2024/12/6", "誤り"), "same_reviewer"),  # a full-width space: one person
    (("山田　太郎", " 山田  太郎", "2024/12/6", "正しい"), "same_reviewer"),
    (("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ", "2024/12/6", "正しい"), "same_reviewer"),  # half-width kana: one person
    (("山田 太郎", "鈴木 花子", "2024/12/6", "間違い"), "bad_result"),
    (("山田 太郎", "鈴木 花子", "2024/12/6", "正しくない"), "bad_result"),
    (("山田 太郎", "鈴木 花子", "2024/12/6", ""), "no_result"),
    (("山田 太郎", "鈴木 花子", "", "誤り"), "no_date"),
    (("山田 太郎", "鈴木 花子", "  ", "誤り"), "no_date"),
    (("山田 太郎", "鈴木 花子", "来週", "誤り"), "bad_date"),
    (("山田 太郎", "鈴木 花子", "2024/13/1", "誤り"), "bad_date"),
    (("山田 太郎", "鈴木 花子", "2024/12", "誤り"), "partial_date"),
    (("山田 太郎", "鈴木 花子", "2999/1/1", "誤り"), "future_date"),
    (("山田 太郎", "", "2024/12/6", "誤り"), "no_reviewer2"),
    (("", "鈴木 花子", "2024/12/6", "誤り"), "no_reviewer1"),
])
def test_review_rejects_what_is_not_a_two_person_dated_result(cells: tuple[str, ...], why: str) -> None:
    checked = check_row(row(*cells))
    assert checked.state == "invalid" and why in [k for k, _ in checked.why]
    assert checked.explain("ja") and checked.explain("en")


@pytest.mark.parametrize(("cells", "state"), [
    (("山田 太郎", "鈴木 花子", "2024/12/6", "誤り"), "done"),
    (("山田 太郎", "鈴木 花子", " 令和6年12月6日 ", "正しい "), "done"),
    (("山田 太郎", "鈴木 花子", "2024/12/6", "保留"), "left"),  # still with the person
    (("", "", "", ""), "left"),
])
def test_a_valid_result_is_done_and_a_pending_one_is_left(cells: tuple[str, ...], state: str) -> None:
    assert check_row(row(*cells)).state == state


@settings(max_examples=60)
@given(st.text(alphabet=st.sampled_from("正しい誤り保留 　xX\t"), max_size=5))
def test_only_the_three_results_are_accepted(text: str) -> None:
    checked = check_row(row("山田 太郎", "鈴木 花子", "2024/12/6", text))
    if text.strip(" \t\u3000") in ("正しい", "誤り", "保留"):
        assert checked.state in ("done", "left")
    elif text.strip():
        assert checked.state == "invalid"


# --- the command -------------------------------------------------------------------------


def test_review_exits_1_until_every_flagged_row_is_done_then_0(worksheet: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out = review(worksheet, capsys)
    assert code == 1 and "残り 4行" in out
    sign(worksheet, {**GOOD, "B4": ("山田 太郎", "山田　太郎", "2024/12/6", "正しい")})
    code, out = review(worksheet, capsys)
    assert code == 1 and "不備 1行" in out and "ID B4" in out and "同じ人" in out
    line = next(r for r in read_worksheet(worksheet) if r.get("id") == "B4").line
    assert f"作業表の{line}行目" in out  # the line a clerk finds it at
    sign(worksheet, GOOD)
    code, out = review(worksheet, capsys)
    assert code == 0 and "済み 4行（正しい 2、誤り 2）" in out
    code, out = review(worksheet, capsys, "--lang", "en")
    assert code == 0 and "done 4" in out


def test_the_confirmed_list_holds_exactly_the_wrong_rows(worksheet: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    sign(worksheet, {**GOOD, "B4": ("山田 太郎", "佐藤 次郎", "2024/12/6", "保留")})
    confirmed = tmp_path / "CONFIRMED.csv"
    code, out = review(worksheet, capsys, "--out", str(confirmed))
    assert code == 1  # B4 is still with the person
    rows = list(csv.DictReader(confirmed.read_text(encoding="utf-8-sig").splitlines()))
    expected = {i for i, cells in GOOD.items() if cells[3] == "誤り"}
    assert {r["ID"] for r in rows} == expected == {"B1", "B3"}
    for r in rows:
        assert r["個人番号"].startswith("********") and r["確認者1"] == "山田 太郎" and r["確認日（西暦）"] == "2024-12-06"
        assert r["照合キー"] and r["理由コード"]
    assert "確定した紐付け誤り: 2行" in out and "NAME_DIFFERENT" in out
    assert confirmed.stat().st_mode & 0o777 == 0o600
    entry = [json.loads(x) for x in (worksheet.parent / "report.csv.log.jsonl").read_text().splitlines()][-1]
    assert entry["kind"] == "review" and entry["confirmed"]["rows"] == 2
    assert entry["counts"] == {"flagged": 4, "done": 3, "correct": 1, "wrong": 2, "left": 1, "pending": 1,
                               "invalid": 0}
    # The counts by reason are the reasons a clerk acts on, not the notation folds.
    assert all(not code.endswith("_FOLD") for code in entry["confirmed"]["by_reason"])


@settings(max_examples=20, deadline=None)
@given(st.lists(st.sampled_from(["正しい", "誤り", "保留", "", "x"]), min_size=4, max_size=4))
def test_the_confirmed_list_is_the_wrong_rows_whatever_the_results(tmp_path_factory: pytest.TempPathFactory,
                                                                   results: list[str]) -> None:
    d = tmp_path_factory.mktemp("confirmed")
    register = [person(i) for i in range(6)]
    business = [dict(r, name="別人 花子") if i in (1, 2, 3, 4) else dict(r) for i, r in enumerate(register)]
    write(d / "b.csv", business)
    write(d / "r.csv", register)
    out = d / "report.csv"
    main(["reconcile", str(d / "b.csv"), str(d / "r.csv"), "--out", str(out), "-q"])
    sign(out, {f"B{i + 1}": ("山田 太郎", "鈴木 花子", "2024/12/6", result) for i, result in enumerate(results)})
    main(["review", str(out), "--out", str(d / "c.csv")])
    rows = list(csv.DictReader((d / "c.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert sorted(r["ID"] for r in rows) == sorted(f"B{i + 1}" for i, r in enumerate(results) if r == "誤り")


# --- the audit trail -------------------------------------------------------------------------


def signed_and_reviewed(worksheet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sign(worksheet, GOOD)
    assert review(worksheet, capsys)[0] == 0
    code, out = review(worksheet, capsys, "--verify")
    assert code == 0 and "改ざんの跡はありません" in out


def tampered(worksheet: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code, out = review(worksheet, capsys, "--verify")
    assert code == 1, out
    return out


def test_verify_finds_a_signed_result_edited_after_the_review(worksheet: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    signed_and_reviewed(worksheet, capsys)
    sign(worksheet, {"B1": ("山田 太郎", "鈴木 花子", "2024/12/6", "正しい")})
    assert "書き換えられています" in tampered(worksheet, capsys)


def test_verify_finds_a_reviewer_or_date_edited(worksheet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    signed_and_reviewed(worksheet, capsys)
    sign(worksheet, {"B3": ("山田 太郎", "別の人", "2024/12/6", "誤り")})
    assert "B3" in tampered(worksheet, capsys)


def test_verify_finds_a_signed_row_removed(worksheet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    signed_and_reviewed(worksheet, capsys)
    lines = worksheet.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    kept = [x for x in lines if ",B1," not in x]
    assert len(kept) == len(lines) - 1
    worksheet.write_text("".join(kept), encoding="utf-8-sig")
    assert "ありません" in tampered(worksheet, capsys)


def _log(worksheet: Path) -> Path:
    return worksheet.parent / "report.csv.log.jsonl"


def test_verify_finds_a_log_entry_edited(worksheet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    signed_and_reviewed(worksheet, capsys)
    log = _log(worksheet)
    lines = log.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace('"誤り"', '"正しい"', 1)
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "2行目" in tampered(worksheet, capsys)


def test_verify_finds_the_last_log_entry_edited(worksheet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    signed_and_reviewed(worksheet, capsys)
    log = _log(worksheet)
    lines = log.read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[-1])
    entry["counts"]["wrong"] = 0
    lines[-1] = json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "ハッシュ" in tampered(worksheet, capsys)


def test_verify_finds_a_log_entry_removed_or_moved(worksheet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    signed_and_reviewed(worksheet, capsys)
    sign(worksheet, {"B4": ("山田 太郎", "佐藤 次郎", "2024/12/5", "誤り")})
    assert review(worksheet, capsys)[0] == 0  # a third entry
    log = _log(worksheet)
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) == 3
    for broken in ([lines[0], lines[2]], [lines[1], lines[0], lines[2]], [lines[0], lines[2], lines[1]]):
        log.write_text("".join(broken), encoding="utf-8")
        out = tampered(worksheet, capsys)
        assert "削除" in out or "入れ替え" in out
    log.write_text("".join(lines), encoding="utf-8")
    assert review(worksheet, capsys, "--verify")[0] == 0


def test_verify_finds_the_manifest_edited(worksheet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    signed_and_reviewed(worksheet, capsys)
    manifest = worksheet.parent / "report.csv.manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["counts"]["flagged"] = 0
    manifest.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert "マニフェスト" in tampered(worksheet, capsys)


def test_a_broken_log_stops_the_next_review_and_the_next_run(worksheet: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    signed_and_reviewed(worksheet, capsys)
    log = _log(worksheet)
    log.write_text(log.read_text(encoding="utf-8").replace('"review"', '"reviewed"'), encoding="utf-8")
    before = log.read_bytes()
    code, out = review(worksheet, capsys)
    assert code == 2 and "chain is broken" in out and out.count("\n") >= 1
    d = worksheet.parent
    code = main(["reconcile", str(d / "b.csv"), str(d / "r.csv"), "--out", str(worksheet), "-q"])
    assert code == 2 and "chain is broken" in capsys.readouterr().err
    assert log.read_bytes() == before  # nothing appended to a broken chain


def test_a_rerun_after_review_keeps_the_trail_verifiable(worksheet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Reviewed, then the business data corrected and the check run again: the carried rows still verify; the
    # changed row's entry went to the log with the run, so its absence is no tampering.
    signed_and_reviewed(worksheet, capsys)
    d = worksheet.parent
    rows = list(csv.DictReader((d / "b.csv").read_text(encoding="utf-8").splitlines()))
    rows[1]["name"] = person(1)["name"]  # the mislinkage corrected
    write(d / "b.csv", rows)
    assert main(["reconcile", str(d / "b.csv"), str(d / "r.csv"), "--out", str(worksheet), "-q"]) == 1
    assert review(worksheet, capsys, "--verify")[0] == 0
    entries, problems = ReviewLog(d / "report.csv.log.jsonl").verify()
    assert not problems and [e["kind"] for e in entries] == ["reconcile", "review", "reconcile"]
    assert [e["id"] for e in entries[-1]["previous_worksheet"]["not_carried_changed"]] == ["B1"]
    assert review_worksheet(worksheet).count("done") == 3


def test_verify_api_and_the_log_hold_no_number(worksheet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sign(worksheet, {"B1": (f"山田 {number(7)}", "鈴木 花子", "2024/12/6", "誤り")})  # a number typed in a cell
    review(worksheet, capsys)
    text = _log(worksheet).read_text(encoding="utf-8")
    assert number(7) not in text and all(number(2000 + i) not in text for i in range(6))
    assert not [f for f in verify(worksheet) if f.kind == "tampering"]
    assert all(r["確認者1"] for r in report_rows(worksheet) if r["id"] == "B1")


def test_usage_errors_exit_2(worksheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert review(tmp_path / "nothing.csv", capsys)[0] == 2
    assert review(worksheet, capsys, "--verify", "--out", str(tmp_path / "c.csv"))[0] == 2
    (tmp_path / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    code, out = review(tmp_path / "other.csv", capsys)
    assert code == 2 and "not a mynacheck worksheet" in out
