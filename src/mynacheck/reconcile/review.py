"""``mynacheck review``: the signed worksheet read back, checked, logged; the confirmed-mislinkage list.

Every flagged row (要確認, 不一致) must end with two people's result (DOMAIN §5):

- 確認結果 is exactly ``正しい`` (the linkage is right), ``誤り`` (mislinkage
  confirmed) or ``保留`` (still being confirmed with the person), blanks around
  it aside;
- 確認者1 and 確認者2 are two different, non-empty names: the same name written
  twice ("山田 太郎", "山田　太郎") is one person (compared after
  :func:`~mynacheck.normalize_name`);
- 確認日 is a date :func:`~mynacheck.parse_date` reads (2026/12/6, 令和8年12月6日 …),
  whole (year, month and day) and not in the future.

A row is *done* with 正しい or 誤り and all of that; *left* when nothing is
written in it yet, or it says 保留; *invalid* otherwise (each with its line and
why).  The confirmed list (:func:`write_confirmed`) is the 誤り rows that are
done: where correction, the leak check (漏えい等の有無の確認) and the
publication decision start.

Each review pass appends an entry to the review log (:mod:`.audit`): the
worksheet's SHA-256, the counts, every signed row (digest, id, line, its four
cells) and what changed since the previous pass.  :func:`verify` then finds a
broken chain, and a signed row whose cells in the worksheet no longer say what
the last pass logged (edited, or removed).
"""

from __future__ import annotations

import contextlib
import os
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from .. import reasons as catalog
from ..errors import InvalidDate
from ..fields.birthdate import parse_date
from ..fields.name import normalize_name
from ..mynumber import redact
from ..verdicts import Verdict
from .audit import LOG_SUFFIX, MANIFEST_SUFFIX, ReviewLog, file_sha256, now, read_manifest
from .report_csv import CsvReport
from .values import display_number
from .worksheet import RESULTS, SheetRow, read_worksheet

__all__ = ["RowCheck", "Review", "review_worksheet", "write_confirmed", "log_review", "verify", "CONFIRMED_COLUMNS",
           "confirmed_header"]

DONE, LEFT, INVALID = "done", "left", "invalid"
CORRECT, WRONG, PENDING = RESULTS

#: The confirmed-mislinkage list's columns (English header; :func:`confirmed_header` in Japanese).
CONFIRMED_COLUMNS: tuple[str, ...] = (
    "worksheet_line", "line", "id", "my_number", "verdict_ja", "reasons", "message", "確認者1", "確認者2", "確認日",
    "review_date", "digest",
)
_CONFIRMED_JA = ("作業表の行", "行", "ID", "個人番号", "判定", "理由コード", "理由", "確認者1", "確認者2", "確認日",
                 "確認日（西暦）", "照合キー")


def confirmed_header(lang: str = "ja") -> tuple[str, ...]:
    return _CONFIRMED_JA if lang == "ja" else CONFIRMED_COLUMNS


# The reasons a row is invalid, in both languages; {value} is a cell as written (masked).
_WHY: dict[str, tuple[str, str]] = {
    "no_result": ("確認結果が空欄です（正しい・誤り・保留 のいずれかを書いてください）",
                  "確認結果 is empty (write 正しい, 誤り or 保留)"),
    "bad_result": ("確認結果「{value}」は 正しい・誤り・保留 のいずれでもありません",
                   "確認結果 {value!r} is not one of 正しい, 誤り, 保留"),
    "no_reviewer1": ("確認者1が空欄です", "確認者1 is empty"),
    "no_reviewer2": ("確認者2が空欄です（二人目の確認が必要です）", "確認者2 is empty (a second person must confirm)"),
    "same_reviewer": ("確認者1と確認者2が同じ人です（別の人が確認してください）",
                      "確認者1 and 確認者2 are the same person (a different person must confirm)"),
    "no_date": ("確認日が空欄です", "確認日 is empty"),
    "bad_date": ("確認日「{value}」を日付として読めません", "確認日 {value!r} is not a date"),
    "partial_date": ("確認日「{value}」は年月日がそろっていません", "確認日 {value!r} is not a whole date"),
    "future_date": ("確認日「{value}」は未来の日付です", "確認日 {value!r} is in the future"),
}


