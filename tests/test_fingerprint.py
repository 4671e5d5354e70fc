"""``Ruleset.fingerprint`` (issue 18 finding 3, issue 15): what decided a verdict, pinned for an audit."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

import mynacheck as mc
from mynacheck.fields import kana
from mynacheck.rules import Decision, Rule, rulesets
from mynacheck.rules import fingerprint as fp
from mynacheck.verdicts import Finding, Level, Verdict

G4 = rulesets.GUIDELINE_4


def _always_review(ctx: Any) -> Finding | None:
    return Finding("cross", Level.UNCERTAIN, ("XF_MOVED",), verdict=Verdict.REVIEW)


def test_add_and_replace_change_the_fingerprint_rename_does_not() -> None:
    # Issue 18 found all three saying "GUIDELINE_4 1" though they decide differently.
    added = G4.add(Rule("vendor.check", "1", _always_review))
    replaced = G4.replace("field.address", mc.field_rule("address", required=False))
    strict_kana = G4.replace("field.kana", mc.field_rule("kana", required=False, compare=kana.make_comparator(strict=True)))
    prints = {G4.fingerprint, added.fingerprint, replaced.fingerprint, strict_kana.fingerprint,
              rulesets.GUIDELINE_3.fingerprint, rulesets.INSURER_5.fingerprint}
    assert len(prints) == 6
    assert all(len(p) == 64 and int(p, 16) >= 0 for p in prints)
    assert G4.renamed("MY_COPY", "7").fingerprint == G4.fingerprint  # the same content decides the same way
    assert G4.replace("field.address", G4.rule("field.address")).fingerprint == G4.fingerprint
    # A new version of a rule is another rule.
    bumped = G4.replace("field.sex", Rule("field.sex", "2", G4.rule("field.sex").check, field="sex", required=True))
    assert bumped.fingerprint != G4.fingerprint


def test_the_decision_table_is_in_it() -> None:
    table = tuple(Decision(d.id, d.applies, Verdict.REVIEW if i == 0 else d.verdict, d.reasons, d.description,
                           d.findings_only) for i, d in enumerate(G4.table))
    assert mc.Ruleset(G4.name, G4.version, G4.rules, table).fingerprint != G4.fingerprint
    assert mc.Ruleset(G4.name, G4.version, G4.rules, G4.table[::-1]).fingerprint != G4.fingerprint
    assert mc.Ruleset(G4.name, G4.version, G4.rules, G4.table).fingerprint == G4.fingerprint


def test_the_catalog_and_the_data_tables_are_in_it(monkeypatch: pytest.MonkeyPatch) -> None:
    before = fp.fingerprint(mc.Ruleset(G4.name, G4.version, G4.rules, G4.table))
    real = dict(fp.data_versions())
    monkeypatch.setattr(fp, "data_versions", lambda: {**real, "kanji_variants.tsv": "0" * 64})
    assert fp.fingerprint(mc.Ruleset(G4.name, G4.version, G4.rules, G4.table)) != before
    monkeypatch.undo()
    monkeypatch.setattr(fp, "catalog_version", lambda: "1" * 64)
    assert fp.fingerprint(mc.Ruleset(G4.name, G4.version, G4.rules, G4.table)) != before


def test_stable_across_processes_and_hash_seeds() -> None:
    code = "from mynacheck.rules import rulesets as r; print(r.GUIDELINE_4.fingerprint, r.INSURER_5.fingerprint)"
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}).stdout for seed in ("0", "1", "99")}
    assert outs == {f"{G4.fingerprint} {rulesets.INSURER_5.fingerprint}\n"}


def test_data_versions_are_the_bundled_files_digests() -> None:
    import hashlib
    from importlib import resources

    versions = fp.data_versions()
    assert set(versions) >= {"kanji_variants.tsv", "addresses.txt.gz"}
    for name, digest in versions.items():
        assert hashlib.sha256(resources.files("mynacheck.data").joinpath(name).read_bytes()).hexdigest() == digest


def test_the_short_form_holds_letters_only() -> None:
    short = fp.in_letters(G4.fingerprint)
    assert len(short) == 14 and short.isalpha() and short.islower()
    assert fp.in_letters(G4.fingerprint) != fp.in_letters(rulesets.GUIDELINE_3.fingerprint)
    assert fp.in_letters(bytes.fromhex(G4.fingerprint)) == short


def test_describe_leaves_caches_out() -> None:
    # A rule's check keeps findings by pair of values: filling that cache must not move the fingerprint.
    ruleset = mc.Ruleset(G4.name, G4.version, G4.rules, G4.table)
    before = fp.describe(ruleset.rule("field.name").check)
    ruleset.compare({"name": "山田 太郎"}, {"name": "山田 太郎"})
    assert fp.describe(ruleset.rule("field.name").check) == before


# The shipped rulesets' fingerprints, as their reports show them (``in_letters``).  They move only when what
# decides a verdict moves: a rule, the table, the reason catalog or a bundled data file.  A change to how
# findings are computed or kept (a fast path, a cache) must leave them alone, or every report's ruleset column
# changes while nothing it decides did.  When one moves on purpose, update it here and say so in CHANGELOG.md.
_PINNED = {
    "GUIDELINE_4": ("ekzfyjniibfypp", "crqvvntjpqnwbr"),
    "GUIDELINE_3": ("affsynxrtaxnbl", "hirfeotzcliqct"),
    "INSURER_5": ("bblnzrxcoosvwg", "fbpoptboyioxov"),
}


@pytest.mark.parametrize("name", sorted(_PINNED))
def test_the_shipped_rulesets_fingerprints_are_pinned(name: str) -> None:
    ruleset = rulesets.by_name(name)
    lenient, strict = _PINNED[name]
    assert fp.in_letters(ruleset.fingerprint) == lenient
    assert fp.in_letters(ruleset.with_kana("strict").fingerprint) == strict
