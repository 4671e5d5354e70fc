"""mynacheck.status: the register status vocabulary, its codes and the kana source; the headers that give them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mynacheck as mc
from mynacheck import strategies as mst
from mynacheck.errors import InvalidStatus, UsageError
from mynacheck.reconcile.io import REPEATABLE_KEYS, InputError, header_field, map_header, parse_status_codes
from mynacheck.status import CODES, WORDS, Status, kana_source_of, status_codes, status_of


@pytest.mark.parametrize("status", list(Status))
def test_every_word_reads_as_its_status_in_any_width_and_with_a_trailing_者_or_note(status: Status) -> None:
    for word in WORDS[status]:
        assert status_of(word) is status
        assert status_of(f" {word.upper()} ") is status
        if not word.isascii():
            assert status_of(word + "者") is status or word.endswith("者")
            assert status_of(f"{word}（備考）") is status


def test_the_default_codes_are_the_住民状態コード_table() -> None:
    assert {code: s.value for code, s in CODES.items()} == {"1": "住民", "2": "住登外", "3": "転出", "4": "死亡", "9": "消除"}
    assert status_of("04") is Status.DECEASED and status_of("４") is Status.DECEASED
    with pytest.raises(InvalidStatus) as err:
        status_of("5")
    assert err.value.reason == "REGISTER_STATUS_UNRECOGNISED"


def test_several_cells_the_most_decisive_wins() -> None:
    assert status_of("1;死亡") is Status.DECEASED
    assert status_of("消除者;職権消除") is Status.REMOVED_EX_OFFICIO
    assert status_of("住登外;転出") is Status.MOVED_OUT
    assert status_of("住民|転居") is Status.RESIDENT
    assert status_of("住民;転出") is Status.MOVING_OUT  # filed, not yet removed
    assert status_of("消除;住民;転出") is Status.MOVED_OUT  # a removed row that says 転出
    assert status_of(";;") is None and status_of("") is None and status_of(None) is None
    assert status_of("消除者;謎") is Status.REMOVED  # a removal stated is certain
    with pytest.raises(InvalidStatus):
        status_of("住民;謎")  # a resident with an unknown change: never read as a plain resident


def test_a_code_table_of_ones_own_comes_first() -> None:
    codes = {"2": "住民", "3": "住登外", "4": "住登外", "Ｘ": "DECEASED"}
    assert status_of("2", codes) is Status.RESIDENT
    assert status_of("4", codes) is Status.NOT_RESIDENT
    assert status_of("x", codes) is Status.DECEASED
    assert status_of("9", codes) is Status.REMOVED  # the defaults still apply to the rest
    assert status_codes(codes) == status_codes(dict(reversed(list(codes.items()))))  # one table, any order
    with pytest.raises(UsageError):
        status_codes({"2": "外国人"})
    with pytest.raises(UsageError):
        status_codes({" ": "住民"})
    with pytest.raises(InvalidStatus):
        status_of(3)  # type: ignore[arg-type]


def test_status_properties() -> None:
    assert {s for s in Status if s.removed} == {Status.DECEASED, Status.MOVED_OUT, Status.REMOVED_EX_OFFICIO,
                                                Status.REMOVED}
    assert Status.RESIDENT.reason is None
    reasons = {s.reason for s in Status if s.reason}
    assert len(reasons) == len(Status) - 1 and all(mc.reasons.get(r).severity is mc.Verdict.REVIEW for r in reasons)


@given(mst.register_statuses())
def test_the_strategy_texts_read_as_they_say(pair: tuple[Status, str]) -> None:
    status, text = pair
    assert status_of(text) is status


@pytest.mark.parametrize(("value", "source"), [
    ("official", "official"), ("公証済み", "official"), ("確認済", "official"), ("1", "official"), ("ＹＥＳ", "official"),
    ("typed", "typed"), ("便宜上", "typed"), ("未確認", "typed"), ("0", "typed"),
    ("", None), ("?", None), (None, None), (1, None),
])
def test_kana_source(value: object, source: str | None) -> None:
    assert kana_source_of(value) == source


@pytest.mark.parametrize(("header", "key"), [
    ("住民状態", "status"), ("住民状態コード", "status"), ("住民区分", "status"), ("異動事由", "status"),
    ("消除事由", "status"), ("status", "status"), ("消除日", "status_date"), ("異動年月日", "status_date"),
    ("転出予定日", "status_date"), ("フリガナ確認フラグ", "kana_source"), ("kana_source", "kana_source"),
    ("併記名", "aliases"), ("住民種別", None),
])
def test_register_headers(header: str, key: str | None) -> None:
    assert header_field(header) == key


def test_several_status_columns_are_joined_and_the_rest_stay_single() -> None:
    assert {"status", "status_date", "aliases"} <= REPEATABLE_KEYS
    cols = map_header(["個人番号", "住民状態", "消除事由", "消除日", "異動日"])
    assert cols == {"my_number": [0], "status": [1, 2], "status_date": [3, 4]}
    with pytest.raises(InputError):
        map_header(["個人番号", "フリガナ確認フラグ", "kana_source"])


def test_status_code_options() -> None:
    assert parse_status_codes(["2=住民,3=住登外", "x=removed"]) == {"2": "住民", "3": "住登外", "x": "removed"}
    for bad in (["2"], ["=住民"], ["2="], ["2=外国人"]):
        with pytest.raises(InputError):
            parse_status_codes(bad)


@given(st.text(max_size=12))
def test_any_text_is_a_status_or_a_typed_error(text: str) -> None:
    try:
        found = status_of(text)
    except InvalidStatus as err:
        assert err.reason == "REGISTER_STATUS_UNRECOGNISED"
    else:
        assert found is None or isinstance(found, Status)
