"""氏名: kanji variant tiers, 外字, alphabet names and aliases.

Levels, after the shared guard (:mod:`.base`: transport debris folds away with
``RECORD_INVISIBLE_FOLDED``; digits, symbols or emoji make a name ``INVALID``,
``NAME_INVALID_CHARACTERS``), first that holds wins (:data:`LEVELS`):

1. ``UNCERTAIN`` (``NAME_GAIJI``): 外字 on a side, and the names could be the
   same if each 外字 stood for the right character; otherwise ``DIFFERENT``;
2. ``UNCERTAIN`` (``NAME_PLACEHOLDER``): a placeholder for a character the system
   could not hold (？, ■, □, ●, ○, ＊ …: :data:`~mynacheck.text.unicode.PLACEHOLDERS`)
   on a side, and the names could be the same; otherwise ``DIFFERENT``.  Never a match;
3. ``EXACT``: the same text;
4. ``UNCERTAIN`` (``NAME_SCRIPT_DIFFERS``): alphabet or kana-only against kanji;
5. alphabet names: ``EQUIVALENT`` through case, diacritics, part order and
   spacing, each reported (``NAME_ALPHA_CASE`` ...); ``UNCERTAIN`` for a middle
   name or suffix on one side, a name cut at a field width (``NAME_ALPHA_TRUNCATED``)
   or another romanization (``NAME_ALPHA_TRANSLITERATION``: ü/ue, oh/ou/o,
   MOHAMMED/MUHAMMAD); ``DIFFERENT`` otherwise;
6. ``EQUIVALENT`` through named folds, each reported: width/spacing
   (``NAME_NOTATION_FOLD``), IVS (``NAME_FOLD_IVS``), 々 and ゝゞ (``NAME_FOLD_ITERATION``),
   ヶ/ケ and ッ/ツ between kanji (``NAME_FOLD_KANA_SIZE``), Tier-A variants
   (``NAME_FOLD_VARIANT``), simplified Chinese (``NAME_FOLD_SIMPLIFIED``);
7. ``UNCERTAIN``: the same under the review folds, a reason for each it needed:
   a Tier-B confusable kanji (``NAME_CONFUSABLE_KANJI``), a kana or dash typed for
   the kanji it looks like (``NAME_LOOKALIKE_KANA``: ロ/口, エ/工, ー/一 …),
   歴史的仮名 against modern kana (``NAME_HISTORICAL_KANA``: ゑ/え), ノ/之 or a ノ
   left out between kanji (``NAME_CONNECTOR_NO``), が/箇 for ヶ between kanji
   (``NAME_CONNECTOR_GA``), 〇 against another character
   (``NAME_PLACEHOLDER``); with a hint;
8. ``UNCERTAIN`` (``NAME_PARTS_ORDER``): surname and given name swapped;
9. ``EQUIVALENT`` (``NAME_FOLD_MJ``): the MJ縮退マップ, when the ``mj`` extra is installed;
10. ``UNCERTAIN`` (``NAME_KANA_SCRIPT``): hiragana against katakana;
11. ``DIFFERENT``.

Similarity is never computed on kanji.  For alphabet names Jaro-Winkler is
kept in ``Finding.score`` to rank the review queue; it never decides.

>>> COMPARATOR.compare("髙橋 一郎", "高橋\u3000一郎").reasons
('NAME_NOTATION_FOLD', 'NAME_FOLD_VARIANT')
>>> COMPARATOR.compare("斉藤 一郎", "斎藤 一郎").level
<Level.UNCERTAIN: 'uncertain'>
>>> COMPARATOR.compare("NGUYEN VAN AN", "Văn An Nguyễn").level
<Level.EQUIVALENT: 'equivalent'>
>>> normalize_name("川﨑\u3000佐々木")
'川崎 佐佐木'
>>> normalize_name("渡邊\u00a0眞由美"), normalize_name("Nguyễn  Thị")
('渡辺 真由美', 'NGUYEN THI')
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence

import attrs
import jellyfish

from ..errors import InvalidName, InvalidType
from ..memo import load_once, memo, memo_per_mode
from ..text import variants
from ..text.kana import to_katakana
from ..text.translit import BACKEND, get_backend, transliterate
from ..text.unicode import PLACEHOLDERS, fold_debris, has_debris, has_gaiji, strip_variation_selectors
from ..verdicts import Finding, Level, Verdict
from .base import MAX_FIELD_LENGTH, ComparisonLevel, LevelledField, is_blank, show

__all__ = [
    "COMPARATOR",
    "LEVELS",
    "NamePartLevels",
    "ParsedName",
    "compare",
    "compare_parts",
    "compare_person",
    "normalize",
    "normalize_name",
    "normalize_name_with",
    "parse",
    "parse_name",
    "split_heiki",
    "split_name",
]

# Characters a Japanese or alphabet name is written with; anything else (digits,
# symbols, formula-like text, lone surrogates) makes the value INVALID.  Transport
# debris (control characters, zero-width marks, a BOM) is folded away before
# (mynacheck.text.unicode.fold_debris), and ? * are placeholders (PLACEHOLDERS).
_BAD_CHARS = re.compile(r"[0-9=+@!\"#$%&()/:;<>\[\]\\^_`{|}~"
                        "\ud800-\udfff"
                        # Arrows, technical and miscellaneous symbols, dingbats, emoji and
                        # pictographs: none is part of a name (variation selectors are: IVS).
                        "\u2190-\u21ff\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]")
_JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006\u3007\u3013"
                       "\U00020000-\U0003ffff\ue000-\uf8ff]")
_KANJI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006\u3007\U00020000-\U0003ffff]")
_ALPHA_PUNCT = str.maketrans({"-": " ", ",": " ", ".": " ", "'": "", "’": "", "‘": "", "`": "", "・": " "})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v", "2nd", "3rd"})

_NAME_SEP = " "


@load_once
def _fold_table() -> dict[int, str]:
    table = {ord(k): v for k, v in variants.tables().tier_a.items()}
    return table


def _nfkc_space(text: str) -> str:
    # NFKC turns U+3000 and NBSP into a space; split() folds every run of white space.
    return _NAME_SEP.join(unicodedata.normalize("NFKC", text).split())


# --- Japanese (kanji/kana) names ---------------------------------------------


def _expand(text: str) -> str:
    text = variants.expand_iteration(text)
    if "\u3099" in text or "\u309a" in text:
        # A repeated kana may now compose with a dangling voiced mark (ウ々゙).
        text = unicodedata.normalize("NFKC", text)
    return text


# ヶ/ヵ and ッ written small or large inside a kanji name are one notation: the
# small ヶ abbreviates 箇 and the 戸籍 writes it large (関ヶ原 = 関ケ原, 一ッ木 =
# 一ツ木).  Only between two kanji: in a kana name (さつき, さっき) size is part of
# the reading, and a large カ between kanji is a look-alike of 力 (review).
_KANJI_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\U00020000-\U0003ffff"
_KANA_SIZE_RE = re.compile(f"(?<=[{_KANJI_CLASS}])[ヶヵゖゕッっ](?=[{_KANJI_CLASS}])")
_KANA_SIZE = {"ヶ": "ケ", "ヵ": "ケ", "ゖ": "け", "ゕ": "け", "ッ": "ツ", "っ": "つ"}
_KANA_SIZE_ANY = re.compile("[ヶヵゖゕッっ]")


def _kana_size_sub(m: re.Match[str]) -> str:
    return _KANA_SIZE[m.group()]


def _kana_size(text: str) -> str:
    """ヶヵ → ケ and ッ → ツ between two kanji (hiragana likewise); nothing else changes.

    >>> _kana_size("関ヶ原"), _kana_size("一ッ木"), _kana_size("さっき")
    ('関ケ原', '一ツ木', 'さっき')
    """
    if _KANA_SIZE_ANY.search(text) is None:  # a search: frozenset.isdisjoint(str) costs twice as much
        return text
    return _KANA_SIZE_RE.sub(_kana_size_sub, text)


# The pipeline, as named steps so a match can say which ones it needed.
_STEPS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("ivs", strip_variation_selectors),
    ("notation", _nfkc_space),
    ("iteration", _expand),
    ("kana_size", _kana_size),
    ("variant", lambda s: s.translate(_fold_table())),
)
#: Characters that make a token take the whole-name path: 々 and the kana iteration
#: marks repeat the character before them, which may be in the other token.
_ITERATION_ANY = re.compile("[々ゝゞヽヾ]")
_PLACEHOLDER_ANY = re.compile("[" + re.escape("".join(sorted(PLACEHOLDERS))) + "]")
#: Any character a token or a name needs more than the variant fold for (an iteration mark,
#: small ヶ/ッ, a placeholder): one search clears the common name of all of them.
_SPECIAL = re.compile("[々ゝゞヽヾヶヵゖゕッっ" + re.escape("".join(sorted(PLACEHOLDERS))) + "]")


@attrs.frozen(slots=True)
class _Token:
    """One surname or given name of a two-part Japanese name, as parsed on its own."""

    shown: str  # cleaned (NFKC, no variation selectors), variants kept
    folded: str  # shown with ヶ/ッ inside kanji and the Tier-A variants folded
    key: str  # folded without spaces
    gaiji: bool
    invalid: bool
    placeholder: bool


# Cached: full names are mostly unique in a municipality, surnames and given names repeat
# (32,768 tokens: ~10 MB).
@memo(maxsize=32768)
def _token(text: str) -> _Token | None:
    """The token's parts, or None when the token alone may not parse as it does in the whole name."""
    shown = _nfkc_space(strip_variation_selectors(text))
    # A token that NFKC leaves empty or splits, that holds 々 or a kana iteration mark
    # (they repeat the character before them) or that is not Japanese is parsed with
    # the whole name instead.
    special = _SPECIAL.search(shown) is not None
    if (not shown or _NAME_SEP in shown or (special and _ITERATION_ANY.search(shown) is not None)
            or _JAPANESE.search(shown) is None):
        return None
    folded = (_kana_size(shown) if special else shown).translate(_fold_table())
    return _Token(shown, folded, folded.replace(_NAME_SEP, ""), has_gaiji(shown), _BAD_CHARS.search(text) is not None,
                  special and _PLACEHOLDER_ANY.search(shown) is not None)