@attrs.frozen(slots=True)
class RowCheck:
    """One flagged row of the worksheet, checked."""

    worksheet_line: int
    line: str
    id: str
    digest: str
    my_number: str
    verdict_ja: str
    reasons: str
    message: str
    cells: tuple[str, str, str, str]
    state: str
    result: str = ""
    date: str = ""  # 確認日 as ISO, when it reads
    why: tuple[tuple[str, str], ...] = ()  # (reason key, value) of an invalid row

    def explain(self, lang: str = "ja") -> str:
        """Why the row is invalid, in a clerk's words."""
        return "; ".join(_WHY[key][0 if lang == "ja" else 1].format(value=redact(value)) for key, value in self.why)

    def signed(self) -> list[Any]:
        """The row as a review pass logs it: digest, id, line, the four cells."""
        return [self.digest, redact(self.id), self.line, *(redact(c) for c in self.cells)]


@attrs.frozen(slots=True)
class Review:
    """What a worksheet says: every flagged row checked, in worksheet order."""

    path: str
    lang: str
    rows: tuple[RowCheck, ...]
    sha256: str

    def count(self, state: str, result: str | None = None) -> int:
        return sum(r.state == state and (result is None or r.result == result) for r in self.rows)

    @property
    def done(self) -> int:
        return self.count(DONE)

    @property
    def left(self) -> int:
        return self.count(LEFT)

    @property
    def invalid(self) -> list[RowCheck]:
        return [r for r in self.rows if r.state == INVALID]

    @property
    def confirmed(self) -> list[RowCheck]:
        """The 誤り rows that are done: the confirmed mislinkages."""
        return [r for r in self.rows if r.state == DONE and r.result == WRONG]

    def confirmed_by_reason(self) -> Counter[str]:
        """The confirmed mislinkages counted by each reason a clerk acts on (not the notation folds)."""
        counts: Counter[str] = Counter()
        for row in self.confirmed:
            counts.update(code for code in row.reasons.split() if _actionable(code))
        return counts

    @property
    def exit_code(self) -> int:
        """0 when every flagged row is done (two people, 正しい or 誤り, dated); 1 when rows are left or invalid."""
        return 0 if not self.left and not self.invalid else 1


def _actionable(code: str) -> bool:
    try:
        return catalog.get(code).severity is not Verdict.MATCH
    except KeyError:  # a code the catalog does not hold: counted
        return True


def _person(name: str) -> str:
    """A reviewer's name as compared: the project's name normalization (width, spaces, variants)."""
    text = unicodedata.normalize("NFKC", name)
    with contextlib.suppress(Exception):  # a name the normalizer refuses: compared as written, blanks folded
        text = normalize_name(text)
    return " ".join(text.split()).casefold()


def check_row(row: SheetRow) -> RowCheck:
    """Check one flagged row of a worksheet read back."""
    r1, r2, date_text, result_text = row.entries
    result = result_text.strip().strip("\u3000")
    why: list[tuple[str, str]] = []
    iso = ""
    base = dict(worksheet_line=row.line, line=row.get("line"), id=row.get("id"), digest=row.get("digest").strip(),
                my_number=row.get("my_number"), verdict_ja=row.get("verdict_ja") or row.get("verdict"),
                reasons=row.get("reasons"), message=row.get("message"), cells=row.entries)
    if not any(c.strip() for c in row.entries):
        return RowCheck(**base, state=LEFT)  # type: ignore[arg-type]
    if not result:
        why.append(("no_result", ""))
    elif result not in RESULTS:
        why.append(("bad_result", result))
    if not r1.strip():
        why.append(("no_reviewer1", ""))
    if not r2.strip():
        why.append(("no_reviewer2", ""))
    if r1.strip() and r2.strip() and _person(r1) == _person(r2):
        why.append(("same_reviewer", ""))
    if not date_text.strip():
        why.append(("no_date", ""))
    else:
        try:
            day = parse_date(date_text)
        except InvalidDate as err:
            why.append(("future_date" if err.reason == "DATE_FUTURE" else "bad_date", date_text.strip()))
        else:
            if day.is_partial:
                why.append(("partial_date", date_text.strip()))
            else:
                iso = day.isoformat()
    if why:
        return RowCheck(**base, state=INVALID, result=result, date=iso, why=tuple(why))  # type: ignore[arg-type]
    state = LEFT if result == PENDING else DONE
    return RowCheck(**base, state=state, result=result, date=iso)  # type: ignore[arg-type]


