"""Kanji variant tiers: Tier A folds automatically, Tier B only asks a human.

Tier A (equivalent) maps every variant character to one canonical
representative: the old forms of the 常用漢字表, the variant pairs of the
人名用漢字 list, and the surname variants that resident-register systems
really produce (髙, 﨑, 邉/邊, 濵, 𠮷, 槗 ...).  Tier B (confusable) holds
distinct characters that are often mis-entered (斉/斎, 嶋/島, 伊東/伊藤 ...);
a Tier-B difference can only ever give ``review``.

The tables live in ``mynacheck/data/kanji_variants.tsv`` (built by
``scripts/build_kanji_variants.py``, every entry with its basis).  A missing
or unreadable file is :class:`~mynacheck.errors.DataUnavailable`, never a
smaller table in its place: with part of the table, matches would quietly
turn into reviews.

>>> fold_variants("髙﨑")
'高崎'
>>> fold_variants("渡邊") == fold_variants("渡邉") == "渡辺"
True
>>> fold_variants("斎藤") == fold_variants("斉藤")
False
"""

from __future__ import annotations

import importlib.resources
import re
import unicodedata
from collections.abc import Mapping

import attrs

from ..errors import DataUnavailable
from ..memo import load_once

__all__ = [
    "VariantTables",
    "tables",
    "fold_variants",
    "fold_confusables",
    "confusable_chars",
    "expand_iteration",
    "basis",
    "tier_b_pairs",
]

@attrs.frozen(slots=True)
class VariantTables:
    """The loaded tables.

    ``tier_a`` maps a variant character to its canonical representative (a
    fixed point of the map); ``basis`` says which list each entry came from;
    ``tier_b`` holds confusable pairs of already Tier-A-folded strings.
    """

    tier_a: Mapping[str, str]
    basis: Mapping[str, str]
    tier_b: tuple[tuple[str, str], ...]
    source: str


def _parse_tsv(text: str) -> VariantTables:
    tier_a: dict[str, str] = {}
    basis: dict[str, str] = {}
    tier_b: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        variant, canonical, tier, why = line.split("\t")[:4]  # a short line: ValueError, an unreadable table
        if tier == "A":
            tier_a[variant] = canonical
            basis[variant] = why
        elif tier == "B":
            tier_b.append((variant, canonical))
            basis[f"{variant}/{canonical}"] = why
    return VariantTables(tier_a, basis, tuple(tier_b), "kanji_variants.tsv")


TABLE = "kanji_variants.tsv"


def _read() -> str:
    return importlib.resources.files("mynacheck").joinpath("data", TABLE).read_text(encoding="utf-8")


@load_once
def tables() -> VariantTables:
    """The variant tables, loaded once (under a lock) from the bundled data file.

    Raises :class:`~mynacheck.errors.DataUnavailable` when the file is missing,
    unreadable or holds no Tier-A entry (a later call tries again).
    """
    try:
        loaded = _parse_tsv(_read())
    except (OSError, ValueError, ModuleNotFoundError) as err:
        raise DataUnavailable(TABLE, "kanji variant", err) from None
    if not loaded.tier_a:
        raise DataUnavailable(TABLE, "kanji variant", ValueError("no entries"))
    return loaded


@load_once
def _tier_a_table() -> dict[int, str]:
    return {ord(k): v for k, v in tables().tier_a.items()}


#: Canonical forms of Tier-B variant groups that are still one *place*: a family keeps
#: the 字体 it registered (瀧本 and 滝本 are two names: review), a place name does not
#: (mynacheck.text.address_text folds 龍 → 竜 as a place variant too).  The group's
#: other 字体 (瀧 → 滝, 籠 → 篭, 龒 → 竜) fold with it in place names only.
_ONE_PLACE = frozenset("竜滝篭")


@load_once
def _place_table() -> dict[int, str]:
    table = dict(_tier_a_table())
    t = tables()
    for variant, canonical in t.tier_b:
        if canonical in _ONE_PLACE and len(variant) == 1 and t.basis.get(f"{variant}/{canonical}") in (
                "group", "component"):
            table[ord(variant)] = canonical
    return table


def fold_variants(text: str) -> str:
    """Map every Tier-A variant character to its canonical representative (for place names).

    Only characters are mapped; everything else is left as it is.  Call it on
    NFKC text (the canonical forms are NFKC-stable).  Place names also fold the
    other 字体 of 竜 (瀧 → 滝, 籠 → 篭), which names keep apart (Tier B).

    >>> fold_variants("長野県北佐久郡輕井澤町"), fold_variants("鳴瀧")
    ('長野県北佐久郡軽井沢町', '鳴滝')
    """
    if len(text) > _LONG_TEXT and _ASTRAL.search(text) is None:
        return _place_runs().sub(_fold_run, text)
    return text.translate(_place_table())


