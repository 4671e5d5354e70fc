"""カナ氏名: folds, modes, review cases, hostile input, and properties."""

from __future__ import annotations

import attrs
import jellyfish
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mynacheck as mc
from mynacheck import reasons
from mynacheck.fields import kana as kf
from mynacheck.fields.base import show
from mynacheck.strategies.names import kana_renderings, names
from mynacheck.text import kana as tk
from mynacheck.text.unicode import fold_debris, has_gaiji
from mynacheck.verdicts import Level

LENIENT = kf.COMPARATOR
STRICT = kf.STRICT


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ("ｻﾄｳ ﾀﾛｳ", "サトウ タロウ", "KANA_FOLD_WIDTH"),
        ("さとう たろう", "サトウ タロウ", "KANA_FOLD_HIRAGANA"),
        ("サト- タロ-", "サトー タロー", "KANA_FOLD_DASH"),
        ("ヴァイオリン", "バイオリン", "KANA_FOLD_VU"),
        ("ショウイチ", "シヨウイチ", "KANA_FOLD_SMALL_KANA"),
        ("ミヅホ", "ミズホ", "KANA_FOLD_OLD_KANA"),
        ("ユーキ", "ユウキ", "KANA_FOLD_LONG_VOWEL"),
        ("オウノ", "オオノ", "KANA_FOLD_OU"),
        ("ヤマダ タロウ", "ヤマダタロウ", "KANA_NOTATION_FOLD"),
    ],
)
def test_each_fold_matches_and_names_itself(a: str, b: str, reason: str) -> None:
    for x, y in ((a, b), (b, a)):
        f = LENIENT.compare(x, y)
        assert f.level is Level.EQUIVALENT
        assert f.verdict is mc.Verdict.MATCH
        assert reason in f.reasons, f.reasons


def test_only_the_needed_folds_are_reported() -> None:
    # Both sides are hiragana: the hiragana fold did not make them equal.
    f = LENIENT.compare("しょういち", "しよういち")
    assert f.reasons == ("KANA_FOLD_SMALL_KANA",)


def test_strict_mode_keeps_small_kana_apart() -> None:
    assert LENIENT.compare("キョウコ", "キヨウコ").level.agrees
    f = STRICT.compare("キョウコ", "キヨウコ")
    assert not f.level.agrees
    assert f.reasons == ("KANA_STRICT_FOLD",)
    assert f.verdict is mc.Verdict.REVIEW
    # Notation folds still hold in strict mode.
    assert STRICT.compare("きょうこ", "ｷｮｳｺ").level is Level.EQUIVALENT


@pytest.mark.parametrize(("a", "b"), [("オノ", "オオノ"), ("ユキ", "ユウキ"), ("サトウ", "サト")])
def test_vowel_length_is_never_deleted(a: str, b: str) -> None:
    for comparator in (LENIENT, STRICT):
        f = comparator.compare(a, b)
        assert not f.level.agrees
        assert f.verdict is mc.Verdict.REVIEW


def test_dakuten_is_never_folded() -> None:
    f = LENIENT.compare("ハマダ", "ハマタ")
    assert f.level is Level.NEAR
    assert f.reasons == ("KANA_ONE_EDIT", "KANA_DAKUTEN")
    # Two dakuten differences: not one edit, still explained and sent to review.
    g = LENIENT.compare("ハマダ ガク", "ハマタ カク")
    assert g.level is Level.UNCERTAIN and g.reasons == ("KANA_DAKUTEN",)


def test_one_edit_is_review_and_carries_a_ranking_score() -> None:
    f = LENIENT.compare("ヤマダ タロウ", "ヤマダ タロ")
    assert f.level is Level.NEAR and "KANA_ONE_EDIT" in f.reasons
    assert f.score is not None and 0.8 < f.score < 1.0
    far = LENIENT.compare("ヤマダ タロウ", "スズキ ハナコ")
    assert far.level is Level.DIFFERENT and far.score is not None and far.score < f.score


