"""The register status and the removed-residents extract in a batch: every reading path gives the same rows."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

import mynacheck as mc
from mynacheck.cli import main
from mynacheck.mynumber import calc_check_digit
from mynacheck.reconcile import Reconciliation, RegisterIndex
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
    decided = [(*row[1:6], *row[8:]) for row in serial]
    assert [(*row[1:6], *row[8:]) for row in in_memory] == decided
    reasons = " ".join(row[5] for row in serial)
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
