"""カナ氏名: kana folds in two modes, every fold that made two names equal reported.

Levels, after the shared guard (:mod:`.base`; a value that is not kana is
``INVALID``, ``KANA_INVALID_CHARACTERS``), first that holds wins:

1. ``UNCERTAIN`` (``KANA_GAIJI``): 外字 on a side;
2. ``EXACT``: the same text;
3. ``EQUIVALENT``: the same after the mode's folds (see :mod:`mynacheck.text.kana`);
   each fold that was needed is a reason (``KANA_FOLD_SMALL_KANA`` ...);
4. ``UNCERTAIN`` (``KANA_STRICT_FOLD``, strict mode only): the same only through a
   fold official readings do not allow;
5. ``UNCERTAIN`` (``KANA_PARTS_ORDER``): the same parts in another order (a
   foreign name written given name first: スミス ジョン / ジョン スミス);
6. ``NEAR``: one edit apart on the folded kana (``KANA_ONE_EDIT``, plus
   ``KANA_DAKUTEN`` / ``KANA_VOWEL_LENGTH`` when that is the whole difference);
7. ``UNCERTAIN``: more than one edit, but only dakuten or vowel length;
8. ``DIFFERENT``.

Jaro-Winkler similarity on the folded kana is kept in ``Finding.score`` to
rank the review queue; it never decides a level.

>>> COMPARATOR.compare("ｼｮｳｲﾁ", "しよういち").reasons
('KANA_FOLD_WIDTH', 'KANA_FOLD_HIRAGANA', 'KANA_FOLD_SMALL_KANA')
>>> STRICT.compare("キョウコ", "キヨウコ").level
<Level.UNCERTAIN: 'uncertain'>
>>> COMPARATOR.compare("ハマダ", "ハマタ").reasons
('KANA_ONE_EDIT', 'KANA_DAKUTEN')
"""

from __future__ import annotations

import itertools
import operator
import re
from typing import NamedTuple

import jellyfish

from ..errors import InvalidKana, InvalidType
from ..memo import memo, memo_per_mode
from ..text import kana as k
from ..text.unicode import fold_debris, has_debris, has_gaiji
from ..verdicts import Finding, Level
from .base import ComparisonLevel, LevelledField, show

__all__ = ["COMPARATOR", "LEVELS", "STRICT", "ParsedKana", "parse", "normalize", "compare", "make_comparator",
           "normalize_kana", "kana_key"]

normalize_kana = k.normalize_kana

#: Each fold's reason code: ``KANA_FOLD_`` + its name (a test checks each is in the catalog).
_FOLD_REASON = {fold.name: f"KANA_FOLD_{fold.name.upper()}" for fold in k.FOLDS}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def kana_key(text: str, strict: bool = False) -> str:
    """The comparison key: the folded kana without separators.

    >>> kana_key("ヤマダ タロウ") == kana_key("やまだたろう")
    True
    """
    return _keys[strict](text)


# Cached, one memo per mode: the levels of one pair ask for each side's key several times.
@memo_per_mode(maxsize=65536)
def _keys(text: str, strict: bool) -> str:
    return k.fold_name(text, strict).replace(" ", "")  # this memo is the cache: fold_name keeps none


class ParsedKana(NamedTuple):
    """A カナ氏名 ready for comparison.

    ``text`` is the value as written; ``shown`` is what a clerk reads
    (full-width katakana, one space between the parts: the folds used are in
    the reasons, not in the value); ``gaiji`` says it holds a character that
    cannot be compared (外字).
    """

    text: str
    shown: str
    gaiji: bool


#: A kana value as the comparator holds it: (text as written, shown, 外字).  A plain
#: tuple of strings and a bool, which the garbage collector stops tracking: the
#: parse cache holds one per distinct kana text.
_Kana = tuple[str, str, bool]


def parse(value: object) -> ParsedKana:
    """The field verb: a kana value parsed; :class:`~mynacheck.errors.InvalidKana` when it is not kana.

    >>> parse("ｷｮｳｺ").shown
    'キョウコ'
    """
    if not isinstance(value, str):
        raise InvalidType(f"a kana name is text, not {type(value).__name__}")
    return ParsedKana(*_parse[None](value))


def normalize(value: object, strict: bool = False) -> str:
    """The field verb: :func:`~mynacheck.text.kana.normalize_kana`."""
    return k.normalize_kana(value, strict)  # type: ignore[arg-type]


# Cached: the same kana name is parsed for each comparison it is in (an invalid one
# raises and is not kept).  The comparator looks it up by its mode (None: kana has none).
@memo_per_mode(maxsize=65536)
def _parse(raw: object, mode: object) -> _Kana:
    text = raw if type(raw) is str else str(raw)
    if not text.isprintable() and has_debris(text):
        text = fold_debris(text)  # transport debris is no part of a kana name (the comparator folds it first)
    parsed = _parsed(text)
    if parsed is None:
        raise InvalidKana("not a kana name")
    return parsed


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
        for fold, sa, sb in zip(k.FOLDS, stages_a, stages_b, strict=True):
            name = fold.name
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


# --- the levels ------------------------------------------------------------------


def _gaiji(a: _Kana, b: _Kana) -> tuple[str, ...] | None:
    return ("KANA_GAIJI",) if a[2] or b[2] else None


def _exact(a: _Kana, b: _Kana) -> tuple[str, ...] | None:
    return () if a is b or a[0].strip() == b[0].strip() else None


