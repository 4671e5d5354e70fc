"""Generate the synthetic example pair in examples/data/ (no real people).

- ``business.csv``: a business-system export in CP932 with Japanese headers
  (宛名番号, 個人番号, 氏名, フリガナ, 生年月日, 性別, 住所), written the way
  legacy systems write: 和暦 dates, half-width kana, 男/女, 2-1-2 addresses.
- ``register.csv``: a register extract in UTF-8 with English headers, with the
  register status of each row (``status``: 住民, 死亡, 転出, 職権消除, 住登外 …,
  ``status_date``), some kana not recorded yet (``********``, 【名空欄】) and a
  foreign resident's 併記名 (``WANG FANG 王 芳``).
- ``removed.csv``: a removed-residents extract (除票) in the register's layout,
  for ``mynacheck reconcile ... --removed examples/data/removed.csv``.
- ``application.json`` and ``candidates.csv``: one application at registration and
  the people a 住基ネット query by the four items returned for it (the person,
  a namesake born another year, a relative), for ``mynacheck resolve``.

A few hundred people, most of whom match, plus planted problems of every
kind the reconcile checks (see PLANTED below; each row's 宛名番号 says which
problem it carries, e.g. ``B0301-family``).  Deterministic: the same seed
always gives the same files.  Run::

    python examples/make_example_data.py [OUTDIR]
"""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

from mynacheck.mynumber import calc_check_digit

SEED = 20261127
PEOPLE = 300

SURNAMES = [("佐藤", "サトウ"), ("鈴木", "スズキ"), ("田中", "タナカ"), ("伊藤", "イトウ"), ("渡辺", "ワタナベ"),
            ("山本", "ヤマモト"), ("中村", "ナカムラ"), ("小林", "コバヤシ"), ("加藤", "カトウ"), ("吉田", "ヨシダ"),
            ("山田", "ヤマダ"), ("松本", "マツモト"), ("井上", "イノウエ"), ("木村", "キムラ"), ("清水", "シミズ"),
            ("宮坂", "ミヤサカ"), ("丸山", "マルヤマ"), ("小松", "コマツ"), ("北澤", "キタザワ"), ("百瀬", "モモセ")]
GIVEN_M = [("一郎", "イチロウ"), ("健太", "ケンタ"), ("翔", "ショウ"), ("大輔", "ダイスケ"), ("誠", "マコト"),
           ("拓也", "タクヤ"), ("浩二", "コウジ"), ("修", "オサム"), ("直樹", "ナオキ"), ("隆", "タカシ")]
GIVEN_F = [("花子", "ハナコ"), ("陽子", "ヨウコ"), ("美咲", "ミサキ"), ("恵子", "ケイコ"), ("由美", "ユミ"),
           ("直美", "ナオミ"), ("京子", "キョウコ"), ("愛", "アイ"), ("真由美", "マユミ"), ("幸子", "サチコ")]
# Town names that exist in these cities (the address module checks them).
TOWNS = [("長野県", "松本市", "中央"), ("長野県", "松本市", "大手"), ("長野県", "長野市", "若里"),
         ("長野県", "長野市", "三輪"), ("長野県", "上田市", "中央"), ("長野県", "長野市", "鶴賀緑町")]
KANJI_DIGITS = "〇一二三四五六七八九"
# (letter, first day, year 1 of the era)
ERAS = [("H", (1989, 1, 8), 1989), ("S", (1926, 12, 25), 1926), ("T", (1912, 7, 30), 1912)]


def number(rng: random.Random, used: set[str]) -> str:
    while True:
        body = "".join(rng.choice("0123456789") for _ in range(11))
        full = body + calc_check_digit(body)
        if full not in used and len(set(full)) > 1:
            used.add(full)
            return full


def kanji_num(n: int) -> str:
    if n < 10:
        return KANJI_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else KANJI_DIGITS[tens]) + "十" + (KANJI_DIGITS[ones] if ones else "")


