"""住所: parse an address against the bundled municipality/town table, and compare two.

Parsing walks the text once: prefecture → municipality (with 郡 and ward) →
town, each by a longest-prefix lookup in :mod:`.address_data`, then reads the
丁目 and the 番地/番/号 numbers, and keeps what follows as the building.

>>> a = parse_address("長野市鶴賀緑町1613")
>>> a.pref, a.city, a.town, a.chome, a.blocks
('長野県', '長野市', '鶴賀緑町', None, (1613,))
>>> b = parse_address("東京都江東区豊洲二丁目1番2号 豊洲ハイツ301号室")
>>> b.town, b.chome, b.blocks, b.building, b.is_jukyo
('豊洲', 2, (1, 2, 301), '豊洲ハイツ', True)
>>> parse_address("江東区豊洲２－１－２－３０１").place_key == b.place_key
True

Comparison (``COMPARATOR.compare``): the same key matches; the same place with
another building text matches with ``ADDR_BUILDING_DIFFERS``; another town,
丁目 or number is ``DIFFERENT``; a less specific side, 住居表示 against 地番 or
an unparseable text is ``UNCERTAIN`` with its reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import attrs

from .._slots import compile_slot_builder
from ..errors import InvalidAddress, InvalidType
from ..memo import load_once, memo
from ..text.address_text import (
    DASHES,
    building_key,
    convert_block_numerals,
    fold_floors,
    int_to_kanji,
    key_fold,
    name_key,
    prepare_locality,
    prepare_parts,
    street_key,
)
from ..text.numerals import kanji_to_int, replace_kanji_numerals
from ..text.unicode import has_private_use
from ..verdicts import Finding, Level
from .address_data import Municipality, index, towns_anywhere
from .base import MAX_FIELD_LENGTH, TEXT, ComparisonLevel, LevelledField, reads

__all__ = ["Address", "AddressExtra", "parse", "normalize", "compare", "parse_address", "COMPARATOR", "LEVELS",
           "compare_addresses"]

Block = int | str


@attrs.frozen(slots=True)
class AddressExtra:
    """The rarer parts of an address, kept together so that the usual address (none of them) carries one None."""

    #: 地先: the land next to the lot (12番地先), never the lot itself
    jisaki: bool = False
    #: Iwate's 地割 (第40地割, 40地割, 四十地割): a numbered division of the 大字, before its 番地
    chiwari: int | None = None
    #: how the town, 小字 and unread name as written spell their の/ノ/之/乃 (:func:`_place_no`); not in the key
    no_marks: str = ""


def _extra(jisaki: bool = False, chiwari: int | None = None, no_marks: str = "") -> AddressExtra | None:
    return AddressExtra(jisaki, chiwari, no_marks) if jisaki or chiwari is not None or no_marks else None


@attrs.frozen(slots=True)
class Address:
    """A parsed address.  Names are as in the reference table (Japan Post spelling).

    ``pref`` is None when it was omitted and the municipality exists in more
    than one prefecture (府中市, 伊達市) with nothing to settle it.  ``town`` is
    None when no town of the municipality was recognised; the unread text is
    then in ``rest``.
    """

    pref: str | None
    city: str | None
    town: str | None
    chome: int | None = None
    blocks: tuple[Block, ...] = ()
    building: str = ""
    #: 小字 or sub-area written after the town (亥 in 藤橋町亥45), without 字
    koaza: str = ""
    #: Kyoto street prefix (寺町通御池上る); not part of the key
    street: str = ""
    #: text after the municipality that could not be read as a town
    rest: str = ""
    #: True: 番/号 (住居表示); False: 番地 (地番); None: not said (hyphens)
    is_jukyo: bool | None = None
    pref_inferred: bool = False
    #: 0 nothing, 1 prefecture, 2 municipality, 3 town, 4 丁目 or numbers
    level: int = 0
    #: the input as written (stripped); two equal texts are EXACT
    text: str = attrs.field(default="", eq=False, repr=False)
    variant_folded: bool = attrs.field(default=False, eq=False, repr=False)
    #: 地先, 地割 and the written の/ノ/之 (:class:`AddressExtra`); None for the usual address
    extra: AddressExtra | None = None

    @property
    def jisaki(self) -> bool:
        """地先: the land next to the lot (12番地先), never the lot itself."""
        return self.extra is not None and self.extra.jisaki

    @property
    def chiwari(self) -> int | None:
        """Iwate's 地割 number (第40地割 → 40), or None."""
        return None if self.extra is None else self.extra.chiwari

    @property
    def no_marks(self) -> str:
        """The written の/ノ/之/乃 of the town, 小字 and unread name ("" for none)."""
        return "" if self.extra is None else self.extra.no_marks

    @property
    def place_key(self) -> str:
        """The comparison key without the building text."""
        chome = "" if self.chome is None else self.chome
        rest = name_key(self.rest) if self.rest else ""
        head = _key_head(self.pref, self.city, self.town, self.koaza)
        blocks = self.blocks
        # _join_blocks written out for the usual one or two numbers: the key is made once per row.
        joined = f"{blocks[0]}" if len(blocks) == 1 else f"{blocks[0]}-{blocks[1]}" if len(blocks) == 2 \
            else _join_blocks(blocks)
        extra = self.extra
        if extra is None:
            return f"{head}{chome}|{joined}|{rest}"
        if extra.chiwari is not None:
            head += f"{extra.chiwari}地割|"
        return f"{head}{chome}|{joined}{'先' if extra.jisaki else ''}|{rest}"

    @property
    def key(self) -> str:
        """The canonical comparison key: two renderings of one address share it.

        Equal keys are necessary for a match, not sufficient: the comparator
        still sends 番地 against 番・号 (地番 vs 住居表示) and two different Kyoto
        street prefixes to review, since neither is part of the key.

        >>> parse_address("岐阜県飛驒市古川町本町2-22").key == parse_address("飛騨市古川町本町２－２２").key
        True
        """
        building = self.building
        return f"{self.place_key}|{building_key(building)}" if building else f"{self.place_key}|"

    def render(self) -> str:
        """A normalized display form that parses back to the same key.

        >>> parse_address("江東区豊洲２－１－２ 豊洲ハイツ").render()
        '東京都江東区豊洲2丁目1番2 豊洲ハイツ'
        """
        # Built in one string (each part first): a finding shows each value it compares.
        blocks = self.blocks
        n = len(blocks)
        jukyo = self.is_jukyo
        if not n:
            numbers = ""
        elif jukyo and n > 1:
            numbers = f"{blocks[0]}番{blocks[1]}号" if n == 2 else \
                f"{blocks[0]}番{blocks[1]}号-{_join_blocks(blocks[2:])}"
        elif n == 1:
            numbers = f"{blocks[0]}{'番地' if jukyo is False else '番'}"
        elif n == 2:
            # 番/番地 rather than a bare hyphen: 北郷1-1 would read as 北郷一条1丁目 in Sapporo.
            numbers = f"{blocks[0]}{'番地' if jukyo is False else '番'}{blocks[1]}"
        else:
            numbers = f"{blocks[0]}{'番地' if jukyo is False else '番'}{_join_blocks(blocks[1:])}"
        chome = "" if self.chome is None else f"{self.chome}丁目"
        extra = self.extra
        if extra is None:
            text = (f"{self.pref or ''}{self.city or ''}{self.street}{self.town or ''}{self.rest}{self.koaza}"
                    f"{chome}{numbers}")
        else:
            chiwari = "" if extra.chiwari is None else f"第{extra.chiwari}地割"
            jisaki = ("先" if n else "地先") if extra.jisaki else ""
            text = (f"{self.pref or ''}{self.city or ''}{self.street}{self.town or ''}{chiwari}{self.rest}"
                    f"{self.koaza}{chome}{numbers}{jisaki}")
        return f"{text} {self.building}" if self.building else text


