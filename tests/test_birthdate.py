"""生年月日: parsing, rejections with reasons and hints, rendering round trips, comparison levels."""

from __future__ import annotations

import datetime
import re
import threading
import time
from pathlib import Path

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mynacheck import memo, reasons
from mynacheck.errors import InvalidDate
from mynacheck.fields import birthdate as bd
from mynacheck.fields.birthdate import ERAS, STYLES, BirthDate, make_comparator, parse_date, render
from mynacheck.strategies.dates import birth_dates, date_renderings, era_change_renderings, rendering_styles
from mynacheck.verdicts import Level, Verdict

TODAY = datetime.date(2026, 11, 27)
CMP = make_comparator(today=TODAY)


def parse(text: object) -> BirthDate:
    return parse_date(text, today=TODAY)


def reject(text: object) -> InvalidDate:
    with pytest.raises(InvalidDate) as info:
        parse(text)
    return info.value


def _wareki_parts(d: datetime.date) -> tuple[bd.Era, int]:
    era = [e for e in ERAS if e.start <= d][-1]
    return era, d.year - era.first_year + 1


# --- accepted notations ------------------------------------------------------------

S45 = (1970, 3, 12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("昭和45年3月12日", S45), ("昭和45年03月12日", S45), ("昭和 45 年 3 月 12 日", S45),
        ("昭45.3.12", S45), ("S45.3.12", S45), ("s45.3.12", S45), ("S45.03.12", S45),
        ("S45/3/12", S45), ("S45-3-12", S45), ("S45 3 12", S45), ("S450312", S45),
        ("昭和四十五年三月十二日", S45), ("昭和４５年３月１２日", S45), ("Ｓ４５．３．１２", S45),
        ("3450312", S45), ("３４５０３１２", S45), (3450312, S45),
        ("1970-03-12", S45), ("1970/3/12", S45), ("1970.03.12", S45), ("19700312", S45), (19700312, S45),
        ("1970年3月12日", S45), ("１９７０年３月１２日", S45), ("一九七〇年三月十二日", S45),
        ("1970-03-12 00:00:00", S45), ("1970-03-12T00:00:00", S45), (datetime.date(1970, 3, 12), S45),
        ("㍼45年3月12日", S45), ("S.45.3.12", S45), ("S45. 3.12", S45), ("1970/03/12 0:00:00", S45), ("'1970-03-12", S45), ("19700312.0", S45), ("3450312.0", S45),
        ("12 MAR 1970", S45), ("12MAR1970", S45), ("12-Mar-1970", S45), ("March 12, 1970", S45), ("昭和45年3月12日生", S45),
        ("平成元年1月8日", (1989, 1, 8)), ("H元.1.8", (1989, 1, 8)), ("平1.1.8", (1989, 1, 8)),
        ("令和元年5月1日", (2019, 5, 1)), ("R01.05.01", (2019, 5, 1)), ("5010501", (2019, 5, 1)),
        ("明治6年1月1日", (1873, 1, 1)), ("M06.01.01", (1873, 1, 1)), ("1060101", (1873, 1, 1)),
        ("昭和64年1月7日", (1989, 1, 7)), ("平成31年4月30日", (2019, 4, 30)),
        ("大正元年7月30日", (1912, 7, 30)), ("明治45年7月30日", (1912, 7, 30)),
        ("大正15年12月25日", (1926, 12, 25)), ("昭和元年12月25日", (1926, 12, 25)),
        ("2000-02-29", (2000, 2, 29)), ("平成12年2月29日", (2000, 2, 29)),
        ("25/12/1970", (1970, 12, 25)), ("12/25/1970", (1970, 12, 25)),
        # partial and unknown
        ("XX MAR 1970", (1970, 3, None)), ("XX XXX 1970", (1970, None, None)),
        ("昭和45年3月", (1970, 3, None)), ("昭和45年3月不詳", (1970, 3, None)), ("昭和45年不詳", (1970, None, None)),
        ("昭和45年 月 日", (1970, None, None)), ("S45.03.00", (1970, 3, None)), ("3450300", (1970, 3, None)),
        ("1970-03-00", (1970, 3, None)), ("1970-00-00", (1970, None, None)), ("1970年??月??日", (1970, None, None)),
        ("昭和64年1月", (1989, 1, None)), ("昭和64年", (1989, None, None)),
        ("不詳", (None, None, None)), ("0000-00-00", (None, None, None)), ("00000000", (None, None, None)),
    ],
)
def test_accepted_notations(text: object, expected: tuple[int | None, int | None, int | None]) -> None:
    assert parse(text) == BirthDate(*expected)


