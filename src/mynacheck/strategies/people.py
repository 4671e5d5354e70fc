"""People: records, their renderings, and plausible mislinkages."""

from __future__ import annotations

import datetime
import unicodedata

import attrs
from hypothesis import strategies as st

from ..record import Record
from .numbers import mistyped_numbers, my_numbers

__all__ = ["MISLINKAGE_KINDS", "mislinkages", "records", "renderings"]

# (kanji, kana) pools; the names issue replaces these with frequency lists.
_SURNAMES = (("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"), ("伊藤", "イトウ"),
             ("渡辺", "ワタナベ"), ("山本", "ヤマモト"), ("中村", "ナカムラ"), ("小林", "コバヤシ"), ("加藤", "カトウ"))
_GIVEN_MALE = (("一郎", "イチロウ"), ("大輔", "ダイスケ"), ("翔太", "ショウタ"), ("健", "ケン"), ("誠", "マコト"))
_GIVEN_FEMALE = (("花子", "ハナコ"), ("陽子", "ヨウコ"), ("美咲", "ミサキ"), ("恵", "メグミ"), ("京子", "キョウコ"))
_ADDRESSES = ("長野県長野市鶴賀緑町1613", "東京都千代田区霞が関2-1-2", "大阪府大阪市北区梅田1-3-1",
              "北海道札幌市中央区北1条西2丁目1", "長野県北佐久郡軽井沢町軽井沢1323-1")

MISLINKAGE_KINDS = ("family", "same_name", "swapped_number", "mistyped_valid", "mistyped_invalid")


def _iso(d: datetime.date) -> str:
    return d.isoformat()


@st.composite
def records(draw: st.DrawFn) -> Record:
    """Realistic people with a valid My Number, kanji and kana name, birth date, sex and address."""
    sex = draw(st.sampled_from(("1", "2")))
    surname = draw(st.sampled_from(_SURNAMES))
    given = draw(st.sampled_from(_GIVEN_MALE if sex == "1" else _GIVEN_FEMALE))
    born = draw(st.dates(datetime.date(1930, 1, 1), datetime.date(2020, 12, 31)))
    return Record(
        my_number=draw(my_numbers()),
        name=f"{surname[0]} {given[0]}",
        kana=f"{surname[1]} {given[1]}",
        birth_date=_iso(born),
        sex=sex,
        address=draw(st.sampled_from(_ADDRESSES)),
    )


def _wide(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@st.composite
def renderings(draw: st.DrawFn, rec: Record) -> Record:
    """The same person as another system might write them; always a ``match``."""
    name = rec.name or ""
    if draw(st.booleans()):
        name = name.replace(" ", "\u3000")
    kana = rec.kana or ""
    if draw(st.booleans()):
        kana = unicodedata.normalize("NFKC", kana)
    number = rec.my_number or ""
    if draw(st.booleans()):
        number = _wide(number)
    address = rec.address or ""
    if draw(st.booleans()):
        address = _wide(address)
    return attrs.evolve(rec, name=name, kana=kana, my_number=number, address=address)


_BORN = st.dates(datetime.date(1930, 1, 1), datetime.date(2020, 12, 31))


@st.composite
def mislinkages(draw: st.DrawFn, rec: Record, kinds: tuple[str, ...] = MISLINKAGE_KINDS) -> Record:
    """The register record that got linked to ``rec`` although it is someone else's.

    ``compare(rec, result)`` must never be ``match``.  The kinds
    (:data:`MISLINKAGE_KINDS`):

    - ``family``: a spouse, child, parent or twin: same surname and address,
      another given name or birth date, *carrying the linked number*;
    - ``same_name``: 同姓同名 — the same name with another birth date;
    - ``swapped_number``: another person's row carrying the linked number;
    - ``mistyped_valid``: the person's own row, but the number was mistyped
      into another number that still passes the check digit;
    - ``mistyped_invalid``: a mistyped number that fails the check digit.
    """
    kind = draw(st.sampled_from(kinds))
    number = rec.my_number or draw(my_numbers())
    if kind == "mistyped_valid":
        return attrs.evolve(rec, my_number=draw(mistyped_numbers(number, passes_check=True)))
    if kind == "mistyped_invalid":
        return attrs.evolve(rec, my_number=draw(mistyped_numbers(number, passes_check=False)))
    # Someone else: a stranger who happens to share name *and* birth date is
    # indistinguishable on paper, so it is not a mislinkage any check could see.
    other = attrs.evolve(
        draw(records().filter(lambda o: (o.name, o.birth_date) != (rec.name, rec.birth_date))), my_number=number
    )
    if kind == "swapped_number":
        return other
    if kind == "same_name":
        born = draw(_BORN.map(_iso).filter(lambda d: d != rec.birth_date))
        return attrs.evolve(other, name=rec.name, kana=rec.kana, birth_date=born)
    surname, _, given = (rec.name or "").partition(" ")
    kana_surname, _, _ = (rec.kana or "").partition(" ")
    relative_given, relative_kana = draw(st.sampled_from(_GIVEN_MALE + _GIVEN_FEMALE))
    if relative_given == given:
        # A parent or child with the same given name: another birth date.
        born = draw(_BORN.map(_iso).filter(lambda d: d != rec.birth_date))
    else:
        # A spouse, sibling or twin (the same birth date is allowed).
        born = draw(st.one_of(st.just(rec.birth_date or ""), _BORN.map(_iso)))
    return attrs.evolve(other, name=f"{surname} {relative_given}", kana=f"{kana_surname} {relative_kana}",
                        birth_date=born, address=rec.address)