@memo(maxsize=16384)
def _key_head(pref: str | None, city: str | None, town: str | None, koaza: str) -> str:
    """The place key up to the 丁目.  Cached: localities repeat."""
    return (f"{pref or '?'}|{name_key(city) if city else '?'}|"
            f"{name_key(town) if town is not None else '?'}|{name_key(koaza)}|")


def _join_blocks(blocks: tuple[Block, ...]) -> str:
    """``"-".join(map(str, blocks))``, quicker for the usual one or two numbers."""
    if len(blocks) == 1:
        return f"{blocks[0]}"
    if len(blocks) == 2:
        return f"{blocks[0]}-{blocks[1]}"
    return "-".join(map(str, blocks))


# --- parsing -----------------------------------------------------------------

_SAPPORO_SHORT = re.compile(r"(?<=[北南])(\d+)(?=[東西]\d)")
_SAPPORO_SHORT2 = re.compile(r"(?<=[北南]\d条[東西])(\d+)(?![\d丁番])|(?<=[北南]\d\d条[東西])(\d+)(?![\d丁番])")
# Matched on the key text, where kana are folded to katakana (上る → 上ル, 上がる → 上ケル).
_KYOTO_DIR = re.compile(r"上ル|下ル|上ケル|下ケル|西入ル|東入ル|西入|東入|入ル|マデ")
_CHOME_AFTER_DIR = re.compile(r"(?:[0-9〇一二三四五六七八九十]+(?:丁目|町目|丁|筋目)|[東西南北]側|[東西]入ル?)+")
_SAPPORO_JO = re.compile(r"(\d+)(?:条-?|-)")
_UNKNOWN_TOWN = re.compile(r"([^\d\s\-]{1,20}?)\s?(?=\d)")
_LEADING_NOTE = re.compile(r"^(?:[(（][^)）]{0,12}[)）]|〒?\s?\d{3}-?\d{4}(?!\d))\s*")
_KOAZA = re.compile(r"字?([^\d\s\-]{1,12}?)\s?(?=\d)")
_TOKEN = re.compile(
    r"\s?(\d+|(?<=[-番])[A-Za-z\u30a2-\u30f3]\d*)"
    r"(号室|(?:丁目|町目|丁|番地|番|号|地割)?[-のノ之]?)"
)
_JOINERS = ("-", "の", "ノ", "之")
_ROOM_AFTER_GO = re.compile(r"[-\s]?(\d{1,5})(?:号室|号|室)?(?=\s|$)")
_ROOM_IN_BUILDING = re.compile(r"(?:^|(?<=[^\d\-.]))\s?(\d{1,5})(?:号室|号|室)?$")
_BUILDING_WORDS = re.compile(r"ビル|マンション|ハイツ|アパート|コーポ|荘|館|階|レジデンス|タワー|棟|室|ハウス|[0-9]F|メゾン|パレス|団地")
# A bare first number in a town with 丁目 is read as the 丁目 only if it could be
# one (札幌 has 二十八丁目); 柏1025 is a 番地 of the 大字 part of the same town.
_MAX_IMPLICIT_CHOME = 30
_LEADING_JUNK = re.compile(r"^[\s,、・()（）]+")
# Iwate's 地割 (a numbered division of a 大字: 第40地割, 40地割, 四十地割), maybe followed by 字.
_CHIWARI = re.compile("第?([0-9]+|[〇一二三四五六七八九十百]+)地割字?")
# A numbered part of a town that Japan Post lumps into the town (新潟市中央区学校町通一番町,
# 古町通十三番町, 礎町通一ノ町, 和歌山 N番丁): the number names a place, it is not a 番地.
_NUMBERED_PART = re.compile("([0-9]+)(番町|番丁|[ノの之]町)(?!目)")
# 地先: the land next to a lot (12番地先, 12番先, 12-3地先, 12番地の先), never the lot itself.
_JISAKI = re.compile("(?:地|の)?先")


class _Cand:
    __slots__ = ("muni", "pref_explicit", "city_end", "town", "chome_flag", "town_start", "town_end", "street",
                 "chiwari")

    def __init__(self, muni: Municipality, pref_explicit: bool, city_end: int) -> None:
        self.muni = muni
        self.pref_explicit = pref_explicit
        self.city_end = city_end
        self.town: str | None = None
        self.chome_flag = False
        self.town_start = city_end
        self.town_end = city_end
        self.street = (0, 0)
        self.chiwari: int | None = None

    def score(self) -> tuple[int, int, int]:
        return (self.town_end, 1 if self.pref_explicit else 0, self.city_end)


def _longest_town(m: Municipality, ck: str, k: int) -> tuple[str, bool, int] | None:
    towns = m.towns
    for length in range(min(m.max_town, len(ck) - k), 0, -1):
        hit = towns.get(ck[k:k + length])
        if hit is not None:
            return hit[0], hit[1], k + length
    return None


def _match_town(c: _Cand, ck: str) -> None:
    k = c.city_end
    if ck.startswith("大字", k):
        k += 2
    elif ck.startswith("字", k):
        k += 1
    if "地割" in ck:
        # 普代村第1地割字上村: the 地割 comes before the town (or is all there is).
        jw = _CHIWARI.match(ck, k)
        if jw is not None:
            c.chiwari = _chiwari_value(jw.group(1))
            k = jw.end()
    m = c.muni
    if m.is_kyoto:
        # 寺町通四条上る…裏寺町: the town follows the street prefix; try the
        # latest direction word first (…より六角下るまで).
        window = ck[k:k + 60]
        ends = [d.end() for d in _KYOTO_DIR.finditer(window)]
        for e in reversed(ends):
            start = k + e
            chome = _CHOME_AFTER_DIR.match(ck, start)
            for s in ((chome.end(), start) if chome else (start,)):
                hit = _longest_town(m, ck, s)
                if hit is not None:
                    c.town, c.chome_flag, c.town_end = hit
                    c.town_start, c.street = s, (k, start)
                    return
    hit = _longest_town(m, ck, k)
    if hit is None and m.stem and ck.startswith(m.stem, k):
        # 長野市大字長野元善町: the 大字 named after the city, then the town (元善町)
        hit = _longest_town(m, ck, k + len(m.stem))
    if hit is None and m.is_kyoto and "通" in ck[k:k + 20]:
        # 油小路通御池押油小路町: a street with no 上る/下る; the town follows soon after 通.
        start = ck.index("通", k) + 1
        for s in range(start, min(start + 12, len(ck))):
            hit = _longest_town(m, ck, s)
            if hit is not None:
                c.town, c.chome_flag, c.town_end = hit
                c.town_start, c.street = s, (k, s)
                return
    if hit is not None and m.is_sapporo:
        # 東茨戸1-2-3 / 月寒東3-18: in Sapporo the first number is the 条 of the town.
        jo = _SAPPORO_JO.match(ck, hit[2])
        if jo and ck[k:hit[2]] + jo.group(1) + "条" in m.towns:
            name, flag = m.towns[ck[k:hit[2]] + jo.group(1) + "条"]
            hit = (name, flag, jo.end())
    elif hit is None and m.is_sapporo:
        stem = re.match(r"\D+", ck[k:])
        jo = _SAPPORO_JO.match(ck, k + stem.end()) if stem else None
        if stem and jo and stem.group() + jo.group(1) + "条" in m.towns:
            name, flag = m.towns[stem.group() + jo.group(1) + "条"]
            hit = (name, flag, jo.end())
    if hit is not None:
        c.town, c.chome_flag, c.town_end = hit
        c.town_start = k