def wareki(iso: str) -> str:
    """1970-03-12 → S45.3.12."""
    y, m, d = (int(p) for p in iso.split("-"))
    for letter, first, start in ERAS:
        if (y, m, d) >= first:
            return f"{letter}{y - start + 1}.{m}.{d}"
    return iso


def half_width(kana: str) -> str:
    import unicodedata

    out = []
    table = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0xFF66, 0xFF9E)}
    for ch in kana:
        base = unicodedata.normalize("NFD", ch)
        if base[0] in table:
            out.append(table[base[0]] + ("ﾞ" if "\u3099" in base else "ﾟ" if "\u309a" in base else ""))
        else:
            out.append(" " if ch in " \u3000" else ch)
    return "".join(out)


def make(rng: random.Random) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    used: set[str] = set()
    register: list[dict[str, str]] = []
    for i in range(PEOPLE):
        sex = rng.choice("12")
        (sn, sk), (gn, gk) = rng.choice(SURNAMES), rng.choice(GIVEN_M if sex == "1" else GIVEN_F)
        y = rng.randint(1930, 2005)
        pref, city, town = rng.choice(TOWNS)
        chome, ban, go = rng.randint(1, 4), rng.randint(1, 30), rng.randint(1, 20)
        register.append({
            "id": f"R{i + 1:04d}", "my_number": number(rng, used), "name": f"{sn} {gn}", "kana": f"{sk} {gk}",
            "birth_date": f"{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "sex": sex,
            "address": f"{pref}{city}{town}{kanji_num(chome)}丁目{ban}番{go}号",
        })

    def business_of(r: dict[str, str], tag: str, i: int) -> dict[str, str]:
        # How a legacy business system writes the same person.
        addr = r["address"]
        if i % 3 == 0:  # 二丁目1番2号 → 2丁目1-2
            head, _, rest = addr.partition("丁目")
            chome = KANJI_DIGITS.index(head[-1]) if head[-1] in KANJI_DIGITS else head[-1]
            ban, _, go = rest.rstrip("号").partition("番")
            addr = f"{head[:-1]}{chome}丁目{ban}-{go}"
        return {
            "宛名番号": f"B{i + 1:04d}{'-' + tag if tag else ''}", "個人番号": r["my_number"], "氏名": r["name"],
            "フリガナ": half_width(r["kana"]) if i % 4 == 0 else r["kana"],
            "生年月日": wareki(r["birth_date"]) if i % 2 == 0 else r["birth_date"].replace("-", "/"),
            "性別": "男" if r["sex"] == "1" else "女", "住所": addr,
        }

    business = [business_of(r, "", i) for i, r in enumerate(register)]
    return register, business


#: (tag, what is planted) — each tag appears in the 宛名番号 of its row(s).
PLANTED = [
    ("family", "a family member's number: same surname and address, another given name and birth date"),
    ("samename", "same name, different person: the register person of that number has another birth date"),
    ("checkdigit", "a mistyped number: one digit changed, so the check digit fails"),
    ("absent", "a valid number that is not in the register"),
    ("dupnum", "one number on two business rows that are different people (both rows flagged)"),
    ("twonumbers", "one person (same name, birth date, address) with two numbers (both rows flagged)"),
    ("moved", "the register has a newer address"),
    ("variant", "variant kanji: 髙橋 in the register, 高橋 in the business system (a notation difference)"),
    ("hankaku", "half-width kana フリガナ"),
    ("wareki", "和暦 birth date S45.3.12 against 1970-03-12"),
    ("chome", "二丁目1番2号 against 2-1-2"),
    ("baddate", "an unparseable birth date"),
    ("longfield", "a 5,000-character address"),
    ("formula", "a formula cell =HYPERLINK(...) in the name"),
    # The register's own situations (issue 16): removed and non-resident people, kana not recorded yet, 併記名.
    ("deceased", "the register row is removed by death (status 死亡): a loss-of-eligibility check, not a wrong number"),
    ("movedout", "the register row is removed: moved out (status 転出)"),
    ("exofficio", "the register row is removed ex officio (status 職権消除)"),
    ("jutogai", "the person is registered elsewhere (status 住登外)"),
    ("removed", "the person is only in removed.csv (moved out): not in the register, found with --removed"),
    ("nokana", "the register's kana is not recorded yet (********)"),
    ("halfkana", "only the surname's kana is recorded in the register (タナカ 【名空欄】)"),
    ("heiki", "a foreign resident's 併記名 in the register (WANG FANG 王 芳) against 王 芳"),
]


