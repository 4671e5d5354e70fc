"""Hypothesis strategies for addresses.

- :func:`addresses`: realistic addresses drawn from the bundled Japan Post
  table: a real prefecture, municipality and town, a 丁目 where the town has
  丁目, 住居表示 (番・号) or 地番 (番地, 枝番) numbers, some with a building and
  room;
- :func:`address_renderings`: the ways one address gets written (kanji or
  digit numbers, full or half width, hyphens or 丁目・番・号, の/ノ, ヶ/ケ,
  old kanji forms (﨑, 驒, 澤, 舘 …), 大字, spaces, the prefecture or 郡 left out where that stays unambiguous).  Every
  string it draws parses to the same :attr:`~mynacheck.fields.address.Address.place_key`
  and compares as the same address;
- :func:`address_text`: the canonical writing of an address.

Example::

    from hypothesis import given
    from mynacheck.strategies.addresses import addresses, address_renderings
    from mynacheck.fields.address import COMPARATOR

    @given(addresses().flatmap(lambda a: address_renderings(a).map(lambda s: (a, s))))
    def test_my_system_keeps_addresses(pair):
        original, written = pair
        assert COMPARATOR.compare(address_text(original), written).agrees
"""

from __future__ import annotations

import functools
import re

from hypothesis import strategies as st

from ..errors import UsageError
from ..fields.address import Address, parse_address
from ..fields.address_data import Municipality, index, towns_anywhere
from ..text.address_text import fold_place_variants, int_to_kanji, name_key
from ..text.variants import tables

__all__ = ["addresses", "address_renderings", "address_text"]

_BUILDINGS = ("コーポ山田", "ハイツ桜", "メゾン緑", "第二松本ビル", "グランドパレス", "サンハイツ", "レジデンス青葉")
_DASHES = ("-", "－", "ー", "‐", "−", "―")
_FULL = str.maketrans("0123456789", "０１２３４５６７８９")
_KANJI_DIGIT = str.maketrans("0123456789", "〇一二三四五六七八九")


@functools.cache
def _towns(town_pattern: str | None, city_pattern: str | None) -> tuple[tuple[Municipality, tuple[tuple[str, bool], ...]], ...]:
    town_re = re.compile(town_pattern) if town_pattern else None
    city_re = re.compile(city_pattern) if city_pattern else None
    out = []
    for m in index().municipalities:
        if city_re is not None and not city_re.search(m.name):
            continue
        names = set(m.town_names())
        towns = tuple(
            dict.fromkeys(
                (name, chome) for name, chome in m.towns.values()
                # 札幌 北郷 beside 北郷一条: 北郷1-1 reads as 北郷一条1丁目 there, by
                # Sapporo convention; such a town has no unambiguous hyphen form.
                if name and not (m.is_sapporo and name + "一条" in names)
                and (town_re is None or town_re.search(name))
            )
        )
        if towns:
            out.append((m, towns))
    if not out:
        raise UsageError(f"no town matches town_pattern={town_pattern!r}, city_pattern={city_pattern!r}")
    return tuple(out)


def _resolves_to(text: str, addr: Address) -> bool:
    try:
        got = parse_address(text)
    except ValueError:
        return False
    return (got.pref, got.city, got.town) == (addr.pref, addr.city, addr.town)


def addresses(
    *,
    building: bool | None = None,
    town_pattern: str | None = None,
    city_pattern: str | None = None,
) -> st.SearchStrategy[Address]:
    """A realistic address from the bundled data.

    ``building``: True always adds a building and room, False never, None sometimes.
    ``town_pattern`` / ``city_pattern``: regular expressions the town / municipality
    name must contain, to aim at a hard case (``town_pattern="[一二三四五六七八九十]"``
    for numbers inside names, ``city_pattern="^京都市"`` for Kyoto).

    >>> from hypothesis import find
    >>> a = find(addresses(), lambda a: a.chome is not None)
    >>> a.chome >= 1 and a.town is not None
    True
    """
    # The reference table is loaded here, when the strategy is built, not inside a
    # draw (a cold load there would trip hypothesis' too_slow health check).
    pool = _towns(town_pattern, city_pattern)
    _old_forms()
    towns_anywhere()  # parse_address needs it for text without prefecture or municipality
    return _addresses(pool, building)


