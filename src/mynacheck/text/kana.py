"""Kana folds for カナ氏名, each a named step so a match can say which it used.

Lenient mode (legacy data, the default) applies, in this order:

===========  =============================================  ==================
fold         what                                           example
===========  =============================================  ==================
width        NFKC: half-width kana, full-width letters       ｼｮｳｲﾁ → ショウイチ
hiragana     hiragana → katakana                             しょういち → ショウイチ
dash         dash-like characters after kana → ー            サト- → サトー
vu           ヴ → バ行 (before small kana are enlarged)       ヴァイオリン → バイオリン
small_kana   small → large kana (lenient only)               ショウ → シヨウ
old_kana     ヂヅヲヰヱ → ジズオイエ                             ミヅホ → ミズホ
long_vowel   ー → the preceding kana's vowel                 ユーキ → ユウキ
ou           オ段 + ウ → オ段 + オ                               オウノ → オオノ
===========  =============================================  ==================

Strict mode (the official 振り仮名 recorded since 2025-05-26) applies only the
notation folds *width*, *hiragana* and *dash*: there small kana, ヴ, ヂ/ジ and
long vowels are part of the reading.

Two things are never folded: vowel length is never deleted (オノ ≠ オオノ,
ユキ ≠ ユウキ) and dakuten are never removed (ハマダ ≠ ハマタ).

>>> normalize_kana("ｷｮｳｺ")
'キヨオコ'
>>> normalize_kana("きょうこ", strict=True)
'キョウコ'
>>> normalize_kana("オーノ") == normalize_kana("オウノ") == normalize_kana("おおの")
True
>>> normalize_kana("オノ") == normalize_kana("オオノ")
False
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

from ..errors import InvalidType
from ..memo import memo, memo_per_mode
from .folds import Fold, compile_round, fold_white_space
from .unicode import strip_variation_selectors

__all__ = [
    "FOLDS",
    "Fold",
    "LENIENT",
    "STRICT",
    "fold_width",
    "fold_name",
    "normalize_kana",
    "fold_stages",
    "to_katakana",
    "is_kana_text",
    "is_width_folded_kana",
    "FoldKeys",
    "fold_keys",
    "two_tokens",
    "strip_dakuten",
    "strip_length",
]

# --- tables -----------------------------------------------------------------

#: ぁ..ゖ → ァ..ヶ and ゝゞ → ヽヾ (same offset in both blocks).
_HIRA_TO_KATA = {cp: cp + 0x60 for cp in range(0x3041, 0x3097)}
_HIRA_TO_KATA.update({0x309D: 0x30FD, 0x309E: 0x30FE})

_SMALL = "ァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
_LARGE = "アイウエオツヤユヨワカケクシストヌハヒフヘホムラリルレロ"


def _hira(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


# The tables also cover hiragana: a fold must work whether or not the
# hiragana fold ran first (that is how a match finds which folds it needed).
_SMALL_TABLE = str.maketrans(_SMALL + _hira(_SMALL[:12]), _LARGE + _hira(_LARGE[:12]))
_OLD_TABLE = str.maketrans("ヂヅヲヰヱぢづをゐゑ", "ジズオイエじずおいえ")

_VOWEL_ROWS = {
    "ア": "アカガサザタダナハバパマヤラワァャヮヵヷ",
    "イ": "イキギシジチヂニヒビピミリヰィヸ",
    "ウ": "ウクグスズツヅヌフブプムユルゥュッヴ",
    "エ": "エケゲセゼテデネヘベペメレヱェヶヹ",
    "オ": "オコゴソゾトドノホボポモヨロヲォョヺ",
}
# Small-katakana extension letters carry the vowel of their large letter.
_VOWEL: dict[str, str] = {}
for _v, _row in _VOWEL_ROWS.items():
    for _ch in _row:
        _VOWEL[_ch] = _v
for _s, _l in zip(_SMALL, _LARGE, strict=True):
    _VOWEL.setdefault(_s, _VOWEL.get(_l, ""))
for _ch, _v in list(_VOWEL.items()):
    if _hira(_ch) != _ch:
        _VOWEL[_hira(_ch)] = _hira(_v)

_DASHES = "-‐‑‒–—―−─━~〜～ｰ"
_DASH_RE = re.compile(f"(?<=[\u30a1-\u30fa\u30fc\u3099\u309a])[{re.escape(_DASHES)}]+")
_VU = {"ヴァ": "バ", "ヴィ": "ビ", "ヴゥ": "ブ", "ヴェ": "ベ", "ヴォ": "ボ", "ヴ": "ブ",
       "ヷ": "バ", "ヸ": "ビ", "ヹ": "ベ", "ヺ": "ボ",
       "ゔぁ": "ば", "ゔぃ": "び", "ゔぅ": "ぶ", "ゔぇ": "べ", "ゔぉ": "ぼ", "ゔ": "ぶ"}
_VU_RE = re.compile("ヴ[ァィゥェォ]?|[ヷヸヹヺ]|ゔ[ぁぃぅぇぉ]?")
_LONG_RE = re.compile("([\u3041-\u3096\u30a1-\u30fa])(ー+)")
_OU_RE = re.compile(f"(?<=[{_VOWEL_ROWS['オ']}])ウ")
_OU_HIRA_RE = re.compile(f"(?<=[{_hira(_VOWEL_ROWS['オ'])}])う")
#: Middle dots and equals signs separate the parts of foreign names (ジョン・スミス).
_SEPARATORS = str.maketrans({"・": " ", "=": " ", "゠": " ", "·": " "})

_KANA_TEXT_RE = re.compile(f"[\u3041-\u3096\u309d\u309e\u30a1-\u30ff\u31f0-\u31ff {re.escape(_DASHES)}]+")

# --- the folds ---------------------------------------------------------------


_VS_RE = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")


def _width_prepare(text: str) -> str:
    if _VS_RE.search(text) is not None:
        text = strip_variation_selectors(text)
    if not unicodedata.is_normalized("NFKC", text):  # the check is much cheaper than NFKC
        text = unicodedata.normalize("NFKC", text)
    return text


def _any_of(table: dict[int, int] | dict[int, str]) -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(chr(c) for c in table)) + "]")


def _by_code_point(table: dict[int, int] | dict[int, str]) -> list[int | str]:
    """A translate table of kana as a list by code point through the katakana block, most entries the character itself.

    str.translate raises and clears a KeyError for each character a dict table lacks, several
    times the cost of the lookup; a character past the list is left as it is, as by the dict.
    """
    out: list[int | str] = list(range(0x3100))  # made in C: a startup cost every process pays
    for code, to in table.items():
        out[code] = to
    return out


_NEEDS_HIRA = _any_of(_HIRA_TO_KATA)
_HIRA_TO_KATA_LIST = _by_code_point(_HIRA_TO_KATA)


def to_katakana(text: str) -> str:
    """Hiragana → katakana; nothing else.

    >>> to_katakana("さとう ゆゞ")
    'サトウ ユヾ'
    """
    if _NEEDS_HIRA.search(text) is None:  # a regex scan that finds nothing is cheaper than translate
        return text
    return text.translate(_HIRA_TO_KATA_LIST)


def _dash_sub(m: re.Match[str]) -> str:
    return "ー" * len(m.group(0))


def _dash(text: str) -> str:
    return _DASH_RE.sub(_dash_sub, text)


def _vu_sub(m: re.Match[str]) -> str:
    return _VU[m.group(0)]


def _vu(text: str) -> str:
    return _VU_RE.sub(_vu_sub, text)


def _recompose(text: str) -> str:
    """After small kana are enlarged: a dangling voiced mark may compose now.

    ッ゙ has no precomposed form but ヅ has, and ゥ゙ becomes ヴ (then バ行).
    """
    if "\u3099" in text or "\u309a" in text:
        text = _VU_RE.sub(_vu_sub, unicodedata.normalize("NFC", text)).translate(_SMALL_TABLE)
    return text


def _long_sub(m: re.Match[str]) -> str:
    vowel = _VOWEL.get(m.group(1))
    if not vowel:
        return m.group(0)  # after ン, ー keeps its own meaning
    return m.group(1) + vowel * len(m.group(2))


def _long(text: str) -> str:
    return _LONG_RE.sub(_long_sub, text)


def _ou(text: str) -> str:
    # Repeat: in a run such as オウウ each replacement makes the next one possible.
    if "ウ" in text:
        text = _OU_RE.sub("オ", text)
        while "ウ" in text and _OU_RE.search(text):
            text = _OU_RE.sub("オ", text)
    if "う" in text:
        text = _OU_HIRA_RE.sub("お", text)
        while "う" in text and _OU_HIRA_RE.search(text):
            text = _OU_HIRA_RE.sub("お", text)
    return text


_MARKS_CHARS = "\u3099\u309a"

#: Every fold, in application order; the one place a fold is defined.  ``strict``
#: folds are notation folds and apply to official readings too.  A fold's reason
#: code is ``KANA_FOLD_`` + its name in upper case (in the catalog).
FOLDS: tuple[Fold, ...] = (
    Fold("width", table=_SEPARATORS, before=_width_prepare, after=fold_white_space, trigger="", strict=True),
    Fold("hiragana", table=_HIRA_TO_KATA, strict=True),
    Fold("dash", after=_dash, trigger=_DASHES, strict=True),
    Fold("vu", after=_vu, trigger="ヴヷヸヹヺゔ"),
    Fold("small_kana", table=_SMALL_TABLE, after=_recompose,
         trigger="".join(chr(c) for c in _SMALL_TABLE) + _MARKS_CHARS),
    Fold("old_kana", table=_OLD_TABLE),
    Fold("long_vowel", after=_long, trigger="ー"),
    Fold("ou", after=_ou, trigger="ウう"),
)
#: The folds of each mode, by name.
LENIENT: tuple[str, ...] = tuple(f.name for f in FOLDS)
STRICT: tuple[str, ...] = tuple(f.name for f in FOLDS if f.strict)


#: The width fold alone (``FOLDS[0]``): NFKC, separators to spaces, white space folded.
fold_width: Callable[[str], str] = compile_round(FOLDS[:1])


def fold_stages(text: str, strict: bool = False, skip: str | None = None) -> tuple[str, ...]:
    """The text after each fold of the mode, in order (``skip`` leaves one out).

    >>> fold_stages("ｵｰﾉ")[-1]
    'オオノ'
    """
    return _fold_stages(text, STRICT if strict else LENIENT, skip)[0]


def _fold_stages(text: str, mode: tuple[str, ...], skip: str | None) -> tuple[tuple[str, ...], bool]:
    """:func:`fold_stages`, and whether the folds needed extra rounds."""
    out = []
    for fold in FOLDS:
        if fold.name in mode and fold.name != skip:
            text = fold.apply(text)
        out.append(text)
    if _MARKS.search(text) is None:
        return tuple(out), False
    # A dangling voiced mark (ゥ゙, ー゙) may compose only after a fold:
    # run the folds again until nothing changes, so the result is stable.
    for _ in range(_MAX_ROUNDS):
        again = _one_round(text, mode, skip)
        if again == text:
            break
        text = again
    out[-1] = text
    return tuple(out), True


_MARKS = re.compile("[\u3099\u309a]")
_MAX_ROUNDS = 4


class FoldKeys(NamedTuple):
    """A kana text folded, and folded with each fold left out, as comparison keys (spaces removed)."""

    #: ``fold_stages(text, strict)[-1]`` without spaces
    full: str
    #: ``fold_stages(text, strict, skip=fold)[-1]`` without spaces, for the folds that changed
    #: the text; leaving out any other fold gives ``full``
    skipped: dict[str, str]

    def without(self, fold: str) -> str:
        return self.skipped.get(fold, self.full)


def fold_keys(text: str, strict: bool = False) -> FoldKeys:
    """The keys :mod:`mynacheck.fields.kana` compares to find which folds two names needed.

    >>> fold_keys("ｵｰﾉ").without("width"), fold_keys("ｵｰﾉ").without("hiragana")
    ('ｵｰﾉ', 'オオノ')
    >>> fold_keys("ｻﾄｳ　ﾀﾛｳ").without("width")
    'ｻﾄｳ　ﾀﾛｳ'
    """
    halves = two_tokens(text)
    if halves is not None:
        first, sep, second = halves
        a, b = _token_keys(first, strict), _token_keys(second, strict)
        if a is not None and b is not None:
            skipped = {name: a.without(name) + b.without(name) for name in a.skipped.keys() | b.skipped.keys()}
            if sep != " ":  # without the width fold U+3000 stays, and a key keeps it
                skipped["width"] = a.without("width") + sep + b.without("width")
            return FoldKeys(a.full + b.full, skipped)
    return _fold_keys(text, STRICT if strict else LENIENT)[0]


def two_tokens(text: str) -> tuple[str, str, str] | None:
    """``(surname, separator, given)`` for ``surname<space or U+3000>given`` with nothing around it."""
    pieces = text.split()
    if len(pieces) != 2:
        return None
    first, second = pieces
    sep = text[len(first):len(first) + 1]
    if len(text) != len(first) + 1 + len(second) or sep not in (" ", "\u3000"):
        return None
    return first, sep, second


# Cached by token: kana full names are mostly unique, surnames and given names repeat.
@memo(maxsize=16384)
def _token_keys(token: str, strict: bool) -> FoldKeys | None:
    """fold_keys of one token, or None when the token may fold differently inside the name.

    Every fold after the width fold works within a run of kana, and a space
    ends every run and every combining sequence, so a two-token name folds as
    its tokens do, joined by one space, unless a voiced mark is left over
    somewhere (extra rounds run on the whole name) or the width fold empties
    the token.
    """
    keys, plain, width = _fold_keys(token, STRICT if strict else LENIENT)
    if not plain or not width:
        return None
    return keys


def _fold_keys(text: str, mode: tuple[str, ...]) -> tuple[FoldKeys, bool, str]:
    """fold_keys; whether no run (the full one or one without a fold) left a voiced mark; the width fold's text."""
    stages, rounds = _fold_stages(text, mode, None)
    plain = not rounds
    full = stages[-1].replace(" ", "")
    skipped: dict[str, str] = {}
    prev = text
    for i, (fold, stage) in enumerate(zip(FOLDS, stages, strict=True)):
        name = fold.name
        if name in mode and (rounds or stage != prev):
            # Leaving out a fold that changed nothing would run the same folds on the same
            # text; for the others, the folds before ran on the same text: go on from there.
            rest = prev
            for later in FOLDS[i + 1:]:
                if later.name in mode:
                    rest = later.apply(rest)
            if _MARKS.search(rest) is not None:  # extra rounds, without this fold
                rest = _fold_stages(text, mode, name)[0][-1]
                plain = False
            skipped[name] = rest.replace(" ", "")
        prev = stage
    return FoldKeys(full, skipped), plain, stages[0]


