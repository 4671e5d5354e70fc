"""氏名: variant tiers, 外字, alphabet names, aliases, parts, hostile input, properties."""

from __future__ import annotations

import importlib.resources
import threading
import unicodedata

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mynacheck as mc
from mynacheck import memo, reasons
from mynacheck.fields import name as nf
from mynacheck.strategies import names as nf_strategies
from mynacheck.strategies.names import confusable_pairs, name_renderings, names
from mynacheck.text import translit, variants
from mynacheck.text.unicode import clean, has_gaiji, has_private_use
from mynacheck.verdicts import Level

C = nf.COMPARATOR


# --- Tier A ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ("渡辺 恵", "渡邊 惠", "NAME_FOLD_VARIANT"),
        ("渡辺", "渡邉", "NAME_FOLD_VARIANT"),
        ("川崎", "川﨑", "NAME_FOLD_VARIANT"),
        ("高橋", "髙橋", "NAME_FOLD_VARIANT"),
        ("吉田", "𠮷田", "NAME_FOLD_VARIANT"),
        ("浜田", "濵田", "NAME_FOLD_VARIANT"),
        ("橋本", "槗本", "NAME_FOLD_VARIANT"),
        ("斎藤", "齋藤", "NAME_FOLD_VARIANT"),
        ("広瀬", "廣瀬", "NAME_FOLD_VARIANT"),
        ("佐々木", "佐佐木", "NAME_FOLD_ITERATION"),
        ("葛飾", "葛\U000e0100飾", "NAME_FOLD_IVS"),
        ("張 偉", "張 伟", "NAME_FOLD_SIMPLIFIED"),
        ("山田 太郎", "山田\u3000太郎", "NAME_NOTATION_FOLD"),
        ("山田 太郎", "山田太郎", "NAME_NOTATION_FOLD"),
        ("山田 太郎", "山田\u00a0太郎", "NAME_NOTATION_FOLD"),
    ],
)
def test_tier_a_folds_match_and_say_which(a: str, b: str, reason: str) -> None:
    for x, y in ((a, b), (b, a)):
        f = C.compare(x, y)
        assert f.level is Level.EQUIVALENT
        assert f.verdict is mc.Verdict.MATCH
        assert reason in f.reasons, f.reasons


def test_exact_is_exact() -> None:
    f = C.compare("山田 太郎", " 山田 太郎 ")
    assert f.level is Level.EXACT and f.reasons == ()