def _levels(strict: bool) -> tuple[ComparisonLevel[_Kana], ...]:
    """The kana levels of one mode, in the order they are tried."""
    # The memos are looked up by the mode at each call, not held: a rule's check travels
    # to Spark executors by value, and a memo travels as an empty one (PerMode.__reduce__).

    def folds(a: _Kana, b: _Kana) -> tuple[str, ...] | None:
        key = _keys[strict]
        return _fold_reasons(a[0], b[0], strict) if key(a[0]) == key(b[0]) else None

    def lenient_folds(a: _Kana, b: _Kana) -> tuple[str, ...] | None:
        # Strict mode only: equal through a fold that official readings do not allow.
        key = _keys[False]
        return ("KANA_STRICT_FOLD",) if key(a[0]) == key(b[0]) else None

    def parts_order(a: _Kana, b: _Kana) -> tuple[str, ...] | None:
        # The parts in another order (foreign names are often written given name first).
        # Reordered parts keep the key's characters: most pairs are turned away by that.
        key = _keys[strict]
        ka, kb = key(a[0]), key(b[0])
        if len(ka) != len(kb) or sorted(ka) != sorted(kb):
            return None
        return ("KANA_PARTS_ORDER",) if _reordered(k.fold_name(a[0], strict), k.fold_name(b[0], strict)) else None

    def one_edit(a: _Kana, b: _Kana) -> tuple[str, ...] | None:
        key = _keys[strict]
        ka, kb = key(a[0]), key(b[0])
        if jellyfish.damerau_levenshtein_distance(ka, kb) == 1:
            return ("KANA_ONE_EDIT", *_near_reasons(ka, kb))
        return None

    def explained(a: _Kana, b: _Kana) -> tuple[str, ...] | None:
        # More than one edit, but only dakuten or vowel length: a human's call.
        key = _keys[strict]
        return _near_reasons(key(a[0]), key(b[0])) or None

    return (
        ComparisonLevel(Level.UNCERTAIN, _gaiji, "外字"),
        ComparisonLevel(Level.EXACT, _exact, "exact"),
        ComparisonLevel(Level.EQUIVALENT, folds, "equal through the mode's folds"),
        *((ComparisonLevel(Level.UNCERTAIN, lenient_folds, "equal through a lenient fold", scored=True),)
          if strict else ()),
        ComparisonLevel(Level.UNCERTAIN, parts_order, "the parts in another order", scored=True),
        ComparisonLevel(Level.NEAR, one_edit, "one edit", scored=True),
        ComparisonLevel(Level.UNCERTAIN, explained, "dakuten or vowel length", scored=True),
    )


def _reordered(a: str, b: str) -> bool:
    """Two folded kana names whose parts (separated by spaces) are the same in another order.

    One side may be written without separators: then some order of the other's parts spells it.
    """
    ta, tb = a.split(), b.split()
    if len(ta) >= 2 and len(tb) >= 2:
        return ta != tb and sorted(ta) == sorted(tb)
    multi, single = (ta, "".join(tb)) if len(ta) >= 2 else (tb, "".join(ta))
    if not 2 <= len(multi) <= 4:
        return False
    return any("".join(order) == single for order in itertools.permutations(multi) if list(order) != multi)


def make_comparator(strict: bool = False) -> LevelledField[_Kana]:
    """The カナ氏名 comparator; ``strict=True`` compares official readings (振り仮名).

    Jaro-Winkler similarity of the folded kana is kept in ``Finding.score`` for
    the levels after the folds, to rank the review queue; it never decides.

    >>> make_comparator().compare("オノ", "オオノ").reasons
    ('KANA_ONE_EDIT', 'KANA_VOWEL_LENGTH')
    """

    def score(a: _Kana, b: _Kana) -> float:
        key = _keys[strict]
        return round(jellyfish.jaro_winkler_similarity(key(a[0]), key(b[0])), 4)

    return LevelledField(
        name="kana",
        prefix="KANA",
        parse=_parse,
        render=operator.itemgetter(1),
        levels=_levels(strict),
        score=score,
        # The finding depends on the two texts alone, and names repeat: a rule keeps this many pairs.
        cache_pairs=32768,
    )


def _parsed(raw: str) -> _Kana | None:
    """A kana value parsed, or None when it is not kana."""
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
            return (raw, show(a[3] + " " + b[3]), gaiji)
    return _parse_whole(raw)


# Cached by token: kana full names are mostly unique, surnames and given names repeat.
@memo(maxsize=16384)
def _parse_token(token: str) -> tuple[bool, bool, bool, str] | None:
    """``(control characters, 外字, kana only, katakana)`` of one token; None when the width fold empties it."""
    width = k.fold_width(token)
    if not width:
        return None
    return (_CONTROL.search(token) is not None, has_gaiji(token), k.is_width_folded_kana(width),
            k.to_katakana(width))


def _parse_whole(raw: str) -> _Kana | None:
    if _CONTROL.search(raw):
        return None
    gaiji = has_gaiji(raw)
    width = k.fold_width(raw)  # once: is_kana_text(raw) would run the width fold again
    if not (gaiji or k.is_width_folded_kana(width)):
        return None
    return (raw, show(k.to_katakana(width)), gaiji)


#: The default comparator: lenient, for legacy data.
COMPARATOR = make_comparator()
#: The lenient levels, in the order they are tried (``make_comparator(strict=True)`` adds one).
LEVELS = COMPARATOR.levels
#: For official readings (振り仮名), where small kana matter.
STRICT = make_comparator(strict=True)


def compare(left: object, right: object) -> Finding:
    """Compare two kana names (lenient): :data:`COMPARATOR`."""
    return COMPARATOR.compare(left, right)
