"""カナ氏名: folds, modes, review cases, hostile input, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mynacheck as mc
from mynacheck import reasons
from mynacheck.fields import kana as kf
from mynacheck.strategies.names import kana_renderings, names
from mynacheck.text import kana as tk
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
        ("ヤマ\x00ダ", Level.INVALID, "KANA_INVALID_CHARACTERS"),
        ("ア" * 5000, Level.UNCERTAIN, "RECORD_FIELD_TOO_LONG"),
    ],
)
def test_hostile_input_never_crashes(value: str, level: Level, reason: str) -> None:
    f = LENIENT.compare(value, "ヤマダ")
    assert f.level is level and reason in f.reasons
    assert f.verdict is not mc.Verdict.MATCH
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


@given(st.one_of(kana_text, st.text(max_size=20)), st.booleans())
def test_fast_path_agrees_with_the_named_fold_stages(text: str, strict: bool) -> None:
    # normalize_kana fuses the folds for speed; the reasons come from fold_stages.
    assert tk.normalize_kana(text, strict) == tk.fold_stages(text, strict)[-1]


@pytest.mark.parametrize("text", ["ッﾞ", "ゥﾞ", "ゥﾞ-", "ゥーﾞ", "オゥ-", "オウウウ", "ア--", "ｶﾞｰｰ"])
def test_dangling_marks_and_runs_normalize_stably(text: str) -> None:
    # Cases hypothesis found: a voiced mark that composes only after a fold, runs of ウ and dashes.
    for strict in (False, True):
        once = tk.normalize_kana(text, strict)
        assert tk.normalize_kana(once, strict) == once
        assert tk.fold_stages(text, strict)[-1] == once
