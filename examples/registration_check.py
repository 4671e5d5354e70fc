"""Registration-time check: compare what the clerk typed with what 住基ネット returned.

Run:  python examples/registration_check.py

A vendor's registration screen would call ``check_before_saving`` and refuse to
store the number on MISMATCH, and ask for a second confirmer on REVIEW.  When the
query by the four basic items returns several people (or none), ``choose_person``
links only when exactly one of them agrees (``mc.resolve``).
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


def choose_person(application: dict[str, str], found: list[dict[str, str]]) -> dict[str, str] | None:
    """The person to link among those a query returned, or None (then a clerk decides, with the person)."""
    resolution = mc.resolve(application, found)
    print(resolution.explain("ja"))
    return found[resolution.index] if resolution.index is not None else None


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

    # The query by the four items returned the person and a namesake born another year.
    application = {k: v for k, v in typed_same_person.items() if k != "my_number"}
    namesake = dict(register, my_number="621498320257", birth_date="1958-11-02", address="長野県松本市大手1-1-1")
    assert choose_person(application, [namesake, register]) is register
    # Two people agree (the register holds the person twice, or twins of one name): never a pick.
    assert choose_person(application, [register, dict(register, my_number="634127023092")]) is None


if __name__ == "__main__":
    main()
