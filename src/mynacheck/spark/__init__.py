"""Reconcile on Apache Spark: the same rules and verdicts as the local run, on a cluster.

Install with ``pip install mynacheck[spark]`` (PySpark and pyarrow).  The
run, on two DataFrames of strings:

1. both sides get their columns mapped to record keys, as the CLI maps a
   CSV header (:func:`~mynacheck.reconcile.io.map_header`), and every business row its position;
2. the join key (the compact My Number) is computed on both sides by the
   library's own normalizer inside ``mapInArrow``; the register keeps the
   first row of each number and marks a repeated one; Spark joins the two
   (the shuffle is Spark's);
3. the duplicate checks are Spark aggregations: group the rows by the
   number digest and count distinct person digests (and the other way
   round), exactly the group-bys of :mod:`mynacheck.reconcile.duplicates`;
4. every joined batch is scored by :func:`mynacheck.reconcile.batch.score_batch`
   inside ``mapInArrow``, the columnar wrapper over
   :func:`~mynacheck.reconcile.core.score_row`, the path a row takes to its
   report cells in the local run too; the driver writes REPORT.csv with the
   local run's formatter (:class:`~mynacheck.reconcile.report_csv.CsvReport`).

The result has exactly the columns of REPORT.csv, in input order.  Only
masked numbers leave the executors unless ``reveal_numbers=True``; a row
that cannot be scored comes back as ``review`` with a reason and never fails
a task; an error inside an executor function never carries row values.

Importing this module does not import PySpark: it is imported when a
function here is called.
"""

from __future__ import annotations

import datetime
import functools
import operator
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from ..clock import as_day
from ..errors import InputError
from ..reconcile.batch import BATCH_KEYS, RELATED_LIMIT, key_batch, score_batch
from ..reconcile.core import REGISTER_DUPLICATE, REPORT_COLUMNS, ReportRow
from ..reconcile.io import map_header
from ..reconcile.pipeline import Summary
from ..reconcile.report_csv import CsvReport
from ..reconcile.report_html import HtmlReport
from ..reconcile.worksheet import Carry
from ..rules import Ruleset, rulesets

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

__all__ = [
    "reconcile",
    "session",
    "read_table",
    "mapped",
    "with_position",
    "write_report",
    "register_counts",
    "RegisterCounts",
    "input_format",
    "SPARK_CONF",
    "POSITION",
    "ROWS_PER_PARTITION",
]

#: Session settings :func:`session` applies (a caller's own settings win).
SPARK_CONF: dict[str, str] = {
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    # Report files list who holds which number: only the owner may read them.
    "spark.hadoop.fs.permissions.umask-mode": "077",
    "spark.ui.showConsoleProgress": "false",
    # A row costs far more Python time than its bytes suggest (~200 bytes, ~1 ms): smaller
    # input splits keep every core busy in the passes before the first shuffle.
    "spark.sql.files.maxPartitionBytes": str(16 << 20),
    # CP932 (Shift_JIS) exports: Spark 4 reads only UTF-x/Latin-1 CSV without this.
    "spark.sql.legacy.javaCharsets": "true",
}

#: Rows per partition of the scoring pass when the output is ordered.
ROWS_PER_PARTITION = 20_000

#: The column holding each business row's position (0-based) in input order.
POSITION = "_pos"

_MID_BITS = 33  # monotonically_increasing_id: partition index << 33 | record number
_REG = "reg_"

# A cell text no file holds: read_table's nullValue, so an empty cell reads as "", not null.
_NO_NULL = "\ue000mynacheck:no-null\ue000"

# Python's str.isspace() characters, spelled out so Spark's regex agrees with str.strip().
_SPACE_CLASS = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in map(chr, range(0x3001)) if c.isspace()) + "]"


def session(master: str | None = None, app_name: str = "mynacheck", conf: Mapping[str, str] | None = None
            ) -> SparkSession:
    """A SparkSession with the settings mynacheck needs (Arrow on, private output files, log level WARN).

    ``master`` is e.g. ``local[2]``; None keeps what ``spark-submit`` (or
    the default) gives.  In local mode the executors run this Python.
    """
    from pyspark.sql import SparkSession

    conf = dict(conf or {})
    if master is not None and master.startswith("local"):
        # Local executors must import mynacheck: they run this interpreter.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        # In local mode the driver is the executor too: 1 GiB (the default) is short for sorts of 1M rows.
        conf.setdefault("spark.driver.memory", "2g")
    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
        if master.startswith("local"):
            builder = builder.config("spark.ui.enabled", "false")
    for key, value in {**SPARK_CONF, **conf}.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark


# --- columns ---------------------------------------------------------------------


def _blank(col: Column) -> Column:
    return col.isNull() | col.rlike(f"^{_SPACE_CLASS}*$")


def mapped(
    df: DataFrame,
    mapping: Mapping[str, str] | None = None,
    required: Sequence[str] = ("my_number",),
    *,
    role: str = "business",
    source: str = "",
    keep: Sequence[str] = (),
) -> DataFrame:
    """The record-key columns of a DataFrame, as strings; rows whose every cell is blank dropped.

    Several ``aliases`` columns are joined with ``;`` (blank ones left out),
    as the CSV reader joins them.  ``keep`` columns pass through unchanged.
    """
    from pyspark.sql import functions as F

    names = [n for n in df.columns if n not in keep]
    columns = map_header(names, mapping, required, role=role, source=source)
    positional = [f"_c{i}" for i in range(len(names))]
    types = dict(df.dtypes)
    df = df.select(*[_as_text(n, types.get(n, "string")).alias(p) for n, p in zip(names, positional, strict=True)],
                   *[F.col(f"`{k}`") for k in keep])
    if positional:
        # As the CSV reader: a line of empty cells is no row, nor a short line of white space alone
        # (its line number still counts); a row of full width with white space in a cell (U+3000) is
        # a row.  read_table reads an empty cell as "" and a cell a short line lacks as null.
        cols = [F.col(p) for p in positional]
        only_space = functools.reduce(operator.and_, (_blank(c) for c in cols))
        short = functools.reduce(operator.or_, (c.isNull() for c in cols))
        empty = functools.reduce(operator.and_, ((c.isNull() | (c == "")) for c in cols))
        df = df.where(~(only_space & (short | empty)))
    out = []
    for key, idx in columns.items():
        if len(idx) == 1:
            out.append(F.col(positional[idx[0]]).alias(key))
        else:
            parts = [F.when(~_blank(F.col(positional[i])), F.col(positional[i])) for i in idx]
            out.append(F.concat_ws(";", *parts).alias(key))
    return df.select(*out, *[F.col(f"`{k}`") for k in keep])


def _as_text(name: str, dtype: str) -> Column:
    """A column as the text the local path reads from the same value (:func:`mynacheck.record.plain_value`).

    Spark writes a double as ``1.23456789018E11``, where a whole number is its
    digits locally (``123456789018``); NaN is a missing value; a timestamp is its day.
    """
    from pyspark.sql import functions as F

    col = F.col(f"`{name}`")
    if dtype in ("double", "float"):
        whole = col.cast("decimal(38,0)").cast("string")
        return F.when(F.isnan(col), F.lit(None)).when(col == F.floor(col), whole).otherwise(col.cast("string"))
    if dtype.startswith("timestamp"):
        return F.to_date(col).cast("string")
    return col.cast("string")


def with_position(df: DataFrame, name: str = POSITION) -> DataFrame:
    """Add each row's position in read order (0-based, dense) as a long column.

    One small job counts the rows of each partition; the position is then
    the partition's offset plus the row's number inside it.  For one input
    file the read order is the file's order.
    """
    return _positioned(df, name)[0]


def _positioned(df: DataFrame, name: str = POSITION) -> tuple[DataFrame, int]:
    """:func:`with_position`, and the number of rows."""
    from pyspark.sql import functions as F

    mid = "_mid"
    df = df.withColumn(mid, F.monotonically_increasing_id())
    part = F.shiftright(F.col(mid), _MID_BITS)
    counts = sorted((int(r[0]), int(r[1])) for r in df.groupBy(part.alias("p")).count().collect())
    offsets, total = [], 0
    for p, n in counts:
        offsets.append((p, total))
        total += n
    spark = df.sparkSession
    table = spark.createDataFrame(offsets or [(0, 0)], "_part long, _off long")
    local = F.col(mid).bitwiseAND((1 << _MID_BITS) - 1)
    return (df.join(F.broadcast(table), part == F.col("_part"), "left")
              .withColumn(name, F.coalesce(F.col("_off"), F.lit(0)) + local)
              .drop(mid, "_part", "_off")), total