def test_two_digit_year_pivots_at_the_current_year() -> None:
    # The Western reading: up to the current two-digit year (26) it is 20YY, above it 19YY;
    # it is taken when no era year can be read instead (昭和 ends in its year 64).
    assert parse("01/1/1") == BirthDate(2001, 1, 1)  # no era has a 元年1月1日 after 1873
    assert parse("70/3/12") == BirthDate(1970, 3, 12)
    assert parse("700312") == BirthDate(1970, 3, 12)
    assert parse_date("99/1/1", today=datetime.date(2099, 1, 1)) == BirthDate(2099, 1, 1)
    assert parse_date("99/1/1", today=datetime.date(2098, 12, 31)) == BirthDate(1999, 1, 1)


@given(st.integers(0, 99), st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2090, 1, 1)))
def test_two_digit_pivot_is_never_in_the_future_and_within_a_century(yy: int, today: datetime.date) -> None:
    ref = today.replace(month=12, day=31)
    try:
        year = parse_date(f"{yy:02d}/01/01", today=ref).year
    except InvalidDate as err:
        # Also an era year: the Western reading is the first candidate of the hint.
        assert err.reason == "DATE_TWO_DIGIT_YEAR" and err.hint is not None
        year = int(err.hint[:4])
    assert year is not None and year % 100 == yy
    assert today.year - 99 <= year <= today.year


@given(st.sampled_from([e for e in ERAS]), st.integers(1, 99), st.integers(1, 12), st.integers(1, 28))
def test_seven_digits_are_always_an_era_code(era: bd.Era, yy: int, month: int, day: int) -> None:
    code = f"{era.code}{yy:02d}{month:02d}{day:02d}"
    year = era.first_year + yy - 1
    try:
        d = parse(code)
    except InvalidDate as err:
        assert err.reason in {"DATE_LUNISOLAR", "DATE_AFTER_ERA_END", "DATE_BEFORE_ERA_START", "DATE_FUTURE"}
    else:
        assert d == BirthDate(year, month, day)


@given(birth_dates(max_value=TODAY), st.sampled_from(["full", "short", "upper", "lower"]), st.booleans())
def test_every_era_spelling_reads_the_same(d: BirthDate, spelling: str, padded: bool) -> None:
    era, year = _wareki_parts(d.to_date())
    head = {"full": era.name, "short": era.short, "upper": era.letter, "lower": era.letter.lower()}[spelling]
    fmt = "{:02d}" if padded else "{}"
    text = f"{head}{fmt.format(year)}.{fmt.format(d.month)}.{fmt.format(d.day)}"
    assert parse(text) == d


@given(era_change_renderings())
def test_same_day_era_changes_accept_both_writings(pair: tuple[BirthDate, str]) -> None:
    d, old_writing = pair
    assert parse(old_writing) == d
    assert parse(render(d, "wareki")) == d  # the new era's writing
    assert render(d, "wareki") != old_writing


# --- round trips ------------------------------------------------------------------------


@given(birth_dates(max_value=TODAY).flatmap(lambda d: st.tuples(st.just(d), date_renderings(d, today=TODAY))))
def test_round_trip_through_any_rendering(pair: tuple[BirthDate, str]) -> None:
    d, written = pair
    assert parse(written) == d


@given(birth_dates(max_value=TODAY, partial=True), st.sampled_from(sorted(STYLES)))
def test_round_trip_every_style_including_partial(d: BirthDate, style: str) -> None:
    if style not in rendering_styles(d, today=TODAY):
        with pytest.raises(ValueError):
            render(d, style, today=TODAY)
        return
    assert parse(render(d, style, today=TODAY)) == d