def _two_tokens(raw: str) -> tuple[_Token, _Token] | None:
    """Both tokens of ``surname<space or U+3000>given`` (nothing else around them), or None.

    NFKC, the variant fold, the 外字 and character checks all work character by
    character and a space ends every combining sequence, so such a name parses
    as its two tokens do, joined by one space.
    """
    pieces = raw.split()
    if len(pieces) != 2:
        return None
    sur, given = pieces
    if len(raw) != len(sur) + 1 + len(given) or raw[len(sur)] not in " \u3000":
        return None  # other white space, or around the name: the general path
    a, b = _token(sur), _token(given)
    if a is None or b is None:
        return None
    return a, b


def _maybe_debris(text: str) -> bool:
    """has_debris for a text that is not printable: U+3000, the usual reason, is cleared first (cheaper)."""
    return not text.replace("\u3000", " ").isprintable() and has_debris(text)


def _normalize_text(text: str, backend: str) -> str:
    """normalize_name without its whole-name cache: token by token (cached) when it can."""
    if not isinstance(text, str):
        raise InvalidType(f"a name is text, not {type(text).__name__}")
    if not text.isprintable() and _maybe_debris(text):
        text = fold_debris(text)  # transport debris is no part of a name
    tokens = _two_tokens(text)
    if tokens is not None:
        return tokens[0].folded + _seps()[0] + tokens[1].folded
    return _normalize_whole(text, backend)


# Keyed by the transliteration backend too: an alphabet name depends on it.
_normalized = memo_per_mode(maxsize=65536)(_normalize_text)

# The public function answers from the memo of the current backend, re-pointed when the
# backend is set (memo.PerMode.following): a hit is one plain-dict lookup.
normalize_name: Callable[[str], str] = _normalized.following(
    BACKEND, lambda value: InvalidType(f"a name is text, not {type(value).__name__}"))
normalize_name.__name__ = normalize_name.__qualname__ = "normalize_name"
normalize_name.__module__ = __name__
normalize_name.__doc__ = """The comparable form of a name: cleaned, 々 written out, variants folded.

Surname and given name stay separated by one space when the input has a
separator (U+3000, NBSP, a space).  Alphabet names become upper-case
ASCII, transliterated by the process-wide backend
(:func:`~mynacheck.text.translit.set_backend`; :func:`normalize_name_with`
names one).  A value that is not text raises
:class:`~mynacheck.errors.InvalidType`.  Examples are in the module doc.
"""


def normalize_name_with(text: str, backend: str) -> str:
    """:func:`normalize_name` under the transliteration ``backend`` named, from the same memo.

    >>> normalize_name_with("Nguyễn  Thị", "anyascii")
    'NGUYEN THI'
    """
    try:
        return _normalized[backend](text)
    except TypeError as err:  # an unhashable value: the memo refused it before the check could
        if isinstance(err, InvalidType):
            raise
        raise InvalidType(f"a name is text, not {type(text).__name__}") from None


def _normalize_whole(text: str, backend: str) -> str:
    text = strip_variation_selectors(text)
    if not unicodedata.is_normalized("NFKC", text):  # the check is much cheaper than NFKC
        text = unicodedata.normalize("NFKC", text)
    text = _NAME_SEP.join(text.split())
    if not text.isascii() and _JAPANESE.search(text) is not None:
        if _SPECIAL.search(text) is None:
            return text.translate(_fold_table())
        if _ITERATION_ANY.search(text) is None:
            return _kana_size(text).translate(_fold_table())
        text = _kana_size(_expand(text)).translate(_fold_table())
        if _JAPANESE.search(text) is not None:  # a々 → aa is no longer Japanese
            return text
    return " ".join(_alpha_tokens(text, backend)).upper()


