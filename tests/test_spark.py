"""The Spark path gives the local path's report, row by row (Spark in local mode, ``local[2]``).

Skipped when PySpark is not installed, unless ``MYNACHECK_REQUIRE_SPARK=1``
(CI sets it): then a missing PySpark, pyarrow or Java fails the run (tests/conftest.py).
"""

from __future__ import annotations

import csv
import os
import random
import re
import shutil
import stat
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mynacheck.errors import InputError
from mynacheck.mynumber import calc_check_digit
from mynacheck.reconcile import REPORT_COLUMNS, Reconciliation, reconcile
from mynacheck.reconcile.io import detect_encoding
from mynacheck.spark import read_table, session, write_report
from mynacheck.spark import reconcile as spark_reconcile
from mynacheck.spark.__main__ import main as spark_main

pytestmark = pytest.mark.extra("spark")  # skipped without pyspark, pyarrow and Java (tests/conftest.py)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "data"
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_reconcile import generate  # noqa: E402

NUMBER = re.compile(r"(?<!\d)\d{12}(?!\d)")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    s = session("local[2]", conf={
        "spark.ui.enabled": "false",
        "spark.sql.shuffle.partitions": "4",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.sql.files.maxPartitionBytes": str(4 << 20),  # several input partitions even for 100k rows
    })
    yield s
    s.stop()


def local_rows(business: Path, register: Path, **kw: Any) -> list[tuple[str, ...]]:
    return [o.row.columns() for o in Reconciliation(business, register, progress=False, **kw)]


def spark_rows(spark: Any, business: Path, register: Path, **kw: Any) -> list[tuple[str, ...]]:
    df = spark_reconcile(read_table(spark, str(business)), read_table(spark, str(register), role="register"),
                         first_line=2, **kw)
    assert tuple(df.columns) == REPORT_COLUMNS
    return [tuple(r) for r in df.collect()]


def _number(rng: random.Random) -> str:
    body = f"{rng.randrange(10**11):011d}"
    return body + calc_check_digit(body)


HOSTILE = ["\ue000\ue001", "x" * 5000, "=1+1", "@SUM(A1)", "\x07\x1b", "１９７０年３月１２日", "   ", "-", "\u3000"]


