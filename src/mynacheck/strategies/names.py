"""Hypothesis strategies for names: realistic people's names and the ways they get written.

- :func:`names`: a :class:`PersonName` (kanji + kana, or an alphabet name
  for a foreign resident), drawn from frequency-weighted lists;
- :func:`name_renderings`: the same 氏名 written another way (Tier-A variant
  kanji, IVS, compatibility ideographs, 々, spacing, width; for alphabet
  names order, case, diacritics and spacing).  It always matches;
- :func:`kana_renderings`: the same カナ氏名 written another way (half-width,
  hiragana, small kana written large, ー for a vowel, spacing).  It always
  matches in lenient mode; with ``strict=True`` only folds that strict mode
  accepts are used;
- :func:`confusable_pairs`: two names that differ only by a Tier-B
  confusable (斉/斎, 伊東/伊藤 ...).  They must never match;
- :func:`lookalike_renderings`: the same 氏名 with a kanji replaced by the kana or
  dash it looks like (口 → ロ, 一 → ー) or by a placeholder for a character the
  system could not hold (？, ■, 〓 ...).  It must never match.

Example::

    from hypothesis import given
    from mynacheck.strategies.names import names, name_renderings

    @given(names().flatmap(lambda n: name_renderings(n.name).map(lambda r: (n.name, r))))
    def test_my_system_accepts_variant_kanji(pair):
        ...
"""

from __future__ import annotations

import functools
import unicodedata

import attrs
from hypothesis import strategies as st

from ..fields.name import LOOKALIKES
from ..text import variants
from ..text.unicode import PLACEHOLDERS

__all__ = [
    "PersonName",
    "names",
    "name_renderings",
    "kana_renderings",
    "confusable_pairs",
    "lookalike_renderings",
    "SURNAMES",
    "GIVEN_NAMES",
    "FOREIGN_NAMES",
    "CHINESE_NAMES",
]

# Surnames in rough frequency order (kanji, kana); the weight falls with the rank.
# Some are written with the variant the family registered (髙橋, 渡邊, 山﨑 ...).
SURNAMES: tuple[tuple[str, str], ...] = (
    ("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"), ("伊藤", "イトウ"),
    ("渡辺", "ワタナベ"), ("山本", "ヤマモト"), ("中村", "ナカムラ"), ("小林", "コバヤシ"), ("加藤", "カトウ"),
    ("吉田", "ヨシダ"), ("山田", "ヤマダ"), ("佐々木", "ササキ"), ("山口", "ヤマグチ"), ("松本", "マツモト"),
    ("井上", "イノウエ"), ("木村", "キムラ"), ("林", "ハヤシ"), ("斎藤", "サイトウ"), ("清水", "シミズ"),
    ("山崎", "ヤマザキ"), ("森", "モリ"), ("池田", "イケダ"), ("橋本", "ハシモト"), ("阿部", "アベ"),
    ("石川", "イシカワ"), ("山下", "ヤマシタ"), ("中島", "ナカジマ"), ("石井", "イシイ"), ("小川", "オガワ"),
    ("前田", "マエダ"), ("岡田", "オカダ"), ("長谷川", "ハセガワ"), ("藤田", "フジタ"), ("後藤", "ゴトウ"),
    ("近藤", "コンドウ"), ("村上", "ムラカミ"), ("遠藤", "エンドウ"), ("青木", "アオキ"), ("坂本", "サカモト"),
    ("斉藤", "サイトウ"), ("福田", "フクダ"), ("太田", "オオタ"), ("西村", "ニシムラ"), ("藤井", "フジイ"),
    ("金子", "カネコ"), ("岡本", "オカモト"), ("藤原", "フジワラ"), ("中野", "ナカノ"), ("三浦", "ミウラ"),
    ("原田", "ハラダ"), ("中川", "ナカガワ"), ("松田", "マツダ"), ("竹内", "タケウチ"), ("小野", "オノ"),
    ("田村", "タムラ"), ("中山", "ナカヤマ"), ("和田", "ワダ"), ("石田", "イシダ"), ("森田", "モリタ"),
    ("上田", "ウエダ"), ("原", "ハラ"), ("内田", "ウチダ"), ("柴田", "シバタ"), ("酒井", "サカイ"),
    ("宮崎", "ミヤザキ"), ("横山", "ヨコヤマ"), ("高木", "タカギ"), ("安藤", "アンドウ"), ("宮本", "ミヤモト"),
    ("大野", "オオノ"), ("小島", "コジマ"), ("谷口", "タニグチ"), ("今井", "イマイ"), ("工藤", "クドウ"),
    ("高田", "タカダ"), ("増田", "マスダ"), ("丸山", "マルヤマ"), ("杉山", "スギヤマ"), ("村田", "ムラタ"),
    ("大塚", "オオツカ"), ("新井", "アライ"), ("小山", "コヤマ"), ("平野", "ヒラノ"), ("藤本", "フジモト"),
    ("河野", "コウノ"), ("上野", "ウエノ"), ("野口", "ノグチ"), ("武田", "タケダ"), ("松井", "マツイ"),
    ("千葉", "チバ"), ("岩崎", "イワサキ"), ("菅原", "スガワラ"), ("木下", "キノシタ"), ("久保", "クボ"),
    ("佐野", "サノ"), ("野村", "ノムラ"), ("松尾", "マツオ"), ("市川", "イチカワ"), ("菊地", "キクチ"),
    ("杉本", "スギモト"), ("古川", "フルカワ"), ("大西", "オオニシ"), ("島田", "シマダ"), ("水野", "ミズノ"),
    ("桜井", "サクライ"), ("高野", "タカノ"), ("渡部", "ワタベ"), ("吉川", "ヨシカワ"), ("山内", "ヤマウチ"),
    ("飯田", "イイダ"), ("菊池", "キクチ"), ("五十嵐", "イガラシ"), ("服部", "ハットリ"), ("伊東", "イトウ"),
    ("浜田", "ハマダ"), ("辻", "ツジ"), ("望月", "モチヅキ"), ("沢田", "サワダ"), ("広瀬", "ヒロセ"),
    ("髙橋", "タカハシ"), ("渡邊", "ワタナベ"), ("渡邉", "ワタナベ"), ("齋藤", "サイトウ"), ("山﨑", "ヤマサキ"),
    ("澤田", "サワダ"), ("濱田", "ハマダ"), ("𠮷田", "ヨシダ"), ("廣瀬", "ヒロセ"), ("櫻井", "サクライ"),
    ("嶋田", "シマダ"), ("冨田", "トミタ"), ("舘野", "タテノ"),
)