def test_variant_table_has_provenance_and_licence() -> None:
    text = importlib.resources.files("mynacheck").joinpath("data", "kanji_variants.tsv").read_text("utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    joined = "\n".join(header)
    for word in ("build_kanji_variants.py", "常用漢字表", "人名用漢字", "Licence", "OpenCC", "Apache"):
        assert word in joined, word
    tables = variants.tables()
    assert tables.source == "kanji_variants.tsv"
    assert len(tables.tier_a) > 300


def test_tier_a_table_is_a_proper_fold() -> None:
    tier_a = variants.tables().tier_a
    for variant, canonical in tier_a.items():
        assert canonical not in tier_a, (variant, canonical)  # canonical forms are fixed points
        assert unicodedata.normalize("NFKC", canonical) == canonical
        assert variants.basis(variant) in {"joyo", "jinmei", "hyogai", "register", "compat", "opencc"}


def test_surname_variants_the_register_produces_are_folded() -> None:
    for ch in "髙﨑邉邊濵𠮷槗齋澤濱廣國櫻眞與渕":
        assert variants.fold_variants(ch) != ch, ch


def test_the_surname_variants_that_matter_most_are_in_the_data_file() -> None:
    # What the removed seed table held (issue 18: a missing table is an error, never a 29-entry fallback).
    tier_a = variants.tables().tier_a
    for variant, canonical in {"髙": "高", "﨑": "崎", "嵜": "崎", "邉": "辺", "邊": "辺", "濵": "浜", "濱": "浜",
                               "𠮷": "吉", "槗": "橋", "齋": "斎", "齊": "斉", "澤": "沢", "廣": "広", "國": "国",
                               "櫻": "桜", "眞": "真", "與": "与", "渕": "淵", "德": "徳", "惠": "恵", "榮": "栄",
                               "藏": "蔵", "實": "実", "壽": "寿", "驒": "騨", "舊": "旧", "來": "来", "縣": "県",
                               "輕": "軽"}.items():
        assert tier_a.get(variant) == canonical, variant


def test_fold_variants_is_what_the_address_module_calls() -> None:
    assert variants.fold_variants("岐阜県飛驒市") == "岐阜県飛騨市"
    assert variants.fold_variants("川﨑市") == "川崎市"
    assert variants.fold_variants("霞が関") == "霞が関"


def test_japanese_characters_are_never_folded_as_simplified_chinese() -> None:
    tables = variants.tables()
    for variant, why in tables.basis.items():
        if why == "opencc":
            with pytest.raises(UnicodeEncodeError):
                variant.encode("shift_jis_2004")
    assert variants.fold_variants("叶") == "叶"


# --- Tier B, 外字 -----------------------------------------------------------------


@pytest.mark.parametrize("pair", variants.tier_b_pairs(), ids=lambda p: "/".join(p))
def test_every_tier_b_pair_is_review_never_match(pair: tuple[str, str]) -> None:
    a, b = pair
    for x, y in ((a + "田 一郎", b + "田 一郎"), (b, a)):
        f = C.compare(x, y)
        assert f.level is Level.UNCERTAIN, (x, y, f)
        assert f.reasons == ("NAME_CONFUSABLE_KANJI",)
        assert f.verdict is mc.Verdict.REVIEW


def test_tier_b_survives_tier_a_variants_on_either_side() -> None:
    f = C.compare("齋藤 一郎", "斉藤 一郎")
    assert f.level is Level.UNCERTAIN and f.hint is not None


@pytest.mark.parametrize("gaiji", ["\ue000", "\U000f0001", "〓"])
def test_gaiji_is_review_with_a_reason(gaiji: str) -> None:
    f = C.compare(f"山田 {gaiji}郎", "山田 太郎")
    assert f.level is Level.UNCERTAIN and f.reasons == ("NAME_GAIJI",)
    # 外字 does not hide a plain difference elsewhere.
    g = C.compare(f"山田 {gaiji}郎", "鈴木 花子")
    assert g.level is Level.DIFFERENT and "NAME_GAIJI" in g.reasons


def test_text_helpers_keep_their_contract() -> None:
    assert clean("ﾔﾏﾀﾞ\u3000 太郎") == "ヤマダ 太郎"
    assert clean("川﨑") == "川崎"
    assert has_private_use("a\ue000") and not has_private_use("〓")
    assert has_gaiji("〓")


def test_no_similarity_is_ever_computed_on_kanji() -> None:
    for a, b in (("伊東 学", "伊藤 学"), ("山田 太郎", "山田 次郎"), ("髙橋", "高橋")):
        assert C.compare(a, b).score is None


def test_hiragana_and_katakana_names_are_review() -> None:
    f = C.compare("山田 さくら", "山田 サクラ")
    assert f.level is Level.UNCERTAIN and f.reasons == ("NAME_KANA_SCRIPT",)


# --- alphabet names ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("NGUYEN VAN AN", "Nguyễn Văn An", {"NAME_ALPHA_DIACRITICS", "NAME_ALPHA_CASE"}),
        ("NGUYEN VAN AN", "VAN AN NGUYEN", {"NAME_ALPHA_ORDER"}),
        ("KIM MIN JUN", "KIM MINJUN", {"NAME_ALPHA_SPACING"}),
        ("KIM MIN JUN", "KIM MIN-JUN", {"NAME_ALPHA_SPACING"}),
        ("KIM MIN JUN", "MINJUN KIM", {"NAME_ALPHA_SPACING", "NAME_ALPHA_ORDER"}),
        ("SMITH JOHN", "ＳＭＩＴＨ　ＪＯＨＮ", {"NAME_NOTATION_FOLD"}),
    ],
)
def test_alphabet_names_match_through_named_folds(a: str, b: str, expected: set[str]) -> None:
    for x, y in ((a, b), (b, a)):
        f = C.compare(x, y)
        assert f.level is Level.EQUIVALENT
        assert set(f.reasons) == expected, f.reasons


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ("SMITH JOHN", "SMITH JOHN MICHAEL", "NAME_ALPHA_MIDDLE_NAME"),
        ("SMITH JOHN", "SMITH JOHN JR", "NAME_ALPHA_SUFFIX"),
        ("SMITH JOHN", "SMITH JOHN III", "NAME_ALPHA_SUFFIX"),
    ],
)
def test_dropped_middle_name_or_added_suffix_is_review(a: str, b: str, reason: str) -> None:
    f = C.compare(a, b)
    assert f.level is Level.UNCERTAIN and f.reasons == (reason,)
    assert f.score is not None  # ranks the review queue


