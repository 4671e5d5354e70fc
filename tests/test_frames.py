"""Issue 18, finding 2: ``mynacheck.frame.compare_frame`` on pandas and polars DataFrames and Arrow tables.

The report comes back as the business frame's kind with REPORT.csv's columns; every library's missing
value is unknown; numeric columns are read back as the text they were, and a number that lost its leading
zero is flagged, not padded.  Local (records), frame and Spark paths give the same rows, on frames with
nulls.  Each test needs its library's extra (tests/conftest.py): skipped without it, required in CI.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import mynacheck as mc
from mynacheck.frame import compare_frame
from mynacheck.reconcile import REPORT_COLUMNS, Reconciliation

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "data"

H = {"my_number": "123456789018", "name": "長野 太郎", "kana": "ナガノ タロウ", "birth_date": "1970-03-12",
     "sex": "1", "address": "長野県長野市鶴賀緑町1613", "id": "A1"}
# Rows with nulls where pandas makes NaN: a family member's number (kana unknown), a person whose sex is
# unknown, a number that lost its leading zero, no number at all, a same-number pair, a plain match.
BUSINESS: list[dict[str, Any]] = [
    dict(H, name="長野 花子", kana=None, birth_date="2001-05-05", sex="2", id="A2"),
    dict(H, my_number="621498320257", name="松本 一郎", kana=None, sex=None, address="長野県松本市丸の内3-7",
         id="A3"),
    dict(H, my_number="012345678903", name="上田 誠", kana="ウエダ マコト", id=None),
    dict(H, my_number=None, name="上田 誠", kana="ウエダ マコト", id="A5"),
    dict(H, my_number="634127023092", name="北澤 誠", kana="キタザワ マコト", birth_date="1968-12-21", id="A6"),
    dict(H, my_number="634127023092", name="北沢 誠", kana=None, birth_date="1968-12-21", address=None, id="A7"),
    dict(H, id="A8"),
]
REGISTER: list[dict[str, Any]] = [
    H,
    dict(H, my_number="621498320257", name="松本 一郎", kana="マツモト イチロウ", address="長野県松本市丸の内3番7号"),
    dict(H, my_number="012345678903", name="上田 誠", kana=None),
    dict(H, my_number="634127023092", name="北澤 誠", kana="キタザワ マコト", birth_date="1968-12-21", sex=None),
]
COLUMNS = list(H)
# The business rows as a numeric column holds them: 012345678903 without its zero, the rest unchanged.
AS_NUMBERS = [dict(r, my_number=r["my_number"].lstrip("0")) if r["my_number"] else r for r in BUSINESS]


def _table(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    return {k: [r.get(k) for r in rows] for k in COLUMNS}


def local_rows(business: list[dict[str, Any]] = BUSINESS, register: list[dict[str, Any]] = REGISTER,
               **kw: Any) -> list[tuple[str, ...]]:
    return [r.columns() for r in mc.reconcile(business, register, **kw)]


def rows_of(report: Any) -> list[tuple[str, ...]]:
    """The report frame's rows as column tuples, whatever its kind."""
    kind = mc.frame.frame_kind(report)
    if kind == "pandas":
        assert list(report.columns) == list(REPORT_COLUMNS)
        return [tuple(r) for r in report.itertuples(index=False, name=None)]
    if kind == "polars":
        assert report.columns == list(REPORT_COLUMNS)
        assert all(str(t) == "String" for t in report.dtypes)
        return [tuple(r) for r in report.iter_rows()]
    assert report.schema.names == list(REPORT_COLUMNS)
    assert all(str(t) == "string" for t in report.schema.types)
    return [tuple(r.values()) for r in report.to_pylist()]


def pandas_frames(numeric: bool = False) -> tuple[Any, Any]:
    import numpy as np
    import pandas as pd

    business, register = pd.DataFrame(_table(BUSINESS)), pd.DataFrame(_table(REGISTER))
    business = business.where(business.notna(), np.nan)  # as pandas reads an empty cell: NaN, not None
    if numeric:  # as read_csv reads numbers it was not told are text
        business["my_number"] = pd.to_numeric(business["my_number"])  # float64: NaN, lost zero
        business["sex"] = pd.to_numeric(business["sex"])
        register["sex"] = register["sex"].astype("Int64")  # nullable integers: pd.NA
    return business, register


# --- the three kinds ---------------------------------------------------------------------------------------------

@pytest.mark.extra("pandas")
def test_pandas_frames_with_nan_give_the_local_rows() -> None:
    business, register = pandas_frames()
    report = compare_frame(business, register)
    assert type(report) is type(business) and list(report.index) == list(business.index)
    assert rows_of(report) == local_rows()
    # The family member of issue 18 (kana NaN) is a family member, not RECORD_COMPARE_FAILED.
    first = report.iloc[0]
    assert first["verdict"] == "mismatch" and "XF_FAMILY_MEMBER" in first["reasons"].split()
    assert "RECORD_COMPARE_FAILED" not in " ".join(report["reasons"])


