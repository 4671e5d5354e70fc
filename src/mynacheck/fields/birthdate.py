"""生年月日: parse every notation business systems use, reject dates that never existed, compare.

Accepted notations (after full-width → ASCII and kanji numerals → digits):

- 和暦: 明治/大正/昭和/平成/令和, 明/大/昭/平/令, M/T/S/H/R (either case), 元年,
  separators ``.`` ``/`` ``-``, 年月日 or spaces, with or without zero padding
  (昭和45年3月12日, S45.03.12, 昭45.3.12, s45/3/12, S450312, 昭和四十五年三月十二日);
- the 7-digit era code ``GYYMMDD`` (1 明治 … 5 令和): ``3450312`` is 1970-03-12.
  A 7-digit string is always an era code, never a short Western date;
- Western: ``1970-03-12``, ``1970/3/12``, ``1970.3.12``, ``19700312``, 1970年3月12日,
  passport style ``12 MAR 1970``; ``DD/MM/YYYY`` only when the order is unambiguous;
- two-digit years without an era (``70/3/12``, ``700312``, ``70年3月12日``): the
  Western reading pivots at the current year (``YY`` up to the current two-digit
  year is 20YY, above it 19YY), but YY may also be an era year (``45.3.12`` is
  1945 or 昭和45 = 1970).  The date is read only when every possible reading
  (Western, 大正/昭和/平成/令和, 明治 after 1872) gives the same day; otherwise
  ``DATE_TWO_DIGIT_YEAR`` with the candidates as a hint;
- ISO 8601 date-times: midnight, with fractional seconds of zero, and any time
  with a zone (``Z``, ``+09:00``, ``-0500``): the day in Japan (+09:00) of that
  instant, when it is the written day or the instant is midnight in Japan
  (``1970-03-11T15:00:00Z`` is 1970-03-12 00:00 JST); otherwise
  ``DATE_TIMEZONE_SHIFT`` with both days as a hint;
- a bare 5-digit number is refused as a spreadsheet serial date
  (``DATE_SPREADSHEET_SERIAL``, the day in Excel's 1900 system as a hint);
- partial dates: an unknown part is written 00, 不詳/不明, ``XX`` or ``??``, or left
  blank between 年/月/日 markers; 不詳 alone or ``0000-00-00`` is a fully unknown date.

Every rejection raises :class:`~mynacheck.errors.InvalidDate` with a reason code
from :mod:`mynacheck.catalog.birth_date` and, where one exists, a hint:

>>> parse_date("S45.3.12")
BirthDate(year=1970, month=3, day=12)
>>> parse_date("3450312").to_wareki()
'昭和45年3月12日'
>>> try:
...     parse_date("平成31年5月1日")
... except InvalidDate as err:
...     print(err.reason, err.hint)
DATE_AFTER_ERA_END 令和元年5月1日
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Callable

import attrs

from .._slots import compile_slot_builder
from ..clock import replayed as _replayed
from ..errors import InvalidDate, UsageError
from ..memo import clear as clear_memos
from ..memo import memo_per_mode
from ..text.numerals import replace_kanji_numerals
from ..text.unicode import fold_debris, has_debris
from ..verdicts import Finding, Level, Verdict, _new_finding
from .base import ComparisonLevel, LevelledField

__all__ = [
    "COMPARATOR",
    "LEVELS",
    "ERAS",
    "STYLES",
    "BirthDate",
    "Era",
    "InvalidDate",
    "TWO_DIGIT_STYLES",
    "clear_cache",
    "compare",
    "is_valid",
    "make_comparator",
    "normalize",
    "parse",
    "reference_day",
    "parse_date",
    "render",
]

_date = datetime.date


@attrs.frozen(slots=True)
class Era:
    """A modern Japanese era: its names, era-code digit and (inclusive) span."""

    name: str  # 昭和
    short: str  # 昭
    letter: str  # S
    code: int  # 3 (the G of GYYMMDD)
    start: datetime.date
    end: datetime.date | None  # None: the current era

    @property
    def first_year(self) -> int:
        """The Gregorian year of 元年."""
        return self.start.year


#: 明治 counts from 1868-01-25, but Japan kept the lunisolar calendar until
#: 明治5年12月2日; the next day was 明治6年1月1日 = 1873-01-01.  The two
#: same-day changes (1912-07-30, 1926-12-25) belong to both neighbouring eras.
ERAS: tuple[Era, ...] = (
    Era("明治", "明", "M", 1, _date(1868, 1, 25), _date(1912, 7, 30)),
    Era("大正", "大", "T", 2, _date(1912, 7, 30), _date(1926, 12, 25)),
    Era("昭和", "昭", "S", 3, _date(1926, 12, 25), _date(1989, 1, 7)),
    Era("平成", "平", "H", 4, _date(1989, 1, 8), _date(2019, 4, 30)),
    Era("令和", "令", "R", 5, _date(2019, 5, 1), None),
)
_ERA_BY_KEY: dict[str, Era] = {}
for _era in ERAS:
    _ERA_BY_KEY[_era.name] = _ERA_BY_KEY[_era.short] = _ERA_BY_KEY[_era.letter] = _era
_ERA_BY_CODE: dict[str, Era] = {str(e.code): e for e in ERAS}
_ERA_INDEX: dict[str, int] = {e.name: i for i, e in enumerate(ERAS)}

GREGORIAN_START = _date(1873, 1, 1)
_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and _is_leap(year):
        return 29
    return _DAYS[month]


def _era_of(day: datetime.date) -> Era:
    """The era a day is written in; on a same-day change, the new era."""
    for era in reversed(ERAS):
        if era.start <= day:
            return era
    return ERAS[0]


# --- the value object ---------------------------------------------------------


def _validate_parts(year: int | None, month: int | None, day: int | None) -> None:
    if (year is None and month is not None) or (month is None and day is not None):
        raise InvalidDate("a known part follows an unknown one", reason="DATE_PARTIAL_GAP")
    if year is not None and not 1 <= year <= 9999:
        raise InvalidDate("year out of range", reason="DATE_UNPARSEABLE")
    if month is not None and not 1 <= month <= 12:
        raise InvalidDate("no such month", reason="DATE_BAD_MONTH")
    if day is not None and year is not None and month is not None and not 1 <= day <= _days_in_month(year, month):
        if month == 2 and day == 29:
            raise InvalidDate(f"{year} is not a leap year", reason="DATE_NOT_LEAP_YEAR")
        raise InvalidDate("no such day in this month", reason="DATE_NO_SUCH_DAY")


@attrs.frozen(slots=True, repr=True)
class BirthDate:
    """A Gregorian birth date; an unknown part is ``None``.

    Unknown parts are always trailing: a known day needs a known month, a
    known month a known year.  ``BirthDate(None, None, None)`` is a date
    recorded as unknown (不詳).

    >>> d = BirthDate(1970, 3, 12)
    >>> d.isoformat(), d.to_wareki(), d.to_wareki("abbrev"), d.to_wareki("letter"), d.to_wareki("code")
    ('1970-03-12', '昭和45年3月12日', '昭45.3.12', 'S45.03.12', '3450312')
    >>> BirthDate(2019, 5, None).to_wareki(), BirthDate(2019, 5, None).isoformat()
    ('令和元年5月', '2019-05-00')
    """

    year: int | None
    month: int | None = None
    day: int | None = None

    def __attrs_post_init__(self) -> None:
        _validate_parts(self.year, self.month, self.day)

    @classmethod
    def from_date(cls, value: datetime.date) -> BirthDate:
        if isinstance(value, datetime.datetime):
            value = value.date()
        return cls(value.year, value.month, value.day)

    @classmethod
    def unknown(cls) -> BirthDate:
        """The fully unknown date (不詳)."""
        return cls(None, None, None)

    @property
    def is_partial(self) -> bool:
        """True when some part (or all) is unknown."""
        return self.day is None

    @property
    def is_unknown(self) -> bool:
        """True when the whole date is unknown (不詳)."""
        return self.year is None

    def to_date(self) -> datetime.date:
        """The :class:`datetime.date`; raises ValueError for a partial date."""
        if self.year is None or self.month is None or self.day is None:
            raise UsageError("a partial birth date has no single datetime.date")
        return _date(self.year, self.month, self.day)

    def earliest(self) -> datetime.date | None:
        """The first day this (possibly partial) date can be; None when unknown."""
        if self.year is None:
            return None
        return _date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> datetime.date | None:
        """The last day this (possibly partial) date can be; None when unknown."""
        if self.year is None:
            return None
        month = self.month or 12
        return _date(self.year, month, self.day or _days_in_month(self.year, month))

    def contains(self, other: BirthDate) -> bool:
        """True when every day ``other`` can be is a day this date can be."""
        if self.year is None:
            return True
        if other.year is None:
            return False
        lo, hi, olo, ohi = self.earliest(), self.latest(), other.earliest(), other.latest()
        assert lo and hi and olo and ohi
        return lo <= olo and ohi <= hi

    def isoformat(self) -> str:
        """``YYYY-MM-DD``; an unknown part is written as zeros (``1970-03-00``, ``0000-00-00``)."""
        return f"{self.year or 0:04d}-{self.month or 0:02d}-{self.day or 0:02d}"

    def era(self) -> Era | None:
        """The era this date is written in (the new era on a same-day change)."""
        first = self.earliest()
        if first is None:
            return None
        return _era_of(max(first, GREGORIAN_START))

    def wareki_parts(self) -> tuple[Era, int, int | None, int | None] | None:
        """(era, era year, month, day), or None when the date is unknown or before 明治."""
        era = self.era()
        if era is None or self.year is None or self.year < GREGORIAN_START.year:
            return None
        return era, self.year - era.first_year + 1, self.month, self.day

    def to_wareki(self, style: str = "full") -> str:
        """Write the date in 和暦.

        ``style`` is ``"full"`` (昭和45年3月12日), ``"abbrev"`` (昭45.3.12),
        ``"letter"`` (JIS X 0301: S45.03.12), ``"code"`` (3450312) or
        ``"kanji"`` (昭和四十五年三月十二日).  Unknown parts are left out of the
        年月日 styles and written 00 in the others; a fully unknown date is 不詳.
        """
        try:
            writer = _WAREKI_STYLES[style]
        except KeyError:
            raise UsageError(f"unknown wareki style {style!r}; use one of {', '.join(_WAREKI_STYLES)}") from None
        return writer(self)

    def __str__(self) -> str:
        return self.isoformat()


# --- rendering ------------------------------------------------------------------

_KANJI_DIGIT = "〇一二三四五六七八九"


def _kanji_number(n: int) -> str:
    """1..99 in the multiplicative notation (四十五, 十二)."""
    tens, units = divmod(n, 10)
    out = "" if tens == 0 else ("十" if tens == 1 else _KANJI_DIGIT[tens] + "十")
    return out + (_KANJI_DIGIT[units] if units else "")


def _nengo(era_year: int, kanji: bool = False) -> str:
    if era_year == 1:
        return "元"
    return _kanji_number(era_year) if kanji else str(era_year)


def _wareki_full(d: BirthDate, padded: bool = False, kanji: bool = False) -> str:
    parts = d.wareki_parts()
    if parts is None:
        return "不詳" if d.year is None else _western_kanji(d)
    era, ey, m, day = parts

    def num(n: int) -> str:
        return _kanji_number(n) if kanji else (f"{n:02d}" if padded else str(n))

    out = f"{era.name}{_nengo(ey, kanji)}年"
    if m is not None:
        out += f"{num(m)}月"
        if day is not None:
            out += f"{num(day)}日"
    return out


def _wareki_numeric(d: BirthDate, head: Callable[[Era], str], padded: bool, sep: str = ".") -> str:
    parts = d.wareki_parts()
    if parts is None:
        return "不詳" if d.year is None else d.isoformat()
    era, ey, m, day = parts
    fmt = "{:02d}" if padded else "{:d}"
    month = fmt.format(m) if m is not None else "00"
    dd = fmt.format(day) if day is not None else "00"
    return f"{head(era)}{fmt.format(ey)}{sep}{month}{sep}{dd}"


def _wareki_code(d: BirthDate) -> str:
    parts = d.wareki_parts()
    if parts is None:
        return "0000000" if d.year is None else d.isoformat()
    era, ey, m, day = parts
    return f"{era.code}{ey:02d}{m or 0:02d}{day or 0:02d}"


def _wareki_compact(d: BirthDate) -> str:
    code = _wareki_code(d)
    if not code.isdigit() or code == "0000000":
        return "不詳" if d.year is None else code
    return ERAS[int(code[0]) - 1].letter + code[1:]


_WAREKI_STYLES: dict[str, Callable[[BirthDate], str]] = {
    "full": _wareki_full,
    "abbrev": lambda d: _wareki_numeric(d, lambda e: e.short, padded=False),
    "letter": lambda d: _wareki_numeric(d, lambda e: e.letter, padded=True),
    "code": _wareki_code,
    "kanji": lambda d: _wareki_full(d, kanji=True),
}


def _western_kanji(d: BirthDate, positional: bool = False) -> str:
    if d.year is None:
        return "不詳"

    def num(n: int) -> str:
        if positional:
            return "".join(_KANJI_DIGIT[int(c)] for c in str(n))
        return str(n)

    out = f"{num(d.year)}年"
    if d.month is not None:
        out += f"{_kanji_number(d.month) if positional else d.month}月"
        if d.day is not None:
            out += f"{_kanji_number(d.day) if positional else d.day}日"
    return out


def _sep(sep: str, padded: bool = True) -> Callable[[BirthDate], str]:
    def write(d: BirthDate) -> str:
        if not padded and d.day is not None and d.month is not None:
            return f"{d.year}{sep}{d.month}{sep}{d.day}"
        return f"{d.year or 0:04d}{sep}{d.month or 0:02d}{sep}{d.day or 0:02d}"

    return write


_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def _passport(d: BirthDate) -> str:
    if d.year is None:
        return "不詳"
    day = f"{d.day:02d}" if d.day is not None else "XX"
    month = _MONTHS[d.month - 1] if d.month is not None else "XXX"
    return f"{day} {month} {d.year}"


_FULLWIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


def _two_digit(d: BirthDate, today: datetime.date | None, compact: bool) -> str:
    if d.year is None:
        return "不詳"
    current = (today or _date.today()).year
    if not current - 99 <= d.year <= current:
        raise UsageError(f"{d.year} cannot be written with a two-digit year (pivot {current})")
    yy = d.year % 100
    try:
        _two_digit_year(f"{yy:02d}", d.month, d.day, today or _date.today())
    except InvalidDate:
        raise UsageError(f"{d.isoformat()} written with a two-digit year could also be an era year "
                         "(DATE_TWO_DIGIT_YEAR)") from None
    if compact:
        return f"{yy:02d}{d.month or 0:02d}{d.day or 0:02d}"
    return f"{yy:02d}/{d.month or 0:02d}/{d.day or 0:02d}"


#: Every style :func:`render` writes.  ``parse_date(render(d, style)) == d``
#: holds for each of them (two-digit styles: within the pivot window, and only for a
#: date no era year could also be read as; :func:`render` refuses the others).
STYLES: dict[str, Callable[[BirthDate, datetime.date | None], str]] = {
    "iso": lambda d, t: d.isoformat(),
    "slash": lambda d, t: _sep("/", padded=False)(d),
    "slash_padded": lambda d, t: _sep("/")(d),
    "dot": lambda d, t: _sep(".")(d),
    "compact": lambda d, t: d.isoformat().replace("-", ""),
    "kanji": lambda d, t: _western_kanji(d),
    "kanji_numerals": lambda d, t: _western_kanji(d, positional=True),
    "wareki": lambda d, t: _wareki_full(d),
    "wareki_padded": lambda d, t: _wareki_full(d, padded=True),
    "wareki_kanji": lambda d, t: _wareki_full(d, kanji=True),
    "wareki_fullwidth": lambda d, t: _wareki_full(d).translate(_FULLWIDTH),
    "wareki_abbrev": lambda d, t: _wareki_numeric(d, lambda e: e.short, padded=False),
    "wareki_letter": lambda d, t: _wareki_numeric(d, lambda e: e.letter, padded=True),
    "wareki_letter_lower": lambda d, t: _wareki_numeric(d, lambda e: e.letter.lower(), padded=False),
    "wareki_letter_slash": lambda d, t: _wareki_numeric(d, lambda e: e.letter, padded=False, sep="/"),
    "wareki_compact": lambda d, t: _wareki_compact(d),
    "era_code": lambda d, t: _wareki_code(d),
    "passport": lambda d, t: _passport(d),
    "yy_slash": lambda d, t: _two_digit(d, t, compact=False),
    "yy_compact": lambda d, t: _two_digit(d, t, compact=True),
}

#: Styles that need the date to lie within the two-digit-year pivot window.
TWO_DIGIT_STYLES = frozenset({"yy_slash", "yy_compact"})


def render(d: BirthDate, style: str = "iso", *, today: datetime.date | None = None) -> str:
    """Write ``d`` in one of :data:`STYLES`.

    >>> d = BirthDate(1970, 3, 12)
    >>> [render(d, s) for s in ("iso", "slash", "compact", "kanji", "wareki", "wareki_letter", "era_code")]
    ['1970-03-12', '1970/3/12', '19700312', '1970年3月12日', '昭和45年3月12日', 'S45.03.12', '3450312']
    >>> render(d, "passport"), render(d, "wareki_kanji")
    ('12 MAR 1970', '昭和四十五年三月十二日')

    Two-digit styles raise :class:`~mynacheck.errors.UsageError` (a ValueError) for a year outside the pivot window.
    """
    try:
        writer = STYLES[style]
    except KeyError:
        raise UsageError(f"unknown style {style!r}; use one of {', '.join(STYLES)}") from None
    return writer(d, today)


# --- parsing ----------------------------------------------------------------------

_TRANS: dict[int, str] = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_TRANS.update({c: chr(c - 32) for c in range(ord("a"), ord("z") + 1)})  # upper-case ASCII
_TRANS.update({c: chr(c - 0xFEE0 - 32) for c in range(0xFF41, 0xFF5B)})  # ａ → A
for _dash in "‐‑‒–—―−ー－ｰ﹣":
    _TRANS[ord(_dash)] = "-"
for _dot in "・･。．":
    _TRANS[ord(_dot)] = "."
for _space in "\u3000\t\u00a0\u2002\u2003\u2009":
    _TRANS[ord(_space)] = " "
_TRANS.update({ord("〜"): "~", ord("～"): "~", ord("、"): ",", ord("／"): "/"})
_TRANS.update({ord("？"): "?"})
# Square era signs (CP932 has ㍾㍽㍼㍻; Unicode 12 added ㋿).
_TRANS.update({ord("㍾"): "明治", ord("㍽"): "大正", ord("㍼"): "昭和", ord("㍻"): "平成", ord("㋿"): "令和"})

_ERA_ALT = "明治|大正|昭和|平成|令和|[明大昭平令MTSHR]"
_NUM = r"(\d{1,2}|\?)"
_SEP = r"(?:\s*[./-]\s*|\s+)"
_TIME = r"(?:[T ]\s*0?0:00(?::00(?:\.0+)?)?)?"  # a spreadsheet's midnight
_KANJI_TAIL = r"(?:\s*(\d{1,2}|\?)?\s*月(?:\s*(\d{1,2}|\?)?\s*日?)?|\s*\?)?"

_RE_ISO = re.compile(r"(\d{4})-(\d\d)-(\d\d)" + _TIME)
# ISO 8601 date-time with a time of day, fractional seconds or a zone (upper case: after _normalize).
_RE_ISO_DATETIME = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[T ]\s*(\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d\d(?::?\d\d)?)?")
_JST = datetime.timezone(datetime.timedelta(hours=9), "JST")
#: Day 0 of Excel's 1900 date system (serial 1 is 1900-01-01; 1900-02-29, serial 60,
#: never existed, so from serial 61 on a serial counts from 1899-12-30).
_EXCEL_EPOCH = _date(1899, 12, 30)
#: Japan's summer time (+10:00, tz database rule "Japan"): the days whose midnight was
#: 23:00 JST of the day before.  A date stored as its local midnight there is 14:00Z.
_SUMMER_TIME = ((_date(1948, 5, 2), _date(1948, 9, 12)), (_date(1949, 4, 3), _date(1949, 9, 11)),
                (_date(1950, 5, 7), _date(1950, 9, 10)), (_date(1951, 5, 6), _date(1951, 9, 9)))
_ELEVEN_PM = datetime.time(23)
_RE_WAREKI_SEP = re.compile(rf"({_ERA_ALT})\.?\s*(\d{{1,2}}|元|\?){_SEP}{_NUM}{_SEP}{_NUM}")
_RE_WAREKI_KANJI = re.compile(rf"({_ERA_ALT})\.?\s*(\d{{1,2}}|元|\?)\s*年{_KANJI_TAIL}")
_RE_WAREKI_COMPACT = re.compile(rf"({_ERA_ALT})(\d\d)(\d\d)(\d\d)")
_RE_WESTERN_SEP = re.compile(rf"(\d{{4}}){_SEP}{_NUM}{_SEP}{_NUM}{_TIME}")
# Two-digit years need a real separator: "12 3 4" is more likely noise than 2012-03-04.
_RE_WESTERN_YY = re.compile(rf"(\d\d)\s*[./-]\s*{_NUM}\s*[./-]\s*{_NUM}")
_RE_WESTERN_YM = re.compile(r"(\d{4})\s*[./-]\s*(\d{1,2}|\?)")
_RE_WESTERN_KANJI = re.compile(rf"(\d{{4}}|\d\d|\?)\s*年{_KANJI_TAIL}")
_RE_DMY = re.compile(rf"{_NUM}{_SEP}{_NUM}{_SEP}(\d{{4}})")
_MONTH_ALT = (r"(JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?"
              r"|SEP(?:T(?:EMBER)?)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?|\?)\.?")
_RE_PASSPORT = re.compile(rf"{_NUM}\s*-?\s*{_MONTH_ALT}\s*-?\s*(\d{{4}})")
_RE_MDY_NAMED = re.compile(rf"{_MONTH_ALT}\s+{_NUM},?\s+(\d{{4}})")
_RE_UNKNOWN_WORD = re.compile(r"不詳|不明|X{1,4}|\?{1,4}|\*{2,4}")
_RE_SUFFIX = re.compile(r"\s*(?:生まれ|生)$")
_KANJI_NUMERAL = re.compile("[〇一二三四五六七八九十]")

# Diagnostics: only run once every accepted form has failed.
_RE_LOOKALIKE = re.compile("[OoIl|曰Ｏｏｌ｜]")
_LOOKALIKE_FIX = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "曰": "日",
                                "Ｏ": "０", "ｏ": "０", "ｌ": "１", "｜": "１"})
_RE_DATELIKE = re.compile(
    rf"(?:(?:{_ERA_ALT})\s*(?:\d{{1,2}}|元)|\d{{4}})\s*[年./-]\s*\d{{1,2}}\s*[月./-]\s*\d{{1,2}}\s*日?|\d{{7,8}}"
)
_RE_ERA_LIKE = re.compile(r"([A-Z]{1,2}|[^\x00-\x7f\d\s]{1,3}?)\s*(\d{1,2}|元)\s*(?:[年./-]|\s\d)")
_MONTH_NUMBER = {name: i + 1 for i, name in enumerate(_MONTHS)}
_MAX_INPUT = 64
_MAX_CACHE = 131072  # ~20 MB: three writings of every day of a century


def _fail(reason: str, message: str, hint: str | None = None) -> InvalidDate:
    return InvalidDate(message, reason=reason, hint=hint)


def _part(text: str | None) -> int | None:
    """A month or day: None for blank, ``?`` or zero."""
    if not text or text == "?":
        return None
    value = int(text)
    return value or None


def _pivot(yy: int, today: datetime.date) -> int:
    # In this century: YY up to the current two-digit year is 20YY, above it 19YY.
    century = today.year - today.year % 100
    return century + yy if yy <= today.year % 100 else century - 100 + yy


def _check_western(year: int | None, month: int | None, day: int | None, today: datetime.date) -> BirthDate:
    bd = BirthDate(year, month, day)  # validates the calendar
    if year is not None:
        if year < GREGORIAN_START.year:
            raise _fail("DATE_TOO_EARLY", "before 1873-01-01, when Japan adopted the Gregorian calendar")
        first = bd.earliest()
        assert first is not None
        if first > today:
            raise _fail("DATE_FUTURE", "a birth date in the future")
    return bd


def _hint_for(year: int, month: int | None, day: int | None) -> str | None:
    if year < GREGORIAN_START.year or year > 9999:
        return None
    try:
        return _wareki_full(BirthDate(year, month, day))
    except InvalidDate:
        return None


def _check_wareki(era: Era, era_year: int | None, month: int | None, day: int | None,
                  today: datetime.date) -> BirthDate:
    if era_year is None:
        raise _fail("DATE_PARTIAL_GAP", "the era is known but its year is not")
    if era_year == 0:
        hint = _hint_for(era.first_year - 1, month, day) if era.code > 1 else None
        raise _fail("DATE_ERA_YEAR_ZERO", f"{era.name}0年 does not exist (the first year is 元年)", hint)
    year = era.first_year + era_year - 1
    if year < GREGORIAN_START.year:
        raise _fail("DATE_LUNISOLAR", "明治1–5年 used the lunisolar calendar; the date cannot be read as Gregorian")
    bd = BirthDate(year, month, day)  # validates the calendar
    first, last = bd.earliest(), bd.latest()
    assert first is not None and last is not None
    if era.end is not None and first > era.end:
        # No hint towards a day that is still to come (平成99年 is 2087).
        raise _fail("DATE_AFTER_ERA_END", f"{era.name} ended on {era.end.isoformat()}",
                    _hint_for(year, month, day) if first <= today else None)
    if last < era.start:
        raise _fail("DATE_BEFORE_ERA_START", f"{era.name} began on {era.start.isoformat()}",
                    _hint_for(year, month, day))
    if first > today:
        raise _fail("DATE_FUTURE", "a birth date in the future")
    return bd


def _era_year(text: str) -> int | None:
    if text == "元":
        return 1
    if text == "?":
        return None
    return int(text)


def _western_year(text: str | None, today: datetime.date) -> int | None:
    if text is None or text == "?":
        return None
    value = int(text)
    if len(text) == 2:
        return _pivot(value, today)
    return value or None


def _normalize(text: str) -> str:
    """Full-width → ASCII, upper case, kanji numerals → digits, unknown words → ``?``."""
    t = text.translate(_TRANS).strip()
    if t[:1] == "'":
        t = t[1:]  # a spreadsheet's text marker leaking into the export
    if t.endswith(".0") and t[:-2].isdigit():
        t = t[:-2]  # 19700312.0: a number column written as a float
    if "生" in t:
        t = _RE_SUFFIX.sub("", t)
    if _KANJI_NUMERAL.search(t):
        t = replace_kanji_numerals(t)
    if "不" in t or "X" in t or "?" in t or "*" in t:
        t = _RE_UNKNOWN_WORD.sub("?", t)
    return t


def _parse_normalized(t: str, today: datetime.date) -> BirthDate:
    """Try every accepted form in turn; raise InvalidDate(DATE_UNPARSEABLE) if none fits."""
    if not t:
        raise _fail("DATE_UNPARSEABLE", "empty")
    if t == "?":
        return BirthDate(None, None, None)
    first = t[0]
    if first.isdigit():
        if t.isdigit():
            n = len(t)
            if n == 8:
                return _check_western(_western_year(t[:4], today), _part(t[4:6]), _part(t[6:]), today)
            if n == 7:
                if t == "0000000":
                    return BirthDate(None, None, None)
                era = _ERA_BY_CODE.get(t[0])
                if era is None:
                    raise _fail("DATE_UNKNOWN_ERA_CODE", "the first digit of a 7-digit era code must be 1–5")
                return _check_wareki(era, int(t[1:3]), _part(t[3:5]), _part(t[5:]), today)
            if n == 6:
                return _two_digit_year(t[:2], _part(t[2:4]), _part(t[4:]), today)
            if n == 5:
                raise _fail("DATE_SPREADSHEET_SERIAL", "a 5-digit number: a spreadsheet serial date, not a date",
                            _excel_serial_hint(int(t), today))
            raise _fail("DATE_UNPARSEABLE", "a run of digits that is no date format")
        m = _RE_WESTERN_SEP.fullmatch(t)
        if m:
            return _check_western(_western_year(m[1], today), _part(m[2]), _part(m[3]), today)
        m = _RE_WESTERN_YY.fullmatch(t)
        if m:
            return _two_digit_year(m[1], _part(m[2]), _part(m[3]), today)
        if ":" in t:
            m = _RE_ISO_DATETIME.fullmatch(t)
            if m:
                return _iso_datetime(m, today)
        m = _RE_WESTERN_KANJI.fullmatch(t)
        if m:
            if len(m[1]) == 2:
                return _two_digit_year(m[1], _part(m[2]), _part(m[3]), today)
            return _check_western(_western_year(m[1], today), _part(m[2]), _part(m[3]), today)
        m = _RE_WESTERN_YM.fullmatch(t)
        if m:
            return _check_western(_western_year(m[1], today), _part(m[2]), None, today)
        m = _RE_DMY.fullmatch(t)
        if m:
            return _day_month_year(m[1], m[2], m[3], today)
    m = _RE_WAREKI_KANJI.fullmatch(t)
    if m:
        return _check_wareki(_ERA_BY_KEY[m[1]], _era_year(m[2]), _part(m[3]), _part(m[4]), today)
    m = _RE_WAREKI_SEP.fullmatch(t)
    if m:
        return _check_wareki(_ERA_BY_KEY[m[1]], _era_year(m[2]), _part(m[3]), _part(m[4]), today)
    m = _RE_WAREKI_COMPACT.fullmatch(t)
    if m:
        return _check_wareki(_ERA_BY_KEY[m[1]], int(m[2]), _part(m[3]), _part(m[4]), today)
    m = _RE_PASSPORT.fullmatch(t)
    if m:
        return _check_western(int(m[3]), _month_name(m[2]), _part(m[1]), today)
    m = _RE_MDY_NAMED.fullmatch(t)
    if m:
        return _check_western(int(m[3]), _month_name(m[1]), _part(m[2]), today)
    if t.startswith("?") and _RE_WESTERN_KANJI.fullmatch(t):
        m = _RE_WESTERN_KANJI.fullmatch(t)
        assert m
        return _check_western(None, _part(m[2]), _part(m[3]), today)
    raise _fail("DATE_UNPARSEABLE", "not a date in any supported notation")


def _two_digit_year(yy: str, month: int | None, day: int | None, today: datetime.date) -> BirthDate:
    """A two-digit year without an era: read only when every possible reading is one day.

    The Western reading pivots at ``today`` (:func:`_pivot`); each era whose year YY
    holds the date is another reading (45.3.12: 1945-03-12 or 昭和45年 = 1970-03-12).
    """
    readings: dict[BirthDate, str] = {}
    western_error: InvalidDate | None = None
    try:
        western = _check_western(_pivot(int(yy), today), month, day, today)
        readings[western] = western.isoformat().replace("-00", "")
    except InvalidDate as err:
        western_error = err
    if int(yy) > 0:
        for era in reversed(ERAS):
            try:
                d = _check_wareki(era, int(yy), month, day, today)
            except InvalidDate:
                continue
            readings.setdefault(d, f"{_wareki_full(d)}（{d.isoformat().replace('-00', '')}）")
    if len(readings) == 1:
        return next(iter(readings))
    if not readings:
        assert western_error is not None
        raise western_error
    raise _fail("DATE_TWO_DIGIT_YEAR", "a two-digit year without an era reads as more than one date",
                " / ".join(readings.values()))


def _iso_datetime(m: re.Match[str], today: datetime.date) -> BirthDate:
    """An ISO 8601 date-time: the day in Japan, when that is unambiguous."""
    written = _check_western(int(m[1]), _part(m[2]), _part(m[3]), today)
    hour, minute, second = int(m[4]), int(m[5]), int(m[6] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise _fail("DATE_UNPARSEABLE", "not a time of day")
    zone = m[8]
    if zone is None:
        # A local time without a zone may be UTC with its Z dropped: only midnight says the day.
        if hour or minute or second or (m[7] or "0").strip("0"):
            raise _fail("DATE_UNPARSEABLE", "a time of day without a time zone")
        return written
    if zone == "Z":
        offset = datetime.timedelta(0)
    else:
        digits = zone[1:].replace(":", "")
        offset = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
        if offset >= datetime.timedelta(hours=24):
            raise _fail("DATE_UNPARSEABLE", "not a time zone")
        if zone[0] == "-":
            offset = -offset
    micro = int((m[7] or "0")[:6].ljust(6, "0"))
    try:
        instant = datetime.datetime(int(m[1]), int(m[2]), int(m[3]), hour, minute, second, micro,
                                    datetime.timezone(offset))
        local = instant.astimezone(_JST)
    except (OverflowError, ValueError):
        return written
    summer_midnight = local.time() == _ELEVEN_PM and any(
        lo <= local.date() + datetime.timedelta(days=1) <= hi for lo, hi in _SUMMER_TIME)
    if local.date() == written.to_date() and not summer_midnight:
        return written
    if local.time() == datetime.time():  # a Japanese date stored as its midnight in another zone
        return _check_western(local.year, local.month, local.day, today)
    if summer_midnight:  # the midnight of the next day, if the system knew Japan's summer time
        raise _fail("DATE_TIMEZONE_SHIFT", "23:00 JST on a summer-time day: the next day's midnight in JDT",
                    f"{local.date().isoformat()} / {(local.date() + datetime.timedelta(days=1)).isoformat()}（夏時刻）")
    raise _fail("DATE_TIMEZONE_SHIFT", "the day in Japan differs from the written day",
                f"{written.isoformat()} / {local.date().isoformat()}（日本時間）")


def _excel_serial_hint(serial: int, today: datetime.date) -> str | None:
    """The day a spreadsheet serial stands for (1900 system), when it could be a birth date."""
    day = _EXCEL_EPOCH + datetime.timedelta(days=serial)
    return day.isoformat() if GREGORIAN_START <= day <= today else None


def _month_name(text: str) -> int | None:
    if text == "?":
        return None
    return _MONTH_NUMBER[text.rstrip(".")[:3]]


def _day_month_year(a: str, b: str, year: str, today: datetime.date) -> BirthDate:
    """``DD/MM/YYYY`` or ``MM/DD/YYYY``: accepted only when one reading is impossible or both agree."""
    x, y = _part(a), _part(b)
    if x is None or y is None:
        if x is None and y is not None and y <= 12:
            return _check_western(int(year), y, None, today)  # XX/MM/YYYY, passport-like
        raise _fail("DATE_AMBIGUOUS_ORDER", "day and month order cannot be told apart")
    if x == y or y > 12:
        return _check_western(int(year), x, y, today)  # MM/DD/YYYY with DD > 12
    if x > 12:
        return _check_western(int(year), y, x, today)  # DD/MM/YYYY with DD > 12
    raise _fail("DATE_AMBIGUOUS_ORDER", "day and month order cannot be told apart (DD/MM or MM/DD)",
                hint=f"{year}-{y:02d}-{x:02d} / {year}-{x:02d}-{y:02d}")


def _diagnose(raw: str, t: str, today: datetime.date) -> InvalidDate:
    """Explain why nothing matched: look-alike characters, a trailing separator, two dates, an unknown era."""
    if _RE_LOOKALIKE.search(raw):
        fixed = raw.translate(_LOOKALIKE_FIX)
        try:
            _parse_normalized(_normalize(fixed), today)
        except InvalidDate:
            pass
        else:
            return _fail("DATE_LOOKALIKE_CHAR", "a letter that looks like a digit (O/0, l/1) or 曰 for 日",
                         fixed.strip())
    stripped = t.rstrip("./- ")
    if stripped != t or t.lstrip("./-") != t:
        core = stripped.lstrip("./- ")
        try:
            _parse_normalized(core, today)
        except InvalidDate:
            pass
        else:
            return _fail("DATE_TRAILING_SEPARATOR", "a separator before or after the date",
                         raw.strip().strip("./-－／．。 \u3000"))
    if len(_RE_DATELIKE.findall(t)) >= 2:
        return _fail("DATE_TWO_DATES", "two dates in one field")
    m = _RE_ERA_LIKE.match(raw.translate(_TRANS).strip())
    if m and m[1] not in _ERA_BY_KEY:
        return _fail("DATE_UNKNOWN_ERA", f"unknown era {m[1]!r}: use 明治, 大正, 昭和, 平成 or 令和")
    return _fail("DATE_UNPARSEABLE", "not a date in any supported notation")


_Outcome = BirthDate | tuple[str, str, str | None]


# Cached: a century has ~36,000 days and each system writes them one way, so
# raw date texts repeat across a million rows.  Keyed by the reference day too:
# the two-digit-year pivot and "future" depend on it, so two threads with
# different days can never be answered from each other's entries.
@memo_per_mode(maxsize=_MAX_CACHE)
def _parse_text(raw: str, today: datetime.date) -> _Outcome:
    # Errors are cached as (reason, message, hint): raising a fresh exception
    # per call keeps tracebacks from piling up on one cached instance.
    try:
        return _parse_uncached(raw, today)
    except InvalidDate as err:
        return (err.reason, str(err), err.hint)


def _iso_day(raw: str, today: datetime.date) -> BirthDate | None:
    """A plain ``YYYY-MM-DD`` that is a valid, past, Gregorian day; None for anything else (the general path decides)."""
    y, m, d = raw[:4], raw[5:7], raw[8:]
    if not (y.isdigit() and m.isdigit() and d.isdigit()):
        return None
    year, month, day = int(y), int(m), int(d)
    if not (GREGORIAN_START.year <= year and 1 <= month <= 12 and 1 <= day <= _days_in_month(year, month)):
        return None
    if (year, month, day) > (today.year, today.month, today.day):
        return None
    return _checked_day(year, month, day)


#: ``BirthDate(year, month, day)`` for a day already checked whole (a Gregorian year, a real day of its month):
#: attrs' frozen ``__init__`` would set each part through ``object.__setattr__`` and validate them again, and the
#: ISO fast path (most dates of a batch) has checked them (:mod:`mynacheck._slots`).
_checked_day: Callable[[int, int, int], BirthDate] = compile_slot_builder(BirthDate)


# A weekday after the date, as forms and letters write it: 3月12日(木), 1970-03-12（木曜）,
# 昭和45年3月12日木曜日.  A bare 日 is the day marker, so a weekday needs brackets or 曜.
_WEEKDAYS = "月火水木金土日"  # date.weekday() order: Monday first
_RE_WEEKDAY = re.compile(
    r"[\s\u3000]*(?:[（(][\s\u3000]*([月火水木金土日])(?:曜日?)?[\s\u3000]*[)）]|([月火水木金土日])曜日?)[\s\u3000]*$"
)


def _with_weekday(date_text: str, weekday: str, today: datetime.date) -> BirthDate:
    """The date before a weekday suffix, kept only when the weekday is that date's."""
    parsed = _parse_uncached(date_text, today, weekday=False)
    if parsed.year is None or parsed.month is None or parsed.day is None:
        raise _fail("DATE_UNPARSEABLE", "a weekday after a partial date")
    actual = _WEEKDAYS[datetime.date(parsed.year, parsed.month, parsed.day).weekday()]
    if actual != weekday:
        raise _fail("DATE_WEEKDAY_MISMATCH", f"the date is a {actual}曜日, not a {weekday}曜日",
                    f"{date_text.strip()}({actual})")
    return parsed