_NO_MARK = str.maketrans({"の": "ノ"})


def _no_marks(text: str) -> str:
    """The ノ-like characters of a written place name, kana script folded: 一之江 → 之, 一の江 → ノ.

    之 and 乃 against ノ are distinct registered spellings that share a reading (as in names).
    """
    return "".join(_NO_CHARS.findall(text)).translate(_NO_MARK)


_NO_CHARS = re.compile("[之乃のノ]")


def _place_no(town_written: str, koaza: str, rest: str) -> str:
    """The ノ-like characters of the written town, 小字 and unread name, or "" if none has one."""
    if _NO_CHARS.search(town_written) is None and _NO_CHARS.search(koaza) is None and not rest:
        return ""  # most places have none
    marks = f"{_no_marks(town_written)}|{_no_marks(koaza)}|{_no_marks(rest)}"
    return "" if marks == "||" else marks


def _chiwari_value(raw: str) -> int | None:
    try:
        return int(raw) if raw.isdigit() else kanji_to_int(raw)
    except ValueError:
        return None


def _candidates(ck: str) -> list[_Cand]:
    idx = index()
    pref_opts: list[tuple[str | None, int]] = []
    for length in range(min(idx.max_pref, len(ck)), 1, -1):
        p = idx.prefs.get(ck[:length])
        if p is not None:
            pref_opts.append((p, length))
    pref_opts.append((None, 0))
    out: list[_Cand] = []
    for pref, i in pref_opts:
        for length in range(min(idx.max_city, len(ck) - i), 0, -1):
            munis = idx.cities.get(ck[i:i + length])
            if not munis:
                continue
            found = False
            for m in munis:
                if pref is not None and m.pref != pref:
                    continue
                c = _Cand(m, pref is not None, i + length)
                _match_town(c, ck)
                out.append(c)
                found = True
            if found:
                break  # the longest spelling (札幌市北区) beats its prefix (札幌市)
        if out and pref is not None:
            # An explicit prefecture that leads to a municipality wins over readings without it.
            break
    return out


def _town_only(ck: str) -> list[_Cand]:
    """Text that starts with a town (紀尾井町1-3): accept it only if the town is unique in Japan."""
    towns, longest = towns_anywhere()
    for length in range(min(longest, len(ck)), 1, -1):
        munis = towns.get(ck[:length])
        if munis is None:
            continue
        if len(munis) > 1:
            return []
        c = _Cand(munis[0], False, 0)
        _match_town(c, ck)
        return [c] if c.town is not None else []
    return []


_CHOME_WORDS = ("丁目", "町目", "丁")


def _read_tokens(tokens: Sequence[tuple[Block, str]], chome_flag: bool) -> tuple[int | None, list[Block], bool | None]:
    """The 丁目, the block numbers and 住居表示 (True) or 地番 (False) from the number tokens."""
    if not tokens:
        return None, [], None
    value, conn = tokens[0]
    if (not chome_flag and len(tokens) == 3 and conn == "-" and tokens[1][1] == "-"
            and isinstance(value, int) and value <= _MAX_IMPLICIT_CHOME
            and isinstance(tokens[2][0], int) and tokens[2][0] < 100):
        # 3-29-1 is 丁目-番-号 even where Japan Post does not flag the town's 丁目
        # (川崎市中原区上小田中); a 地番 with two 枝番 levels is the rare case.  A last
        # number of 100 or more is a room (5-3-101), not a 号.
        chome_flag = True
    chome: int | None = None
    if isinstance(value, int) and (
        conn.rstrip("-のノ之") in _CHOME_WORDS
        or (chome_flag and value <= _MAX_IMPLICIT_CHOME and conn[:1] not in ("番", "号"))
    ):
        chome = value
        tokens = tokens[1:]
    is_jukyo: bool | None = None
    for _, conn in tokens:
        if conn[:1] == "号":
            is_jukyo = True
        elif conn[:2] == "番地":
            is_jukyo = False
    return chome, [value for value, _ in tokens], is_jukyo


class _Tail(NamedTuple):
    """What follows the town: 小字, 丁目, numbers, 住居表示, building, 地割, 地先."""

    koaza: str
    chome: int | None
    blocks: tuple[Block, ...]
    is_jukyo: bool | None
    building: str
    chiwari: int | None = None
    jisaki: bool = False


def _parse_tail(tail: str, chome_flag: bool) -> _Tail:
    """Read 地割, 小字, 丁目, numbers and 地先, and keep the rest as the building."""
    tail = convert_block_numerals(_LEADING_JUNK.sub("", tail))
    chiwari: int | None = None
    if "地割" in tail:
        jw = _CHIWARI.match(tail)
        if jw is not None:
            chiwari = _chiwari_value(jw.group(1))
            tail = tail[jw.end():]
            chome_flag = False
    koaza = ""
    jisaki = False
    part = _NUMBERED_PART.match(tail) if tail[:1].isdigit() else None
    m = None if part else _KOAZA.match(tail)
    if part is not None:
        # 学校町通一番町1: the numbered part names the place; written 1番町 or 一番町 alike.
        koaza = int_to_kanji(int(part.group(1))) + part.group(2)
        tail = tail[part.end():]
        chome_flag = False
    elif m and not _BUILDING_WORDS.search(m.group(1)):
        koaza = m.group(1)
        tail = tail[m.end():]
        chome_flag = False  # 丁目 follows the town itself, never its 小字
    else:
        if tail.startswith("地先"):
            # 豊洲地先: the land next to the town's lots, with no number of its own
            jisaki = True
            tail = tail[2:].lstrip()
        if tail and not any(ch.isdigit() for ch in tail) and " " not in tail and not _BUILDING_WORDS.search(tail):
            # A name with no number after the town (大字 … 字 …): a 小字, not a building.
            return _Tail(tail.removeprefix("字"), None, (), None, "", chiwari, jisaki)
    tokens: list[tuple[Block, str]] = []
    p = 0
    while True:
        t = _TOKEN.match(tail, p)
        if t is None:
            break
        raw, conn = t.group(1), t.group(2)
        if tokens and not tokens[-1][1]:
            break  # numbers must be joined by a connector
        tokens.append((int(raw) if raw.isdigit() else raw, conn))
        p = t.end()
        if not conn or conn.startswith("号"):
            break
    if tokens and tokens[-1][1].endswith(_JOINERS) and p > 0:
        p -= 1  # a trailing connector belongs to the building text (…3- ビル)
    chome, blocks, is_jukyo = _read_tokens(tokens, chome_flag)
    rest = tail[p:]
    if tokens and rest[:1] in "地の先":
        js = _JISAKI.match(rest)
        if js is not None:
            jisaki = True
            rest = rest[js.end():]
    if tokens and tokens[-1][1].startswith("号") and tokens[-1][1] != "号室":
        room = _ROOM_AFTER_GO.match(rest)
        if room:
            blocks.append(int(room.group(1)))
            rest = rest[room.end():]
    building = _LEADING_JUNK.sub("", rest).strip().rstrip(")）").strip()
    if building and (blocks or chome is not None):
        room2 = _ROOM_IN_BUILDING.search(building)
        if room2 and not building[room2.end():]:
            blocks.append(int(room2.group(1)))
            building = building[: room2.start()].strip()
        elif building.isdigit():
            blocks.append(int(building))
            building = ""
    return _Tail(koaza, chome, tuple(blocks), is_jukyo, building, chiwari, jisaki)


