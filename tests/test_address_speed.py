"""The address fast path and caches give exactly what the full parse gives.

``parse_address`` splits a text at its first digit, resolves the locality
(cached per locality text) and reads plain house numbers apart
(``fields.address._parse_fast``); everything else takes the full parse.  The
full parse without any cache is ``_parse_uncached``: these tests hold the two
equal on generated addresses, on their renderings, on every locality glued to
many number parts (a cached locality must not depend on the numbers that came
with it first), and on the localities whose town names hold numbers.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mynacheck import memo
from mynacheck.errors import InvalidAddress
from mynacheck.fields import address as A
from mynacheck.fields.address_data import index, towns_anywhere
from mynacheck.strategies.addresses import address_renderings, address_text, addresses
from mynacheck.text import address_text as folds
from mynacheck.text import variants
from mynacheck.text.address_text import DASHES, fold_place_variants, key_fold, name_key, prepare_locality, prepare_parts
from mynacheck.text.variants import fold_variants

index()

ROOT = Path(__file__).resolve().parents[1]
CORPUS = next((p for p in (ROOT.parent / "shared" / "corpus" / "peer_addresses.jsonl",
                           Path("/work/shared/corpus/peer_addresses.jsonl")) if p.exists()), None)

def _outcome(parse: object, text: str) -> object:
    assert callable(parse)
    try:
        a = parse(text)
    except InvalidAddress as err:
        return ("error", err.reason, str(err))
    return (attrs.astuple(a), a.text, a.variant_folded, a.key, a.render())


def _assert_same(text: str) -> None:
    # _parse_uncached is the full parse with no cache and no fast path: the reference
    # (no public function parses that way).
    expected = _outcome(A._parse_uncached, text)
    assert _outcome(A.parse_address, text) == expected, text
    assert _outcome(A.parse_address, text) == expected, text  # a cache hit this time


# Plain number parts (the fast path's), and some that are not quite plain.
_connector = st.sampled_from(["-", "－", "ー", "−", "‐", "--", "の", "ノ", "之", "番", "番地", "丁目", "～"])
_last = st.sampled_from(["", "", "番", "番地", "号", "丁目", "号室", "-", " ", "F", "番地の"])
_digits = st.integers(0, 120).map(str) | st.integers(0, 4000).map(str) | st.sampled_from(["01", "007", "１２", "３", "٣"])


@st.composite
def _number_part(draw: st.DrawFn) -> str:
    n = draw(st.integers(1, 4))
    text = draw(_digits)
    for _ in range(n - 1):
        text += draw(_connector) + draw(_digits)
    text += draw(_last)
    if draw(st.integers(0, 9)) == 0:
        text += draw(st.sampled_from([" コーポ山田101", "　", " ", "\u200b", "号", "-3A", "丁目1"]))
    return text


@settings(max_examples=500, deadline=None)
@given(_number_part(), st.booleans())
def test_the_number_reader_equals_the_token_reader(numbers: str, chome_flag: bool) -> None:
    tokens = A._plain_tokens(unicodedata.normalize("NFKC", numbers))
    got = A._numbers(numbers, chome_flag, ())
    if tokens is None:
        assert got is None
    else:
        chome, blocks, jukyo = A._read_tokens(tokens, chome_flag)
        assert got == (chome, tuple(blocks), jukyo)


def test_the_number_reader_equals_the_token_reader_on_every_short_shape() -> None:
    # One to three numbers are read by a fused fast reader; it must equal _read_tokens.
    values = ("1", "30", "31", "99", "100", "０７")  # both sides of the 丁目 (30) and 号 (100) limits
    inner = ("-", "ー", "--", "－", "の", "ノ", "之", "番", "番地", "丁目")
    last = ("", "番", "番地", "号", "丁目")
    for k in (1, 2, 3):
        for vals in itertools.product(values, repeat=k):
            for conns in itertools.product(inner, repeat=k - 1):
                for end in last:
                    text = "".join(v + c for v, c in zip(vals, (*conns, end), strict=True))
                    tokens = A._plain_tokens(unicodedata.normalize("NFKC", text))
                    assert tokens is not None, text
                    raw = A._FAST_UP_TO_THREE.fullmatch("長野市鶴賀緑町" + text)
                    assert raw is not None, text
                    for chome_flag in (False, True):
                        chome, blocks, jukyo = A._read_tokens(tokens, chome_flag)
                        expected = (chome, tuple(blocks), jukyo)
                        assert A._numbers(text, chome_flag, ()) == expected, text
                        # the fast path reads the raw text (full-width digits, any dash) the same
                        n1, c1, n2, c2, n3, end_ = raw.groups()[1:]
                        assert A._read_up_to_three(n1, c1, n2, c2, n3, end_, chome_flag) == expected, text


def _locality_of(text: str) -> str:
    m = re.search("[0-9０-９]", text)
    return text[: m.start()] if m else text


@settings(max_examples=300, deadline=None)
@given(addresses().flatmap(lambda a: st.one_of(st.just(address_text(a)), address_renderings(a))))
def test_generated_addresses_parse_the_same_on_the_fast_path(text: str) -> None:
    _assert_same(text)


@settings(max_examples=300, deadline=None)
@given(addresses().flatmap(address_renderings), _number_part())
def test_any_locality_with_any_number_part_parses_the_same(written: str, numbers: str) -> None:
    # The locality cache is filled by one number part and then read with others.
    locality = _locality_of(written)
    _assert_same(written)
    _assert_same(locality + numbers)


@settings(max_examples=200, deadline=None)
@given(addresses(town_pattern="[一二三四五六七八九十0-9]"), _number_part())
def test_towns_with_numbers_in_their_names(addr: A.Address, numbers: str) -> None:
    # 北一条西, 第1地割, 十二丁目, 二番町: a number part could run on into such a name.
    text = address_text(addr)
    assert addr.town is not None
    head = text[: text.index(addr.town)]
    for town in {addr.town, addr.town.translate(str.maketrans("一二三四五六七八九", "123456789"))}:
        _assert_same(head + town + numbers)
        cut = next((i for i, ch in enumerate(town) if ch.isdigit() or ch in "一二三四五六七八九十"), None)
        if cut:
            _assert_same(head + town[:cut] + numbers)


@pytest.mark.parametrize("locality", [
    "北海道札幌市中央区北", "札幌市中央区北1条西", "札幌市東区北", "札幌市豊平区月寒東", "札幌市北区東茨戸",
    "京都市中京区寺町通御池上る上本能寺前町", "上京区釜座通下立売下る東裏辻町", "京都市東山区大和大路",
    "岩手県花巻市", "岩手県花巻市十二丁目", "花巻市", "岩手県下閉伊郡普代村第", "岩手県下閉伊郡普代村",
    "東京都千代田区", "東京都千代田区二番町", "東京都千代田区", "三重県四日市市", "新潟県十日町市",
    "長野市大字長野元善町", "長野市大字", "長野市", "長野県長野市川中島町", "長野県", "紀尾井町",
    "〒", "(自宅)長野市", "長野市　", "長野市ー", "長野市川中島町ー", "飛驒市古川町本町", "江東区豊洲",
    "東京都江東区豊洲二丁目", "東京都江東区豊洲二丁目一", "府中市宮西町", "伊達市", "北", "字亥", "大字",
    "長野県長野市鶴賀緑町字", "長野県長野市鶴賀緑町 ", " 長野市鶴賀緑町", "長野市鶴賀緑町\x00", "長野市鶴賀緑町\ufe00",
    "長野市鶴賀緑町①", "長野市鶴賀緑町一番", "長野市鶴賀緑町一号", "長野市鶴賀緑町A-", "長野市鶴賀緑町三の",
    "新潟県十日町市稲荷町", "新潟県十日町市本町", "十日町市本町六ノ", "山梨県北杜市大泉町西井出", "愛知県豊川市御津町御幸浜",
    # issue 17's notations: 地割, numbered town parts, 字 splits, folded-apart towns, 地先, Kyoto shared towns
    "岩手県下閉伊郡普代村第四十地割", "岩手県九戸郡軽米町大字軽米第", "新潟県新潟市中央区学校町通一番町",
    "新潟県新潟市中央区学校町通", "新潟市中央区礎町通一ノ", "長野市大字鶴賀字緑町", "愛知県清須市西枇杷島町日の出",
    "愛知県清須市西枇杷島町日ノ出", "東京都江東区豊洲地先", "福岡市中央区天神", "京都市下京区万寿寺通御幸町西入堅田町",
])
@pytest.mark.parametrize("numbers", [
    "1", "12", "1-2", "1-2-3", "3-29-1", "5-3-101", "1613番地", "1613番地1", "16番13号", "2丁目3番4号", "2丁目",
    "1条西2丁目", "1西2", "12丁目3", "４３−２５", "1ー2", "1--2", "1の2", "1之2", "1番2", "1号2", "1号",
    "938-19 ", "938-19 コーポ", "2-3-4-101", "31-1-1", "0-0", "007", "1-2号室", "1丁目2", "6ノ1丁目2", "8240-1", "1号地",
    "12番地先", "12地先", "1番2号先", "1番町1968-1", "40地割1番地", "2-1-2 ハイツ2F",
])
def test_hard_localities_with_number_parts(locality: str, numbers: str) -> None:
    _assert_same(locality + numbers)


def test_every_town_a_number_part_could_spell() -> None:
    # 稲荷町 beside 稲荷町1丁目 (十日町市), 大泉町西井出 beside 大泉町西井出8240-1 (北杜市):
    # a locality cached for the shorter town must not be used where the numbers
    # spell the longer one.
    keys = [(m, k) for m in index().municipalities for k in m.towns if A._number_stem(k) is not None]
    assert len(keys) > 100
    for m, key in keys:
        name, _ = m.towns[key]
        stem = A._number_stem(key)
        assert stem is not None
        for head in (m.pref + m.name, m.name):
            for tail in (key[len(stem):], key[len(stem):] + "1", key[len(stem):] + "-2", "1-2", "12丁目3"):
                _assert_same(head + stem + tail)
                _assert_same(head + name[: len(stem)] + tail)


def test_every_town_only_text_a_number_part_could_spell() -> None:
    # Text that starts with a town (三分1-2): the town-anywhere lookup must not be
    # cut short by the split either.
    towns, _ = towns_anywhere()
    keys = [k for k in towns if A._number_stem(k) is not None]
    assert len(keys) > 100
    for key in keys:
        stem = A._number_stem(key)
        assert stem is not None
        for tail in (key[len(stem):], key[len(stem):] + "1", key[len(stem):] + "-2", "1-2", "12丁目3"):
            _assert_same(stem + tail)


def test_no_municipality_stem_or_key_holds_a_digit_where_the_split_assumes_none() -> None:
    # _lookups_stay_left tries the 大字 stem only where it is written in full
    # before the number part: no stem holds a digit to be completed there.
    assert not any(A._ANY_DIGIT.search(m.stem) for m in index().municipalities)


@pytest.mark.skipif(CORPUS is None, reason="peer corpus not found beside the checkout")
def test_every_corpus_input_parses_the_same() -> None:
    assert CORPUS is not None
    with CORPUS.open(encoding="utf-8") as f:
        texts = list(dict.fromkeys(json.loads(line)["input"] for line in f if line.strip()))
    memo.clear()  # the locality and number caches start empty
    for text in texts:
        _assert_same(text)
        _assert_same(text.translate(str.maketrans("0123456789-", "０１２３４５６７８９－")))


def test_the_fast_path_takes_the_common_shapes() -> None:
    for text in ("長野県松本市桐八丁目16番13号", "飯山市下木島938-19", "長野県飯山市下木島938番地19",
                 "上伊那郡中川村片桐1187-1", "東京都江東区豊洲２－１－２", "長野市鶴賀緑町字亥1613の1"):
        assert A._parse_fast(text) is not None, text
        assert _outcome(A._parse_fast, text) == _outcome(A._parse_uncached, text)
    for text in ("札幌市中央区北1条西2丁目", "江東区豊洲2-1-2 豊洲ハイツ301", "長野市", "〒380-0001 長野市鶴賀緑町1613"):
        assert A._parse_fast(text) is None, text


def test_what_the_split_relies_on() -> None:
    # Prefecture keys hold no digit: a prefecture lookup never reads the number part.
    assert not any(A._ANY_DIGIT.search(k) for k in index().prefs)
    # The number part's characters are left alone by the place-variant fold and
    # key-fold into the alphabet the lookup check assumes.
    alphabet = "0123456789" + DASHES + "番地号丁目のノ之"
    for ch in alphabet:
        assert fold_place_variants(ch) == ch
    assert set(key_fold("0123456789-番地号丁目のノ之")) <= A._NUMBER_KEY_CHARS
    # prepare_parts on a locality + number part is the two prepared apart.
    for locality in ("飛驒市 古川町本町", "長野県　長野市", "ｶﾞｰﾃﾞﾝ町", "東京都千代田区霞ヶ関"):
        prepared = prepare_locality(locality)
        assert prepared is not None
        for numbers in ("１２－３", "1ー2番地3", "16番13号"):
            _, disp, folded = prepare_parts(locality + numbers)
            tokens = A._numbers(numbers, False, ())
            assert tokens is not None
            assert disp.startswith(prepared[0]) and folded == prepared[1]


def test_caches_are_bounded() -> None:
    for cached in (A._parsed_text, A._locality, A._numbers, name_key):
        maxsize = cached.cache_info().maxsize
        assert maxsize is not None and maxsize <= 65536


# --- the comparison's and the rendering's quick forms ---------------------------------
#
# Drawn far wider than parsing makes them (any field set or not, 0-5 numbers, text
# numbers such as 3A): each quick form must give what its definition gives.

_name = st.sampled_from(["", "長野県", "長野市", "鶴賀緑町", "亥", "寺町通御池上る", "ハイツ桜", "コーポ 2F", "一之江"])
_block = st.integers(0, 3000) | st.sampled_from(["A", "3A", "ロ", "1"])
_extra = st.none() | st.builds(A.AddressExtra, st.booleans(), st.none() | st.integers(1, 40),
                               st.sampled_from(["", "ノ||", "|之|"]))


@st.composite
def _any_address(draw: st.DrawFn) -> A.Address:
    optional = st.none() | _name.filter(bool)
    part = st.sampled_from(["", "", ""]) | _name  # the rarer parts are mostly left out, as in real data
    return A.Address(draw(optional), draw(optional), draw(optional), draw(st.none() | st.none() | st.integers(0, 40)),
                     draw(st.lists(_block, max_size=5).map(tuple)), draw(part), draw(part), draw(part),
                     draw(part), draw(st.sampled_from([None, True, False])), draw(st.booleans()),
                     draw(st.integers(0, 4)), draw(_name), draw(st.booleans()), draw(st.none() | _extra))


def _like(a: A.Address) -> st.SearchStrategy[A.Address]:
    """Another address that shares most of ``a``'s parts (an unrelated pair rarely reaches the later levels)."""
    # The text too (two equal texts are EXACT before any other level).
    return st.builds(lambda other, keep: attrs.evolve(a, **{k: getattr(other, k) for k in {*keep, "text"}}),
                     _any_address(), st.sets(st.sampled_from([f.name for f in attrs.fields(A.Address)]), max_size=3))