def _parse_uncached(raw: str, today: datetime.date, *, weekday: bool = True) -> BirthDate:
    # A plain YYYY-MM-DD first: digits and two hyphens hold no debris and no weekday.
    if len(raw) == 10 and raw[4] == "-" and raw[7] == "-" and raw.isascii():
        fast = _iso_day(raw, today)
        if fast is not None:
            return fast
    if len(raw) > _MAX_INPUT:
        raise _fail("DATE_UNPARSEABLE", "too long to be a date")
    if not raw.isprintable() and has_debris(raw):
        raw = fold_debris(raw)  # transport debris (a BOM, control characters) is no part of a date
    found = _RE_WEEKDAY.search(raw) if weekday and ("曜" in raw or ")" in raw or "）" in raw) else None
    if found is not None and found.start() > 0:
        return _with_weekday(raw[:found.start()], found[1] or found[2], today)
    m = _RE_ISO.fullmatch(raw)
    if m:  # the common case (and what Record makes of a datetime.date)
        return _check_western(_western_year(m[1], today), _part(m[2]), _part(m[3]), today)
    # An era code or a compact date has nothing for _normalize to do.
    t = raw if raw.isdigit() and raw.isascii() else _normalize(raw)
    try:
        return _parse_normalized(t, today)
    except InvalidDate as err:
        if err.reason != "DATE_UNPARSEABLE":
            raise
        raise _diagnose(raw, t, today) from None