def test_different_alphabet_names_differ() -> None:
    f = C.compare("SMITH JOHN", "SMITH JANE")
    assert f.level is Level.DIFFERENT
    assert C.compare("SMITH JOHN", "山田 太郎").reasons == ("NAME_SCRIPT_DIFFERS",)


def test_transliteration_backends_share_one_interface() -> None:
    assert translit.get_backend() == "anyascii"
    assert "anyascii" in translit.available_backends()
    for text in ("Nguyễn Văn An", "Müller Jürgen", "García José"):
        assert translit.transliterate(text).isascii()
    with pytest.raises(ValueError):
        translit.set_backend("nonesuch")


@pytest.mark.extra("unidecode")
def test_the_unidecode_backend_agrees_with_the_default_on_names() -> None:
    assert translit.available_backends() == ("anyascii", "unidecode")
    for text in ("Nguyễn Văn An", "Müller Jürgen", "García José", "NGUYỄN THỊ MINH KHAI"):
        assert translit.transliterate(text, "unidecode") == translit.transliterate(text)


# --- aliases ---------------------------------------------------------------------


def test_alias_match_says_it_was_an_alias() -> None:
    # The register's aliases (the right-hand record's) confirm a name.
    f = nf.compare_person("木村 明", [], "LI MING", ["木村\u3000明"])
    assert f.level.agrees and f.via == "alias" and "NAME_ALIAS_MATCH" in f.reasons
    h = nf.compare_person("山田 花子", [], "鈴木 花子", ["山田"])  # 旧氏 recorded on the 住民票
    assert h.via == "alias"
    legal = nf.compare_person("山田 花子", ["鈴木"], "山田 花子", [])
    assert legal.via == "name" and "NAME_ALIAS_MATCH" not in legal.reasons


def test_a_business_alias_never_confirms_a_name() -> None:
    # The business record's aliases are what the business system typed in (issue 16, finding 4).
    h = nf.compare_person("山田 花子", ["鈴木"], "鈴木 花子", [])
    assert h.level is Level.UNCERTAIN and h.via is None and h.reasons == ("NAME_BUSINESS_ALIAS",)
    assert h.verdict is mc.Verdict.REVIEW
    # also against a register alias, and through a Tier-A fold
    g = nf.compare_person("佐藤 明", ["髙橋 明"], "田中 明", ["高橋 明"])
    assert g.level is Level.UNCERTAIN and g.reasons == ("NAME_BUSINESS_ALIAS",)
    # a name the comparison already sends to review stays as it is
    f = nf.compare_person("LI MING", ["木村 明"], "木村\u3000明", [])
    assert f.level is Level.UNCERTAIN and f.reasons == ("NAME_SCRIPT_DIFFERS",)
    # an alias that agrees with nothing leaves the mismatch
    assert nf.compare_person("山田 花子", ["佐藤"], "鈴木 花子", []).level is Level.DIFFERENT


