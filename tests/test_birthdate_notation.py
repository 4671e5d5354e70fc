"""生年月日 notation (issue 17): ISO 8601 date-times, two-digit years without an era, spreadsheet serials."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mynacheck import reasons
from mynacheck.errors import InvalidDate
from mynacheck.fields import birthdate as bd
from mynacheck.fields.birthdate import ERAS, BirthDate, parse_date
from mynacheck.verdicts import Level, Verdict

TODAY = datetime.date(2026, 12, 6)
JST = datetime.timezone(datetime.timedelta(hours=9))


def _refused(text: str, reason: str, today: datetime.date = TODAY) -> InvalidDate:
    with pytest.raises(InvalidDate) as info:
        parse_date(text, today=today)
    assert info.value.reason == reason, (text, info.value.reason)
    return info.value


# --- ISO 8601 date-times ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["1970-03-12T00:00:00Z", "1970-03-12T00:00:00+09:00", "1970-03-12T00:00:00+0900", "1970-03-12T00:00+09",
     "1970-03-12T00:00:00.000Z", "1970-03-12T00:00:00,000+09:00", "1970-03-12T00:00:00.000000",
     "1970-03-12 00:00:00.000", "1970-03-12t00:00:00z", "1970-03-12T10:30:00+09:00", "1970-03-12T00:00:00-05:00",
     "1970-03-11T15:00:00Z", "1970-03-11T15:00:00.000Z", "1970-03-11T10:00:00-05:00",  # JST midnight elsewhere
     "１９７０－０３－１２Ｔ００：００：００Ｚ"],
)
def test_iso_date_times_give_the_day_in_japan(text: str) -> None:
    assert parse_date(text, today=TODAY) == BirthDate(1970, 3, 12)


@pytest.mark.parametrize(
    ("text", "hint_day"),
    [("1970-03-12T00:00:00+14:00", "1970-03-11"), ("1970-03-12T20:00:00Z", "1970-03-13"),
     ("1949-06-11T14:00:00Z", "1949-06-12"),  # 1949-06-12 00:00 in Japan's summer time (+10:00)
     ("1949-06-12T00:00:00+10:00", "1949-06-11")],
)
def test_a_zone_that_moves_the_day_is_review_with_both_days(text: str, hint_day: str) -> None:
    err = _refused(text, "DATE_TIMEZONE_SHIFT")
    assert err.hint is not None and text[:10] in err.hint and hint_day in err.hint


@pytest.mark.parametrize(
    "text",
    ["1970-03-12T10:30:00", "1970-03-12T00:00:00.5", "1970-03-12T24:00:00Z", "1970-03-12T00:61:00Z",
     "1970-03-12T00:00:00+25:00", "1970-02-30T00:00:00Z"],
)
def test_times_that_do_not_say_the_day_are_refused(text: str) -> None:
    # A local time without a zone may be UTC with its Z dropped: only its midnight says the day.
    with pytest.raises(InvalidDate):
        parse_date(text, today=TODAY)


@given(st.datetimes(min_value=datetime.datetime(1900, 1, 2), max_value=datetime.datetime(2026, 12, 4)),
       st.integers(-12 * 4, 14 * 4))
def test_a_zoned_instant_is_its_japanese_day_or_review(moment: datetime.datetime, quarters: int) -> None:
    zone = datetime.timezone(datetime.timedelta(minutes=15 * quarters))
    instant = moment.replace(tzinfo=zone)
    text = instant.isoformat()
    japan = instant.astimezone(JST)
    try:
        got = parse_date(text, today=TODAY)
    except InvalidDate as err:
        assert err.reason == "DATE_TIMEZONE_SHIFT"
        summer = japan.time() == datetime.time(23) and any(
            lo <= japan.date() + datetime.timedelta(days=1) <= hi for lo, hi in bd._SUMMER_TIME)
        assert summer or (japan.date() != moment.date() and japan.time() != datetime.time())
        return
    assert got == BirthDate.from_date(japan.date())


# --- two-digit years without an era -----------------------------------------------------


def _readings(yy: int, month: int, day: int, today: datetime.date) -> set[datetime.date]:
    """Every day YY.MM.DD can be: the pivoted Western year and each era's year YY (brute force)."""
    years = {bd._pivot(yy, today)} | {e.first_year + yy - 1 for e in ERAS if yy >= 1}
    out = set()
    for year in years:
        try:
            d = datetime.date(year, month, day)
        except ValueError:
            continue
        if not datetime.date(1873, 1, 1) <= d <= today:
            continue
        western = year == bd._pivot(yy, today)
        # An era reading: the day must lie in an era whose year YY it is.
        if not western and not any(e.start <= d <= (e.end or today) and d.year - e.first_year + 1 == yy
                                   for e in ERAS):
            continue
        out.add(d)
    return out