_today_window: list[float] = [0.0, -1.0]  # [local midnight, next midnight) as POSIX times
_today_value: list[datetime.date] = [GREGORIAN_START]


def _today() -> datetime.date:
    """The reference day: the day replayed (:func:`mynacheck.clock.as_of`), else ``date.today()``,
    recomputed only when the clock passes local midnight (it costs 0.5 µs)."""
    replay = _replayed()
    if replay is not None:
        return replay
    now = time.time()
    if _today_window[0] <= now < _today_window[1]:
        return _today_value[0]
    day = _date.today()
    midnight = datetime.datetime.combine(day, datetime.time())
    _today_window[:] = [midnight.timestamp(), (midnight + datetime.timedelta(days=1)).timestamp()]
    _today_value[0] = day
    return day


def reference_day() -> datetime.date:
    """The day "today" means for the checks now: the replayed day (:func:`mynacheck.clock.as_of`) or the real one."""
    return _today()


def clear_cache() -> None:
    """Empty the caches (benchmarks use it to measure cold parses): :func:`mynacheck.memo.clear`."""
    clear_memos()


def parse_date(value: object, *, today: datetime.date | None = None) -> BirthDate:
    """Parse a birth date in any supported notation; raise :class:`InvalidDate` otherwise.

    ``today`` (default: :meth:`datetime.date.today`) is the reference for
    future dates and the two-digit-year pivot.

    >>> parse_date("昭和45年3月12日") == parse_date("S45.3.12") == parse_date("3450312") == BirthDate(1970, 3, 12)
    True
    >>> parse_date("平成元年1月8日"), parse_date("１９７０年３月")
    (BirthDate(year=1989, month=1, day=8), BirthDate(year=1970, month=3, day=None))
    >>> parse_date("XX MAR 1970"), parse_date("不詳").is_unknown
    (BirthDate(year=1970, month=3, day=None), True)
    >>> ref = datetime.date(2026, 1, 1)
    >>> parse_date("70/3/12", today=ref).year, parse_date("01/1/1", today=ref).year
    (1970, 2001)
    >>> try:
    ...     parse_date("45/3/12", today=ref)
    ... except InvalidDate as err:
    ...     print(err.reason, err.hint)
    DATE_TWO_DIGIT_YEAR 1945-03-12 / 昭和45年3月12日（1970-03-12） / 明治45年3月12日（1912-03-12）
    """
    ref = today or _today()
    if type(value) is str and len(value) <= _MAX_INPUT:  # the common case, straight to the cache
        outcome = _parse_text[ref](value)
        if isinstance(outcome, BirthDate):
            return outcome
        reason, message, hint = outcome
        raise InvalidDate(message, reason=reason, hint=hint)
    if isinstance(value, str) and len(value) > _MAX_INPUT:
        raise _fail("DATE_UNPARSEABLE", "too long to be a date")  # and kept out of the cache
    if isinstance(value, BirthDate):
        return value
    if isinstance(value, datetime.date):
        bd = BirthDate.from_date(value)
        return _check_western(bd.year, bd.month, bd.day, ref)
    if isinstance(value, bool):
        raise _fail("DATE_UNPARSEABLE", "not a date")
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets turn 19700312 into 19700312.0
    text = value if isinstance(value, str) else str(value)
    outcome = _parse_text[ref](text)
    if isinstance(outcome, BirthDate):
        return outcome
    reason, message, hint = outcome
    raise InvalidDate(message, reason=reason, hint=hint)


