"""Registration-time check: compare what the clerk typed with what 住基ネット returned.

Run:  python examples/registration_check.py

A vendor's registration screen would call ``check_before_saving`` and refuse to
store the number on MISMATCH, and ask for a second confirmer on REVIEW.
"""

from __future__ import annotations

import mynacheck as mc


def check_before_saving(entered: dict[str, str], from_register: dict[str, str]) -> tuple[bool, str]:
    """Return (may_save, message for the clerk)."""
    result = mc.compare(entered, from_register)
    if result.verdict is mc.Verdict.MATCH:
        return True, "一致: 登録できます。"
    if result.verdict is mc.Verdict.REVIEW:
        return False, "要確認: 2人目の確認者が目視で確認してください。\n" + result.explain("ja")
    return False, "不一致: 紐付け誤りの疑いがあります。本人に確認してください。\n" + result.explain("ja")


def main() -> None:
    register = {"my_number": "123456789018", "name": "渡辺 京子", "kana": "ワタナベ キョウコ",
                "birth_date": "1970-03-12", "sex": "2", "address": "長野県長野市鶴賀緑町1613"}
    typed_same_person = {"my_number": "1234-5678-9018", "name": "渡邊　京子", "kana": "ﾜﾀﾅﾍﾞ ｷﾖｳｺ",
                         "birth_date": "昭和45年3月12日", "sex": "女", "address": "長野市鶴賀緑町1613番地"}
    typed_family_number = dict(register, name="渡辺 一郎", kana="ワタナベ イチロウ", birth_date="1968-07-01", sex="1")

    ok, message = check_before_saving(typed_same_person, register)
    print(message)
    assert ok, "the same person written another way must be accepted"

    ok, message = check_before_saving(typed_family_number, register)
    print(message)
    assert not ok and "XF_FAMILY_MEMBER" in message


if __name__ == "__main__":
    main()
