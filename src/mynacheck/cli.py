"""The ``mynacheck`` command: ``reconcile`` (batch), ``review`` (the signed worksheet read back), ``check``
(one pair) and ``resolve`` (a query's 0..N people).

Exit codes: 0 everything matched, 1 something was flagged, 2 any failure
(a usage or input error, a dead worker, a full disk, an internal error: one
line on stderr naming the file and line where there is one, no traceback);
128 + the signal number when stopped by SIGINT, SIGTERM or SIGHUP.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import errno
import gc
import json
import os
import signal
import sys
import tempfile
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn, TextIO

from . import reasons as catalog
from .errors import InputError, MynacheckError
from .mynumber import redact
from .record import FIELDS
from .rules import Ruleset, rulesets
from .verdicts import Verdict

__all__ = ["main", "build_parser"]

EXIT_OK, EXIT_FLAGGED, EXIT_ERROR = 0, 1, 2
PROG = "mynacheck"
_KEYS = (*FIELDS, "aliases", "id", "status", "status_date", "kana_source")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse's own format, but one line (no usage dump) and exit 2.  It
        # quotes the argument it rejects, which may be a number.
        self.exit(EXIT_ERROR, f"{self.prog}: error: {redact(message)} (see --help)\n")


def _fail(message: str, stream: TextIO | None = None) -> int:
    # The last line of defence: every error message is built without cell
    # values, and any My Number that got in anyway is redacted here.
    print(f"{PROG}: error: {redact(message)}", file=stream or sys.stderr)
    return EXIT_ERROR


def _ruleset(name: str, kana: str | None = None, status_codes: Sequence[str] = ()) -> Ruleset:
    """The ruleset a command asked for: by name, with ``--kana`` and ``--status-code`` applied."""
    from .reconcile.io import parse_status_codes

    try:
        ruleset = rulesets.by_name(name)
        if kana is not None:
            ruleset = ruleset.with_kana(kana)
        codes = parse_status_codes(status_codes)
        if codes:
            ruleset = ruleset.with_status_codes(codes)
    except ValueError as err:
        raise InputError(str(err)) from None
    return ruleset


def _add_rule_options(cmd: argparse.ArgumentParser) -> None:
    """--ruleset, --kana and --status-code: what a command compares with."""
    cmd.add_argument("--ruleset", default=rulesets.DEFAULT.name, choices=sorted(rulesets.ALL),
                     type=str.upper, help="which items must agree (default %(default)s)")
    cmd.add_argument("--kana", choices=("lenient", "strict"),
                     help="kana strictness (default: the ruleset's own, lenient for all shipped ones); strict "
                     "applies only where both records say their kana is the official reading (kana_source)")
    cmd.add_argument("--status-code", action="append", default=[], metavar="VALUE=STATUS",
                     help="read the register status VALUE as STATUS (住民, 死亡, 転出, 転出予定, 職権消除, 消除, 住登外) "
                     "before the default tables; repeat or separate with commas")


def _day(text: str) -> datetime.date:
    """``--today``'s value: a day written YYYY-MM-DD."""
    from .clock import as_day

    try:
        return as_day(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day as YYYY-MM-DD, got {text[:20]!r}") from None


_TODAY_HELP = ("check as on this day (YYYY-MM-DD), to replay a past check: every date check that depends "
               "on today (future birth dates, two-digit years) uses it (default: today)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Check My Number linkages against the resident register.")
    from . import __version__

    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    rec = sub.add_parser(
        "reconcile",
        help="reconcile a business-system export with a register extract (CSV)",
        description="Compare every row of BUSINESS with the REGISTER row of its My Number, find numbers "
        "shared by different people and people with several numbers, and write a worksheet.",
    )
    rec.add_argument("business", metavar="BUSINESS", help="business-system export (CSV)")
    rec.add_argument("register", metavar="REGISTER", help="register extract (CSV)")
    rec.add_argument("--out", "-o", required=True, metavar="REPORT.csv",
                     help="the worksheet: one row per business row (UTF-8 with BOM, mode 0600); a worksheet "
                     "already there is read first, its reviewers' entries carried over to unchanged rows, and "
                     "kept as REPORT.csv.prev; REPORT.csv.manifest.json and REPORT.csv.log.jsonl go beside it")
    rec.add_argument("--lang", default="ja", choices=("ja", "en"),
                     help="the worksheet's column headers: Japanese (default) or English")
    rec.add_argument("--flagged-only", action="store_true",
                     help="write only the flagged rows (要確認, 不一致) to the worksheet")
    rec.add_argument("--html", metavar="REPORT.html", help="also write a self-contained HTML report")
    rec.add_argument("--removed", metavar="REMOVED.csv",
                     help="a removed-residents extract (除票: death, moving out, ex officio): a number the register "
                     "lacks is looked up there, so 'removed' is told apart from 'not in the register'")
    _add_rule_options(rec)
    rec.add_argument("--encoding", help="input encoding (default: detect UTF-8, UTF-8 with BOM, CP932)")
    rec.add_argument("--register-encoding", metavar="ENCODING",
                     help="the register file's (and --removed file's) encoding, when it differs from --encoding")
    rec.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                     help=f"use COLUMN as FIELD ({', '.join(_KEYS)}); repeat or separate with commas")
    rec.add_argument("--jobs", "-j", type=int, metavar="N",
                     help="processes to use (default: all cores for large inputs, 1 for small ones)")
    rec.add_argument("--reveal-numbers", action="store_true",
                     help="write full My Numbers in the reports (default: masked, ********9018)")
    rec.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                     help="progress bar on stderr (default: only when stderr is a terminal)")
    rec.add_argument("--quiet", "-q", action="store_true", help="no summary on stdout")
    rec.add_argument("--engine", choices=("local", "spark"), default="local",
                     help="local processes (default) or Apache Spark (pip install 'mynacheck[spark]'; docs/spark.md)")
    rec.add_argument("--spark-master", metavar="URL", help="with --engine spark: e.g. local[2], yarn")
    rec.add_argument("--today", type=_day, metavar="YYYY-MM-DD", help=_TODAY_HELP)
    rec.set_defaults(func=cmd_reconcile)

    rev = sub.add_parser(
        "review",
        help="read a signed worksheet back: progress, invalid rows, the confirmed-mislinkage list, the audit trail",
        description="Check that every flagged row of REPORT.csv has a two-person result (確認者1 and 確認者2 two "
        "different people, 確認日 a date, 確認結果 正しい / 誤り / 保留), print the progress and each invalid row, "
        "and record the pass in REPORT.csv.log.jsonl. Exit 0 when every flagged row is done, 1 when rows are left "
        "(empty or 保留) or invalid, 2 on a usage or input error.",
    )
    rev.add_argument("worksheet", metavar="REPORT.csv", help="the worksheet mynacheck reconcile wrote, as signed")
    rev.add_argument("--out", "-o", metavar="CONFIRMED.csv",
                     help="write the confirmed-mislinkage list (誤り rows; numbers masked) and count it by reason")
    rev.add_argument("--verify", action="store_true",
                     help="check the audit trail instead: the log's chain, the manifest, and that no signed row "
                     "was edited or removed since the last review pass (exit 1 when something was)")
    rev.add_argument("--lang", choices=("ja", "en"), help="language of the output (default: the worksheet's)")
    rev.set_defaults(func=cmd_review)

    chk = sub.add_parser(
        "check",
        help="compare two records (JSON files or key=value pairs) and explain the verdict",
        description="Compare a business-system record (left) with a register record (right). Give each as a "
        "JSON file holding an object, or as key=value pairs with --left/--right. "
        f"Keys: {', '.join(_KEYS)}.",
    )
    chk.add_argument("files", nargs="*", metavar="JSON", help="LEFT.json RIGHT.json ('-' reads stdin)")
    chk.add_argument("--left", nargs="+", metavar="KEY=VALUE", help="the business-system record")
    chk.add_argument("--right", nargs="+", metavar="KEY=VALUE", help="the register record")
    _add_rule_options(chk)
    chk.add_argument("--lang", default="ja", choices=("ja", "en"), help="language of the explanation")
    chk.add_argument("--json", action="store_true", help="print Result.to_dict() as JSON instead")
    chk.add_argument("--reveal-numbers", action="store_true",
                     help="show My Numbers inside ids and other values in full (default: masked, ********9018)")
    chk.add_argument("--today", type=_day, metavar="YYYY-MM-DD", help=_TODAY_HELP)
    chk.set_defaults(func=cmd_check)

    res = sub.add_parser(
        "resolve",
        help="registration-time check: one application against the people a 住基ネット query returned (CSV)",
        description="Compare an application (a JSON file holding an object, or key=value pairs with "
        "--application) with each person of CANDIDATES.csv, the result of a query by the four basic items. "
        "Exactly one candidate that matches: match, and which; none: mismatch (nothing to link, confirm with the "
        "person); several that match or need a look: review, and none is picked. "
        f"Keys: {', '.join(_KEYS)}.",
    )
    res.add_argument("files", nargs="+", metavar="FILE",
                     help="APPLICATION.json CANDIDATES.csv, or CANDIDATES.csv with --application ('-' reads the "
                     "JSON from stdin)")
    res.add_argument("--application", nargs="+", metavar="KEY=VALUE", help="the application, as key=value pairs")
    _add_rule_options(res)
    res.add_argument("--encoding", help="CANDIDATES.csv's encoding (default: detect UTF-8, UTF-8 with BOM, CP932)")
    res.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                     help="use COLUMN of CANDIDATES.csv as FIELD; repeat or separate with commas")
    res.add_argument("--lang", default="ja", choices=("ja", "en"), help="language of the explanation")
    res.add_argument("--json", action="store_true", help="print Resolution.to_dict() as JSON instead")
    res.add_argument("--reveal-numbers", action="store_true",
                     help="show My Numbers inside ids and other values in full (candidates' numbers stay masked)")
    res.set_defaults(func=cmd_resolve)
    return parser


