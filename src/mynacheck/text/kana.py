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

import functools
import re
import unicodedata
from collections.abc import Callable

from .unicode import strip_variation_selectors

__all__ = [
    "FOLDS",
    "LENIENT",
    "STRICT",
    "normalize_kana",
    "fold_stages",
    "to_katakana",
    "is_kana_text",
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
_DASH_RE = re.compile(f"(?<=[\u30a1-\u30fa\u30fc])[{re.escape(_DASHES)}]+")
_VU = {"ヴァ": "バ", "ヴィ": "ビ", "ヴゥ": "ブ", "ヴェ": "ベ", "ヴォ": "ボ", "ヴ": "ブ",
       "ヷ": "バ", "ヸ": "ビ", "ヹ": "ベ", "ヺ": "ボ",
       "ゔぁ": "ば", "ゔぃ": "び", "ゔぅ": "ぶ", "ゔぇ": "べ", "ゔぉ": "ぼ", "ゔ": "ぶ"}
_VU_RE = re.compile("ヴ[ァィゥェォ]?|[ヷヸヹヺ]|ゔ[ぁぃぅぇぉ]?")
_LONG_RE = re.compile("([\u3041-\u3096\u30a1-\u30fa])(ー+)")
_OU_RE = re.compile(f"([{_VOWEL_ROWS['オ']}])ウ")
_OU_HIRA_RE = re.compile(f"([{_hira(_VOWEL_ROWS['オ'])}])う")
#: Middle dots and equals signs separate the parts of foreign names (ジョン・スミス).
_SEPARATORS = str.maketrans({"・": " ", "=": " ", "゠": " ", "·": " "})
_SPACES = re.compile(r"\s+")

_KANA_TEXT_RE = re.compile(f"[\u3041-\u3096\u309d\u309e\u30a1-\u30ff\u31f0-\u31ff {re.escape(_DASHES)}]+")

# --- the folds ---------------------------------------------------------------


def _width(text: str) -> str:
    text = unicodedata.normalize("NFKC", strip_variation_selectors(text))
    return _SPACES.sub(" ", text.translate(_SEPARATORS)).strip()


def to_katakana(text: str) -> str:
    """Hiragana → katakana; nothing else.

    >>> to_katakana("さとう ゆゞ")
    'サトウ ユヾ'
    """
    return text.translate(_HIRA_TO_KATA)


def _dash(text: str) -> str:
    return _DASH_RE.sub(lambda m: "ー" * len(m.group(0)), text)


def _vu(text: str) -> str:
    if "ヴ" not in text and "ゔ" not in text and not any(c in text for c in "ヷヸヹヺ"):
        return text
    return _VU_RE.sub(lambda m: _VU[m.group(0)], text)


def _small(text: str) -> str:
    return text.translate(_SMALL_TABLE)


def _old(text: str) -> str:
    return text.translate(_OLD_TABLE)


def _long_sub(m: re.Match[str]) -> str:
    vowel = _VOWEL.get(m.group(1))
    if not vowel:
        return m.group(0)  # after ン, ー keeps its own meaning
    return m.group(1) + vowel * len(m.group(2))


def _long(text: str) -> str:
    if "ー" not in text:
        return text
    return _LONG_RE.sub(_long_sub, text)


def _ou(text: str) -> str:
    if "ウ" not in text and "う" not in text:
        return text
    # Repeat: in a run such as オウウ each replacement makes the next one possible.
    while True:
        folded = _OU_HIRA_RE.sub(r"\1お", _OU_RE.sub(r"\1オ", text))
        if folded == text:
            return text
        text = folded


#: Every fold, in application order: (name, function).
FOLDS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("width", _width),
    ("hiragana", to_katakana),
    ("dash", _dash),
    ("vu", _vu),
    ("small_kana", _small),
    ("old_kana", _old),
    ("long_vowel", _long),
    ("ou", _ou),
)
#: The folds of each mode, by name.
LENIENT: tuple[str, ...] = tuple(name for name, _ in FOLDS)
STRICT: tuple[str, ...] = ("width", "hiragana", "dash")


def fold_stages(text: str, strict: bool = False, skip: str | None = None) -> tuple[str, ...]:
    """The text after each fold of the mode, in order (``skip`` leaves one out).

    >>> fold_stages("ｵｰﾉ")[-1]
    'オオノ'
    """
    mode = STRICT if strict else LENIENT
    out = []
    for name, fold in FOLDS:
        if name in mode and name != skip:
            text = fold(text)
        out.append(text)
    return tuple(out)


@functools.lru_cache(maxsize=65536)
def _normalize_lenient(text: str) -> str:
    text = _width(text).translate(_HIRA_TO_KATA)
    if not text.isascii():
        text = _ou(_long(_old(_small(_vu(_dash(text))))))
    return text


@functools.lru_cache(maxsize=65536)
def _normalize_strict(text: str) -> str:
    return _dash(_width(text).translate(_HIRA_TO_KATA))


def normalize_kana(text: str, strict: bool = False) -> str:
    """Fold a kana name for comparison (lenient by default; see the module doc).

    Separators (spaces, ・, ＝) become one ASCII space; compare with the
    spaces removed when only one side separates surname and given name.

    >>> normalize_kana("ヤマダ\u3000タロー")
    'ヤマダ タロオ'
    >>> normalize_kana("ヴィクトル・ヂョン")
    'ビクトル ジヨン'
    """
    return _normalize_strict(text) if strict else _normalize_lenient(text)


def is_kana_text(text: str) -> bool:
    """True if ``text`` (after width folding) is only kana, ー and spaces.

    >>> is_kana_text("ﾔﾏﾀﾞ ﾀﾛｳ"), is_kana_text("山田")
    (True, False)
    """
    return _KANA_TEXT_RE.fullmatch(_width(text)) is not None


_DAKUTEN_STRIP = {}
for _ch in "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴ":
    _base = unicodedata.normalize("NFD", _ch)[0]
    _DAKUTEN_STRIP[ord(_ch)] = _base


def strip_dakuten(text: str) -> str:
    """Remove dakuten and handakuten (for *explaining* a difference, never for matching).

    >>> strip_dakuten("ハマダ") == strip_dakuten("ハマタ")
    True
    """
    return text.translate(_DAKUTEN_STRIP)


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
