"""The worksheet (issue 15): values a clerk can read, Japanese or English headers, the work order, and a
rerun that keeps people's work: entries of unchanged rows carried byte for byte, a changed row's old entry
in the log, a worksheet re-saved by Excel read back."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from mynacheck.cli import main
from mynacheck.mynumber import calc_check_digit, redact
from mynacheck.reconcile import REPORT_COLUMNS, reconcile
from mynacheck.reconcile.audit import ReviewLog
from mynacheck.reconcile.core import ReportRow, priority_of
from mynacheck.reconcile.report_csv import escape_cell
from mynacheck.reconcile.values import VALUE_COLUMNS, WRITTEN_COLUMNS, row_digest, row_values
from mynacheck.reconcile.worksheet import (
    CARRIED,
    CHANGED,
    Carry,
    Entry,
    column_of,
    header,
    id_key,
    read_worksheet,
    report_rows,
    status_label,
    status_of,
    unescape_cell,
)
from mynacheck.record import Record
from mynacheck.rules.fingerprint import in_letters

HEADER = ["id", "my_number", "name", "kana", "birth_date", "sex", "address"]
REVIEW = ("確認者1", "確認者2", "確認日", "確認結果")


def number(i: int) -> str:
    body = f"{i:011d}"
    return body + calc_check_digit(body)


def person(i: int, **changes: str) -> dict[str, str]:
    rec = {"id": f"B{i:03d}", "my_number": number(1000 + i), "name": f"山田 {'一二三四五六七八九'[i % 9]}郎",
           "kana": "ヤマダ イチロウ", "birth_date": f"1970-03-{i % 28 + 1:02d}", "sex": "1",
           "address": f"長野県長野市鶴賀緑町{1600 + i}"}
    rec.update(changes)
    return rec


def write(path: Path, rows: Sequence[dict[str, str]], encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows([[r.get(k, "") for k in HEADER] for r in rows])
    return path


def people(n: int = 8) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """A register of n people; a business file of the same people with planted problems on some."""
    register = [person(i) for i in range(n)]
    business = [dict(r) for r in register]
    business[1]["name"] = "佐藤 花子"  # another person's number
    business[3]["my_number"] = number(9999)  # not in the register
    business[5]["address"] = "長野県長野市鶴賀緑町9999"  # moved?
    business[6]["birth_date"] = "S45.3.7"  # a notation fold: still a match
    return business, register


def run(d: Path, business: Sequence[dict[str, str]], register: Sequence[dict[str, str]], *args: str,
        out: str = "report.csv") -> int:
    write(d / "b.csv", business)
    write(d / "r.csv", register)
    return main(["reconcile", str(d / "b.csv"), str(d / "r.csv"), "--out", str(d / out), "-q", "--jobs", "1", *args])


def log_entries(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- headers, values, the work order ---------------------------------------------------------


def test_japanese_headers_by_default_and_the_former_names_in_english(tmp_path: Path) -> None:
    business, register = people()
    assert run(tmp_path, business, register) == 1
    first = (tmp_path / "report.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert first == list(header("ja")) and first[:4] == ["優先度", "行", "ID", "個人番号"]
    assert set(REVIEW) <= set(first)  # the reviewers' columns have one name in both languages
    assert run(tmp_path, business, register, "--lang", "en", out="en.csv") == 1
    en = (tmp_path / "en.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert en == list(REPORT_COLUMNS)
    former = ["line", "id", "my_number", "verdict", "verdict_ja", "reasons", "message", "related_lines",
              "result_my_number", "result_name", "result_kana", "result_birth_date", "result_address", "result_sex",
              *REVIEW]
    assert set(former) <= set(en)
    # Every header, in either language, names its column back.
    assert [column_of(h) for h in first] == [column_of(h) for h in en] == list(REPORT_COLUMNS)


def test_flagged_rows_carry_both_records_as_written_and_normalized(tmp_path: Path) -> None:
    business, register = people()
    business[1]["birth_date"] = "S45.3.2"
    assert run(tmp_path, business, register) == 1
    rows = {r["id"]: r for r in report_rows(tmp_path / "report.csv")}
    other = rows["B001"]
    assert other["verdict"] != "match"
    assert (other["business_name"], other["register_name"]) == ("佐藤 花子", "山田 二郎")
    assert other["business_birth_date"] == "S45.3.2"
    assert (other["business_birth_date_normalized"], other["business_birth_date_wareki"]) == ("1970-03-02",
                                                                                               "昭和45年3月2日")
    assert other["register_birth_date_wareki"] == "昭和45年3月2日"
    assert other["business_sex_normalized"] == "1（男）" and other["business_my_number"] == "********" + number(1001)[-4:]
    assert other["business_address_normalized"].startswith("長野県長野市鶴賀緑町")
    assert other["digest"].isalpha() and len(other["digest"]) == 14
    assert other["ruleset"].startswith("GUIDELINE_4 v1 ")
    absent = rows["B003"]  # not in the register: the register side is empty
    assert absent["business_name"] == "山田 四郎" and absent["register_name"] == "" and absent["digest"]
    matched = rows["B006"]  # a match leaves the value cells empty (a million-row report stays small)
    assert matched["verdict"] == "match"
    assert all(matched[c] == "" for c in (*VALUE_COLUMNS, "digest", "ruleset", "priority"))


def test_value_cells_mask_numbers_unless_revealed_and_are_formula_escaped(tmp_path: Path) -> None:
    business, register = people()
    business[1]["address"] = "=HYPERLINK(\"http://x\") 634127023092"
    assert run(tmp_path, business, register) == 1
    raw = (tmp_path / "report.csv").read_text(encoding="utf-8-sig")
    assert "634127023092" not in raw and number(1001) not in raw
    cell = next(r for r in report_rows(tmp_path / "report.csv", as_written=True) if r["id"] == "B001")
    assert cell["business_address"].startswith("'=HYPERLINK") and cell["business_address"].endswith("********3092")
    assert run(tmp_path, business, register, "--reveal-numbers", out="shown.csv") == 1
    shown = next(r for r in report_rows(tmp_path / "shown.csv") if r["id"] == "B001")
    assert shown["business_address"].endswith("634127023092") and shown["business_my_number"] == number(1001)
    # The digest does not depend on whether numbers were revealed, and holds no digit.
    assert shown["digest"] == cell["digest"] and not any(ch.isdigit() for ch in shown["digest"])


def test_the_digest_is_made_of_what_the_worksheet_shows_only() -> None:
    # Two full numbers that end in the same four digits give one digest: nothing hidden goes into it, so no
    # number can be recovered from it.  Any value the worksheet shows changes it.
    a, b = "123456789018", "621498320257"
    same_end = next(f"{i:08d}0257" for i in range(1, 10**8) if calc_check_digit(f"{i:08d}025") == "7"
                    and f"{i:08d}0257" != b)
    rec = {"name": "山田 太郎", "birth_date": "1970-03-12"}
    d1 = row_digest("A1", "********0257", row_values(dict(rec, my_number=b), None))
    d2 = row_digest("A1", "********0257", row_values(dict(rec, my_number=same_end), None))
    assert d1 == d2
    assert row_digest("A1", "********0257", row_values(dict(rec, my_number=b, name="山田 次郎"), None)) != d1
    assert row_digest("A2", "********0257", row_values(dict(rec, my_number=b), None)) != d1
    assert row_digest("A1", "********9018", row_values(dict(rec, my_number=a), None)) != d1


@given(st.text(max_size=16), st.text(max_size=16),
       st.lists(st.text(max_size=24) | st.sampled_from(["", "\"a\"", "\\", "\u2028", "\x00", "634127023092"]),
                min_size=len(VALUE_COLUMNS), max_size=len(VALUE_COLUMNS)))
def test_the_digest_is_the_sha256_of_the_masked_cells_as_json_dumps_writes_them(ident: str, number: str,
                                                                                 values: list[str]) -> None:
    # Its definition, spelled with json.dumps: row_digest's own serialization (one C encoder, no
    # JSONEncoder per row) must give these bytes exactly, or an old worksheet's entries would not carry.
    written = [values[VALUE_COLUMNS.index(c)] for c in WRITTEN_COLUMNS]
    text = json.dumps([redact(v) for v in (ident, number, *written)], ensure_ascii=False, separators=(",", ":"))
    assert row_digest(ident, number, values) == in_letters(hashlib.sha256(text.encode("utf-8")).digest())


def test_sorting_by_priority_gives_the_work_order(tmp_path: Path) -> None:
    business, register = people()
    business[2]["name"], business[2]["my_number"] = "別人 太郎", business[0]["my_number"]  # a number on two people
    assert run(tmp_path, business, register) == 1
    rows = list(report_rows(tmp_path / "report.csv"))
    flagged = sorted((r for r in rows if r["priority"]), key=lambda r: int(r["priority"]))
    verdicts = [r["verdict"] for r in flagged]
    assert verdicts == sorted(verdicts, key=["mismatch", "review"].index)  # 不一致 before 要確認
    assert flagged[0]["reasons"].split()[0] == "RECORD_DUPLICATE_NUMBER"  # the most urgent first
    assert all(r["priority"] == "" for r in rows if r["verdict"] == "match")
    # The priority says the verdict first, then the reason.
    assert all(r["priority"][0] == ("1" if r["verdict"] == "mismatch" else "2") for r in flagged)


@given(st.lists(st.sampled_from(["RECORD_NOT_IN_REGISTER", "XF_MOVED", "NAME_DIFFERENT", "XF_FAMILY_MEMBER",
                                 "RECORD_DUPLICATE_NUMBER", "SEX_CODE_FOLD", "MYNUMBER_SPREADSHEET_NUMBER",
                                 "VENDOR_OWN_CODE"]), min_size=1, max_size=4))
def test_every_mismatch_sorts_before_every_review(codes: list[str]) -> None:
    from mynacheck.reconcile.core import assessment
    from mynacheck.verdicts import Verdict

    mismatch, review = (priority_of(assessment(v, codes)) for v in (Verdict.MISMATCH, Verdict.REVIEW))
    assert int(mismatch) < 2000 <= int(review) < 3000


def test_flagged_only_writes_the_flagged_rows_and_counts_them_all(tmp_path: Path) -> None:
    business, register = people()
    assert run(tmp_path, business, register, "--flagged-only") == 1
    rows = list(report_rows(tmp_path / "report.csv"))
    assert rows and all(r["verdict"] != "match" for r in rows)
    manifest = json.loads((tmp_path / "report.csv.manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["rows"] == len(business) and manifest["report"]["rows"] == len(rows)
    assert manifest["options"]["flagged_only"] is True
    # The same rows, with the HTML page asked for too (the other writing path).
    assert run(tmp_path, business, register, "--flagged-only", "--html", str(tmp_path / "p.html"),
               out="with-html.csv") == 1
    assert list(report_rows(tmp_path / "with-html.csv")) == rows


# --- the audit trail beside the report -----------------------------------------------------


def test_manifest_says_how_the_worksheet_was_made(tmp_path: Path) -> None:
    import hashlib

    from mynacheck.rules import rulesets

    business, register = people()
    assert run(tmp_path, business, register) == 1
    path = tmp_path / "report.csv.manifest.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    m = json.loads(path.read_text(encoding="utf-8"))
    sha = {name: "sha256:" + hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
           for name in ("b.csv", "r.csv", "report.csv")}
    assert m["inputs"]["business"]["sha256"] == sha["b.csv"] and m["inputs"]["register"]["sha256"] == sha["r.csv"]
    assert m["report"]["sha256"] == sha["report.csv"]
    assert m["ruleset"] == {"name": "GUIDELINE_4", "version": "1",
                            "fingerprint": "sha256:" + rulesets.GUIDELINE_4.fingerprint,
                            "short": m["ruleset"]["short"]}
    assert m["counts"]["rows"] == 8 and sum(m["counts"]["by_verdict"].values()) == 8
    assert set(m["reference_data"]) >= {"catalog", "kanji_variants.tsv", "addresses.txt.gz"}
    assert m["run_id"].startswith("run-") and m["mynacheck"] and m["started"] <= m["finished"]
    assert m["options"]["lang"] == "ja" and m["options"]["reveal_numbers"] is False
    log = log_entries(tmp_path / "report.csv.log.jsonl")
    assert [e["kind"] for e in log] == ["reconcile"] and log[0]["run_id"] == m["run_id"]
    assert log[0]["manifest_sha256"] == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    assert stat.S_IMODE((tmp_path / "report.csv.log.jsonl").stat().st_mode) == 0o600


# --- carrying work over --------------------------------------------------------------------


def sign(path: Path, entries: dict[str, Sequence[str]], *, encoding: str = "utf-8-sig", reverse: bool = False,
         extra: bool = False) -> None:
    """Write reviewers' entries into a worksheet by id, as a clerk in Excel would, and save it again."""
    with open(path, encoding=read_worksheet(path).encoding, newline="") as fh:
        rows = list(csv.reader(fh))
    head, body = rows[0], rows[1:]
    at = {column_of(h): i for i, h in enumerate(head)}
    for row in body:
        cells = entries.get(row[at["id"]])
        if cells is not None:
            for column, value in zip(REVIEW, cells, strict=True):
                row[at[column]] = escape_cell(value)
    if reverse:
        body.reverse()
    if extra:
        head = [*head, "備考"]
        body = [[*row, f"メモ {i}"] for i, row in enumerate(body)]
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows([head, *body])