# Given names (kanji, kana).
GIVEN_NAMES: tuple[tuple[str, str], ...] = (
    ("太郎", "タロウ"), ("一郎", "イチロウ"), ("健", "ケン"), ("翔太", "ショウタ"), ("大輔", "ダイスケ"),
    ("拓也", "タクヤ"), ("誠", "マコト"), ("浩", "ヒロシ"), ("隆", "タカシ"), ("明", "アキラ"),
    ("茂", "シゲル"), ("清", "キヨシ"), ("修", "オサム"), ("蓮", "レン"), ("大翔", "ヒロト"),
    ("悠真", "ユウマ"), ("陽翔", "ハルト"), ("湊", "ミナト"), ("健太", "ケンタ"), ("直樹", "ナオキ"),
    ("和也", "カズヤ"), ("達也", "タツヤ"), ("亮", "リョウ"), ("聡", "サトシ"), ("正", "タダシ"),
    ("翔一", "ショウイチ"), ("勇気", "ユウキ"), ("雄一", "ユウイチ"), ("龍之介", "リュウノスケ"), ("眞一", "シンイチ"),
    ("花子", "ハナコ"), ("恵子", "ケイコ"), ("京子", "キョウコ"), ("洋子", "ヨウコ"), ("幸子", "サチコ"),
    ("和子", "カズコ"), ("美穂", "ミホ"), ("陽子", "ヨウコ"), ("由美", "ユミ"), ("真由美", "マユミ"),
    ("愛", "アイ"), ("優子", "ユウコ"), ("結衣", "ユイ"), ("陽菜", "ヒナ"), ("さくら", "サクラ"),
    ("美咲", "ミサキ"), ("葵", "アオイ"), ("凛", "リン"), ("芽依", "メイ"), ("千尋", "チヒロ"),
    ("智子", "トモコ"), ("裕子", "ユウコ"), ("久美子", "クミコ"), ("直美", "ナオミ"), ("由紀", "ユキ"),
    ("祐子", "ユウコ"), ("奈々", "ナナ"), ("菜々子", "ナナコ"), ("惠", "メグミ"), ("櫻子", "サクラコ"),
    ("エミリ", "エミリ"), ("ジョージ", "ジョージ"), ("マリア", "マリア"),
)

