"""Single-pair ``compare`` throughput on realistic pairs.

    python benchmarks/bench_compare.py [--pairs 20000] [--splink]

Prints pairs/s for mynacheck and, in the same run, for the floor a user would
write by hand (NFKC equality on the five fields).  With ``--splink`` (needs
splink installed) it also scores single pairs with splink's linker, the
record-linkage library a user would otherwise pick, and prints the ratio.
The product target is >= 50,000 pairs/s per core.
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _pairs import make_pairs

import mynacheck as mc

FIELDS = ("my_number", "name", "kana", "birth_date", "sex", "address")


def floor(pairs: list[tuple[dict[str, str], dict[str, str]]]) -> int:
    same = 0
    for a, b in pairs:
        same += all(unicodedata.normalize("NFKC", a[f]) == unicodedata.normalize("NFKC", b[f]) for f in FIELDS)
    return same


def timed(label: str, fn, pairs) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn(pairs)
    elapsed = time.perf_counter() - start
    rate = len(pairs) / elapsed
    print(f"{label:<34} {rate:>12,.0f} pairs/s   ({elapsed:.2f} s for {len(pairs):,})")
    return rate


def splink_rate(pairs, n: int = 20) -> float:  # type: ignore[no-untyped-def]
    """splink (>= 5) single-pair scoring: ``linker.inference.score_pair``."""
    import pandas as pd
    from splink import Linker, SettingsCreator
    from splink import comparison_library as cl
    from splink.internals.duckdb.database_api import DuckDBAPI

    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[cl.ExactMatch("my_number"), cl.JaroWinklerAtThresholds("name"),
                     cl.JaroWinklerAtThresholds("kana"), cl.ExactMatch("birth_date"), cl.ExactMatch("sex"),
                     cl.LevenshteinAtThresholds("address")],
    )
    db = DuckDBAPI()
    left = db.register(pd.DataFrame([dict(a, unique_id=i) for i, (a, _) in enumerate(pairs[:200])]))
    right = db.register(pd.DataFrame([dict(b, unique_id=i) for i, (_, b) in enumerate(pairs[:200])]))
    linker = Linker([left, right], settings, log_level=40)
    start = time.perf_counter()
    for a, b in pairs[:n]:
        linker.inference.score_pair(dict(a, unique_id=1), dict(b, unique_id=2)).as_pandas_dataframe()
    elapsed = time.perf_counter() - start
    rate = n / elapsed
    print(f"{'splink inference.score_pair':<34} {rate:>12,.1f} pairs/s   ({elapsed / n * 1000:.1f} ms a pair)")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=20_000)
    parser.add_argument("--splink", action="store_true")
    args = parser.parse_args()
    pairs = make_pairs(args.pairs)
    mc.compare(*pairs[0])  # load the lazily loaded reference tables outside the timing
    verdicts: Counter[str] = Counter()

    def ours(ps) -> None:  # type: ignore[no-untyped-def]
        for a, b in ps:
            verdicts[mc.compare(a, b).verdict.value] += 1

    print(f"{len(pairs):,} realistic pairs (35% same text, 45% other notation, 10% moved, 10% mislinked)")
    fl = timed("floor: NFKC equality, 6 fields", floor, pairs)
    us = timed("mynacheck.compare (cold caches)", ours, pairs)
    timed("mynacheck.compare (warm caches)", ours, pairs)
    print(f"verdicts (cold run): {dict(Counter({k: v // 2 for k, v in verdicts.items()}))}")
    print(f"ratio floor/mynacheck: {fl / us:.1f}x slower than bare NFKC equality")
    if args.splink:
        sp = splink_rate(pairs)
        print(f"ratio mynacheck/splink: {us / sp:,.0f}x faster")


if __name__ == "__main__":
    main()