@load_once
def _seps() -> tuple[str, str]:
    """What the separator between two tokens becomes in normalize_name and in the key."""
    folded = _NAME_SEP.translate(_fold_table())
    return folded, folded.replace(_NAME_SEP, "")


def _run(text: str, skip: str | None = None) -> str:
    for name, step in _STEPS:
        if name != skip:
            text = step(text)
    return text.replace(_NAME_SEP, "")


def _alpha_tokens(text: str, backend: str, skip: str | None = None) -> tuple[str, ...]:
    if skip != "notation":
        text = unicodedata.normalize("NFKC", text)
    if skip != "translit":
        text = transliterate(text, backend)
    if skip != "case":
        text = text.casefold()
    if skip != "spacing":
        text = text.translate(_ALPHA_PUNCT)
    return tuple(text.split())


@attrs.frozen(slots=True)
class ParsedName:
    """A name ready for comparison.

    ``shown`` is what a clerk reads (cleaned, variants kept); ``key`` is what
    is compared (variants folded, no separators); ``parts`` is
    ``(surname, given)`` when the input separated them.  Alphabet names have
    ``alpha=True`` and their ``tokens`` transliterated and case-folded.
    """

    raw: str
    shown: str
    key: str
    alpha: bool
    tokens: tuple[str, ...]
    gaiji: bool
    invalid: bool
    parts: tuple[str, str] | None
    #: The transliteration backend ``tokens`` were made with.
    backend: str = attrs.field(default="anyascii", eq=False, repr=False)
    #: The name holds a placeholder for a character the system could not hold (？, ■ …).
    placeholder: bool = False


def parse_name(raw: str) -> ParsedName:
    """Parse one raw name (never raises for text).

    >>> parse_name("佐々木\u3000𠮷男").key
    '佐佐木吉男'
    """
    if not isinstance(raw, str):
        raise InvalidType(f"a name is text, not {type(raw).__name__}")
    return _parsed[get_backend()](raw)


# Keyed by the transliteration backend too: an alphabet name's tokens depend on it.
@memo_per_mode(maxsize=65536)
def _parsed(raw: str, backend: str) -> ParsedName:
    if not raw.isprintable() and _maybe_debris(raw):
        raw = fold_debris(raw)  # transport debris is no part of a name (the comparator folds it first)
    halves = _two_tokens(raw)
    if halves is not None:
        a, b = halves
        return ParsedName(raw, a.shown + _NAME_SEP + b.shown, a.key + _seps()[1] + b.key, False, (),
                          a.gaiji or b.gaiji, a.invalid or b.invalid, (a.shown, b.shown), backend,
                          a.placeholder or b.placeholder)
    return _parse_whole(raw, backend)


def _parse_whole(raw: str, backend: str) -> ParsedName:
    stripped = raw.strip()
    shown = _nfkc_space(strip_variation_selectors(stripped))
    gaiji = has_gaiji(shown)
    invalid = _BAD_CHARS.search(raw) is not None
    placeholder = _SPECIAL.search(shown) is not None and _PLACEHOLDER_ANY.search(shown) is not None
    alpha = _JAPANESE.search(shown) is None and any(c.isalpha() for c in shown)
    if alpha:
        tokens = _alpha_tokens(shown, backend)
        key = "".join(tokens)
        parts = (tokens[0], " ".join(tokens[1:])) if len(tokens) >= 2 else None
        return ParsedName(stripped, shown, key, True, tokens, gaiji, invalid, parts, backend, placeholder)
    # _run(stripped) without its first two steps again: ``shown`` is what they give.
    if _SPECIAL.search(shown) is None:
        key = shown.translate(_fold_table()).replace(_NAME_SEP, "")
    else:
        key = _kana_size(_expand(shown)).translate(_fold_table()).replace(_NAME_SEP, "")
    pieces = shown.split(_NAME_SEP)
    parts = (pieces[0], "".join(pieces[1:])) if len(pieces) >= 2 else None
    return ParsedName(stripped, shown, key, False, (), gaiji, invalid, parts, backend, placeholder)


def split_name(text: str) -> tuple[str, str] | None:
    """``(surname, given)`` when the name separates them, else None.

    >>> split_name("山田\u3000太郎"), split_name("山田太郎")
    (('山田', '太郎'), None)
    """
    return parse_name(text).parts


# --- optional MJ縮退マップ (jntajis-python, the ``mj`` extra) --------------------


@load_once
def _mj() -> Callable[[str], frozenset[str]] | None:
    try:
        import jntajis
    except ImportError:
        return None
    combo = 0
    for flag in jntajis.MJShrinkSchemeCombo:
        combo |= int(flag)

    @memo(maxsize=65536)
    def candidates(ch: str) -> frozenset[str]:
        try:
            found = jntajis.mj_shrink_candidates(ch, combo, 16)
        except Exception:  # the extension raises its own errors for unmapped input
            return frozenset({ch})
        return frozenset(found) | {ch}

    return candidates


def _mj_equal(ka: str, kb: str) -> bool:
    """Position by position, each pair of characters shares an MJ candidate."""
    if len(ka) != len(kb):
        return False
    candidates = _mj()
    if candidates is None:
        return False
    for x, y in zip(ka, kb, strict=True):
        if x == y:
            continue
        # A Tier-B pair (嶋/島, 龍/竜) never matches, whatever the MJ map says.
        if variants.fold_confusables(x) == variants.fold_confusables(y):
            return False
        if not (candidates(x) & candidates(y)):
            return False
    return True


# --- comparing ---------------------------------------------------------------


def _variant_reasons(a: str, b: str) -> tuple[str, ...]:
    """NAME_FOLD_VARIANT and/or NAME_FOLD_SIMPLIFIED, by the basis of the folded characters."""
    found = []
    basis = variants.tables().basis
    for ch in set(a) ^ set(b) if a != b else set():
        why = basis.get(ch)
        if why == "opencc":
            found.append("NAME_FOLD_SIMPLIFIED")
        elif why is not None:
            found.append("NAME_FOLD_VARIANT")
    ordered = [r for r in ("NAME_FOLD_VARIANT", "NAME_FOLD_SIMPLIFIED") if r in found]
    return tuple(ordered) or ("NAME_FOLD_VARIANT",)


