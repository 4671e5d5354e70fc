"""Unicode cleanup shared by every text field.

The order matters and is fixed:

1. strip variation selectors (U+FE00..FE0F) and ideographic variation
   sequences (U+E0100..E01EF): 葛󠄀 and 葛 are the same register character
   for comparison;
2. apply NFKC (full-width ASCII, half-width kana, U+3000 and NBSP become
   their plain forms);
3. fold the compatibility-block ideographs that NFKC leaves alone
   (﨑 U+FA11 → 崎, 﨔 U+FA14 → 欅);
4. fold runs of white space (U+3000, NBSP, tabs ...) to one ASCII space.

Private Use Area characters (vendor 外字) and the geta mark 〓 that legacy
systems print for a character they cannot hold are *detected*, never
guessed: :func:`has_gaiji`.

>>> clean("川﨑\u3000太郎")
'川崎 太郎'
>>> clean("葛\U000e0100飾")
'葛飾'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "clean",
    "fold_space",
    "has_private_use",
    "has_gaiji",
    "strip_variation_selectors",
    "fold_compat_ideographs",
    "COMPAT_IDEOGRAPHS",
]

#: Unified ideographs in the compatibility block (NFKC leaves them alone)
#: that have a clear everyday counterpart.
COMPAT_IDEOGRAPHS: dict[str, str] = {"\ufa11": "崎", "\ufa14": "欅"}

_VS_DELETE: dict[int, None] = {cp: None for cp in range(0xFE00, 0xFE10)}
_VS_DELETE.update({cp: None for cp in range(0xE0100, 0xE01F0)})
_VS_RE = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_COMPAT_TABLE: dict[int, str] = {ord(k): v for k, v in COMPAT_IDEOGRAPHS.items()}
_SPACES = re.compile(r"\s+")
_PUA_RE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
#: 〓 (geta mark) and U+FFFD stand for a character the system could not hold.
_GAIJI_RE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd\u3013\ufffd]")


def strip_variation_selectors(text: str) -> str:
    """Remove variation selectors and IVS selectors.

    >>> strip_variation_selectors("辻\U000e0101")
    '辻'
    """
    if _VS_RE.search(text) is None:
        return text
    return text.translate(_VS_DELETE)


def fold_compat_ideographs(text: str) -> str:
    """Fold compatibility ideographs that NFKC does not fold (﨑 → 崎)."""
    return text.translate(_COMPAT_TABLE)


def clean(text: str) -> str:
    """Strip variation selectors, apply NFKC, fold 﨑-type ideographs and white space."""
    text = strip_variation_selectors(text)
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_COMPAT_TABLE)
    return fold_space(text)


def fold_space(text: str) -> str:
    """Fold every run of white space (U+3000, NBSP, tabs ...) to one space and strip.

    >>> fold_space(" 山田\u3000\u00a0太郎 ")
    '山田 太郎'
    """
    return _SPACES.sub(" ", text).strip()


def has_private_use(text: str) -> bool:
    """True if ``text`` holds a Private Use Area character (vendor 外字)."""
    return _PUA_RE.search(text) is not None


def has_gaiji(text: str) -> bool:
    """True if ``text`` holds a character that cannot be compared.

    That is a Private Use Area character (vendor 外字), the geta mark 〓 or
    U+FFFD, which legacy systems write for a character they cannot hold.

    >>> has_gaiji("山田\ue000郎"), has_gaiji("山田〓郎"), has_gaiji("山田太郎")
    (True, True, False)
    """
    return _GAIJI_RE.search(text) is not None
