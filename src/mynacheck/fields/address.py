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

import functools
import re

import attrs

from ..errors import InvalidAddress
from ..text.address_text import convert_block_numerals, key_fold, name_key, prepare_parts
from ..text.numerals import replace_kanji_numerals
from ..text.unicode import has_private_use
from ..verdicts import Level
from .address_data import Municipality, index, towns_anywhere
from .base import MAX_FIELD_LENGTH, LevelledField

__all__ = ["Address", "parse_address", "COMPARATOR", "compare_addresses"]

Block = int | str


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

    @property
    def place_key(self) -> str:
        """The comparison key without the building text."""
        blocks = "-".join(str(b) for b in self.blocks)
        chome = "" if self.chome is None else str(self.chome)
        rest = name_key(self.rest) if self.rest else ""
        return "|".join((
            self.pref or "?", name_key(self.city) if self.city else "?",
            name_key(self.town) if self.town is not None else "?",
            name_key(self.koaza), chome, blocks, rest,
        ))

    @property
    def key(self) -> str:
        """The canonical comparison key: two renderings of one address share it.

        Equal keys are necessary for a match, not sufficient: the comparator
        still sends 番地 against 番・号 (地番 vs 住居表示) and two different Kyoto
        street prefixes to review, since neither is part of the key.

        >>> parse_address("岐阜県飛驒市古川町本町2-22").key == parse_address("飛騨市古川町本町２－２２").key
        True
        """
        return self.place_key + "|" + name_key(self.building)

    def render(self) -> str:
        """A normalized display form that parses back to the same key.

        >>> parse_address("江東区豊洲２－１－２ 豊洲ハイツ").render()
        '東京都江東区豊洲2丁目1番2 豊洲ハイツ'
        """
        parts = [self.pref or "", self.city or "", self.street, self.town or self.rest, self.koaza]
        if self.chome is not None:
            parts.append(f"{self.chome}丁目")
        if self.blocks:
            # 番/番地/号 rather than bare hyphens: 北郷1-1 would read as 北郷一条1丁目 in Sapporo.
            first, *more = (str(b) for b in self.blocks)
            if self.is_jukyo and more:
                parts.append(f"{first}番{more[0]}号" + "".join(f"-{b}" for b in more[1:]))
            else:
                parts.append(f"{first}{'番地' if self.is_jukyo is False else '番'}" + "-".join(more))
        head = "".join(parts)
        return f"{head} {self.building}" if self.building else head


# --- parsing -----------------------------------------------------------------

_SAPPORO_SHORT = re.compile(r"(?<=[北南])(\d+)(?=[東西]\d)")
_SAPPORO_SHORT2 = re.compile(r"(?<=[北南]\d条[東西])(\d+)(?![\d丁])|(?<=[北南]\d\d条[東西])(\d+)(?![\d丁])")
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


class _Cand:
    __slots__ = ("muni", "pref_explicit", "city_end", "town", "chome_flag", "town_start", "town_end", "street")

    def __init__(self, muni: Municipality, pref_explicit: bool, city_end: int) -> None:
        self.muni = muni
        self.pref_explicit = pref_explicit
        self.city_end = city_end
        self.town: str | None = None
        self.chome_flag = False
        self.town_start = city_end
        self.town_end = city_end
        self.street = (0, 0)

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


