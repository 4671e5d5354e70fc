"""Hypothesis strategies for birth dates.

- :func:`birth_dates`: valid :class:`~mynacheck.fields.birthdate.BirthDate` values
  from 1873-01-01 (the first Gregorian day in Japan) to today, optionally partial;
- :func:`date_renderings`: the ways one date gets written (和暦, era code, Western,
  two-digit years, kanji numerals, full width ...).  Every string it draws parses
  back to the same date;
- :func:`era_change_renderings`: the two writings of a same-day era change.

Example::

    from hypothesis import given
    from mynacheck.strategies.dates import birth_dates, date_renderings
    from mynacheck.fields.birthdate import parse_date

    @given(birth_dates().flatmap(lambda d: date_renderings(d).map(lambda s: (d, s))))
    def test_round_trip(pair):
        d, written = pair
        assert parse_date(written) == d
"""

from __future__ import annotations

import datetime

from hypothesis import strategies as st

from ..errors import UsageError
from ..fields.birthdate import ERAS, GREGORIAN_START, STYLES, TWO_DIGIT_STYLES, BirthDate, render

__all__ = ["birth_dates", "date_renderings", "era_change_renderings", "rendering_styles"]


def _partial(d: datetime.date, keep: int) -> BirthDate:
    if keep == 3:
        return BirthDate.from_date(d)
    if keep == 2:
        return BirthDate(d.year, d.month, None)
    if keep == 1:
        return BirthDate(d.year, None, None)
    return BirthDate.unknown()


def birth_dates(
    *,
    min_value: datetime.date = GREGORIAN_START,
    max_value: datetime.date | None = None,
    partial: bool = False,
) -> st.SearchStrategy[BirthDate]:
    """Valid birth dates between ``min_value`` (default 1873-01-01) and ``max_value`` (default today).

    With ``partial=True`` some draws have an unknown day, month and day, or the
    whole date unknown (不詳), as foreign residents' records do.  A partial date
    still existed: its first possible day lies in the range.

    >>> from hypothesis import find
    >>> find(birth_dates(), lambda d: d.year == 1989)
    BirthDate(year=1989, month=1, day=1)
    """
    top = max_value or datetime.date.today()
    days = st.dates(min_value=min_value, max_value=top)
    if not partial:
        return days.map(BirthDate.from_date)
    keep = st.sampled_from((3, 3, 3, 2, 1, 0))
    return st.builds(_partial, days, keep)


def rendering_styles(d: BirthDate, *, today: datetime.date | None = None) -> list[str]:
    """The styles of :data:`~mynacheck.fields.birthdate.STYLES` that can write ``d``.

    Two-digit years only cover the 100 years up to ``today``, and only dates that
    no era year could also be read as (``45/03/12`` is 1945 or 昭和45: refused).
    """
    ref = today or datetime.date.today()
    styles = []
    for style in STYLES:
        if style in TWO_DIGIT_STYLES and d.year is not None:
            try:
                render(d, style, today=ref)
            except UsageError:
                continue
        styles.append(style)
    return styles


def date_renderings(d: BirthDate, *, today: datetime.date | None = None) -> st.SearchStrategy[str]:
    """Strings that each write ``d`` in a supported style; ``parse_date`` reads every one back as ``d``.

    >>> from hypothesis import find
    >>> find(date_renderings(BirthDate(1970, 3, 12)), lambda s: s.startswith("S"))
    'S45.03.12'
    """
    return st.sampled_from(rendering_styles(d, today=today)).map(lambda style: render(d, style, today=today))


def era_change_renderings() -> st.SearchStrategy[tuple[BirthDate, str]]:
    """The same-day era changes written in the ending era (明治45年7月30日, 大正15年12月25日).

    Both writings occur in records and both are valid.
    """
    pairs: list[tuple[BirthDate, str]] = []
    for era in ERAS:
        if era.end is None or era.end.year < GREGORIAN_START.year:
            continue
        nxt = ERAS[ERAS.index(era) + 1]
        if nxt.start != era.end:
            continue
        day = era.end
        year = day.year - era.first_year + 1
        pairs.append((BirthDate.from_date(day), f"{era.name}{year}年{day.month}月{day.day}日"))
        pairs.append((BirthDate.from_date(day), f"{era.letter}{year:02d}.{day.month:02d}.{day.day:02d}"))
    return st.sampled_from(pairs)