@pytest.mark.parametrize(
    ("text", "candidates"),
    [("45.3.12", ("1945-03-12", "昭和45年3月12日（1970-03-12）")), ("45/03/12", ("1945-03-12", "1970-03-12")),
     ("450312", ("1945-03-12", "1970-03-12")), ("45年3月12日", ("1945-03-12", "1970-03-12")),
     ("10.3.12", ("2010-03-12", "平成10年3月12日（1998-03-12）", "昭和10年3月12日（1935-03-12）")),
     ("64.1.5", ("1964-01-05", "昭和64年1月5日（1989-01-05）")), ("45年3月", ("1945-03", "1970-03"))],
)
def test_a_two_digit_year_that_could_be_an_era_year_is_review_with_the_candidates(
        text: str, candidates: tuple[str, ...]) -> None:
    err = _refused(text, "DATE_TWO_DIGIT_YEAR")
    assert err.hint is not None
    for candidate in candidates:
        assert candidate in err.hint


@pytest.mark.parametrize(
    ("text", "expected"),
    [("70.3.12", BirthDate(1970, 3, 12)), ("700312", BirthDate(1970, 3, 12)), ("99/12/31", BirthDate(1999, 12, 31)),
     ("64.3.12", BirthDate(1964, 3, 12)),  # 昭和64 ended on 1 January 7
     ("00.3.12", BirthDate(2000, 3, 12)),  # no era has a year 0
     ("01/01/01", BirthDate(2001, 1, 1)),  # no era began by 1 January
     ("70年3月12日", BirthDate(1970, 3, 12)), ("S45.3.12", BirthDate(1970, 3, 12)), ("1945.3.12", BirthDate(1945, 3, 12))],
)
def test_a_year_that_can_only_be_one_date_is_read(text: str, expected: BirthDate) -> None:
    assert parse_date(text, today=TODAY) == expected


@given(st.integers(0, 99), st.integers(1, 12), st.integers(1, 28),
       st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2080, 12, 31)))
def test_a_two_digit_year_is_read_only_when_it_has_one_reading(
        yy: int, month: int, day: int, today: datetime.date) -> None:
    readings = _readings(yy, month, day, today)
    text = f"{yy:02d}/{month}/{day}"
    try:
        got = parse_date(text, today=today)
    except InvalidDate as err:
        if err.reason == "DATE_TWO_DIGIT_YEAR":
            assert len(readings) >= 2 and err.hint is not None
            assert all(d.isoformat() in err.hint for d in readings)
        else:
            assert not readings
        return
    assert readings == {got.to_date()}


def test_two_digit_renderings_are_only_the_unambiguous_ones() -> None:
    assert bd.render(BirthDate(1970, 3, 12), "yy_slash", today=TODAY) == "70/03/12"
    with pytest.raises(ValueError, match="era year"):
        bd.render(BirthDate(1945, 3, 12), "yy_slash", today=TODAY)


def test_a_two_digit_year_against_a_full_date_is_review_never_a_silent_choice() -> None:
    c = bd.make_comparator(today=TODAY)
    for other in ("1945-03-12", "昭和45年3月12日", "1970-03-12"):
        f = c.compare("45.3.12", other)
        assert f.verdict is Verdict.REVIEW and "DATE_TWO_DIGIT_YEAR" in f.reasons and f.hint, f
    assert c.compare("70.3.12", "昭和45年3月12日").level.agrees


# --- spreadsheet serial dates -------------------------------------------------------------


@pytest.mark.parametrize(("text", "hint"), [("25639", "1970-03-12"), ("25639.0", "1970-03-12"),
                                            ("２５６３９", "1970-03-12"), ("10000", "1927-05-18"), ("99999", None)])
def test_a_five_digit_number_is_refused_as_a_spreadsheet_serial(text: str, hint: str | None) -> None:
    err = _refused(text, "DATE_SPREADSHEET_SERIAL")
    assert err.hint == hint
    assert "Excel" in reasons.message("DATE_SPREADSHEET_SERIAL", "en")
    assert "シリアル値" in reasons.message("DATE_SPREADSHEET_SERIAL")


def test_neighbouring_digit_runs_keep_their_meaning() -> None:
    assert parse_date("19700312", today=TODAY) == BirthDate(1970, 3, 12)
    assert parse_date("3450312", today=TODAY) == BirthDate(1970, 3, 12)
    assert parse_date("700312", today=TODAY) == BirthDate(1970, 3, 12)
    _refused("1970", "DATE_UNPARSEABLE")
    _refused("257390", "DATE_BAD_MONTH")


def test_the_serial_is_review_in_a_comparison() -> None:
    f = bd.make_comparator(today=TODAY).compare("25639", "1970-03-12")
    assert f.level is Level.INVALID and f.verdict is Verdict.REVIEW
    assert "DATE_SPREADSHEET_SERIAL" in f.reasons and f.hint == "1970-03-12"