def _kanji_fold_reasons(a: str, b: str) -> tuple[str, ...]:
    reasons: list[str] = []
    for name, _ in _STEPS:
        if _run(a, skip=name) == _run(b, skip=name):
            continue
        if name == "ivs":
            reasons.append("NAME_FOLD_IVS")
        elif name == "notation":
            reasons.append("NAME_NOTATION_FOLD")
        elif name == "iteration":
            reasons.append("NAME_FOLD_ITERATION")
        elif name == "kana_size":
            reasons.append("NAME_FOLD_KANA_SIZE")
        else:
            before_a = _kana_size(variants.expand_iteration(_nfkc_space(strip_variation_selectors(a))))
            before_b = _kana_size(variants.expand_iteration(_nfkc_space(strip_variation_selectors(b))))
            reasons.extend(_variant_reasons(before_a, before_b))
    return tuple(reasons) or ("NAME_NOTATION_FOLD",)


def _alpha_equal(ta: tuple[str, ...], tb: tuple[str, ...]) -> tuple[str, ...] | None:
    """How two token lists are the same name: () in order, or the reasons why not literally.

    Tokens compare as a multiset (a swapped order is the same name) and as the
    joined string in any rotation (KIM MIN JUN = KIM MINJUN = MINJUN KIM).
    """
    if ta == tb:
        return ()
    if Counter(ta) == Counter(tb):
        return ("NAME_ALPHA_ORDER",)
    if "".join(ta) == "".join(tb):
        return ("NAME_ALPHA_SPACING",)
    rotations = {"".join(ta[i:] + ta[:i]) for i in range(len(ta))}
    if any("".join(tb[j:] + tb[:j]) in rotations for j in range(len(tb))):
        return ("NAME_ALPHA_SPACING", "NAME_ALPHA_ORDER")
    return None


_ALPHA_STEPS = (("notation", "NAME_NOTATION_FOLD"), ("translit", "NAME_ALPHA_DIACRITICS"),
                ("case", "NAME_ALPHA_CASE"), ("spacing", "NAME_ALPHA_SPACING"))


def _alpha_equivalent(a: ParsedName, b: ParsedName) -> tuple[str, ...] | None:
    """Two alphabet names equal through case, diacritics, part order or spacing: which of them."""
    if not a.alpha:
        return None
    how = _alpha_equal(a.tokens, b.tokens)
    if how is None:
        return None
    needed = [r for step, r in _ALPHA_STEPS
              if _alpha_equal(_alpha_tokens(a.raw, a.backend, step), _alpha_tokens(b.raw, b.backend, step)) is None]
    return tuple(dict.fromkeys((*needed, *how))) or ("NAME_NOTATION_FOLD",)


def _alpha_extra_part(a: ParsedName, b: ParsedName) -> tuple[str, ...] | None:
    """One alphabet name is the other plus a middle name or a suffix (Jr, III)."""
    if not a.alpha:
        return None
    ca, cb = Counter(a.tokens), Counter(b.tokens)
    small, large = (ca, cb) if len(a.tokens) < len(b.tokens) else (cb, ca)
    if sum(small.values()) >= 2 and not (small - large):
        extra = set((large - small).elements())
        return ("NAME_ALPHA_SUFFIX",) if extra <= _SUFFIXES else ("NAME_ALPHA_MIDDLE_NAME",)
    return None


#: A name cut by a fixed-width field is at least this long (the shorter side, parts
#: joined by one space): legacy fields hold 10 to 40 characters.
_MIN_TRUNCATED = 10


def _alpha_truncated(a: ParsedName, b: ParsedName) -> tuple[str, ...] | None:
    """One alphabet name is the other cut at a fixed field width (NGUYEN THI THANH HU / …HUONG)."""
    if not a.alpha:
        return None
    ja, jb = " ".join(a.tokens), " ".join(b.tokens)
    short, long = (ja, jb) if len(ja) < len(jb) else (jb, ja)
    if len(short) < _MIN_TRUNCATED or short == long:
        return None
    if long.startswith(short) or long.replace(" ", "").startswith(short.replace(" ", "")):
        return ("NAME_ALPHA_TRUNCATED",)
    return None


# Romanizations of one name (Hepburn long vowels, German umlauts written out, and
# the usual spellings of common Arabic given names and Korean and Chinese surnames).
# Basis: ISO 3602 / Hepburn (ō written o, oh, ou or oo), DIN 5007 (ü = ue), the
# Revised Romanization and McCune-Reischauer systems and the spellings on passports
# (이 Lee/Yi/Rhee, 박 Park/Pak/Bak …), pinyin, Wade-Giles and Cantonese for Chinese
# surnames.  A pair equal only through them is review: two people may share the
# skeleton (ONO and OHNO are 小野 and 大野).
_ROMAN_GROUPS: tuple[tuple[str, ...], ...] = (
    ("muhammad", "muhammed", "muhamad", "muhamed", "mohammad", "mohammed", "mohamad", "mohamed", "mohammet",
     "mouhamed", "mohamud"),
    ("ahmad", "ahmed", "ahmet"), ("mahmud", "mahmoud", "mahmood"), ("husain", "hussain", "hussein", "husein",
                                                                        "hosein", "hossein"),
    ("yusuf", "yousef", "youssef", "yousif", "yosef", "yusef"), ("mustafa", "mostafa", "mustapha", "moustafa"),
    ("umar", "omar"), ("usman", "osman", "uthman", "othman"), ("abdul", "abdel", "abdal"),
    ("ibrahim", "ebrahim"), ("hasan", "hassan"), ("ali", "aly"),
    ("lee", "yi", "rhee", "ri"), ("park", "pak", "bak"), ("choi", "choe", "chwe"),
    ("jung", "jeong", "chung", "chong"), ("kang", "gang"), ("cho", "jo"), ("yoon", "yun"),
    ("shin", "sin"), ("lim", "im", "rim"), ("kim", "gim"),
    ("zhang", "chang", "cheung"), ("wang", "wong"), ("chen", "chan"), ("liu", "lau"), ("zhou", "chow", "chou"),
    ("huang", "hwang"), ("xu", "hsu"), ("zhao", "chao", "chiu"),
)
_ROMAN_CANON: dict[str, str] = {spelling: group[0] for group in _ROMAN_GROUPS for spelling in group}
_ROMAN_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile("ae"), "a"), (re.compile("oe"), "o"), (re.compile("ue"), "u"),  # ä ö ü written out
    (re.compile("o[uoh](?![aeiou])"), "o"), (re.compile("uu"), "u"),  # Hepburn long vowels
    (re.compile(r"([b-df-hj-np-tv-z])\1"), r"\1"),  # doubled consonants
)


def _romanized(token: str) -> str:
    """The spelling-insensitive form of one transliterated, case-folded alphabet token."""
    canon = _ROMAN_CANON.get(token)
    if canon is not None:
        return canon
    for pattern, replacement in _ROMAN_RULES:
        token = pattern.sub(replacement, token)
    return _ROMAN_CANON.get(token, token)