@settings(max_examples=400, deadline=None)
@given(_any_address().flatmap(lambda a: st.tuples(st.just(a), _like(a))))
def test_the_quick_comparison_steps_give_their_definitions(pair: tuple[A.Address, A.Address]) -> None:
    a, b = pair
    for x, y in (pair, (b, a), (a, a)):
        # some number differs where both sides have one
        assert A._blocks_differ(x, y) == any(p != q for p, q in zip(x.blocks, y.blocks, strict=False))
        assert A._same_place(x, y) == A._place_notes(x, y)


@settings(max_examples=200, deadline=None)
@given(_any_address())
def test_the_fast_paths_builder_makes_what_the_constructor_makes(a: A.Address) -> None:
    values = attrs.astuple(a, recurse=False)
    built = A._build_address(*values)
    assert type(built) is A.Address
    assert attrs.astuple(built, recurse=False) == values == attrs.astuple(A.Address(*values), recurse=False)
    assert built == a and hash(built) == hash(a) and repr(built) == repr(a)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        built.town = "x"  # type: ignore[misc]


_PLAIN_WALK = attrs.evolve(A.COMPARATOR, levels=tuple(attrs.evolve(lv, when=None) for lv in A.LEVELS))


@settings(max_examples=400, deadline=None)
@given(_any_address().flatmap(lambda a: st.tuples(st.just(a), _like(a))))
def test_the_levels_flags_only_skip_tests_that_would_not_hold(pair: tuple[A.Address, A.Address]) -> None:
    # ``when=`` lets the walk skip a level for values without that part; without the flags it must find the same.
    a, b = pair
    for x, y in (pair, (b, a)):
        assert A.COMPARATOR.level_of(x, y) == _PLAIN_WALK.level_of(x, y)


