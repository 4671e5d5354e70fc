"""氏名 and カナ氏名 notation (issue 17): kana size and ノ inside kanji, transport debris,
placeholders, look-alike kana, 歴史的仮名, foreign names, part order."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mynacheck as mc
from mynacheck.fields import kana as kf
from mynacheck.fields import name as nf
from mynacheck.fields.birthdate import parse_date
from mynacheck.strategies.names import kana_renderings, lookalike_renderings, name_renderings, names
from mynacheck.text import variants
from mynacheck.text.unicode import DEBRIS, PLACEHOLDERS, fold_debris
from mynacheck.verdicts import Level, Verdict

C = nf.COMPARATOR
K = kf.COMPARATOR
KS = kf.make_comparator(strict=True)


def _review(f: mc.Finding, reason: str) -> None:
    assert f.level is Level.UNCERTAIN and f.verdict is Verdict.REVIEW, f
    assert reason in f.reasons, f


# --- ヶ/ヵ/ッ written small or large between kanji: one notation ---------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [("関ヶ原 一郎", "関ケ原 一郎"), ("関ヵ原 一郎", "関ケ原 一郎"), ("関ヶ原 一郎", "関ヵ原 一郎"),
     ("一ッ木 花子", "一ツ木 花子"), ("霞ヶ浦", "霞ケ浦"), ("八ッ橋", "八ツ橋"), ("関ゖ原", "関け原")],
)
def test_small_and_large_kana_between_kanji_are_one_notation(a: str, b: str) -> None:
    f = C.compare(a, b)
    assert f.level is Level.EQUIVALENT and f.reasons == ("NAME_FOLD_KANA_SIZE",)
    assert C.compare(b, a).reasons == ("NAME_FOLD_KANA_SIZE",)


@pytest.mark.parametrize(
    ("a", "b"),
    [("さつき", "さっき"), ("ケイ", "ヶイ"), ("ツヨシ", "ッヨシ"), ("関ツ", "関ッ"), ("ヶ原", "ケ原")],
)
def test_kana_size_is_not_folded_outside_two_kanji(a: str, b: str) -> None:
    # In kana (さつき/さっき) the size is part of the reading; at an edge it is no 箇 abbreviation.
    assert not C.compare(a, b).level.agrees


# --- ノ/之/乃/の between kanji, or ノ left out: distinct names sharing a reading --------


@pytest.mark.parametrize(
    ("a", "b"),
    [("堀ノ内 太郎", "堀之内 太郎"), ("堀ノ内 太郎", "堀内 太郎"), ("堀之内 太郎", "堀内 太郎"),
     ("堀乃内 太郎", "堀ノ内 太郎"), ("木ノ下 花子", "木下 花子"), ("山ノ井", "山之井"), ("宮の下", "宮ノ下")],
)
def test_connector_no_is_review_never_match(a: str, b: str) -> None:
    _review(C.compare(a, b), "NAME_CONNECTOR_NO")
    _review(C.compare(b, a), "NAME_CONNECTOR_NO")


@pytest.mark.parametrize(
    ("a", "b"),
    [("関ヶ原 一郎", "関が原 一郎"), ("霞が関", "霞ヶ関"), ("霞が関", "霞ケ関"), ("関箇原", "関ヶ原"), ("関ガ原", "関ヵ原"),
     ("八个岳", "八ヶ岳")],
)
def test_ga_for_ke_between_kanji_is_review_never_match(a: str, b: str) -> None:
    # ヶ/ヵ/ケ are one notation; が, ガ, 个, 箇 write the same connector otherwise (a registered name may differ).
    _review(C.compare(a, b), "NAME_CONNECTOR_GA")
    _review(C.compare(b, a), "NAME_CONNECTOR_GA")


def test_ga_outside_kanji_is_no_connector() -> None:
    assert C.compare("すが", "すケ").level is Level.DIFFERENT
    assert C.compare("関が原", "関ノ原").level is Level.DIFFERENT  # two different connectors


def test_connector_no_needs_kanji_on_both_sides() -> None:
    # ノ at an edge, or a different kanji elsewhere, is no connector question.
    assert C.compare("堀ノ内 太郎", "堀ノ内 次郎").level is Level.DIFFERENT
    assert C.compare("ノ内", "内").level is Level.DIFFERENT


# --- transport debris folds away, in every field ------------------------------------


@pytest.mark.parametrize("junk", sorted(DEBRIS))
def test_every_debris_character_folds_away_in_a_name(junk: str) -> None:
    for written in (f"山田{junk}太郎", f"{junk}山田 太郎", f"山田 太郎{junk}"):
        f = C.compare(written, "山田 太郎" if fold_debris(written).strip() != "山田太郎" else "山田太郎")
        assert f.level is Level.EQUIVALENT and "RECORD_INVISIBLE_FOLDED" in f.reasons, (junk, f)


@pytest.mark.parametrize("junk", ["\u200b", "\ufeff", "\t", "\r\n", "\u2060", "\u00ad", "\x00"])
def test_debris_is_one_policy_for_names_kana_and_dates(junk: str) -> None:
    k = K.compare(f"ヤマダ{junk}", "ヤマダ")
    assert k.level.agrees and "RECORD_INVISIBLE_FOLDED" in k.reasons
    assert parse_date(f"{junk}1970-03-12") == mc.BirthDate(1970, 3, 12)
    assert parse_date(f"昭和45年3月12日{junk}") == mc.BirthDate(1970, 3, 12)


@pytest.mark.parametrize(
    ("field", "value"),
    [("my_number", "123456789018"), ("name", "山田 太郎"), ("kana", "ヤマダ タロウ"), ("birth_date", "1970-03-12"),
     ("sex", "1"), ("address", "東京都千代田区霞が関1-1-1")],
)
@pytest.mark.parametrize("junk", ["\ufeff", "\u200b", "\x00", "\u2060"])
def test_debris_is_one_policy_for_every_field(field: str, value: str, junk: str) -> None:
    f = mc.compare_field(field, junk + value, value)
    assert f.level is Level.EQUIVALENT and "RECORD_INVISIBLE_FOLDED" in f.reasons, (field, f)


def test_nbsp_and_ideographic_space_are_separators_not_debris() -> None:
    assert C.compare("山田\u00a0太郎", "山田 太郎").reasons == ("NAME_NOTATION_FOLD",)
    assert C.compare("山田\u3000太郎", "山田 太郎").reasons == ("NAME_NOTATION_FOLD",)


def test_debris_never_hides_a_different_name() -> None:
    assert C.compare("山田\u200b太郎", "山田 次郎").verdict is not Verdict.MATCH
    assert C.compare("山田\u200b", "山田 太郎").verdict is not Verdict.MATCH


# --- placeholders for a character the system could not hold ---------------------------


@pytest.mark.parametrize("mark", sorted(PLACEHOLDERS))
def test_a_placeholder_is_review_when_the_rest_agrees(mark: str) -> None:
    _review(C.compare(f"山{mark} 太郎", "山田 太郎"), "NAME_PLACEHOLDER")
    _review(C.compare("山田 太郎", f"山田 {mark}郎"), "NAME_PLACEHOLDER")
    _review(C.compare(f"山田 {mark}{mark}", "山田 太郎"), "NAME_PLACEHOLDER")  # a whole part unknown


@pytest.mark.parametrize("mark", sorted(PLACEHOLDERS))
def test_a_placeholder_with_a_difference_elsewhere_is_different(mark: str) -> None:
    f = C.compare(f"山{mark} 太郎", "山田 次郎")
    assert f.level is Level.DIFFERENT and "NAME_PLACEHOLDER" in f.reasons


def test_zero_is_a_character_when_both_sides_have_it_and_a_placeholder_otherwise() -> None:
    assert C.compare("〇山 一", "〇山 一").level is Level.EXACT
    _review(C.compare("山田 〇郎", "山田 一郎"), "NAME_PLACEHOLDER")
    _review(C.compare("〇山 一", "○山 一"), "NAME_PLACEHOLDER")


# --- a kana or dash typed for the kanji it looks like ---------------------------------


@pytest.mark.parametrize(("kana", "kanji"), sorted(nf.LOOKALIKES.items()))
def test_lookalike_kana_is_review_with_its_own_reason(kana: str, kanji: str) -> None:
    a, b = f"田{kanji}川 花子", f"田{kana}川 花子"
    f = C.compare(a, b)
    _review(f, "NAME_LOOKALIKE_KANA")
    assert f.hint is not None and unicodedata.normalize("NFKC", kana) in f.hint
    assert C.compare(b, a).verdict is Verdict.REVIEW


def test_lookalike_with_another_difference_is_different() -> None:
    assert C.compare("山口 花子", "山ロ 春子").level is Level.DIFFERENT


@given(names(foreign=False).flatmap(lambda n: lookalike_renderings(n).map(lambda r: (n.name, r))))
def test_a_lookalike_or_placeholder_substitution_never_matches(pair: tuple[str, str]) -> None:
    name, written = pair
    for a, b in ((name, written), (written, name)):
        f = C.compare(a, b)
        assert f.verdict is not Verdict.MATCH, (a, b, f)
        assert nf.compare_person(a, [], b, []).verdict is not Verdict.MATCH


@given(names(foreign=False).flatmap(lambda n: name_renderings(n).map(lambda r: (n.name, r))))
def test_renderings_still_match_with_the_new_levels(pair: tuple[str, str]) -> None:
    assert C.compare(*pair).level.agrees


# --- 歴史的仮名 against modern kana ----------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [("田中 すゑ", "田中 すえ"), ("田中 ゐね", "田中 いね"), ("田中 スヱ", "田中 スエ"), ("田中 ヰネ", "田中 イネ"),
     ("田中 かをる", "田中 かおる"), ("田中 しづ", "田中 しず"), ("田中 ちぢみ", "田中 ちじみ")],
)
def test_historical_kana_in_a_name_is_review(a: str, b: str) -> None:
    _review(C.compare(a, b), "NAME_HISTORICAL_KANA")


def test_historical_kana_in_the_reading_follows_the_kana_modes() -> None:
    # カナ氏名 is a reading: lenient mode folds the old kana (DOMAIN §2), strict mode asks a human.
    assert K.compare("スヱ", "スエ").reasons == ("KANA_FOLD_OLD_KANA",)
    assert KS.compare("スヱ", "スエ").verdict is Verdict.REVIEW


# --- part order -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [("スミス ジョン", "ジョン スミス"), ("スミスジョン", "ジョン スミス"), ("ジョン スミス", "スミスジョン"),
     ("グエン ヴァン アン", "ヴァン アン グエン"), ("ヤマダ タロウ", "タロウ ヤマダ"), ("ｽﾐｽ ｼﾞｮﾝ", "ジョン スミス")],
)
def test_kana_parts_in_another_order_are_review(a: str, b: str) -> None:
    for left, right in ((a, b), (b, a)):
        for comparator in (K, KS):
            _review(comparator.compare(left, right), "KANA_PARTS_ORDER")


@pytest.mark.parametrize(
    ("a", "b"),
    [("ヤマダ タロウ", "タロウ ヤマタ"), ("ヤマダ", "ダヤマ"), ("スミス ジョン", "ジョン スミス ポール")],
)
def test_kana_reordered_with_another_difference_is_not_parts_order(a: str, b: str) -> None:
    assert "KANA_PARTS_ORDER" not in K.compare(a, b).reasons


@given(names().flatmap(lambda n: kana_renderings(n).map(lambda r: (n.kana, r))))
def test_kana_renderings_still_match(pair: tuple[str, str]) -> None:
    assert K.compare(*pair).level.agrees


def test_kanji_parts_swapped_are_review() -> None:
    _review(C.compare("山田 太郎", "太郎 山田"), "NAME_PARTS_ORDER")
    _review(C.compare("髙橋 一郎", "一郎 高橋"), "NAME_PARTS_ORDER")
    assert C.compare("山田 太郎", "太郎 山本").level is Level.DIFFERENT


# --- foreign names: truncation and romanization -----------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [("NGUYEN THI THANH HU", "NGUYEN THI THANH HUONG", "NAME_ALPHA_TRUNCATED"),
     ("FERNANDES RODRIGU", "FERNANDES RODRIGUES", "NAME_ALPHA_TRUNCATED"),
     ("MUELLER HANS", "MÜLLER HANS", "NAME_ALPHA_TRANSLITERATION"),
     ("MULLER HANS", "MUELLER HANS", "NAME_ALPHA_TRANSLITERATION"),
     ("SATOH KEN", "SATO KEN", "NAME_ALPHA_TRANSLITERATION"),
     ("SATOU KEN", "SATOH KEN", "NAME_ALPHA_TRANSLITERATION"),
     ("OHNO KEN", "ONO KEN", "NAME_ALPHA_TRANSLITERATION"),
     ("MOHAMMED ALI", "MUHAMMAD ALI", "NAME_ALPHA_TRANSLITERATION"),
     ("ALI MOHAMED", "MUHAMMAD ALI", "NAME_ALPHA_TRANSLITERATION"),
     ("LEE MINHO", "YI MINHO", "NAME_ALPHA_TRANSLITERATION")],
)
def test_foreign_name_forms_are_review_not_mismatch(a: str, b: str, reason: str) -> None:
    _review(C.compare(a, b), reason)
    _review(C.compare(b, a), reason)


@pytest.mark.parametrize(
    ("a", "b"),
    [("KIM", "KIMURA"), ("LEE MIN", "LEE MINHO"), ("SATO KEN", "SAITO KEN"), ("MUELLER HANS", "MILLER HANS"),
     ("NGUYEN THI THANH HU", "NGUYEN THI THANH LAN")],
)
def test_short_prefixes_and_other_spellings_are_not_rescued(a: str, b: str) -> None:
    # A short name is no field-width cut (KIM/KIMURA); another letter is another name.
    assert C.compare(a, b).level is Level.DIFFERENT


@given(st.sampled_from(sorted(PLACEHOLDERS)), st.sampled_from(sorted(nf.LOOKALIKES)))
def test_new_reasons_are_in_the_catalog(mark: str, kana: str) -> None:
    from mynacheck import reasons

    for f in (C.compare(f"山{mark}", "山田"), C.compare(f"田{kana}", f"田{nf.LOOKALIKES[kana]}")):
        for code in f.reasons:
            assert reasons.get(code) is not None


# --- one policy per variant group ------------------------------------------------------

#: DOMAIN.md §2: distinct characters often mis-entered; a human must look.
_DOMAIN_PAIRS = (("斉", "斎"), ("嶋", "島"), ("龍", "竜"), ("冨", "富"), ("檜", "桧"), ("舘", "館"), ("籐", "藤"),
                 ("荻", "萩"), ("菅", "管"), ("大", "太"), ("伊東", "伊藤"))


@pytest.mark.parametrize(
    ("a", "b", "agrees"),
    [("瀧本 一郎", "滝本 一郎", False), ("籠田 一郎", "篭田 一郎", False),  # 龍/竜 as a component
     ("龍 一郎", "竜 一郎", False), ("龒 一郎", "竜 一郎", False), ("龒 一郎", "龍 一郎", False),  # the 竜 group
     ("嶋田 一郎", "島田 一郎", False), ("嶌田 一郎", "島田 一郎", False), ("嶌田 一郎", "嶋田 一郎", False),  # 島
     ("峯岸 一郎", "峰岸 一郎", True), ("萬田 一郎", "万田 一郎", True), ("髙橋 一郎", "高橋 一郎", True)],
)
def test_each_variant_group_has_one_tier(a: str, b: str, agrees: bool) -> None:
    f = C.compare(a, b)
    if agrees:
        assert f.level is Level.EQUIVALENT and f.reasons == ("NAME_FOLD_VARIANT",)
    else:
        _review(f, "NAME_CONFUSABLE_KANJI")


def test_the_tier_b_rows_state_their_basis_and_domain_wins() -> None:
    t = variants.tables()
    for a, b in t.tier_b:
        assert t.basis[f"{a}/{b}"] in {"domain", "group", "component", "ours"}
    for pair in _DOMAIN_PAIRS:
        assert pair in t.tier_b and t.basis["/".join(pair)] == "domain", pair
    # No Tier-A fold (other than simplified Chinese, for Chinese residents) joins two
    # characters of a variant group that is Tier B.
    split = {c for a, b in t.tier_b if t.basis[f"{a}/{b}"] != "ours" and len(a) == 1 for c in (a, b)}
    for variant, canonical in t.tier_a.items():
        if t.basis[variant] != "opencc":
            assert not (variant in split and canonical in split), (variant, canonical)


def test_place_names_fold_the_whole_ryu_group() -> None:
    # A place is one place whatever its 字体 (address_text folds 龍 → 竜 too); a family is not.
    assert variants.fold_variants("鳴瀧") == "鳴滝" and variants.fold_variants("籠原") == "篭原"
    assert variants.fold_variants("鹿嶋") == "鹿嶋"  # 鹿嶋市 and 鹿島市 are two cities


# --- the review levels' shortcuts against their definitions ----------------------------

_REVIEW_ALPHABET = ("".join(sorted(nf.LOOKALIKES)) + "".join(set(nf.LOOKALIKES.values())) + "".join(nf.HISTORICAL_KANA)
                    + "".join(set(nf.HISTORICAL_KANA.values())) + "ノ之乃のがガ个箇ケヶ〇山田川島嶋嶌竜龍斉斎東藤伊太大郎子")


@given(st.text(alphabet=_REVIEW_ALPHABET, min_size=1, max_size=6), st.text(alphabet=_REVIEW_ALPHABET, min_size=1,
                                                                              max_size=6))
def test_the_could_fold_shortcut_never_turns_away_a_review_pair(x: str, y: str) -> None:
    # The review level's definition: equal under every review fold, or equal but for 〇.
    fa, fb = nf._review_fold(x), nf._review_fold(y)
    if fa == fb or nf._zero_compatible(fa, fb):
        assert nf._could_fold(x, y), (x, y)


@given(st.lists(st.sampled_from(("山田", "太郎", "ノ", "之", "花子", "ヤマ")), min_size=2, max_size=2),
       st.lists(st.sampled_from(("山田", "太郎", "ノ", "之", "花子", "ヤマ")), min_size=2, max_size=2))
def test_the_parts_order_shortcut_agrees_with_its_definition(pa: list[str], pb: list[str]) -> None:
    a, b = nf.parse_name(" ".join(pa)), nf.parse_name(" ".join(pb))
    assert a.parts is not None and b.parts is not None
    swapped = nf._run(a.parts[0]) == nf._run(b.parts[1]) and nf._run(a.parts[1]) == nf._run(b.parts[0])
    assert (nf._parts_order(a, b) is not None) == swapped


@given(st.lists(st.sampled_from(("スミス", "ジョン", "ヤマダ", "タロウ", "ポール", "ｽﾐｽ", "すみす")), min_size=1, max_size=3),
       st.lists(st.sampled_from(("スミス", "ジョン", "ヤマダ", "タロウ", "ポール", "ｽﾐｽ", "すみす")), min_size=1, max_size=3),
       st.booleans())
def test_the_kana_parts_order_shortcut_agrees_with_its_definition(pa: list[str], pb: list[str], joined: bool) -> None:
    from mynacheck.text import kana as tk

    a, b = " ".join(pa), ("" if joined else " ").join(pb)
    fa, fb = tk.fold_name(a, False), tk.fold_name(b, False)
    f = K.compare(a, b)
    # Every level before it is a match (or 外字): a reordered pair that does not agree is this level's.
    if kf._reordered(fa, fb) and not f.level.agrees:
        assert "KANA_PARTS_ORDER" in f.reasons, (a, b, f)
    if "KANA_PARTS_ORDER" in f.reasons:
        assert kf._reordered(fa, fb)


@given(st.text(alphabet="山田佐々木ヶッっゝゞ 　ノ々?■〇髙﨑\ufe00\U000e0100ｱｶﾞ", min_size=1, max_size=8))
def test_the_whole_name_key_is_the_pipeline(raw: str) -> None:
    parsed = nf._parse_whole(raw, "anyascii")
    if not parsed.alpha:
        assert parsed.key == nf._run(raw.strip())


@given(st.text(alphabet="山田あアｱA々〇 ", min_size=1, max_size=6), st.text(alphabet="山田あアｱA々〇 ", min_size=1, max_size=6))
def test_the_script_level_is_its_definition(x: str, y: str) -> None:
    # The definition: the alphabet flags differ, or one side is kana only (no kanji, some Japanese) and
    # the other is not (the level writes the kana-only test out, one search a side for two kanji names).
    a, b = nf.parse_name(x), nf.parse_name(y)
    expected = a.alpha != b.alpha or nf._kana_only(a.shown) != nf._kana_only(b.shown)
    assert nf._script_differs(a, b) == (("NAME_SCRIPT_DIFFERS",) if expected else None)