WEEKDAYS = "月火水木金土日"


@given(birth_dates(max_value=TODAY).flatmap(lambda d: st.tuples(st.just(d), date_renderings(d, today=TODAY))),
       st.sampled_from(["({})", "（{}）", " ({}曜)", "{}曜日", " {}曜日"]), st.integers(0, 6))
def test_a_weekday_after_the_date_is_checked(pair: tuple[BirthDate, str], form: str, shift: int) -> None:
    # 3月12日(木): kept when it is the date's weekday, a named reason with the right one otherwise.
    d, written = pair
    assert d.year is not None and d.month is not None and d.day is not None
    actual = WEEKDAYS[datetime.date(d.year, d.month, d.day).weekday()]
    assert parse(written + form.format(actual)) == d
    wrong = WEEKDAYS[(WEEKDAYS.index(actual) + 1 + shift % 6) % 7]
    err = reject(written + form.format(wrong))
    assert err.reason == "DATE_WEEKDAY_MISMATCH"
    assert err.hint == f"{written.strip()}({actual})"


@given(birth_dates(max_value=TODAY))
def test_wareki_styles_round_trip(d: BirthDate) -> None:
    for style in ("full", "abbrev", "letter", "code", "kanji"):
        assert parse(d.to_wareki(style)) == d
    assert parse(d.isoformat()) == d


def test_wareki_styles_and_iso() -> None:
    d = BirthDate(1989, 1, 8)
    assert d.isoformat() == "1989-01-08"
    assert [d.to_wareki(s) for s in ("full", "abbrev", "letter", "code", "kanji")] == [
        "平成元年1月8日", "平1.1.8", "H01.01.08", "4010108", "平成元年一月八日"]
    assert BirthDate.unknown().to_wareki() == "不詳" and BirthDate.unknown().isoformat() == "0000-00-00"
    with pytest.raises(ValueError):
        d.to_wareki("nonsense")
    with pytest.raises(ValueError):
        render(d, "nonsense")


def test_partial_date_helpers() -> None:
    d = BirthDate(1970, 2, None)
    assert d.is_partial and not d.is_unknown
    assert (d.earliest(), d.latest()) == (datetime.date(1970, 2, 1), datetime.date(1970, 2, 28))
    assert d.contains(BirthDate(1970, 2, 14)) and not d.contains(BirthDate(1970, 3, 1))
    with pytest.raises(ValueError):
        d.to_date()
    assert BirthDate(1970, 3, 12).to_date() == datetime.date(1970, 3, 12)