def plant(rng: random.Random, register: list[dict[str, str]], business: list[dict[str, str]]) -> None:
    used = {r["my_number"] for r in register}

    def tag(row: dict[str, str], name: str) -> None:
        row["宛名番号"] = row["宛名番号"].split("-")[0] + "-" + name

    # family: a child in the business file holds the parent's number.
    b = business[10]
    r = register[10]
    b.update({"氏名": r["name"].split(" ")[0] + " 次郎", "フリガナ": r["kana"].split(" ")[0] + " ジロウ",
              "生年月日": "H12.4.1", "性別": "男"})
    tag(b, "family")
    # same name, different person: another person of the same name in the register holds the number.
    b, r = business[20], register[20]
    r["birth_date"] = "1961-08-30"
    b["生年月日"] = "S52.11.5"
    tag(b, "samename")
    # mistyped number: change one digit; the check digit no longer fits.
    b = business[30]
    digits = list(b["個人番号"])
    digits[3] = str((int(digits[3]) + 1) % 10)
    b["個人番号"] = "".join(digits)
    if b["個人番号"][-1] == calc_check_digit(b["個人番号"]):
        digits[4] = str((int(digits[4]) + 1) % 10)
        b["個人番号"] = "".join(digits)
    tag(b, "checkdigit")
    # absent: a valid number nobody in the register has.
    b = business[40]
    b["個人番号"] = number(rng, used)
    tag(b, "absent")
    # dupnum: row 51's number is written on another person's row too.
    extra = dict(business[50])
    extra.update({"宛名番号": "B9001-dupnum", "氏名": "宮坂 美咲", "フリガナ": "ミヤサカ ミサキ", "生年月日": "1988/02/14",
                  "性別": "女", "住所": "長野県長野市三輪三丁目4番5号"})
    tag(business[50], "dupnum")
    business.insert(120, extra)
    # twonumbers: the same person again, with a number that belongs to nobody.
    twin = dict(business[60])
    twin["宛名番号"] = "B9002-twonumbers"
    twin["個人番号"] = number(rng, used)
    tag(business[60], "twonumbers")
    business.insert(200, twin)
    # moved: the register has a newer address.
    register[70]["address"] = "長野県長野市若里一丁目2番3号"
    tag(business[70], "moved")
    # variant kanji 髙橋 / 高橋 (the register keeps the old form).
    register[80]["name"] = "髙橋 " + register[80]["name"].split(" ")[1]
    register[80]["kana"] = "タカハシ " + register[80]["kana"].split(" ")[1]
    business[80].update({"氏名": "高橋 " + register[80]["name"].split(" ")[1], "フリガナ": register[80]["kana"]})
    tag(business[80], "variant")
    # half-width kana
    business[90]["フリガナ"] = half_width(register[90]["kana"])
    tag(business[90], "hankaku")
    # 和暦 S45.3.12 against 1970-03-12
    register[100]["birth_date"] = "1970-03-12"
    business[100]["生年月日"] = "S45.3.12"
    tag(business[100], "wareki")
    # 二丁目1番2号 against 2-1-2
    pref, city, town = TOWNS[0]
    register[110]["address"] = f"{pref}{city}{town}二丁目1番2号"
    business[110]["住所"] = f"{city}{town}2-1-2"
    tag(business[110], "chome")
    # unparseable date
    business[130]["生年月日"] = "昭和ごろ"
    tag(business[130], "baddate")
    # a 5,000-character field
    business[140]["住所"] = "長野県" + "あ" * 4997
    tag(business[140], "longfield")
    # a formula cell
    business[150]["氏名"] = '=HYPERLINK("http://example.invalid/","click")'
    tag(business[150], "formula")
    def of(person: dict[str, str]) -> dict[str, str]:
        """The business row holding a register person's number (rows were inserted above)."""
        return next(b for b in business if b["個人番号"] == person["my_number"])

    # removed and non-resident register rows (status and its date, as an extract gives them)
    for i, name, status, day in ((160, "deceased", "死亡", "2025-02-14"), (165, "movedout", "転出", "2025-03-31"),
                                 (170, "exofficio", "職権消除", "2024-11-05"), (175, "jutogai", "住登外", "")):
        register[i].update({"status": status, "status_date": day})
        tag(of(register[i]), name)
    # a number only the removed-residents extract holds (write() moves the row there)
    register[180].update({"status": "転出", "status_date": "2025-01-10", "removed": "yes"})
    tag(of(register[180]), "removed")
    # kana not recorded yet: nothing, then the surname only
    register[185]["kana"] = "********"
    tag(of(register[185]), "nokana")
    register[190]["kana"] = register[190]["kana"].split(" ")[0] + " 【名空欄】"
    tag(of(register[190]), "halfkana")
    # a foreign resident's 併記名: the alphabet name with the kanji name beside it
    register[195].update({"name": "WANG FANG 王 芳", "kana": "オウ ホウ", "sex": "2"})
    of(register[195]).update({"氏名": "王 芳", "フリガナ": half_width("オウ ホウ"), "性別": "女"})
    tag(of(register[195]), "heiki")