# --- reconcile ------------------------------------------------------------------


def cmd_reconcile(args: argparse.Namespace) -> int:
    from .reconcile.io import check_encoding, parse_mapping
    from .reconcile.reports import RunOptions

    if args.engine == "spark":
        return _reconcile_on_spark(args)
    if args.jobs is not None and args.jobs < 1:
        raise InputError("--jobs must be at least 1")
    for option, encoding in (("--encoding", args.encoding), ("--register-encoding", args.register_encoding)):
        if encoding is not None:
            check_encoding(encoding, option)
    mapping = parse_mapping(args.map)
    options = RunOptions(args.business, args.register, args.out, args.html, args.lang, args.flagged_only,
                         args.reveal_numbers, args.encoding, args.register_encoding, mapping, removed=args.removed)
    with _few_collections():
        return _reconcile(args, options)


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """The CLI owns its process: collect the young generation every 50,000 allocations, not 700.

    Loading the reference tables and assembling the report allocate many objects
    and almost never a cycle (the workers do the same, :func:`.reconcile.parallel._init`).
    Restored afterwards: ``main`` may run inside a caller's process (the tests).
    """
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _reconcile(args: argparse.Namespace, options: Any) -> int:  # a reports.RunOptions (imported lazily)
    from .reconcile import Reconciliation
    from .reconcile.reports import Worksheets, write_reports

    mapping = options.mapping
    # Before any work: no output follows a link, is a device, an input or another output; the review log's
    # chain is whole; a worksheet already at --out is read for its reviewers' entries.
    outputs = Worksheets(options)
    run = Reconciliation(
        args.business, args.register, ruleset=_ruleset(args.ruleset, args.kana, args.status_code), jobs=args.jobs,
        encoding=args.encoding, register_encoding=args.register_encoding, removed=args.removed, mapping=mapping,
        reveal_numbers=args.reveal_numbers, progress=args.progress, flagged_only=args.flagged_only,
        carry=outputs.carry, digest_inputs=True, today=args.today,
    )
    write_reports(run, outputs)
    if not args.quiet:
        _print_summary(run, args, outputs)
    return run.summary.exit_code


