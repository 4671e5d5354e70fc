"""Reasons of the name (氏名) field."""

from __future__ import annotations

from ..verdicts import Verdict

M, R, X = Verdict.MATCH, Verdict.REVIEW, Verdict.MISMATCH

REASONS: tuple[tuple[str, str, Verdict, str, str], ...] = (
    ("NAME_DIFFERENT", "name", X,
     "氏名が異なります。",
     "The names differ."),
    ("NAME_MISSING", "name", R,
     "一方の氏名が空欄です。目視で確認してください。",
     "The name is missing on one side. Check visually."),
    ("NAME_ABSENT", "name", R,
     "氏名が両方とも空欄のため確認できません。",
     "The name is missing on both sides; it could not be confirmed."),
    ("NAME_NOTATION_FOLD", "name", M,
     "氏名の全角・半角や空白の違いは無視しました。",
     "The names differ only in width or spacing."),
    ("NAME_ALIAS_MATCH", "name", M,
     "通称または旧氏で一致しました。",
     "Matched through an alias (通称) or former surname (旧氏)."),
    # --- folds that made two names equal (informational) ---------------------
    ("NAME_FOLD_VARIANT", "name", M,
     "異体字（髙と高、﨑と崎、邊と辺など）を同じ字として扱い一致しました。",
     "Matched by treating variant kanji (髙/高, 﨑/崎, 邊/辺 ...) as the same character."),
    ("NAME_FOLD_IVS", "name", M,
     "異体字セレクタ（字形の指定）を除いて一致しました。",
     "Matched after removing ideographic variation selectors (glyph choices)."),
    ("NAME_FOLD_ITERATION", "name", M,
     "繰り返し記号「々」を展開して一致しました（佐々木＝佐佐木）。",
     "Matched after writing out the iteration mark 々 (佐々木 = 佐佐木)."),
    ("NAME_FOLD_KANA_SIZE", "name", M,
     "漢字の氏名の中の「ヶ」と「ケ」、「ッ」と「ツ」の大小の書き分けは同じ表記とみなしました（関ヶ原＝関ケ原、一ッ木＝一ツ木）。",
     "Small and large ヶ/ケ and ッ/ツ inside a kanji name were treated as one notation (関ヶ原 = 関ケ原, 一ッ木 = 一ツ木)."),
    ("NAME_FOLD_SIMPLIFIED", "name", M,
     "中国の簡体字を繁体字・日本の字体に直して一致しました（伟＝偉）。",
     "Matched after mapping simplified Chinese characters to their traditional/Japanese forms (伟 = 偉)."),
    ("NAME_FOLD_MJ", "name", M,
     "MJ縮退マップの候補文字で一致しました。",
     "Matched through the candidate characters of the MJ縮退マップ."),
    ("NAME_ALPHA_CASE", "name", M,
     "アルファベット氏名の大文字・小文字の違いは無視しました。",
     "The alphabet names differ only in upper/lower case."),
    ("NAME_ALPHA_DIACRITICS", "name", M,
     "アルファベット氏名の発音記号（Ễ など）の有無は無視しました。",
     "The alphabet names differ only in diacritics (Ễ and E)."),
    ("NAME_ALPHA_ORDER", "name", M,
     "アルファベット氏名の姓と名の順序が異なりますが、同じ名前です。",
     "The alphabet names have their parts in another order (given name first); they are the same name."),
    ("NAME_ALPHA_SPACING", "name", M,
     "アルファベット氏名の区切り（空白・ハイフン等）の違いは無視しました（MIN JUN＝MINJUN）。",
     "The alphabet names differ only in how the parts are separated (MIN JUN = MINJUN)."),
    # --- review ---------------------------------------------------------------
    ("NAME_CONFUSABLE_KANJI", "name", R,
     "取り違えやすい別の字（斉と斎、嶋と島、伊東と伊藤など）が使われています。住民票の字を確認してください。",
     "The names differ in a kanji that is often mistaken for another (斉/斎, 嶋/島, 伊東/伊藤 ...). "
     "Check the character in the resident register."),
    ("NAME_LOOKALIKE_KANA", "name", R,
     "漢字の代わりに形の似たカナや記号が入力されています（ロと口、エと工、カと力、ーと一など）。入力やOCRの誤りの可能性があります。"
     "住民票の字を確認してください。",
     "A kana or dash that looks like a kanji was entered in its place (ロ/口, エ/工, カ/力, ー/一 ...): possibly a typing "
     "or OCR error. Check the character in the resident register."),
    ("NAME_CONNECTOR_NO", "name", R,
     "「ノ」と「之」の書き分け、または「ノ」の有無だけが異なります（堀ノ内・堀之内・堀内）。読みが同じでも別の登録名のことがあります。"
     "住民票の表記を確認してください。",
     "The names differ only in ノ against 之 or in ノ written or left out (堀ノ内, 堀之内, 堀内): they share a reading "
     "but may be different registered names. Check the writing in the resident register."),
    ("NAME_CONNECTOR_GA", "name", R,
     "漢字の間の「ヶ」と「が」「箇」の書き分けだけが異なります（関ヶ原・関が原）。読みが同じでも別の登録名のことがあります。"
     "住民票の表記を確認してください。",
     "The names differ only in ヶ against が or 箇 between kanji (関ヶ原 / 関が原): they share a reading but may be "
     "different registered names. Check the writing in the resident register."),
    ("NAME_HISTORICAL_KANA", "name", R,
     "歴史的仮名遣い（ゑ・ゐ・を・ぢ・づ）と現代仮名遣いの違いだけが異なります（すゑ・すえ）。住民票に登録されている表記を確認してください。",
     "The names differ only in historical kana (ゑ, ゐ, を, ぢ, づ) against modern kana (すゑ / すえ). Check the writing "
     "registered in the resident register."),
    ("NAME_PLACEHOLDER", "name", R,
     "システムで表せない字の代わりの記号（？・■・□・●・＊・〇など）が氏名に含まれるため、機械では照合できません。住民票の字を確認してください。",
     "The name holds a placeholder for a character the system could not hold (？, ■, □, ●, ＊, 〇 ...); it cannot be "
     "compared by machine. Check the character in the resident register."),
    ("NAME_ALPHA_TRUNCATED", "name", R,
     "一方のアルファベット氏名が他方の途中で切れています（欄の桁数による切り捨ての可能性）。在留カードと照合してください。",
     "One alphabet name is the other cut short (possibly truncated by a fixed field width). Check against the "
     "residence card."),
    ("NAME_ALPHA_TRANSLITERATION", "name", R,
     "アルファベット氏名のつづり方（ローマ字の長音 OH/OU/O、ÜとUE、MOHAMMED と MUHAMMAD など）だけが異なります。在留カードと照合してください。",
     "The alphabet names differ only in romanization (OH/OU/O for a long vowel, Ü/UE, MOHAMMED/MUHAMMAD ...). Check "
     "against the residence card."),
    ("NAME_PARTS_ORDER", "name", R,
     "氏名の姓と名の順序が逆に書かれています。同じ人か確認してください。",
     "The surname and given name are written in the other order. Check that it is the same person."),
    ("NAME_GAIJI", "name", R,
     "外字（私用領域の文字や〓）を含むため機械で比較できません。目視で確認してください。",
     "The name holds a character outside the standard set (vendor 外字 or 〓); it cannot be compared "
     "by machine. Check visually."),
    ("NAME_INVALID_CHARACTERS", "name", R,
     "氏名に名前に使われない文字（数字・記号・制御文字など）が含まれています。入力内容を確認してください。",
     "The name contains characters that do not belong in a name (digits, symbols, control characters). "
     "Check the entry."),
    ("NAME_ALPHA_MIDDLE_NAME", "name", R,
     "アルファベット氏名のミドルネーム等の一部が一方にしかありません。在留カードと照合してください。",
     "A part of the alphabet name (e.g. a middle name) is on one side only. Check against the residence card."),
    ("NAME_ALPHA_SUFFIX", "name", R,
     "アルファベット氏名の一方に JR・III などの接尾辞が付いています。在留カードと照合してください。",
     "One alphabet name carries a suffix (JR, III ...). Check against the residence card."),
    ("NAME_SCRIPT_DIFFERS", "name", R,
     "一方がアルファベットまたはカナだけ、他方が漢字の氏名のため比較できません。通称や在留カード・住民票で確認してください。",
     "One name is in the alphabet or in kana only and the other in kanji; they cannot be compared. "
     "Check the alias (通称), the residence card or the resident register."),
    ("NAME_KANA_SCRIPT", "name", R,
     "氏名のひらがなとカタカナが異なります。戸籍・住民票の表記を確認してください。",
     "The names differ between hiragana and katakana. Check the writing in the resident register."),
)