@settings(max_examples=200, deadline=None)
@given(addresses().flatmap(lambda a: st.tuples(address_renderings(a), address_renderings(a))), _number_part())
def test_the_levels_flags_skip_nothing_on_parsed_pairs(pair: tuple[str, str], numbers: str) -> None:
    left, right = pair
    for other in (right, _locality_of(right) + numbers):
        try:
            a, b = A.parse_address(left), A.parse_address(other)
        except InvalidAddress:
            continue
        assert A.COMPARATOR.level_of(a, b) == _PLAIN_WALK.level_of(a, b)
        assert A.COMPARATOR.compare(left, other) == _PLAIN_WALK.compare(left, other)


def _render_by_parts(a: A.Address) -> str:
    """Address.render's definition, one part after another."""
    head = f"{a.pref or ''}{a.city or ''}{a.street}{a.town or ''}"
    if a.chiwari is not None:
        head += f"第{a.chiwari}地割"
    head += a.rest + a.koaza
    if a.chome is not None:
        head += f"{a.chome}丁目"
    blocks = [str(b) for b in a.blocks]
    if a.is_jukyo and len(blocks) > 1:
        head += f"{blocks[0]}番{blocks[1]}号" + "".join("-" + b for b in blocks[2:])
    elif blocks:
        head += blocks[0] + ("番地" if a.is_jukyo is False else "番") + "-".join(blocks[1:])
    if a.jisaki:
        head += "先" if blocks else "地先"
    return f"{head} {a.building}" if a.building else head