def _alpha_transliteration(a: ParsedName, b: ParsedName) -> tuple[str, ...] | None:
    """The same name in another romanization (MUELLER/MÜLLER, MOHAMMED/MUHAMMAD, SATOH/SATO)."""
    if not a.alpha:
        return None
    ra, rb = tuple(map(_romanized, a.tokens)), tuple(map(_romanized, b.tokens))
    if ra == rb or _alpha_equal(ra, rb) is not None:
        return ("NAME_ALPHA_TRANSLITERATION",)
    return None


def _alpha_different(a: ParsedName, b: ParsedName) -> tuple[str, ...] | None:
    return ("NAME_DIFFERENT",) if a.alpha else None


def _kana_only(text: str) -> bool:
    return _KANJI.search(text) is None and _JAPANESE.search(text) is not None


def _gaiji_compatible(ka: str, kb: str) -> bool:
    """Could the names be the same if each 外字 or placeholder stood for the right character?"""
    if len(ka) != len(kb):
        return False
    fa, fb = _review_fold(ka), _review_fold(kb)
    return len(fa) == len(fb) and all(x == y or _wild(x) or _wild(y) for x, y in zip(fa, fb, strict=True))


def _wild(ch: str) -> bool:
    """A character that stands for one the system could not hold: 外字, 〓, ？, ■ … or 〇."""
    return ch in PLACEHOLDERS or ch == "〇" or has_gaiji(ch)


def _confusable_hint(ka: str, kb: str) -> str | None:
    if len(ka) != len(kb):
        return f"{ka} / {kb}"
    pairs = [f"{x}/{y}" for x, y in zip(ka, kb, strict=True) if x != y]
    return "、".join(pairs) if pairs else None


def _gaiji_compatible_level(a: ParsedName, b: ParsedName) -> tuple[str, ...] | None:
    """外字 on a side, and the names could be the same if each 外字 stood for the right character."""
    return ("NAME_GAIJI",) if (a.gaiji or b.gaiji) and _gaiji_compatible(a.key, b.key) else None


def _gaiji_different(a: ParsedName, b: ParsedName) -> tuple[str, ...] | None:
    return ("NAME_DIFFERENT", "NAME_GAIJI") if a.gaiji or b.gaiji else None


def _exact(a: ParsedName, b: ParsedName) -> tuple[str, ...] | None:
    return () if a.raw == b.raw else None


def _script_differs(a: ParsedName, b: ParsedName) -> tuple[str, ...] | None:
    """An alphabet or kana-only name against a kanji name: nothing to compare."""
    if a.alpha != b.alpha:
        return ("NAME_SCRIPT_DIFFERS",)
    # _kana_only of each side written out (this runs for every pair that is not exact): a kanji
    # on both sides (most names) answers with one search a side.
    x, y = a.shown, b.shown
    no_kanji_x, no_kanji_y = _KANJI.search(x) is None, _KANJI.search(y) is None
    if not no_kanji_x and not no_kanji_y:
        return None
    if (no_kanji_x and _JAPANESE.search(x) is not None) != (no_kanji_y and _JAPANESE.search(y) is not None):
        return ("NAME_SCRIPT_DIFFERS",)
    return None


def _kanji_folds(a: ParsedName, b: ParsedName) -> tuple[str, ...] | None:
    return _kanji_fold_reasons(a.raw, b.raw) if a.key == b.key else None


# --- names that may be the same, for a human to say (review folds) ---------------
#
# Each is a fold under which two different writings could be one registered name,
# but are not known to be: a match through one of them would be a guess.  They are
# tried together, after every notation fold, and a pair equal under them is
# UNCERTAIN with a reason for each fold it needed.

#: Katakana (and hiragana) typed or read by OCR for the kanji they look like, and
#: dash-like characters for 一.  Basis: the glyphs are near-identical in Mincho and
#: Gothic faces; entry and OCR errors of this kind are listed in the issue and in
#: public OCR confusion tables (口/ロ, 工/エ, 力/カ, 夕/タ, 二/ニ, 八/ハ, 卜/ト,
#: 一/ー, 才/オ, 千/チ, 又/ヌ, 匕/ヒ, 厶/ム) and the kana that exist in both scripts
#: with one shape (へ/ヘ, べ/ベ, ぺ/ペ, り/リ).
LOOKALIKES: dict[str, str] = {
    "ロ": "口", "エ": "工", "カ": "力", "タ": "夕", "ニ": "二", "ハ": "八", "ト": "卜", "オ": "才",
    "チ": "千", "ヌ": "又", "ヒ": "匕", "ム": "厶",
    "ー": "一", "-": "一", "‐": "一", "―": "一", "—": "一", "─": "一", "━": "一", "－": "一",
    "ヘ": "へ", "ベ": "べ", "ペ": "ぺ", "リ": "り",
}
#: 歴史的仮名遣 and the 四つ仮名 against modern kana: ゐ/い, ゑ/え, を/お, ぢ/じ, づ/ず
#: (すゑ, かをる, しづ are registered names of their own that share a reading).
HISTORICAL_KANA: dict[str, str] = {
    "ゐ": "い", "ゑ": "え", "を": "お", "ぢ": "じ", "づ": "ず",
    "ヰ": "イ", "ヱ": "エ", "ヲ": "オ", "ヂ": "ジ", "ヅ": "ズ",
}
_LOOKALIKE_TABLE = str.maketrans(LOOKALIKES)
_HISTORICAL_TABLE = str.maketrans(HISTORICAL_KANA)
# ノ/之/乃/の between two kanji: 堀ノ内, 堀之内 and 堀内 are distinct registered names
# that share a reading (the connector is written, written otherwise, or left out).
_CONNECTOR_RE = re.compile(f"(?<=[{_KANJI_CLASS}])[ノ之乃の](?=[{_KANJI_CLASS}])")


# が/ガ/个/箇 between two kanji: the connector that ヶ abbreviates (関ヶ原, 関が原, 霞ヶ関, 霞が関).
# ヶ/ヵ/ケ are one notation (NAME_FOLD_KANA_SIZE); が and 箇 are other writings of the
# same reading, which a register may hold as another name: review.
_CONNECTOR_GA_RE = re.compile(f"(?<=[{_KANJI_CLASS}])[がガ个箇](?=[{_KANJI_CLASS}])")


def _connector_ga(text: str) -> str:
    return _CONNECTOR_GA_RE.sub("ケ", text) if _CONNECTOR_GA_RE.search(text) else text


def _drop_connector(text: str) -> str:
    return _CONNECTOR_RE.sub("", text) if _CONNECTOR_RE.search(text) else text


def _lookalike(text: str) -> str:
    return text.translate(_LOOKALIKE_TABLE)


def _historical(text: str) -> str:
    return text.translate(_HISTORICAL_TABLE)


