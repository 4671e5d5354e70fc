"""Issue 18, finding 3: a result can be pinned for an audit and replayed.

- ``compare(..., today=date)``, ``Ruleset.compare(..., today=)``, ``reconcile(..., today=)`` and the CLI's
  ``--today`` (check and reconcile) replay a past check: every date check that depends on today uses the
  day, and every cache keyed by the day (the memo layer's modes) keeps the two days apart;
- the result says the day it was checked as of, and the library version;
- the ruleset's fingerprint and the catalog and data versions travel in ``Result.to_dict()``.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

import mynacheck as mc
from mynacheck.cli import main
from mynacheck.reconcile.batch import key_batch, score_batch
from mynacheck.rules.rulesets import GUIDELINE_4

ROOT = Path(__file__).resolve().parent.parent

# 70/3/12: a two-digit year (no era has a 70th year yet), read in the hundred years up to the reference day.
TWO_DIGIT = {"my_number": "123456789018", "name": "髙橋 一郎", "birth_date": "70/3/12", "sex": "1",
             "address": "長野県長野市鶴賀緑町1613"}
IN_1920 = dict(TWO_DIGIT, birth_date="1970-03-12")
IN_2020 = dict(TWO_DIGIT, birth_date="2070-03-12")
BEFORE, AFTER = datetime.date(2069, 12, 31), datetime.date(2071, 1, 1)
# A birth date that is in the future on BEFORE and valid on AFTER.
NEW_BORN = dict(IN_2020, birth_date="2070-06-01")


def test_compare_replays_a_past_day() -> None:
    assert mc.compare(TWO_DIGIT, IN_1920, today=BEFORE).verdict is mc.Verdict.MATCH
    assert mc.compare(TWO_DIGIT, IN_1920, today=AFTER).verdict is mc.Verdict.MISMATCH
    assert mc.compare(TWO_DIGIT, IN_2020, today=AFTER).verdict is mc.Verdict.MATCH
    # "future" is relative to the day too
    assert mc.compare(NEW_BORN, NEW_BORN, today=BEFORE).verdict is mc.Verdict.REVIEW
    assert mc.compare(NEW_BORN, NEW_BORN, today=AFTER).verdict is mc.Verdict.MATCH
    # Ruleset.compare and judge take it too, and ISO text
    assert GUIDELINE_4.compare(TWO_DIGIT, IN_1920, today="2069-12-31").verdict is mc.Verdict.MATCH
    assert GUIDELINE_4.judge(TWO_DIGIT, IN_1920, today=BEFORE).verdict is mc.Verdict.MATCH
    assert GUIDELINE_4.judge(TWO_DIGIT, IN_1920, today=AFTER).verdict is mc.Verdict.MISMATCH


def test_the_day_is_kept_apart_in_every_cache() -> None:
    # Alternating days on the same pair: a result cached under one day is never given under the other.
    for _ in range(3):
        for day, verdict in ((BEFORE, mc.Verdict.MATCH), (AFTER, mc.Verdict.MISMATCH), (None, None)):
            got = mc.compare(TWO_DIGIT, IN_1920, today=day).verdict
            if verdict is not None:
                assert got is verdict, day
            else:  # the real today is before 2070-03-12
                assert got is mc.Verdict.MATCH


def test_the_day_belongs_to_its_thread() -> None:
    results: dict[str, list[mc.Verdict]] = {"before": [], "after": []}
    barrier = threading.Barrier(2)

    def run(name: str, day: datetime.date) -> None:
        barrier.wait()
        for _ in range(200):
            results[name].append(mc.compare(TWO_DIGIT, IN_1920, today=day).verdict)

    threads = [threading.Thread(target=run, args=a) for a in (("before", BEFORE), ("after", AFTER))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(results["before"]) == {mc.Verdict.MATCH} and set(results["after"]) == {mc.Verdict.MISMATCH}


def test_the_result_says_the_day_and_the_version() -> None:
    r = mc.compare(TWO_DIGIT, IN_1920, today=BEFORE)
    assert r.today == BEFORE
    d = r.to_dict()
    assert d["today"] == "2069-12-31"
    assert d["versions"]["mynacheck"] == mc.__version__
    assert mc.compare(TWO_DIGIT, IN_1920).today == datetime.date.today()


def test_replaying_from_a_results_dict_gives_the_same_result() -> None:
    original = mc.compare(TWO_DIGIT, IN_1920, today=BEFORE)
    replayed = mc.compare(TWO_DIGIT, IN_1920, today=original.to_dict()["today"])  # type: ignore[arg-type]
    assert replayed == original


def test_compare_many_replays_too() -> None:
    got = mc.compare_many([(TWO_DIGIT, IN_1920), (TWO_DIGIT, IN_2020)], today=BEFORE)
    assert [r.verdict for r in got] == [mc.Verdict.MATCH, mc.Verdict.REVIEW]  # 2070-03-12: future on BEFORE
    assert {r.today for r in got} == {BEFORE}


@pytest.mark.parametrize("bad", ["2019-13-01", "yesterday", 20191231, ""])
def test_a_bad_day_is_a_usage_error(bad: object) -> None:
    with pytest.raises(mc.UsageError, match="today must be"):
        mc.compare(TWO_DIGIT, IN_1920, today=bad)  # type: ignore[arg-type]


def _rows(**kw: Any) -> list[tuple[str, str]]:
    business = [dict(TWO_DIGIT, id="1"), dict(NEW_BORN, id="2", my_number="621498320257")]
    register = [IN_1920, dict(NEW_BORN, my_number="621498320257")]
    return [(r.verdict, r.reasons) for r in mc.reconcile(business, register, **kw)]


def test_reconcile_replays_a_past_day() -> None:
    before, after = _rows(today=BEFORE), _rows(today=AFTER)
    assert before[0][0] == "match" and after[0][0] == "mismatch"
    assert before[1][0] == "review" and "DATE_FUTURE" in before[1][1] and after[1] == ("match", "")


def test_reconcile_replays_on_worker_processes_too() -> None:
    assert _rows(today=BEFORE, jobs=2) == _rows(today=BEFORE)
    assert _rows(today=AFTER, jobs=2) == _rows(today=AFTER)


def test_score_batch_and_key_batch_replay_a_past_day() -> None:
    cols = {k: [v] for k, v in TWO_DIGIT.items()}
    reg = {k: [v] for k, v in IN_1920.items()}
    assert score_batch(cols, reg, GUIDELINE_4, today=BEFORE)["verdict"] == ["match"]
    assert score_batch(cols, reg, GUIDELINE_4, today=AFTER)["verdict"] == ["mismatch"]
    # The person key groups by the date as read on the day.
    keys = {k: [TWO_DIGIT[k], IN_1920[k]] for k in TWO_DIGIT}
    assert len(set(key_batch(keys, today=BEFORE)["person_digest"])) == 1
    assert len(set(key_batch(keys, today=AFTER)["person_digest"])) == 2


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    keys = list(rows[0])
    path.write_text("\n".join([",".join(keys), *(",".join(r[k] for k in keys) for r in rows)]) + "\n",
                    encoding="utf-8")
    return path


def test_cli_check_replays_a_past_day(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    left, right = _write(tmp_path / "l.csv", [TWO_DIGIT]), tmp_path / "r.json"
    (tmp_path / "l.json").write_text(json.dumps(TWO_DIGIT, ensure_ascii=False), encoding="utf-8")
    right.write_text(json.dumps(IN_1920, ensure_ascii=False), encoding="utf-8")
    del left
    assert main(["check", str(tmp_path / "l.json"), str(right), "--today", "2069-12-31", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["verdict"] == "match" and out["today"] == "2069-12-31"
    assert main(["check", str(tmp_path / "l.json"), str(right), "--today", "2071-01-01"]) == 1
    capsys.readouterr()
    assert main(["check", str(tmp_path / "l.json"), str(right), "--today", "2071-02-30"]) == 2
    assert "--today" in capsys.readouterr().err


def test_cli_reconcile_replays_a_past_day(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    business = _write(tmp_path / "b.csv", [TWO_DIGIT])
    register = _write(tmp_path / "r.csv", [IN_1920])
    assert main(["reconcile", str(business), str(register), "--out", str(tmp_path / "a.csv"),
                 "--today", "2069-12-31", "-q"]) == 0
    assert main(["reconcile", str(business), str(register), "--out", str(tmp_path / "b2.csv"),
                 "--today", "2071-01-01", "-q"]) == 1
    assert main(["reconcile", str(business), str(register), "--out", str(tmp_path / "c.csv"),
                 "--today", "tomorrow", "-q"]) == 2
    err = capsys.readouterr().err
    assert "--today" in err and "Traceback" not in err


def test_the_versioning_policy_is_documented() -> None:
    for path in (ROOT / "docs" / "versioning.md", ROOT / "docs" / "en" / "versioning.md"):
        text = path.read_text(encoding="utf-8")
        for term in ("X_", "fingerprint", "today", "CHANGELOG"):
            assert term in text, (path, term)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    for term in ("compare_frame", "reasons.register", "today", "from_dict", "compare_many"):
        assert term in changelog, term


def test_the_cli_help_names_today() -> None:
    out = subprocess.run([sys.executable, "-m", "mynacheck", "check", "--help"], capture_output=True, text=True)
    assert "--today" in out.stdout


def test_the_spark_command_takes_today_and_the_cli_hands_it_over(monkeypatch: pytest.MonkeyPatch) -> None:
    from mynacheck.spark import __main__ as spark_main

    args = spark_main.build_parser().parse_args(["b.csv", "r.csv", "--out", "o.csv", "--today", "2069-12-31"])
    assert args.today == BEFORE
    handed: list[list[str]] = []
    monkeypatch.setattr(spark_main, "main", lambda argv: handed.append(list(argv)) or 0)
    assert main(["reconcile", "b.csv", "r.csv", "--out", "o.csv", "--engine", "spark", "--today", "2069-12-31"]) == 0
    assert handed and handed[0][handed[0].index("--today") + 1] == "2069-12-31"


# --- the ruleset that decided, by its content: the fingerprint -----------------------------------------------------

def _three_rulesets() -> list[mc.Ruleset]:
    """GUIDELINE_4, GUIDELINE_4.add(rule) and GUIDELINE_4.replace(...): one name, one version, three contents."""
    from mynacheck.rules import Rule, cross

    return [GUIDELINE_4, GUIDELINE_4.add(Rule("vendor.same_name_again", "1", cross.SAME_NAME.check)),
            GUIDELINE_4.replace("field.sex", mc.field_rule("sex", required=False))]


def test_results_of_rulesets_that_share_a_name_and_version_say_which_decided() -> None:
    # Issue 18: all three said "GUIDELINE_4 1", though on this pair they give review, review and match.
    business = dict(IN_1920, sex="")
    results = [mc.compare(business, IN_1920, r) for r in _three_rulesets()]
    assert [r.verdict for r in results] == [mc.Verdict.REVIEW, mc.Verdict.REVIEW, mc.Verdict.MATCH]
    assert {(r.ruleset, r.ruleset_version) for r in results} == {("GUIDELINE_4", "1")}
    dicts = [r.to_dict() for r in results]
    prints = [d["ruleset_fingerprint"] for d in dicts]
    assert len(set(prints)) == 3
    for result, ruleset, data in zip(results, _three_rulesets(), dicts, strict=True):
        assert result.ruleset_fingerprint == ruleset.fingerprint == data["ruleset_fingerprint"]
        assert mc.Result.from_dict(json.loads(json.dumps(data))) == result
    # The replay check of docs/versioning.md: the shipped ruleset of that name is the one that decided, or not.
    assert [d["ruleset_fingerprint"] == mc.rulesets.by_name(d["ruleset"]).fingerprint for d in dicts] == \
        [True, False, False]


def test_the_repr_of_a_ruleset_tells_them_apart() -> None:
    from mynacheck.rules.fingerprint import in_letters

    reprs = [repr(r) for r in _three_rulesets()]
    assert len(set(reprs)) == 3
    for text, ruleset in zip(reprs, _three_rulesets(), strict=True):
        assert "'GUIDELINE_4'" in text and "version='1'" in text and in_letters(ruleset.fingerprint) in text
        assert f"rules={len(ruleset.rules)}" in text
    assert repr(GUIDELINE_4.renamed("VENDOR", "2")).endswith(f"fingerprint={in_letters(GUIDELINE_4.fingerprint)!r})")


def test_a_result_carries_the_catalog_and_data_versions() -> None:
    from mynacheck.rules.fingerprint import catalog_version, data_versions

    data = mc.compare(IN_1920, IN_1920).to_dict()
    assert data["versions"] == {"mynacheck": mc.__version__, "catalog": catalog_version(), "data": data_versions()}
    assert set(data["versions"]["data"]) >= {"kanji_variants.tsv", "addresses.txt.gz"}
    assert all(len(v) == 64 for v in (data["ruleset_fingerprint"], data["versions"]["catalog"],
                                      *data["versions"]["data"].values()))


def test_a_dict_written_before_the_fingerprint_still_reads() -> None:
    data = mc.compare(IN_1920, IN_1920).to_dict()
    del data["ruleset_fingerprint"]
    data["versions"] = {"mynacheck": "0.1.0"}
    old = mc.Result.from_dict(data)
    assert old.ruleset_fingerprint is None and old.catalog_version is None and old.data_versions == ()