def test_alias_may_match_through_tier_a_but_never_fuzzily() -> None:
    assert nf.compare_person("高橋 明", [], "LI MING", ["髙橋 明"]).via == "alias"
    for alias, other in (("斉藤 明", "斎藤 明"), ("SMITH JOHN", "SMITH JOHN MICHAEL"), ("山田 太郎", "山田 太朗")):
        f = nf.compare_person(other, [], "LI MING", [alias])
        assert not f.level.agrees and f.via is None


def test_an_invalid_or_missing_legal_name_is_not_rescued_by_an_alias() -> None:
    f = nf.compare_person("山田1太郎", ["木村 明"], "木村 明", [])
    assert f.level is Level.INVALID and f.via is None
    g = nf.compare_person("NGUYEN VAN AN", ["グエン ヴァン アン"], None, ["グエン ヴァン アン"])
    assert g.level is Level.MISSING and g.via is None


def test_comparator_registry_uses_these_fields() -> None:
    from mynacheck.fields import comparator

    assert comparator("name") is nf.COMPARATOR
    assert comparator("name").compare("髙橋", "高橋").level is Level.EQUIVALENT


# --- parts ------------------------------------------------------------------------


def test_compare_parts_splits_the_side_without_a_separator() -> None:
    parts = nf.compare_parts("山田太郎", "山田 花子")
    assert parts == nf.NamePartLevels(Level.EXACT, Level.DIFFERENT)
    parts = nf.compare_parts("髙橋 一郎", "高橋一郎")
    assert parts == nf.NamePartLevels(Level.EQUIVALENT, Level.EXACT)
    parts = nf.compare_parts("鈴木 花子", "山田花子")
    assert parts == nf.NamePartLevels(Level.DIFFERENT, Level.EXACT)
    assert nf.compare_parts("斉藤 一郎", "斎藤 一郎") == nf.NamePartLevels(Level.UNCERTAIN, Level.EXACT)
    assert nf.compare_parts("山田太郎", "鈴木花子") is None
    assert nf.compare_parts("", "山田 太郎") is None


def test_compare_parts_for_alphabet_names() -> None:
    same = nf.compare_parts("NGUYEN VAN AN", "VAN AN NGUYEN")
    assert same is not None and same.surname.agrees and same.given.agrees
    fam = nf.compare_parts("NGUYEN VAN AN", "NGUYEN THI HOA")
    assert fam == nf.NamePartLevels(Level.EXACT, Level.DIFFERENT)


# --- hostile input ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "level", "reason"),
    [
        ("=cmd|' /C calc'!A0", Level.INVALID, "NAME_INVALID_CHARACTERS"),
        ("山田\x07太郎", Level.EQUIVALENT, "RECORD_INVISIBLE_FOLDED"),
        ("山田 太郎1", Level.INVALID, "NAME_INVALID_CHARACTERS"),
        ("山" * 5000, Level.UNCERTAIN, "RECORD_FIELD_TOO_LONG"),
        ("\ue000\ue001", Level.DIFFERENT, "NAME_GAIJI"),
    ],
)
def test_hostile_input_never_crashes(value: str, level: Level, reason: str) -> None:
    f = C.compare(value, "山田 太郎")
    assert f.level is level and reason in f.reasons
    assert f.verdict is not mc.Verdict.MATCH or reason == "RECORD_INVISIBLE_FOLDED"
    assert f.left is not None and len(f.left) <= 81


_PICTOGRAPHS = st.one_of(st.integers(0x1F000, 0x1FAFF), st.integers(0x2600, 0x27BF), st.integers(0x2190, 0x21FF),
                         st.integers(0x2B00, 0x2BFF)).map(chr)


@given(names(), _PICTOGRAPHS, st.booleans())
def test_an_emoji_or_symbol_in_a_name_is_never_a_person_and_never_a_match(
    person: nf_strategies.PersonName, symbol: str, left: bool
) -> None:
    # 山田 太郎😀 is a broken entry: a clerk reviews it; it is no other person (mismatch) nor the same (match).
    name = person.name
    marked = name + symbol
    f = C.compare(marked, name) if left else C.compare(name, marked)
    assert f.level is Level.INVALID and f.reasons == ("NAME_INVALID_CHARACTERS",)
    assert f.verdict is mc.Verdict.REVIEW