# --- rejections -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason", "hint"),
    [
        ("平成31年5月1日", "DATE_AFTER_ERA_END", "令和元年5月1日"),
        ("H31.05.01", "DATE_AFTER_ERA_END", "令和元年5月1日"),
        ("4310501", "DATE_AFTER_ERA_END", "令和元年5月1日"),
        ("昭和64年1月8日", "DATE_AFTER_ERA_END", "平成元年1月8日"),
        ("平成31年5月", "DATE_AFTER_ERA_END", "令和元年5月"),
        ("明治45年7月31日", "DATE_AFTER_ERA_END", "大正元年7月31日"),
        ("令和元年4月30日", "DATE_BEFORE_ERA_START", "平成31年4月30日"),
        ("平成元年1月7日", "DATE_BEFORE_ERA_START", "昭和64年1月7日"),
        ("昭和元年12月24日", "DATE_BEFORE_ERA_START", "大正15年12月24日"),
        ("令和0年5月1日", "DATE_ERA_YEAR_ZERO", "平成30年5月1日"),
        ("S00.03.12", "DATE_ERA_YEAR_ZERO", "大正14年3月12日"),
        ("1900-02-29", "DATE_NOT_LEAP_YEAR", None),
        ("明治33年2月29日", "DATE_NOT_LEAP_YEAR", None),
        ("2023/2/29", "DATE_NOT_LEAP_YEAR", None),
        ("S45.4.31", "DATE_NO_SUCH_DAY", None),
        ("1970-02-30", "DATE_NO_SUCH_DAY", None),
        ("S45.13.1", "DATE_BAD_MONTH", None),
        ("明治5年12月2日", "DATE_LUNISOLAR", None),
        ("明治元年1月25日", "DATE_LUNISOLAR", None),
        ("1050101", "DATE_LUNISOLAR", None),
        ("明治3年", "DATE_LUNISOLAR", None),
        ("1872-12-31", "DATE_TOO_EARLY", None),
        ("2026-11-28", "DATE_FUTURE", None),
        ("令和9年1月1日", "DATE_FUTURE", None),
        ("2027年", "DATE_FUTURE", None),
        ("S45.O3.12", "DATE_LOOKALIKE_CHAR", "S45.03.12"),
        ("197O-03-12", "DATE_LOOKALIKE_CHAR", "1970-03-12"),
        ("l970/3/12", "DATE_LOOKALIKE_CHAR", "1970/3/12"),
        ("昭和45年3月12曰", "DATE_LOOKALIKE_CHAR", "昭和45年3月12日"),
        ("1970-03-12 1970-03-13", "DATE_TWO_DATES", None),
        ("昭和45年3月12日(金)", "DATE_WEEKDAY_MISMATCH", "昭和45年3月12日(木)"),
        ("1970-03-12(木)(木)", "DATE_UNPARSEABLE", None),
        ("昭和45年3月(木)", "DATE_UNPARSEABLE", None),
        ("昭和45年3月12日、昭和46年1月1日", "DATE_TWO_DATES", None),
        ("S45.3.12.", "DATE_TRAILING_SEPARATOR", "S45.3.12"),
        ("1970/03/12/", "DATE_TRAILING_SEPARATOR", "1970/03/12"),
        ("X45.3.12", "DATE_UNKNOWN_ERA", None),
        ("慶応3年1月1日", "DATE_UNKNOWN_ERA", None),
        ("6450312", "DATE_UNKNOWN_ERA_CODE", None),
        ("0450312", "DATE_UNKNOWN_ERA_CODE", None),
        ("1970-00-12", "DATE_PARTIAL_GAP", None),
        ("昭和不詳年3月12日", "DATE_PARTIAL_GAP", None),
        ("03/04/1970", "DATE_AMBIGUOUS_ORDER", "1970-04-03 / 1970-03-04"),
        ("garbage", "DATE_UNPARSEABLE", None),
        ("1970", "DATE_UNPARSEABLE", None),
        ("12 3 4", "DATE_UNPARSEABLE", None),
    ],
)
def test_rejections_carry_reason_and_hint(text: str, reason: str, hint: str | None) -> None:
    err = reject(text)
    assert (err.reason, err.hint) == (reason, hint)
    assert reasons.get(err.reason).field in {"birth_date", "record"}
    assert isinstance(err, ValueError)


@given(birth_dates(max_value=TODAY), st.sampled_from(ERAS))
def test_a_date_written_in_an_era_it_is_not_in_is_rejected_with_the_right_writing(d: BirthDate, era: bd.Era) -> None:
    day = d.to_date()
    in_era = era.start <= day and (era.end is None or day <= era.end)
    year = day.year - era.first_year + 1
    if in_era or year < 1 or year > 99:
        return
    text = f"{era.name}{year}年{day.month}月{day.day}日"
    err = reject(text)
    if day < era.start:
        assert err.reason == "DATE_BEFORE_ERA_START"
    else:
        assert err.reason == "DATE_AFTER_ERA_END"
    assert err.hint is not None and parse(err.hint) == d


@given(st.dates(min_value=TODAY + datetime.timedelta(days=1), max_value=datetime.date(2099, 12, 31)))
def test_future_dates_are_rejected_in_any_notation(day: datetime.date) -> None:
    d = BirthDate.from_date(day)
    for style in ("iso", "compact", "kanji", "wareki", "era_code"):
        assert reject(render(d, style)).reason == "DATE_FUTURE"