def review_worksheet(path: str | os.PathLike[str]) -> Review:
    """Read a signed worksheet back and check every flagged row (see the module docstring)."""
    sheet = read_worksheet(path)
    rows = tuple(check_row(row) for row in sheet if row.flagged)
    return Review(sheet.path, sheet.lang, rows, file_sha256(sheet.path))


def write_confirmed(review: Review, path: str | os.PathLike[str], lang: str = "ja") -> str:
    """Write the confirmed-mislinkage list (numbers always masked); return its SHA-256 (``sha256:…``)."""
    with CsvReport(path, confirmed_header(lang)) as out:
        out.write_columns([(str(r.worksheet_line), r.line, redact(r.id), display_number(r.my_number, False),
                            r.verdict_ja, r.reasons, redact(r.message), *(redact(c) for c in r.cells[:3]), r.date,
                            r.digest) for r in review.confirmed])
        digest = out.sha256()
    return digest


def log_review(review: Review, confirmed: tuple[str, str] | None = None) -> dict[str, Any]:
    """Append the review pass to the worksheet's log; return the entry as written.

    ``confirmed``: the confirmed list's file name and SHA-256, when one was written.
    """
    log = ReviewLog(review.path + LOG_SUFFIX)
    entries, _ = log.verify()
    previous = _last_signed(entries)
    signed = [r.signed() for r in review.rows if r.state != INVALID and r.result]
    now_by_digest = {s[0]: s for s in signed}
    changed = [[d, old[6], now_by_digest[d][6]] for d, old in previous.items()
               if d in now_by_digest and old[3:] != now_by_digest[d][3:]]
    entry: dict[str, Any] = {
        "kind": "review", "time": now(), "worksheet": redact(os.path.basename(review.path)),
        "worksheet_sha256": review.sha256,
        "counts": {"flagged": len(review.rows), "done": review.done, "correct": review.count(DONE, CORRECT),
                   "wrong": review.count(DONE, WRONG), "left": review.left, "pending": review.count(LEFT, PENDING),
                   "invalid": len(review.invalid)},
        "signed": signed,
        "invalid": [[r.worksheet_line, redact(r.id), [k for k, _ in r.why]] for r in review.invalid],
        "since_previous_pass": {"newly_signed": sum(d not in previous for d in now_by_digest),
                                "result_changed": changed,
                                "no_longer_signed": sorted(d for d in previous if d not in now_by_digest)},
        "confirmed": None if confirmed is None else {
            "file": confirmed[0], "sha256": confirmed[1], "rows": len(review.confirmed),
            "by_reason": dict(sorted(review.confirmed_by_reason().items()))},
    }
    return log.append(entry)


def _last_signed(entries: Sequence[dict[str, Any]]) -> dict[str, list[Any]]:
    """The signed rows the last review pass logged, by digest, less those a later run did not carry over."""
    signed: dict[str, list[Any]] = {}
    for entry in entries:
        kind = entry.get("kind")
        if kind == "review":
            signed = {s[0]: s for s in entry.get("signed", []) if isinstance(s, list) and len(s) == 7}
        elif kind == "reconcile":
            previous = entry.get("previous_worksheet") or {}
            for key in ("not_carried_changed", "not_carried_gone"):
                for dropped in previous.get(key, []):
                    signed.pop(dropped.get("digest", ""), None)
    return signed


@attrs.frozen(slots=True)
class Finding:
    """One thing :func:`verify` found: ``tampering`` or a ``note``."""

    kind: str
    text: str