def _choose(cands: list[_Cand]) -> tuple[_Cand, str | None, str | None]:
    """The best-scoring candidate, with the prefecture and municipality left
    None (and its town cleared) where the best readings disagree on them."""
    best_score = max(c.score() for c in cands)
    top = [c for c in cands if c.score() == best_score]
    c = top[0]
    pref: str | None = c.muni.pref
    city: str | None = c.muni.name
    if len({t.muni.pref for t in top}) > 1:
        pref = None
    if len({t.muni.name for t in top}) > 1:
        city = None
    if len({t.town for t in top}) > 1:
        c.town = None
    return c, pref, city


def _parse_general(text: str) -> Address:
    """The full parse of a text that passed the hostile-input checks."""
    _, disp, variant_folded = prepare_parts(text)
    plain = text.strip()  # EXACT means written the same, before any fold
    if disp[:1] in "(（〒" or disp[:1].isdigit():
        # (前期)…, 〒100-0013 …: a note or a postcode before the address
        disp = _LEADING_NOTE.sub("", disp)
    if not disp:
        raise InvalidAddress("empty address")
    if ("北" in disp or "南" in disp) and ("西" in disp or "東" in disp):
        disp = _SAPPORO_SHORT.sub(r"\1条", disp)
        disp = _SAPPORO_SHORT2.sub(lambda m: (m.group(1) or m.group(2)) + "丁目", disp)
    key = key_fold(disp)
    if " " in key:
        pos = [i for i, ch in enumerate(key) if ch != " "]
        ck = "".join(key[i] for i in pos)
    else:
        pos = []
        ck = key

    def orig(i: int) -> int:
        # compact index → display index (exclusive end)
        if not pos:
            return i
        return pos[i - 1] + 1 if i > 0 else 0

    cands = _candidates(ck) or _town_only(ck)
    if not cands:
        pref_hit = next((index().prefs[ck[:n]] for n in range(min(index().max_pref, len(ck)), 1, -1)
                         if ck[:n] in index().prefs), None)
        if pref_hit is None:
            raise InvalidAddress("no prefecture or municipality found", reason="ADDR_UNPARSEABLE")
        n = len(name_key(pref_hit)) if ck.startswith(name_key(pref_hit)) else len(name_key(pref_hit)) - 1
        return Address(pref_hit, None, None, rest=disp[orig(n):].strip(), level=1, text=plain,
                       variant_folded=variant_folded)
    c, pref, city = _choose(cands)
    if c.town is not None and c.muni.folded_apart and name_key(c.town) in c.muni.folded_apart:
        # 日の出 / 日之出 are two towns here: only the spelling as written says which one.
        written = disp[orig(c.town_start):orig(c.town_end)].replace(" ", "")
        c.town = next((t for t in c.muni.folded_apart[name_key(c.town)] if prepare_parts(t)[1] == written), None)
        if c.town is None:
            c.town_end = c.town_start
    inferred = not c.pref_explicit and pref is not None
    town_written = disp[orig(c.town_start):orig(c.town_end)] if c.town is not None else ""
    tail = disp[orig(c.town_end):] if c.town is not None else disp[orig(c.town_start):]
    street = disp[orig(c.street[0]):orig(c.street[1])] if c.street != (0, 0) else ""
    if c.town is None:
        stripped = tail.strip()
        name = ""
        chiwari = None
        if "地割" in stripped:
            # 普代村第40地割1番地: the 地割 stands where the town would
            jw = _CHIWARI.match(convert_block_numerals(stripped))
            if jw is not None:
                chiwari = _chiwari_value(jw.group(1))
                stripped = convert_block_numerals(stripped)[jw.end():]
        if not stripped[:1].isdigit():
            # A town missing from the reference data (renamed, or an alias): keep its
            # name as written and still read the numbers, so that two records that
            # write it alike can agree (ADDR_TOWN_UNKNOWN).
            split = _UNKNOWN_TOWN.match(convert_block_numerals(stripped))
            if split is None or _BUILDING_WORDS.search(split.group(1)):
                return Address(pref, city, None, rest=stripped, pref_inferred=inferred, level=2, text=plain,
                               variant_folded=variant_folded, extra=_extra(False, chiwari, _place_no("", "", stripped)))
            name, stripped = split.group(1).removeprefix("大字").removeprefix("字"), stripped[split.end(1):]
            stripped = convert_block_numerals(stripped)
        t = _parse_tail(stripped, False)
        return Address(pref, city, None, t.chome, t.blocks, t.building, rest=name, is_jukyo=t.is_jukyo,
                       pref_inferred=inferred, level=2, text=plain, variant_folded=variant_folded,
                       extra=_extra(t.jisaki, chiwari if chiwari is not None else t.chiwari,
                                    _place_no("", "", name)))
    t = _parse_tail(tail, c.chome_flag)
    return Address(pref, city, c.town, t.chome, t.blocks, t.building, koaza=t.koaza, street=street,
                   is_jukyo=t.is_jukyo, pref_inferred=inferred,
                   level=4 if (t.blocks or t.chome is not None) else 3, text=plain,
                   variant_folded=variant_folded,
                   extra=_extra(t.jisaki, c.chiwari if c.chiwari is not None else t.chiwari,
                                _place_no(town_written, t.koaza, "")))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_hostile(text: str) -> None:
    if len(text) > MAX_FIELD_LENGTH:
        raise InvalidAddress("address too long", reason="RECORD_FIELD_TOO_LONG")
    if has_private_use(text):
        raise InvalidAddress("address holds a private-use character", reason="ADDR_PRIVATE_USE")
    if _SURROGATE.search(text) is not None:
        # Not text at all (no file decodes to one): never part of a building name.
        raise InvalidAddress("address holds a lone surrogate", reason="ADDR_UNPARSEABLE")


