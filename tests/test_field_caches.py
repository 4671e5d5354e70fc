"""Caches and fast paths of the name, kana and birth-date fields give what the slow path gives."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from mynacheck.fields import birthdate as bd
from mynacheck.strategies.dates import birth_dates, date_renderings

TODAY = datetime.date(2026, 11, 27)

# Date-like text, valid or not: digits, separators, era letters, kanji, blanks.
_date_text = st.text(alphabet="0123456789-./ 年月日元昭平令SHRs不詳?X\u3000０１２", max_size=14)


@st.composite
def _date_pair(draw: st.DrawFn) -> tuple[str, str]:
    d = draw(birth_dates())
    left = draw(st.one_of(date_renderings(d, today=TODAY), _date_text))
    right = draw(st.one_of(date_renderings(d, today=TODAY), date_renderings(draw(birth_dates()), today=TODAY),
                           _date_text, st.just(left), st.just(f" {left} ")))
    return left, right


@given(_date_pair())
def test_date_comparator_cache_and_fast_path_equal_the_levelled_field(pair: tuple[str, str]) -> None:
    left, right = pair
    cmp = bd.make_comparator(today=TODAY)
    first = cmp.compare(left, right)
    assert first == cmp._inner.compare(left, right)  # the fast path agrees with the levels
    assert cmp.compare(left, right) == first  # and so does the cached finding


@given(_date_pair())
def test_parse_date_cache_equals_the_uncached_parse(pair: tuple[str, str]) -> None:
    for text in pair:
        try:
            expected: object = bd._parse_uncached(text, TODAY)
        except bd.InvalidDate as err:
            expected = (err.reason, str(err), err.hint)
        for _ in range(2):  # a miss, then a hit
            try:
                got: object = bd.parse_date(text, today=TODAY)
            except bd.InvalidDate as err:
                got = (err.reason, str(err), err.hint)
            assert got == expected


def test_date_caches_follow_the_reference_day() -> None:
    cmp = bd.make_comparator()
    early, late = datetime.date(2020, 1, 1), datetime.date(2026, 1, 1)
    assert bd.parse_date("25/3/1", today=early).year == 1925
    assert bd.parse_date("25/3/1", today=late).year == 2025
    assert cmp.compare("2026-11-27", "2026-11-27") == bd.make_comparator(today=datetime.date.today()).compare(
        "2026-11-27", "2026-11-27")