# A long text (the whole address table, folded once when it is loaded) holds few variant
# characters: there a search for them beats str.translate's dict lookup per character
# (startup: d1 4.03 G -> 3.72 G Ir).  The search is of the table's BMP characters only: sre
# tests a class of BMP characters in one step but a class with others one by one.
_LONG_TEXT = 4096
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@load_once
def _place_runs() -> re.Pattern[str]:
    """Runs of the BMP characters :func:`_place_table` changes."""
    codes = sorted(c for c in _place_table() if c < 0x10000)
    ranges: list[str] = []
    start = prev = codes[0]
    for c in [*codes[1:], -1]:
        if c != prev + 1:
            ranges.append(re.escape(chr(start)) if start == prev else f"{re.escape(chr(start))}-{re.escape(chr(prev))}")
            start = c
        prev = c
    return re.compile(f"[{''.join(ranges)}]+")


def _fold_run(m: re.Match[str]) -> str:
    return m.group().translate(_place_table())


# Not after white space or another 々: "山 々" is left as it is.
# A variation selector between the character and 々 belongs to the character.
_ITERATION = re.compile("([^\\s々\ufe00-\ufe0f\U000e0100-\U000e01ef])([\ufe00-\ufe0f\U000e0100-\U000e01ef]*)々")


def expand_iteration(text: str) -> str:
    """Write out the iteration marks: 佐々木 → 佐佐木, and the kana marks ゝゞヽヾ (みすゞ → みすず).

    ゝ/ヽ repeat the kana before them without its voiced mark, ゞ/ヾ with it
    (the rule of the marks: ほゞ is ほぼ, ぶゝ is ぶふ).

    >>> expand_iteration("佐々木"), expand_iteration("みすゞ"), expand_iteration("いすゞ"), expand_iteration("バヽ")
    ('佐佐木', 'みすず', 'いすず', 'バハ')
    """
    if "々" in text:
        # A run such as 奈々々 repeats the same character; loop until stable.
        while True:
            expanded = _ITERATION.sub(r"\1\2\1", text)
            if expanded == text:
                break
            text = expanded
    if _KANA_ITERATION.search(text) is None:
        return text
    out: list[str] = []
    for ch in text:
        if ch in _KANA_MARKS and out and _is_kana(out[-1]):
            base = unicodedata.normalize("NFD", out[-1])[0]
            ch = base if ch in "ゝヽ" else unicodedata.normalize("NFC", base + "\u3099")
        out.append(ch)
    return "".join(out)


_KANA_MARKS = "ゝゞヽヾ"
_KANA_ITERATION = re.compile("[ゝゞヽヾ]")


def _is_kana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u3096" or "\u30a1" <= ch <= "\u30fa"


@load_once
def _tier_b_fold() -> tuple[tuple[tuple[str, str], ...], dict[int, str]]:
    """Union the Tier-B pairs into classes: multi-character pairs and a char map."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    tier_a = _tier_a_table()

    def fold_a(text: str) -> str:
        return text.translate(tier_a)

    strings: list[tuple[str, str]] = []
    for a, b in tables().tier_b:
        a, b = fold_a(a), fold_a(b)
        if len(a) == 1 and len(b) == 1:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        else:
            strings.append((max(a, b), min(a, b)))
    char_map = {ord(c): find(c) for c in parent}
    return tuple(strings), char_map


@load_once
def confusable_chars() -> frozenset[str]:
    """Every character :func:`fold_confusables` may change or produce (for a cheap "could it fold?" check).

    >>> {"斉", "嶋", "東"} <= confusable_chars()
    True
    """
    strings, char_map = _tier_b_fold()
    chars = {chr(c) for c in char_map} | set(char_map.values())
    chars |= {c for longer, shorter in strings for c in longer + shorter}
    return frozenset(chars)


def fold_confusables(text: str) -> str:
    """Fold Tier-B confusables together.  Only for detecting a *review* case.

    >>> fold_confusables(fold_variants("齋藤")) == fold_confusables("斉藤")
    True
    """
    strings, char_map = _tier_b_fold()
    for longer, shorter in strings:
        if longer in text:
            text = text.replace(longer, shorter)
    return text.translate(char_map)


def basis(variant: str) -> str | None:
    """Which list a Tier-A entry comes from, e.g. ``basis("髙")``."""
    return tables().basis.get(variant)


def tier_b_pairs() -> tuple[tuple[str, str], ...]:
    """The Tier-B confusable pairs as listed."""
    return tables().tier_b
