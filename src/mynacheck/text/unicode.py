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
guessed: :func:`has_gaiji`.  So are the other placeholders systems write for
such a character (？, ■, □, ●, ＊ …): :func:`placeholder_positions`.

Transport debris (:func:`fold_debris`) is one policy for every field: control
characters, zero-width and bidi marks, the BOM, soft hyphens.  None is part of a
name, a date or an address, and none shows on screen; CSV exports, copy and
paste and fixed-width files leave them behind.  Line breaks, tabs and the other
control characters Python counts as white space become a space (they separate
words, as a space would); the rest are deleted.  A comparison that needed the
fold says so (``RECORD_INVISIBLE_FOLDED``).

>>> clean("川﨑\u3000太郎")
'川崎 太郎'
>>> clean("葛\U000e0100飾")
'葛飾'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "DEBRIS",
    "PLACEHOLDERS",
    "clean",
    "fold_debris",
    "has_debris",
    "find_debris",
    "placeholder_positions",
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


#: Control characters that separate words (white space to Python): each becomes a space.
_DEBRIS_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\u2028\u2029"
#: Invisible characters deleted (inclusive ranges): C0/C1 controls, soft hyphen, Arabic
#: letter mark, Mongolian vowel separator, zero-width space and joiners, LRM/RLM, bidi
#: embeddings and overrides, word joiner and invisible operators, isolates and deprecated
#: format characters, the BOM (zero-width no-break space), interlinear annotation marks.
#: Variation selectors are not debris: they choose a glyph (IVS) and are folded as such.
#: Every one is non-printable to Python, which lets callers skip the search with
#: ``str.isprintable()`` (a test checks it).
_DEBRIS_DELETE: tuple[tuple[int, int], ...] = (
    (0x00, 0x08), (0x0E, 0x1B), (0x7F, 0x84), (0x86, 0x9F), (0xAD, 0xAD), (0x061C, 0x061C),
    (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
    (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB),
)
_DEBRIS_TABLE: dict[int, str | None] = {ord(c): " " for c in _DEBRIS_SPACES}
_DEBRIS_TABLE.update({cp: None for lo, hi in _DEBRIS_DELETE for cp in range(lo, hi + 1)})
_DEBRIS_RE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_DEBRIS_TABLE)) + "]")
#: Every debris character (for tests and documentation).
DEBRIS = frozenset(chr(c) for c in _DEBRIS_TABLE)


def has_debris(text: str) -> bool:
    r"""True if ``text`` holds transport debris (:func:`fold_debris` would change it).

    >>> has_debris("山田\u200b太郎"), has_debris("\ufeff1970-03-12"), has_debris("山田\u3000太郎")
    (True, True, False)
    """
    return _DEBRIS_RE.search(text) is not None


#: The first debris character's match in a text, or None: :func:`has_debris` without a
#: Python frame (the compiled pattern's own search), for a hot path that asks it of
#: most texts (U+3000 makes a text non-printable, so ``isprintable()`` clears few of them).
find_debris = _DEBRIS_RE.search


def fold_debris(text: str) -> str:
    r"""Transport debris out: white-space controls become a space, the rest is deleted.

    The same object comes back when there is none (callers test ``is``).

    >>> fold_debris("\ufeff山田\u200b太郎\r\n"), fold_debris("1970-03-12\t")
    ('山田太郎  ', '1970-03-12 ')
    """
    if _DEBRIS_RE.search(text) is None:
        return text
    return text.translate(_DEBRIS_TABLE)


#: Characters systems write for a character they could not hold, besides 〓 and U+FFFD
#: (:func:`has_gaiji`): question marks, squares, circles, diamonds, asterisks.  In a name
#: they are never a character of the name (none is in the 戸籍 character set).  〇 is
#: not listed: it is a numeral and a character of some names (see fields.name).
PLACEHOLDERS = frozenset("?？■□●○◯◆◇＊*※")
_PLACEHOLDER_RE = re.compile("[" + re.escape("".join(sorted(PLACEHOLDERS))) + "]")


def placeholder_positions(text: str) -> tuple[int, ...]:
    r"""Where ``text`` holds a placeholder character (see :data:`PLACEHOLDERS`).

    >>> placeholder_positions("山■ 太郎"), placeholder_positions("山田 太郎")
    ((1,), ())
    """
    if _PLACEHOLDER_RE.search(text) is None:
        return ()
    return tuple(m.start() for m in _PLACEHOLDER_RE.finditer(text))


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
