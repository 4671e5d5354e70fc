"""The register status and the removed-residents extract in a batch: every reading path gives the same rows."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

import mynacheck as mc
from mynacheck.cli import main
from mynacheck.mynumber import calc_check_digit
from mynacheck.reconcile import REPORT_COLUMNS, Reconciliation, RegisterIndex
from mynacheck.reconcile import io as rio
from mynacheck.reconcile.batch import register_row
from mynacheck.reconcile.index import REMOVED_STATUS

HEADER = ["宛名番号", "個人番号", "氏名", "フリガナ", "生年月日", "性別", "住所"]
STATUS_TEXTS = ["1", "住民", "4", "死亡", "3", "転出", "職権消除", "9", "住登外", "転出予定", "謎の値", ""]


def _number(rng: random.Random) -> str:
    body = f"{rng.randrange(10**11):011d}"
    return body + calc_check_digit(body)


def _people(n: int, seed: int = 16) -> list[list[str]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        kana = rng.choice(["ヤマダ タロウ", "ヤマダ 【名空欄】", "********", "【氏空欄】 タロウ", ""])
        name = rng.choice(["山田 太郎", "LI MING 李 明", "山田　太郎"])
        out.append([f"P{i}", _number(rng), name, kana, "1970-03-12", "1", f"長野県長野市鶴賀緑町{i + 1}"])
    return out


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path, Path]:
    rng = random.Random(3)
    people = _people(600)
    business = [[p[0], p[1], "李 明" if "李" in p[2] else "山田 太郎", "ヤマダ タロウ", *p[4:]] for p in people]
    business += [[f"X{i}", _number(rng), "佐藤 花子", "サトウ ハナコ", "1980-01-01", "2", "長野県松本市中央1-1-1"]
                 for i in range(20)]
    in_register = people[:400]
    removed = people[300:550]  # 100 also in the register (the register wins), 150 only here
    reg = _write(tmp_path / "register.csv", [*HEADER, "住民状態", "消除事由", "消除日"],
                 [[*p, rng.choice(STATUS_TEXTS), rng.choice(["", "死亡", "転出"]), "2025-01-31"] for p in in_register])
    rem = _write(tmp_path / "removed.csv", [*HEADER, "消除事由", "異動日"],
                 [[*p, rng.choice(["死亡", "転出", "職権消除", "", "住民"]), "2024-12-01"] for p in removed])
    biz = _write(tmp_path / "business.csv", HEADER, business)
    return biz, reg, rem


def _rows(run: Reconciliation) -> list[tuple[str, ...]]:
    return [tuple(o.row.columns()) for o in run]


_LABELS = {REPORT_COLUMNS.index(c) for c in ("line", "related_lines")}
_REASONS_AT = REPORT_COLUMNS.index("reasons")


def _decided(row: tuple[str, ...]) -> tuple[str, ...]:
    """A report row without the cells that name input lines (records in memory are labelled by position)."""
    return tuple(v for i, v in enumerate(row) if i not in _LABELS)


def test_every_path_reads_statuses_and_the_removed_extract_alike(files: tuple[Path, Path, Path],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    biz, reg, rem = files
    serial = _rows(Reconciliation(biz, reg, removed=rem, jobs=1, progress=False))
    monkeypatch.setattr(rio, "BLOCK_BYTES", 8192)  # many blocks: the workers read the business file
    run = Reconciliation(biz, reg, removed=rem, jobs=2, progress=False)
    parallel = _rows(run)
    assert run.summary.jobs == 2
    assert serial == parallel
    with rio.open_table(biz, role="business") as table:
        business_rows = [row for _, row in table]
    with rio.open_table(reg, role="register") as table:
        register_rows = [row for _, row in table]
    with rio.open_table(rem, role="removed") as table:
        removed_rows = [row for _, row in table]
    in_memory = _rows(Reconciliation(business_rows, register_rows, removed=removed_rows, jobs=1, progress=False,
                                     chunk_rows=53))
    # Records given in memory are labelled by position, not file line: compare what the check decided.
    decided = [_decided(row) for row in serial]
    assert [_decided(row) for row in in_memory] == decided
    reasons = " ".join(row[_REASONS_AT] for row in serial)
    for code in ("REGISTER_DECEASED", "REGISTER_MOVED_OUT", "REGISTER_REMOVED_EX_OFFICIO", "REGISTER_REMOVED",
                 "REGISTER_NOT_RESIDENT", "REGISTER_MOVING_OUT", "REGISTER_STATUS_UNRECOGNISED",
                 "RECORD_NOT_IN_REGISTER_OR_REMOVED", "KANA_NOT_RECORDED", "KANA_PART_NOT_RECORDED",
                 "NAME_HEIKI_MATCH"):
        assert code in reasons, code
    assert "RECORD_NOT_IN_REGISTER " not in reasons + " "


def test_a_removed_rows_status_says_removed_whatever_its_cell_says() -> None:
    index = RegisterIndex.build([{"my_number": "123456789018", "name": "a", "status": "住民"}])
    removed = RegisterIndex.build([{"my_number": "621498320257", "name": "b", "status": "住民"},
                                   {"my_number": "634127023092", "name": "c"},
                                   {"my_number": "123456789018", "name": "d", "status": "死亡"}])
    index.attach_removed(removed)
    assert index.get("123456789018") == {"my_number": "123456789018", "name": "a", "status": "住民"}
    got = index.get("621498320257")
    assert got is not None and got["status"] == f"{REMOVED_STATUS};住民"
    found = index.find("634127023092")
    assert found is not None and found[0].status == REMOVED_STATUS
    assert "621498320257" not in index and index.find("000000000019") is None
    assert "REGISTER_REMOVED" in mc.compare({"my_number": "621498320257", "name": "b"}, got).reasons


def test_the_batch_core_reads_the_status_the_local_index_gives() -> None:
    # Spark hands score_batch the register columns: the status must reach the comparison as it does locally.
    row = register_row({"my_number": "123456789018", "name": "a", "status": "4", "status_date": "2025-01-01"})
    assert row == {"my_number": "123456789018", "name": "a", "status": "4", "status_date": "2025-01-01"}


def test_cli_options(files: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    biz, reg, rem = files
    out = tmp_path / "out.csv"
    assert main(["reconcile", str(biz), str(reg), "--removed", str(rem), "--out", str(out),
                 "--status-code", "謎の値=住民", "--kana", "strict"]) == 1
    text = capsys.readouterr().out
    assert "rows of removed residents" in text and "kana strict" in text and "not a current resident" in text
    assert "REGISTER_STATUS_UNRECOGNISED" not in out.read_text(encoding="utf-8-sig")
    for bad, message in ((["--status-code", "2=外国人"], "unknown register status"),
                         (["--removed", str(tmp_path / "missing.csv")], "missing.csv"),
                         (["--removed", str(rem), "--engine", "spark"], "--removed is not available")):
        assert main(["reconcile", str(biz), str(reg), "--out", str(out), *bad]) == 2
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1
    # the report never lands on the removed-residents extract
    assert main(["reconcile", str(biz), str(reg), "--removed", str(rem), "--out", str(rem)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


# --- the register status in the worksheet (issue 15's REPORT.csv, manifest and REPORT.html) ----------------


def _worksheet(path: Path) -> list[dict[str, str]]:
    from mynacheck.reconcile.worksheet import column_of

    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [{column_of(k) or k: v for k, v in row.items()} for row in csv.DictReader(fh)]


def test_the_worksheet_shows_the_register_status_and_the_removed_extract(tmp_path: Path) -> None:
    import json

    people = _people(4, seed=5)
    biz = _write(tmp_path / "b.csv", HEADER, [*people, ["X", people[3][1], "佐藤 花子", "サトウ ハナコ",
                                                       "1980-01-01", "2", "長野県松本市中央1-1-1"]])
    reg = _write(tmp_path / "r.csv", [*HEADER, "住民状態", "消除日"],
                 [[*people[0], "4", "2024-11-30"], [*people[1], "1", ""]])
    rem = _write(tmp_path / "rem.csv", [*HEADER, "消除事由"], [[*people[2], "転出"]])
    out, page = tmp_path / "report.csv", tmp_path / "report.html"
    assert main(["reconcile", str(biz), str(reg), "--removed", str(rem), "--out", str(out), "--html", str(page),
                 "-q"]) == 1
    with open(out, encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    assert "住基_住民状態" in header and "住基_異動日" in header  # Japanese headers by default
    rows = {r["id"]: r for r in _worksheet(out)}
    dead, moved = rows["P0"], rows["P2"]
    assert dead["reasons"].split()[0] == "REGISTER_DECEASED"
    assert (dead["register_status"], dead["register_status_date"]) == ("4", "2024-11-30")
    assert moved["reasons"].split()[0] == "REGISTER_MOVED_OUT" and moved["register_status"] == f"{REMOVED_STATUS};転出"
    assert rows["P1"]["register_status"] == ""  # a matched row carries no values
    # a number on two rows and in neither extract: the duplicate check scores it again, still "or removed"
    assert rows["P3"]["reasons"].split() == ["RECORD_DUPLICATE_NUMBER", "RECORD_NOT_IN_REGISTER_OR_REMOVED"]
    assert rows["X"]["reasons"] == rows["P3"]["reasons"]
    assert not any(r["business_my_number"] for r in rows.values() if r["verdict"] == "match")
    manifest = json.loads((tmp_path / "report.csv.manifest.json").read_text(encoding="utf-8"))
    removed = manifest["inputs"]["removed"]
    assert removed["file"] == "rem.csv" and removed["rows"] == 1 and removed["sha256"].startswith("sha256:")
    assert manifest["options"]["kana"] == "lenient"
    html = page.read_text(encoding="utf-8")
    assert "住民状態" in html and "2024-11-30" in html and "消除;転出" in html


def test_a_status_change_asks_for_a_new_review(tmp_path: Path) -> None:
    # The status is part of what the reviewers saw: a row whose register status changed is reviewed again.
    people = _people(1, seed=7)
    biz = _write(tmp_path / "b.csv", HEADER, people)
    out = tmp_path / "report.csv"
    for status in ("住登外", "死亡"):
        reg = _write(tmp_path / "r.csv", [*HEADER, "住民状態"], [[*people[0], status]])
        assert main(["reconcile", str(biz), str(reg), "--out", str(out), "-q", "--lang", "en"]) == 1
        if status == "住登外":
            with open(out, encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.reader(fh))
            at = {c: i for i, c in enumerate(rows[0])}
            rows[1][at["確認者1"]], rows[1][at["確認者2"]] = "山田", "鈴木"
            rows[1][at["確認日"]], rows[1][at["確認結果"]] = "2025-01-10", "正しい"
            with open(out, "w", encoding="utf-8-sig", newline="") as fh:
                csv.writer(fh).writerows(rows)
    from mynacheck.reconcile.worksheet import CHANGED, status_label

    row = _worksheet(out)[0]
    assert row["reasons"].split()[0] == "REGISTER_DECEASED" and row["review_status"] == status_label(CHANGED, "en")
    assert row["確認者1"] == ""  # the old entry is in the review log, not on the changed row
    assert "山田" in (tmp_path / "report.csv.log.jsonl").read_text(encoding="utf-8")


def test_the_kana_mode_and_status_codes_change_the_rulesets_fingerprint() -> None:
    g = mc.rulesets.GUIDELINE_4
    prints = {g.fingerprint, g.with_kana("strict").fingerprint, g.with_status_codes({"2": "住民"}).fingerprint,
              g.with_status_codes({"2": "死亡"}).fingerprint}
    assert len(prints) == 4
    assert g.with_kana("lenient").fingerprint == g.fingerprint