def test_missing_and_absent() -> None:
    assert C.compare(None, "").reasons == ("NAME_ABSENT",)
    assert C.compare("山田", "  ").reasons == ("NAME_MISSING",)
    assert nf.compare_person(None, ["山田"], "", []).level is Level.ABSENT


def test_every_code_the_module_can_emit_is_in_the_catalog() -> None:
    import re
    from pathlib import Path

    source = Path(nf.__file__).read_text(encoding="utf-8")
    for code in set(re.findall(r'"(NAME_[A-Z_]+)"', source)):
        assert reasons.get(code).field == "name"


# --- properties -------------------------------------------------------------------

_NAME_CHARS = st.sampled_from(
    list("山田太郎髙高﨑崎邊辺邉濵浜𠮷吉佐々木斉斎齋嶋島伊東藤大太 \u3000\u00a0葛\U000e0100\ufe00あア伟偉ＡaÉé-")
)


@given(st.text(max_size=30))
def test_normalize_name_is_idempotent_on_any_text(text: str) -> None:
    once = nf.normalize_name(text)
    assert nf.normalize_name(once) == once


@given(st.text(_NAME_CHARS, max_size=12))
def test_normalize_name_is_idempotent_on_name_like_text(text: str) -> None:
    once = nf.normalize_name(text)
    assert nf.normalize_name(once) == once


@given(st.text(_NAME_CHARS, min_size=1, max_size=8), st.text(_NAME_CHARS, min_size=1, max_size=8))
def test_comparison_is_symmetric(a: str, b: str) -> None:
    f, g = C.compare(a, b), C.compare(b, a)
    assert (f.level, f.reasons, f.score) == (g.level, g.reasons, g.score)


@given(names().flatmap(lambda n: st.tuples(st.just(n), name_renderings(n))))
def test_every_rendering_matches(pair: tuple[object, str]) -> None:
    person, rendered = pair
    legal = person.name  # type: ignore[attr-defined]
    f = C.compare(legal, rendered)
    assert f.level.agrees, (legal, rendered, f)
    assert all(reasons.get(code).severity is mc.Verdict.MATCH for code in f.reasons)
    g = C.compare(rendered, legal)
    assert (g.level, g.reasons) == (f.level, f.reasons)


@given(names(foreign=False).flatmap(lambda n: st.tuples(st.just(n), name_renderings(n))))
def test_renderings_normalize_to_the_same_key(pair: tuple[object, str]) -> None:
    person, rendered = pair
    legal = person.name  # type: ignore[attr-defined]
    assert nf.normalize_name(rendered).replace(" ", "") == nf.normalize_name(legal).replace(" ", "")


@given(confusable_pairs())
def test_no_tier_b_pair_ever_matches(pair: tuple[str, str]) -> None:
    a, b = pair
    f = C.compare(a, b)
    assert not f.level.agrees, (a, b, f)
    assert f.verdict is not mc.Verdict.MATCH
    assert not nf.compare_person(a, [], b, []).level.agrees


@given(names(foreign=False), names(foreign=False))
def test_different_people_never_match(x: object, y: object) -> None:
    a, b = x.name, y.name  # type: ignore[attr-defined]
    if variants.fold_variants(a.replace(" ", "")) == variants.fold_variants(b.replace(" ", "")):
        return
    assert not C.compare(a, b).level.agrees


# --- the optional MJ縮退マップ (mynacheck[mj]) ---------------------------------------