#: The review folds, in the order they apply, with the reason each gives.
_REVIEW_FOLDS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("NAME_CONNECTOR_GA", _connector_ga),
    ("NAME_CONFUSABLE_KANJI", variants.fold_confusables),
    # Old kana before look-alikes: ヱ → エ, which then looks like 工 as any エ does.
    ("NAME_HISTORICAL_KANA", _historical),
    ("NAME_LOOKALIKE_KANA", _lookalike),
    ("NAME_CONNECTOR_NO", _drop_connector),
)


def _review_fold(text: str, skip: str | None = None) -> str:
    for reason, fold in _REVIEW_FOLDS:
        if reason != skip:
            text = fold(text)
    return text


def _zero_compatible(fa: str, fb: str) -> bool:
    """Equal but where one side has 〇: a placeholder there, when the other has another character.

    〇 is also a numeral and a character of some names: where both sides have it, it is compared as a character.
    """
    return (len(fa) == len(fb) and ("〇" in fa or "〇" in fb)
            and all(x == y or x == "〇" or y == "〇" for x, y in zip(fa, fb, strict=True)))


_CONNECTOR_CHARS = frozenset("ノ之乃の")
_CONNECTOR_ANY = re.compile("[ノ之乃の]")


@load_once
def _review_chars() -> frozenset[str]:
    """Every character a review fold may change or produce."""
    return (variants.confusable_chars() | frozenset(LOOKALIKES) | frozenset(LOOKALIKES.values())
            | frozenset(HISTORICAL_KANA) | frozenset(HISTORICAL_KANA.values()) | _CONNECTOR_CHARS
            | frozenset("がガ个箇ケ"))


def _could_fold(ka: str, kb: str) -> bool:
    """A necessary condition for two keys to be equal under the review folds (cheap).

    Without a connector to drop, every review fold keeps the length and maps characters
    of :func:`_review_chars` to characters of it (confusable strings such as 伊東/伊藤
    have one length): a character on one side only must be one of them.  〇 stands for
    any character (a placeholder): no shortcut then.
    """
    if "〇" in ka or "〇" in kb:
        return True
    if len(ka) != len(kb):
        return _CONNECTOR_ANY.search(ka) is not None or _CONNECTOR_ANY.search(kb) is not None
    return set(ka).symmetric_difference(kb) <= _review_chars()


def _maybe_same(a: ParsedName, b: ParsedName) -> tuple[str, ...] | None:
    """Equal under the review folds (and 〇 as a placeholder): which of them it took."""
    if not _could_fold(a.key, b.key):
        return None
    fa, fb = _review_fold(a.key), _review_fold(b.key)
    if fa != fb and not _zero_compatible(fa, fb):
        return None

    def equal(x: str, y: str) -> bool:
        return x == y or _zero_compatible(x, y)

    needed = [r for r, _ in _REVIEW_FOLDS if not equal(_review_fold(a.key, r), _review_fold(b.key, r))]
    if not needed and fa == fb:  # two folds could each do it: those that changed one side only
        needed = [r for r, fold in _REVIEW_FOLDS if (fold(a.key) != a.key) != (fold(b.key) != b.key)]
    if fa != fb:
        needed.append("NAME_PLACEHOLDER")
    return tuple(needed) or ("NAME_CONFUSABLE_KANJI",)


def _placeholder_compatible(a: ParsedName, b: ParsedName) -> tuple[str, ...] | None:
    """A placeholder on a side, and the names could be the same if each stood for the right character(s)."""
    if not (a.placeholder or b.placeholder):
        return None
    if _gaiji_compatible(a.key, b.key):
        return ("NAME_PLACEHOLDER",)
    # A part written only in placeholders (山田 ■■) stands for the whole part.
    pa, pb = a.parts, b.parts
    if pa is not None and pb is not None and all(
            _all_wild(x) or _all_wild(y) or _gaiji_compatible(_run(x), _run(y)) for x, y in zip(pa, pb, strict=True)):
        return ("NAME_PLACEHOLDER",)
    return None


def _all_wild(part: str) -> bool:
    return bool(part) and all(_wild(ch) or ch == _NAME_SEP for ch in part)


def _placeholder_different(a: ParsedName, b: ParsedName) -> tuple[str, ...] | None:
    return ("NAME_DIFFERENT", "NAME_PLACEHOLDER") if a.placeholder or b.placeholder else None


def _parts_order(a: ParsedName, b: ParsedName) -> tuple[str, ...] | None:
    """Surname and given name written in the other order (太郎 山田 / 山田 太郎)."""
    pa, pb = a.parts, b.parts
    if pa is None or pb is None or a.alpha:
        return None
    ka, kb = a.key, b.key
    if len(ka) != len(kb) or ka not in kb + kb:  # swapped parts make one key a rotation of the other
        return None
    return ("NAME_PARTS_ORDER",) if _run(pa[0]) == _run(pb[1]) and _run(pa[1]) == _run(pb[0]) else None


def _mj_fold(a: ParsedName, b: ParsedName) -> tuple[str, ...] | None:
    ka, kb = a.key, b.key
    # Position by position: keys of two lengths never are (most pairs that get here; no call for them).
    return ("NAME_FOLD_MJ",) if len(ka) == len(kb) and _mj_equal(ka, kb) else None


def _kana_script(a: ParsedName, b: ParsedName) -> tuple[str, ...] | None:
    # to_katakana maps character to character: keys of two lengths never meet (most pairs that get here).
    ka, kb = a.key, b.key
    return ("NAME_KANA_SCRIPT",) if len(ka) == len(kb) and to_katakana(ka) == to_katakana(kb) else None


#: The name levels, in the order they are tried.  Similarity is never computed
#: on kanji: only the alphabet levels carry a score.
LEVELS: tuple[ComparisonLevel[ParsedName], ...] = (
    ComparisonLevel(Level.UNCERTAIN, _gaiji_compatible_level, "外字, could be the same", when="gaiji"),
    ComparisonLevel(Level.DIFFERENT, _gaiji_different, "外字, differs elsewhere", when="gaiji"),
    ComparisonLevel(Level.UNCERTAIN, _placeholder_compatible, "placeholder, could be the same",
                    hint=lambda a, b: _confusable_hint(a.shown, b.shown), when="placeholder"),
    ComparisonLevel(Level.DIFFERENT, _placeholder_different, "placeholder, differs elsewhere", when="placeholder"),
    ComparisonLevel(Level.EXACT, _exact, "exact"),
    ComparisonLevel(Level.UNCERTAIN, _script_differs, "alphabet or kana against kanji"),
    ComparisonLevel(Level.EQUIVALENT, _alpha_equivalent, "alphabet: case, diacritics, order, spacing", when="alpha"),
    ComparisonLevel(Level.UNCERTAIN, _alpha_extra_part, "alphabet: middle name or suffix", scored=True, when="alpha"),
    ComparisonLevel(Level.UNCERTAIN, _alpha_truncated, "alphabet: cut at a field width", scored=True, when="alpha"),
    ComparisonLevel(Level.UNCERTAIN, _alpha_transliteration, "alphabet: another romanization", scored=True,
                    when="alpha"),
    ComparisonLevel(Level.DIFFERENT, _alpha_different, "alphabet: different", scored=True, when="alpha"),
    ComparisonLevel(Level.EQUIVALENT, _kanji_folds, "IVS, notation, 々, ヶ/ッ, Tier-A variants"),
    ComparisonLevel(Level.UNCERTAIN, _maybe_same, "Tier-B confusable, look-alike kana, 歴史的仮名, ノ/之, が/ヶ, 〇",
                    hint=lambda a, b: _confusable_hint(a.key, b.key)),
    ComparisonLevel(Level.UNCERTAIN, _parts_order, "surname and given name in the other order"),
    ComparisonLevel(Level.EQUIVALENT, _mj_fold, "MJ縮退マップ"),
    ComparisonLevel(Level.UNCERTAIN, _kana_script, "hiragana against katakana"),
)


