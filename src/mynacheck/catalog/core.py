"""Reasons of the record, the My Number, sex, and the cross-field rules."""

from __future__ import annotations

from ..verdicts import Verdict

M, R, X = Verdict.MATCH, Verdict.REVIEW, Verdict.MISMATCH

REASONS: tuple[tuple[str, str, Verdict, str, str], ...] = (
    # --- My Number -----------------------------------------------------------
    ("MYNUMBER_DIFFERENT", "my_number", X,
     "個人番号が異なります。紐付け誤りの疑いがあります。本人に確認してください。",
     "The My Numbers differ: suspected mislinkage. Confirm with the person."),
    ("MYNUMBER_BAD_CHECKSUM", "my_number", X,
     "個人番号のチェックデジットが不正です。転記誤りの疑いがあります。申請書の原本を確認してください。",
     "The My Number fails its check digit: likely a transcription error. Check the original application."),
    ("MYNUMBER_BAD_LENGTH", "my_number", X,
     "個人番号の桁数が12桁ではありません。申請書の原本を確認してください。",
     "The My Number does not have 12 digits. Check the original application."),
    ("MYNUMBER_BAD_FORMAT", "my_number", X,
     "個人番号に数字以外の文字が含まれています。申請書の原本を確認してください。",
     "The My Number contains characters other than digits. Check the original application."),
    ("MYNUMBER_IMPLAUSIBLE", "my_number", X,
     "個人番号が明らかに不自然です（全桁同一の数字など）。仮の値が登録されていないか確認してください。",
     "The My Number is implausible (e.g. all digits the same); check it is not a placeholder."),
    ("MYNUMBER_SPREADSHEET_NUMBER", "my_number", X,
     "個人番号が表計算ソフト（Excel等）で数値に変換されています（6.34127E+11 のような指数表記や、末尾の .0）。"
     "桁が失われているため照合できません。転記誤りではありません。業務システムから出力し直し、表計算ソフトで開かずに照合してください。",
     "A spreadsheet (Excel) turned the My Number into a numeric value (exponent notation such as 6.34127E+11, or a "
     "trailing .0); digits are lost, so it cannot be compared. This is not a transcription error: export the data "
     "again from the business system and check it without opening it in a spreadsheet."),
    ("MYNUMBER_SPREADSHEET_ZEROS", "my_number", X,
     "個人番号の先頭の0が失われています（12桁未満で、先頭に0を補うと正しい番号になります）。表計算ソフト（Excel等）で"
     "数値として扱われた可能性があります。業務システムから出力し直し、表計算ソフトで開かずに照合してください。",
     "The My Number has lost its leading zeros (fewer than 12 digits, and zeros in front make a valid number): a "
     "spreadsheet (Excel) probably treated it as a numeric value. Export the data again from the business system "
     "and check it without opening it in a spreadsheet."),
    ("MYNUMBER_INVALID", "my_number", X,
     "個人番号が不正です。申請書の原本を確認してください。",
     "The My Number is invalid. Check the original application."),
    ("MYNUMBER_MISSING", "my_number", R,
     "一方の個人番号が空欄です。登録状況を確認してください。",
     "The My Number is missing on one side. Check the registration."),
    ("MYNUMBER_ABSENT", "my_number", M,
     "個人番号は両方とも空欄のため照合していません。",
     "No My Number on either side; not compared."),
    ("MYNUMBER_FORMAT_FOLD", "my_number", M,
     "個人番号の表記（全角・空白・ハイフン）の違いは無視しました。",
     "The My Numbers differ only in notation (width, spaces, hyphens)."),
    # --- Sex -----------------------------------------------------------------
    ("SEX_DIFFERENT", "sex", R,
     "性別が異なります。入力誤りか別人か、目視で確認してください。",
     "Sex differs: input error or another person? Check visually."),
    ("SEX_UNRECOGNISED", "sex", R,
     "性別の値を解釈できません。値を確認してください。",
     "The sex value is not recognised. Check the value."),
    ("SEX_UNKNOWN_CODE", "sex", R,
     "性別が「不明」または「適用不能」（0/9）と記録されています。目視で確認してください。",
     "Sex is recorded as unknown or not applicable (0/9). Check visually."),
    ("SEX_MISSING", "sex", R,
     "一方の性別が空欄です。目視で確認してください。",
     "Sex is missing on one side. Check visually."),
    ("SEX_ABSENT", "sex", R,
     "性別が両方とも空欄のため確認できません。",
     "Sex is missing on both sides; it could not be confirmed."),
    ("SEX_CODE_FOLD", "sex", M,
     "性別の表記（コード・漢字・英字）の違いは同じ値として扱いました。",
     "Sex written in different notations (code, kanji, letter) was treated as equal."),
    # --- Record --------------------------------------------------------------
    ("RECORD_FIELD_TOO_LONG", "record", R,
     "項目の値が長すぎるため照合できません。データを確認してください。",
     "A field value is too long to compare. Check the data."),
    ("RECORD_CONTROL_CHARS", "record", R,
     "業務データか住基データの項目に制御文字（NULなど、表示できない文字）が含まれています。元のデータを確認してください"
     "（帳票では制御文字を「\ufffd」で示しています）。",
     "A field of the business or the register record contains control characters (NUL and others that cannot be "
     "shown). Check the source data (the report shows each control character as \ufffd)."),
    ("RECORD_INVISIBLE_FOLDED", "record", M,
     "画面に見えない文字（改行・タブ・制御文字・ゼロ幅文字・BOMなど、データの受け渡しで紛れ込んだもの）を取り除いて比較しました。",
     "Invisible characters (line breaks, tabs, control characters, zero-width characters, a BOM: debris of the data "
     "transfer) were removed before comparing."),
    ("RECORD_VALUE_INVALID", "record", R,
     "項目の値を解釈できません。値を確認してください。",
     "A field value cannot be interpreted. Check the value."),
    ("RECORD_INVALID", "record", R,
     "レコードの形式が不正です（項目の型など）。データを確認してください。",
     "The record is malformed (a field of an unsupported type). Check the data."),
    ("RECORD_NOT_IN_REGISTER", "record", X,
     "この個人番号は住基データにありません。番号の誤りか、住基データの抽出漏れの可能性があります。",
     "This My Number is not in the register extract: a wrong number, or missing from the extract."),
    ("RECORD_DUPLICATE_NUMBER", "record", X,
     "同じ個人番号が別人と思われる複数の行に登録されています。",
     "The same My Number is registered on several rows that look like different people."),
    ("RECORD_PERSON_MULTIPLE_NUMBERS", "record", X,
     "同一人物と思われる行に異なる個人番号が登録されています。",
     "One person (same name, birth date and address) holds different My Numbers."),
    ("RECORD_REQUIRED_NOT_CONFIRMED", "record", R,
     "照合に必要な項目が確認できませんでした（空欄など）。目視で確認してください。",
     "A required item could not be confirmed (missing). Check visually."),
    # --- Cross-field rules ---------------------------------------------------
    ("XF_FAMILY_MEMBER", "cross", X,
     "世帯員の個人番号の疑いがあります（姓と住所が同じで、名または生年月日が異なる）。本人に確認してください。",
     "Suspected family member's number: same surname and address, another given name or birth date. "
     "Confirm with the person."),
    ("XF_SAME_NAME_OTHER_PERSON", "cross", X,
     "同姓同名の別人の疑いがあります（氏名は同じで生年月日が異なる）。本人に確認してください。",
     "Same name, different person suspected: the name agrees, the birth date differs. Confirm with the person."),
    ("XF_SURNAME_CHANGED", "cross", R,
     "姓のみが異なります（名・生年月日・性別は一致）。婚姻等による氏の変更・旧氏の可能性があります。目視で確認してください。",
     "Only the surname differs (given name, birth date and sex agree): marriage or former surname? Check visually."),
    ("XF_MOVED", "cross", R,
     "氏名と生年月日は一致しますが住所が異なります。転居の可能性があります。目視で確認してください。",
     "Name and birth date agree but the address differs: moved? Check visually."),
    ("XF_IDENTITY_DIFFERENT", "cross", X,
     "氏名と生年月日がいずれも異なります。別人の番号が紐付いている疑いがあります。本人に確認してください。",
     "Both the name and the birth date differ: another person's number is suspected. Confirm with the person."),
    ("XF_NAME_DIFFERENT", "cross", X,
     "生年月日は一致しますが氏名が異なります。別人の疑いがあります。本人に確認してください。",
     "The birth date agrees but the name differs: another person suspected. Confirm with the person."),
    ("XF_BIRTH_DATE_DIFFERENT", "cross", X,
     "氏名は一致しますが生年月日が異なります。別人の疑いがあります。本人に確認してください。",
     "The name agrees but the birth date differs: another person suspected. Confirm with the person."),
)
