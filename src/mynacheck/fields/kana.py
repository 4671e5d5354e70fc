"""カナ氏名: kana folds in two modes, every fold that made two names equal reported.

Levels, walked in order:

1. ``EXACT``: the same text;
2. ``EQUIVALENT``: the same after the mode's folds (see :mod:`mynacheck.text.kana`);
   each fold that was needed is a reason (``KANA_FOLD_SMALL_KANA`` ...);
3. ``UNCERTAIN``: 外字, or (strict mode) equal only through a lenient fold;
4. ``NEAR``: one edit apart on the folded kana (``KANA_ONE_EDIT``, plus
   ``KANA_DAKUTEN`` / ``KANA_VOWEL_LENGTH`` when that is the whole difference);
5. ``DIFFERENT``.

Jaro-Winkler similarity on the folded kana is kept in ``Finding.score`` to
rank the review queue; it never decides a level.

>>> COMPARATOR.compare("ｼｮｳｲﾁ", "しよういち").reasons
('KANA_FOLD_WIDTH', 'KANA_FOLD_HIRAGANA', 'KANA_FOLD_SMALL_KANA')
>>> KanaField(strict=True).compare("キョウコ", "キヨウコ").level
<Level.UNCERTAIN: 'uncertain'>
>>> COMPARATOR.compare("ハマダ", "ハマタ").reasons
('KANA_ONE_EDIT', 'KANA_DAKUTEN')
"""

from __future__ import annotations

import re

import attrs
import jellyfish

from ..memo import memo
from ..text import kana as k
from ..text.unicode import has_gaiji
from ..verdicts import Finding, Level, Verdict
from .base import MAX_FIELD_LENGTH, is_blank

__all__ = ["COMPARATOR", "STRICT", "KanaField", "normalize_kana", "kana_key"]

normalize_kana = k.normalize_kana

_FOLD_REASON = {
    "width": "KANA_FOLD_WIDTH",
    "hiragana": "KANA_FOLD_HIRAGANA",
    "dash": "KANA_FOLD_DASH",
    "vu": "KANA_FOLD_VU",
    "small_kana": "KANA_FOLD_SMALL_KANA",
    "old_kana": "KANA_FOLD_OLD_KANA",
    "long_vowel": "KANA_FOLD_LONG_VOWEL",
    "ou": "KANA_FOLD_OU",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def kana_key(text: str, strict: bool = False) -> str:
    """The comparison key: the folded kana without separators.

    >>> kana_key("ヤマダ タロウ") == kana_key("やまだたろう")
    True
    """
    return k.normalize_kana(text, strict).replace(" ", "")


def _show(value: object) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:80] + "…"


@memo(maxsize=4096)
def _fold_reasons(a: str, b: str, strict: bool) -> tuple[str, ...]:
    """Which folds were needed to make ``a`` and ``b`` equal.

    A fold is needed when leaving it out (all others applied) breaks the
    equality.  When no single fold is needed (two folds could each do the
    job) the folds that changed one side but not the other are reported.
    """
    mode = k.STRICT if strict else k.LENIENT
    # Each side's fold results are computed once (by token), not once per fold left out.
    keys_a, keys_b = k.fold_keys(a, strict), k.fold_keys(b, strict)
    needed = [name for name in mode if keys_a.without(name) != keys_b.without(name)]
    if not needed:
        stages_a, stages_b = k.fold_stages(a, strict), k.fold_stages(b, strict)
        prev_a, prev_b = a, b
        for (name, _), sa, sb in zip(k.FOLDS, stages_a, stages_b, strict=True):
            if name in mode and (sa != prev_a) != (sb != prev_b) and prev_a != prev_b:
                needed.append(name)
            prev_a, prev_b = sa, sb
    if not needed:
        return ("KANA_NOTATION_FOLD",)
    return tuple(_FOLD_REASON[n] for n in needed)


def _near_reasons(ka: str, kb: str) -> tuple[str, ...]:
    # Dakuten never change the length; a vowel length difference always does.
    if len(ka) == len(kb):
        return ("KANA_DAKUTEN",) if k.strip_dakuten(ka) == k.strip_dakuten(kb) else ()
    return ("KANA_VOWEL_LENGTH",) if k.strip_length(ka) == k.strip_length(kb) else ()