@given(st.integers(1873, 2026).filter(lambda y: not (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0))))
def test_29_february_of_common_years_is_rejected(year: int) -> None:
    assert reject(f"{year}-02-29").reason == "DATE_NOT_LEAP_YEAR"
    era, ey = _wareki_parts(datetime.date(year, 2, 28))
    assert reject(f"{era.name}{ey}年2月29日").reason == "DATE_NOT_LEAP_YEAR"


def test_the_same_text_parses_relative_to_today() -> None:
    assert parse_date("2026-11-28", today=datetime.date(2026, 11, 28)) == BirthDate(2026, 11, 28)
    assert not bd.is_valid("2026-11-28", today=TODAY)


@given(st.text(max_size=80))
def test_hostile_text_never_crashes(text: str) -> None:
    try:
        parse(text)
    except InvalidDate as err:
        reasons.get(err.reason)  # every code is in the catalog


@pytest.mark.parametrize("text", ["", " ", "\ue000\ue001", "=1+1", "@SUM(A1)", "9" * 5000, "S45.3.12" * 10, "\t\r\n"])
def test_hostile_values_get_a_reason(text: str) -> None:
    err = reject(text)
    assert reasons.get(err.reason)


def test_every_date_reason_code_in_the_module_is_in_the_catalog() -> None:
    source = Path(bd.__file__).read_text(encoding="utf-8")
    codes = set(re.findall(r'"((?:DATE|RECORD)_[A-Z_]+)"', source))
    assert len(codes) > 20
    for code in codes:
        assert reasons.get(code)


# --- comparison -----------------------------------------------------------------------------------


def compare(a: object, b: object) -> tuple[Level, tuple[str, ...]]:
    f = CMP.compare(a, b)
    return f.level, f.reasons


def test_identical_text_is_exact_and_other_notation_equivalent() -> None:
    assert compare("S45.3.12", "S45.3.12") == (Level.EXACT, ())
    assert compare("昭和45年3月12日", "1970-03-12") == (Level.EQUIVALENT, ("DATE_NOTATION_FOLD",))
    assert compare("明治45年7月30日", "大正元年7月30日") == (Level.EQUIVALENT, ("DATE_NOTATION_FOLD",))
    f = CMP.compare("3450312", "昭和四十五年三月十二日")
    assert (f.left, f.right, f.verdict) == ("1970-03-12", "1970-03-12", Verdict.MATCH)


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ("1970-03-12", "1970-03-17", "DATE_ONE_DIGIT"),
        ("1970-03-12", "1971-03-12", "DATE_ONE_DIGIT"),
        ("1970-03-12", "1970-03-21", "DATE_DIGITS_TRANSPOSED"),
        ("1970-03-04", "1970-04-03", "DATE_DAY_MONTH_SWAPPED"),
        ("S05.03.12", "H05.03.12", "DATE_ERA_CONFUSION"),
        ("T10.1.1", "S10.1.1", "DATE_ERA_CONFUSION"),
        ("1970-03-31", "1970-04-01", "DATE_OFF_BY_ONE_DAY"),
        ("1969-12-31", "1970-01-01", "DATE_OFF_BY_ONE_DAY"),
    ],
)
def test_near_misses_name_their_kind(a: str, b: str, reason: str) -> None:
    level, codes = compare(a, b)
    assert level is Level.NEAR and reason in codes
    assert compare(b, a) == (level, codes)  # symmetric
    assert CMP.compare(a, b).verdict is Verdict.REVIEW


def test_era_confusion_is_not_also_reported_as_one_digit() -> None:
    assert compare("S05.03.12", "H05.03.12") == (Level.NEAR, ("DATE_ERA_CONFUSION",))


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ("XX MAR 1970", "1970-03-12", "DATE_PARTIAL_CONSISTENT"),
        ("昭和45年不詳", "S45.03.00", "DATE_PARTIAL_CONSISTENT"),
        ("昭和45年不詳", "1970-00-00", "DATE_PARTIAL_SAME"),
        ("不詳", "1970-03-12", "DATE_RECORDED_UNKNOWN"),
        ("不詳", "0000-00-00", "DATE_BOTH_UNKNOWN"),
    ],
)
def test_partial_and_unknown_dates_cannot_confirm(a: str, b: str, reason: str) -> None:
    assert compare(a, b) == (Level.UNCERTAIN, (reason,))
    assert CMP.compare(a, b).verdict is Verdict.REVIEW