@st.composite
def _addresses(
    draw: st.DrawFn,
    pool: tuple[tuple[Municipality, tuple[tuple[str, bool], ...]], ...],
    building: bool | None,
) -> Address:
    m, towns = draw(st.sampled_from(pool))
    town, has_chome = draw(st.sampled_from(towns))
    chome = draw(st.integers(1, 9)) if has_chome else None
    if chome is not None or draw(st.booleans()):
        # 住居表示: 街区符号 (番) and 住居番号 (号)
        blocks: tuple[int | str, ...] = (draw(st.integers(1, 40)), draw(st.integers(1, 40)))
        jukyo: bool | None = True
    else:
        first = draw(st.integers(1, 3999))
        branch = draw(st.none() | st.integers(1, 99))
        blocks = (first,) if branch is None else (first, branch)
        jukyo = False
    name = ""
    with_building = draw(st.booleans()) if building is None else building
    if with_building:
        name = draw(st.sampled_from(_BUILDINGS))
        blocks = (*blocks, draw(st.integers(101, 1208)))
    return Address(
        m.pref, m.name, town, chome, blocks, name, is_jukyo=jukyo, level=4,
        text="",
    )


def address_text(addr: Address) -> str:
    """The canonical writing: 東京都江東区豊洲二丁目1番2号 ハイツ桜301号室 (地番: 123番地4)."""
    head = f"{addr.pref or ''}{addr.city or ''}{addr.town or ''}"
    if addr.chome is not None:
        head += f"{int_to_kanji(addr.chome)}丁目"
    main, room = _split_room(addr)
    head += _numbers(main, addr.is_jukyo)
    if room is not None:
        head += f" {addr.building}{room}号室"
    return head


def _split_room(addr: Address) -> tuple[tuple[int | str, ...], int | str | None]:
    if addr.building and addr.blocks:
        return addr.blocks[:-1], addr.blocks[-1]
    return addr.blocks, None


def _numbers(blocks: tuple[int | str, ...], jukyo: bool | None) -> str:
    if not blocks:
        return ""
    if jukyo:
        return f"{blocks[0]}番" + "".join(f"{b}号" for b in blocks[1:2])
    return f"{blocks[0]}番地" + "".join(f"{b}" for b in blocks[1:2])


def _kanji_number(n: int, positional: bool) -> str:
    return str(n).translate(_KANJI_DIGIT) if positional else int_to_kanji(n)


