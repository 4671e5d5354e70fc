"""Reconcile throughput and memory on a synthetic export and register.

    python benchmarks/bench_reconcile.py [--rows 1000000] [--jobs N] [--keep DIR] [--data varied|simple]

Generates a register of N people and a business export of N rows (same
people, many written another way: 和暦 dates, half-width kana, 2-1-2
addresses, 男/女; about 2% planted problems: other numbers, typos, moved
people, duplicates).  The default *varied* data draws 133 surnames x 63
given names and every town of 長野県 with house numbers up to 2,500, so the
per-value caches see realistic repetition (towns, surnames, dates repeat;
full addresses mostly don't).  Then, in the same run:

- the *floor*: what a user would write by hand: read both CSVs with the csv
  module, join in a dict on the number, NFKC equality on the five fields;
- ``mynacheck reconcile`` (as a subprocess, the real command with its CSV
  report): wall time and peak memory (largest process, and the sum over
  the process tree, sampled).

Targets: 1M rows in <= 60 s on 2 cores, peak <= 2 GB, <= 5x the floor.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path

from mynacheck.mynumber import calc_check_digit

SURNAMES = [("佐藤", "サトウ"), ("鈴木", "スズキ"), ("髙橋", "タカハシ"), ("田中", "タナカ"), ("伊藤", "イトウ"),
            ("渡邊", "ワタナベ"), ("山本", "ヤマモト"), ("中村", "ナカムラ"), ("小林", "コバヤシ"), ("加藤", "カトウ"),
            ("吉田", "ヨシダ"), ("山田", "ヤマダ"), ("佐々木", "ササキ"), ("山口", "ヤマグチ"), ("松本", "マツモト"),
            ("井上", "イノウエ"), ("木村", "キムラ"), ("林", "ハヤシ"), ("斎藤", "サイトウ"), ("清水", "シミズ")]
GIVEN = [("一郎", "イチロウ", "1"), ("翔太", "ショウタ", "1"), ("花子", "ハナコ", "2"), ("京子", "キョウコ", "2"),
         ("健", "ケン", "1"), ("美咲", "ミサキ", "2"), ("大輔", "ダイスケ", "1"), ("陽子", "ヨウコ", "2"),
         ("誠", "マコト", "1"), ("恵", "メグミ", "2"), ("拓也", "タクヤ", "1"), ("由美", "ユミ", "2")]
TOWNS = [("長野県", "長野市", "若里"), ("長野県", "松本市", "中央"), ("長野県", "上田市", "中央"),
         ("長野県", "長野市", "三輪"), ("東京都", "千代田区", "霞が関"), ("大阪府", "大阪市北区", "梅田")]
KANJI = "〇一二三四五六七八九"
HALF = str.maketrans("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン",
                     "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ")
HEADER = ["id", "my_number", "name", "kana", "birth_date", "sex", "address"]
FIELDS = ("name", "kana", "birth_date", "sex", "address")


def _number(rng: random.Random) -> str:
    body = f"{rng.randrange(10**11):011d}"
    return body + calc_check_digit(body)


def _varied_pools() -> tuple[list[tuple[str, str]], list[tuple[str, str, str]], list[tuple[str, str, str, bool]]]:
    """Names from the strategies' frequency lists and every town of 長野県, so
    per-value caches cannot win on synthetic repetition alone."""
    from mynacheck.fields.address_data import index
    from mynacheck.strategies.names import GIVEN_NAMES
    from mynacheck.strategies.names import SURNAMES as SN

    given = [(g, k, "1" if i % 2 else "2") for i, (g, k) in enumerate(GIVEN_NAMES)]
    towns = [(m.pref, m.name, town, chome) for m in index().municipalities if m.pref == "長野県"
             for town, chome in dict.fromkeys(m.towns.values())]
    return list(SN), given, towns


def generate(n: int, directory: Path, seed: int = 1, data: str = "varied") -> tuple[Path, Path]:
    rng = random.Random(seed)
    if data == "varied":
        surnames, given, towns = _varied_pools()
    else:
        surnames, given = SURNAMES, GIVEN
        towns = [(p, c, t, True) for p, c, t in TOWNS]
    biz_path, reg_path = directory / "business.csv", directory / "register.csv"
    with open(reg_path, "w", encoding="utf-8", newline="") as rf, \
            open(biz_path, "w", encoding="utf-8", newline="") as bf:
        rw, bw = csv.writer(rf), csv.writer(bf)
        rw.writerow(HEADER)
        bw.writerow(HEADER)
        for i in range(n):
            (sn, sk), (gn, gk, sex) = rng.choice(surnames), rng.choice(given)
            y, m, d = rng.randint(1930, 2015), rng.randint(1, 12), rng.randint(1, 28)
            pref, city, town, chome = rng.choice(towns)
            c, b, g = rng.randint(1, 9), rng.randint(1, 30 if chome else 2500), rng.randint(1, 20)
            num = _number(rng)
            place = f"{KANJI[c]}丁目{b}番{g}号" if chome else f"{b}番地{g}"
            reg = [f"R{i}", num, f"{sn} {gn}", f"{sk} {gk}", f"{y}-{m:02d}-{d:02d}", sex, f"{pref}{city}{town}{place}"]
            rw.writerow(reg)
            biz = list(reg)
            biz[0] = f"B{i}"
            r = rng.random()
            # Notation: how legacy systems write the same person.
            if r < 0.3:
                biz[3] = biz[3].translate(HALF)
            if 0.2 < r < 0.6:
                era, base = ("H", 1988) if y >= 1990 else ("S", 1925)
                if 1927 <= y <= 1988 or y >= 1990:
                    biz[4] = f"{era}{y - base}.{m}.{d}"
            if r > 0.5:
                biz[6] = f"{city}{town}{c}-{b}-{g}" if chome else f"{city}{town}{b}-{g}"
            biz[5] = "男" if sex == "1" else "女"
            # About 2% problems.
            p = rng.random()
            if p < 0.005:
                biz[1] = _number(rng)  # a number not in the register
            elif p < 0.01:
                biz[1] = num[:5] + str((int(num[5]) + 1) % 10) + num[6:]  # typo
            elif p < 0.015:
                moved = f"{KANJI[c % 9 + 1]}丁目{b}番{g}号" if chome else f"{b % 2500 + 1}番地{g}"
                biz[6] = f"{pref}{city}{town}{moved}"  # moved
            elif p < 0.02:
                biz[2] = f"{sn} {rng.choice(given)[0]}"  # family member
            bw.writerow(biz)
    return biz_path, reg_path


def floor(biz_path: Path, reg_path: Path) -> tuple[float, float, int]:
    """csv module + dict join + NFKC equality on five fields: (wall, cpu, equal rows)."""
    t = time.perf_counter()
    c = time.process_time()
    nfkc = unicodedata.normalize
    with open(reg_path, encoding="utf-8", newline="") as fh:
        r = csv.reader(fh)
        header = next(r)
        idx = [header.index(f) for f in FIELDS]
        register = {row[1]: row for row in r}
    same = 0
    with open(biz_path, encoding="utf-8", newline="") as fh:
        r = csv.reader(fh)
        next(r)
        for row in r:
            other = register.get(row[1])
            if other is not None and all(nfkc("NFKC", row[i]) == nfkc("NFKC", other[i]) for i in idx):
                same += 1
    return time.perf_counter() - t, time.process_time() - c, same


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and its children, in bytes (Linux /proc)."""
    total = 0
    pids = [pid]
    try:
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            pids.append(int(child))
    except OSError:
        return 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def ours(biz_path: Path, reg_path: Path, out: Path, jobs: int | None) -> tuple[float, float, int, int, str]:
    cmd = [sys.executable, "-m", "mynacheck", "reconcile", str(biz_path), str(reg_path), "--out", str(out),
           "--no-progress"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    peak = [0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"reconcile failed ({proc.returncode}): {stderr}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU of the command and its workers (they are joined, so they count).
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu, after.ru_maxrss * 1024, peak[0], stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--jobs", type=int, default=None, help="passed to --jobs (default: the command's own choice)")
    ap.add_argument("--keep", type=Path, help="generate into (and keep) this directory")
    ap.add_argument("--data", choices=("varied", "simple"), default="varied",
                    help="varied (default): 133 surnames x 63 given names, all 1,600 towns of 長野県, house "
                         "numbers up to 2500; simple: the 20 x 12 names and 6 towns of the first version")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-reconcile-") as tmp:
        directory = args.keep or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        biz, reg = generate(args.rows, directory, data=args.data)
        print(f"generated {args.rows:,} + {args.rows:,} rows in {time.perf_counter() - t:.1f} s "
              f"({biz.stat().st_size / 1e6:.0f} MB + {reg.stat().st_size / 1e6:.0f} MB)")
        f_time, f_cpu, f_same = floor(biz, reg)
        print(f"floor  (csv + dict join + NFKC equality): {f_time:7.2f} s wall {f_cpu:7.2f} s CPU  "
              f"{args.rows / f_time:10,.0f} rows/s  ({f_same:,} rows equal)")
        wall, cpu, single, tree, stdout = ours(biz, reg, directory / "report.csv", args.jobs)
        print(f"mynacheck reconcile:                      {wall:7.2f} s wall {cpu:7.2f} s CPU  "
              f"{args.rows / wall:10,.0f} rows/s")
        print(f"peak memory: largest process {single / 2**20:,.0f} MiB, process tree (sampled) {tree / 2**20:,.0f} MiB")
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        print(f"ratio to floor: {wall / f_time:.1f}x wall, {cpu / f_cpu:.1f}x CPU   "
              "(targets: 1M rows <= 60 s, <= 2 GB, <= 5x floor)")
        print(f"load average during the run: {os.getloadavg()[0]:.1f} on {cores} cores; on idle cores the "
              f"wall time would be about {cpu / cores:.0f} s (CPU / cores)")
        if args.rows < 1_000_000:
            scale = 1_000_000 / args.rows
            print(f"extrapolated linearly to 1M rows: {wall * scale:.0f} s wall here, "
                  f"about {cpu * scale / cores:.0f} s on {cores} idle cores")
        print("--- summary printed by the command ---")
        print(stdout.rstrip())


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
