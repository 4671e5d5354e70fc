"""Caches and fast paths of the name, kana and birth-date fields give what the slow path gives."""

from __future__ import annotations

import datetime

import attrs
from hypothesis import example, given
from hypothesis import strategies as st

from mynacheck.fields import birthdate as bd
from mynacheck.fields import kana as kf
from mynacheck.fields import name as nf
from mynacheck.strategies.dates import birth_dates, date_renderings
from mynacheck.strategies.names import kana_renderings, name_renderings, names
from mynacheck.text import kana as tk
from mynacheck.text.unicode import has_gaiji

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


def _outcome(text: str) -> object:
    try:
        return bd._parse_uncached(text, TODAY)
    except bd.InvalidDate as err:
        return (err.reason, str(err), err.hint)


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
    assert bd._normalize(text) == text and bd._RE_CONTROL.search(text) is None


@given(birth_dates())
def test_iso_fast_path_accepts_every_complete_past_date(d: bd.BirthDate) -> None:
    if d.day is not None and d.to_date() <= TODAY:
        assert bd._iso_day(d.isoformat(), TODAY) == d


def test_date_caches_follow_the_reference_day() -> None:
    cmp = bd.make_comparator()
    early, late = datetime.date(2020, 1, 1), datetime.date(2026, 1, 1)
    assert bd.parse_date("25/3/1", today=early).year == 1925
    assert bd.parse_date("25/3/1", today=late).year == 2025
    assert cmp.compare("2026-11-27", "2026-11-27") == bd.make_comparator(today=datetime.date.today()).compare(
        "2026-11-27", "2026-11-27")


# --- kana ----------------------------------------------------------------------------

# Kana text with the characters the folds act on: half-width, small kana, marks, dashes, ヴ.
_kana_text = st.text(alphabet="アイウオカガキトウノハパヤユヨンーｱｲｳｵｶｷﾄﾝﾞﾟｰャュョッァゥヴヂヲぁうおが゛゜ゝヽヾ"
                             "\u3099\u309a -・=゠· 　aZ1\x01\ue000〓\ufe00山", max_size=10)


_kana_names = st.one_of(_kana_text, st.tuples(_kana_text, st.sampled_from(" \u3000"), _kana_text).map("".join),
                        names().flatmap(kana_renderings))


@given(_kana_names, st.booleans())
def test_fold_keys_equal_fold_stages_with_each_fold_left_out(text: str, strict: bool) -> None:
    keys = tk.fold_keys(text, strict)
    assert keys.full == tk.fold_stages(text, strict)[-1].replace(" ", "")
    for name in tk.STRICT if strict else tk.LENIENT:
        assert keys.without(name) == tk.fold_stages(text, strict, skip=name)[-1].replace(" ", ""), name


def _fold_reasons_slow(a: str, b: str, strict: bool) -> tuple[str, ...]:
    """The fold reasons as first written: every fold left out, one at a time, on both sides."""
    mode = tk.STRICT if strict else tk.LENIENT
    needed = [name for name in mode
              if tk.fold_stages(a, strict, skip=name)[-1].replace(" ", "")
              != tk.fold_stages(b, strict, skip=name)[-1].replace(" ", "")]
    if not needed:
        stages_a, stages_b = tk.fold_stages(a, strict), tk.fold_stages(b, strict)
        prev_a, prev_b = a, b
        for (name, _), sa, sb in zip(tk.FOLDS, stages_a, stages_b, strict=True):
            if name in mode and (sa != prev_a) != (sb != prev_b) and prev_a != prev_b:
                needed.append(name)
            prev_a, prev_b = sa, sb
    if not needed:
        return ("KANA_NOTATION_FOLD",)
    return tuple(kf._FOLD_REASON[n] for n in needed)


@given(_kana_names, _kana_names, st.booleans())
def test_fold_reasons_equal_the_slow_walk(a: str, b: str, strict: bool) -> None:
    assert kf._fold_reasons.__wrapped__(a, b, strict) == _fold_reasons_slow(a, b, strict)


@given(_kana_names)
def test_kana_normalization_by_tokens_equals_the_whole_name(text: str) -> None:
    assert tk._normalize_lenient.__wrapped__(text) == tk._whole(text, tk._lenient_once)
    assert tk._normalize_strict.__wrapped__(text) == tk._whole(text, tk._strict_once)


@given(_kana_names)
def test_kana_parse_by_tokens_equals_the_whole_name(raw: str) -> None:
    assert kf._parse.__wrapped__(raw) == kf._parse_whole(raw)


@given(_kana_names)
def test_kana_parse_equals_its_definition(raw: str) -> None:
    expected = None
    if kf._CONTROL.search(raw) is None and (has_gaiji(raw) or tk.is_kana_text(raw)):
        expected = (kf._show(tk.to_katakana(tk.FOLDS[0][1](raw))), has_gaiji(raw))
    assert kf._parse(raw) == expected


# --- names ---------------------------------------------------------------------------

# What could make a token parse differently on its own: 々, combining and spacing voiced
# marks, variation selectors, 外字, compatibility characters, control characters, white space.
_NAME_TOKEN_CHARS = ("山田髙橋高崎﨑渡邊辺斉藤太郎一眞子々〻ゝヽアカｶﾞﾟ゛\u3099\u309a\ufe00\U000e0100\ue000〓㍻Ａa1 "
                     "\u3000\u00a0\t\x1c-・")
_name_text = st.text(_NAME_TOKEN_CHARS, max_size=8)


@st.composite
def _raw_names(draw: st.DrawFn) -> str:
    person = draw(names())
    return draw(st.one_of(st.just(person.name), name_renderings(person), _name_text,
                          st.tuples(_name_text, st.sampled_from(" \u3000"), _name_text).map("".join)))


@given(_raw_names())
def test_parse_name_by_tokens_equals_the_whole_name_parse(raw: str) -> None:
    assert nf.parse_name(raw) == nf._parse_whole(raw, 'anyascii')


@given(_raw_names())
def test_normalize_name_by_tokens_equals_the_whole_name_normalization(raw: str) -> None:
    assert nf.normalize_name(raw) == nf._normalize_whole(raw, 'anyascii')


@given(_raw_names(), _raw_names())
def test_person_comparison_is_the_legal_name_comparison_plus_via(left: str, right: str) -> None:
    legal = nf.COMPARATOR.compare(left, right)
    person = nf.compare_person(left, (), right, ())
    if legal.level.agrees:
        assert person == attrs.evolve(legal, via="name")
    else:
        assert person == legal
    if nf._guard("name", left, left) is None:  # the same name on both sides, parsed once
        assert nf.COMPARATOR.compare(left, left) == nf._compare_parsed(nf._parse_whole(left, 'anyascii'), nf._parse_whole(left, 'anyascii'))


# --- the same text on both sides -------------------------------------------------------


class _Text(str):
    """A str that is not exactly ``str``: the comparators take their general path for it."""


@given(_kana_names)
def test_same_kana_on_both_sides_fast_path_equals_the_general_path(text: str) -> None:
    for cmp in (kf.COMPARATOR, kf.STRICT):
        assert cmp.compare(text, text) == cmp.compare(_Text(text), _Text(text))


@given(_raw_names())
def test_same_name_on_both_sides_fast_path_equals_the_general_path(text: str) -> None:
    assert nf.COMPARATOR.compare(text, text) == nf.COMPARATOR.compare(_Text(text), _Text(text))
    assert nf.compare_person(text, (), text, ()) == nf.compare_person(_Text(text), (), _Text(text), ())