def is_valid(value: object, *, today: datetime.date | None = None) -> bool:
    """True when :func:`parse_date` accepts ``value``."""
    try:
        parse_date(value, today=today)
    except InvalidDate:
        return False
    return True


# --- comparing ----------------------------------------------------------------------

#: A date as compared: the text as written (stripped), and the date.
_Parsed = tuple[str, BirthDate]


def _digits8(d: BirthDate) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def _codes(d: BirthDate) -> list[str]:
    """Era codes of a date: two on a same-day era change."""
    out = [_wareki_code(d)]
    day = d.to_date()
    for era in ERAS:
        if era.end == day:
            out.append(f"{era.code}{day.year - era.first_year + 1:02d}{day.month:02d}{day.day:02d}")
    return out


def _one_digit(x: str, y: str) -> bool:
    return len(x) == len(y) and sum(a != b for a, b in zip(x, y, strict=True)) == 1


def _transposed(x: str, y: str) -> bool:
    if len(x) != len(y):
        return False
    diff = [i for i, (a, b) in enumerate(zip(x, y, strict=True)) if a != b]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and x[diff[0]] == y[diff[1]] and x[diff[1]] == y[diff[0]]


def _exact(a: _Parsed, b: _Parsed) -> tuple[str, ...] | None:
    return () if a[0] == b[0] and a[1] == b[1] and not a[1].is_partial else None