def test_different_dates_and_inconsistent_partials_differ() -> None:
    assert compare("1970-03-12", "1985-11-30") == (Level.DIFFERENT, ("DATE_DIFFERENT",))
    assert compare("1970-03-00", "1970-04-12") == (Level.DIFFERENT, ("DATE_DIFFERENT",))
    assert CMP.compare("1970-03-12", "1985-11-30").verdict is Verdict.MISMATCH


def test_invalid_side_gives_invalid_with_reason_and_hint() -> None:
    f = CMP.compare("平成31年5月1日", "2019-05-01")
    assert (f.level, f.reasons, f.hint, f.verdict) == (
        Level.INVALID, ("DATE_AFTER_ERA_END",), "令和元年5月1日", Verdict.REVIEW)


def test_missing_and_absent() -> None:
    assert compare("", "1970-03-12") == (Level.MISSING, ("DATE_MISSING",))
    assert compare(None, " ") == (Level.ABSENT, ("DATE_ABSENT",))


@given(birth_dates(max_value=TODAY).flatmap(
    lambda d: st.tuples(date_renderings(d, today=TODAY), date_renderings(d, today=TODAY))))
def test_two_renderings_of_one_date_always_agree(pair: tuple[str, str]) -> None:
    finding = CMP.compare(*pair)
    assert finding.level.agrees and finding.verdict is Verdict.MATCH


@given(birth_dates(max_value=TODAY), birth_dates(max_value=TODAY))
def test_different_dates_never_agree(a: BirthDate, b: BirthDate) -> None:
    finding = CMP.compare(a.isoformat(), b.to_wareki())
    assert finding.level.agrees is (a == b)


@given(st.text(max_size=30), st.text(max_size=30))
def test_comparator_never_crashes(a: str, b: str) -> None:
    finding = CMP.compare(a, b)
    for code in finding.reasons:
        reasons.get(code)


def test_default_comparator_is_registered() -> None:
    from mynacheck.fields import comparator

    assert comparator("birth_date") is bd.COMPARATOR
    assert bd.COMPARATOR.name == "birth_date"


def test_today_is_refreshed_when_the_cached_day_is_stale() -> None:
    bd._today_window[:] = [0.0, -1.0]
    assert bd._today() == datetime.date.today()
    assert bd._today_window[0] <= time.time() < bd._today_window[1]


class _PausingDay(datetime.date):
    """A reference day whose first comparison with a date waits until another thread has parsed."""

    paused = threading.Event()
    resume = threading.Event()

    def _pause(self) -> None:
        if not self.paused.is_set():
            self.paused.set()
            assert self.resume.wait(10)

    def __lt__(self, other: object) -> bool:
        self._pause()
        return super().__lt__(other)  # type: ignore[operator]

    def __gt__(self, other: object) -> bool:
        self._pause()
        return super().__gt__(other)  # type: ignore[operator]


def test_the_reference_day_is_part_of_every_parse_cache_key() -> None:
    # The schedule that broke a cache keyed by text and emptied when the day changed:
    # thread A starts parsing a two-digit year for 2069 and stops halfway; thread B
    # parses the same text for 2071; A finishes and stores its answer; then 2071 asks
    # again.  Keyed by (text, day), every answer is that day's, whatever the timing.
    text = "70/3/1"  # no era has a year 70 by 2071: only the pivot decides
    early = _PausingDay(2069, 1, 1)
    late = datetime.date(2071, 1, 1)
    got: dict[str, int | None] = {}

    def parse_early() -> None:
        got["early"] = parse_date(text, today=early).year

    a = threading.Thread(target=parse_early)
    a.start()
    assert _PausingDay.paused.wait(10)  # A is inside its parse
    got["late"] = parse_date(text, today=late).year
    _PausingDay.resume.set()
    a.join()
    assert got == {"early": 1970, "late": 2070}
    assert parse_date(text, today=late).year == 2070  # not A's answer, stored after B's
    assert parse_date(text, today=datetime.date(2069, 1, 1)).year == 1970