# --- the executor functions (run by mapInArrow; module-level so they pickle by reference) ---------


def _ruleset(ref: str | Ruleset) -> Ruleset:
    return _shipped(ref) if isinstance(ref, str) else ref


@cache
def _shipped(name: str) -> Ruleset:
    return rulesets.by_name(name)


def _register_keys(batches: Iterable[Any], schema: Any) -> Iterator[Any]:
    """Add the join key (the compact number) to every row."""
    pa = _pyarrow()

    from ..reconcile.keys import number_key

    for batch in batches:
        data = batch.to_pydict()
        keys = []
        for value in data["my_number"]:
            try:
                keys.append(number_key(value))
            except Exception:
                keys.append(None)
        data["_key"] = keys
        yield pa.RecordBatch.from_pydict(data, schema=schema)


class RegisterCounts(NamedTuple):
    """What the local run counts of its register (:func:`register_counts`)."""

    rows: int  #: rows, as the CSV reader reads them (a line of empty cells is none)
    repeated: int  #: rows repeating a number met before (the first row of a number wins)
    unnumbered: int  #: rows with no number to join on (blank, or damaged by a spreadsheet)
    spreadsheet: int  #: of those, rows whose number a spreadsheet changed (``6.34127E+11``): worth a warning


def register_counts(register: DataFrame, *, mapping: Mapping[str, str] | None = None,
                    source: str = "") -> RegisterCounts:
    """Count the register as the local run does, for the run summary and REPORT.csv.manifest.json.

    One Spark job over the register.
    """
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    r = mapped(register, mapping, ("my_number",), role="register", source=source)
    schema = T.StructType([T.StructField("_key", T.StringType()), T.StructField("_sheet", T.BooleanType())])
    tally = r.select("my_number").mapInArrow(_partial(_register_tally, _arrow_schema(schema)), schema)
    counted = tally.agg(F.count(F.lit(1)).alias("rows"), F.count("_key").alias("numbered"),
                        F.countDistinct("_key").alias("numbers"),
                        F.sum(F.col("_sheet").cast("long")).alias("sheet")).first()
    rows, numbered, numbers, sheet = ((int(counted[k] or 0) for k in ("rows", "numbered", "numbers", "sheet"))
                                      if counted else (0, 0, 0, 0))
    return RegisterCounts(rows, numbered - numbers, rows - numbered, sheet)


def _register_tally(batches: Iterable[Any], schema: Any) -> Iterator[Any]:
    """Each register row's join key (None: no number to join on) and whether a spreadsheet damaged its number."""
    pa = _pyarrow()

    from ..mynumber import spreadsheet_damage
    from ..reconcile.keys import number_key

    for batch in batches:
        keys: list[str | None] = []
        sheet: list[bool] = []
        for value in batch.column("my_number").to_pylist():
            try:
                key = number_key(value)
            except Exception:
                key = None
            keys.append(key)
            sheet.append(key is None and spreadsheet_damage(value) is not None)
        yield pa.RecordBatch.from_pydict({"_key": keys, "_sheet": sheet}, schema=schema)


def _business_keys(batches: Iterable[Any], schema: Any, columns: Sequence[str],
                   today: datetime.date | None = None) -> Iterator[Any]:
    pa = _pyarrow()

    for batch in batches:
        data = batch.to_pydict()
        keys = key_batch(data, today=today)
        out = {c: data[c] for c in columns}
        out["_key"] = keys["number_key"]
        out["_nd"] = keys["number_digest"]
        out["_pd"] = keys["person_digest"]
        yield pa.RecordBatch.from_pydict(out, schema=schema)


def _score(batches: Iterable[Any], schema: Any, ruleset: str | Ruleset, reveal: bool, first_line: int,
           business_keys: Sequence[str], register_keys: Sequence[str],
           today: datetime.date | None = None) -> Iterator[Any]:
    pa = _pyarrow()

    rs = _ruleset(ruleset)
    for batch in batches:
        data = batch.to_pydict()
        business = {k: data[k] for k in business_keys}
        register: dict[str, Sequence[Any]] = {k: data[_REG + k] for k in register_keys}
        register[REGISTER_DUPLICATE] = data["_rdup"]
        positions = data[POSITION]
        out: dict[str, list[Any]] = dict(score_batch(
            business, register, rs, lines=[p + first_line for p in positions], reveal_numbers=reveal,
            number_groups=data["_ng"], person_groups=data["_pg"], today=today))
        out[POSITION] = positions
        yield pa.RecordBatch.from_pydict(out, schema=schema)