def _equivalent(a: _Parsed, b: _Parsed) -> tuple[str, ...] | None:
    return ("DATE_NOTATION_FOLD",) if a[1] == b[1] and not a[1].is_partial else None


def _near(a: _Parsed, b: _Parsed) -> tuple[str, ...] | None:
    x, y = a[1], b[1]
    if x.is_partial or y.is_partial:
        return None
    reasons: list[str] = []
    dx, dy = _digits8(x), _digits8(y)
    cx, cy = _codes(x), _codes(y)
    era_confusion = any(p[1:] == q[1:] and abs(int(p[0]) - int(q[0])) == 1 for p in cx for q in cy)
    # With a confused era letter the era codes differ in one digit by construction: report it once.
    if _one_digit(dx, dy) or (not era_confusion and any(_one_digit(p, q) for p in cx for q in cy)):
        reasons.append("DATE_ONE_DIGIT")
    if _transposed(dx, dy) or any(_transposed(p, q) for p in cx for q in cy):
        reasons.append("DATE_DIGITS_TRANSPOSED")
    if x.year == y.year and x.month == y.day and x.day == y.month:
        reasons.append("DATE_DAY_MONTH_SWAPPED")
    if era_confusion:
        reasons.append("DATE_ERA_CONFUSION")
    if abs((x.to_date() - y.to_date()).days) == 1:
        reasons.append("DATE_OFF_BY_ONE_DAY")
    return tuple(reasons) or None