def entries_by_id(path: Path) -> dict[str, tuple[str, ...]]:
    return {r["id"]: tuple(r[c] for c in REVIEW) for r in report_rows(path, as_written=True)}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932", "utf-8"])
def test_a_rerun_keeps_every_entry_of_an_unchanged_row_byte_for_byte(tmp_path: Path, encoding: str) -> None:
    business, register = people()
    assert run(tmp_path, business, register) == 1
    signed = {"B001": ("山田 太郎", "鈴木　花子", "2024/12/6", "誤り"),
              "B003": ("=1+2", "佐藤, \"次郎\"", "令和6年12月6日", "保留"),  # formula-like, comma, quotes
              "B005": ("山田 太郎", "鈴木 花子", "2024-12-06", "正しい")}
    before = (tmp_path / "report.csv").read_bytes()
    sign(tmp_path / "report.csv", signed, encoding=encoding, reverse=True, extra=True)  # Excel: saved, sorted, a column
    assert run(tmp_path, business, register) == 1
    after = entries_by_id(tmp_path / "report.csv")
    for ident, cells in signed.items():
        assert after[ident] == tuple(escape_cell(c) for c in cells)  # the very cells, as written
    rows = {r["id"]: r for r in report_rows(tmp_path / "report.csv")}
    assert all(rows[i]["review_status"] == status_label(CARRIED) for i in signed)
    # The previous worksheet is kept whole beside the new one.
    prev = tmp_path / "report.csv.prev"
    assert prev.exists() and prev.read_bytes() != before and "メモ 0" in prev.read_bytes().decode(encoding)
    entry = log_entries(tmp_path / "report.csv.log.jsonl")[-1]["previous_worksheet"]
    assert (entry["entries"], entry["carried"], entry["needs_new_review"]) == (3, 3, 0)
    assert not entry["not_carried_changed"] and not entry["not_carried_gone"]
    # The clerk's own column is not in the new worksheet, but its cells are in the log.
    assert [e["added_columns"] for e in entry["carried_added_columns"]] and "備考" not in header()