# Foreign residents: (residence-card name surname first, a form with diacritics, kana).
FOREIGN_NAMES: tuple[tuple[str, str, str], ...] = (
    ("NGUYEN VAN AN", "Nguyễn Văn An", "グエン ヴァン アン"),
    ("TRAN THI HOA", "Trần Thị Hoa", "チャン ティ ホア"),
    ("LE MINH DUC", "Lê Minh Đức", "レ ミン ドゥック"),
    ("KIM MIN JUN", "Kim Min Jun", "キム ミンジュン"),
    ("PARK JI YEON", "Park Ji Yeon", "パク ジヨン"),
    ("SANTOS MARIA CLARA", "Santos María Clara", "サントス マリア クララ"),
    ("SILVA JOAO PEDRO", "Silva João Pedro", "シルバ ジョアン ペドロ"),
    ("GARCIA JOSE LUIS", "García José Luis", "ガルシア ホセ ルイス"),
    ("MULLER JURGEN", "Müller Jürgen", "ミュラー ユルゲン"),
    ("SMITH JOHN", "Smith John", "スミス ジョン"),
)


# Chinese residents with a kanji name: (surname, given, kana surname, kana given).
# Other systems may hold the simplified forms (张伟 for 張偉).
CHINESE_NAMES: tuple[tuple[str, str, str, str], ...] = (
    ("張", "偉", "チョウ", "イ"), ("王", "芳", "オウ", "ホウ"), ("劉", "洋", "リュウ", "ヨウ"),
    ("陳", "静", "チン", "セイ"), ("楊", "麗", "ヨウ", "レイ"), ("趙", "剛", "チョウ", "ゴウ"),
    ("黄", "偉", "コウ", "イ"), ("孫", "紅", "ソン", "コウ"), ("鄭", "華", "テイ", "カ"),
    ("李", "軍", "リ", "グン"),
)


@attrs.frozen(slots=True)
class PersonName:
    """One person's name as the register holds it.

    ``name`` is surname and given name separated by one space (alphabet
    names surname first, upper case, as on the residence card); ``kana`` is
    the reading; ``foreign`` marks an alphabet name, whose ``accented`` form
    is how a system with diacritics writes it.
    """

    surname: str
    given: str
    kana_surname: str
    kana_given: str
    foreign: bool = False
    accented: str | None = None
    #: A Chinese resident's kanji name: renderings may use simplified forms.
    chinese: bool = False

    @property
    def name(self) -> str:
        return f"{self.surname} {self.given}"

    @property
    def kana(self) -> str:
        return f"{self.kana_surname} {self.kana_given}"