def _key_by_parts(a: A.Address) -> str:
    """Address.key's definition, one part after another."""
    parts = [a.pref or "?", name_key(a.city) if a.city else "?", name_key(a.town) if a.town is not None else "?",
             name_key(a.koaza)]
    if a.chiwari is not None:
        parts.append(f"{a.chiwari}地割")
    parts += ["" if a.chome is None else str(a.chome), "-".join(map(str, a.blocks)) + ("先" if a.jisaki else ""),
              name_key(a.rest) if a.rest else "", A.building_key(a.building)]
    return "|".join(parts)


@settings(max_examples=400, deadline=None)
@given(_any_address())
def test_render_and_key_give_their_definitions(a: A.Address) -> None:
    assert a.render() == _render_by_parts(a)
    assert a.key == _key_by_parts(a)
    assert a.place_key == a.key.rpartition("|")[0]


_FOLDED = "".join(map(chr, folds._KEY_FOLD)) + "".join(map(chr, folds._PLACE_VARIANTS))


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(_FOLDED) | st.sampled_from("長野市鶴賀緑町ヶ丘ー 1-2") | st.characters(), max_size=40),
       st.integers(1, 400))
def test_the_long_text_folds_give_the_table_folds(piece: str, times: int) -> None:
    # The reference table is folded in one pass, through a search for the characters that change.
    for text in (piece, piece * times + "が"):
        assert key_fold(text) == text.translate(folds._KEY_FOLD)
        assert fold_place_variants(text) == fold_variants(text).translate(folds._PLACE_VARIANTS)


_VARIANT_CHARS = "".join(sorted(variants.tables().tier_a)) + "瀧籠龒"


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(_VARIANT_CHARS) | st.sampled_from("長野市鶴賀緑町ヶ丘ー 1-2") | st.characters(),
               max_size=40),
       st.integers(0, 40), st.booleans())
def test_fold_variants_of_a_long_text_folds_each_character(piece: str, times: int, astral: bool) -> None:
    # A long text (the reference table) is folded through a search for the BMP characters that change;
    # a text with a character outside the BMP (𠮷) is translated whole.
    unit = piece + ("𠮷" if astral else "邊")
    long = unit * (4097 // len(unit) + times)
    for text in (piece, long):
        assert fold_variants(text) == "".join(fold_variants(ch) for ch in text)
