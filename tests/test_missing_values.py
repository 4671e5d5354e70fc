"""Issue 18, finding 2: data as pandas, polars, pyarrow and numpy produce it.

Every library's "no value" is unknown, as an empty cell is; library scalars are read as the
Python value they hold; a number is read as the text it was; a value no field takes is an
error that names the field.  ``reconcile(records)`` and ``score_batch`` never turn a NaN into
``RECORD_COMPARE_FAILED``: that hid a family member's number, which the Spark path reported.

The standard library's missing values (None, NaN, Decimal NaN) are tested everywhere; numpy's,
pandas' and pyarrow's with their extra (tests/conftest.py; tests/test_frames.py covers the
DataFrames themselves).
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mynacheck as mc
from mynacheck.reconcile.batch import score_batch
from mynacheck.reconcile.index import RegisterIndex
from mynacheck.rules.rulesets import GUIDELINE_4

HEAD = {"my_number": "123456789018", "name": "長野 太郎", "kana": "ナガノ タロウ", "birth_date": "1970-03-12",
        "sex": "1", "address": "長野県長野市鶴賀緑町1613", "id": "A1"}
# The head's child, registered under the head's number: a family member's number (DOMAIN §1).
CHILD = dict(HEAD, name="長野 花子", kana="ナガノ ハナコ", birth_date="2001-05-05", sex="2", id="A2")
NAN = float("nan")


def _numpy(name: str) -> object:
    import numpy as np

    return {"np.nan": np.nan, "float64": np.float64("nan"), "float32": np.float32("nan"),
            "NaT": np.datetime64("NaT"), "NaT[ns]": np.datetime64("NaT", "ns")}[name]


def _pandas(name: str) -> object:
    import pandas as pd

    return {"NA": pd.NA, "NaT": pd.NaT}[name]


def _arrow(name: str) -> object:
    import pyarrow as pa

    return pa.scalar(None, {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64()}[name])


# Every library's "no value": the standard library's always, the others' with their extra
# (numpy comes with pandas).  Each is made when its test runs.
_MAKERS: dict[str, tuple[str | None, object]] = {
    "None": (None, lambda: None), "nan": (None, lambda: NAN), "Decimal-NaN": (None, lambda: decimal.Decimal("NaN")),
    **{f"numpy-{n}": ("pandas", lambda n=n: _numpy(n)) for n in ("np.nan", "float64", "float32", "NaT", "NaT[ns]")},
    **{f"pandas-{n}": ("pandas", lambda n=n: _pandas(n)) for n in ("NA", "NaT")},
    **{f"arrow-{n}": ("arrow", lambda n=n: _arrow(n)) for n in ("string", "int64", "float64")},
}
MISSING = [pytest.param(name, marks=[pytest.mark.extra(extra)] if extra else [], id=name)
           for name, (extra, _) in _MAKERS.items()]


def missing(name: str) -> object:
    return _MAKERS[name][1]()  # type: ignore[operator]


TEXT_FIELDS = ("my_number", "name", "kana", "birth_date", "address", "sex", "id")


@pytest.mark.parametrize("name", MISSING)
@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_every_missing_value_is_unknown(field: str, name: str) -> None:
    value = missing(name)
    assert getattr(mc.Record(**{field: value}), field) is None
    assert getattr(mc.Record.from_mapping({field: value}), field) is None


@pytest.mark.parametrize("name", MISSING)
def test_a_missing_aliases_cell_is_no_alias(name: str) -> None:
    value = missing(name)
    assert mc.Record(aliases=value).aliases == ()
    assert mc.Record(aliases=["タカハシ", value, "髙橋"]).aliases == ("タカハシ", "髙橋")  # type: ignore[list-item]


@pytest.mark.parametrize("name", MISSING)
def test_compare_reads_a_missing_value_as_an_empty_cell(name: str) -> None:
    value = missing(name)
    for field in ("kana", "sex", "address"):
        assert mc.compare(dict(HEAD, **{field: value}), HEAD) == mc.compare(dict(HEAD, **{field: ""}), HEAD)


def test_numbers_are_read_as_the_text_they_were() -> None:
    rec = mc.Record(my_number=123456789018.0, sex=1.0, birth_date=19700312,  # type: ignore[arg-type]
                    id=decimal.Decimal("42"))
    assert (rec.my_number, rec.sex, rec.birth_date, rec.id) == ("123456789018", "1", "19700312", "42")
    # A number that lost its leading zero is never padded back: it stays eleven digits.
    assert mc.Record(my_number=12345678903).my_number == "12345678903"  # type: ignore[arg-type]


@pytest.mark.extra("pandas")  # numpy comes with it
def test_numpy_scalars_are_accepted() -> None:
    import numpy as np

    rec = mc.Record(my_number=np.int64(123456789018), sex=np.int8(2), name=np.str_("髙橋 一郎"),  # type: ignore[arg-type]
                    birth_date=np.datetime64("1970-03-12"), address=np.float64(1613.0))
    assert (rec.my_number, rec.sex, rec.name, rec.birth_date, rec.address) == (
        "123456789018", "2", "髙橋 一郎", "1970-03-12", "1613")
    assert type(rec.name) is str  # not numpy.str_: the fast paths test `type(v) is str`
    assert mc.Record(birth_date=np.datetime64("1970-03-12T00:00:00.000000000")).birth_date == "1970-03-12"
    assert mc.compare(dict(HEAD, sex=np.int64(1)), HEAD).verdict is mc.Verdict.MATCH


@pytest.mark.parametrize(("value", "says"), [
    (3.5, "whole number"), (True, "boolean"), (b"123", "bytes"), (complex(1, 2), "complex"), (float("inf"), "whole"),
])
@pytest.mark.parametrize("field", ["my_number", "kana", "sex", "id"])
def test_a_value_no_field_takes_is_an_error_naming_the_field(field: str, value: object, says: str) -> None:
    for build in (lambda: mc.Record(**{field: value}), lambda: mc.Record.from_mapping({field: value}),
                  lambda: mc.compare(dict(HEAD, **{field: value}), HEAD)):
        with pytest.raises(mc.InvalidRecord, match=f"^{field}: .*{says}") as err:
            build()
        assert err.value.reason == "RECORD_INVALID"


def test_an_alias_no_field_takes_names_aliases() -> None:
    with pytest.raises(mc.InvalidRecord, match=r"^aliases: "):
        mc.Record(aliases=["タカハシ", 3.5])  # type: ignore[list-item]


# --- the batch paths: reconcile(records), score_batch, the register index --------------------------------------

def _batch(business: list[dict[str, Any]], register: list[dict[str, Any]]) -> list[tuple[str, str]]:
    cols = {k: [r.get(k) for r in business] for k in HEAD}
    reg = {k: [r.get(k) for r in register] for k in HEAD}
    out = score_batch(cols, reg, GUIDELINE_4)
    return list(zip(out["verdict"], out["reasons"], strict=True))


def _local(business: list[dict[str, Any]], register: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(r.verdict, r.reasons) for r in mc.reconcile(business, register)]


PATHS: dict[str, Callable[[list[dict[str, Any]], list[dict[str, Any]]], list[tuple[str, str]]]] = {
    "reconcile": _local, "score_batch": _batch}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("name", MISSING)
def test_a_nan_kana_never_hides_a_family_members_number(path: str, name: str) -> None:
    value = missing(name)
    # The row of issue 18: the business kana was NaN (pandas' empty cell); the register row is the
    # head of the household.  It was "review RECORD_COMPARE_FAILED" locally and a family member on Spark.
    (verdict, reasons), = PATHS[path]([dict(CHILD, kana=value)], [HEAD])
    assert verdict == "mismatch"
    assert "XF_FAMILY_MEMBER" in reasons.split() and "RECORD_COMPARE_FAILED" not in reasons
    assert (verdict, reasons) == PATHS[path]([dict(CHILD, kana="")], [HEAD])[0]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("name", MISSING)
def test_a_missing_value_reads_as_an_empty_cell_on_either_side(path: str, name: str) -> None:
    value = missing(name)
    for field in ("kana", "sex", "address", "id"):
        blank = PATHS[path]([dict(HEAD, **{field: ""})], [dict(HEAD, **{field: ""})])
        assert PATHS[path]([dict(HEAD, **{field: value})], [HEAD]) == PATHS[path]([dict(HEAD, **{field: ""})], [HEAD])
        # The register side: never the text "nan" (it was KANA_INVALID_CHARACTERS).
        assert PATHS[path]([HEAD], [dict(HEAD, **{field: value})]) == PATHS[path]([HEAD], [dict(HEAD, **{field: ""})])
        assert PATHS[path]([dict(HEAD, **{field: value})], [dict(HEAD, **{field: value})]) == blank


@pytest.mark.parametrize("path", PATHS)
def test_a_missing_number_is_a_missing_number(path: str) -> None:
    # Not a number a spreadsheet changed (a NaN is a float, and floats were taken for spreadsheet damage).
    assert PATHS[path]([dict(HEAD, my_number=NAN)], [HEAD]) == [("review", "MYNUMBER_MISSING")]


@pytest.mark.parametrize("path", PATHS)
def test_a_number_that_lost_its_leading_zero_is_flagged_not_padded(path: str) -> None:
    number = "012345678903"  # valid; a spreadsheet or a numeric column makes it 12345678903
    person = dict(HEAD, my_number=number)
    (verdict, reasons), = PATHS[path]([dict(person, my_number=int(number))], [person])
    assert (verdict, reasons) == ("mismatch", "MYNUMBER_SPREADSHEET_ZEROS")
    assert PATHS[path]([dict(person, my_number=float(number))], [person]) == [(verdict, reasons)]
    # A whole number that kept its twelve digits is that number.
    assert PATHS[path]([dict(HEAD, my_number=123456789018.0)], [HEAD]) == [("match", "")]


def test_the_register_index_stores_a_missing_value_as_nothing() -> None:
    index = RegisterIndex.build([dict(HEAD, kana=NAN, sex=NAN)])
    row = index.get("123456789018")
    assert row is not None and "kana" not in row and "sex" not in row


cells = st.one_of(st.none(), st.just(NAN), st.text(max_size=6), st.integers(0, 10**13), st.dates().map(str))


@given(st.fixed_dictionaries({k: cells for k in ("kana", "sex", "address", "birth_date")}))
def test_reconcile_and_score_batch_agree_on_rows_with_missing_values(row: dict[str, Any]) -> None:
    other = "621498320257"  # the child's row carries another number, linked to the head's register row
    business = [dict(HEAD, **row), dict(CHILD, my_number=other, **row)]
    register = [HEAD, dict(HEAD, my_number=other)]
    assert _local(business, register) == _batch(business, register)
    for _verdict, reasons in _local(business, register):
        assert "RECORD_COMPARE_FAILED" not in reasons


def test_dates_of_every_kind_are_read() -> None:
    assert mc.Record(birth_date=datetime.datetime(1970, 3, 12, 9)).birth_date == "1970-03-12"


@pytest.mark.extra("pandas")
def test_pandas_timestamps_are_read() -> None:
    import pandas as pd

    assert mc.Record(birth_date=pd.Timestamp("1970-03-12")).birth_date == "1970-03-12"


def _dates() -> list[object]:
    dates: list[object] = [datetime.date(1970, 3, 12), datetime.datetime(1970, 3, 12, 9)]
    try:
        import numpy as np
    except ImportError:
        return dates
    return [*dates, np.datetime64("1970-03-12"), np.datetime64("1970-03-12T09:00", "ns")]


@pytest.mark.parametrize("day", _dates(), ids=lambda d: type(d).__name__)
def test_a_date_given_in_memory_shows_in_the_report_as_it_was_read(day: object) -> None:
    # A flagged row carries both records' values: a date object as the comparison read it, not its repr.
    business = dict(HEAD, name="松本 一郎", birth_date=day)
    (row,) = mc.reconcile([business], [HEAD])
    assert row.verdict != "match"
    assert row.business_birth_date == row.business_birth_date_normalized == "1970-03-12"
    assert row.business_birth_date_wareki == "昭和45年3月12日"
    assert row.register_birth_date == "1970-03-12" and row.business_my_number == "********9018"