def _one_round(text: str, mode: tuple[str, ...], skip: str | None) -> str:
    for fold in FOLDS:
        if fold.name in mode and fold.name != skip:
            text = fold.apply(text)
    return text


# --- the fast path: generated from FOLDS -------------------------------------------
#
# normalize_kana gives fold_stages(text)[-1], faster: one round of the mode's
# folds is compiled from FOLDS (mynacheck.text.folds.compile_round: folds skip
# texts they cannot act on, tables compose), a two-token name is folded token
# by token (cached: surnames and given names repeat), and a whole name is
# folded again while a dangling voiced mark is left.  tests/test_kana.py
# checks normalize_kana against fold_stages on generated text.

_ROUND: dict[bool, Callable[[str], str]] = {
    False: compile_round(FOLDS),
    True: compile_round(f for f in FOLDS if f.strict),
}


def _whole(text: str, strict: bool) -> str:
    """The mode's round over the whole text, repeated while a dangling voiced mark is left."""
    fold_round = _ROUND[strict]
    text = fold_round(text)
    if _MARKS.search(text) is not None:
        for _ in range(_MAX_ROUNDS):
            again = fold_round(text)
            if again == text:
                break
            text = again
    return text


# Cached by token, one memo per mode: kana full names are mostly unique,
# surnames and given names repeat.
@memo_per_mode(maxsize=16384)
def _token_round(token: str, strict: bool) -> str | None:
    """One round of folds on a token; None when the width fold empties it or a voiced mark
    is left (extra rounds run on the whole name): see :func:`_token_keys`."""
    out = _ROUND[strict](token)
    if not out or _MARKS.search(out) is not None:
        return None
    return out


