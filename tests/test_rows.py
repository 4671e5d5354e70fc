"""Every input row is read and reported, whatever is wrong with it (issue 13, findings 9, 10 and 11).

- Extra empty cells (as Excel writes them) and cells of white space only (U+3000) are rows.
- A stray control character flags its row wherever it is in the file, and never reaches a report;
  only a file that is something else (a workbook, UTF-16, mostly NULs) is refused as binary.
- A number a spreadsheet changed gets its own reason, groups with nothing, and the summary says so.
- A lone surrogate in a record given in memory is a row like any other.
- Formula-like cells are escaped, full-width and behind blanks too.
"""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mynacheck as mc
from mynacheck import reasons as catalog
from mynacheck.cli import main
from mynacheck.errors import InputError
from mynacheck.mynumber import calc_check_digit
from mynacheck.reconcile import Reconciliation, reconcile
from mynacheck.reconcile.worksheet import report_rows

HEADER = ["id", "my_number", "name", "kana", "birth_date", "sex", "address"]
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def number(seed: int) -> str:
    body = f"{seed:011d}"
    return body + calc_check_digit(body)


def person(i: int) -> list[str]:
    return [f"P{i}", number(31415926535 + i * 1001), "山田 太郎", "ヤマダ タロウ", "1970-03-12", "1",
            f"長野県長野市若里1丁目{i + 1}番2号"]


def write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def reconcile_cli(tmp_path: Path, business: list[list[str]], register: list[list[str]],
                  capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, list[dict[str, str]], str]:
    biz, reg = write(tmp_path / "b.csv", business), write(tmp_path / "r.csv", register)
    out, html = tmp_path / "report.csv", tmp_path / "report.html"
    code = main(["reconcile", str(biz), str(reg), "--out", str(out), "--html", str(html), *extra])
    stdout = capsys.readouterr().out
    rows = list(report_rows(out, as_written=True))
    return code, stdout, rows, html.read_text(encoding="utf-8")


# --- finding 9: rows that vanished or stopped the run ------------------------------------------


def test_extra_empty_trailing_cells_are_read_not_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    register = [person(i) for i in range(4)]
    business = [list(r) for r in register]
    business[1] += ["", "", ""]  # Excel writes a cell for every formatted column
    business[2] += ["  "]
    code, _, rows, _ = reconcile_cli(tmp_path, business, register, capsys)
    assert code == 0 and [r["id"] for r in rows] == ["P0", "P1", "P2", "P3"]


def test_rows_of_white_space_are_reported_not_dropped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    register = [person(i) for i in range(3)]
    business = [register[0], ["\u3000"] * 7, [" ", "", "", "", "", "\u3000", ""], register[1], [""] * 7]
    code, stdout, rows, _ = reconcile_cli(tmp_path, business, register, capsys)
    assert code == 1
    assert [r["line"] for r in rows] == ["2", "3", "4", "5"]  # the line of empty cells (6) is no row
    assert [r["verdict"] for r in rows[1:3]] == ["review", "review"]
    assert "4 business rows" in stdout


# --- finding 10: a stray control character flags its row, wherever it is -----------------------


def _with_control(tmp_path: Path, at_row: int, rows: int) -> tuple[Path, Path]:
    register = [person(i) for i in range(rows)]
    business = [list(r) for r in register]
    business[at_row][2] = "山田\x00太郎"
    business[at_row][0] = f"P{at_row}\x07"
    return write(tmp_path / "b.csv", business), write(tmp_path / "r.csv", register)


@pytest.mark.parametrize("at_row", [3, 12_000])  # in the first MiB, and well after it
def test_a_stray_control_character_flags_its_row_wherever_it_is(tmp_path: Path, at_row: int) -> None:
    biz, reg = _with_control(tmp_path, at_row, 14_000)
    assert (biz.stat().st_size > 1 << 20) and ((at_row * 140 < 1 << 20) == (at_row == 3))
    out, html = tmp_path / "o.csv", tmp_path / "o.html"
    assert main(["reconcile", str(biz), str(reg), "--out", str(out), "--html", str(html), "-q"]) == 1
    rows = list(report_rows(out, as_written=True))
    assert len(rows) == 14_000
    flagged = [r for r in rows if r["verdict"] != "match"]
    assert [r["line"] for r in flagged] == [str(at_row + 2)]
    assert "RECORD_CONTROL_CHARS" in flagged[0]["reasons"].split()
    assert flagged[0]["id"] == f"P{at_row}\ufffd"
    for text in (out.read_text(encoding="utf-8-sig"), html.read_text(encoding="utf-8")):
        assert not CONTROLS.search(text)