# --- the caches and the one-day shortcut against the general path ------------------------

# Date-like text, valid or not: digits, separators, era letters, kanji, blanks.
_date_text = st.text(alphabet="0123456789-./ 年月日元昭平令SHRs不詳?X\u3000０１２", max_size=14)


@st.composite
def _date_pair(draw: st.DrawFn) -> tuple[str, str]:
    d = draw(birth_dates())
    left = draw(st.one_of(date_renderings(d, today=TODAY), _date_text, st.sampled_from(["", " ", "\u3000"])))
    # The shortcut is tried before the guard: pairs the guard stops (debris, blanks, over-long) must not pass it.
    right = draw(st.one_of(date_renderings(d, today=TODAY), date_renderings(draw(birth_dates()), today=TODAY),
                           _date_text, st.just(left), st.just(f" {left} "), st.just(left + "\u200b"),
                           st.just("\ufeff" + left), st.just(left + "\x07"), st.just(left * 30)))
    return (right, left) if draw(st.booleans()) else (left, right)


@given(_date_pair())
def test_the_one_day_shortcut_equals_the_levels(pair: tuple[str, str]) -> None:
    left, right = pair
    general = attrs.evolve(CMP, shortcut=None)  # the same comparator: guard, parse and levels only
    assert CMP.compare(left, right) == general.compare(left, right)
    assert bd.COMPARATOR.compare(left, right) == attrs.evolve(bd.COMPARATOR, shortcut=None).compare(left, right)


def _outcome(text: str) -> object:
    try:
        return parse_date(text, today=TODAY)
    except InvalidDate as err:
        return (err.reason, str(err), err.hint)


@given(_date_pair())
def test_a_cached_parse_equals_a_fresh_one(pair: tuple[str, str]) -> None:
    for text in pair:
        first = _outcome(text)
        assert _outcome(text) == first  # from the cache
        memo.clear()
        assert _outcome(text) == first  # computed afresh


@given(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99))
@example(2026, 11, 27)
@example(2026, 11, 28)
@example(1873, 1, 1)
@example(1872, 12, 31)
@example(2024, 2, 29)
@example(2023, 2, 29)
def test_iso_fast_path_equals_the_general_path(year: int, month: int, day: int) -> None:
    text = f"{year:04d}-{month:02d}-{day:02d}"
    # With a midnight time the same text takes the general (regex) path.
    assert _outcome(text) == _outcome(text + "T00:00")


@given(st.text("0123456789", min_size=1, max_size=12))
def test_digits_skip_only_what_does_nothing_to_them(text: str) -> None:
    # A text of ASCII digits skips the normalization; with spaces around it, it doesn't.
    assert _outcome(text) == _outcome(f" {text}\u3000")


# --- the ISO fast path against the general path -------------------------------------------


@given(st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32),
       st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2100, 1, 1)))
def test_the_iso_fast_path_gives_what_the_general_path_gives(year: int, month: int, day: int,
                                                             today: datetime.date) -> None:
    raw = f"{year:04d}-{month:02d}-{day:02d}"
    fast = bd._iso_day(raw, today)
    try:  # a space on each side: not the fast path's shape, so the general path reads it
        general: BirthDate | None = parse_date(f" {raw} ", today=today)
    except InvalidDate:
        general = None
    if fast is None:
        return  # declined: the general path decides (and may reject it with its reason)
    assert fast == general and hash(fast) == hash(general) and repr(fast) == repr(general)
    assert parse_date(raw, today=today) == general
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        fast.year = 1  # type: ignore[misc]


@given(st.dates(min_value=datetime.date(1873, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_a_checked_day_is_the_birth_date_attrs_makes(day: datetime.date) -> None:
    made, checked = BirthDate(day.year, day.month, day.day), bd._checked_day(day.year, day.month, day.day)
    assert (checked == made and hash(checked) == hash(made) and repr(checked) == repr(made)
            and type(checked) is BirthDate and checked.isoformat() == made.isoformat())