def _uncertain(a: _Parsed, b: _Parsed) -> tuple[str, ...] | None:
    x, y = a[1], b[1]
    if x.is_unknown and y.is_unknown:
        return ("DATE_BOTH_UNKNOWN",)
    if x.is_unknown or y.is_unknown:
        return ("DATE_RECORDED_UNKNOWN",)
    if x == y:
        return ("DATE_PARTIAL_SAME",)
    if x.contains(y) or y.contains(x):
        return ("DATE_PARTIAL_CONSISTENT",)
    return None


#: The birth-date levels, in the order they are tried.
LEVELS: tuple[ComparisonLevel[_Parsed], ...] = (
    ComparisonLevel(Level.EXACT, _exact, "exact"),
    ComparisonLevel(Level.EQUIVALENT, _equivalent, "same date"),
    ComparisonLevel(Level.NEAR, _near, "near-miss"),
    ComparisonLevel(Level.UNCERTAIN, _uncertain, "partial"),
)

def _one_day(left: str, right: str, today: datetime.date) -> Finding | None:
    """The EXACT or EQUIVALENT finding of one complete day on both sides (most pairs); None otherwise.

    What the levels give for such a pair, without the steps before them:
    anything else (blank, too long, invalid, partial, different) takes the steps.
    """
    if len(left) > _MAX_INPUT or len(right) > _MAX_INPUT:
        return None  # parse_date keeps these out of its cache
    parsed = _parse_text[today]
    a = parsed(left)  # a blank text is no BirthDate
    if type(a) is not BirthDate or a.day is None:
        return None
    if right == left:
        reasons: tuple[str, ...] = ()
        level = Level.EXACT
    else:
        b = parsed(right)
        if b is not a and b != a:
            return None
        level, reasons = (Level.EXACT, ()) if left.strip() == right.strip() else _NOTATION_FOLD
    shown = a.isoformat()
    return _new_finding("birth_date", level, reasons, shown, shown, Verdict.MATCH)


