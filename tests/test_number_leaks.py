"""Issue 13, finding 3: no My Number leaves the library, whatever field holds it and however it is written.

One test per leak the issue found (each failed on the code before the fix),
then the property: a valid number planted in any field or id of generated
records, in any rendering, appears in no output of ``compare``, ``check`` and
``reconcile`` unless full numbers are asked for, and appears when they are.

A leak is looked for in each output's *digit projection*: HTML entities
decoded, NFKC, every digit-like character as its ASCII digit, separators
dropped.  So ``６３４１-２７０２-３０９２`` or ``6 3 4 1 …`` in an output counts.
"""

from __future__ import annotations

import csv
import html
import json
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mynacheck as mc
from mynacheck import strategies as mst
from mynacheck.cli import main
from mynacheck.reconcile import core
from mynacheck.reconcile.batch import score_batch
from mynacheck.rules.rulesets import GUIDELINE_4

NUMBER = "634127023092"
#: The renderings the issue found printed whole.
ISSUE_RENDERINGS = ["'634127023092", "634127023092.0", "MN634127023092", "634127023092-01", "6 3 4 1 2 7 0 2 3 0 9 2"]
#: Their neighbours: width, other separators, text around the number.
MORE_RENDERINGS = ["６３４１-２７０２-３０９２", "６３４１２７０２３０９２", "6341－2702－3092", "6341ー2702ー3092",
                   "番号634127023092です", "6341.2702.3092", "6341\u30002702\u30003092"]

# Separators between the digits of one written number (the rule of mynumber.redact, written out here).
_SEPARATORS = frozenset(" \t\n\r\x0b\x0c\u00a0\u3000-_.,'~\u00ad\u00b7\u200b\u200c\u200d\u2010\u2011\u2012\u2013"
                        "\u2014\u2015\u2019\u2027\u2060\u2212\u3001\u3002\u301c\u30fb\u30fc\ufeff")


def project(text: str) -> str:
    """The digits an output shows a reader: tags and entities out, NFKC, digits as ASCII, separators dropped."""
    folded = unicodedata.normalize("NFKC", html.unescape(re.sub("<[^<>]*>", "", text)))
    return "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in folded if c not in _SEPARATORS)


def leaks(number: str, *outputs: str) -> bool:
    return any(number in project(text) for text in outputs)


def person(**changes: str) -> dict[str, str]:
    rec = {"id": "A1", "my_number": NUMBER, "name": "山田 太郎", "kana": "ヤマダ タロウ", "birth_date": "1970-03-12",
           "sex": "1", "address": "長野県長野市若里1丁目2番3号"}
    rec.update(changes)
    return rec


HEADER = ["id", "my_number", "name", "kana", "birth_date", "sex", "address", "aliases"]


def write_csv(path: Path, rows: list[dict[str, Any]]) -> str:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for row in rows:
            aliases = row.get("aliases") or ()
            w.writerow([row.get(k) or "" for k in HEADER[:-1]] + [";".join(aliases)])
    return str(path)


def reconcile_outputs(directory: Path, business: list[dict[str, Any]], register: list[dict[str, Any]],
                      capsys: Any, *extra: str) -> tuple[int, list[str]]:
    """Run ``mynacheck reconcile`` in-process; its exit code and every text it wrote: stdout, stderr, the
    report, the page, the manifest and the review log (a run before it, onto the same report, is carried over)."""
    biz, reg = write_csv(directory / "b.csv", business), write_csv(directory / "r.csv", register)
    out, page = directory / "report.csv", directory / "report.html"
    code = main(["reconcile", biz, reg, "--out", str(out), "--html", str(page), "--jobs", "1", "--no-progress", *extra])
    stdout, stderr = capsys.readouterr()
    texts = [stdout, stderr]
    texts += [p.read_text(encoding="utf-8-sig") for p in (out, page, directory / "report.csv.manifest.json",
                                                        directory / "report.csv.log.jsonl") if p.exists()]
    return code, texts