@pytest.mark.extra("mj")
def test_mj_extra_widens_tier_a_but_never_merges_tier_b() -> None:
    f = C.compare("中邨 一郎", "中村 一郎")  # 邨/村: in the MJ map, not in our table
    assert f.level is Level.EQUIVALENT and f.reasons == ("NAME_FOLD_MJ",)
    # The MJ map folds 嶋 → 島 and 龍 → 竜; Tier B still wins.
    for a, b in (("嶋田", "島田"), ("中邨 龍", "中村 竜"), ("冨田", "富田")):
        g = C.compare(a, b)
        assert not g.level.agrees, (a, b, g)
    assert not nf._mj_equal("嶋邨", "島村")


def test_without_the_mj_extra_an_mj_only_pair_is_not_a_match(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nf, "_mj", lambda: None)
    assert C.compare("中邨 一郎", "中村 一郎").level is Level.DIFFERENT


@pytest.mark.parametrize("text", ["a々", "ウ々ﾞ", "山 々", "佐\U000e0100々木", "々"])
def test_iteration_mark_edge_cases_normalize_stably(text: str) -> None:
    once = nf.normalize_name(text)
    assert nf.normalize_name(once) == once


# --- the transliteration backend is a mode every cache keys by ---------------------------


def _under(backend: str) -> tuple[str, str, mc.Finding, bytes | None]:
    from mynacheck.reconcile import keys

    person = {"name": "Юрий Иванов", "birth_date": "1970-03-12", "address": "長野市鶴賀緑町1613"}
    translit.set_backend(backend)
    try:
        return (mc.normalize_name("Юрий Иванов"), mc.normalize_name("Юрий  Иванов"),
                mc.compare(person, dict(person, name="Iurii Ivanov")).finding("name"),  # type: ignore[return-value]
                keys.person_key(person))
    finally:
        translit.set_backend("anyascii")


@pytest.mark.extra("unidecode")
def test_a_name_normalized_under_one_backend_is_not_served_under_another() -> None:
    import anyascii
    import unidecode

    plain = _under("anyascii")  # fills every cache under the default backend first
    assert plain[0] == plain[1] == " ".join(anyascii.anyascii("Юрий Иванов").upper().split())
    switched = _under("unidecode")
    expected = " ".join(unidecode.unidecode("Юрий Иванов").upper().split())
    assert expected != plain[0]
    assert switched[0] == switched[1] == expected  # with one space too, not only with two
    # The comparison (through the rule's pair cache) and the duplicate key follow the backend too.
    assert not plain[2].agrees and switched[2].agrees
    assert switched[3] != plain[3]
    assert _under("anyascii") == plain


# Alphabet names the two backends write differently, kanji and kana names, spacing variants.
_any_backend_name = st.one_of(
    st.sampled_from(("Юрий Иванов", "Юрий  Иванов", "Nguyễn Thị", "Ørsted Ågård", "Ἀλέξανδρος Παππᾶς",
                     "Łukasz Żółć", "渡邊\u3000眞由美", "ｶﾜｻｷ ﾀﾛｳ")),
    st.text("ЮрийИвановαλέξñøåłżŠšệ渡邊髙 \u3000\u00a0", max_size=12))


@given(st.lists(st.tuples(_any_backend_name, st.sampled_from(translit.available_backends())), max_size=12))
def test_normalize_name_is_normalize_name_with_the_current_backend(calls: list[tuple[str, str]]) -> None:
    # normalize_name is the memo of the current backend, re-pointed by set_backend: whatever
    # was asked before, under whichever backend, it answers as the general path does now.
    try:
        for text, backend in calls:
            translit.set_backend(backend)
            assert nf.normalize_name(text) == nf.normalize_name_with(text, translit.get_backend())
            assert nf.normalize_name(text) == nf.normalize_name_with(text, backend)
    finally:
        translit.set_backend("anyascii")