REGISTER_COLUMNS = ["id", "my_number", "name", "kana", "birth_date", "sex", "address", "status", "status_date"]


def query(register: list[dict[str, str]]) -> tuple[dict[str, str], list[dict[str, str]]]:
    """An application as the applicant wrote it, and the people a query by the four items returned."""
    person = register[200]
    application = {"name": person["name"].replace(" ", "\u3000"), "kana": half_width(person["kana"]),
                   "birth_date": wareki(person["birth_date"]), "sex": "男" if person["sex"] == "1" else "女",
                   "address": person["address"].removeprefix("長野県")}
    surname = person["name"].split(" ")[0]
    namesake = dict(person, id="Q2", my_number="621498320257", birth_date=str(int(person["birth_date"][:4]) + 9)
                    + person["birth_date"][4:], address="長野県松本市大手一丁目1番1号")
    relative = dict(person, id="Q3", my_number="634127023092", name=f"{surname} 次郎",
                    kana=person["kana"].split(" ")[0] + " ジロウ", birth_date="2001-06-30", sex="1")
    return application, [namesake, dict(person, id="Q1"), relative]


def write(outdir: Path) -> None:
    rng = random.Random(SEED)
    register, business = make(rng)
    plant(rng, register, business)
    for row in register:
        row.setdefault("status", "住民")
        row.setdefault("status_date", "")
    application, candidates = query(register)
    # The one only the removed-residents extract holds leaves the register.
    removed = [row for row in register if row.pop("removed", None)]
    register = [row for row in register if row not in removed]
    outdir.mkdir(parents=True, exist_ok=True)
    for name, rows in (("register.csv", register), ("removed.csv", removed), ("candidates.csv", candidates)):
        with open(outdir / name, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, REGISTER_COLUMNS)
            w.writeheader()
            w.writerows(rows)
    with open(outdir / "application.json", "w", encoding="utf-8", newline="\n") as fh:
        fh.write(json.dumps(application, ensure_ascii=False, indent=2) + "\n")
    with open(outdir / "business.csv", "w", encoding="cp932", newline="") as fh:
        w = csv.DictWriter(fh, ["宛名番号", "個人番号", "氏名", "フリガナ", "生年月日", "性別", "住所"])
        w.writeheader()
        w.writerows(business)


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "data")