def test_a_changed_rows_old_entry_goes_to_the_log_and_the_row_asks_for_a_new_review(tmp_path: Path) -> None:
    business, register = people()
    assert run(tmp_path, business, register) == 1
    sign(tmp_path / "report.csv", {"B001": ("山田 太郎", "鈴木 花子", "2024/12/6", "誤り"),
                                   "B003": ("山田 太郎", "鈴木 花子", "2024/12/6", "正しい"),
                                   "B005": ("山田 太郎", "鈴木 花子", "2024/12/6", "保留")})
    business[1]["name"] = "佐藤 花江"  # the row changed: still flagged
    business[5]["address"] = register[5]["address"]  # the row changed: now it matches
    gone = business.pop(3)  # the row is gone
    assert gone["id"] == "B003"
    assert run(tmp_path, business, register) == 1
    rows = {r["id"]: r for r in report_rows(tmp_path / "report.csv")}
    assert rows["B001"]["review_status"] == status_label(CHANGED) and not any(rows["B001"][c] for c in REVIEW)
    assert rows["B005"]["verdict"] == "match" and not any(rows["B005"][c] for c in REVIEW)
    log = log_entries(tmp_path / "report.csv.log.jsonl")[-1]["previous_worksheet"]
    changed = {e["id"]: e for e in log["not_carried_changed"]}
    assert set(changed) == {"B001", "B005"}
    assert changed["B001"]["entries"] == dict(zip(REVIEW, ("山田 太郎", "鈴木 花子", "2024/12/6", "誤り"), strict=True))
    assert [e["id"] for e in log["not_carried_gone"]] == ["B003"]
    assert log["needs_new_review"] == 1 and log["carried"] == 0