def test_normalize_name_follows_set_backend_in_every_thread() -> None:
    backends = translit.available_backends()
    texts = ["Юрий Иванов", "Юрий  Иванов", "Ørsted Ågård", "Łukasz Żółć", "渡邊 眞由美"] + [
        f"Юрий Иванов{'ъ' * i}" for i in range(30)]  # misses too, so a call can run while the backend is set
    forms = {b: [nf.normalize_name_with(t, b) for t in texts] for b in backends}
    rounds = 20
    step = threading.Barrier(5)
    wrong: list[tuple[str, str, str]] = []

    def worker() -> None:
        for r in range(rounds):
            step.wait()  # set_backend has returned for this round
            backend = backends[r % len(backends)]
            for text, expected in zip(texts, forms[backend], strict=True):
                got = nf.normalize_name(text)
                if got != expected:
                    wrong.append((backend, text, got))
            step.wait()

    def switcher() -> None:  # the backend switched while other threads normalize: a name is one of its forms
        for _ in range(200):
            translit.set_backend(backends[0])
            translit.set_backend(backends[-1])

    threads = [threading.Thread(target=worker) for _ in range(4)]
    try:
        for t in threads:
            t.start()
        for r in range(rounds):
            memo.clear()
            translit.set_backend(backends[r % len(backends)])
            step.wait()
            step.wait()
        for t in threads:
            t.join()
        assert not wrong, wrong[:5]
        seen: list[str] = []
        racing = threading.Thread(target=switcher)
        racing.start()
        while racing.is_alive():
            seen.extend(nf.normalize_name(t) for t in texts[:4])
        racing.join()
        assert all(got in (forms[backends[0]][i % 4], forms[backends[-1]][i % 4]) for i, got in enumerate(seen))
    finally:
        translit.set_backend("anyascii")


# --- the token fast path and the same-name path against the general path ----------------

# What could make a token parse differently on its own: 々, combining and spacing voiced
# marks, variation selectors, 外字, compatibility characters, control characters, white space.
_NAME_TOKEN_CHARS = ("山田髙橋高崎﨑渡邊辺斉藤太郎一眞子々〻ゝヽアカｶﾞﾟ゛\u3099\u309a\ufe00\U000e0100\ue000〓㍻Ａa1 "
                     "\u3000\u00a0\t\x1c-・")
_name_text = st.text(_NAME_TOKEN_CHARS, max_size=8)


@st.composite
def _raw_names(draw: st.DrawFn) -> str:
    person = draw(names())
    return draw(st.one_of(st.just(person.name), name_renderings(person), _name_text,
                          st.tuples(_name_text, st.sampled_from(" \u3000"), _name_text).map("".join)))


@given(_raw_names())
def test_a_name_parses_token_by_token_as_it_does_whole(raw: str) -> None:
    # surname<space>given is parsed token by token (tokens cached); with a space in
    # front it is one text, parsed whole.  Both are the same name, parsed the same.
    assert nf.parse_name(raw) == nf.parse_name(" " + raw)
    assert mc.normalize_name(raw) == mc.normalize_name(" " + raw)


class _Text(str):
    """A str that is not exactly ``str``: a comparator takes its general steps for it."""


@given(_raw_names(), _raw_names())
def test_person_comparison_is_the_legal_name_comparison_plus_via(left: str, right: str) -> None:
    legal = nf.COMPARATOR.compare(left, right)
    person = nf.compare_person(left, (), right, ())
    if legal.level.agrees:
        assert person == attrs.evolve(legal, via="name")
    else:
        assert person == legal


@given(_raw_names())
def test_the_same_name_on_both_sides_compares_as_the_general_steps_do(text: str) -> None:
    assert nf.COMPARATOR.compare(text, text) == nf.COMPARATOR.compare(_Text(text), _Text(text))
    assert nf.compare_person(text, (), text, ()) == nf.compare_person(_Text(text), (), _Text(text), ())


@given(_raw_names(), _raw_names())
def test_the_levels_flags_only_skip_tests_that_would_not_hold(left: str, right: str) -> None:
    # ``when="alpha"``/``"gaiji"`` let the walk skip levels; without them it must find the same.
    plain = attrs.evolve(nf.COMPARATOR, levels=tuple(attrs.evolve(lv, when=None) for lv in nf.LEVELS))
    assert plain.compare(left, right) == nf.COMPARATOR.compare(left, right)