@attrs.frozen(slots=True)
class KanaField:
    """The カナ氏名 comparator; ``strict=True`` compares official readings (振り仮名).

    >>> KanaField().compare("オノ", "オオノ").reasons
    ('KANA_ONE_EDIT', 'KANA_VOWEL_LENGTH')
    """

    strict: bool = False
    name: str = "kana"
    #: The finding depends on the two texts alone, and names repeat: a rule
    #: keeps this many pairs (see :func:`~mynacheck.rules.engine.field_rule`).
    cache_pairs: int = attrs.field(default=32768, repr=False)

    def compare(self, left: object, right: object) -> Finding:
        if type(left) is str and type(right) is str and left == right and left.strip() and len(left) <= MAX_FIELD_LENGTH:
            # The same text on both sides (most pairs): EXACT unless it is not kana or holds 外字.
            parsed = _parse(left)
            if parsed is not None and not parsed[1]:
                return Finding(self.name, Level.EXACT, (), left=parsed[0], right=parsed[0], verdict=Verdict.MATCH)
        blank_l, blank_r = is_blank(left), is_blank(right)
        if blank_l and blank_r:
            return Finding(self.name, Level.ABSENT, ("KANA_ABSENT",))
        if blank_l or blank_r:
            return Finding(self.name, Level.MISSING, ("KANA_MISSING",),
                           left=None if blank_l else _show(left), right=None if blank_r else _show(right))
        a, b = str(left), str(right)
        if len(a) > MAX_FIELD_LENGTH or len(b) > MAX_FIELD_LENGTH:
            return Finding(self.name, Level.UNCERTAIN, ("RECORD_FIELD_TOO_LONG",), left=_show(a), right=_show(b))
        pa = _parse(a)
        pb = pa if b == a else _parse(b)  # the same text on both sides is parsed once
        if pa is None or pb is None:
            return Finding(self.name, Level.INVALID, ("KANA_INVALID_CHARACTERS",), left=_show(a), right=_show(b))
        shown_l, shown_r = pa[0], pb[0]
        if pa[1] or pb[1]:
            return Finding(self.name, Level.UNCERTAIN, ("KANA_GAIJI",), left=shown_l, right=shown_r)
        if a.strip() == b.strip():
            return Finding(self.name, Level.EXACT, (), left=shown_l, right=shown_r)
        ka, kb = kana_key(a, self.strict), kana_key(b, self.strict)
        if ka == kb:
            return Finding(self.name, Level.EQUIVALENT, _fold_reasons(a, b, self.strict),
                           left=shown_l, right=shown_r)
        score = round(jellyfish.jaro_winkler_similarity(ka, kb), 4)
        if self.strict and kana_key(a) == kana_key(b):
            return Finding(self.name, Level.UNCERTAIN, ("KANA_STRICT_FOLD",),
                           left=shown_l, right=shown_r, score=score)
        if jellyfish.damerau_levenshtein_distance(ka, kb) == 1:
            return Finding(self.name, Level.NEAR, ("KANA_ONE_EDIT", *_near_reasons(ka, kb)),
                           left=shown_l, right=shown_r, score=score)
        explained = _near_reasons(ka, kb)
        if explained:
            return Finding(self.name, Level.UNCERTAIN, explained, left=shown_l, right=shown_r, score=score)
        return Finding(self.name, Level.DIFFERENT, ("KANA_DIFFERENT",), left=shown_l, right=shown_r, score=score)


@memo(maxsize=65536)
def _parse(raw: str) -> tuple[str, bool] | None:
    """``(shown, gaiji)`` for a kana value, or None when it is not kana.

    ``shown`` is what a clerk reads: full-width katakana, one space between
    the parts (the folds used are in the reasons, not in the value).
    """
    halves = k.two_tokens(raw)
    if halves is not None:
        a, b = _parse_token(halves[0]), _parse_token(halves[2])
        if a is not None and b is not None:
            # Every check works character by character and the width fold token by token.
            if a[0] or b[0]:
                return None
            gaiji = a[1] or b[1]
            if not (gaiji or (a[2] and b[2])):
                return None
            return _show(a[3] + " " + b[3]), gaiji
    return _parse_whole(raw)


# Cached by token: kana full names are mostly unique, surnames and given names repeat.
@memo(maxsize=16384)
def _parse_token(token: str) -> tuple[bool, bool, bool, str] | None:
    """``(control characters, 外字, kana only, katakana)`` of one token; None when the width fold empties it."""
    width = k.FOLDS[0][1](token)
    if not width:
        return None
    return (_CONTROL.search(token) is not None, has_gaiji(token), k.is_width_folded_kana(width),
            k.to_katakana(width))


def _parse_whole(raw: str) -> tuple[str, bool] | None:
    if _CONTROL.search(raw):
        return None
    gaiji = has_gaiji(raw)
    width = k.FOLDS[0][1](raw)  # once: is_kana_text(raw) would run the width fold again
    if not (gaiji or k.is_width_folded_kana(width)):
        return None
    return _show(k.to_katakana(width)), gaiji


#: The default comparator: lenient, for legacy data.
COMPARATOR = KanaField()
#: For official readings (振り仮名), where small kana matter.
STRICT = KanaField(strict=True)