def verify(path: str | os.PathLike[str], lang: str = "ja") -> list[Finding]:
    """Check the audit trail of the worksheet at ``path``: the log's chain, the manifest, and every signed row
    the last review pass logged against the worksheet as it is now."""
    ja = lang == "ja"
    path = os.fspath(path)
    log = ReviewLog(path + LOG_SUFFIX)
    entries, problems = log.verify()
    found = [Finding("tampering", p.text(lang)) for p in problems]
    if not entries and not problems:
        found.append(Finding("note", "レビューログがありません" if ja else "there is no review log"))
    manifest = read_manifest(path + MANIFEST_SUFFIX)
    if manifest is not None:
        runs = {e.get("run_id"): e for e in entries if e.get("kind") == "reconcile"}
        run = runs.get(manifest.get("run_id"))
        if run is None:
            found.append(Finding("tampering", "マニフェストの実行がログにありません" if ja else
                                 "the manifest's run is not in the review log"))
        elif run.get("manifest_sha256") != file_sha256(path + MANIFEST_SUFFIX):
            found.append(Finding("tampering", "マニフェストが書き換えられています（ログの記録と一致しません）" if ja else
                                 "the manifest was edited (it does not match the log)"))
    expected = _last_signed(entries)
    sheet = read_worksheet(path)
    rows: dict[str, list[SheetRow]] = {}
    unlogged = 0
    for row in sheet:
        digest = row.get("digest").strip()
        if digest in expected:
            rows.setdefault(digest, []).append(row)
        elif row.flagged and row.entries[3].strip():
            unlogged += 1
    for digest, record in expected.items():
        if not digest:  # a worksheet made before rows had digests: nothing to find it by
            continue
        candidates = rows.get(digest, [])
        want = record[3:]
        if not candidates:
            found.append(Finding("tampering", (f"署名済みの行（ID {record[1]}、行 {record[2]}、{record[6]}）が作業表にありません"
                                               if ja else f"a signed row (id {record[1]}, line {record[2]}, "
                                                          f"{record[6]}) is not in the worksheet")))
            continue
        if not any([redact(c) for c in row.entries] == want for row in candidates):
            row = candidates[0]
            now_cells = " / ".join(redact(c) for c in row.entries)
            found.append(Finding("tampering", (
                f"作業表の{row.line}行目（ID {record[1]}）は前回のレビュー後に書き換えられています："
                f"記録 {' / '.join(want)}、現在 {now_cells}" if ja else
                f"worksheet line {row.line} (id {record[1]}) was edited after the last review pass: logged "
                f"{' / '.join(want)}, now {now_cells}")))
    if unlogged:
        found.append(Finding("note", f"最後のレビュー後に記入された行が{unlogged}行あります（mynacheck review で記録してください）"
                             if ja else f"{unlogged} rows were signed after the last review pass (record them "
                                        "with mynacheck review)"))
    return found


def summary_lines(review: Review, lang: str = "ja") -> list[str]:
    """The progress a review pass prints."""
    name = redact(os.path.basename(review.path))
    c = review.count
    if lang == "ja":
        lines = [f"mynacheck review: {name}（要確認・不一致 {len(review.rows):,}行）",
                 f"  済み {review.done:,}行（正しい {c(DONE, CORRECT):,}、誤り {c(DONE, WRONG):,}）",
                 f"  残り {review.left:,}行（未記入 {c(LEFT, ''):,}、保留 {c(LEFT, PENDING):,}）",
                 f"  不備 {len(review.invalid):,}行"]
    else:
        lines = [f"mynacheck review: {name} ({len(review.rows):,} flagged rows)",
                 f"  done {review.done:,} (正しい {c(DONE, CORRECT):,}, 誤り {c(DONE, WRONG):,})",
                 f"  left {review.left:,} (empty {c(LEFT, ''):,}, 保留 {c(LEFT, PENDING):,})",
                 f"  invalid {len(review.invalid):,}"]
    if review.invalid:
        lines.append("不備のある行:" if lang == "ja" else "invalid rows:")
        for row in review.invalid:
            where = (f"作業表の{row.worksheet_line}行目（行 {row.line}、ID {redact(row.id)}）" if lang == "ja" else
                     f"worksheet line {row.worksheet_line} (line {row.line}, id {redact(row.id)})")
            lines.append(f"  {where}: {row.explain(lang)}")
    return lines


def reason_lines(review: Review, lang: str = "ja") -> Iterable[str]:
    """The confirmed mislinkages counted by reason, most first."""
    for code, n in review.confirmed_by_reason().most_common():
        try:
            text = catalog.message(code, lang)
        except KeyError:
            text = ""
        yield f"  {n:>7,}  {code}  {text}"