def _reconcile_on_spark(args: argparse.Namespace) -> int:
    """The same check on Apache Spark: hands the arguments to ``python -m mynacheck.spark``."""
    if args.register_encoding:
        raise InputError("--register-encoding is not available with --engine spark (use --encoding)")
    if args.removed:
        raise InputError("--removed is not available with --engine spark (give the register extract a status "
                         "column instead: 住民状態 or 消除事由)")
    from .spark.__main__ import main as spark_main

    argv = [args.business, args.register, "--out", args.out, "--ruleset", args.ruleset,
            *(f"--map={m}" for m in args.map)]
    if args.encoding:
        argv += ["--encoding", args.encoding]
    if args.spark_master:
        argv += ["--master", args.spark_master]
    if args.reveal_numbers:
        argv.append("--reveal-numbers")
    if args.today is not None:
        argv += ["--today", args.today.isoformat()]
    if args.quiet:
        argv.append("--quiet")
    if args.kana:
        argv += ["--kana", args.kana]
    argv += [f"--status-code={c}" for c in args.status_code]
    if args.html:
        argv += ["--html", args.html]
    argv += ["--lang", args.lang] + (["--flagged-only"] if args.flagged_only else [])
    return spark_main(argv)


def _rows(n: int) -> str:
    return f"{n:,} row{'' if n == 1 else 's'}"