@pytest.mark.parametrize(
    ("value", "level", "reason"),
    [
        ("ヤマダ\ue000", Level.UNCERTAIN, "KANA_GAIJI"),
        ("ヤマダ〓", Level.UNCERTAIN, "KANA_GAIJI"),
        ("山田", Level.INVALID, "KANA_INVALID_CHARACTERS"),
        ("=HYPERLINK(1)", Level.INVALID, "KANA_INVALID_CHARACTERS"),
        ("ヤマ\x00ダ", Level.EQUIVALENT, "RECORD_INVISIBLE_FOLDED"),
        ("ヤマ?ダ", Level.INVALID, "KANA_INVALID_CHARACTERS"),
        ("ア" * 5000, Level.UNCERTAIN, "RECORD_FIELD_TOO_LONG"),
    ],
)
def test_hostile_input_never_crashes(value: str, level: Level, reason: str) -> None:
    f = LENIENT.compare(value, "ヤマダ")
    assert f.level is level and reason in f.reasons
    assert f.verdict is not mc.Verdict.MATCH or reason == "RECORD_INVISIBLE_FOLDED"
    assert f.left is not None and len(f.left) <= 81


def test_missing_and_absent() -> None:
    assert LENIENT.compare("", None).reasons == ("KANA_ABSENT",)
    assert LENIENT.compare(" ", "ヤマダ").reasons == ("KANA_MISSING",)


def test_every_emitted_code_is_in_the_catalog() -> None:
    for code in kf._FOLD_REASON.values():
        assert reasons.get(code).field == "kana"


def test_public_normalize_kana() -> None:
    assert kf.normalize_kana("ｷｮｳｺ", strict=True) == "キョウコ"
    assert kf.normalize_kana("ｷｮｳｺ") == kf.normalize_kana("キヨオコ")


# --- properties ----------------------------------------------------------------

_KANA_ALPHABET = st.sampled_from(
    list("アイウエオカガキギクグケゲコゴサシスセソタダチヂツッヅテデトドナニヌネノハバパヒビフブヘホマミムメモ"
         "ヤャユュヨョラリルレロワヲンヴーァィゥェォヵヶあいうえおかがきぎくぐしじすずたちつってとなのはばぱ"
         "ゃゅょらりるれろわをんｱｲｳｶﾞｷｬｮｰ -‐〜・ ")
)
kana_text = st.text(_KANA_ALPHABET, min_size=1, max_size=12)


@given(st.text(max_size=30), st.booleans())
def test_normalize_kana_is_idempotent_on_any_text(text: str, strict: bool) -> None:
    once = tk.normalize_kana(text, strict)
    assert tk.normalize_kana(once, strict) == once


@given(kana_text, st.booleans())
def test_normalize_kana_is_idempotent_on_kana(text: str, strict: bool) -> None:
    once = tk.normalize_kana(text, strict)
    assert tk.normalize_kana(once, strict) == once


@given(kana_text, kana_text, st.booleans())
def test_comparison_is_symmetric(a: str, b: str, strict: bool) -> None:
    comparator = STRICT if strict else LENIENT
    f, g = comparator.compare(a, b), comparator.compare(b, a)
    assert (f.level, f.reasons, f.score) == (g.level, g.reasons, g.score)


@given(names().flatmap(lambda n: st.tuples(st.just(n.kana), kana_renderings(n))))
def test_every_lenient_rendering_matches(pair: tuple[str, str]) -> None:
    kana, rendered = pair
    f = LENIENT.compare(kana, rendered)
    assert f.level.agrees, (kana, rendered, f)
    assert all(reasons.get(code).severity is mc.Verdict.MATCH for code in f.reasons)


@given(names().flatmap(lambda n: st.tuples(st.just(n.kana), kana_renderings(n, strict=True))))
def test_every_strict_rendering_matches_strictly(pair: tuple[str, str]) -> None:
    kana, rendered = pair
    assert STRICT.compare(kana, rendered).level.agrees