def _alpha_score(a: ParsedName, b: ParsedName) -> float | None:
    """Jaro-Winkler of the sorted alphabet tokens, to rank the review queue; None for other names."""
    if not a.alpha:
        return None
    return round(jellyfish.jaro_winkler_similarity(" ".join(sorted(a.tokens)), " ".join(sorted(b.tokens))), 4)


def _parse_valid(raw: object, backend: str) -> ParsedName:
    name = _parsed[backend](raw if type(raw) is str else str(raw))
    if name.invalid:
        raise InvalidName("a name holds characters no name is written with")
    return name


def _render(name: ParsedName) -> str:
    shown = name.shown
    return shown if len(shown) <= 80 else shown[:80] + "…"


#: The 氏名 comparator (legal names only; see :func:`compare_person` for aliases).
COMPARATOR: LevelledField[ParsedName] = LevelledField(
    name="name",
    prefix="NAME",
    parse=_parse_valid,
    render=_render,
    levels=LEVELS,
    score=_alpha_score,
    # The finding depends on the two names and the transliteration backend, and names repeat.
    cache_pairs=32768,
    mode=get_backend,
)


def parse(value: object) -> ParsedName:
    """The field verb: a name parsed; :class:`~mynacheck.errors.InvalidName` for characters no name has.

    >>> parse("髙橋\u3000一郎").key
    '高橋一郎'
    """
    if not isinstance(value, str):
        raise InvalidType(f"a name is text, not {type(value).__name__}")
    return _parse_valid(value, get_backend())


def normalize(value: object) -> str:
    """The field verb: :func:`normalize_name` (:class:`~mynacheck.errors.InvalidType` for any value not text)."""
    return normalize_name_with(value, get_backend())  # type: ignore[arg-type]


def compare(left: object, right: object) -> Finding:
    """Compare two legal names: :data:`COMPARATOR`."""
    return COMPARATOR.compare(left, right)


def _alias_candidates(legal: object, aliases: Sequence[str]) -> list[str]:
    """The aliases, plus 旧氏 + given name when an alias is a bare surname."""
    out: list[str] = []
    parts = parse_name(str(legal)).parts if not is_blank(legal) else None
    for alias in aliases:
        if is_blank(alias) or len(alias) > MAX_FIELD_LENGTH:
            continue
        out.append(alias)
        parsed = parse_name(alias)
        if parts is not None and parsed.parts is None and not parsed.alpha and not parsed.gaiji:
            out.append(f"{alias.strip()} {parts[1]}")
    return out


# --- 併記名: an alphabet name with the kanji (or kana) name written beside it ----------------

_HEIKI_BRACKETS = str.maketrans({"(": " ", ")": " ", "[": " ", "]": " ", "【": " ", "】": " ", "/": " "})


_LATIN = re.compile("[A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a]")


def _maybe_heiki(text: object) -> bool:
    """A cheap first look: Latin letters and Japanese characters in one name."""
    return isinstance(text, str) and _LATIN.search(text) is not None and _JAPANESE.search(text) is not None


def _script(token: str) -> str | None:
    """``"alpha"`` or ``"japanese"`` for a token written in one of them; None for a mixed or other token."""
    japanese = _JAPANESE.search(token) is not None
    latin = any(c.isalpha() and not _JAPANESE.match(c) for c in token)
    if japanese and not latin:
        return "japanese"
    if latin and not japanese:
        return "alpha"
    return None


def split_heiki(text: object) -> tuple[str, str] | None:
    """``(alphabet name, kanji or kana name)`` of a 併記名, or None for a name in one script.

    The register may write a foreign resident's alphabet name with the kanji
    name beside it (``LI MING 李 明``, ``李 明 (LI MING)``): one person, two names.

    >>> split_heiki("LI MING 李 明"), split_heiki("李 明（LI MING）"), split_heiki("李 明")
    (('LI MING', '李 明'), ('LI MING', '李 明'), None)
    """
    if not isinstance(text, str) or len(text) > MAX_FIELD_LENGTH:
        return None
    tokens = unicodedata.normalize("NFKC", text).translate(_HEIKI_BRACKETS).split()
    scripts = [_script(t) for t in tokens]
    if None in scripts or "alpha" not in scripts or "japanese" not in scripts:
        return None
    first = scripts[0]
    cut = scripts.index("japanese" if first == "alpha" else "alpha")
    if any(s != first for s in scripts[:cut]) or any(s == first for s in scripts[cut:]):
        return None  # the scripts alternate: not two names side by side
    head, tail = " ".join(tokens[:cut]), " ".join(tokens[cut:])
    return (head, tail) if first == "alpha" else (tail, head)


def _names_by_script(text: object) -> dict[str, str]:
    """A name's writings by script: both parts of a 併記名, else the name itself under its one script."""
    heiki = split_heiki(text)
    if heiki is not None:
        return {"alpha": heiki[0], "japanese": heiki[1]}
    if isinstance(text, str) and not is_blank(text) and len(text) <= MAX_FIELD_LENGTH:
        script = _script(unicodedata.normalize("NFKC", text).replace(" ", ""))
        if script is not None:
            return {script: text}
    return {}


def _heiki_finding(left: object, right: object, backend: str) -> Finding | None:
    """The names agree through a 併記名: every script both sides write agrees; None otherwise.

    ``LI MING 李 明`` confirms ``李 明`` and ``LI MING``; against ``WANG FANG 李 明``
    it confirms nothing (the alphabet names differ).
    """
    if not (_maybe_heiki(left) or _maybe_heiki(right)):
        return None
    a, b = _names_by_script(left), _names_by_script(right)
    if len(a) < 2 and len(b) < 2:
        return None
    shared = [script for script in ("alpha", "japanese") if script in a and script in b]
    if not shared:
        return None
    found = [COMPARATOR.compare(a[s], b[s], mode=backend) for s in shared]
    if not all(f.level.agrees for f in found):
        return None
    reasons = tuple(dict.fromkeys(r for f in found for r in f.reasons))
    return Finding("name", Level.EQUIVALENT, (*reasons, "NAME_HEIKI_MATCH"), show(str(left).strip()),
                   show(str(right).strip()), Level.EQUIVALENT.verdict, via="name")