def _register_notes(s: Any) -> list[str]:
    """What the register extract itself said about the rows: removed people, kana not recorded, 併記名 and aliases."""
    notes = []
    status = s.status_rows()
    if status:
        notes.append(f"{_rows(sum(status.values()))} joined to a register row that is not a current resident "
                     "(loss-of-eligibility checks, not wrong numbers): "
                     + ", ".join(f"{name} {n:,}" for name, n in status.items()))
    not_recorded = s.by_reason.get("KANA_NOT_RECORDED", 0) + s.by_reason.get("KANA_PART_NOT_RECORDED", 0)
    if not_recorded:
        notes.append(f"{_rows(not_recorded)} with a kana name the register has not recorded yet (****** or "
                     "【名空欄】): read as unknown, not as an error")
    heiki, alias = s.by_reason.get("NAME_HEIKI_MATCH", 0), s.by_reason.get("NAME_ALIAS_MATCH", 0)
    if heiki or alias:
        notes.append(f"{_rows(heiki + alias)} confirmed by a name the register holds besides the legal name "
                     f"(併記名 {heiki:,}, 旧氏・通称 {alias:,})")
    return notes


def _print_summary(run: Any, args: argparse.Namespace, outputs: Any = None) -> None:
    s = run.summary
    removed = f" and {_rows(s.removed_rows)} of removed residents" if args.removed else ""
    kana = f", kana {run.ruleset.kana_mode}" if run.ruleset.kana_mode == "strict" else ""
    lines = [
        f"{PROG} reconcile: {s.rows:,} business rows against {s.register_rows:,} register rows{removed} "
        f"(ruleset {run.ruleset.name}{kana}, {s.jobs} process{'es' if s.jobs > 1 else ''}, {s.seconds:.1f} s)",
        *(f"warning: {w}" for w in s.warnings()),  # once, at the top: what makes the rows below unreadable
    ]
    for v in Verdict:
        n = s.by_verdict.get(v.value, 0)
        pct = 100.0 * n / s.rows if s.rows else 0.0
        lines.append(f"  {v.value:<9} {v.label_ja:<4} {n:>9,}  {pct:5.1f}%")
    if s.register_duplicates:
        lines.append(f"  note: the register extract holds {s.register_duplicates:,} repeated numbers")
    lines.extend(f"  note: {note}" for note in _register_notes(s))
    # Most decisive first (mismatch reasons before review ones), then the most frequent.
    flagged_reasons = sorted(
        ((c, n) for c, n in s.by_reason.items() if catalog.severity(c) is not Verdict.MATCH),
        key=lambda cn: (-catalog.severity(cn[0]).rank, -cn[1], cn[0]),
    )
    if flagged_reasons:
        lines.append("reasons:")
        for code, n in flagged_reasons[:20]:
            lines.append(f"  {n:>9,}  {code}  {catalog.message(code, 'ja')}")
        if len(flagged_reasons) > 20:
            lines.append(f"  … {len(flagged_reasons) - 20} more reasons in the report")
    carry = outputs.carry if outputs is not None else None
    if outputs is not None and outputs.previous_sha256 is not None:
        changed, gone = carry.left() if carry is not None else ([], [])
        lines.append(f"previous worksheet: {carry.carried if carry else 0:,} rows' entries carried over, "
                     f"{carry.changed_rows if carry else 0:,} rows changed and need a new review, "
                     f"{len(changed) + len(gone):,} entries not carried (in the review log); kept as "
                     f"{os.path.basename(outputs.previous_path)}")
        if not outputs.previous_kept_whole:
            lines.append("warning: the worksheet was edited while this run was going: those edits are in "
                         f"{os.path.basename(outputs.previous_path)}, not carried over; run again")
    # Only the paths come from the user (a file may be named after a number);
    # the counts are left alone (twelve digits of counts could pass the check).
    paths = f"report: {args.out}" + (f"  html: {args.html}" if args.html else "")
    if outputs is not None:
        paths += f"  manifest: {outputs.manifest_path}  log: {outputs.log_path}"
    lines.append(paths if args.reveal_numbers else redact(paths))
    print("\n".join(lines))


# --- review ---------------------------------------------------------------------