def _parse_uncached(text: str) -> Address:
    """:func:`parse_address` without any cache or fast path: the reference the fast path is tested against."""
    _check_hostile(text)
    return _parse_general(text)


# --- the fast path -----------------------------------------------------------
#
# Real addresses are mostly unique, but their locality (prefecture, municipality,
# town: the text before the first digit) repeats: a municipality has hundreds of
# towns and thousands of households in each.  So the text is split at its first
# digit; the locality is resolved once per distinct locality text (cached) and
# only the house numbers are read per address.  The split is taken only where it
# provably gives what the full parse gives:
#
# * the number part is plain numbers and connectors (_plain_tokens): every fold
#   of :func:`prepare_parts` and of the tail reading then works on the two parts
#   apart (see :func:`~mynacheck.text.address_text.prepare_locality`);
# * no lookup of the locality resolution reads past the split, whatever digits
#   follow (:func:`_lookups_stay_left`), so the resolution of the locality text
#   followed by a probe digit holds for every number part;
# * the rest of the locality after the town is 小字 and/or complete number
#   tokens that end in a connector (八丁目 → 8丁目), read once here.
#
# Anything else (a building, a room, Kyoto, Sapporo, no town found, …) takes
# the full parse.  tests/test_address_speed.py checks fast == full on generated
# and rewritten addresses.

# The locality (anything but digits, surrogates and private-use characters) and a number
# part of digits, dashes and connectors (checked in full by _numbers),
# then maybe spaces: what the fast path can take.
_FAST_SHAPE = re.compile(
    "([^0-9０-９\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff]+)"
    "([0-9０-９][0-9０-９番地号丁目のノ之－" + re.escape(DASHES) + "]*)[ \u3000]*"
)
_ANY_DIGIT = re.compile(r"\d")  # what the lookups' keys may hold; same class as the probe digit
_DIGIT_RUNS = re.compile("([0-9]+)")
_INNER_CONNECTORS = frozenset(("番地", "番", "丁目", "の", "ノ", "之"))  # or a run of dashes
_LAST_CONNECTORS = frozenset(("", "番地", "番", "号", "丁目"))
_INNER = "(番地|番|丁目|[のノ之]|[" + re.escape(DASHES) + "]+)"
_UP_TO_THREE = re.compile(f"([0-9]+)(?:{_INNER}([0-9]+))?(?:{_INNER}([0-9]+))?(番地|番|号|丁目)?")
_DASH_CHARS = frozenset(DASHES + "－")  # a connector starting with one is a run of dashes
_RAW_DIGITS = "([0-9０-９]+)"
_RAW_INNER = "(番地|番|丁目|[のノ之]|[" + re.escape(DASHES) + "－]+)"
# _FAST_SHAPE with one to three numbers, each number and connector a group (the number part
# as a whole is not one: it is needed only after a locality's own numbers, and sliced then).
_FAST_UP_TO_THREE = re.compile(
    "([^0-9０-９\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff]+)"
    f"{_RAW_DIGITS}(?:{_RAW_INNER}{_RAW_DIGITS})?(?:{_RAW_INNER}{_RAW_DIGITS})?(番地|番|号|丁目)?[ \u3000]*"
)
_PROBE = "0"

#: (pref, city, town, 小字, 丁目 flag for the first number, tokens read from the
#: locality after the town, pref inferred, variant folded, the written の/ノ/之 as an AddressExtra)
_Locality = tuple[str | None, str | None, str, str, bool, tuple[tuple[Block, str], ...], bool, bool,
                  AddressExtra | None]


#: What a number part can put into the key text: the key-folded alphabet of _plain_tokens.
_NUMBER_KEY_CHARS = frozenset("0123456789-番地丁目号ノ")


def _number_stem(key: str) -> str | None:
    """The part of a lookup key before its first digit, if a number part could
    complete the key from there (北1条西 could not: no number part holds 条)."""
    d = _ANY_DIGIT.search(key)
    if d is None or not _NUMBER_KEY_CHARS.issuperset(key[d.start():]):
        return None
    return key[:d.start()]


def _stems(keys: Iterable[str]) -> frozenset[str]:
    return frozenset(s for k in keys if (s := _number_stem(k)) is not None)


@load_once
def _city_stems() -> frozenset[str]:
    return _stems(index().cities)


@load_once
def _anywhere_stems() -> frozenset[str]:
    return _stems(towns_anywhere()[0])


@memo(maxsize=4096)  # one entry per municipality met (there are ~1,900)
def _town_stems(m: Municipality) -> frozenset[str]:
    return _stems(m.towns)


def _lookups_stay_left(ck: str, d: int, cands: list[_Cand], town_only: bool) -> bool:
    """True if the resolution of ``ck`` (a number part from ``d`` on, no digit
    before) reads nothing at or after ``d`` that another number part could change.

    Every lookup is a dict lookup of a substring: one that crosses ``d`` holds
    number-part text from there, so it can hit only a key whose text before its
    first digit is the substring's part before ``d`` (a number stem).
    """
    idx = index()
    city_stems = _city_stems()
    # _candidates: municipality lookups after each prefecture reading and at 0
    # (the prefecture keys hold no digits; a test checks it).
    starts = [0] + [n for n in range(2, min(idx.max_pref, d) + 1) if ck[:n] in idx.prefs]
    if any(ck[i:d] in city_stems for i in starts):
        return False
    if town_only and ck[:d] in _anywhere_stems():
        return False
    for c in cands:
        m = c.muni
        if m.is_kyoto or m.is_sapporo:
            return False  # their street and 条 rules read the numbers
        k = c.city_end
        if ck.startswith("大字", k):
            k += 2
        elif ck.startswith("字", k):
            k += 1
        stems = _town_stems(m)
        if k > d or ck[k:d] in stems:
            return False
        if m.stem and ck.startswith(m.stem, k) and _longest_town(m, ck, k) is None:
            # _match_town then tries the town after the 大字 named after the city (no
            # stem holds a digit, so it never reaches into the number part; a test checks it).
            s = k + len(m.stem)
            if s > d or ck[s:d] in stems:
                return False
    return True


