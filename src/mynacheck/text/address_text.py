"""Character-level folds for addresses: dashes, numerals, ヶ/ケ/が, ツ/ッ, の/ノ/之.

Two strings are kept side by side while an address is parsed: the *display*
text (NFKC, Tier-A variants folded, dashes unified) and the *key* text, a
same-length copy with the place-name folds applied.  The key folds are all
one character to one character, so a position in one is a position in the
other.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable

from ..memo import memo
from .numerals import KANJI_DIGITS, kanji_to_int
from .unicode import fold_debris
from .variants import fold_variants

__all__ = [
    "DASHES",
    "prepare",
    "prepare_parts",
    "prepare_locality",
    "fold_place_variants",
    "fold_dashes",
    "name_key",
    "key_fold",
    "numeral_variants",
    "int_to_kanji",
    "convert_block_numerals",
    "street_key",
    "fold_floors",
    "building_key",
]

#: Dash-like characters that people type between address numbers (after NFKC).
DASHES = "-‐‑‒–—―−ー─━ｰ˗﹣⁃⎯～〜~"

# Place-name variants that are not in the names Tier-A table: in a place name
# the registered spelling is fixed, so 舘/館 (a Tier-B confusable in personal
# names) folds here; 驒/騨 (飛驒市) is folded whatever the names table says; 巿 (U+5DFF) is a frequent mis-typing of 市; 亞/亜, 麩/麸, 彌/弥, 莵/菟 and 藪/薮 occur in town names of the ABR/Japan
# Post data sets written both ways.
_PLACE_VARIANTS = str.maketrans({"驒": "騨", "舘": "館", "亞": "亜", "麩": "麸", "彌": "弥", "檜": "桧", "龍": "竜", "莵": "菟", "巿": "市", "藪": "薮"})

# One-to-one folds for comparing place names (霞が関/霞ケ関/霞ヶ関, 星の宮/星ノ宮,
# 森廻り町/森廻リ町): hiragana to katakana, then ヶ/ケ/ガ, ッ/ツ and の/ノ/之.
_KEY_FOLD = str.maketrans({
    **{chr(c): chr(c + 0x60) for c in range(0x3041, 0x3097)},
    "ヶ": "ケ", "ヵ": "ケ", "が": "ケ", "ガ": "ケ", "ゖ": "ケ", "ゕ": "ケ",
    "ッ": "ツ", "っ": "ツ", "つ": "ツ",
    "の": "ノ", "之": "ノ", "乃": "ノ",
})

# A long text (the whole reference table, folded once when it is loaded) mostly holds
# characters no fold touches: there a search for the few that change beats str.translate,
# which looks every character up in the table's dict.
_LONG_TEXT = 4096


def _sparse_fold(table: dict[int, str]) -> tuple[re.Pattern[str], Callable[[re.Match[str]], str]]:
    """The pattern of the characters ``table`` changes, and the replacement of one match."""
    def run(m: re.Match[str]) -> str:
        return m.group().translate(table)

    return re.compile("[" + "".join(re.escape(chr(c)) for c in table) + "]+"), run


_PLACE_VARIANT_RUN, _place_variant_run = _sparse_fold(_PLACE_VARIANTS)
_KEY_FOLD_RUN, _key_fold_run = _sparse_fold(_KEY_FOLD)

_NUMERAL = "0-9〇一二三四五六七八九十百千"
_DASH_RE = re.compile(f"(?<=[{_NUMERAL}])\\s*[{re.escape(DASHES)}]+\\s*(?=[^\\s{re.escape(DASHES)}])"
                      f"|(?<=[^\\u30a0-\\u30ff\\s])[{re.escape(DASHES)}]+(?=[0-9])")
_SPACES = re.compile(r"[\s\u3000]+")
_VS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")


def fold_dashes(text: str) -> str:
    """Turn a run of dash-like characters next to a number into one ASCII hyphen.

    A long-vowel mark inside a katakana word (インター) is left alone.

    >>> fold_dashes("2ー1ー2"), fold_dashes("一四━Ａ二二"), fold_dashes("センター")
    ('2-1-2', '一四-Ａ二二', 'センター')
    """
    return _DASH_RE.sub("-", text)


def prepare(text: str) -> str:
    """NFKC, transport debris out (:func:`~mynacheck.text.unicode.fold_debris`), spaces folded, Tier-A and place variants folded, dashes unified.

    >>> prepare("東京都　江東区豊洲１ー２ー２７")
    '東京都 江東区豊洲1-2-27'
    >>> prepare("飛驒市")
    '飛騨市'
    """
    return prepare_parts(text)[1]


def prepare_parts(text: str) -> tuple[str, str, bool]:
    """One pass of :func:`prepare` that also returns the plain cleaned text and
    whether a variant kanji was folded: ``(plain, prepared, variant_folded)``.

    >>> prepare_parts("飛驒市 1ー2")
    ('飛驒市 1ー2', '飛騨市 1-2', True)
    """
    text = _VS.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    if not text.isprintable():
        text = fold_debris(text)  # transport debris: white-space controls become a space, the rest goes
    plain = _SPACES.sub(" ", text).strip()
    folded = fold_place_variants(plain)
    return plain, fold_dashes(folded), folded != plain


def prepare_locality(text: str) -> tuple[str, bool] | None:
    """``(prepared, variant_folded)`` of the text before an address's first digit,
    or None if preparing it apart from what follows could differ.

    For a number part ``n`` (a digit, then digits, dashes and 番地/番/号/丁目/の,
    no spaces) ``prepare_parts(text + n)`` is ``prepared + fold_dashes(NFKC(n))``
    with the same variant flag: NFKC does not compose across a leading digit,
    the other folds are per character, white space before the number part stays
    one space, and only a dash there would be folded differently (None).

    >>> prepare_locality("飛驒市　古川町 "), prepare_locality("長野市ー")
    (('飛騨市 古川町 ', True), None)
    """
    text = unicodedata.normalize("NFKC", _VS.sub("", text))
    if not text.isprintable():
        text = fold_debris(text)
    plain = _SPACES.sub(" ", text).strip()
    if not plain:
        return None
    folded = fold_place_variants(plain)
    if folded[-1] in DASHES:
        return None
    return fold_dashes(folded) + (" " if text[-1].isspace() else ""), folded != plain


def fold_place_variants(text: str) -> str:
    """Tier-A variant kanji (the names table) plus the place-name variants.

    >>> fold_place_variants("飛驒市大字舘")
    '飛騨市大字館'
    """
    text = fold_variants(text)
    if len(text) > _LONG_TEXT:
        return _PLACE_VARIANT_RUN.sub(_place_variant_run, text)
    return text.translate(_PLACE_VARIANTS)


def key_fold(text: str) -> str:
    """The one-to-one place-name folds (kana script, ヶ/ケ/が, ッ/ツ, の/ノ/之); same length as the input.

    >>> key_fold("つつじが丘") == key_fold("ツツジヶ丘")
    True
    """
    if len(text) > _LONG_TEXT:
        return _KEY_FOLD_RUN.sub(_key_fold_run, text)
    return text.translate(_KEY_FOLD)


@memo(maxsize=16384)
def name_key(text: str) -> str:
    """The comparison key of a place name: prepared, key-folded, without spaces.

    Cached: it is called on towns, municipalities and 小字, which repeat.

    >>> name_key("霞が関") == name_key("霞ヶ関") == name_key("霞ケ関")
    True
    >>> name_key("川﨑") == name_key("川崎")
    True
    """
    return key_fold(prepare(text)).replace(" ", "")


def int_to_kanji(value: int) -> str:
    """Write an int (0 < value < 10000) the way place names do (十一, 二十四, 百).

    >>> int_to_kanji(24), int_to_kanji(10), int_to_kanji(1613)
    ('二十四', '十', '千六百十三')
    """
    digits = "〇一二三四五六七八九"
    if value <= 0 or value >= 10_000:
        return str(value)
    out = []
    for unit, sym in ((1000, "千"), (100, "百"), (10, "十")):
        q, value = divmod(value, unit)
        if q:
            out.append(("" if q == 1 else digits[q]) + sym)
    if value:
        out.append(digits[value])
    return "".join(out)


_NUMBER_RUN = re.compile("[〇一二三四五六七八九十百千壱弐参拾]+|[0-9]+")
#: The first number of a name (kanji or digits), or None: a name without one is its only spelling.
holds_numeral = _NUMBER_RUN.search


def numeral_variants(name: str) -> set[str]:
    """The spellings of a name with its numbers in kanji and in digits.

    >>> sorted(numeral_variants("北一条西"))
    ['北1条西', '北一条西']
    >>> sorted(numeral_variants("秋月1条"))
    ['秋月1条', '秋月一条']
    """
    if holds_numeral(name) is None:
        return {name}  # most names hold no number (and the address table has 120,000 of them)
    pieces: list[list[str]] = []
    last = 0
    for m in _NUMBER_RUN.finditer(name):
        run = m.group()
        pieces.append([name[last:m.start()]])
        if run.isdigit():
            pieces.append([run, int_to_kanji(int(run))])
        else:
            try:
                value = kanji_to_int(run)
                pieces.append(list(dict.fromkeys((run, str(value), int_to_kanji(value)))))
            except ValueError:
                pieces.append([run])
        last = m.end()
    pieces.append([name[last:]])
    if len(pieces) > 7:  # more than three numbers: only the all-kanji and all-digit spellings
        return {name, "".join(p[-1] for p in pieces), "".join(p[0] for p in pieces)}
    return {"".join(combo) for combo in itertools.product(*pieces)}


# A kanji numeral run in the block part is a number only next to an address
# connector; elsewhere (東四十八, 三五十) it stays text.
_BLOCK_NUMERAL = re.compile(
    "(?:(?<=[-番号のノ之目丁地A-Za-z\\s])|^)[〇一二三四五六七八九十百千]+"
    "(?=丁|番|号|の|ノ|之|-|地割|条|$|\\s|[0-9])"
    "|[〇一二三四五六七八九十百千]+(?=丁目|番地|番|号|地割)"
)


def convert_block_numerals(text: str) -> str:
    """Kanji numerals that are address numbers become digits.

    >>> convert_block_numerals("一丁目五百三十七の一")
    '1丁目537の1'
    >>> convert_block_numerals("四十五番地1")
    '45番地1'
    >>> convert_block_numerals("東四十八")
    '東四十八'
    >>> convert_block_numerals("10番1号六本木ヒルズ")
    '10番1号六本木ヒルズ'
    """

    def conv(m: re.Match[str]) -> str:
        run = m.group()
        try:
            return str(kanji_to_int(run))
        except ValueError:
            # 一四一三 with a stray unit: keep it, a human will see it.
            if all(ch in KANJI_DIGITS for ch in run):
                return run
            return run

    return _BLOCK_NUMERAL.sub(conv, text)


# Kyoto street notation, on key-folded text (る → ル, が → ケ): 上がる/上ル/上る are one
# direction word, 西入/西入ル/西入る another, and 通 (通り) is written or left out
# (寺町通御池上ル = 寺町御池上る).  The forms follow the city's own usage
# (京都市の町名表示: 「通り名＋上ル・下ル・西入・東入」).
_STREET_FORMS = re.compile("通リ|通|(?<=[上下])ケ(?=ル)|(?<=入)ル")


def street_key(street: str) -> str:
    """The comparison key of a Kyoto street prefix.

    >>> street_key("寺町通御池上る") == street_key("寺町御池上ル") == street_key("寺町通り御池上がル")
    True
    >>> street_key("蛸薬師通烏丸西入") == street_key("蛸薬師烏丸西入る")
    True
    >>> street_key("寺町通御池上る") == street_key("寺町通御池下る")
    False
    """
    return _STREET_FORMS.sub("", name_key(street))


# Floors: 2階, 2F, ２Ｆ, 2FL and 二階 are one notation; B1F, B1階 and 地下1階 another.
_KANJI_FLOOR = re.compile("[〇一二三四五六七八九十]+(?=階)")
_BASEMENT = re.compile(r"(?<![A-Za-z])[Bb]([0-9]+)(?:[Ff][Ll]?|階)(?![A-Za-z])")
_FLOOR = re.compile(r"(?<![A-Za-z])([0-9]+)[Ff][Ll]?(?![A-Za-z])")


def fold_floors(text: str) -> str:
    """Write every floor as N階 (basement: 地下N階); the text is NFKC already.

    >>> fold_floors("ハイツ2F"), fold_floors("ハイツ二階"), fold_floors("タワー45FL"), fold_floors("B1F")
    ('ハイツ2階', 'ハイツ2階', 'タワー45階', '地下1階')
    >>> fold_floors("2号棟")
    '2号棟'
    """
    if "階" in text:
        text = _KANJI_FLOOR.sub(lambda m: str(kanji_to_int(m.group())), text)
    elif "F" not in text and "f" not in text:
        return text
    return _FLOOR.sub(r"\1階", _BASEMENT.sub(r"地下\1階", text))


@memo(maxsize=16384)
def building_key(text: str) -> str:
    """The comparison key of a building text: :func:`name_key` with floors folded (2F = 2階).

    >>> building_key("ハイツ２Ｆ") == building_key("ハイツ2階") == building_key("ハイツ 二階")
    True
    """
    return key_fold(fold_floors(prepare(text))).replace(" ", "") if text else ""
