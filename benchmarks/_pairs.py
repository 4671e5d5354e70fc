"""Deterministic realistic record pairs for the compare benchmarks (no hypothesis needed).

Pairs mix what a re-check really sees: mostly the same person written the
same or another way (variant kanji, half-width kana, 和暦, address notation),
some moved people, and a few mislinkages (family member, same name, typo).
"""

from __future__ import annotations

import random

from mynacheck.mynumber import calc_check_digit

SURNAMES = [("髙橋", "高橋", "タカハシ"), ("渡邊", "渡辺", "ワタナベ"), ("佐藤", "佐藤", "サトウ"),
            ("鈴木", "鈴木", "スズキ"), ("山﨑", "山崎", "ヤマザキ"), ("齋藤", "斎藤", "サイトウ"),
            ("田中", "田中", "タナカ"), ("伊藤", "伊藤", "イトウ"), ("濱田", "浜田", "ハマダ"), ("小林", "小林", "コバヤシ")]
GIVEN = [("一郎", "イチロウ", "1"), ("翔太", "ショウタ", "1"), ("花子", "ハナコ", "2"), ("京子", "キョウコ", "2"),
         ("健", "ケン", "1"), ("美咲", "ミサキ", "2"), ("大輔", "ダイスケ", "1"), ("陽子", "ヨウコ", "2")]
TOWNS = [("長野県", "長野市", "鶴賀緑町"), ("東京都", "千代田区", "霞が関"), ("大阪府", "大阪市北区", "梅田"),
         ("長野県", "松本市", "丸の内"), ("北海道", "札幌市中央区", "北一条西"), ("福岡県", "福岡市博多区", "博多駅前")]
ERAS = [("昭和", "S", 1926), ("平成", "H", 1989)]
HALF = str.maketrans("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン",
                     "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ")


def _number(rng: random.Random) -> str:
    body = "".join(rng.choice("0123456789") for _ in range(11))
    return body + calc_check_digit(body)


def _person(rng: random.Random) -> dict[str, str]:
    s_old, s_new, s_kana = rng.choice(SURNAMES)
    g, g_kana, sex = rng.choice(GIVEN)
    pref, city, town = rng.choice(TOWNS)
    y, m, d = rng.randint(1930, 2015), rng.randint(1, 12), rng.randint(1, 28)
    chome, ban, go = rng.randint(1, 5), rng.randint(1, 30), rng.randint(1, 20)
    return {
        "my_number": _number(rng),
        "name": f"{s_new} {g}",
        "_old_name": f"{s_old}\u3000{g}",
        "kana": f"{s_kana} {g_kana}",
        "birth_date": f"{y:04d}-{m:02d}-{d:02d}",
        "sex": sex,
        "address": f"{pref}{city}{town}{chome}丁目{ban}番{go}号",
        "_short_address": f"{city}{town}{chome}-{ban}-{go}",
    }


def _wareki(iso: str) -> str:
    y, m, d = (int(p) for p in iso.split("-"))
    for _era, letter, start in reversed(ERAS):
        if y > start:
            return f"{letter}{y - start + 1}.{m}.{d}"
    return iso.replace("-", "/")


def make_pairs(n: int, seed: int = 20231) -> list[tuple[dict[str, str], dict[str, str]]]:
    rng = random.Random(seed)
    pairs = []
    for _ in range(n):
        p = _person(rng)
        register = {k: v for k, v in p.items() if not k.startswith("_")}
        business = dict(register)
        roll = rng.random()
        if roll < 0.35:
            pass  # written the same way
        elif roll < 0.80:  # the same person, another notation
            business["name"] = p["_old_name"]
            business["kana"] = p["kana"].translate(HALF)
            business["birth_date"] = _wareki(p["birth_date"])
            business["address"] = p["_short_address"]
            business["sex"] = {"1": "男", "2": "女"}[p["sex"]]
        elif roll < 0.90:  # moved
            other = _person(rng)
            business["address"] = other["address"]
        else:  # mislinkage: another person's details on this number
            other = _person(rng)
            business.update({k: other[k] for k in ("name", "kana", "birth_date", "sex")})
        pairs.append((business, register))
    return pairs