def _weighted(pool: tuple[tuple[str, str], ...]) -> st.SearchStrategy[tuple[str, str]]:
    # Rank-weighted without hypothesis' weighted sampling: the head of the list
    # is drawn from more often, and shrinking still goes towards the first entry.
    head = pool[: max(1, len(pool) // 5)]
    return st.one_of(st.sampled_from(head), st.sampled_from(pool))


@st.composite
def _japanese(draw: st.DrawFn) -> PersonName:
    surname, kana_s = draw(_weighted(SURNAMES))
    given, kana_g = draw(_weighted(GIVEN_NAMES))
    return PersonName(surname, given, kana_s, kana_g)


@st.composite
def _foreign(draw: st.DrawFn) -> PersonName:
    card, accented, kana = draw(st.sampled_from(FOREIGN_NAMES))
    surname, _, given = card.partition(" ")
    kana_s, _, kana_g = kana.partition(" ")
    return PersonName(surname, given, kana_s, kana_g, foreign=True, accented=accented)


@st.composite
def _chinese(draw: st.DrawFn) -> PersonName:
    surname, given, kana_s, kana_g = draw(st.sampled_from(CHINESE_NAMES))
    return PersonName(surname, given, kana_s, kana_g, chinese=True)


def names(foreign: bool = True) -> st.SearchStrategy[PersonName]:
    """Realistic names: mostly Japanese (kanji + kana), some foreign residents'.

    Foreign residents have an alphabet name (as on the residence card) or,
    for Chinese residents, a kanji name.  ``foreign=False`` draws Japanese
    names only.
    """
    if not foreign:
        return _japanese()
    return st.one_of(_japanese(), _japanese(), _japanese(), _foreign(), _chinese())


# --- renderings ------------------------------------------------------------------


@functools.cache
def _variant_classes(simplified: bool = False) -> dict[str, tuple[str, ...]]:
    """Each character of a Tier-A class → the whole class (simplified Chinese forms on request)."""
    members: dict[str, list[str]] = {}
    tables = variants.tables()
    for variant, canonical in tables.tier_a.items():
        if unicodedata.normalize("NFKC", variant) != variant:
            continue
        if tables.basis.get(variant) == "opencc" and not simplified:
            continue
        members.setdefault(canonical, [canonical]).append(variant)
    # Compatibility ideographs that NFKC folds (神 U+FA19 ...): a register system may hold them.
    for cp in range(0xF900, 0xFB00):
        ch = chr(cp)
        base = unicodedata.normalize("NFKC", ch)
        if base != ch and len(base) == 1 and "\u4e00" <= base <= "\u9fff":
            canonical = tables.tier_a.get(base, base)
            members.setdefault(canonical, [canonical]).append(ch)
    out: dict[str, tuple[str, ...]] = {}
    for group in members.values():
        for ch in group:
            out[ch] = tuple(group)
    return out


@st.composite
def _kanji_rendering(draw: st.DrawFn, text: str, simplified: bool = False) -> str:
    classes = _variant_classes(simplified)
    out = []
    for ch in text:
        if ch in classes and draw(st.booleans()):
            ch = draw(st.sampled_from(classes[ch]))
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff" and draw(st.integers(0, 9)) == 0:
            out.append(chr(0xE0100 + draw(st.integers(0, 3))))  # an IVS glyph choice
    rendered = "".join(out)
    # 々 written out or used: 佐々木 ↔ 佐佐木.
    if "々" in rendered and draw(st.booleans()):
        rendered = variants.expand_iteration(rendered)
    return rendered


_SEPARATORS = (" ", "\u3000", "\u00a0", "", "  ")


@st.composite
def _name_rendering(draw: st.DrawFn, name: str, simplified: bool = False) -> str:
    surname, _, given = name.partition(" ")
    if name.isascii():
        return draw(_alpha_rendering(name, None))
    sep = draw(st.sampled_from(_SEPARATORS))
    rendered = draw(_kanji_rendering(surname, simplified)) + sep + draw(_kanji_rendering(given, simplified))
    if draw(st.booleans()):
        # Legacy systems wrote the katakana of a name in half-width (エミリ → ｴﾐﾘ).
        table = _half_width()
        rendered = "".join(table.get(c, c) for c in rendered)
    pad = draw(st.sampled_from(("", " ", "\u3000")))
    return pad + rendered + pad


@st.composite
def _alpha_rendering(draw: st.DrawFn, name: str, accented: str | None) -> str:
    base = accented if accented is not None and draw(st.booleans()) else name
    tokens = base.split()
    kind = draw(st.sampled_from(("as is", "given first", "shuffled")))
    if kind == "given first":
        tokens = tokens[1:] + tokens[:1]
    elif kind == "shuffled":
        tokens = draw(st.permutations(tokens))
    case = draw(st.sampled_from(("upper", "lower", "title", "as is")))
    if case == "upper":
        tokens = [t.upper() for t in tokens]
    elif case == "lower":
        tokens = [t.lower() for t in tokens]
    elif case == "title":
        tokens = [t.title() for t in tokens]
    text = " ".join(tokens)
    if len(tokens) >= 3 and kind == "as is" and draw(st.booleans()):
        # KIM MIN JUN → KIM MINJUN / KIM MIN-JUN
        joiner = draw(st.sampled_from(("", "-")))
        text = " ".join(tokens[:-2]) + " " + tokens[-2] + joiner + tokens[-1]
    if draw(st.booleans()):
        text = unicodedata.normalize("NFKC", text)
    elif draw(st.integers(0, 4)) == 0:
        text = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text)
    return text


def name_renderings(name: str | PersonName) -> st.SearchStrategy[str]:
    """The same 氏名 written another way; it always matches ``name``.

    Japanese names vary Tier-A variant kanji (both ways: 高 ↔ 髙), IVS
    selectors, compatibility ideographs, 々, half-width katakana, the
    separator (space, U+3000, NBSP, none) and padding; a Chinese resident's kanji name may also be
    written in simplified forms (張偉 → 张伟).  Alphabet names vary the part order, case,
    diacritics, spacing inside a given name and full-width letters.
    """
    if isinstance(name, PersonName):
        if name.foreign:
            return _alpha_rendering(name.name, name.accented)
        return _name_rendering(name.name, simplified=name.chinese)
    return _name_rendering(name)


_HIRA = {chr(cp + 0x60): chr(cp) for cp in range(0x3041, 0x3097)}
_SMALL_TO_LARGE = dict(zip("ァィゥェォッャュョヮ", "アイウエオツヤユヨワ", strict=True))


@functools.cache
def _half_width() -> dict[str, str]:
    table: dict[str, str] = {}
    for cp in range(0xFF61, 0xFFA0):
        full = unicodedata.normalize("NFKC", chr(cp))
        if len(full) == 1:
            table.setdefault(full, chr(cp))
    for full in "ガギグゲゴザジズゼゾダヂヅデドバビブベボヴ":
        base = unicodedata.normalize("NFD", full)[0]
        if base in table:
            table[full] = table[base] + "ﾞ"
    for full in "パピプペポ":
        base = unicodedata.normalize("NFD", full)[0]
        table[full] = table[base] + "ﾟ"
    return table


_O_ROW = set("オコゴソゾトドノホボポモヨロョ")


@st.composite
def _kana_rendering(draw: st.DrawFn, kana: str, strict: bool) -> str:
    parts = kana.split(" ")
    out_parts = []
    for part in parts:
        chars = list(part)
        if not strict:
            # Legacy systems wrote small kana large, and ウ after オ段 as ー.
            if draw(st.booleans()):
                # Not after ヴ: ヴァ folds to バ, ヴア to ブア (ヴ is folded before small kana).
                chars = [c if i and chars[i - 1] == "ヴ" else _SMALL_TO_LARGE.get(c, c) for i, c in enumerate(chars)]
            if draw(st.booleans()):
                chars = [("ー" if c == "ウ" and i and chars[i - 1] in _O_ROW else c) for i, c in enumerate(chars)]
        text = "".join(chars)
        script = draw(st.sampled_from(("katakana", "hiragana", "half-width")))
        if script == "hiragana":
            text = "".join(_HIRA.get(c, c) for c in text)
        elif script == "half-width":
            table = _half_width()
            text = "".join(table.get(c, c) for c in text)
        out_parts.append(text)
    sep = draw(st.sampled_from(_SEPARATORS))
    return sep.join(out_parts)


def kana_renderings(kana: str | PersonName, strict: bool = False) -> st.SearchStrategy[str]:
    """The same カナ氏名 written another way; it matches in the given mode.

    Always: katakana, hiragana or half-width per part, and the separator.
    Lenient only: small kana written large (ショウ → シヨウ) and オ段+ウ as ー
    (サトウ → サトー).
    """
    if isinstance(kana, PersonName):
        kana = kana.kana
    return _kana_rendering(kana, strict)


@st.composite
def confusable_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """Two names differing only by one Tier-B confusable (斉藤 一郎 / 斎藤 一郎).

    Either side may also be rendered with Tier-A variants; they must never match.
    """
    a, b = draw(st.sampled_from(variants.tier_b_pairs()))
    if draw(st.booleans()):
        a, b = b, a
    person = draw(_japanese())
    prefix = draw(st.sampled_from(("", person.surname[:1], person.surname)))
    suffix = draw(st.sampled_from(("", "田", "藤", " " + person.given)))
    left = prefix + a + suffix
    right = prefix + b + suffix
    return draw(_kanji_rendering(left)), draw(_kanji_rendering(right))


@functools.cache
def _looks_like() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for kana, kanji in LOOKALIKES.items():
        if "\u4e00" <= kanji <= "\u9fff":
            out.setdefault(kanji, []).append(kana)
    return {k: tuple(v) for k, v in out.items()}


_WILDCARDS = (*sorted(PLACEHOLDERS), "〓")


@st.composite
def _lookalike_rendering(draw: st.DrawFn, name: str) -> str:
    chars = list(name)
    kanji = [i for i, c in enumerate(chars) if "\u4e00" <= c <= "\u9fff"]
    if not kanji:
        raise ValueError(f"no kanji to replace in {name!r}")
    table = _looks_like()
    similar = [i for i in kanji if chars[i] in table]
    use_lookalike: bool = draw(st.booleans())
    if similar and use_lookalike:
        i = draw(st.sampled_from(similar))
        chars[i] = draw(st.sampled_from(table[chars[i]]))
    else:
        i = draw(st.sampled_from(kanji))
        chars[i] = draw(st.sampled_from(_WILDCARDS))
    surname, _, given = "".join(chars).partition(" ")
    # The rest may be written another way too (Tier-A variants, IVS, 々).
    return draw(_kanji_rendering(surname)) + " " + draw(_kanji_rendering(given))


def lookalike_renderings(name: str | PersonName) -> st.SearchStrategy[str]:
    """``name`` (a kanji name) with one kanji replaced by a look-alike kana or a placeholder.

    口 → ロ, 工 → エ, 力 → カ, 一 → ー … (what entry and OCR errors produce), or a
    placeholder a system writes for a character it could not hold (？, ■, ●, ＊, 〓 …).
    Such a rendering may be reviewed but must never match: the character is not known.
    """
    if isinstance(name, PersonName):
        name = name.name
    return _lookalike_rendering(name)