def _parse_tail(tail: str, chome_flag: bool) -> tuple[str, int | None, tuple[Block, ...], bool | None, str]:
    """Read 小字, 丁目 and numbers; return (koaza, chome, blocks, is_jukyo, building)."""
    tail = convert_block_numerals(_LEADING_JUNK.sub("", tail))
    koaza = ""
    m = _KOAZA.match(tail)
    if m and not _BUILDING_WORDS.search(m.group(1)):
        koaza = m.group(1)
        tail = tail[m.end():]
        chome_flag = False  # 丁目 follows the town itself, never its 小字
    elif tail and not any(ch.isdigit() for ch in tail) and " " not in tail and not _BUILDING_WORDS.search(tail):
        # A name with no number after the town (大字 … 字 …): a 小字, not a building.
        return tail.removeprefix("字"), None, (), None, ""
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
    chome: int | None = None
    blocks: list[Block] = []
    is_jukyo: bool | None = None
    if (not chome_flag and len(tokens) == 3 and all(c == "-" for _, c in tokens[:-1])
            and isinstance(tokens[0][0], int) and tokens[0][0] <= _MAX_IMPLICIT_CHOME
            and isinstance(tokens[2][0], int) and tokens[2][0] < 100):
        # 3-29-1 is 丁目-番-号 even where Japan Post does not flag the town's 丁目
        # (川崎市中原区上小田中); a 地番 with two 枝番 levels is the rare case.  A last
        # number of 100 or more is a room (5-3-101), not a 号.
        chome_flag = True
    for n, (value, conn) in enumerate(tokens):
        if n == 0 and isinstance(value, int) and (
            conn.rstrip("-のノ之") in ("丁目", "町目", "丁")
            or (chome_flag and value <= _MAX_IMPLICIT_CHOME and not conn.startswith(("番", "号")))
        ):
            chome = value
            continue
        blocks.append(value)
        if conn.startswith("号"):
            is_jukyo = True
        elif conn.startswith("番地"):
            is_jukyo = False
    rest = tail[p:]
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
    return koaza, chome, tuple(blocks), is_jukyo, building


@functools.lru_cache(maxsize=4096)
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
    if not isinstance(text, str):
        text = str(text)
    if len(text) > MAX_FIELD_LENGTH:
        raise InvalidAddress("address too long", reason="RECORD_FIELD_TOO_LONG")
    if has_private_use(text):
        raise InvalidAddress("address holds a private-use character", reason="ADDR_PRIVATE_USE")
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
    best_score = max(c.score() for c in cands)
    top = [c for c in cands if c.score() == best_score]
    c = top[0]
    prefs = {t.muni.pref for t in top}
    names = {t.muni.name for t in top}
    towns = {t.town for t in top}
    pref: str | None = c.muni.pref
    city: str | None = c.muni.name
    if len(prefs) > 1:
        pref = None
    if len(names) > 1:
        city = None
    if len(towns) > 1:
        c.town = None
    inferred = not c.pref_explicit and pref is not None
    tail = disp[orig(c.town_end):] if c.town is not None else disp[orig(c.city_end):]
    street = disp[orig(c.street[0]):orig(c.street[1])] if c.street != (0, 0) else ""
    if c.town is None:
        stripped = tail.strip()
        name = ""
        if not stripped[:1].isdigit():
            # A town missing from the reference data (renamed, or an alias): keep its
            # name as written and still read the numbers, so that two records that
            # write it alike can agree (ADDR_TOWN_UNKNOWN).
            split = _UNKNOWN_TOWN.match(convert_block_numerals(stripped))
            if split is None or _BUILDING_WORDS.search(split.group(1)):
                return Address(pref, city, None, rest=stripped, pref_inferred=inferred, level=2, text=plain,
                               variant_folded=variant_folded)
            name, stripped = split.group(1).removeprefix("大字").removeprefix("字"), stripped[split.end(1):]
            stripped = convert_block_numerals(stripped)
        _, chome, blocks, jukyo, building = _parse_tail(stripped, False)
        return Address(pref, city, None, chome, blocks, building, rest=name, is_jukyo=jukyo,
                       pref_inferred=inferred, level=2, text=plain, variant_folded=variant_folded)
    koaza, chome, blocks, jukyo, building = _parse_tail(tail, c.chome_flag)
    return Address(pref, city, c.town, chome, blocks, building, koaza=koaza, street=street, is_jukyo=jukyo,
                   pref_inferred=inferred, level=4 if (blocks or chome is not None) else 3, text=plain,
                   variant_folded=variant_folded)


# --- comparison --------------------------------------------------------------


def compare_addresses(a: Address, b: Address) -> tuple[Level, tuple[str, ...]]:
    """Classify two parsed addresses into a level and its reasons.

    >>> compare_addresses(parse_address("江東区豊洲2-1-2"), parse_address("江東区豊洲2-1-3"))
    (<Level.DIFFERENT: 'different'>, ('ADDR_BLOCK_DIFFERENT',))
    """
    return _classify(a, b)