_NOTATION_FOLD: tuple[Level, tuple[str, ...]] = (Level.EQUIVALENT, ("DATE_NOTATION_FOLD",))


#: What a comparator reads besides text: spreadsheet numbers (19700312.0) and date objects.
_READS: tuple[type, ...] = (str, int, float, datetime.date, BirthDate)


def make_comparator(today: datetime.date | None = None) -> LevelledField[_Parsed]:
    """The birth-date comparator; ``today`` fixes the reference day (tests).

    Without it the reference day is the comparator's ``mode``: read once per
    comparison, used to parse both sides and part of the rule's pair-cache key.
    Levels, after the shared guard (:mod:`.base`), first that holds wins:

    - EXACT: the same text, a complete date;
    - EQUIVALENT (``DATE_NOTATION_FOLD``): the same complete date in another notation;
    - NEAR: one digit, two adjacent digits transposed, day and month swapped, a
      neighbouring era with the same YY.MM.DD, or one day apart;
    - UNCERTAIN: a partial date consistent with the other side, the same partial
      date on both sides, or 不詳 on one or both sides: the day cannot be confirmed;
    - DIFFERENT otherwise.
    """

    def parse(raw: object, day: datetime.date | None) -> _Parsed:
        return (str(raw).strip(), parse_date(raw, today=today or day))

    def shortcut(left: str, right: str, day: datetime.date | None) -> Finding | None:
        # Tried before the guard: transport debris (never printable) takes the steps, which say it was folded.
        if not (left.isprintable() and right.isprintable()):
            return None
        return _one_day(left, right, today or day or _today())

    return LevelledField(
        name="birth_date",
        prefix="DATE",
        parse=parse,
        render=lambda p: p[1].isoformat(),
        levels=LEVELS,
        max_length=200,
        reads=_READS,
        # Each system writes each of ~30,000 days one or two ways: 65,536 pairs hold them all.
        cache_pairs=1 << 16,
        mode=_today if today is None else None,
        shortcut=shortcut,
    )


COMPARATOR = make_comparator()


def parse(value: object) -> BirthDate:
    """The field verb: :func:`parse_date`."""
    return parse_date(value)


def normalize(value: object) -> str:
    """The date as ``YYYY-MM-DD`` (an unknown part as zeros): ``normalize("S45.3.12") == "1970-03-12"``."""
    return parse_date(value).isoformat()


def compare(left: object, right: object) -> Finding:
    """Compare two birth dates: :data:`COMPARATOR`."""
    return COMPARATOR.compare(left, right)
