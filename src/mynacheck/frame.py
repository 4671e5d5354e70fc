"""DataFrames and Arrow tables in, the report out as the same kind of frame: the check without CSV files.

:func:`compare_frame` takes a business-system frame and a register frame
(pandas or polars DataFrames, pyarrow Tables or RecordBatches; the two may be
of different kinds) and returns the report, one row per business row with
exactly the columns of REPORT.csv (:data:`~mynacheck.reconcile.REPORT_COLUMNS`),
as the business frame's kind, named by their identifiers by default.  It is :func:`mynacheck.reconcile.reconcile`
on the frames' rows: the same verdicts, reasons and duplicate checks as the
CLI and the Spark path.

- **Columns** are matched to record keys as the CLI matches a CSV header
  (``my_number``, ``name`` …, and the usual Japanese headers 個人番号, 氏名 …);
  ``mapping`` maps any other name (``{"Shimei": "name"}``, the CLI's ``--map``);
  ``on`` names the column holding the My Number (the join key) when it is
  not found that way.
- **Missing values** of every library (NaN, ``None``, ``pandas.NA``, ``NaT``,
  polars and Arrow nulls) are *unknown*, as an empty cell is.
- **Numbers** are read back as the text they were: ``123456789018`` (an
  integer column) or ``123456789018.0`` (a float column, as pandas makes one
  with a missing value in it) is ``"123456789018"``.  A number that lost its
  leading zero is never padded back: the report flags it
  (``MYNUMBER_SPREADSHEET_ZEROS``), as it does a spreadsheet's.
- **Rows**: ``line`` is the row's position, 1-based (``df.iloc[line - 1]``);
  a pandas report keeps the business frame's index, so it lines up with it.
- **Column names**: ``lang="en"`` (the default) names the columns by
  :data:`~mynacheck.reconcile.REPORT_COLUMNS` (``priority``, ``line``,
  ``verdict`` …): the names a program indexes by, the attributes of
  :class:`~mynacheck.reconcile.ReportRow`, the columns of the Spark report and
  REPORT.csv's header with ``--lang en``.  ``lang="ja"`` names them with the
  worksheet's Japanese headers (優先度, 行, 判定 …: REPORT.csv's default
  header), for a frame a clerk will read (``report.to_excel(...)``).  The
  columns and the cells are the same in both.

pandas, polars and pyarrow are optional extras (``mynacheck[pandas]``,
``[polars]``, ``[arrow]``); this module imports none of them itself: a frame
given is of a library already loaded.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from .errors import InputError, UsageError
from .reconcile.core import REPORT_COLUMNS
from .reconcile.io import map_header
from .reconcile.pipeline import Reconciliation
from .reconcile.worksheet import header
from .rules import Ruleset, rulesets

__all__ = ["compare_frame", "frame_kind", "frame_rows", "KINDS"]

#: The kinds of frame :func:`compare_frame` takes, and the extra that brings each library.
KINDS: dict[str, str] = {"pandas": "pandas", "polars": "polars", "arrow": "arrow"}


def frame_kind(frame: object) -> str:
    """``pandas``, ``polars`` or ``arrow`` for a frame :func:`compare_frame` takes; :class:`UsageError` otherwise."""
    pd, pl, pa = (sys.modules.get(name) for name in ("pandas", "polars", "pyarrow"))
    if pd is not None and isinstance(frame, pd.DataFrame):
        return "pandas"
    if pl is not None and isinstance(frame, pl.DataFrame):
        return "polars"
    if pa is not None and isinstance(frame, pa.Table | pa.RecordBatch):
        return "arrow"
    if pl is not None and isinstance(frame, pl.LazyFrame):
        raise UsageError("compare_frame takes a polars DataFrame, not a LazyFrame: call .collect() first")
    hint = "; for records (dicts, mynacheck.Record) use mynacheck.reconcile" if isinstance(frame, list | tuple) else ""
    raise UsageError(f"compare_frame takes a pandas or polars DataFrame or a pyarrow Table, got "
                     f"{type(frame).__module__}.{type(frame).__name__}{hint}")


def _names(frame: Any, kind: str) -> list[str]:
    if kind == "arrow":
        return list(frame.schema.names)
    return [str(c) for c in frame.columns]


def _column(frame: Any, kind: str, at: int) -> list[Any]:
    """The values of the column at position ``at``, as Python objects (missing values as each library gives them)."""
    if kind == "pandas":
        values: list[Any] = frame.iloc[:, at].tolist()
    elif kind == "polars":
        values = frame.to_series(at).to_list()
    else:
        values = frame.column(at).to_pylist()
    return values


def _rows_of(frame: Any) -> int:
    return int(frame.num_rows) if frame_kind(frame) == "arrow" else len(frame)


def frame_rows(frame: object, *, mapping: Mapping[str, str] | None = None, on: str | None = None,
               required: Sequence[str] = ("my_number",), role: str = "business") -> list[dict[str, Any]]:
    """The frame's rows as record mappings (record key → value as the library gives it), in order.

    Columns are matched as :func:`compare_frame` says; several ``aliases``
    columns give a tuple.  Values are left as they are: :class:`~mynacheck.Record`
    and the batch paths read every library's missing values and scalars.
    """
    kind = frame_kind(frame)
    names = _names(frame, kind)
    given = dict(mapping or {})
    if on is not None:
        if on not in names:
            raise InputError(f"{role} frame: no column {on!r} (on=); its columns: {', '.join(names)[:200]}")
        given[on] = "my_number"
    columns = map_header(names, given, (), role=role, source=f"{role} frame")
    missing = [k for k in required if k not in columns]
    if missing:
        raise InputError(f"{role} frame: no column gives {', '.join(missing)} (columns: {', '.join(names)[:200]}); "
                         f"name it so, or map it: mapping={{'COLUMN': {missing[0]!r}}}"
                         + (" or on='COLUMN'" if missing[0] == "my_number" else ""))
    n = _rows_of(frame)
    keys: list[str] = []
    values: list[list[Any]] = []
    for key, positions in columns.items():
        keys.append(key)
        if len(positions) == 1:
            values.append(_column(frame, kind, positions[0]))
        else:  # aliases spread over several columns (通称, 旧氏): one tuple a row
            parts = [_column(frame, kind, at) for at in positions]
            values.append([tuple(row) for row in zip(*parts, strict=True)])
    if not keys:
        return [{} for _ in range(n)]
    return [dict(zip(keys, row, strict=True)) for row in zip(*values, strict=True)]


def compare_frame(
    business: Any,
    register: Any,
    *,
    on: str | tuple[str, str] | None = None,
    ruleset: Ruleset | str | None = None,
    mapping: Mapping[str, str] | None = None,
    reveal_numbers: bool = False,
    today: datetime.date | str | None = None,
    jobs: int = 1,
    lang: str = "en",
) -> Any:
    """Check every business row against the register row of its My Number; the report as the business frame's kind.

    - ``on``: the column holding the My Number in both frames, or
      ``(business column, register column)``; by default it is found by its
      name as the CLI finds it (``my_number``, 個人番号, マイナンバー …);
    - ``ruleset``: a :class:`~mynacheck.Ruleset` or a shipped one's name (default ``GUIDELINE_4``);
    - ``mapping``: column name → record key for other column names (both frames);
    - ``reveal_numbers``: full My Numbers in the report (default: masked);
    - ``today``: replay a past check (:mod:`mynacheck.clock`);
    - ``jobs``: processes (default 1: this one; see :func:`mynacheck.reconcile.reconcile`);
    - ``lang``: the column names, ``en`` (:data:`~mynacheck.reconcile.REPORT_COLUMNS`, the
      default) or ``ja`` (the worksheet's Japanese headers): see the module's doc.

    The report has the columns of REPORT.csv, every value a string (empty when
    none).  A frame without a column the ruleset needs is an :class:`InputError`.

    >>> import pyarrow as pa  # doctest: +SKIP
    >>> report = compare_frame(pa.table(business), pa.table(register))  # doctest: +SKIP
    """
    kind = frame_kind(business)
    frame_kind(register)
    if lang not in ("en", "ja"):
        raise UsageError(f"lang must be 'en' (the column identifiers) or 'ja' (the worksheet's headers), got {lang!r}")
    if isinstance(ruleset, str):
        try:
            ruleset = rulesets.by_name(ruleset)
        except ValueError as err:
            raise UsageError(str(err)) from None
    chosen = ruleset or rulesets.DEFAULT
    left_on, right_on = (on, on) if on is None or isinstance(on, str) else on
    required = ("my_number", *chosen.required_fields)
    business_rows = frame_rows(business, mapping=mapping, on=left_on, required=required, role="business")
    register_rows = frame_rows(register, mapping=mapping, on=right_on, required=required, role="register")
    run = Reconciliation(business_rows, register_rows, ruleset=chosen, jobs=jobs, reveal_numbers=reveal_numbers,
                         progress=False, today=today)
    columns: list[list[str]] = [[] for _ in REPORT_COLUMNS]
    appenders = [c.append for c in columns]
    with run:
        for chunk in run.column_chunks():
            for values in chunk:
                for append, value in zip(appenders, values, strict=True):
                    append(value)
    return _frame(kind, business, columns, header(lang))


def _frame(kind: str, like: Any, columns: list[list[str]], names: Sequence[str]) -> Any:
    """The report columns as a frame of ``kind`` named ``names`` (a pandas report keeps ``like``'s index)."""
    data = dict(zip(names, columns, strict=True))
    if kind == "pandas":
        pd = sys.modules["pandas"]
        return pd.DataFrame(data, columns=list(names), index=like.index, dtype=object)
    if kind == "polars":
        pl = sys.modules["polars"]
        return pl.DataFrame(data, schema={c: pl.String for c in names})
    pa = sys.modules["pyarrow"]
    return pa.table({c: pa.array(v, type=pa.string()) for c, v in data.items()})
