"""カナ氏名: kana folds in two modes, every fold that made two names equal reported.

Levels, after the shared guard (:mod:`.base`; a value that is not kana is
``INVALID``, ``KANA_INVALID_CHARACTERS``), first that holds wins:

0. a side that is not recorded yet (the 住民票 shows ``******``, 【空欄】, or
   【氏空欄】/【名空欄】 for one part, until the official 振り仮名 reach it): the kana is
   *unknown*, never invalid (:data:`PLACEHOLDER_LEVELS`).  Nothing known on a side:
   ``MISSING`` (``ABSENT`` when on neither side), ``KANA_NOT_RECORDED``.  One part
   known: that part is compared with the other side's (the levels below), and the
   finding is ``MISSING`` when it agrees, else that part's level, with
   ``KANA_PART_NOT_RECORDED``;
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
>>> f = COMPARATOR.compare("ｲｼﾉﾏｷ ﾀﾛｳ", "イシノマキ 【名空欄】")
>>> f.level, f.reasons
(<Level.MISSING: 'missing'>, ('KANA_PART_NOT_RECORDED', 'KANA_FOLD_WIDTH'))
>>> COMPARATOR.compare("イシノマキ タロウ", "********").reasons
('KANA_NOT_RECORDED',)
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable
from typing import Any, NamedTuple

import jellyfish

from ..errors import InvalidKana, InvalidType
from ..memo import memo, memo_per_mode
from ..text import kana as k
from ..text.unicode import fold_debris, has_debris, has_gaiji
from ..verdicts import Finding, Level
from .base import ComparisonLevel, LevelledField, show

__all__ = ["COMPARATOR", "LEVELS", "PLACEHOLDER_LEVELS", "STRICT", "ParsedKana", "parse", "normalize", "compare",
           "make_comparator", "normalize_kana", "kana_key", "is_placeholder"]

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
    #: For a value not (wholly) recorded yet: ``(surname, given)``, each the parsed
    #: kana of that part or None where the register shows a placeholder.
    parts: tuple[tuple[Any, ...] | None, tuple[Any, ...] | None] | None = None


#: A kana value as the comparator holds it: (text as written, shown, 外字, parts),
#: the items of :class:`ParsedKana`.  A plain tuple of strings, a bool and None,
#: which the garbage collector stops tracking: the parse cache holds one per
#: distinct kana text.  Only a value with a placeholder has parts.
_Kana = tuple[Any, ...]
#: The items of a value's 外字 flag and its parts: the levels that hold only for such a
#: value name them (``when=``), so the walk skips them for the others.
_GAIJI, _PARTS = 2, 3


def parse(value: object) -> ParsedKana:
    """The field verb: a kana value parsed; :class:`~mynacheck.errors.InvalidKana` when it is not kana.

    >>> parse("ｷｮｳｺ").shown
    'キョウコ'
    """
    if not isinstance(value, str):
        raise InvalidType(f"a kana name is text, not {type(value).__name__}")
    if not value.isprintable() and has_debris(value):
        value = fold_debris(value)  # transport debris is no part of a kana name (the comparator folds it first)
    return ParsedKana(*_parse[None](value))


def normalize(value: object, strict: bool = False) -> str:
    """The field verb: :func:`~mynacheck.text.kana.normalize_kana`."""
    return k.normalize_kana(value, strict)  # type: ignore[arg-type]


# Cached: the same kana name is parsed for each comparison it is in (an invalid one
# raises and is not kept).  The comparator looks it up by its mode (None: kana has none).
# It never holds transport debris: the comparator folds it away first (step 0 of
# :mod:`.base`), and so does :func:`parse`.
@memo_per_mode(maxsize=65536)
def _parse(raw: object, mode: object) -> _Kana:
    text = raw if type(raw) is str else str(raw)
    parsed = _parsed(text)
    if parsed is None:
        parsed = _with_placeholder(text)  # only for what is not kana: a normal value never gets here
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
    # strip_length only deletes vowels: two keys that differ once every vowel is gone differ
    # after it too (the cheap check turns most pairs away before the character loop).
    if _without_vowels(ka) != _without_vowels(kb):
        return ()
    return ("KANA_VOWEL_LENGTH",) if k.strip_length(ka) == k.strip_length(kb) else ()


def _without_vowels(key: str) -> str:
    """A folded key without its vowels.

    Five replaces, not a translate: a translate table that is a dict raises and clears a
    KeyError for each character it does not map (most of them), several times the cost.
    """
    return key.replace("ア", "").replace("イ", "").replace("ウ", "").replace("エ", "").replace("オ", "")
#: A text whose every character is a grapheme of its own: kana letters and marks that are not
#: combining (U+3099 and U+309A combine, as do half-width ﾞ and ﾟ, outside these ranges).
_own_graphemes = re.compile("[\u3041-\u3096\u309b-\u30ff\u31f0-\u31ff]*").fullmatch


# --- the levels ------------------------------------------------------------------


def _gaiji(a: _Kana, b: _Kana) -> tuple[str, ...] | None:
    return ("KANA_GAIJI",) if a[_GAIJI] or b[_GAIJI] else None


def _exact(a: _Kana, b: _Kana) -> tuple[str, ...] | None:
    return () if a is b or a[0].strip() == b[0].strip() else None


def _levels(strict: bool) -> tuple[ComparisonLevel[_Kana], ...]:
    """The kana levels of one mode, in the order they are tried: the placeholder levels, then the mode's own."""
    own = _own_levels(strict)
    _RECORDED[strict] = LevelledField(name="kana", prefix="KANA", parse=_parse, render=operator.itemgetter(1),
                                      levels=own)
    return (*_placeholder_levels(strict), *own)