def compare_person(
    left: object, left_aliases: Sequence[str], right: object, right_aliases: Sequence[str], *,
    mode: str | None = None,
) -> Finding:
    """Compare a business record's names (``left``) with a register record's (``right``).

    When the legal names differ:

    - a 併記名 (``LI MING 李 明``) is read as both of its names, and either may
      confirm the other side's name (``NAME_HEIKI_MATCH``);
    - the register's aliases (旧氏, 通称 recorded on the 住民票; a bare 旧氏 is
      tried with the given name) may confirm the business name (``NAME_ALIAS_MATCH``);
    - the business record's own aliases are business data, not the register's: one
      that agrees with a register name turns a ``DIFFERENT`` name into ``UNCERTAIN``
      (review, ``NAME_BUSINESS_ALIAS``), never into a match.

    An alias or a 併記名 part matches only exactly or through a Tier-A fold, never
    fuzzily; the finding's ``via`` says whether the legal name or an alias matched.

    >>> f = compare_person("木村 明", [], "李 明", ["木村 明"])
    >>> f.level.agrees, f.via, f.reasons
    (True, 'alias', ('NAME_ALIAS_MATCH',))
    >>> f = compare_person("山田 花子", ["鈴木"], "鈴木 花子", [])   # the alias is the business system's
    >>> f.level, f.reasons
    (<Level.UNCERTAIN: 'uncertain'>, ('NAME_BUSINESS_ALIAS',))
    >>> compare_person("李 明", [], "LI MING 李 明", []).reasons
    ('NAME_HEIKI_MATCH',)
    """
    # ``mode``: the transliteration backend, read once for every comparison of the pair.
    backend = get_backend() if mode is None else mode
    # via="name" is set as the finding is made: attrs.evolve afterwards cost more than comparing an exact name.
    finding = COMPARATOR.compare(left, right, via="name", mode=backend)
    if finding.level.agrees:
        return finding
    if finding.level in (Level.ABSENT, Level.MISSING) or "RECORD_FIELD_TOO_LONG" in finding.reasons:
        # A legal name unknown on one side is reviewed as such: an alias stands for
        # a legal name and cannot confirm one that is not there.
        return finding
    heiki = _heiki_finding(left, right, backend)  # before INVALID: 李 明（LI MING） holds brackets
    if heiki is not None:
        return heiki
    if finding.level is Level.INVALID:
        return finding
    registered = _alias_candidates(right, right_aliases)
    for r in registered:
        alias = COMPARATOR.compare(left, r, mode=backend)
        if alias.level.agrees:
            return attrs.evolve(alias, level=Level.EQUIVALENT, verdict=Level.EQUIVALENT.verdict,
                                reasons=(*alias.reasons, "NAME_ALIAS_MATCH"), via="alias")
    if finding.level is not Level.DIFFERENT or not left_aliases:
        return finding
    for a in _alias_candidates(left, left_aliases):
        for y in (right, *registered):
            if is_blank(y) or not COMPARATOR.compare(a, y, mode=backend).level.agrees:
                continue
            return attrs.evolve(finding, level=Level.UNCERTAIN, verdict=Verdict.REVIEW,
                                reasons=("NAME_BUSINESS_ALIAS",), score=None)
    return finding


@attrs.frozen(slots=True)
class NamePartLevels:
    """How the surname and the given name compare, each on its own."""

    surname: Level
    given: Level


def _part_level(x: str, y: str, parsed: Callable[[str], ParsedName]) -> Level:
    if x == y:
        return Level.EXACT
    a, b = parsed(x), parsed(y)
    if a.invalid or b.invalid:
        return Level.UNCERTAIN
    level = COMPARATOR.level_of(a, b)[0]
    return Level.UNCERTAIN if level is Level.NEAR else level


def _split_like(whole: ParsedName, parts: tuple[str, str]) -> tuple[str, str] | None:
    """Split an unseparated name the way the other side is split."""
    sur_key, given_key = _run(parts[0]), _run(parts[1])
    key, raw = whole.key, whole.shown
    if len(key) != len(raw):
        return None  # 々 or a separator changed the length: positions don't line up
    if key.startswith(sur_key):
        cut = len(sur_key)
    elif key.endswith(given_key):
        cut = len(key) - len(given_key)
    elif variants.fold_confusables(key).startswith(variants.fold_confusables(sur_key)):
        cut = len(sur_key)
    else:
        return None
    if not 0 < cut < len(key):
        return None
    return raw[:cut], raw[cut:]


def compare_parts(left: object, right: object) -> NamePartLevels | None:
    """Surname and given-name levels, or None when a name can't be split.

    When only one side separates surname and given name, the other is split
    to match it (山田太郎 against 山田 太郎).

    >>> compare_parts("髙橋 一郎", "高橋次郎")
    NamePartLevels(surname=<Level.EQUIVALENT: 'equivalent'>, given=<Level.DIFFERENT: 'different'>)
    """
    if is_blank(left) or is_blank(right):
        return None
    if _maybe_heiki(left) or _maybe_heiki(right):
        # A 併記名 on a side: its parts are read in the other side's script (李 明 against LI MING 李 明).
        a_names, b_names = _names_by_script(left), _names_by_script(right)
        if len(a_names) == 2 or len(b_names) == 2:
            shared = [s for s in ("japanese", "alpha") if s in a_names and s in b_names]
            if not shared:
                return None
            left, right = a_names[shared[0]], b_names[shared[0]]
    parsed = _parsed[get_backend()]  # one backend for every part of the pair
    a, b = parsed(str(left)), parsed(str(right))
    if a.invalid or b.invalid or a.alpha != b.alpha:
        return None
    if a.alpha:
        if Counter(a.tokens) == Counter(b.tokens):
            level = Level.EXACT if a.tokens == b.tokens and a.raw == b.raw else Level.EQUIVALENT
            return NamePartLevels(level, level)
        if not a.tokens or not b.tokens:
            return None
        sur = Level.EXACT if a.tokens[0] == b.tokens[0] else Level.DIFFERENT
        giv = Level.EXACT if a.tokens[1:] == b.tokens[1:] else Level.DIFFERENT
        return NamePartLevels(sur, giv)
    pa, pb = a.parts, b.parts
    if pa is None and pb is not None:
        pa = _split_like(a, pb)
    elif pb is None and pa is not None:
        pb = _split_like(b, pa)
    if pa is None or pb is None:
        return None
    return NamePartLevels(_part_level(pa[0], pb[0], parsed), _part_level(pa[1], pb[1], parsed))
