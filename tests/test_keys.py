"""reconcile.keys: the blocking keys of duplicate checks, their fast paths and their modes."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from mynacheck.fields.base import is_blank
from mynacheck.mynumber import compact, spreadsheet_damage
from mynacheck.reconcile import keys
from mynacheck.record import Record


class _Cell(str):
    """A str subclass: keys take their general path for it."""


key_text = st.none() | st.text(alphabet="0123456789０１ -", max_size=14) | st.text(max_size=14) | st.integers()


@given(key_text)
def test_number_key_fast_path_equals_general(value: object) -> None:
    # A number a spreadsheet changed (6.34127E+11, lost leading zeros) is no key: it groups with nothing.
    general = None if is_blank(value) or spreadsheet_damage(value) else (compact(str(value)[:400]) or None)
    assert keys.number_key(value) == general


@given(st.sampled_from(["name", "birth_date", "address"]), st.text(max_size=12))
def test_normalize_of_plain_text_equals_the_general_path(field: str, value: str) -> None:
    assert keys.normalize(field, value) == keys.normalize(field, _Cell(value))


@given(st.sampled_from(["髙橋 一郎", "高橋　一郎", "", " ", "李 明", "x" * 401]),
       st.sampled_from(["1970-03-12", "S45.3.12", "昭和45年3月12日", "", "不詳", "99.1.1", "2099-01-01"]),
       st.sampled_from(["長野県長野市鶴賀緑町1613", "長野市鶴賀緑町１６１３", "", "どこか", "東京都江東区豊洲2-1-2 ハイツ101"]))
def test_person_key_of_plain_str_cells_equals_the_general_path(name: str, birth: str, address: str) -> None:
    fast = keys.person_key({"name": name, "birth_date": birth, "address": address})
    general = keys.person_key({"name": _Cell(name), "birth_date": _Cell(birth), "address": _Cell(address)})
    assert fast == general
    assert (fast is None) == any(keys.normalize(f, v) is None for f, v in
                                 (("name", name), ("birth_date", birth), ("address", address)))


person_text = st.text(max_size=16) | st.sampled_from(["髙橋 一郎", "S45.3.12", "1970-03-12", "長野市鶴賀緑町１６１３",
                                                      "東京都江東区豊洲2-1-2 ハイツ101", " ", "\u3000", "x" * 401])


@given(person_text, person_text, person_text)
def test_person_key_of_a_record_equals_each_field_normalized(name: str, birth: str, address: str) -> None:
    # A file's rows are Records: their key takes the three-text fast path, checked here against the
    # public normalize() of each field, joined and hashed as the key is defined.
    record = Record(name=name, birth_date=birth, address=address)
    parts = [keys.normalize(f, record.get(f)) for f in keys.PERSON_FIELDS]
    expected = None if None in parts else hashlib.blake2b(
        "\x1f".join(p for p in parts if p is not None).encode("utf-8", "surrogatepass"), digest_size=8).digest()
    assert keys.person_key(record) == expected
    assert keys.person_key({"name": _Cell(name), "birth_date": _Cell(birth), "address": _Cell(address)}) == expected