def check_outputs(left: dict[str, Any], right: dict[str, Any], capsys: Any, *extra: str) -> list[str]:
    """``mynacheck check`` (explanation and --json) on two JSON files; every text it printed."""
    texts = []
    with tempfile.TemporaryDirectory() as d:
        lp, rp = Path(d) / "l.json", Path(d) / "r.json"
        lp.write_text(json.dumps(left, ensure_ascii=False), encoding="utf-8")
        rp.write_text(json.dumps(right, ensure_ascii=False), encoding="utf-8")
        for args in ([], ["--json"], ["--lang", "en"]):
            code = main(["check", str(lp), str(rp), *args, *extra])
            assert code in (0, 1)
            texts.extend(capsys.readouterr())
    return texts


# --- the leaks the issue found ----------------------------------------------------------


@pytest.mark.parametrize("rendering", ISSUE_RENDERINGS + MORE_RENDERINGS)
def test_report_csv_and_html_mask_a_number_in_the_id(rendering: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    rows = [person(id=rendering)]
    code, texts = reconcile_outputs(tmp_path, rows, [person()], capsys)
    assert code == 0, texts[1]
    assert len(texts) == 6 and not leaks(NUMBER, *texts)
    report = texts[2]
    assert "3092" in project(report.splitlines()[1].split(",")[2])  # the id keeps its last four digits


@pytest.mark.parametrize("field", ["name", "kana", "birth_date", "sex", "address"])
def test_report_html_masks_a_number_in_a_shifted_column(field: str, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    # A column shifted by one: the number lands in another field, on either side.
    code, texts = reconcile_outputs(tmp_path, [person(**{field: "MN" + NUMBER})], [person(**{field: NUMBER + ".0"})],
                                    capsys)
    assert code == 1, texts[1]
    assert not leaks(NUMBER, *texts)
    page = re.sub("<[^<>]*>", "", texts[3])
    assert "MN********3092" in page and "********3092.0" in page  # shown on the card, masked


def test_record_repr_masks_every_field() -> None:
    fields = {k: v for k, v in zip(("name", "kana", "birth_date", "address", "sex", "id"), ISSUE_RENDERINGS * 2,
                                   strict=False)}
    rec = mc.Record(my_number="MN" + NUMBER, aliases=("旧姓 " + NUMBER, "634127023092-01"), **fields)
    assert not leaks(NUMBER, repr(rec), str(rec))


def _shifted_pair() -> tuple[dict[str, str], dict[str, str]]:
    left = person(id="MN" + NUMBER, name=NUMBER, kana="６３４１２７０２３０９２", address="634127023092-01")
    right = person(id="'" + NUMBER, birth_date=NUMBER + ".0", sex="6 3 4 1 2 7 0 2 3 0 9 2")
    return left, right


def test_result_to_dict_and_repr_mask_ids_and_shifted_values() -> None:
    result = mc.compare(*_shifted_pair())
    data = result.to_dict()
    assert not leaks(NUMBER, json.dumps(data, ensure_ascii=False), repr(result), *map(repr, result.findings))
    assert data["left_id"] == "MN********3092" and data["right_id"] == "'********3092"
    assert result.left_id == "MN" + NUMBER  # the attribute itself is the value as given
    shown = result.to_dict(reveal_numbers=True)
    assert shown["left_id"] == "MN" + NUMBER
    by_field = {f["field"]: f for f in shown["findings"]}  # type: ignore[attr-defined]
    for field in ("name", "kana", "address", "birth_date", "sex"):
        assert leaks(NUMBER, json.dumps(by_field[field], ensure_ascii=False)), field


def test_pretty_printers_see_redacted_results_and_findings() -> None:
    # hypothesis prints falsifying examples (and IPython values) with a pretty printer that walks attrs fields.
    from hypothesis.vendor.pretty import pretty

    result = mc.compare(*_shifted_pair())
    assert not leaks(NUMBER, pretty(result), pretty(list(result.findings)))


def test_explain_masks_shifted_values_in_both_languages() -> None:
    result = mc.compare(*_shifted_pair())
    assert not leaks(NUMBER, result.explain("ja"), result.explain("en"))
    for lang in ("ja", "en"):
        assert result.explain(lang, reveal_numbers=True).count(NUMBER) >= 2  # name, and address "…-01"


def test_check_masks_ids_and_shifted_values(capsys: pytest.CaptureFixture[str]) -> None:
    assert not leaks(NUMBER, *check_outputs(*_shifted_pair(), capsys))


def test_check_argument_errors_do_not_quote_a_number(capsys: pytest.CaptureFixture[str]) -> None:
    # A value typed without its key, an unknown key, a bad choice: one line each, no number.
    for argv in (["check", "--left", NUMBER, "--right", "name=x"],
                 ["check", "--left", f"{NUMBER}=x", "--right", "name=x"],
                 ["check", "--ruleset", NUMBER, "--left", "name=x", "--right", "name=x"]):
        assert main(argv) == 2
        out, err = capsys.readouterr()
        assert err.count("\n") == 1 and not leaks(NUMBER, out, err)


def test_error_messages_are_redacted_as_a_last_line_of_defence() -> None:
    err = mc.InputError(f"business.csv:2: a cell that should never be quoted: {NUMBER}")
    assert not leaks(NUMBER, str(err), repr(err))
    assert "business.csv:2" in str(err)


def test_batch_rows_for_spark_and_the_library_mask_ids() -> None:
    # score_batch is what the Spark executors run; score_rows what reconcile() gives a caller.
    business = {k: [person()[k]] * len(ISSUE_RENDERINGS) for k in HEADER[:-1]}
    business["id"] = list(ISSUE_RENDERINGS)
    register = {k: list(v) for k, v in business.items()}
    out = score_batch(business, register, GUIDELINE_4, lines=list(range(2, 2 + len(ISSUE_RENDERINGS))))
    assert not leaks(NUMBER, *out["id"])
    rows = core.score_rows([person(id=r) for r in ISSUE_RENDERINGS], {NUMBER: person()}.get, GUIDELINE_4,
                           lines=ISSUE_RENDERINGS)
    assert not leaks(NUMBER, *(c for row in rows for c in row.columns()))


# --- the property ---------------------------------------------------------------------

_WIDENED = {**{10 + i: ("⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"[i], "⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"[i]) for i in range(11)},
            **{21 + i: ("㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟"[i],) for i in range(15)}}
_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


@st.composite
def renderings(draw: st.DrawFn, number: str) -> str:
    """``number`` written as the issue found it, or in width, separator or NFKC-widened variants."""
    kind = draw(st.sampled_from(["plain", "quote", "float", "prefix", "suffix", "spaced", "grouped", "full",
                                 "widened"]))
    if kind == "quote":
        return "'" + number
    if kind == "float":
        return number + ".0"
    if kind == "prefix":
        return draw(st.sampled_from(["MN", "No.", "番号", "ID:"])) + number
    if kind == "suffix":
        return number + draw(st.sampled_from(["-01", "_2", "（旧）"]))
    if kind == "spaced":
        return draw(st.sampled_from([" ", "\u3000", ""])).join(number)
    if kind == "grouped":
        sep = draw(st.sampled_from(["-", "－", "‐", "−", "ー", " ", ".", ","]))
        text = sep.join((number[:4], number[4:8], number[8:]))
        return text.translate(_FULL) if draw(st.booleans()) else text
    if kind == "full":
        return number.translate(_FULL)
    if kind == "widened":  # a two-digit group as one character that NFKC widens (⑫ → 12, ⒓ → "12.")
        spots = [i for i in range(11) if int(number[i:i + 2]) in _WIDENED]
        if spots:
            i = draw(st.sampled_from(spots))
            return number[:i] + draw(st.sampled_from(_WIDENED[int(number[i:i + 2])])) + number[i + 2:]
    return number


_FIELDS = ("my_number", "name", "kana", "birth_date", "address", "sex", "aliases", "id")


@st.composite
def planted(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any], str, str, str]:
    """Two records of one person (business, register) with a valid number planted in one field of one side."""
    rec = draw(mst.records())
    number = draw(mst.my_numbers())
    business = {k: rec.get(k) for k in _FIELDS if k not in ("aliases", "id")}
    business["aliases"] = list(rec.aliases)
    business["id"] = draw(st.sampled_from(["B1", "00042", "受付-7"]))
    register = dict(business, id="R1", aliases=list(rec.aliases))
    side = draw(st.sampled_from(["business", "register"]))
    field = draw(st.sampled_from(_FIELDS))
    text = draw(renderings(number))
    target = business if side == "business" else register
    old = target[field] if field != "aliases" else ";".join(target["aliases"])
    if old and draw(st.booleans()):  # inside the old value, or instead of it
        cut = draw(st.integers(0, len(old)))
        text = old[:cut] + text + old[cut:]
    target[field] = text if field != "aliases" else [text]
    return business, register, number, side, field


_settings = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_settings
@given(case=planted())
def test_compare_and_check_never_show_a_planted_number_unless_asked(
        case: tuple[dict[str, Any], dict[str, Any], str, str, str], capsys: pytest.CaptureFixture[str]) -> None:
    business, register, number, side, field = case
    result = mc.compare(business, register)
    masked = [repr(result), *map(repr, result.findings), json.dumps(result.to_dict(), ensure_ascii=False),
              result.explain("ja"), result.explain("en"), repr(mc.Record.from_mapping(business)),
              repr(mc.Record.from_mapping(register)), *check_outputs(business, register, capsys)]
    assert not leaks(number, *masked), (side, field)
    # The positive control: asked for, every value the result holds is shown as it is, so the
    # projection sees the number wherever the result keeps it: always in an id; in a name or an
    # address unless its normalization reads it as something else (a house number, say).
    in_findings = leaks(number, *(v for f in result.findings for v in (f.left, f.right, f.hint) if v))
    in_ids = leaks(number, *(v for v in (result.left_id, result.right_id) if v))
    assert in_ids or field != "id", side  # an id is kept as given
    if in_findings or in_ids:
        assert leaks(number, json.dumps(result.to_dict(reveal_numbers=True), ensure_ascii=False)), (side, field)
        assert leaks(number, *check_outputs(business, register, capsys, "--reveal-numbers")), (side, field)
    if in_findings:  # explain() shows the findings' values (not the ids)
        for lang in ("ja", "en"):
            assert leaks(number, result.explain(lang, reveal_numbers=True)), (side, field, lang)


def _shown_by_reconcile(side: str, field: str, verdict: str) -> bool:
    """Where REPORT.csv/HTML print a value with --reveal-numbers: the business id and number
    columns, and both records' items on the card of a flagged row (aliases and ids of the
    register are compared or kept, never printed)."""
    if side == "business" and field in ("id", "my_number"):
        return True
    return field in ("name", "kana", "birth_date", "address", "sex") and verdict != "match"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=planted())