def cmd_review(args: argparse.Namespace) -> int:
    from .reconcile.audit import LOG_SUFFIX
    from .reconcile.output import check_outputs
    from .reconcile.review import log_review, reason_lines, review_worksheet, summary_lines, verify, write_confirmed
    from .reconcile.worksheet import read_worksheet

    if args.verify:
        if args.out:
            raise InputError("--verify checks the audit trail only; give --out without it")
        lang = args.lang or read_worksheet(args.worksheet).lang
        found = verify(args.worksheet, lang)
        tampering = [f for f in found if f.kind == "tampering"]
        for f in found:
            print(f"{'改ざんの疑い' if lang == 'ja' else 'tampering'}: {f.text}" if f.kind == "tampering" else
                  f"{'注意' if lang == 'ja' else 'note'}: {f.text}")
        if not tampering:
            print("監査記録に改ざんの跡はありません" if lang == "ja" else "the audit trail is intact")
        return EXIT_FLAGGED if tampering else EXIT_OK
    if args.out:
        check_outputs({"confirmed list": args.out, "review log": args.worksheet + LOG_SUFFIX}, (args.worksheet,))
    review = review_worksheet(args.worksheet)
    lang = args.lang or review.lang
    lines = summary_lines(review, lang)
    confirmed = None
    if args.out:
        digest = write_confirmed(review, args.out, lang)
        confirmed = (os.path.basename(args.out), digest)
        lines.append(f"確定した紐付け誤り: {len(review.confirmed):,}行 → {args.out}" if lang == "ja" else
                      f"confirmed mislinkages: {len(review.confirmed):,} rows → {args.out}")
        lines += list(reason_lines(review, lang))
    entry = log_review(review, confirmed)
    lines.append(f"{'レビューログ' if lang == 'ja' else 'review log'}: {args.worksheet}{LOG_SUFFIX} "
                 f"#{entry['seq']} {entry['hash']}")
    print(redact("\n".join(lines)))
    return review.exit_code


# --- check ----------------------------------------------------------------------


