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
from mynacheck.rules import rulesets
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


def run(args: argparse.Namespace) -> int:
    from mynacheck.reconcile.io import parse_mapping
    from mynacheck.spark import read_table, reconcile, session, write_report

    mapping = parse_mapping(args.map)
    fmt = args.format or ("parquet" if args.out.rstrip("/").endswith((".parquet", ".pq")) else "csv")
    for path in (args.business, args.register):
        if os.path.abspath(args.out) == os.path.abspath(path):
            raise InputError(f"{args.out}: the report would overwrite an input file")
    if fmt == "csv":
        from mynacheck.reconcile.output import check_outputs

        # As the local command: never through a link, onto a device or onto an input (device and inode).
        check_outputs({"report": args.out}, [p for p in (args.business, args.register) if os.path.exists(p)])
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
        report = reconcile(business, register, ruleset=args.ruleset, mapping=mapping,
                           reveal_numbers=args.reveal_numbers, first_line=2 if csv_like else 1,
                           source=(args.business, args.register), today=args.today)
        summary = write_report(report, args.out, fmt)
    finally:
        if ours:
            spark.stop()
    summary.seconds = time.monotonic() - start
    if not args.quiet:
        _print_summary(summary, args)
    if summary.rows == 0:
        raise InputError(f"{args.business}: the business file has no rows")
    return summary.exit_code


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