@memo(maxsize=16384)
def _locality(raw: str) -> _Locality | None:
    """Resolve the text before an address's first digit, or None where the fast path does not apply.

    Cached: towns repeat across households, house numbers do not.
    """
    prepared = prepare_locality(raw)
    if prepared is None:
        return None
    disp, variant_folded = prepared
    if disp[0] in "(（〒" or disp[0].isdigit():
        return None  # the full parse would strip a note or postcode here
    if "地割" in disp or "先" in disp:
        return None  # 地割 and 地先 are read by the full parse only
    key = key_fold(disp)
    pos = [i for i, ch in enumerate(key) if ch != " "]
    ckl = "".join(key[i] for i in pos)
    if not ckl or _ANY_DIGIT.search(ckl):
        return None
    ck = ckl + _PROBE
    d = len(ckl)
    cands = _candidates(ck)
    town_only = not cands
    if town_only:
        cands = _town_only(ck)
    if not cands or not _lookups_stay_left(ck, d, cands, town_only):
        return None
    c, pref, city = _choose(cands)
    if c.town is None or c.street != (0, 0) or c.town_end > d:
        return None
    if c.muni.folded_apart and name_key(c.town) in c.muni.folded_apart:
        return None  # the written spelling picks the town: the full parse reads it
    # The rest of the locality (maybe ending in a space) starts the tail: read as
    # _parse_tail reads it, with the probe digit after it.
    rest = disp[pos[c.town_end - 1] + 1:] if c.town_end > 0 else disp
    rest = convert_block_numerals(_LEADING_JUNK.sub("", rest))
    koaza = ""
    chome_flag = c.chome_flag
    m = _KOAZA.match(rest + _PROBE)
    if m and not _BUILDING_WORDS.search(m.group(1)):
        koaza = m.group(1)
        rest = rest[m.end():]
        chome_flag = False
    tokens: list[tuple[Block, str]] = []
    p = 0
    while p < len(rest) and rest[p:] != " ":  # the next token reads a space before its number
        t = _TOKEN.match(rest, p)
        if t is None:
            return None
        raw_n, conn = t.group(1), t.group(2)
        if not conn or conn.startswith("号"):
            return None  # the numbers would stop here, or could run on into the digits
        tokens.append((int(raw_n) if raw_n.isdigit() else raw_n, conn))
        p = t.end()
    inferred = not c.pref_explicit and pref is not None
    town_written = disp[(pos[c.town_start - 1] + 1 if c.town_start > 0 else 0):pos[c.town_end - 1] + 1]
    extra = _extra(no_marks=_place_no(town_written, koaza, ""))  # 地割 and 地先 took the full parse above
    return pref, city, c.town, koaza, chome_flag, tuple(tokens), inferred, variant_folded, extra


def _plain_tokens(text: str) -> list[tuple[Block, str]] | None:
    """The tokens of a plain number part (NFKC) as _parse_tail reads them, or None if it is not plain.

    Plain: numbers joined by 番地/番/丁目/の/ノ/之 or a run of dashes, the last
    optionally followed by 番地/番/号/丁目, nothing else.
    """
    parts = _DIGIT_RUNS.split(text)  # '', digits, connector, digits, ...
    if parts[0]:
        return None
    conns = parts[2::2]
    for j, conn in enumerate(conns):
        if j == len(conns) - 1:
            if conn not in _LAST_CONNECTORS:
                return None
        elif conn not in _INNER_CONNECTORS:
            if conn.strip(DASHES):
                return None
            conns[j] = "-"  # a run of dashes between numbers: fold_dashes makes it one hyphen
    return [(int(n), conn) for n, conn in zip(parts[1::2], conns, strict=True)]


_JUKYO = {"号": True, "番地": False}  # what a connector says of 住居表示; others say nothing


@memo(maxsize=8192)
def _numbers(text: str, chome_flag: bool, pre: tuple[tuple[Block, str], ...]) -> tuple[
        int | None, tuple[Block, ...], bool | None] | None:
    """(丁目, blocks, 住居表示) of a plain number part after the locality's own
    tokens ``pre``, as :func:`_read_tokens` reads them; None if the part is not plain.

    Cached: a house number recurs in many towns.  (The usual one to three
    numbers after a locality without numbers of its own are read in
    :func:`_parse_fast` directly; this reads the others.)
    """
    text = unicodedata.normalize("NFKC", text)
    m = None if pre else _UP_TO_THREE.fullmatch(text)
    if m is None:
        tokens = _plain_tokens(text)
        if tokens is None:
            return None
        chome, blocks, jukyo = _read_tokens([*pre, *tokens], chome_flag)
        return chome, tuple(blocks), jukyo
    n1, c1, n2, c2, n3, last = m.groups()
    return _read_up_to_three(n1, c1, n2, c2, n3, last, chome_flag)


def _read_up_to_three(n1: str, c1: str | None, n2: str | None, c2: str | None, n3: str | None, last: str | None,
                      chome_flag: bool) -> tuple[int | None, tuple[Block, ...], bool | None]:
    """One to three numbers (digits, maybe full width) and their connectors, read
    as :func:`_read_tokens` reads their tokens.  An inner connector is
    番地/番/丁目/の/ノ/之 or a run of dashes (never 号); the last one ""/番地/番/号/丁目.
    """
    a = int(n1)
    jukyo = _JUKYO.get(last or "")
    if n2 is None or c1 is None:
        if last == "丁目" or (chome_flag and a <= _MAX_IMPLICIT_CHOME and not last):
            return a, (), None
        return None, (a,), jukyo
    b = int(n2)
    first_is_chome = c1 == "丁目" or (chome_flag and a <= _MAX_IMPLICIT_CHOME and c1[0] != "番")
    if n3 is None or c2 is None:
        if first_is_chome:
            return a, (b,), jukyo
        return None, (a, b), _JUKYO.get(c1) if jukyo is None else jukyo
    c = int(n3)
    if (not chome_flag and c1[0] in _DASH_CHARS and c2[0] in _DASH_CHARS and a <= _MAX_IMPLICIT_CHOME and c < 100):
        first_is_chome = True  # 3-29-1: 丁目-番-号 (see _read_tokens)
    if jukyo is None:
        jukyo = _JUKYO.get(c2)
    if first_is_chome:
        return a, (b, c), jukyo
    return None, (a, b, c), _JUKYO.get(c1) if jukyo is None else jukyo


#: ``Address(pref, city, …, extra)`` with every field given, for the fast path (:func:`mynacheck._slots.compile_slot_builder`).
_build_address = compile_slot_builder(Address)


def _parse_fast(text: str) -> Address | None:
    """The parse of a locality followed by plain numbers, or None (then the full parse).

    The caller has checked the length; _FAST_SHAPE admits no private-use character or surrogate.
    """
    m = _FAST_UP_TO_THREE.fullmatch(text)
    if m is not None:
        # The usual one to three numbers: read straight from this match (no NFKC
        # needed: int() reads full-width digits, the connectors are NFKC-stable).
        locality, n1, c1, n2, c2, n3, last = m.groups()
        loc = _locality(locality)
        if loc is None:
            return None
        pref, city, town, koaza, chome_flag, pre, inferred, variant_folded, extra = loc
        if pre:
            numbers = _numbers(text[m.end(1):m.end()].rstrip(" \u3000"), chome_flag, pre)
            if numbers is None:
                return None
            chome, blocks, jukyo = numbers
        else:
            chome, blocks, jukyo = _read_up_to_three(n1, c1, n2, c2, n3, last, chome_flag)
    else:
        m = _FAST_SHAPE.fullmatch(text)
        if m is None:
            return None
        locality, number_part = m.groups()
        loc = _locality(locality)
        if loc is None:
            return None
        pref, city, town, koaza, chome_flag, pre, inferred, variant_folded, extra = loc
        numbers = _numbers(number_part, chome_flag, pre)
        if numbers is None:
            return None
        chome, blocks, jukyo = numbers
    return _build_address(pref, city, town, chome, blocks, "", koaza, "", "", jukyo, inferred,
                          4 if (blocks or chome is not None) else 3, text.strip(), variant_folded, extra)