def _arrow_schema(df_schema: Any) -> Any:
    from pyspark.sql.pandas.types import to_arrow_schema

    return to_arrow_schema(df_schema)


# --- the run -----------------------------------------------------------------------


def _ruleset_ref(ruleset: Ruleset | str | None) -> tuple[Ruleset, str | Ruleset]:
    if isinstance(ruleset, str):
        try:
            ruleset = rulesets.by_name(ruleset)
        except ValueError as err:
            raise InputError(str(err)) from None
    rs = ruleset or rulesets.DEFAULT
    # A shipped ruleset travels by name; a custom one is pickled with the function.
    return rs, (rs.name if rulesets.ALL.get(rs.name) is rs else rs)


def reconcile(
    business: DataFrame,
    register: DataFrame,
    *,
    ruleset: Ruleset | str | None = None,
    mapping: Mapping[str, str] | None = None,
    reveal_numbers: bool = False,
    first_line: int = 1,
    ordered: bool = True,
    keep_position: bool = False,
    source: tuple[str, str] = ("", ""),
    today: datetime.date | str | None = None,
) -> DataFrame:
    """Reconcile a business DataFrame against a register DataFrame; a DataFrame with REPORT.csv's columns.

    Columns are matched to record keys as the CLI matches a CSV header
    (``mapping`` is ``--map``: column → key); the ruleset's required keys
    must be there.  ``line`` is the row's position + ``first_line`` (1 as
    for records in :func:`mynacheck.reconcile.reconcile`; the CSV reader
    passes 2, the line of the first row after the header).  The rows come
    back in input order (``ordered``); ``keep_position`` keeps the
    ``_pos`` column to order by later.  ``today`` replays a past run
    (:mod:`mynacheck.clock`): the executors check as on that day.

    The result is lazy except for one small job that counts the rows of
    each input partition (for the positions).
    """
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
    from pyspark.sql.window import Window

    rs, ref = _ruleset_ref(ruleset)
    day = None if today is None else as_day(today)
    required = ("my_number", *rs.required_fields)
    for df, role, name in ((business, "business", source[0]), (register, "register", source[1])):
        # Check the headers before any Spark job runs.
        map_header([c for c in df.columns if c != POSITION], mapping, required, role=role, source=name)
    # Positions first: a dropped blank row still takes its line number, as in the CSV reader.
    total = None
    if POSITION not in business.columns:
        business, total = _positioned(business)
    b = mapped(business, mapping, required, role="business", source=source[0], keep=(POSITION,))
    # The register needs only an order (first row of a number wins), not dense positions.
    r = mapped(register.withColumn("_rpos", F.monotonically_increasing_id()), mapping, required, role="register",
               source=source[1], keep=("_rpos",))
    business_keys = [k for k in BATCH_KEYS if k in b.columns]
    register_keys = [k for k in BATCH_KEYS if k in r.columns]

    # Register: the first row of each number, and whether the number repeats.
    r_schema = T.StructType([*r.schema.fields, T.StructField("_key", T.StringType())])
    rk = r.mapInArrow(_partial(_register_keys, _arrow_schema(r_schema)), r_schema)
    firsts = (rk.where(F.col("_key").isNotNull())
                .groupBy("_key")
                .agg(F.min(F.struct("_rpos", *register_keys)).alias("_first"), F.count(F.lit(1)).alias("_n")))
    reg = firsts.select(F.col("_key").alias("_rkey"), *[F.col(f"_first.{k}").alias(_REG + k) for k in register_keys],
                        (F.col("_n") > 1).alias("_rdup"))

    # Keys: the join key and the two digests, in one Python pass over the business rows.
    bk_schema = T.StructType([*b.schema.fields, T.StructField("_key", T.StringType()),
                              T.StructField("_nd", T.LongType()), T.StructField("_pd", T.LongType())])
    bk = b.mapInArrow(_partial(_business_keys, _arrow_schema(bk_schema), b.columns, day), bk_schema).withColumn(
        "_line", F.col(POSITION) + F.lit(first_line))
    # Duplicate checks: "group by one digest, more than one distinct other digest" (None never
    # groups), as windows so the rows flow through once.  min != max is "two distinct values"; a
    # group's 11 smallest lines still hold the 10 smallest *other* lines of each of its rows.
    flagged = bk
    for group, other, out in (("_nd", "_pd", "_ng"), ("_pd", "_nd", "_pg")):
        g = F.col(group)
        # Rows without the key are each their own group (no skew on a big null group).
        w = (Window.partitionBy(g.isNull(), F.coalesce(g, F.col(POSITION))).orderBy("_line")
             .rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing))
        first = F.filter(F.array(*[F.nth_value("_line", k).over(w) for k in range(1, RELATED_LIMIT + 2)]),
                         lambda x: x.isNotNull())
        conflict = g.isNotNull() & (F.min(other).over(w) != F.max(other).over(w))
        flagged = flagged.withColumn(out, F.when(conflict, first))

    joined = (flagged.join(reg, flagged["_key"] == reg["_rkey"], "left")
                .select(POSITION, *business_keys, *[_REG + k for k in register_keys],
                        F.coalesce(F.col("_rdup"), F.lit(False)).alias("_rdup"), "_ng", "_pg"))
    out_schema = T.StructType([*(T.StructField(c, T.StringType(), False) for c in REPORT_COLUMNS),
                               T.StructField(POSITION, T.LongType(), False)])
    if ordered:
        # Sort *before* scoring: a global sort samples its input in a job of its own, which would
        # run the Python scoring twice; mapInArrow keeps the order of the rows it is given.  The
        # partitions are counted in rows (a row costs ~1 ms of Python, whatever its bytes), which
        # also keeps each partition small for a driver that streams the report.
        parallelism = business.sparkSession.sparkContext.defaultParallelism
        parts = max(2 * parallelism, -(-(total or 0) // ROWS_PER_PARTITION), 1)
        joined = joined.repartitionByRange(parts, POSITION).sortWithinPartitions(POSITION)
    scored = joined.mapInArrow(
        _partial(_score, _arrow_schema(out_schema), ref, reveal_numbers, first_line, business_keys, register_keys,
                 day),
        out_schema)
    return scored if keep_position else scored.drop(POSITION)


def _pyarrow() -> Any:
    import pyarrow  # type: ignore[import-untyped,import-not-found,unused-ignore]

    return pyarrow


def _partial(func: Any, *args: Any) -> Any:
    """``func`` with its extra arguments bound, wrapped so an error never carries row values."""
    return functools.partial(_run, func, args)


def _run(func: Any, args: tuple[Any, ...], batches: Iterable[Any]) -> Iterator[Any]:
    try:
        yield from func(batches, *args)
    except Exception as err:
        raise RuntimeError(f"mynacheck: a batch could not be processed ({type(err).__name__})") from None


# --- files -------------------------------------------------------------------------

def _charset(encoding: str | None) -> str:
    """Python's name of an encoding → the Java charset Spark reads it with."""
    e = (encoding or "utf-8").lower().replace("_", "-")
    if e in ("utf-8", "utf8", "utf-8-sig"):
        return "UTF-8"  # a BOM ends up in the first header, which the mapping ignores
    if e in ("cp932", "ms932", "windows-31j", "shift-jis", "sjis", "shiftjis"):
        return "windows-31j"
    return encoding or "UTF-8"


def _is_local(path: str) -> bool:
    return not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]+://", path) or path.startswith("file://")


def input_format(path: str) -> str:
    """``parquet`` for a ``.parquet`` path (or a directory of them), else ``csv``.

    >>> input_format("biz.parquet"), input_format("hdfs:///data/biz.csv")
    ('parquet', 'csv')
    """
    p = path.rstrip("/")
    if p.endswith((".parquet", ".pq")):
        return "parquet"
    local = p.removeprefix("file://")
    if _is_local(p) and os.path.isdir(local) and any(f.endswith(".parquet") for f in os.listdir(local)):
        return "parquet"
    return "csv"


def read_table(spark: SparkSession, path: str, *, fmt: str | None = None, encoding: str | None = None,
               role: str = "business", multiline: bool = False) -> DataFrame:
    """Read a CSV (header row, every column a string) or a Parquet input.

    The encoding of a local CSV file is detected as the CLI does (UTF-8, UTF-8
    with BOM, CP932); elsewhere it is UTF-8 unless given.  Quoting is
    RFC 4180 (``""`` inside quotes), as Python's csv module reads it.
    ``multiline`` allows line breaks inside quoted cells (the file is then
    read by one task).
    """
    fmt = fmt or input_format(path)
    local = path.removeprefix("file://")
    if _is_local(path) and not os.path.exists(local):
        raise InputError(f"{path}: {role} file not found")
    if fmt not in ("csv", "parquet"):
        raise InputError(f"--input-format {fmt!r}: use csv or parquet")
    if fmt == "csv" and encoding is None and _is_local(path) and os.path.isfile(local):
        from ..reconcile.io import detect_encoding

        if not os.path.getsize(local):
            raise InputError(f"{path}: the {role} file is empty")
        encoding = detect_encoding(local)
    try:
        if fmt == "parquet":
            return spark.read.parquet(path)
        # nullValue: no cell reads as null but one a short line lacks (an empty cell reads as "").
        return (spark.read.option("header", True).option("encoding", _charset(encoding)).option("quote", '"')
                .option("escape", '"').option("multiLine", multiline).option("mode", "PERMISSIVE")
                .option("nullValue", _NO_NULL).option("inferSchema", False).csv(path))
    except Exception as err:
        # Spark's message at this point names the file or an option, never a row's value.
        first = (str(err).strip().splitlines() or [type(err).__name__])[0][:300]
        raise InputError(f"{path}: cannot read the {role} file ({first})") from None


def write_report(df: DataFrame, out: str, fmt: str = "csv", *, report: CsvReport | None = None,
                 carry: Carry | None = None, flagged_only: bool = False, page: HtmlReport | None = None) -> Summary:
    """Write the report and count what it holds.

    ``csv``: one REPORT.csv like the local command's (UTF-8 with BOM, mode
    0600, formula-like cells escaped), written by the driver as the rows
    stream in, in order, with the local run's formatter, to a temporary file
    renamed into place when complete.  Given ``report`` (an open
    :class:`~mynacheck.reconcile.report_csv.CsvReport`), the rows go there and
    the caller finishes it (``mynacheck reconcile`` commits it with its audit
    trail); ``carry`` hands a previous worksheet's entries over, as locally;
    ``flagged_only`` writes the flagged rows only (every row is counted);
    ``page`` (an open :class:`~mynacheck.reconcile.report_html.HtmlReport`) takes
    every row too, as the local command's REPORT.html does (csv only).
    ``parquet``: a directory written by the executors (files private to the
    owner), then counted with Spark.
    """
    summary = Summary()
    if fmt == "csv":
        # Written to a private temporary file beside ``out``, renamed into place when complete.
        own = report is None
        target = CsvReport(out) if report is None else report
        try:
            for values in df.select(*[f"`{c}`" for c in REPORT_COLUMNS]).toLocalIterator(prefetchPartitions=True):
                row = ReportRow(*("" if v is None else str(v) for v in values))
                if carry is not None:
                    row = carry.apply(row)
                summary.add(row)
                if row.flagged or not flagged_only:
                    target.write(row)
                if page is not None:
                    page.add(row)
        except BaseException:
            if own:
                target.abort()
            raise
        if own:
            target.close()
        return summary
    if fmt != "parquet":
        raise InputError(f"--format {fmt!r}: use csv or parquet")
    if page is not None:
        raise InputError("--html needs the csv report format (a Parquet report is for programs)")
    if _is_local(out) and os.path.exists(out.removeprefix("file://")):
        raise InputError(f"{out}: already exists; give a new directory for the Parquet report")
    from pyspark.sql import functions as F

    df.write.parquet(out)
    written = df.sparkSession.read.parquet(out)
    for verdict, n in written.groupBy("verdict").count().collect():
        summary.by_verdict[verdict] = int(n)
        summary.rows += int(n)
    codes = written.select(F.explode(F.split(F.col("reasons"), " ")).alias("c")).where(F.col("c") != "")
    for code, n in codes.groupBy("c").count().collect():
        summary.by_reason[code] = int(n)
    return summary