def _not_text(value: object) -> bool:
    """True for a string holding a lone surrogate (an undecodable argument, a ``\\ud800`` JSON escape)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, list | tuple):
        return any(map(_not_text, value))
    return False


def _pairs(items: Sequence[str], side: str) -> dict[str, str]:
    record: dict[str, str] = {}
    for n, item in enumerate(items, 1):
        key, sep, value = item.partition("=")
        key = key.strip()
        # The messages name the item by position: it may be a value (a number) typed without its key.
        if not sep:
            raise InputError(f"--{side}: item {n} is not KEY=VALUE; use one of the keys {', '.join(_KEYS)}")
        if key not in _KEYS:
            raise InputError(f"--{side}: item {n} has an unknown key; use one of {', '.join(_KEYS)}")
        if _not_text(value):
            raise InputError(f"--{side} {key}: the value is not valid text (bytes that are not UTF-8)")
        record[key] = value
    return record


def _load_json(path: str) -> dict[str, Any]:
    try:
        if path == "-":
            data = json.load(sys.stdin)
        else:
            with open(path, encoding="utf-8-sig") as fh:
                data = json.load(fh)
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a UTF-8 JSON file") from None
    except json.JSONDecodeError as err:
        raise InputError(f"{path}:{err.lineno}: invalid JSON ({err.msg})") from None
    except RecursionError:
        raise InputError(f"{path}: the JSON is nested too deeply; expected an object of text values") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a JSON object with keys such as {', '.join(_KEYS[:4])}")
    unknown = [k for k in data if k not in _KEYS]
    if unknown:
        raise InputError(f"{path}: unknown key {unknown[0]!r}; use one of {', '.join(_KEYS)}")
    for key, value in data.items():
        if _not_text(value):
            raise InputError(f"{path}: {key}: a lone surrogate escape (such as \\ud800) is not text")
    return data


def cmd_check(args: argparse.Namespace) -> int:
    if args.files:
        if len(args.files) != 2 or args.left or args.right:
            raise InputError("give two JSON files (LEFT RIGHT), or --left and --right, not both")
        left, right = _load_json(args.files[0]), _load_json(args.files[1])
    else:
        if not args.left or not args.right:
            raise InputError("give two JSON files, or both --left KEY=VALUE... and --right KEY=VALUE...")
        left, right = _pairs(args.left, "left"), _pairs(args.right, "right")
    result = _ruleset(args.ruleset, args.kana, args.status_code).compare(left, right, today=args.today)
    reveal = args.reveal_numbers
    if args.json:
        print(json.dumps(result.to_dict(reveal_numbers=reveal), ensure_ascii=False, indent=2))
    else:
        print(result.explain(args.lang, reveal_numbers=reveal))
    return EXIT_OK if result.verdict is Verdict.MATCH else EXIT_FLAGGED


# --- resolve --------------------------------------------------------------------


def _candidates(path: str, args: argparse.Namespace) -> list[dict[str, str]]:
    """The people of CANDIDATES.csv, in file order (a query's result: a few rows)."""
    from .reconcile.io import open_table, parse_mapping
    from .rules.resolve import MAX_CANDIDATES

    out: list[dict[str, str]] = []
    with open_table(path, role="candidates", encoding=args.encoding, mapping=parse_mapping(args.map),
                    required=()) as table:
        if not table.columns:
            raise InputError(f"{path}:1: no column the candidates can be compared on (氏名, 生年月日, 性別, 住所 …); "
                             "map them with --map COLUMN=FIELD")
        for _, row in table:
            if len(out) >= MAX_CANDIDATES:
                raise InputError(f"{path}: more than {MAX_CANDIDATES:,} candidates; a query returns a few people")
            out.append(row)
    return out


def cmd_resolve(args: argparse.Namespace) -> int:
    from .rules.resolve import resolve

    if args.application:
        if len(args.files) != 1:
            raise InputError("with --application give one file: CANDIDATES.csv")
        application: dict[str, Any] = _pairs(args.application, "application")
        candidates_path = args.files[0]
    else:
        if len(args.files) != 2:
            raise InputError("give APPLICATION.json CANDIDATES.csv, or CANDIDATES.csv with --application KEY=VALUE...")
        application, candidates_path = _load_json(args.files[0]), args.files[1]
    if candidates_path == "-":
        raise InputError("CANDIDATES.csv must be a file ('-' reads only the JSON application)")
    ruleset = _ruleset(args.ruleset, args.kana, args.status_code)
    resolution = resolve(application, _candidates(candidates_path, args), ruleset)
    if args.json:
        print(json.dumps(resolution.to_dict(reveal_numbers=args.reveal_numbers), ensure_ascii=False, indent=2))
    else:
        print(resolution.explain(args.lang, reveal_numbers=args.reveal_numbers))
    return EXIT_OK if resolution.verdict is Verdict.MATCH else EXIT_FLAGGED


# --- entry point ----------------------------------------------------------------


class _Stopped(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C, so every temporary report is removed on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    raise _Stopped(signum)


_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def _stoppable() -> Iterator[None]:
    """SIGTERM (cron, systemd, ``timeout``) and SIGHUP end the command as Ctrl-C does, with cleanup."""
    previous: dict[int, Any] = {}
    try:
        for signum in _STOP_SIGNALS:
            previous[signum] = signal.signal(signum, _stop)
    except ValueError:  # not the main thread (an embedding caller's thread): leave signals alone
        pass
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _os_error(err: OSError) -> str:
    where = f"{err.filename}: " if err.filename else ""
    text = f"{where}{err.strerror or type(err).__name__}"
    if err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) and not err.filename:
        text += f" (temporary files go to {tempfile.gettempdir()}; set TMPDIR to a directory with more space)"
    return text


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (the console script exits with it).

    Every failure is one line on stderr and exit 2: an input or usage error,
    a dead worker, a full disk, and any internal error (named by its type
    only, since its message could quote a value).  SIGTERM, SIGHUP and
    Ctrl-C remove the temporary reports and exit 128 + the signal number.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    try:
        with _stoppable():
            code: int = args.func(args)
    except MynacheckError as err:
        return _fail(str(err))
    except (KeyboardInterrupt, _Stopped) as stop:
        signum = stop.signum if isinstance(stop, _Stopped) else signal.SIGINT
        note = "; no report was written (a previous one is left as it was)" if args.command == "reconcile" else ""
        print(f"{PROG}: stopped by {signal.Signals(signum).name}{note}", file=sys.stderr)
        return 128 + signum
    except BrokenPipeError:  # stdout closed early (| head): nothing more to say
        return EXIT_ERROR
    except OSError as err:
        return _fail(_os_error(err))
    except RecursionError:
        return _fail("the input is nested too deeply")
    except MemoryError:
        return _fail("out of memory")
    except Exception as err:  # a bug: one line, and its message is not shown (it could quote a value)
        return _fail(f"internal error ({type(err).__name__}); please report it with the command you ran")
    return code


def console() -> None:  # pragma: no cover - thin wrapper
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