def parse_address(text: str) -> Address:
    """Parse an address written in any of the usual notations.

    Raises :class:`~mynacheck.InvalidAddress` (reason ``ADDR_UNPARSEABLE``)
    when neither a prefecture nor a municipality can be found, and
    ``ADDR_PRIVATE_USE`` for vendor 外字.

    >>> parse_address("札幌市中央区北1西2").town, parse_address("札幌市中央区北1西2").chome
    ('北一条西', 2)
    >>> parse_address("府中市宮西町2丁目24番地").pref
    '東京都'
    >>> parse_address("上京区釜座通下立売下る東裏辻町398番地").town
    '東裏辻町'
    """
    return _parsed_text(text if type(text) is str else str(text))


def _parse_text(text: str) -> Address:
    """parse_address of a text, without the whole-text cache (the fast path's own caches stay)."""
    if len(text) > MAX_FIELD_LENGTH:
        raise InvalidAddress("address too long", reason="RECORD_FIELD_TOO_LONG")
    fast = _parse_fast(text)
    if fast is not None:
        return fast
    _check_hostile(text)
    return _parse_general(text)


# Cached: the same address is parsed for each comparison and key it is in.
_parsed_text = memo(maxsize=4096)(_parse_text)


# --- comparison --------------------------------------------------------------
#
# The levels, part by part from the largest: each level looks at one part, and
# everything before it has been ruled out when it runs (a town level runs only
# when prefecture and municipality do not clash, and so on).


def _exact(a: Address, b: Address) -> tuple[str, ...] | None:
    """Written the same, and read down to the town at least."""
    return () if a.text == b.text and a.level >= 3 else None


def _pref_different(a: Address, b: Address) -> tuple[str, ...] | None:
    return ("ADDR_PREF_DIFFERENT",) if a.pref and b.pref and a.pref != b.pref else None


def _city_different(a: Address, b: Address) -> tuple[str, ...] | None:
    return ("ADDR_CITY_DIFFERENT",) if a.city and b.city and a.city != b.city else None


def _same_unknown_town(a: Address, b: Address) -> bool:
    """Neither town is in the reference data, but both write the same name under the same municipality."""
    return (a.town is None and b.town is None and a.city is not None and b.city is not None
            and bool(a.rest) and name_key(a.rest) == name_key(b.rest))


def _town_not_read(a: Address, b: Address) -> bool:
    """A side's town was not read, and the two sides do not write the same unread town."""
    return (a.town is None or b.town is None) and not _same_unknown_town(a, b)


def _town_unread_same_key(a: Address, b: Address) -> tuple[str, ...] | None:
    """A town not read on a side, but the two place keys agree anyway."""
    if _town_not_read(a, b) and a.place_key == b.place_key and a.level >= 2 and a.city is not None:
        return ("ADDR_NOTATION_FOLD", "ADDR_TOWN_UNKNOWN")
    return None


def _town_unread(a: Address, b: Address) -> tuple[str, ...] | None:
    return ("ADDR_UNPARSEABLE",) if _town_not_read(a, b) else None


def _aza_split(a: Address, b: Address) -> tuple[str, ...] | None:
    """大字鶴賀字緑町 against 鶴賀緑町: one side splits the town at a 字 into a town of the
    table and its 小字, the other writes the longer town of the table.  The table cannot
    say whether 鶴賀緑町 is that 小字 or a town of its own (上田字原 / 上田原): review."""
    if (a.town is not None and b.town is not None and bool(a.koaza) != bool(b.koaza)
            and name_key(a.town) != name_key(b.town)
            and name_key(a.town + a.koaza) == name_key(b.town + b.koaza)):
        return ("ADDR_AZA_SPLIT",)
    return None


def _town_different(a: Address, b: Address) -> tuple[str, ...] | None:
    if a.town is not None and b.town is not None and a.town != b.town and (
            name_key(a.town) != name_key(b.town) or _folded_apart(a.pref, a.city, a.town)):
        return ("ADDR_TOWN_DIFFERENT",)
    return None


def _folded_apart(pref: str | None, city: str | None, town: str) -> bool:
    """The municipality holds several towns whose names fold to this one's (日の出 / 日之出)."""
    m = index().by_name(pref, city) if pref is not None and city is not None else None
    return m is not None and name_key(town) in m.folded_apart


def _koaza_different(a: Address, b: Address) -> tuple[str, ...] | None:
    if a.koaza and b.koaza and a.koaza != b.koaza and name_key(a.koaza) != name_key(b.koaza):
        return ("ADDR_TOWN_DIFFERENT",)
    return None


def _chiwari_different(a: Address, b: Address) -> tuple[str, ...] | None:
    if a.chiwari is not None and b.chiwari is not None and a.chiwari != b.chiwari:
        return ("ADDR_CHIWARI_DIFFERENT",)
    return None


def _chome_different(a: Address, b: Address) -> tuple[str, ...] | None:
    return ("ADDR_CHOME_DIFFERENT",) if a.chome is not None and b.chome is not None and a.chome != b.chome else None


def _jukyo_vs_chiban(a: Address, b: Address) -> tuple[str, ...] | None:
    """One side 住居表示 (番/号), the other 地番 (番地): numbers can't be compared without parcel data."""
    if a.is_jukyo is not None and b.is_jukyo is not None and a.is_jukyo != b.is_jukyo:
        return ("ADDR_JUKYO_VS_CHIBAN",)
    return None


def _blocks_differ(a: Address, b: Address) -> bool:
    """Some number differs where both sides have one (the shorter side's numbers against the longer's first)."""
    x, y = a.blocks, b.blocks
    # Tuple comparison, not a generator over zip: this runs on every pair that is not written the same.
    if len(x) == len(y):
        return x != y
    n = min(len(x), len(y))
    return x[:n] != y[:n]


def _chome_unclear(a: Address, b: Address) -> tuple[str, ...] | None:
    """1-2-3 read without 丁目 on one side: the numbers are not aligned."""
    if (a.chome is None) != (b.chome is None) and _blocks_differ(a, b):
        return ("ADDR_CHOME_UNCLEAR",)
    return None


def _block_different(a: Address, b: Address) -> tuple[str, ...] | None:
    return ("ADDR_BLOCK_DIFFERENT",) if _blocks_differ(a, b) else None


def _jisaki_one_side(a: Address, b: Address) -> tuple[str, ...] | None:
    """12番地先 against 12番地: the land next to the lot is never the lot itself."""
    return ("ADDR_JISAKI",) if a.jisaki != b.jisaki else None


def _pref_ambiguous(a: Address, b: Address) -> tuple[str, ...] | None:
    if (a.pref is None) != (b.pref is None) or (a.city is None) != (b.city is None):
        return ("ADDR_PREF_AMBIGUOUS",)
    return None


def _less_specific(a: Address, b: Address) -> tuple[str, ...] | None:
    if ((a.chome is None) != (b.chome is None) or len(a.blocks) != len(b.blocks) or bool(a.koaza) != bool(b.koaza)
            or ((a.extra is not None or b.extra is not None) and (a.chiwari is None) != (b.chiwari is None))):
        return ("ADDR_LESS_SPECIFIC",)
    return None