def test_reconcile_never_writes_a_planted_number_unless_asked(
        case: tuple[dict[str, Any], dict[str, Any], str, str, str], capsys: pytest.CaptureFixture[str]) -> None:
    business, register, number, side, field = case
    # A second person joined on a plain number, so the report has more than the planted row.
    other = dict(business, id="B2", my_number="621498320257", name="佐藤 花子", aliases=[])
    with tempfile.TemporaryDirectory() as d:
        code, texts = reconcile_outputs(Path(d), [business, other], [register, dict(other, id="R2")], capsys)
        assert code in (0, 1) and len(texts) == 6, texts[1]
        assert not leaks(number, *texts), (side, field)
        verdict = next(csv.DictReader(texts[2].splitlines()))["判定コード"]
        code, shown = reconcile_outputs(Path(d), [business, other], [register, dict(other, id="R2")], capsys,
                                        "--reveal-numbers")
        if _shown_by_reconcile(side, field, verdict) and not (side == "register" and _unjoined(business, register)):
            assert leaks(number, *shown), (side, field, verdict)


def _unjoined(business: dict[str, Any], register: dict[str, Any]) -> bool:
    # The register row is found by the business row's number: a planted number in either
    # my_number column can leave the pair unjoined, and then no register value is shown.
    keys = [mc.mynumber.compact(str(rec["my_number"] or "")) for rec in (business, register)]
    return keys[0] != keys[1]