@given(names(), st.data())
def test_dropping_a_character_never_matches(person: object, data: st.DataObject) -> None:
    kana = person.kana  # type: ignore[attr-defined]
    positions = [i for i, c in enumerate(kana) if c != " "]
    i = data.draw(st.sampled_from(positions))
    shorter = kana[:i] + kana[i + 1:]
    f = LENIENT.compare(kana, shorter)
    assert not f.level.agrees
    assert f.verdict is not mc.Verdict.MATCH


@given(names(foreign=False), st.data())
def test_a_dakuten_change_never_matches(person: object, data: st.DataObject) -> None:
    kana = person.kana  # type: ignore[attr-defined]
    swaps = {"カ": "ガ", "ガ": "カ", "タ": "ダ", "ダ": "タ", "サ": "ザ", "ザ": "サ", "ハ": "バ", "バ": "ハ",
             "キ": "ギ", "シ": "ジ", "ト": "ド", "ド": "ト", "コ": "ゴ", "ヒ": "ビ", "ホ": "ボ"}
    positions = [i for i, c in enumerate(kana) if c in swaps]
    if not positions:
        return
    i = data.draw(st.sampled_from(positions))
    changed = kana[:i] + swaps[kana[i]] + kana[i + 1:]
    f = LENIENT.compare(kana, changed)
    assert not f.level.agrees and "KANA_DAKUTEN" in f.reasons


@pytest.mark.parametrize("text", ["ッﾞ", "ゥﾞ", "ゥﾞ-", "ゥーﾞ", "オゥ-", "オウウウ", "ア--", "ｶﾞｰｰ"])
def test_dangling_marks_and_runs_normalize_stably(text: str) -> None:
    # Cases hypothesis found: a voiced mark that composes only after a fold, runs of ウ and dashes.
    for strict in (False, True):
        once = tk.normalize_kana(text, strict)
        assert tk.normalize_kana(once, strict) == once
        assert tk.fold_stages(text, strict)[-1] == once


# --- the fast paths against the general path -------------------------------------------

# Kana text with the characters the folds act on: half-width, small kana, marks, dashes, ヴ,
# and を/ゐ/ゑ with a combining voiced mark (ヺ ヸ ヹ only compose once the script is folded).
_kana_text = st.text(alphabet="アイウオカガキトウノハパヤユヨンーｱｲｳｵｶｷﾄﾝﾞﾟｰャュョッァゥヴヂヲぁうおが゛゜ゝヽヾをゐゑ"
                             "\u3099\u309a -・=゠· 　aZ1\x01\ue000〓\ufe00山", max_size=10)
_kana_names = st.one_of(_kana_text, st.tuples(_kana_text, st.sampled_from(" \u3000"), _kana_text).map("".join),
                        names().flatmap(kana_renderings))


@given(st.one_of(_kana_names, kana_text, st.text(max_size=20)), st.booleans())
def test_normalize_kana_is_the_last_fold_stage(text: str, strict: bool) -> None:
    # normalize_kana runs the round compiled from FOLDS, token by token when it can;
    # fold_stages applies each fold of the table in turn.
    assert tk.normalize_kana(text, strict) == tk.fold_stages(text, strict)[-1]


@pytest.mark.parametrize("text", ["を\u3099", "ゐ\u3099", "ゑ\u3099", "ヤマダ を\u3099"])
def test_a_voiced_mark_after_an_old_kana_in_hiragana_folds_as_the_table_says(text: str) -> None:
    # The hand-fused fast path once enlarged and replaced old kana in one table and gave オ゛.
    assert tk.normalize_kana(text) == tk.fold_stages(text)[-1]
    assert "\u3099" not in tk.normalize_kana(text)


@given(_kana_names, st.booleans())
def test_fold_keys_equal_fold_stages_with_each_fold_left_out(text: str, strict: bool) -> None:
    keys = tk.fold_keys(text, strict)
    assert keys.full == tk.fold_stages(text, strict)[-1].replace(" ", "")
    for name in tk.STRICT if strict else tk.LENIENT:
        assert keys.without(name) == tk.fold_stages(text, strict, skip=name)[-1].replace(" ", ""), name