def _kyoto_street_differs(a: Address, b: Address) -> tuple[str, ...] | None:
    if a.street and b.street and street_key(a.street) != street_key(b.street):
        return ("ADDR_KYOTO_STREET_DIFFERS",)
    return None


def _kyoto_town_shared(a: Address, b: Address) -> tuple[str, ...] | None:
    """The street written on one side only, in a ward that holds several towns of that name
    (下京区 has four 堅田町): only the street tells which one."""
    if bool(a.street) != bool(b.street) and a.town is not None and a.city is not None:
        m = index().by_name(a.pref or "京都府", a.city)
        if m is not None and a.town in m.shared:
            return ("ADDR_KYOTO_TOWN_SHARED",)
    return None


def _building_differs(a: Address, b: Address) -> bool:
    return a.building != b.building and building_key(a.building) != building_key(b.building)


def _building_unit_differs(a: Address, b: Address) -> tuple[str, ...] | None:
    """A棟 vs B棟, 第2 vs 第3, 3F vs 4F: another building or floor of the block."""
    if _building_differs(a, b):
        ua, ub = _units(a.building), _units(b.building)
        if ua and ub and ua != ub:
            return ("ADDR_BUILDING_UNIT_DIFFERS",)
    return None


def _no_spelling_differs(a: Address, b: Address) -> tuple[str, ...] | None:
    """一之江 against 一ノ江: 之/乃 and ノ are distinct registered spellings that share a reading."""
    return ("ADDR_NO_SPELLING",) if a.no_marks != b.no_marks else None


_NOTATION_FOLD = ("ADDR_NOTATION_FOLD",)
_NOTATION_FOLD_PREF_INFERRED = ("ADDR_NOTATION_FOLD", "ADDR_PREF_INFERRED")


def _same_place(a: Address, b: Address) -> tuple[str, ...]:
    """Every part agrees: the notes say which folds and omissions that took."""
    if (a.town is not None and b.town is not None and not a.variant_folded and not b.variant_folded
            and not a.street and not b.street and a.building == b.building):
        # The usual pair (the notation differs, maybe a prefecture left out): its notes without a list.
        return _NOTATION_FOLD if a.pref_inferred == b.pref_inferred else _NOTATION_FOLD_PREF_INFERRED
    return _place_notes(a, b)


def _place_notes(a: Address, b: Address) -> tuple[str, ...]:
    """The notes of :func:`_same_place`, each checked in turn."""
    notes = ["ADDR_NOTATION_FOLD"]
    if a.town is None or b.town is None:
        notes.append("ADDR_TOWN_UNKNOWN")  # the same unread town name on both sides
    if a.variant_folded or b.variant_folded:
        notes.append("ADDR_VARIANT_FOLD")
    if a.pref_inferred != b.pref_inferred:
        notes.append("ADDR_PREF_INFERRED")
    if bool(a.street) != bool(b.street):
        notes.append("ADDR_KYOTO_STREET_DROPPED")
    if _building_differs(a, b):
        notes.append("ADDR_BUILDING_DIFFERS")
    return tuple(notes)


_UNIT = re.compile(r"[0-9]+|(?<![A-Za-z])[A-Za-z](?![A-Za-z])")


def _units(building: str) -> tuple[str, ...]:
    """The numbers and single letters that tell buildings, wings and floors apart."""
    return tuple(_UNIT.findall(replace_kanji_numerals(fold_floors(building)).upper()))


#: The address levels, in the order they are tried: the whole text, then each
#: part from the prefecture down to the building.
LEVELS: tuple[ComparisonLevel[Address], ...] = (
    ComparisonLevel(Level.EXACT, _exact, "exact"),
    ComparisonLevel(Level.DIFFERENT, _pref_different, "prefecture"),
    ComparisonLevel(Level.DIFFERENT, _city_different, "municipality"),
    ComparisonLevel(Level.EQUIVALENT, _town_unread_same_key, "town unread, same place key"),
    ComparisonLevel(Level.UNCERTAIN, _town_unread, "town unread"),
    ComparisonLevel(Level.UNCERTAIN, _aza_split, "town split at 字 on one side", when="koaza"),
    ComparisonLevel(Level.DIFFERENT, _town_different, "town"),
    ComparisonLevel(Level.DIFFERENT, _koaza_different, "小字"),
    ComparisonLevel(Level.DIFFERENT, _chiwari_different, "地割", when="extra"),
    ComparisonLevel(Level.DIFFERENT, _chome_different, "丁目"),
    ComparisonLevel(Level.UNCERTAIN, _jukyo_vs_chiban, "住居表示 vs 地番"),
    ComparisonLevel(Level.UNCERTAIN, _chome_unclear, "丁目 on one side only, numbers differ"),
    ComparisonLevel(Level.DIFFERENT, _block_different, "番地/番/号"),
    ComparisonLevel(Level.UNCERTAIN, _jisaki_one_side, "地先 on one side", when="extra"),
    ComparisonLevel(Level.UNCERTAIN, _pref_ambiguous, "prefecture or municipality on one side only"),
    ComparisonLevel(Level.UNCERTAIN, _less_specific, "less specific"),
    ComparisonLevel(Level.UNCERTAIN, _kyoto_street_differs, "Kyoto street"),
    ComparisonLevel(Level.UNCERTAIN, _kyoto_town_shared, "Kyoto street dropped, town name shared in the ward",
                    when="street"),
    ComparisonLevel(Level.UNCERTAIN, _building_unit_differs, "building unit"),
    ComparisonLevel(Level.UNCERTAIN, _no_spelling_differs, "ノ/之 in a place name", when="extra"),
    ComparisonLevel(Level.EQUIVALENT, _same_place, "same place"),
)


def _parse_value(raw: object, mode: Any) -> Address:
    return _parsed_text(raw if type(raw) is str else str(raw))


COMPARATOR: LevelledField[Address] = LevelledField(
    name="address",
    prefix="ADDR",
    parse=_parse_value,
    render=Address.render,
    levels=LEVELS,
)
"""Compares two raw addresses into a :class:`~mynacheck.Finding`."""


def compare_addresses(a: Address, b: Address) -> tuple[Level, tuple[str, ...]]:
    """The level two parsed addresses compare at, and its reasons.

    >>> compare_addresses(parse_address("江東区豊洲2-1-2"), parse_address("江東区豊洲2-1-3"))
    (<Level.DIFFERENT: 'different'>, ('ADDR_BLOCK_DIFFERENT',))
    """
    return COMPARATOR.level_of(a, b)


def parse(value: object) -> Address:
    """The field verb: :func:`parse_address`, for text (or an int) only."""
    if not reads(value, TEXT):
        raise InvalidType(f"an address is text, not {type(value).__name__}")
    return parse_address(str(value))


def normalize(value: object) -> str:
    """The comparison key of an address: two writings of one place share it (:attr:`Address.key`)."""
    return parse(value).key


def compare(left: object, right: object) -> Finding:
    """Compare two addresses: :data:`COMPARATOR`."""
    return COMPARATOR.compare(left, right)