def _classify(a: Address, b: Address) -> tuple[Level, tuple[str, ...]]:
    if a.text == b.text and a.level >= 3:
        return Level.EXACT, ()
    notes: list[str] = []
    if a.pref and b.pref and a.pref != b.pref:
        return Level.DIFFERENT, ("ADDR_PREF_DIFFERENT",)
    if a.city and b.city and a.city != b.city:
        return Level.DIFFERENT, ("ADDR_CITY_DIFFERENT",)
    if a.town is None or b.town is None:
        # A town missing from the reference data can still be compared when both
        # records write the same name under the same municipality.
        same_unknown = (a.town is None and b.town is None and a.city is not None and b.city is not None
                        and bool(a.rest) and name_key(a.rest) == name_key(b.rest))
        if not same_unknown:
            if a.place_key == b.place_key and a.level >= 2 and a.city is not None:
                return Level.EQUIVALENT, ("ADDR_NOTATION_FOLD", "ADDR_TOWN_UNKNOWN")
            return Level.UNCERTAIN, ("ADDR_UNPARSEABLE",)
        notes.append("ADDR_TOWN_UNKNOWN")
    elif name_key(a.town) != name_key(b.town):
        return Level.DIFFERENT, ("ADDR_TOWN_DIFFERENT",)
    if a.koaza and b.koaza and name_key(a.koaza) != name_key(b.koaza):
        return Level.DIFFERENT, ("ADDR_TOWN_DIFFERENT",)
    if a.chome is not None and b.chome is not None and a.chome != b.chome:
        return Level.DIFFERENT, ("ADDR_CHOME_DIFFERENT",)
    jukyo_clash = a.is_jukyo is not None and b.is_jukyo is not None and a.is_jukyo != b.is_jukyo
    for x, y in zip(a.blocks, b.blocks, strict=False):
        if x != y:
            if jukyo_clash:
                return Level.UNCERTAIN, ("ADDR_JUKYO_VS_CHIBAN",)
            if (a.chome is None) != (b.chome is None):
                # 1-2-3 read without 丁目 on one side: the numbers are not aligned.
                return Level.UNCERTAIN, ("ADDR_CHOME_UNCLEAR",)
            return Level.DIFFERENT, ("ADDR_BLOCK_DIFFERENT",)
    if jukyo_clash:
        return Level.UNCERTAIN, ("ADDR_JUKYO_VS_CHIBAN",)
    if (a.pref is None) != (b.pref is None) or (a.city is None) != (b.city is None):
        return Level.UNCERTAIN, ("ADDR_PREF_AMBIGUOUS",)
    if (a.chome is None) != (b.chome is None) or len(a.blocks) != len(b.blocks) or bool(a.koaza) != bool(b.koaza):
        return Level.UNCERTAIN, ("ADDR_LESS_SPECIFIC",)
    if a.street and b.street and name_key(a.street) != name_key(b.street):
        return Level.UNCERTAIN, ("ADDR_KYOTO_STREET_DIFFERS",)
    notes.insert(0, "ADDR_NOTATION_FOLD")
    if a.variant_folded or b.variant_folded:
        notes.append("ADDR_VARIANT_FOLD")
    if a.pref_inferred != b.pref_inferred:
        notes.append("ADDR_PREF_INFERRED")
    if bool(a.street) != bool(b.street):
        notes.append("ADDR_KYOTO_STREET_DROPPED")
    if name_key(a.building) != name_key(b.building):
        ua, ub = _units(a.building), _units(b.building)
        if ua and ub and ua != ub:
            # A棟 vs B棟, 第2 vs 第3, 3F vs 4F: another building or floor of the block.
            return Level.UNCERTAIN, ("ADDR_BUILDING_UNIT_DIFFERS",)
        notes.append("ADDR_BUILDING_DIFFERS")
    return Level.EQUIVALENT, tuple(notes)


_UNIT = re.compile(r"[0-9]+|(?<![A-Za-z])[A-Za-z](?![A-Za-z])")


def _units(building: str) -> tuple[str, ...]:
    """The numbers and single letters that tell buildings, wings and floors apart."""
    return tuple(_UNIT.findall(replace_kanji_numerals(building).upper()))


def _parse_value(raw: object) -> Address:
    return parse_address(str(raw))


COMPARATOR: LevelledField[Address] = LevelledField(
    name="address",
    prefix="ADDR",
    parse=_parse_value,
    render=Address.render,
    classify=compare_addresses,
)
"""Compares two raw addresses into a :class:`~mynacheck.Finding`."""