def _fold_reasons_by_the_rule(a: str, b: str, strict: bool) -> tuple[str, ...]:
    """The folds a match needed: each fold left out, one at a time, on both sides (see fields.kana)."""
    mode = tk.STRICT if strict else tk.LENIENT
    needed = [name for name in mode
              if tk.fold_stages(a, strict, skip=name)[-1].replace(" ", "")
              != tk.fold_stages(b, strict, skip=name)[-1].replace(" ", "")]
    if not needed:
        stages_a, stages_b = tk.fold_stages(a, strict), tk.fold_stages(b, strict)
        prev_a, prev_b = a, b
        for fold, sa, sb in zip(tk.FOLDS, stages_a, stages_b, strict=True):
            if fold.name in mode and (sa != prev_a) != (sb != prev_b) and prev_a != prev_b:
                needed.append(fold.name)
            prev_a, prev_b = sa, sb
    if not needed:
        return ("KANA_NOTATION_FOLD",)
    return tuple(f"KANA_FOLD_{n.upper()}" for n in needed)


_kana_pairs = names().flatmap(lambda n: st.tuples(kana_renderings(n), kana_renderings(n)))


@given(st.one_of(_kana_pairs, st.tuples(_kana_names, _kana_names)), st.booleans())
def test_the_reported_folds_are_the_ones_the_rule_finds(pair: tuple[str, str], strict: bool) -> None:
    a, b = pair
    found = kf.make_comparator(strict).compare(a, b)
    if found.level is Level.EQUIVALENT and "KANA_STRICT_FOLD" not in found.reasons:
        assert found.reasons == _fold_reasons_by_the_rule(a, b, strict)


def test_every_fold_has_its_reason_in_the_catalog() -> None:
    for fold in tk.FOLDS:
        assert reasons.get(f"KANA_FOLD_{fold.name.upper()}").field == "kana"
    assert set(tk.STRICT) <= set(tk.LENIENT) == {f.name for f in tk.FOLDS}


@given(_kana_names)
def test_kana_parse_is_its_definition(raw: str) -> None:
    # A two-token name is parsed token by token; a space in front makes it one text.
    # Transport debris (control characters) is folded away first, as in every field.
    clean = fold_debris(raw)
    if has_gaiji(clean) or tk.is_kana_text(clean):
        expected: object = (show(tk.to_katakana(tk.fold_width(clean))), has_gaiji(clean))
    else:
        expected = "KANA_INVALID_CHARACTERS"
    for text in (raw, " " + raw):
        try:
            parsed = kf.parse(text)
        except mc.InvalidKana as err:
            assert err.reason == expected
        else:
            assert (parsed.shown, parsed.gaiji) == expected


class _Text(str):
    """A str that is not exactly ``str``: a comparator takes its general steps for it."""


@given(_kana_names)
def test_the_same_kana_on_both_sides_compares_as_the_general_steps_do(text: str) -> None:
    for cmp in (kf.COMPARATOR, kf.STRICT):
        assert cmp.compare(text, text) == cmp.compare(_Text(text), _Text(text))


# A kana value as extracts write it before the official readings are recorded: a placeholder
# for the whole value or for one part, beside kana or not.
_placeholder = st.sampled_from(["********", "＊＊＊＊", "※※", "【空欄】", "【氏空欄】", "【名空欄】", "〔名空欄〕", "()"])
_with_placeholders = st.one_of(
    _kana_names, _placeholder,
    st.tuples(_kana_text, st.sampled_from(" \u3000"), _placeholder).map("".join),
    st.tuples(_placeholder, st.sampled_from(" \u3000"), _kana_text).map("".join),
)


@given(_with_placeholders, _with_placeholders)
def test_the_placeholder_flag_only_skips_levels_that_would_not_hold(left: str, right: str) -> None:
    # The placeholder levels name the item of a value's parts (``when=``); without the flag
    # the walk tries them for every pair and must find the same.
    for cmp in (kf.COMPARATOR, kf.STRICT):
        plain = attrs.evolve(cmp, levels=tuple(attrs.evolve(lv, when=None) for lv in cmp.levels))
        assert plain.compare(left, right) == cmp.compare(left, right)