def fold_name(text: str, strict: bool = False) -> str:
    """:func:`normalize_kana` without its whole-name cache, for a caller that keeps its own.

    >>> fold_name("ｼｮｳｲﾁ") == normalize_kana("ｼｮｳｲﾁ")
    True
    """
    if not isinstance(text, str):
        raise InvalidType(f"a kana name is text, not {type(text).__name__}")
    halves = two_tokens(text)
    if halves is not None:
        by_token = _token_round[strict]
        a, b = by_token(halves[0]), by_token(halves[2])
        if a is not None and b is not None:
            return a + " " + b
    return _whole(text, strict)


#: What normalize_kana's memo runs: fold_name itself (a caller's own memo of fold_name,
#: the kana comparator's keys, then runs no wrapper on a miss).
_normalized = fold_name


# Cached, one memo per mode (the mode is part of the key by construction).
_NORMALIZED = memo_per_mode(maxsize=65536)(_normalized)
_normalize_lenient = _NORMALIZED[False]
_normalize_strict = _NORMALIZED[True]


def normalize_kana(text: str, strict: bool = False) -> str:
    """Fold a kana name for comparison (lenient by default; see the module doc).

    Separators (spaces, ・, ＝) become one ASCII space; compare with the
    spaces removed when only one side separates surname and given name.

    >>> normalize_kana("ヤマダ\u3000タロー")
    'ヤマダ タロオ'
    >>> normalize_kana("ヴィクトル・ヂョン")
    'ビクトル ジヨン'
    """
    try:
        return _normalize_strict(text) if strict else _normalize_lenient(text)
    except TypeError as err:  # an unhashable value: the memo refused it before the check could
        if isinstance(err, InvalidType):
            raise
        raise InvalidType(f"a kana name is text, not {type(text).__name__}") from None


