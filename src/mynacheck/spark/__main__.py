"""``python -m mynacheck.spark BUSINESS REGISTER --out OUT``: the reconcile command on Spark.

Also the script to hand to ``spark-submit`` (absolute imports, so it runs
as a file too).  Same exit codes as ``mynacheck reconcile``: 0 everything
matched, 1 something was flagged, 2 a usage or input error (one line on
stderr, no traceback).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from collections.abc import Sequence
from typing import NoReturn

from mynacheck import reasons as catalog
from mynacheck.errors import InputError, MynacheckError
from mynacheck.mynumber import redact
from mynacheck.rules import Ruleset, rulesets
from mynacheck.verdicts import Verdict

PROG = "mynacheck-spark"
EXIT_ERROR = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"{self.prog}: error: {redact(message)} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog=PROG,
        description="Reconcile a business-system export with a register extract on Apache Spark: the same "
        "rules and report as `mynacheck reconcile`.",
    )
    p.add_argument("business", metavar="BUSINESS", help="business-system export (CSV or Parquet; any Spark path)")
    p.add_argument("register", metavar="REGISTER", help="register extract (CSV or Parquet; any Spark path)")
    p.add_argument("--out", "-o", required=True, metavar="OUT",
                   help="REPORT.csv (one file, written by the driver) or a new directory for Parquet")
    p.add_argument("--format", choices=("csv", "parquet"),
                   help="report format (default: parquet when OUT ends in .parquet, else csv)")
    p.add_argument("--input-format", choices=("csv", "parquet"),
                   help="input format (default: by the file name; csv otherwise)")
    p.add_argument("--ruleset", default=rulesets.DEFAULT.name, choices=sorted(rulesets.ALL), type=str.upper,
                   help="which items must agree (default %(default)s)")
    p.add_argument("--kana", choices=("lenient", "strict"),
                   help="kana strictness (default: the ruleset's own); strict only where both sides are official")
    p.add_argument("--status-code", action="append", default=[], metavar="VALUE=STATUS",
                   help="read the register status VALUE as STATUS (as in mynacheck reconcile)")
    p.add_argument("--encoding", help="CSV encoding (default: detect UTF-8 / CP932 for local files, else UTF-8)")
    p.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                   help="use COLUMN as FIELD; repeat or separate with commas (as in mynacheck reconcile)")
    p.add_argument("--multiline", action="store_true",
                   help="CSV cells may hold line breaks (each file is then read by one task)")
    p.add_argument("--master", help="Spark master, e.g. local[2] (default: what spark-submit gives)")
    p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="extra Spark setting")
    p.add_argument("--reveal-numbers", action="store_true",
                   help="write full My Numbers in the report (default: masked, ********9018)")
    p.add_argument("--today", type=_day, metavar="YYYY-MM-DD",
                   help="check as on this day, to replay a past check (default: today)")
    p.add_argument("--lang", default="ja", choices=("ja", "en"),
                   help="the worksheet's column headers: Japanese (default) or English")
    p.add_argument("--flagged-only", action="store_true", help="write only the flagged rows to the worksheet")
    p.add_argument("--html", metavar="REPORT.html",
                   help="also write REPORT.html (with the csv format), as mynacheck reconcile --html")
    p.add_argument("--quiet", "-q", action="store_true", help="no summary on stdout")
    return p


def _day(text: str) -> datetime.date:
    from mynacheck.clock import as_day

    try:
        return as_day(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day as YYYY-MM-DD, got {text[:20]!r}") from None


def _conf(items: Sequence[str]) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--conf {item!r}: expected KEY=VALUE")
        out[key.strip()] = value
    return out


def _ruleset(args: argparse.Namespace) -> str | Ruleset:
    """The ruleset by name (it travels to the executors as a name), or with --kana/--status-code applied."""
    from mynacheck.reconcile.io import parse_status_codes

    codes = parse_status_codes(args.status_code)
    if args.kana is None and not codes:
        return str(args.ruleset)
    ruleset = rulesets.by_name(args.ruleset)
    if args.kana is not None:
        ruleset = ruleset.with_kana(args.kana)
    return ruleset.with_status_codes(codes) if codes else ruleset


def run(args: argparse.Namespace) -> int:
    from mynacheck.reconcile.io import parse_mapping
    from mynacheck.spark import read_table, reconcile, register_counts, session, write_report

    mapping = parse_mapping(args.map)
    fmt = args.format or ("parquet" if args.out.rstrip("/").endswith((".parquet", ".pq")) else "csv")
    for path in (args.business, args.register):
        if os.path.abspath(args.out) == os.path.abspath(path):
            raise InputError(f"{args.out}: the report would overwrite an input file")
    outputs = None
    if args.html and fmt != "csv":
        raise InputError("--html needs the csv report format (a Parquet report is for programs)")
    if fmt == "csv":
        from mynacheck.reconcile.reports import RunOptions, Worksheets

        # As the local command: no output through a link, onto a device or onto an input (device and inode);
        # the review log's chain whole; a worksheet already there read for its reviewers' entries.
        outputs = Worksheets(RunOptions(args.business, args.register, args.out, args.html, args.lang, args.flagged_only,
                                        args.reveal_numbers, args.encoding, None, mapping, engine="spark"))
    start = time.monotonic()
    from pyspark.sql import SparkSession

    ours = SparkSession.getActiveSession() is None  # an embedding caller's session is left running
    spark = session(args.master, conf=_conf(args.conf))
    try:
        business = read_table(spark, args.business, fmt=args.input_format, encoding=args.encoding,
                              role="business", multiline=args.multiline)
        register = read_table(spark, args.register, fmt=args.input_format, encoding=args.encoding,
                              role="register", multiline=args.multiline)
        csv_like = (args.input_format or "csv") == "csv" and not args.business.rstrip("/").endswith((".parquet", ".pq"))
        chosen = _ruleset(args)
        report = reconcile(business, register, ruleset=chosen, mapping=mapping,
                           reveal_numbers=args.reveal_numbers, first_line=2 if csv_like else 1,
                           source=(args.business, args.register), today=args.today)
        if outputs is None:
            summary = write_report(report, args.out, fmt)
        else:
            from mynacheck.reconcile.output import OutputFile
            from mynacheck.reconcile.report_html import HtmlReport, write_parts

            # As the local command: the HTML file first (an unwritable path fails before the long run), then
            # the worksheet; the page takes every row the driver writes and shows the manifest at its top.
            html = OutputFile(args.html, label="HTML report") if args.html else None
            page = HtmlReport(reveal_numbers=args.reveal_numbers) if html is not None else None
            worksheet = outputs.open_report()
            try:
                summary = write_report(report, args.out, fmt, report=worksheet, carry=outputs.carry,
                                       flagged_only=args.flagged_only, page=page)
                if summary.rows == 0:
                    raise InputError(f"{args.business}: the business file has no rows")
                # The register's counts, as the local run's manifest gives them (one more job over the register).
                counts = register_counts(register, mapping=mapping, source=args.register)
                summary.register_rows, summary.register_duplicates = counts.rows, counts.repeated
                summary.register_unnumbered, summary.register_spreadsheet = counts.unnumbered, counts.spreadsheet
                # The ruleset the run used (with --kana, --status-code): its fingerprint goes to the manifest.
                ruleset = chosen if isinstance(chosen, Ruleset) else rulesets.by_name(chosen)
                digests = {role: _local_sha256(path) for role, path in (("business", args.business),
                                                                       ("register", args.register))}
                manifest = outputs.manifest_of(worksheet, summary, ruleset, digests)
                if html is not None and page is not None:
                    write_parts(html, page.parts(summary=summary, manifest=manifest))
                outputs.commit(worksheet, summary, ruleset, digests, html, manifest)
            finally:
                worksheet.abort()  # a no-op once committed
                if html is not None:
                    html.abort()
                if page is not None:
                    page.close()
    finally:
        if ours:
            spark.stop()
    summary.seconds = time.monotonic() - start
    if not args.quiet:
        _print_summary(summary, args)
    if summary.rows == 0:
        raise InputError(f"{args.business}: the business file has no rows")
    return summary.exit_code


def _local_sha256(path: str) -> str | None:
    """The SHA-256 (hex) of a local input file; None for another file system (HDFS, S3) or a directory."""
    import hashlib

    local = path.removeprefix("file://")
    if "://" in local or not os.path.isfile(local):
        return None
    h = hashlib.sha256()
    with open(local, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _print_summary(s: object, args: argparse.Namespace) -> None:
    from mynacheck.reconcile.pipeline import Summary

    assert isinstance(s, Summary)
    lines = [f"{PROG}: {s.rows:,} business rows (ruleset {args.ruleset}, Spark, {s.seconds:.1f} s)",
             *(f"warning: {w}" for w in s.warnings())]
    for v in Verdict:
        n = s.by_verdict.get(v.value, 0)
        pct = 100.0 * n / s.rows if s.rows else 0.0
        lines.append(f"  {v.value:<9} {v.label_ja:<4} {n:>9,}  {pct:5.1f}%")
    flagged = [(c, n) for c, n in s.by_reason.most_common() if catalog.severity(c) is not Verdict.MATCH]
    if flagged:
        lines.append("reasons:")
        for code, n in flagged[:12]:
            lines.append(f"  {n:>9,}  {code}  {catalog.message(code, 'ja')}")
    lines.append(f"report: {args.out if args.reveal_numbers else redact(args.out)}")
    print("\n".join(lines))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit code."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    try:
        return run(args)
    except ImportError as err:
        print(f"{PROG}: error: {err.name or 'pyspark'} is not installed; pip install 'mynacheck[spark]'",
              file=sys.stderr)
        return EXIT_ERROR
    except (InputError, MynacheckError) as err:
        print(f"{PROG}: error: {redact(str(err))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # a Spark failure: its message may quote a plan, so name the type only
        print(f"{PROG}: error: the Spark job failed ({type(err).__name__}); see the Spark logs", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