def test_an_id_a_spreadsheet_took_for_a_number_still_finds_its_row() -> None:
    # Excel drops the leading zeros of an id of digits; the row is still recognised by its id.
    assert id_key("000123") == id_key("123") == "123"
    assert id_key("A-0123") != id_key("A-123")
    entry = Entry(2, "123", "abcdefghijklmn", "mismatch", "", ("a", "b", "2024/12/6", "誤り"))
    carry = Carry([entry])
    row = ReportRow(line="2", id="000123", verdict="mismatch", digest="zzzzzzzzzzzzzz")
    assert carry.apply(row).review_status == status_label(CHANGED)


def test_a_file_at_the_report_path_that_is_not_a_worksheet_is_never_overwritten(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    business, register = people()
    (tmp_path / "report.csv").write_text("id,amount\n1,2\n", encoding="utf-8")
    assert run(tmp_path, business, register) == 2
    assert "not a mynacheck worksheet" in capsys.readouterr().err
    assert (tmp_path / "report.csv").read_text(encoding="utf-8") == "id,amount\n1,2\n"


def test_a_worksheet_saved_by_excel_reads_back() -> None:
    # CP932 without a BOM, columns moved and added, rows sorted, a date cell rewritten, an escaped cell.
    head = ["備考", "判定", "確認結果", "ID", "確認日", "確認者2", "確認者1", "照合キー", "行"]
    rows = [["", "不一致", "誤り", "B2", "2024/12/6", "鈴木 花子", "山田 太郎", "abcdefghijklmn", "3"],
            ["見た", "一致", "", "B1", "", "", "", "", "2"],
            ["", "要確認", "", "00B3", "", "", "'=1+2", "bcdefghijklmno", "4"]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([head, *rows])
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "w.csv"
        path.write_bytes(buf.getvalue().encode("cp932"))
        sheet = read_worksheet(path)
        assert sheet.encoding == "cp932" and sheet.lang == "ja" and [h for _, h in sheet.extra] == ["備考"]
        got = list(sheet)
        assert [r.line for r in got] == [2, 3, 4]
        assert got[0].entries == ("山田 太郎", "鈴木 花子", "2024/12/6", "誤り") and got[0].flagged
        assert not got[1].flagged and got[1].extra == (("備考", "見た"),)
        assert got[2].entries[0] == "=1+2"  # the report's escape taken off: it is written back the same
        entries = Carry.from_worksheet(path).entries
        assert [e.id for e in entries] == ["B2", "00B3"] and entries[0].digest == "abcdefghijklmn"


@given(st.text(alphabet=st.sampled_from("=+-@'\t 髙橋太郎a1,\"\r\n＝"), max_size=6))
def test_unescape_undoes_the_reports_escape(value: str) -> None:
    # Read back and written again, a cell is the same bytes (what carrying an entry over needs) ...
    assert escape_cell(unescape_cell(escape_cell(value))) == escape_cell(value)
    # ... and the value is the one written, unless it began with the quote the escape itself uses.
    if not value.startswith("'"):
        assert unescape_cell(escape_cell(value)) == value


def test_status_labels_read_back_in_either_language() -> None:
    for status in (CARRIED, CHANGED):
        assert status_of(status_label(status, "ja")) == status_of(status_label(status, "en")) == status
    assert status_of("") == status_of("何か") == ""


# --- any sequence of reruns, edits and review passes ----------------------------------------

_ENTRY_TEXT = st.text(alphabet=st.sampled_from("山田太郎鈴木花子 　=,+\"-'@1２ｱ\n"), min_size=1, max_size=6)
_ROWS = st.sampled_from([1, 3, 5, 1, 3, 5, 0, 6])  # mostly the flagged ones (1, 3, 5)
_STEPS = st.lists(st.one_of(
    st.tuples(st.just("sign"), _ROWS, st.tuples(_ENTRY_TEXT, _ENTRY_TEXT, _ENTRY_TEXT,
                                                st.sampled_from(["正しい", "誤り", "保留", "x"]))),
    st.tuples(st.just("change"), _ROWS, st.sampled_from(["name", "address", "birth_date"])),
    st.tuples(st.just("excel"), st.sampled_from(["cp932", "utf-8-sig"]), st.booleans()),
    st.tuples(st.just("rerun")),
    st.tuples(st.just("review")),
), min_size=1, max_size=8).map(lambda steps: [*steps, ("rerun",)])


@settings(max_examples=30, deadline=None)
@given(_STEPS)
def test_any_sequence_of_reruns_and_review_passes_keeps_every_unchanged_rows_entries(
        tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[Any, ...]]) -> None:
    d = tmp_path_factory.mktemp("loop")
    business, register = people()
    assert run(d, business, register) == 1
    changed: set[str] = set()  # rows whose values changed since the worksheet was made
    for step in steps:
        path = d / "report.csv"
        if step[0] == "sign":
            sign(path, {business[step[1]]["id"]: step[2]})
        elif step[0] == "change":
            business[step[1]][step[2]] += "丁"
            changed.add(business[step[1]]["id"])
        elif step[0] == "excel":
            sign(path, {}, encoding=step[1], reverse=step[2])
        elif step[0] == "review":
            main(["review", str(path)])
        else:
            before = entries_by_id(path)
            flagged_before = {r["id"]: r for r in report_rows(path) if r["verdict"] != "match"}
            assert run(d, business, register) in (0, 1)
            after = entries_by_id(path)
            rows = {r["id"]: r for r in report_rows(path)}
            log = log_entries(d / "report.csv.log.jsonl")
            kept = log[-1].get("previous_worksheet", {})
            logged = {e["id"] for key in ("not_carried_changed", "not_carried_gone") for e in kept.get(key, [])}
            for ident, cells in before.items():
                if not any(cells) or ident not in flagged_before:
                    continue
                if ident not in changed and rows[ident]["verdict"] != "match":
                    assert after[ident] == cells, (ident, step)  # byte for byte
                    assert rows[ident]["review_status"] == status_label(CARRIED)
                    event("an entry carried over")
                else:
                    assert ident in logged  # a changed row's old entry is in the log
                    assert not any(after[ident])
                    event("a changed row's entry logged")
            changed.clear()
        # Whatever happened, the log's chain is whole and no number is in it.
        entries, problems = ReviewLog(str(d / "report.csv.log.jsonl")).verify()
        assert entries and not problems
        text = (d / "report.csv.log.jsonl").read_text(encoding="utf-8")
        assert all(number(1000 + i) not in text for i in range(8))


def test_every_output_of_the_loop_is_private(tmp_path: Path) -> None:
    business, register = people()
    assert run(tmp_path, business, register) == 1
    assert run(tmp_path, business, register) == 1
    for name in ("report.csv", "report.csv.prev", "report.csv.manifest.json", "report.csv.log.jsonl"):
        assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == 0o600, name


def test_the_library_rows_and_the_worksheet_are_one_object() -> None:
    business, register = people()
    rows = list(reconcile(business, register, jobs=1))
    assert all(isinstance(r, ReportRow) for r in rows)
    flagged = [r for r in rows if r.flagged]
    assert flagged and all(r.digest and r.priority and r.business_name for r in flagged)
    assert all(not r.digest and not r.business_name for r in rows if not r.flagged)
    assert flagged[0].messages and len(flagged[0].messages) == len(flagged[0].codes)


_record_text = st.text(max_size=14) | st.sampled_from(["634127023092", "髙橋　一郎", "S45.3.12", "長野市鶴賀緑町１６１３", "1",
                                                       " ", "ｶﾅ ﾀﾛｳ", "a\x00b"])


@settings(max_examples=80, deadline=None)
@given(st.fixed_dictionaries({}, optional={k: _record_text for k in
                                           ("my_number", "name", "kana", "birth_date", "address", "sex", "status")}),
       st.none() | st.fixed_dictionaries({}, optional={k: _record_text for k in ("name", "address", "status_date")}),
       st.booleans())
def test_row_values_of_records_are_those_of_their_mappings(business: dict[str, str], register: dict[str, str] | None,
                                                           reveal: bool) -> None:
    # A batch's rows are Records (read by attribute, no Mapping test); rows given in memory are mappings.
    records = Record.from_mapping(business), None if register is None else Record.from_mapping(register)
    assert row_values(*records, reveal) == row_values(business, register, reveal)
