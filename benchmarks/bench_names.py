"""Names and kana: throughput of mynacheck's normalizers against the anchor libraries.

Same inputs, same run:

* width folding: mynacheck (the width fold, NFKC based) vs mojimoji.han_to_zen vs jaconv.h2z;
* kana folding: mynacheck.normalize_kana (all lenient folds) vs jaconv
  (h2z + hira2kata, which does only the width and script folds);
* kanji variant folding: mynacheck.normalize_name vs kyujipy's
  KyujitaiConverter.kyujitai_to_shinjitai.

Our functions are measured *without* any cache (every input is new, and the
whole-name path is called: the round of folds compiled from FOLDS for kana),
then with full names new but surnames and given names cached (the per-token
cache a municipality's data mostly hits: full names are unique, their parts
repeat), and once more with the full-name cache on a batch where names repeat.

Run:  python benchmarks/bench_names.py [N]
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Sequence

from mynacheck import memo
from mynacheck.fields import kana as kana_field
from mynacheck.fields import name as nf
from mynacheck.strategies.names import GIVEN_NAMES, SURNAMES
from mynacheck.text import kana as tk
from mynacheck.text import variants
from mynacheck.text.folds import compile_round

Target = Callable[[str], object]


def _inputs(n: int, seed: int = 4) -> tuple[list[str], list[str]]:
    """n kanji names and n kana names, written the ways business systems write them."""
    rnd = random.Random(seed)
    inverse: dict[str, list[str]] = {}
    for variant, canonical in variants.tables().tier_a.items():
        if variants.basis(variant) != "opencc":
            inverse.setdefault(canonical, []).append(variant)
    half = {chr(cp): chr(cp) for cp in range(0xFF61, 0xFFA0)}
    import unicodedata

    to_half = {unicodedata.normalize("NFKC", h): h for h in half}
    kanji, kana = [], []
    for _ in range(n):
        s, ks = rnd.choice(SURNAMES)
        g, kg = rnd.choice(GIVEN_NAMES)
        name = "".join(rnd.choice(inverse[c]) if c in inverse and rnd.random() < 0.3 else c for c in s + g)
        sep = rnd.choice((" ", "\u3000", ""))
        kanji.append(name[: len(s)] + sep + name[len(s):])
        reading = ks + rnd.choice((" ", "\u3000")) + kg
        style = rnd.random()
        if style < 0.3:
            reading = "".join(to_half.get(c, c) for c in reading)
        elif style < 0.5:
            reading = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in reading)
        kana.append(reading)
    return kanji, kana


def _rate(func: Target, data: Sequence[str], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for item in data:
            func(item)
        best = min(best, time.perf_counter() - start)
    return len(data) / best


def _row(label: str, rate: float, anchor: float | None = None) -> None:
    ratio = f"  ×{rate / anchor:.1f} vs anchor" if anchor else ""
    print(f"  {label:<48} {rate:>12,.0f} names/s{ratio}")


def main(argv: Sequence[str]) -> None:
    n = int(argv[1]) if len(argv) > 1 else 50_000
    kanji, kana = _inputs(n)

    def uncached_kana(text: str) -> str:
        return tk._whole(text, False)  # the whole-name path: no token cache either

    def uncached_kana_strict(text: str) -> str:
        return tk._whole(text, True)

    def tokens_cached_kana(text: str) -> str:
        return tk._normalized(text, False)  # no whole-name cache; surname and given name cached

    def uncached_name(text: str) -> str:
        return nf._normalize_whole(text, "anyascii")

    def tokens_cached_name(text: str) -> str:
        return nf._normalize_text(text, "anyascii")

    print(f"{n:,} distinct inputs per run (best of 3)\n")

    print("Width folding (half-width kana → full-width)")
    try:
        import mojimoji

        moji = _rate(mojimoji.han_to_zen, kana)
        _row("mojimoji.han_to_zen (anchor)", moji)
    except ImportError:
        moji = None
        print("  mojimoji not installed (pip install mynacheck[bench])")
    try:
        import jaconv

        jac_w = _rate(jaconv.h2z, kana)
        _row("jaconv.h2z", jac_w)
    except ImportError:
        jaconv = None
        jac_w = None
    _row("mynacheck width fold (NFKC based)", _rate(tk.fold_width, kana), moji)
    _row("mynacheck width + hiragana step (NFKC based)", _rate(compile_round(tk.FOLDS[:2]), kana), moji)

    print("\nKana folding")
    jac = None
    if jaconv is not None:
        jac = _rate(lambda s: jaconv.hira2kata(jaconv.h2z(s)), kana)
        _row("jaconv h2z + hira2kata (anchor; 2 of our 8 folds)", jac)
    _row("mynacheck normalize_kana, all lenient folds", _rate(uncached_kana, kana), jac)
    _row("mynacheck normalize_kana(strict=True)", _rate(uncached_kana_strict, kana), jac)
    _row("mynacheck normalize_kana, tokens cached", _rate(tokens_cached_kana, kana), jac)

    print("\nKanji variant folding")
    kyu = None
    try:
        from kyujipy import KyujitaiConverter

        conv = KyujitaiConverter()
        sample = kanji[: max(1, n // 10)]  # kyujipy is slow: a tenth of the inputs
        kyu = _rate(conv.kyujitai_to_shinjitai, sample, repeat=1)
        _row("kyujipy kyujitai_to_shinjitai (anchor)", kyu)
    except ImportError:
        print("  kyujipy not installed (pip install mynacheck[bench])")
    _row("mynacheck fold_variants (translate only)", _rate(variants.fold_variants, kanji), kyu)
    ours = _rate(uncached_name, kanji)
    _row("mynacheck normalize_name (IVS+NFKC+々+variants)", ours, kyu)
    _row("mynacheck normalize_name, tokens cached", _rate(tokens_cached_name, kanji), kyu)

    print("\nWith the cache, a batch where names repeat (10 × 10% distinct)")
    repeated = kanji[: n // 10] * 10
    memo.clear()
    _row("mynacheck normalize_name, cached", _rate(nf.normalize_name, repeated), kyu)
    memo.clear()
    repeated_kana = kana[: n // 10] * 10
    _row("mynacheck normalize_kana, cached", _rate(tk.normalize_kana, repeated_kana), jac)

    print("\nWhole-field comparison (for scale)")
    pairs = list(zip(kanji, reversed(kanji), strict=True))[: n // 5]
    memo.clear()
    rate = _rate(lambda p: nf.COMPARATOR.compare(p[0], p[1]), pairs, repeat=1)  # type: ignore[arg-type,index]
    _row("mynacheck name COMPARATOR.compare (pairs/s)", rate)
    kana_pairs = list(zip(kana, reversed(kana), strict=True))[: n // 5]
    memo.clear()
    rate = _rate(lambda p: kana_field.COMPARATOR.compare(p[0], p[1]), kana_pairs, repeat=1)  # type: ignore[arg-type,index]
    _row("mynacheck kana COMPARATOR.compare (pairs/s)", rate)
    target = 300_000
    print(f"\nTarget ≥ {target:,} names/s for normalize_name: {'met' if ours >= target else 'NOT met'}")


if __name__ == "__main__":
    main(sys.argv)
