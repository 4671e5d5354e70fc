"""The reason catalog: complete, well-formed, and in sync with docs/reasons.md."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mynacheck as mc
from mynacheck import reasons

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "mynacheck"


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_reasons_doc", ROOT / "scripts" / "gen_reasons_doc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_docs_reasons_md_is_generated_from_the_catalog(lang: str) -> None:
    gen = _generator()
    assert gen.TARGETS[lang].read_text(encoding="utf-8") == gen.render(lang), (
        "docs are stale: run python scripts/gen_reasons_doc.py"
    )


def test_every_entry_is_well_formed() -> None:
    entries = list(reasons.all_reasons())
    assert len(entries) > 20
    for r in entries:
        assert re.fullmatch(r"[A-Z][A-Z0-9_]+", r.code), r.code
        assert r.ja.strip() and r.en.strip(), r.code
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", r.ja), f"{r.code}: Japanese message expected"
        assert r.ja != r.en


def test_every_code_string_in_the_source_is_in_the_catalog() -> None:
    known = {r.code for r in reasons.all_reasons()}
    pattern = re.compile(r'"((?:MYNUMBER|NAME|KANA|DATE|ADDR|SEX|XF|RECORD|RECON|REGISTER|RESOLVE)_[A-Z0-9_]+)"')
    missing = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for code in pattern.findall(text):
            # a module constant named in __all__ (REGISTER_DUPLICATE = "_register_duplicate") is no code
            if code not in known and not re.search(rf"^{code}\b(?:\s*:[^=\n]*)?\s*=", text, re.M):
                missing.add(f"{path.relative_to(ROOT)}: {code}")
    assert not missing, sorted(missing)


def test_unknown_codes_raise_a_typed_error() -> None:
    with pytest.raises(reasons.UnknownReason):
        reasons.get("NO_SUCH_CODE")
    with pytest.raises(ValueError):
        reasons.get("NAME_DIFFERENT").message("de")


def test_sort_codes_puts_the_most_decisive_first() -> None:
    ordered = reasons.sort_codes(["NAME_NOTATION_FOLD", "SEX_DIFFERENT", "MYNUMBER_DIFFERENT", "SEX_DIFFERENT"])
    assert ordered == ("MYNUMBER_DIFFERENT", "SEX_DIFFERENT", "NAME_NOTATION_FOLD")
    assert mc.reasons.message("MYNUMBER_DIFFERENT", "en").startswith("The My Numbers differ")


# --- the memoized ordering against the rule --------------------------------------------

_codes = st.lists(st.sampled_from([r.code for r in reasons.all_reasons()] + ["NOT_A_CODE"]), max_size=6)


def _sorted_by_the_rule(codes: list[str], stable: bool) -> tuple[str, ...]:
    seen = list(dict.fromkeys(codes))
    if stable:
        return tuple(seen)

    def rank(c: str) -> int:
        try:
            return reasons.get(c).severity.rank
        except reasons.UnknownReason:
            return 1

    return tuple(sorted(seen, key=lambda c: (-rank(c), seen.index(c))))


@given(_codes, st.booleans())
def test_sort_codes_equals_the_rule(given_codes: list[str], stable: bool) -> None:
    assert reasons.sort_codes(given_codes, stable=stable) == _sorted_by_the_rule(given_codes, stable)
    assert reasons.sort_codes(iter(given_codes), stable=stable) == _sorted_by_the_rule(given_codes, stable)