@pytest.mark.extra("pandas")
def test_pandas_numeric_columns_are_read_back_as_text() -> None:
    business, register = pandas_frames(numeric=True)
    assert str(business["my_number"].dtype) == "float64"
    rows = rows_of(compare_frame(business, register))
    assert rows == local_rows(AS_NUMBERS)
    at = {c: i for i, c in enumerate(REPORT_COLUMNS)}
    by_id = {r[at["id"]]: r for r in rows}
    # 012345678903 became 12345678903.0: flagged as a spreadsheet's lost zero, never padded into a match.
    (lost,) = [r for r in rows if r[at["line"]] == "3"]
    assert lost[at["my_number"]] == "*******8903" and lost[at["verdict"]] == "mismatch"
    assert lost[at["reasons"]] == "MYNUMBER_SPREADSHEET_ZEROS"
    # 123456789018.0 is that number: joined, and its number compared exact.
    assert by_id["A8"][REPORT_COLUMNS.index("result_my_number")] == "exact"


@pytest.mark.extra("pandas")
def test_pandas_keeps_its_index_and_takes_other_dtypes() -> None:
    import pandas as pd

    business = pd.DataFrame(_table(BUSINESS), index=[f"k{i}" for i in range(len(BUSINESS))]).astype("string")
    business["birth_date"] = pd.to_datetime(business["birth_date"])
    business["kana"] = business["kana"].astype("category")
    report = compare_frame(business, pd.DataFrame(_table(REGISTER)).astype("string"))
    assert list(report.index) == list(business.index)
    assert rows_of(report) == local_rows()


@pytest.mark.extra("polars")
def test_polars_frames_with_nulls_give_the_local_rows() -> None:
    import polars as pl

    business, register = pl.DataFrame(_table(BUSINESS)), pl.DataFrame(_table(REGISTER))
    report = compare_frame(business, register)
    assert isinstance(report, pl.DataFrame) and rows_of(report) == local_rows()
    numeric = business.with_columns(pl.col("my_number").cast(pl.Int64), pl.col("sex").cast(pl.Int8))
    assert rows_of(compare_frame(numeric, register)) == local_rows(AS_NUMBERS)


@pytest.mark.extra("arrow")
def test_arrow_tables_with_nulls_give_the_local_rows() -> None:
    import pyarrow as pa

    business, register = pa.table(_table(BUSINESS)), pa.table(_table(REGISTER))
    report = compare_frame(business, register)
    assert isinstance(report, pa.Table) and rows_of(report) == local_rows()
    numeric = business.set_column(0, "my_number", business.column("my_number").cast(pa.int64()))
    assert rows_of(compare_frame(numeric, register)) == local_rows(AS_NUMBERS)
    assert rows_of(compare_frame(business.to_batches()[0], register)) == local_rows()


@pytest.mark.extra("pandas")
@pytest.mark.extra("polars")
@pytest.mark.extra("arrow")
def test_kinds_mix_and_the_report_is_the_business_frames_kind() -> None:
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    business, register = pd.DataFrame(_table(BUSINESS)), pa.table(_table(REGISTER))
    report = compare_frame(business, register)
    assert isinstance(report, pd.DataFrame) and rows_of(report) == local_rows()
    assert isinstance(compare_frame(pl.DataFrame(_table(BUSINESS)), register), pl.DataFrame)


# --- columns, mapping, options -----------------------------------------------------------------------------------

@pytest.mark.extra("pandas")
def test_japanese_headers_mapping_and_on() -> None:
    import pandas as pd

    japanese = {"my_number": "個人番号", "name": "氏名", "kana": "フリガナ", "birth_date": "生年月日", "sex": "性別",
                "address": "住所", "id": "宛名番号"}
    business = pd.DataFrame(_table(BUSINESS)).rename(columns=japanese)
    register = pd.DataFrame(_table(REGISTER)).rename(columns={"my_number": "KOJIN_NO", "name": "Shimei"})
    report = compare_frame(business, register, on=("個人番号", "KOJIN_NO"), mapping={"Shimei": "name"})
    assert rows_of(report) == local_rows()
    with pytest.raises(mc.InputError, match=r"register frame: no column gives name .*mapping="):
        compare_frame(business, register, on=("個人番号", "KOJIN_NO"))
    with pytest.raises(mc.InputError, match="no column 'nope'"):
        compare_frame(business, register, on="nope")


@pytest.mark.extra("pandas")
def test_options_reach_the_run() -> None:
    import pandas as pd

    business, register = pd.DataFrame(_table(BUSINESS)), pd.DataFrame(_table(REGISTER))
    shown = compare_frame(business, register, reveal_numbers=True, ruleset="GUIDELINE_3", today="2026-04-01")
    assert rows_of(shown) == local_rows(reveal_numbers=True, ruleset="GUIDELINE_3", today="2026-04-01")
    assert "123456789018" in set(shown["my_number"])
    assert "123456789018" not in " ".join(compare_frame(business, register)["my_number"])


