"""Blocking keys: the normalized values that put rows into groups.

Duplicate checks never compare every row with every other row; they group
rows by a key and look only inside a group.  Two keys are used:

- the *number key*: the compact My Number (spaces, hyphens, width removed);
- the *person key*: normalized name + birth date + address.

The normalizers are the field modules' own (``fields.name.normalize_name``,
``fields.birthdate.parse_date``, ``fields.address.parse_address(...).key``),
so a key groups exactly the writings the comparison treats as equal.  A
value they reject falls back to NFKC with white space removed: it still
groups with identical writings, never with different ones.

>>> person_key({"name": "髙橋　一郎", "birth_date": "1970-03-12", "address": "長野市鶴賀緑町1613"}) == \\
...     person_key({"name": "髙橋 一郎", "birth_date": "1970-03-12", "address": "長野市鶴賀緑町１６１３"})
True
>>> person_key({"name": "髙橋 一郎", "birth_date": "", "address": "長野市"}) is None
True
>>> number_key("1234-5678-9018") == number_key("123456789018")
True
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import DataUnavailable
from ..fields.address import parse_address
from ..fields.base import MAX_FIELD_LENGTH, is_blank
from ..fields.birthdate import BirthDate, _today, parse_date
from ..fields.name import normalize_name, normalize_name_with
from ..memo import memo_per_mode
from ..mynumber import compact, spreadsheet_damage
from ..record import Record
from ..text.translit import get_backend
from ..text.unicode import clean

__all__ = ["normalize", "person_key", "number_key", "digest", "PERSON_FIELDS"]

#: The fields that identify one person for the "one person, two numbers" check.
PERSON_FIELDS: tuple[str, ...] = ("name", "birth_date", "address")

Normalizer = Callable[[str], str]


def _fallback(value: str) -> str:
    return clean(value).replace(" ", "")


def _date_text(parsed: BirthDate) -> str:
    year, month, day = parsed.year, parsed.month, parsed.day
    if year is None and month is None and day is None:
        return str(parsed)
    return f"{'?' if year is None else year}-{'?' if month is None else month}-{'?' if day is None else day}"


def _address_key(value: str) -> str:
    return parse_address(value).key


_NORMALIZERS: dict[str, Normalizer] = {
    "name": normalize_name,
    "address": _address_key,
}


def normalize(field: str, value: object) -> str | None:
    """The blocking form of one value; None when blank or unusable as a key.

    A value the field's normalizer rejects falls back to NFKC text: it still
    groups with identical writings, never with different ones.
    """
    if type(value) is str:  # the common case: skip is_blank's and str()'s type checks
        if field == "name":
            return _name_key[get_backend()](value)
        if field == "birth_date":
            return _date_key[_today()](value)
        return _normalize_text(field, value)
    if is_blank(value):
        return None
    return _normalize_text(field, str(value))


def _normalize_text(field: str, text: str, today: datetime.date | None = None,
                    backend: str | None = None) -> str | None:
    if not text.strip():
        return None
    if len(text) > MAX_FIELD_LENGTH:
        return None  # a hostile cell is no identity
    try:
        if field == "birth_date":
            out = _date_text(parse_date(text, today=today))
        elif field == "name":
            out = normalize_name_with(text, get_backend() if backend is None else backend)
        else:
            out = _NORMALIZERS[field](text)
    except DataUnavailable:
        raise  # a table missing is a broken installation, not a value to fall back from
    except Exception:  # a rejected value (or a normalizer's bug) must not stop a batch: fall back
        out = _fallback(text)
    # Keys compare without spaces: 髙橋 一郎 and 髙橋一郎 are one writing.
    out = out.replace(" ", "").replace("\u3000", "")
    return out or None


# Cached: names and birth dates repeat across a file (addresses mostly don't).
# Keyed by the mode each depends on: an alphabet name on the transliteration
# backend, a two-digit year and "future" on the reference day.
@memo_per_mode(maxsize=65536)
def _name_key(text: str, backend: str) -> str | None:
    return _normalize_text("name", text, backend=backend)


@memo_per_mode(maxsize=65536)
def _date_key(text: str, today: datetime.date) -> str | None:
    return _normalize_text("birth_date", text, today)


def person_key(row: Mapping[str, Any] | Record) -> bytes | None:
    """A 64-bit digest of (name, birth date, address); None if any is unknown.

    A digest keeps the index small (8 bytes a row) and never holds a name.
    """
    if type(row) is Record:
        name, born, address = row.name, row.birth_date, row.address
    else:
        name, born, address = row.get("name"), row.get("birth_date"), row.get("address")
    if type(name) is str and type(born) is str and type(address) is str:
        return _texts_key(name, born, address)
    return _general_key(row)


def _texts_key(name: str, born: str, address: str) -> bytes | None:
    """person_key of three texts (every row of a file): each straight to its memo, no loop over the fields."""
    part = _name_key[get_backend()](name)
    if part is None:
        return None
    born_part = _date_key[_today()](born)
    if born_part is None:
        return None
    place = _address_part(address)
    if place is None:
        return None
    return hashlib.blake2b(f"{part}\x1f{born_part}\x1f{place}".encode("utf-8", "surrogatepass"),
                           digest_size=8).digest()


def _address_part(text: str) -> str | None:
    """``_normalize_text("address", text)`` without its dispatch (addresses rarely repeat: no memo)."""
    if len(text) > MAX_FIELD_LENGTH or not text.strip():
        return None  # blank, or a hostile cell: no identity
    try:
        out = parse_address(text).key
    except DataUnavailable:
        raise
    except Exception:
        out = _fallback(text)
    return out.replace(" ", "").replace("\u3000", "") or None


def _general_key(row: Mapping[str, Any] | Record) -> bytes | None:
    """person_key of any row: each field by :func:`normalize`."""
    parts = []
    for field in PERSON_FIELDS:
        part = normalize(field, row.get(field))
        if part is None:
            return None
        parts.append(part)
    # surrogatepass: a lone surrogate (in a record given in memory) is part of the key, never a crash.
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=8).digest()


def number_key(value: object) -> str | None:
    """The compact My Number used to join and to group; None when blank, or changed by a spreadsheet.

    A number a spreadsheet turned into ``6.34127E+11`` or stripped of its
    leading zeros (:func:`~mynacheck.mynumber.spreadsheet_damage`) is no key:
    many people's numbers share ``6.34127E+11``, and must not look like one.
    """
    if type(value) is str and len(value) == 12 and value.isascii() and value.isdigit():
        return value  # the common case, already compact (runs twice per row)
    if is_blank(value):
        return None
    text = str(value)
    if len(text) > MAX_FIELD_LENGTH:
        text = text[:MAX_FIELD_LENGTH]
    if spreadsheet_damage(value) is not None:
        return None
    return compact(text) or None


def digest(key: str | bytes | None) -> int:
    """A key as a signed 64-bit int for compact arrays; 0 stands for None.

    A compact My Number (twelve ASCII digits) is its own negative value, so two
    numbers never share a digest; any other key is hashed into the positive range.

    >>> digest(None), digest("123456789018"), digest(b"ab") > 0, digest("12-34") > 0
    (0, -123456789019, True, True)
    """
    if key is None:
        return 0
    if type(key) is str and len(key) == 12 and key.isascii() and key.isdigit():
        return -int(key) - 1
    data = key if isinstance(key, bytes) else hashlib.blake2b(key.encode("utf-8", "surrogatepass"),
                                                              digest_size=8).digest()
    return (int.from_bytes(data[:8], "little") >> 1) or 1