def test_control_characters_in_the_register_flag_the_joined_row(tmp_path: Path) -> None:
    register = [person(i) for i in range(3)]
    register[1][6] = "長野県長野市若里1丁目2番\x1b2号"
    business = [person(i) for i in range(3)]
    rows = list(reconcile(write(tmp_path / "b.csv", business), write(tmp_path / "r.csv", register)))
    assert [("RECORD_CONTROL_CHARS" in r.reasons) for r in rows] == [False, True, False]
    assert rows[1].verdict == "review"
    # Records given in memory: the same rule.
    given = list(reconcile([dict(zip(HEADER, r, strict=True)) for r in business],
                           [dict(zip(HEADER, r, strict=True)) for r in register]))
    assert [g.columns() for g in given][1][3:] == rows[1].columns()[3:]


@pytest.mark.parametrize(("content", "expect"), [
    (b"PK\x03\x04" + b"\x00" * 40, "an Excel workbook (.xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "Excel 97-2003 workbook (.xls)"),
    ("id,my_number\r\nP1,123456789018\r\n".encode("utf-16-le"), "the file is UTF-16"),
    ("\ufeffid,my_number\r\nP1,123456789018\r\n".encode("utf-16-le"), "the file is UTF-16"),
    (b"id,my_number\n" + b"\x00\x00\x00\x05" * 300, "not a text CSV file (it contains NUL bytes)"),
])
def test_only_a_file_that_is_something_else_is_refused_as_binary(tmp_path: Path, content: bytes,
                                                                  expect: str) -> None:
    path = tmp_path / "b.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=re.escape(expect)):
        Reconciliation(path, [{"my_number": "123456789018"}])


def test_a_real_workbook_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(InputError, match=r"Excel workbook \(\.xlsx\)"):
        Reconciliation(path, [{"my_number": "123456789018"}])


# --- finding 11: numbers a spreadsheet changed ----------------------------------------------------


def _excel(n: str) -> str:
    """What Excel writes for a 12-digit number in a General cell: six significant digits."""
    return (n[0] + "." + n[1:6]).rstrip("0").rstrip(".") + "E+11"


def test_an_excel_damaged_number_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    register = [person(i) for i in range(40)]
    business = [list(r) for r in register]
    for r in business:
        r[1] = _excel(r[1])  # the whole column, as Excel saves it: 3.14159E+11 for all of them
    assert len({r[1] for r in business}) < 10  # many people now share one "number"
    code, stdout, rows, html = reconcile_cli(tmp_path, business, register, capsys)
    assert code == 1
    for row in rows:
        assert row["reasons"] == "MYNUMBER_SPREADSHEET_NUMBER", row
        assert "申請書" not in row["message"] and "表計算ソフト" in row["message"]
    lines = stdout.splitlines()
    assert lines[1].startswith("warning: 業務データの40行の個人番号が表計算ソフト")  # once, at the top
    assert sum("warning:" in line for line in lines) == 1
    assert "表計算ソフト（Excel等）で数値に変換されています" in html.split("判定の内訳")[0]


def test_numbers_that_lost_their_leading_zeros(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    register = [[f"Z{i}", number(1_000_000_000 + i * 7_919_000), "山田 太郎", "ヤマダ タロウ", "1970-03-12", "1",
                 f"長野県長野市若里1丁目{i + 1}番2号"] for i in range(1, 30)]
    assert all(r[1].startswith("0") and r[1][1] != "0" for r in register)  # one zero, which Excel drops
    business = [[r[0], r[1].lstrip("0"), *r[2:]] for r in register]
    code, stdout, rows, _ = reconcile_cli(tmp_path, business, register, capsys)
    assert code == 1 and {r["reasons"] for r in rows} == {"MYNUMBER_SPREADSHEET_ZEROS"}
    assert "warning: 業務データの29行" in stdout
    # The register side is warned about too, and a damaged register joins nothing.
    code, stdout, rows, _ = reconcile_cli(tmp_path, register, business, capsys)
    assert "warning: 住基データの29行" in stdout
    assert {r["reasons"] for r in rows} == {"RECORD_NOT_IN_REGISTER"}


def test_compare_says_a_spreadsheet_changed_the_number() -> None:
    rec = {"my_number": "634127023092", "name": "山田 太郎", "birth_date": "1970-03-12", "sex": "1",
           "address": "長野県長野市若里1丁目2番3号"}
    for shown, code in (("6.34127E+11", "MYNUMBER_SPREADSHEET_NUMBER"), ("634127023092.0", "MYNUMBER_SPREADSHEET_NUMBER"),
                        ("12345678903", "MYNUMBER_SPREADSHEET_ZEROS")):
        result = mc.compare(dict(rec, my_number=shown), rec)
        assert result.verdict is mc.Verdict.MISMATCH and code in result.reasons
        assert not any(r.startswith("MYNUMBER_BAD") for r in result.reasons)
        assert "表計算ソフト" in catalog.message(code, "ja") and "spreadsheet" in catalog.message(code, "en")


_valid = st.integers(0, 10**11 - 1).map(lambda i: number(i))


def _renderings(n: str) -> list[str]:
    out = [_excel(n), f"{n[0]}.{n[1:3]}e+11", n + ".0"]
    if n.startswith("0") and len(n.lstrip("0")) >= 8:
        out.append(n.lstrip("0"))
    return out


@settings(max_examples=100, deadline=None)
@given(st.lists(_valid, min_size=2, max_size=8, unique=True), st.data())
def test_spreadsheet_damage_never_makes_duplicate_flags(numbers: list[str], data: st.DataObject) -> None:
    people_ = [{"id": f"P{i}", "my_number": n, "name": f"山田 {i}", "birth_date": "1970-03-12", "sex": "1",
                "address": f"長野県長野市若里1丁目{i + 1}番2号"} for i, n in enumerate(numbers)]
    business = [dict(p, my_number=data.draw(st.sampled_from(_renderings(p["my_number"])))) for p in people_]
    rows = list(reconcile(business, people_))
    for row in rows:
        assert row.codes and row.codes[0].startswith("MYNUMBER_SPREADSHEET_"), row
        assert "RECORD_DUPLICATE_NUMBER" not in row.codes and "RECORD_PERSON_MULTIPLE_NUMBERS" not in row.codes


# --- finding 9: lone surrogates in memory, formula-like cells ------------------------------------


def test_a_lone_surrogate_in_a_record_is_a_row_like_any_other(tmp_path: Path) -> None:
    rec = {"my_number": "123456789018", "name": "髙橋\ud800", "birth_date": "1970-03-12", "sex": "1",
           "address": "長野県長野市鶴賀緑町1613", "id": "A\udcff"}
    expected = mc.compare(rec, rec)
    rows = list(reconcile([rec, dict(rec, my_number="621498320257", name="鈴木 花子")], [rec]))
    assert rows[0].verdict == expected.verdict.value and set(expected.reasons) <= set(rows[0].codes)
    assert rows[0].id == "A\ufffd" and rows[1].id == "A\ufffd"
    from mynacheck.reconcile.report_csv import write_report

    write_report(tmp_path / "r.csv", rows)  # writable: nothing un-encodable left in a cell
    assert "\ufffd" in (tmp_path / "r.csv").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("cell", ["＝1+2", "＋1", "－1", "＠SUM(A1)", " =1+2", "\u3000=1+2", "\ufeff=1+2",
                                  "\u200b=HYPERLINK(\"x\")", "  \u3000-1"])
def test_formula_like_cells_are_escaped_full_width_and_behind_blanks(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], cell: str) -> None:
    register = [person(0)]
    business = [[cell, *register[0][1:]]]
    _, _, rows, _ = reconcile_cli(tmp_path, business, register, capsys)
    assert rows[0]["id"] == "'" + cell



@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aム髙ｱ,\"\n\r\t\x00\x07\x1b\x7f\x80\x85\x9f\xa0±§ー"), max_size=30),
       st.sampled_from(["utf-8", "utf-8-sig", "cp932", "euc_jp"]))
def test_the_block_control_precheck_never_misses_one(text: str, encoding: str) -> None:
    # The cheap look at a block's bytes may say "maybe" wrongly, never "none" wrongly.
    from mynacheck.reconcile.core import has_control
    from mynacheck.reconcile.io import may_hold_control

    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    decoded = data.decode(encoding)
    if has_control((decoded,)):
        assert may_hold_control(data, decoded, encoding)
