"""Birth-date parsing: mynacheck.parse_date vs japanera and jpdatetime, same inputs, same run.

    python benchmarks/bench_dates.py [--n 20000] [--seed 1]

Two figures per library:

1. **accuracy** on a labelled, realistic test set: dates as business systems
   write them (和暦 in its many forms, era codes, Western, full width, kanji
   numerals, two-digit years), partial dates of foreign residents, and
   impossible dates that must be *rejected* (平成31年5月1日, 令和元年4月30日,
   昭和64年1月8日, 29 Feb of a common year, 明治1–5年, future dates, 4月31日,
   look-alike characters ...).  A rejection counts as right only where the
   label says "reject"; a parse counts as right only when it gives the
   labelled date.
2. **throughput** on the same inputs: parses/s.  mynacheck is measured without
   its cache, cold (cache cleared, every input seen once) and warm (batch data
   repeats values); the ratio to the anchors uses the no-cache figure.

The anchors have no format detection, so each gets the adapter a careful user
would write: NFKC + upper case, then a list of strptime formats tried in
order (japanera: the era candidate other than 西暦 is taken).  The product
target is >= 100,000 parses/s.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import random
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable

from mynacheck.errors import InvalidDate
from mynacheck.fields import birthdate as bd
from mynacheck.fields.birthdate import ERAS, BirthDate, parse_date, render

Label = tuple[int | None, int | None, int | None] | None  # None: must be rejected
Parser = Callable[[str], "tuple[int | None, int | None, int | None] | None"]

TODAY = datetime.date.today()

# Realistic share of notations in business-system exports (our estimate; see docs/dates.md).
STYLE_MIX: tuple[tuple[str, int], ...] = (
    ("wareki", 22), ("wareki_padded", 4), ("wareki_letter", 12), ("wareki_letter_lower", 2),
    ("wareki_abbrev", 6), ("wareki_letter_slash", 3), ("wareki_compact", 2), ("era_code", 6),
    ("wareki_kanji", 2), ("wareki_fullwidth", 4), ("iso", 16), ("slash", 8), ("slash_padded", 3),
    ("compact", 5), ("kanji", 3), ("yy_slash", 1), ("passport", 1),
)


# --- the labelled set ------------------------------------------------------------------------


def _wareki(day: datetime.date, era: bd.Era) -> str:
    year = day.year - era.first_year + 1
    nen = "元" if year == 1 else str(year)
    return f"{era.name}{nen}年{day.month}月{day.day}日"


def impossible_dates(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """(text, kind) pairs that no parser should accept."""
    fixed = [
        ("平成31年5月1日", "era end"), ("H31.05.01", "era end"), ("4310501", "era end"),
        ("昭和64年1月8日", "era end"), ("S64.01.08", "era end"), ("大正15年12月26日", "era end"),
        ("明治45年7月31日", "era end"), ("令和元年4月30日", "era start"), ("R01.04.30", "era start"),
        ("平成元年1月7日", "era start"), ("昭和元年12月24日", "era start"), ("令和0年5月1日", "year 0"),
        ("1900-02-29", "not leap"), ("明治33年2月29日", "not leap"), ("平成11年2月29日", "not leap"),
        ("明治5年3月1日", "lunisolar"), ("明治元年10月23日", "lunisolar"), ("1050101", "lunisolar"),
        ("昭和45年4月31日", "no such day"), ("1970-02-30", "no such day"), ("S45.13.01", "bad month"),
        ("S45.O3.12", "look-alike"), ("197O-03-12", "look-alike"), ("昭和45年3月12曰", "look-alike"),
        ("S45.3.12.", "trailing separator"), ("1970-03-12 1970-03-13", "two dates"),
        ("X45.3.12", "unknown era"), ("6450312", "unknown era code"), (f"{TODAY.year + 1}-01-01", "future"),
        ("令和30年1月1日", "future"),
    ]
    out = list(fixed)
    boundary_eras = [e for e in ERAS[1:]]
    while len(out) < n:
        # A date just past an era's end written in the old era, or before its start in the new one.
        era = rng.choice(boundary_eras)
        prev = ERAS[ERAS.index(era) - 1]
        if rng.random() < 0.5:
            day = era.start + datetime.timedelta(days=rng.randint(1, 200))
            out.append((_wareki(day, prev), "era end"))
        else:
            day = era.start - datetime.timedelta(days=rng.randint(1, 200))
            out.append((_wareki(day, era), "era start"))
        year = rng.choice([y for y in range(1873, TODAY.year) if y % 4 or (y % 100 == 0 and y % 400)])
        era_y = [e for e in ERAS if e.start <= datetime.date(year, 2, 28)][-1]
        out.append((f"{era_y.name}{year - era_y.first_year + 1}年2月29日", "not leap"))
    return out[:n]


def labelled_set(rng: random.Random, n: int) -> list[tuple[str, Label, str]]:
    """(text, label, category) rows: ~80% valid full dates, ~8% partial, ~12% impossible."""
    styles, weights = zip(*STYLE_MIX, strict=True)
    start = datetime.date(1873, 1, 1).toordinal()
    rows: list[tuple[str, Label, str]] = []
    n_partial, n_bad = n * 8 // 100, n * 12 // 100
    while len(rows) < n - n_partial - n_bad:
        day = datetime.date.fromordinal(rng.randint(start, TODAY.toordinal()))
        style = rng.choices(styles, weights)[0]
        d = BirthDate.from_date(day)
        try:
            text = render(d, style)
        except ValueError:  # two-digit year outside the pivot window
            continue
        category = "era code" if style == "era_code" else ("western" if style in
                                                           ("iso", "slash", "slash_padded", "compact", "kanji",
                                                            "yy_slash", "passport") else "wareki")
        rows.append((text, (day.year, day.month, day.day), category))
    for _ in range(n_partial):
        day = datetime.date.fromordinal(rng.randint(start, TODAY.toordinal() - 400))
        keep = rng.choice((1, 2, 2, 0))
        d = BirthDate(day.year, day.month if keep >= 2 else None, None) if keep else BirthDate.unknown()
        style = rng.choice(("wareki", "iso", "passport", "wareki_letter", "kanji"))
        rows.append((render(d, style), (d.year, d.month, d.day), "partial"))
    rows.extend((text, None, "impossible") for text, _kind in impossible_dates(rng, n_bad))
    rng.shuffle(rows)
    return rows


#: Written by hand, not by our renderer: the notations seen in real exports, with their labels.
#: None means the input must be rejected.
HAND_LABELLED: tuple[tuple[str, Label], ...] = (
    ("昭和45年3月12日", (1970, 3, 12)), ("昭和４５年３月１２日", (1970, 3, 12)), ("昭和 45年 3月 12日", (1970, 3, 12)),
    ("S45.3.12", (1970, 3, 12)), ("s45.3.12", (1970, 3, 12)), ("S45.03.12", (1970, 3, 12)),
    ("S45/3/12", (1970, 3, 12)), ("S45-03-12", (1970, 3, 12)), ("S.45.3.12", (1970, 3, 12)),
    ("S45. 3.12", (1970, 3, 12)), ("Ｓ４５．３．１２", (1970, 3, 12)), ("昭45.3.12", (1970, 3, 12)),
    ("昭45年3月12日", (1970, 3, 12)), ("㍼45年3月12日", (1970, 3, 12)), ("昭和四十五年三月十二日", (1970, 3, 12)),
    ("3450312", (1970, 3, 12)), ("３４５０３１２", (1970, 3, 12)), ("S450312", (1970, 3, 12)),
    ("1970-03-12", (1970, 3, 12)), ("1970/3/12", (1970, 3, 12)), ("1970/03/12 0:00:00", (1970, 3, 12)),
    ("1970.3.12", (1970, 3, 12)), ("19700312", (1970, 3, 12)), ("1970年3月12日", (1970, 3, 12)),
    ("１９７０年３月１２日", (1970, 3, 12)), ("一九七〇年三月十二日", (1970, 3, 12)), ("12 MAR 1970", (1970, 3, 12)),
    ("12-Mar-1970", (1970, 3, 12)), ("70/3/12", (1970, 3, 12)), ("昭和45年3月12日生", (1970, 3, 12)),
    ("平成元年1月8日", (1989, 1, 8)), ("H元.1.8", (1989, 1, 8)), ("H1.1.8", (1989, 1, 8)), ("h01.01.08", (1989, 1, 8)),
    ("平1.1.8", (1989, 1, 8)), ("㍻元年1月8日", (1989, 1, 8)), ("4010108", (1989, 1, 8)), ("平成元年１月８日", (1989, 1, 8)),
    ("令和元年5月1日", (2019, 5, 1)), ("R1.5.1", (2019, 5, 1)), ("r01.05.01", (2019, 5, 1)), ("令1.5.1", (2019, 5, 1)),
    ("5010501", (2019, 5, 1)), ("令和元年五月一日", (2019, 5, 1)),
    ("昭和64年1月7日", (1989, 1, 7)), ("S64.1.7", (1989, 1, 7)), ("平成31年4月30日", (2019, 4, 30)),
    ("明治45年7月30日", (1912, 7, 30)), ("大正元年7月30日", (1912, 7, 30)), ("T01.07.30", (1912, 7, 30)),
    ("大正15年12月25日", (1926, 12, 25)), ("昭和元年12月25日", (1926, 12, 25)), ("3011225", (1926, 12, 25)),
    ("明治6年1月1日", (1873, 1, 1)), ("M6.1.1", (1873, 1, 1)), ("明治33年2月28日", (1900, 2, 28)),
    ("平成12年2月29日", (2000, 2, 29)), ("大正9年11月3日", (1920, 11, 3)), ("T9.11.3", (1920, 11, 3)),
    ("2110103", (1922, 1, 3)), ("昭和二十年八月十五日", (1945, 8, 15)), ("S20.8.15", (1945, 8, 15)),
    ("XX MAR 1970", (1970, 3, None)), ("XX XXX 1970", (1970, None, None)), ("1970年不詳", (1970, None, None)),
    ("昭和45年3月不詳", (1970, 3, None)), ("昭和45年 月 日", (1970, None, None)), ("1970-03-00", (1970, 3, None)),
    ("S45.00.00", (1970, None, None)), ("不詳", (None, None, None)), ("0000-00-00", (None, None, None)),
    ("平成31年5月1日", None), ("H31.5.1", None), ("4310501", None), ("令和元年4月30日", None), ("R1.4.30", None),
    ("昭和64年1月8日", None), ("S64.1.8", None), ("平成元年1月7日", None), ("大正15年12月26日", None),
    ("昭和元年12月24日", None), ("明治45年7月31日", None), ("大正元年7月29日", None), ("令和0年5月1日", None),
    ("1900-02-29", None), ("明治33年2月29日", None), ("2023/2/29", None), ("S45.4.31", None), ("1970-02-30", None),
    ("S45.13.1", None), ("明治5年3月1日", None), ("明治元年10月23日", None), ("M5.12.2", None),
    ("S45.O3.12", None), ("l970/3/12", None), ("昭和45年3月12曰", None), ("S45.3.12.", None),
    ("1970-03-12 1970-03-13", None), ("X45.3.12", None), ("6450312", None), ("令和30年1月1日", None),
    ("2099-01-01", None), ("1970-00-12", None), ("03/04/1970", None), ("昭和", None), ("生年月日", None),
)


# --- adapters -----------------------------------------------------------------------------------


def ours(text: str) -> tuple[int | None, int | None, int | None] | None:
    try:
        d = parse_date(text)
    except InvalidDate:
        return None
    return (d.year, d.month, d.day)


def _prep(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().upper()


def japanera_parser() -> Parser:
    from japanera import EraDate

    formats = ("%-K%-y年%m月%d日", "%-K%-n年%-m月%-d日", "%-h%-y.%m.%d", "%-h%-y/%m/%d", "%-h%-y-%m-%d",
               "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d", "%d %b %Y")

    def parse(text: str) -> tuple[int | None, int | None, int | None] | None:
        text = _prep(text)
        for fmt in formats:
            try:
                found = EraDate.strptime(text, fmt)
            except (ValueError, TypeError, KeyError, IndexError, OverflowError):
                continue
            if not found:
                continue
            eras = [c for c in found if c.era is None or c.era.kanji != "西暦"] or list(found)
            day = eras[0].to_date()
            return (day.year, day.month, day.day)
        return None

    return parse


def jpdatetime_parser() -> Parser:
    from jpdatetime import jpdatetime

    formats = ("%G年%m月%d日", "%g.%m.%d", "%e.%m.%d", "%g/%m/%d", "%e/%m/%d", "%e-%m-%d",
               "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d", "%d %b %Y")

    def parse(text: str) -> tuple[int | None, int | None, int | None] | None:
        text = _prep(text)
        for fmt in formats:
            try:
                value = jpdatetime.strptime(text, fmt)
            except (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError):
                continue
            return (value.year, value.month, value.day)
        return None

    return parse


# --- measuring --------------------------------------------------------------------------------------


def accuracy(parser: Parser, rows: list[tuple[str, Label, str]]) -> tuple[float, dict[str, tuple[int, int]]]:
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for text, label, category in rows:
        try:
            got = parser(text)
        except Exception:  # an anchor crashing on an input counts as wrong
            got = ("crash", None, None)  # type: ignore[assignment]
        per[category][0] += got == label
        per[category][1] += 1
    right = sum(v[0] for v in per.values())
    return right / len(rows), {k: (v[0], v[1]) for k, v in per.items()}


def rate(parser: Parser, inputs: list[str], before: Callable[[], None] | None = None) -> float:
    if before:
        before()
    start = time.perf_counter()
    for text in inputs:
        with contextlib.suppress(Exception):
            parser(text)
    return len(inputs) / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=20_000, help="labelled inputs (default 20,000)")
    ap.add_argument("--anchor-n", type=int, default=4_000, help="inputs timed for the slower anchors")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    rows = labelled_set(rng, args.n)
    inputs = [text for text, _, _ in rows]
    print(f"labelled set: {len(rows):,} inputs  {dict(Counter(c for _, _, c in rows))}  today={TODAY}")

    parsers: dict[str, Parser] = {"mynacheck": ours}
    for name, factory in (("japanera", japanera_parser), ("jpdatetime", jpdatetime_parser)):
        try:
            parsers[name] = factory()
        except ImportError:
            print(f"{name} not installed (pip install mynacheck[bench]); skipped")

    print("\naccuracy (right / total per category)")
    categories = sorted({c for _, _, c in rows})
    print(f"{'':<12}{'overall':>9}" + "".join(f"{c:>14}" for c in categories))
    for name, parser in parsers.items():
        bd.clear_cache()
        overall, per = accuracy(parser, rows)
        cells = "".join(f"{per[c][0] / per[c][1]:>14.1%}" for c in categories)
        print(f"{name:<12}{overall:>9.1%}{cells}")

    print(f"\naccuracy on {len(HAND_LABELLED)} hand-labelled inputs (not produced by our renderer)")
    hand = [(text, label, "valid" if label else "reject") for text, label in HAND_LABELLED]
    for name, parser in parsers.items():
        overall, per = accuracy(parser, hand)
        detail = "  ".join(f"{c} {per[c][0]}/{per[c][1]}" for c in sorted(per))
        print(f"{name:<12}{overall:>9.1%}   {detail}")
        if name == "mynacheck" and overall < 1:
            for text, label, _ in hand:
                if parser(text) != label:
                    print(f"    wrong: {text!r} -> {parser(text)} (label {label})")

    print("\nthroughput (same inputs)")
    def uncached(text: str) -> object:
        return bd._parse_uncached(text, TODAY)

    raw = rate(uncached, inputs)
    cold = rate(ours, inputs, bd.clear_cache)
    warm_inputs = [rng.choice(inputs[:500]) for _ in range(len(inputs))]
    rate(ours, warm_inputs)  # fill the cache
    warm = rate(ours, warm_inputs)
    print(f"{'mynacheck (no cache)':<28}{raw:>12,.0f} parses/s")
    print(f"{'mynacheck (cold cache)':<28}{cold:>12,.0f} parses/s")
    print(f"{'mynacheck (warm cache)':<28}{warm:>12,.0f} parses/s")
    sample = inputs[: args.anchor_n]
    for name, parser in parsers.items():
        if name == "mynacheck":
            continue
        anchor = rate(parser, sample)
        print(f"{name:<28}{anchor:>12,.0f} parses/s   mynacheck (no cache) is {raw / anchor:,.1f}x")
    print(f"target >= 100,000 parses/s: {'met' if raw >= 100_000 else 'NOT met'} (no cache)")


if __name__ == "__main__":
    main()