def _own_levels(strict: bool) -> tuple[ComparisonLevel[_Kana], ...]:
    """The levels of two recorded kana values, in one mode."""
    # The mode's memo is held (a rule's check travels to Spark executors by value, and a
    # memo travels as an empty one), and cleared in place by memo.clear().
    key = _keys[strict]

    def folds(a: _Kana, b: _Kana) -> tuple[str, ...] | None:
        return _fold_reasons(a[0], b[0], strict) if key(a[0]) == key(b[0]) else None

    def lenient_folds(a: _Kana, b: _Kana) -> tuple[str, ...] | None:
        # Strict mode only: equal through a fold that official readings do not allow.
        key = _keys[False]
        return ("KANA_STRICT_FOLD",) if key(a[0]) == key(b[0]) else None

    def parts_order(a: _Kana, b: _Kana) -> tuple[str, ...] | None:
        # The parts in another order (foreign names are often written given name first).
        # Reordered parts keep the key's characters: most pairs are turned away by that (the
        # length first, then each key's first character in the other, before the sort).
        key = _keys[strict]
        ka, kb = key(a[0]), key(b[0])
        if len(ka) != len(kb) or ka[:1] not in kb or kb[:1] not in ka or sorted(ka) != sorted(kb):
            return None
        return ("KANA_PARTS_ORDER",) if _reordered(k.fold_name(a[0], strict), k.fold_name(b[0], strict)) else None

    def one_edit(a: _Kana, b: _Kana) -> tuple[str, ...] | None:
        ka, kb = key(a[0]), key(b[0])
        # The distance counts graphemes, and each grapheme is one edit: keys whose lengths differ
        # by more than one, each character its own grapheme, are turned away before it is counted.
        if (len(ka) - len(kb) > 1 or len(kb) - len(ka) > 1) and _own_graphemes(ka) and _own_graphemes(kb):
            return None
        if jellyfish.damerau_levenshtein_distance(ka, kb) == 1:
            return ("KANA_ONE_EDIT", *_near_reasons(ka, kb))
        return None

    def explained(a: _Kana, b: _Kana) -> tuple[str, ...] | None:
        # More than one edit, but only dakuten or vowel length: a human's call.
        return _near_reasons(key(a[0]), key(b[0])) or None

    return (
        ComparisonLevel(Level.UNCERTAIN, _gaiji, "外字", when=_GAIJI),
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

    key = _keys[strict]

    def score(a: _Kana, b: _Kana) -> float:
        return round(jellyfish.jaro_winkler_similarity(key(a[0]), key(b[0])), 4)

    return LevelledField(
        name="kana",
        prefix="KANA",
        parse=_parse,
        render=operator.itemgetter(1),
        levels=_levels(strict),
        score=score,
        # The finding depends on the two texts alone, and names repeat: the comparator keeps this many pairs.
        cache_pairs=32768,
    )


def _parsed(raw: str) -> _Kana | None:
    """A kana value parsed, or None when it is not kana."""
    halves = k.two_tokens(raw)
    if halves is not None:
        a, b = _parse_token(halves[0]), _parse_token(halves[2])
        if a is not None and b is not None:
            # Every check works character by character and the width fold token by token.
            gaiji = a[1] or b[1]
            if a[0] or b[0] or not (gaiji or (a[2] and b[2])):
                return None
            return (raw, show(a[3] + " " + b[3]), gaiji, None)
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
    return (raw, show(k.to_katakana(width)), gaiji, None)


# --- placeholders: a kana name not recorded yet ----------------------------------------
#
# Until the official 振り仮名 reach the 住民票 (mostly from 2026-05-26) extracts show, for
# a reading not yet recorded (municipal pages of 石巻市, 佐野市, 上尾市, 南牧村):
#   ******** (or ＊＊＊＊)          nothing recorded
#   イシノマキ 【名空欄】           only the surname's reading recorded
#   【氏空欄】 タロウ               only the given name's
#   (blank)                         nothing recorded (a blank is MISSING already)
# and the 住民票 of the standard systems writes 【空欄】 for an empty item.  A bracketed
# note in any of 【】〔〕[]() that holds no kana, or a run of asterisks, is a placeholder.

_MAY_HOLD_PLACEHOLDER = re.compile(r"[*＊※【〔\[(（［]")
_NOTE = re.compile(r"(【[^【】]*】|〔[^〔〕]*〕|\[[^\[\]]*\]|\([^()]*\))")
_STARS = re.compile(r"[*※]+")


def is_placeholder(token: str) -> bool:
    """True for a placeholder token: asterisks, or a bracketed note holding no kana (【名空欄】).

    >>> is_placeholder("********"), is_placeholder("【氏空欄】"), is_placeholder("(タロウ)")
    (True, True, False)
    """
    text = k.fold_width(token).strip()
    if _STARS.fullmatch(text):
        return True
    if _NOTE.fullmatch(text) is None:
        return False
    inner = text[1:-1].strip()
    return not inner or not k.is_width_folded_kana(inner)


def _which(token: str) -> str | None:
    """Which part a placeholder note names: 氏 (surname) or 名 (given name); None for neither or both."""
    surname, given = "氏" in token or "姓" in token, "名" in token.replace("氏名", "")
    return "surname" if surname and not given else "given" if given and not surname else None


@memo(maxsize=4096)
def _with_placeholder(raw: str) -> _Kana | None:
    """A value holding a placeholder, parsed: ``(text, shown, 外字, (surname, given))``; None if it holds none
    or is not kana besides it."""
    if _MAY_HOLD_PLACEHOLDER.search(raw) is None:
        return None
    text = k.fold_width(raw)
    tokens = [t for t in _NOTE.split(text) if t.strip()]
    pieces: list[str] = []
    for token in tokens:
        pieces.extend([token] if _NOTE.fullmatch(token.strip()) else token.split())
    holes = [i for i, piece in enumerate(pieces) if is_placeholder(piece)]
    if not holes:
        return None
    known = [piece for piece in pieces if not is_placeholder(piece)]
    surname: _Kana | None = None
    given: _Kana | None = None
    if known:
        if len(holes) != 1 or holes[0] not in (0, len(pieces) - 1) or len(pieces) < 2:
            return None  # a placeholder in the middle, or several beside a reading: not a form we know
        part = _parsed(" ".join(known))
        if part is None or part[_PARTS] is not None:
            return None
        side = _which(pieces[holes[0]]) or ("surname" if holes[0] == 0 else "given")
        if side == "surname":
            given = part
        else:
            surname = part
    return (raw, show(raw.strip()), False, (surname, given))


def _parts_of(value: _Kana) -> tuple[_Kana | None, _Kana | None] | None:
    """``(surname, given)`` of a value, each parsed (None: not recorded); None when it has no separator."""
    parts: tuple[_Kana | None, _Kana | None] | None = value[_PARTS]
    if parts is not None:
        return parts
    halves = k.two_tokens(value[0].strip())
    if halves is None:
        return None
    a, b = _parsed(halves[0]), _parsed(halves[2])
    return (a, b) if a is not None and b is not None else None


# Order of the part levels, from agreeing to different: the worst part decides.
_RANK = {Level.EXACT: 0, Level.EQUIVALENT: 1, Level.NEAR: 2, Level.UNCERTAIN: 3, Level.DIFFERENT: 4}


#: Each mode's comparator of two recorded values (the mode's own levels): a recorded part is compared with it.
_RECORDED: dict[bool, LevelledField[_Kana]] = {}


def _unknown(value: _Kana) -> bool:
    parts: object = value[_PARTS]
    return parts == (None, None)


# Cached (module level, not a closure: the levels travel to Spark executors by value).
@memo(maxsize=4096)
def _parts_level(a: _Kana, b: _Kana, strict: bool) -> tuple[Level, tuple[str, ...]] | None:
    """How the recorded parts compare (the worst pair decides); None when no part is recorded on both sides."""
    pa, pb = _parts_of(a), _parts_of(b)
    if pa is None or pb is None:
        # One side is one unseparated run: a recorded part can only be found at its end.
        whole, split = (b, pa) if pb is None else (a, pb)
        if split is None:
            return Level.UNCERTAIN, ()
        key = _keys[False](whole[0])
        sur, giv = split
        if sur is not None and key.startswith(_keys[False](sur[0])):
            return Level.EQUIVALENT, ()
        if giv is not None and key.endswith(_keys[False](giv[0])):
            return Level.EQUIVALENT, ()
        return Level.UNCERTAIN, ()
    recorded = _RECORDED[strict]
    found = [recorded.level_of(x, y) for x, y in zip(pa, pb, strict=True) if x is not None and y is not None]
    if not found:
        return None
    worst = max(found, key=lambda lr: _RANK.get(lr[0], 3))
    reasons = tuple(dict.fromkeys(r for _, rs in found for r in rs))
    return worst[0], reasons if worst[0].agrees else worst[1]


def _placeholder_levels(strict: bool) -> tuple[ComparisonLevel[_Kana], ...]:
    """The levels for a side not (wholly) recorded yet, comparing known parts with the mode's own levels."""
    unknown = _unknown

    def parts_level(a: _Kana, b: _Kana) -> tuple[Level, tuple[str, ...]] | None:
        return _parts_level(a, b, strict)

    def absent(a: _Kana, b: _Kana) -> tuple[str, ...] | None:
        if a[_PARTS] is None and b[_PARTS] is None:
            return None
        if (unknown(a) and unknown(b)) or (not unknown(a) and not unknown(b) and parts_level(a, b) is None):
            return ("KANA_NOT_RECORDED",)
        return None

    def missing(a: _Kana, b: _Kana) -> tuple[str, ...] | None:
        return ("KANA_NOT_RECORDED",) if unknown(a) or unknown(b) else None

    def part(*wanted: Level) -> Callable[[_Kana, _Kana], tuple[str, ...] | None]:
        def test(a: _Kana, b: _Kana) -> tuple[str, ...] | None:
            if a[_PARTS] is None and b[_PARTS] is None:
                return None
            found = parts_level(a, b)
            if found is None or found[0] not in wanted:
                return None
            return ("KANA_PART_NOT_RECORDED", *found[1])

        return test

    def part_different(a: _Kana, b: _Kana) -> tuple[str, ...] | None:
        return ("KANA_DIFFERENT", "KANA_PART_NOT_RECORDED") if a[_PARTS] is not None or b[_PARTS] is not None else None

    # Each holds only when a side has parts (a placeholder): the walk skips them for two recorded values.
    return (
        ComparisonLevel(Level.ABSENT, absent, "not recorded on either side", when=_PARTS),
        ComparisonLevel(Level.MISSING, missing, "not recorded on one side", when=_PARTS),
        ComparisonLevel(Level.MISSING, part(Level.EXACT, Level.EQUIVALENT), "the recorded part agrees", when=_PARTS),
        ComparisonLevel(Level.NEAR, part(Level.NEAR), "the recorded part is a near-miss", scored=True, when=_PARTS),
        ComparisonLevel(Level.UNCERTAIN, part(Level.UNCERTAIN), "the recorded part cannot be told apart",
                        when=_PARTS),
        ComparisonLevel(Level.DIFFERENT, part_different, "the recorded part differs", when=_PARTS),
    )


#: The default comparator: lenient, for legacy data.
COMPARATOR = make_comparator()
#: The lenient levels, in the order they are tried (``make_comparator(strict=True)`` adds one).
LEVELS = COMPARATOR.levels
#: The levels for a side whose kana is not (wholly) recorded yet; they come first in :data:`LEVELS`.
PLACEHOLDER_LEVELS = LEVELS[:6]
#: For official readings (振り仮名), where small kana matter.
STRICT = make_comparator(strict=True)


def compare(left: object, right: object) -> Finding:
    """Compare two kana names (lenient): :data:`COMPARATOR`."""
    return COMPARATOR.compare(left, right)