# A small alphabet of kana and their vowels, so that pairs one vowel length apart are common.
_vowelly = st.text(alphabet="カコキアオイウーｶ ", min_size=1, max_size=8)


def _doubling_vowels(text: str) -> st.SearchStrategy[str]:
    # The text with some of its vowels doubled (and maybe one character changed).
    doubled = st.tuples(*(st.sampled_from([ch, ch + ch] if ch in "アイウオ" else [ch]) for ch in text)).map("".join)
    return st.one_of(doubled, doubled.map(lambda t: t.replace("カ", "キ", 1)))


@given(st.one_of(st.tuples(_vowelly, _vowelly), _vowelly.flatmap(lambda t: st.tuples(st.just(t), _doubling_vowels(t)))))
def test_vowel_length_is_reported_exactly_when_it_explains_the_difference(pair: tuple[str, str]) -> None:
    left, right = pair
    # The definition, on the folded keys: of different lengths, and the same once strip_length
    # collapses the doubled vowels (the comparator turns pairs away with a cheaper check first).
    found = LENIENT.compare(left, right)
    if found.level not in (Level.NEAR, Level.UNCERTAIN) or "KANA_PARTS_ORDER" in found.reasons:
        return
    ka, kb = kf.kana_key(left), kf.kana_key(right)
    expected = len(ka) != len(kb) and tk.strip_length(ka) == tk.strip_length(kb)
    assert ("KANA_VOWEL_LENGTH" in found.reasons) == expected


# Kana of many lengths, with the combining voiced marks that make one grapheme of two characters.
_edits = st.text(alphabet="カキアイーガ\u3099\u309a ", min_size=1, max_size=7)


@given(st.one_of(st.tuples(_edits, _edits), st.tuples(_kana_names, _kana_names)))
def test_one_edit_is_reported_exactly_at_distance_one(pair: tuple[str, str]) -> None:
    # The definition: the Damerau-Levenshtein distance of the keys is 1 (the comparator skips
    # counting it for keys too far apart in length first).
    left, right = pair
    for cmp, strict in ((LENIENT, False), (STRICT, True)):
        found = cmp.compare(left, right)
        if found.level not in (Level.NEAR, Level.UNCERTAIN, Level.DIFFERENT) or "KANA_GAIJI" in found.reasons:
            continue
        if "KANA_PARTS_ORDER" in found.reasons or "KANA_STRICT_FOLD" in found.reasons:
            continue
        ka, kb = kf.kana_key(left, strict), kf.kana_key(right, strict)
        assert ("KANA_ONE_EDIT" in found.reasons) == (jellyfish.damerau_levenshtein_distance(ka, kb) == 1)


@given(st.text(alphabet="ガギヴパポハカウアーｶﾞ漢 \u3099\u309a", max_size=10) | st.text(max_size=10))
def test_strip_dakuten_is_its_definition(text: str) -> None:
    # The definition: each precomposed voiced (semi-voiced) katakana becomes its base letter, by
    # its canonical decomposition; every other character stays (the table is a list by code point).
    import unicodedata

    voiced = "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴ"
    expected = "".join(unicodedata.normalize("NFD", ch)[0] if ch in voiced else ch for ch in text)
    assert tk.strip_dakuten(text) == expected


@given(st.text(alphabet="あいうゔゝゞアイー漢 ｱ\u3099", max_size=10) | st.text(max_size=10))
def test_to_katakana_is_its_definition_and_keeps_the_length(text: str) -> None:
    # The definition: each hiragana letter (U+3041..U+3096) and iteration mark (ゝゞ) becomes the
    # katakana 0x60 above it; nothing else changes, so the length stays (the name's kana-script level
    # turns keys of two lengths away on that).
    expected = "".join(chr(ord(ch) + 0x60) if "\u3041" <= ch <= "\u3096" or ch in "ゝゞ" else ch for ch in text)
    assert tk.to_katakana(text) == expected
    assert len(tk.to_katakana(text)) == len(text)