@st.composite
def address_renderings(draw: st.DrawFn, addr: Address) -> str:
    """One way the address ``addr`` gets written; it always means the same place.

    >>> from hypothesis import find
    >>> a = Address("東京都", "江東区", "豊洲", 2, (1, 2), "", is_jukyo=True)
    >>> s = find(address_renderings(a), lambda s: "－" in s)
    >>> parse_address(s).place_key == parse_address(address_text(a)).place_key
    True
    """
    main, room = _split_room(addr)
    num_style = draw(st.sampled_from(("digit", "full", "kanji", "positional")))

    def num(n: int | str) -> str:
        if isinstance(n, str):
            return n
        if num_style == "full":
            return str(n).translate(_FULL)
        if num_style in ("kanji", "positional") and n < 10_000:
            return _kanji_number(n, num_style == "positional")
        return str(n)

    dash = draw(st.sampled_from(_DASHES))
    form = draw(st.sampled_from(("connectors", "hyphens", "mixed")))
    # Kanji numbers joined by a long-vowel dash read as one word; keep hyphens then.
    if num_style in ("kanji", "positional") and dash in ("ー", "―"):
        dash = "-"
    parts: list[str] = []
    if addr.chome is not None:
        if form == "hyphens":
            parts.append(num(addr.chome) + (dash if main else ""))
        else:
            parts.append(num(addr.chome) + "丁目")
    if main:
        if form == "connectors" or (form == "mixed" and addr.chome is None):
            if addr.is_jukyo and len(main) > 1 and draw(st.booleans()):
                parts.append(num(main[0]) + draw(st.sampled_from(("の", "ノ", "番"))) + num(main[1]))
            elif addr.is_jukyo:
                parts.append(num(main[0]) + "番" + "".join(num(b) + "号" for b in main[1:2]))
            else:
                sep = draw(st.sampled_from(("", "の", "ノ", "-")))
                parts.append(num(main[0]) + "番地" + "".join(sep + num(b) for b in main[1:2]))
        else:
            parts.append(dash.join(num(b) for b in main))
    tail = "".join(parts)
    if room is not None:
        style = draw(st.sampled_from(("building", "dash", "both")))
        if style == "dash" and form == "hyphens":
            tail += dash + num(room)
            building = ""
        else:
            room_text = str(room).translate(_FULL) if num_style == "full" else str(room)
            building = f"{addr.building}{room_text}" + draw(
                st.sampled_from(("号室", "", "号室"))
            )
            tail += " " + building
    town = addr.town or ""
    if draw(st.booleans()) and addr.chome is None:
        town = "大字" + town
    muni = index().by_name(addr.pref, addr.city) if addr.pref and addr.city else None
    if muni is None or not muni.folded_apart or name_key(addr.town or "") not in muni.folded_apart:
        # (清須市 holds both 日の出 and 日之出: there the spelling is the town, not a notation)
        town = _fold_kana_marks(draw, town)
    town = _old_kanji(draw, town)
    sep = draw(st.sampled_from(("", "", " ", "　")))
    pref = addr.pref or ""
    city = _old_kanji(draw, addr.city or "")
    shape = draw(st.sampled_from(("full", "no_pref", "no_gun")))
    candidate = f"{pref}{sep}{city}{sep}{town}{sep}{tail}"
    if shape == "no_pref":
        shorter = f"{city}{town}{tail}"
        if _resolves_to(shorter, addr):
            candidate = shorter
    elif shape == "no_gun" and "郡" in city:
        shorter = f"{pref}{city.split('郡', 1)[1]}{town}{tail}"
        if _resolves_to(shorter, addr):
            candidate = shorter
    return candidate


def _fold_kana_marks(draw: st.DrawFn, town: str) -> str:
    # ヶ/ケ/が are written interchangeably in place names (霞が関, 霞ヶ関), so are の/ノ.
    if "ケ" in town or "ヶ" in town or "が" in town:
        mark = draw(st.sampled_from(("ケ", "ヶ", "ケ")))
        town = re.sub("[ケヶ]", mark, town)
    if "の" in town or "ノ" in town:
        town = re.sub("[のノ]", draw(st.sampled_from(("の", "ノ"))), town)
    return town


@functools.cache
def _old_forms() -> dict[str, tuple[str, ...]]:
    """Canonical character → the variant forms that fold to it (崎 → 﨑, 嵜 …)."""
    out: dict[str, list[str]] = {}
    t = tables()
    # Japanese old forms only: the simplified-Chinese entries (opencc) do not occur in records.
    japanese = {v: c for v, c in t.tier_a.items() if t.basis.get(v) != "opencc"}
    for variant, canonical in {**japanese, "舘": "館", "驒": "騨", "澤": "沢"}.items():
        if len(variant) == 1 and len(canonical) == 1 and fold_place_variants(variant) == canonical:
            out.setdefault(canonical, []).append(variant)
    return {k: tuple(v) for k, v in out.items()}


def _old_kanji(draw: st.DrawFn, text: str) -> str:
    forms = _old_forms()
    if not any(ch in forms for ch in text) or not draw(st.booleans()):
        return text
    return "".join(draw(st.sampled_from((ch, *forms[ch]))) if ch in forms else ch for ch in text)