def is_kana_text(text: str) -> bool:
    """True if ``text`` (after width folding) is only kana, ー and spaces.

    >>> is_kana_text("ﾔﾏﾀﾞ ﾀﾛｳ"), is_kana_text("山田")
    (True, False)
    """
    return is_width_folded_kana(fold_width(text))


def is_width_folded_kana(text: str) -> bool:
    """:func:`is_kana_text` for a text the width fold (:func:`fold_width`) has already run on."""
    return _KANA_TEXT_RE.fullmatch(text) is not None


_DAKUTEN_STRIP = {}
for _ch in "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴ":
    _base = unicodedata.normalize("NFD", _ch)[0]
    _DAKUTEN_STRIP[ord(_ch)] = _base
_DAKUTEN_STRIP_LIST = _by_code_point(_DAKUTEN_STRIP)


def strip_dakuten(text: str) -> str:
    """Remove dakuten and handakuten (for *explaining* a difference, never for matching).

    >>> strip_dakuten("ハマダ") == strip_dakuten("ハマタ")
    True
    """
    return text.translate(_DAKUTEN_STRIP_LIST)


def strip_length(text: str) -> str:
    """Collapse doubled vowels (for *explaining* a difference, never for matching).

    >>> strip_length("オオノ") == strip_length("オノ")
    True
    """
    out: list[str] = []
    for ch in text:
        if out and ch in "アイウエオ" and _VOWEL.get(out[-1]) == ch:
            continue
        out.append(ch)
    return "".join(out)