def plant(business: Path, register: Path, seed: int = 8) -> None:
    """Add what the generator does not make: shared numbers, one person with two numbers, repeated
    register numbers, unnumbered register rows, hostile cells and a line of only separators."""
    rng = random.Random(seed)
    with open(register, encoding="utf-8", newline="") as fh:
        reg = list(csv.reader(fh))[1:2001]
    with open(business, "a", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        for i in range(100):  # someone else's number
            a, b = rng.sample(reg, 2)
            w.writerow([f"D{i}", a[1], *b[2:]])
        for i in range(100):  # the same person again with another number
            w.writerow([f"M{i}", _number(rng), *rng.choice(reg)[2:]])
        w.writerow(["", "", "", "", "", "", ""])
        for i in range(60):
            row = [f"H{i}", *rng.choice(reg)[1:]]
            row[rng.randrange(1, 7)] = rng.choice(HOSTILE)
            w.writerow(row)
    with open(register, "a", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        for i in range(50):
            w.writerow([f"RD{i}", rng.choice(reg)[1], "別人 太郎", "ベツジン タロウ", "1990-01-01", "1", "東京都千代田区霞が関1-1"])
        for i in range(20):
            w.writerow([f"RN{i}", "", *rng.choice(reg)[2:]])


# --- equivalence ---------------------------------------------------------------------------


def test_example_data_gives_the_local_report_row_by_row(spark: Any) -> None:
    biz, reg = EXAMPLES / "business.csv", EXAMPLES / "register.csv"  # CP932, Japanese headers
    expected = local_rows(biz, reg)
    got = spark_rows(spark, biz, reg)
    assert len(got) == len(expected) == 302
    assert got == expected
    assert sum(r[REPORT_COLUMNS.index("verdict")] != "match" for r in got) >= 5  # not a vacuous comparison


@pytest.mark.parametrize("ruleset", ["GUIDELINE_3"])
def test_100k_generated_rows_give_the_local_report_row_by_row(spark: Any, tmp_path: Path, ruleset: str) -> None:
    biz, reg = generate(100_000, tmp_path, seed=8)
    plant(biz, reg)
    expected = local_rows(biz, reg, ruleset=ruleset, jobs=2)
    got = spark_rows(spark, biz, reg, ruleset=ruleset)
    assert len(got) == len(expected) == 100_260
    v, r = REPORT_COLUMNS.index("verdict"), REPORT_COLUMNS.index("reasons")
    mismatched = [(e[0], e[v], e[r], g[v], g[r]) for e, g in zip(expected, got, strict=True) if e != g]
    assert not mismatched, mismatched[:5]
    reasons = " ".join(row[r] for row in got)
    for code in ("RECORD_DUPLICATE_NUMBER", "RECORD_PERSON_MULTIPLE_NUMBERS", "RECORD_REGISTER_DUPLICATE",
                 "RECORD_NOT_IN_REGISTER", "MYNUMBER_BAD_CHECKSUM"):
        assert code in reasons


def test_records_with_hostile_values_never_fail_a_task(spark: Any) -> None:
    person = {"my_number": "123456789018", "name": "髙橋 一郎", "kana": "タカハシ イチロウ", "birth_date": "1970-03-12",
              "sex": "1", "address": "長野県長野市鶴賀緑町1613", "id": "A", "aliases": ""}
    business = [dict(person, id=f"H{i}", **{k: h}) for i, h in enumerate(HOSTILE) for k in ("name", "address")]
    business += [dict(person, my_number=h, id=f"N{i}") for i, h in enumerate(HOSTILE)]
    business += [dict(person, id="S", name="髙橋 花子"), dict(person, id="T", my_number="621498320257")]
    register = [person, dict(person, name="髙橋 二郎")]
    keys = list(person)
    bdf = spark.createDataFrame([tuple(r[k] for k in keys) for r in business], ", ".join(f"{k} string" for k in keys))
    rdf = spark.createDataFrame([tuple(r[k] for k in keys) for r in register], ", ".join(f"{k} string" for k in keys))
    got = [tuple(r) for r in spark_reconcile(bdf, rdf).collect()]
    expected = [r.columns() for r in reconcile(business, register, jobs=1)]
    assert got == expected
    codes = {c for r in got for c in r[REPORT_COLUMNS.index("reasons")].split()}
    assert len(codes - {"RECORD_DUPLICATE_NUMBER", "RECORD_PERSON_MULTIPLE_NUMBERS"}) >= 3  # the values were judged


def test_column_mapping_parquet_in_and_out(spark: Any, tmp_path: Path) -> None:
    """--map works as in the CLI; Parquet in; Parquet out is private to the owner."""
    biz, reg = EXAMPLES / "business.csv", EXAMPLES / "register.csv"
    renamed = read_table(spark, str(biz)).withColumnRenamed("氏名", "Shimei")
    renamed.write.parquet(str(tmp_path / "biz.parquet"))
    mapping = {"Shimei": "name", "氏名": "name"}
    with pytest.raises(InputError, match="required column missing in the business file: name"):
        spark_reconcile(read_table(spark, str(tmp_path / "biz.parquet")), read_table(spark, str(reg)))
    df = spark_reconcile(read_table(spark, str(tmp_path / "biz.parquet")), read_table(spark, str(reg)),
                         mapping=mapping, first_line=2)
    summary = write_report(df, str(tmp_path / "out.parquet"), "parquet")
    back = [tuple(r) for r in spark.read.parquet(str(tmp_path / "out.parquet")).collect()]
    local = local_rows(biz, reg)
    assert sorted(back) == sorted(local)
    assert summary.rows == 302 and summary.flagged == sum(r[REPORT_COLUMNS.index("verdict")] != "match" for r in local)
    for f in (tmp_path / "out.parquet").iterdir():
        if f.is_file() and not f.name.startswith("."):
            assert stat.S_IMODE(f.stat().st_mode) & 0o077 == 0, f


def test_reveal_numbers_is_asked_for_explicitly(spark: Any) -> None:
    biz, reg = EXAMPLES / "business.csv", EXAMPLES / "register.csv"
    shown = spark_rows(spark, biz, reg, reveal_numbers=True)
    assert shown == local_rows(biz, reg, reveal_numbers=True)
    assert any(NUMBER.fullmatch(r[REPORT_COLUMNS.index("my_number")]) for r in shown)


# --- privacy and the command ---------------------------------------------------------------


def test_an_executor_error_leaves_without_row_values() -> None:
    from mynacheck.spark import _partial

    def leaky(batches: Any) -> Iterator[Any]:
        raise ValueError("row 123456789018 髙橋 一郎")
        yield  # pragma: no cover

    with pytest.raises(RuntimeError) as info:
        list(_partial(leaky)(iter([])))
    text = "".join(traceback.format_exception(info.value))
    assert "123456789018" not in text and "髙橋" not in text and "ValueError" in text


def test_command_output_and_logs_hold_no_full_number(tmp_path: Path) -> None:
    """The whole command as a subprocess: stdout, stderr (log4j and Python workers) and the report."""
    biz, reg = tmp_path / "business.csv", tmp_path / "register.csv"
    shutil.copy(EXAMPLES / "register.csv", reg)
    text = (EXAMPLES / "business.csv").read_bytes().decode("cp932")
    extra = "\r\n".join(["123456789018,621498320257,髙橋 一郎,タカハシ イチロウ,1970-03-12,1,長野県長野市鶴賀緑町1613",
                         "=cmd|' /C calc'!A0,1234 5678 9018,\ue000,,,,", ""])
    biz.write_bytes((text + extra).encode("cp932"))
    numbers = set()
    for path in (biz, reg):
        numbers |= set(NUMBER.findall(path.read_bytes().decode(detect_encoding(path))))
    assert len(numbers) > 250
    out = tmp_path / "report.csv"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    proc = subprocess.run(
        [sys.executable, "-m", "mynacheck.spark", str(biz), str(reg), "--out", str(out), "--master", "local[2]",
         "--conf", "spark.sql.shuffle.partitions=4"],
        capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 1, proc.stderr[-2000:]
    report = out.read_text(encoding="utf-8-sig")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "302 business rows" not in proc.stdout and "304 business rows" in proc.stdout
    for blob in (proc.stdout, proc.stderr, report):
        leaked = numbers & set(NUMBER.findall(blob))
        assert not leaked, sorted(leaked)[:3]
    assert "'=cmd" in report  # formula cells are escaped as in REPORT.csv
    assert "********9018" in report


def test_command_errors_are_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                spark: Any) -> None:
    code = spark_main([str(tmp_path / "missing.csv"), str(EXAMPLES / "register.csv"), "--out", str(tmp_path / "o.csv")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "business file not found" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")
    code = spark_main([str(bad), str(EXAMPLES / "register.csv"), "--out", str(tmp_path / "o.csv")])
    err = capsys.readouterr().err
    assert code == 2 and "required column missing" in err and not (tmp_path / "o.csv").exists()
    assert spark.range(1).count() == 1  # an embedding caller's session survives the command


def test_a_custom_ruleset_travels_to_the_executors(spark: Any) -> None:
    import mynacheck as mc

    custom = mc.rulesets.GUIDELINE_4.replace("field.sex", mc.field_rule("sex", required=False)).renamed("NO_SEX", "1")
    person = {"my_number": "123456789018", "name": "髙橋 一郎", "birth_date": "1970-03-12", "sex": "",
              "address": "長野県長野市鶴賀緑町1613"}
    keys = list(person)
    schema = ", ".join(f"{k} string" for k in keys)
    bdf = spark.createDataFrame([tuple(person[k] for k in keys)], schema)
    rdf = spark.createDataFrame([tuple(dict(person, sex="1")[k] for k in keys)], schema)
    got = [tuple(r) for r in spark_reconcile(bdf, rdf, ruleset=custom).collect()]
    assert got == [r.columns() for r in reconcile([person], [dict(person, sex="1")], ruleset=custom, jobs=1)]
    strict = [tuple(r) for r in spark_reconcile(bdf, rdf).collect()]
    verdict = REPORT_COLUMNS.index("verdict")
    assert got[0][verdict] == "match" and strict[0][verdict] != "match"  # the custom rule, not the default, applied


def test_bom_alias_columns_and_blank_lines_read_as_the_csv_reader_reads_them(spark: Any, tmp_path: Path) -> None:
    """UTF-8 with BOM, two alias columns joined with ';', a line of only separators (its number still counts)."""
    header = "個人番号,氏名,カナ氏名,生年月日,性別,住所,通称,旧氏,宛名番号\r\n"
    row = "123456789018,髙橋 花子,タカハシ ハナコ,1970-03-12,2,長野県長野市鶴賀緑町1613"
    biz, reg = tmp_path / "b.csv", tmp_path / "r.csv"
    biz.write_bytes(("\ufeff" + header + "\r\n".join([
        f"{row},\u3000,山田,A1", ",,,,,,,,", f"{row},ハナ,\u3000山田 ,A2", f"{row},,,A3",
        "\"621498320257\",\"佐藤 \"\"健\"\"\",,1990-01-01,1,東京都千代田区霞が関1-1,,,A4"]) + "\r\n").encode("utf-8"))
    reg.write_bytes(("\ufeff" + header + f"{row},,山田,R1\r\n").encode("utf-8"))
    got = spark_rows(spark, biz, reg)
    expected = local_rows(biz, reg)
    assert got == expected
    assert [r[REPORT_COLUMNS.index("line")] for r in got] == ["2", "4", "5", "6"]


def test_control_characters_damaged_numbers_and_blank_rows_come_out_as_locally(spark: Any, tmp_path: Path) -> None:
    """Issue 13: a stray control character flags its row (RECORD_CONTROL_CHARS) and is shown as U+FFFD; a
    number a spreadsheet changed has its own reason and groups with nothing; a row of white space is a row,
    a short line of white space or a line of empty cells is none; extra empty cells are dropped."""
    header = "id,my_number,name,kana,birth_date,sex,address\n"
    rows = [f"P{i},{_number(random.Random(i))},山田 {i},ヤマダ,1970-03-12,1,長野県長野市若里1丁目{i}番2号"
            for i in range(8)]
    register = list(rows)
    register[5] = register[5].replace("若里", "若\x1b里")  # a control character on the register side
    business = list(rows)
    business[1] = business[1].replace("山田 1", "山田\x00一")
    business[2] = "P2\x07" + business[2][2:]
    business[3] = business[3].split(",", 2)[0] + ",6.34127E+11," + business[3].split(",", 2)[2]
    business[4] = business[4].split(",", 2)[0] + ",3.14159E+11," + business[4].split(",", 2)[2]
    business[6] += ",,"
    lines = [*business, "\u3000,\u3000,\u3000,\u3000,\u3000,\u3000,\u3000", "  ", ",,,,,,", "\u3000,,"]
    biz, reg = tmp_path / "b.csv", tmp_path / "r.csv"
    biz.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    reg.write_text(header + "\n".join(register) + "\n", encoding="utf-8")
    expected = local_rows(biz, reg)
    got = spark_rows(spark, biz, reg)
    assert got == expected
    line = REPORT_COLUMNS.index("line")
    reasons = {r[line]: r[REPORT_COLUMNS.index("reasons")].split() for r in got}
    assert "RECORD_CONTROL_CHARS" in reasons["3"] and "RECORD_CONTROL_CHARS" in reasons["4"]
    assert "RECORD_CONTROL_CHARS" in reasons["7"]  # joined to the register row holding one
    assert reasons["5"] == reasons["6"] == ["MYNUMBER_SPREADSHEET_NUMBER"]
    assert [r[line] for r in got] == ["2", "3", "4", "5", "6", "7", "8", "9", "10"]
    assert not any(c in "".join(map(str, r)) for r in got for c in "\x00\x07\x1b")