@pytest.mark.parametrize("bad", [[{"my_number": "123456789018"}], {"my_number": ["123456789018"]}, "x.csv", None])
def test_anything_else_is_a_usage_error(bad: Any) -> None:
    with pytest.raises(mc.UsageError, match="compare_frame takes"):
        compare_frame(bad, bad)


@pytest.mark.extra("polars")
def test_a_lazy_frame_is_asked_to_collect() -> None:
    import polars as pl

    with pytest.raises(mc.UsageError, match="collect"):
        compare_frame(pl.DataFrame(_table(BUSINESS)).lazy(), pl.DataFrame(_table(REGISTER)))


def test_importing_mynacheck_imports_no_frame_library() -> None:
    code = ("import sys, mynacheck, mynacheck.frame\n"
            "print(sorted(m for m in ('pandas', 'polars', 'pyarrow', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- the example data: pandas' read_csv against the CLI's reader ------------------------------------------------

def _shift(row: tuple[str, ...], by: int) -> tuple[str, ...]:
    """A CSV report row with its line labels as positions (line 2 is the first row: position 1)."""
    cells = list(row)
    line = REPORT_COLUMNS.index("line")
    cells[line] = str(int(cells[line]) - by)
    at = REPORT_COLUMNS.index("related_lines")
    cells[at] = " ".join(str(int(x) - by) for x in cells[at].split())
    return tuple(cells)


@pytest.mark.extra("pandas")
def test_read_csv_frames_give_the_clis_report(tmp_path: Path) -> None:
    import pandas as pd

    business = pd.read_csv(EXAMPLES / "business.csv", dtype=str, encoding="cp932")
    register = pd.read_csv(EXAMPLES / "register.csv", dtype=str, encoding="utf-8")
    assert rows_of(compare_frame(business, register)) == [
        _shift(o.row.columns(), 1)
        for o in Reconciliation(EXAMPLES / "business.csv", EXAMPLES / "register.csv", progress=False)]
    # Empty cells, which pandas reads as NaN: a kana in every 5th row, a sex in every 7th.
    kana, sex = business.columns[3], business.columns[5]
    business.loc[business.index[::5], kana] = ""
    business.loc[business.index[::7], sex] = ""
    business.to_csv(tmp_path / "business.csv", index=False)
    read = pd.read_csv(tmp_path / "business.csv", dtype=str)
    assert read[kana].isna().sum() >= 60
    assert rows_of(compare_frame(read, register)) == [
        _shift(o.row.columns(), 1)
        for o in Reconciliation(tmp_path / "business.csv", EXAMPLES / "register.csv", progress=False)]


@pytest.mark.extra("pandas")
def test_a_frame_names_its_columns_as_programs_do_or_as_the_worksheet_does(tmp_path: Path) -> None:
    import pandas as pd

    from mynacheck.cli import main
    from mynacheck.reconcile.worksheet import header, unescape_cell

    business = pd.read_csv(EXAMPLES / "business.csv", dtype=str, encoding="cp932")
    register = pd.read_csv(EXAMPLES / "register.csv", dtype=str, encoding="utf-8")
    en = compare_frame(business, register)
    ja = compare_frame(business, register, lang="ja")
    assert tuple(en.columns) == REPORT_COLUMNS == header("en")  # the default: ReportRow's names, Spark's
    assert tuple(ja.columns) == header("ja") and ja.values.tolist() == en.values.tolist()
    # REPORT.csv as the CLI writes it by default (Japanese headers), read by pandas: the Japanese frame.
    out = tmp_path / "REPORT.csv"
    assert main(["reconcile", str(EXAMPLES / "business.csv"), str(EXAMPLES / "register.csv"), "--out", str(out),
                 "--quiet"]) == 1
    written = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(written.columns) == list(ja.columns)
    # The same cells, once a spreadsheet's formula guard (a leading ') is taken off again.
    assert [_shift(tuple(map(unescape_cell, r)), 1) for r in written.itertuples(index=False, name=None)] == \
        [tuple(r) for r in ja.itertuples(index=False, name=None)]
    with pytest.raises(mc.UsageError, match="lang"):
        compare_frame(business, register, lang="de")


# --- Spark ---------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def spark() -> Any:
    from mynacheck.spark import session

    s = session("local[2]", conf={"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4"})
    yield s
    s.stop()


@pytest.mark.extra("spark")
@pytest.mark.parametrize("numeric", [False, True], ids=["text", "numeric"])
def test_spark_gives_the_frame_rows_on_frames_with_nulls(spark: Any, numeric: bool) -> None:
    from mynacheck.spark import reconcile as spark_reconcile

    business, register = pandas_frames(numeric=numeric)
    expected = rows_of(compare_frame(business, register))
    assert expected == local_rows(AS_NUMBERS if numeric else BUSINESS)
    if numeric:
        register = register.astype({"sex": "float64"})  # Spark takes no pandas nullable Int64 column
    df = spark_reconcile(spark.createDataFrame(business), spark.createDataFrame(register), first_line=1)
    assert [tuple(r) for r in df.collect()] == expected
