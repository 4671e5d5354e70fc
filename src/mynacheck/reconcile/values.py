"""What a flagged report row shows of its two records, and the digest that recognises the row in a later run.

For each item both sides are shown as written and as normalized (what the
comparison reads: :func:`~mynacheck.normalize_name`, the 西暦 of a birth date,
:meth:`~mynacheck.Address.render`, the ISO 5218 code of a sex …), birth dates in
和暦 too, the aliases (通称・旧氏・併記名) as written, and the register row's status
(住民状態: 死亡, 転出 … and its date) as written.  Every cell is cut at 120
characters, shows a control character as U+FFFD and has any My Number in it
masked (:func:`mynacheck.mynumber.redact`) unless the caller reveals numbers;
the number itself is masked to its last four digits.

Only flagged rows carry these cells (a matched row's are empty): a million-row
worksheet stays small and fast, and a clerk works on the flagged rows.

The **row digest** (``digest`` column) recognises a row when the check runs
again: the next run carries reviewers' entries over to the row whose id and
digest are the same (:mod:`.worksheet`).  It is the SHA-256 of the row's id, its
masked number and both records' values as written, each as the worksheet shows
them with numbers masked (whatever ``reveal_numbers`` says): 64 bits of it,
written in 14 letters (so a spreadsheet never takes it for a number).  It is made of nothing the worksheet does not show beside it, so it
gives nothing away: in particular no full My Number can be recovered from it
(a plain hash over the full number and the row's values could be, by trying
the 10^8 numbers that end in the four digits shown).  The price: two numbers
that end in the same four digits, on a row whose other values are all the same
and that the register holds neither of, have the same digest.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from ..fields.address import parse_address
from ..fields.birthdate import parse_date
from ..fields.kana import normalize_kana
from ..fields.name import normalize_name
from ..fields.sex import Sex, parse_sex
from ..mynumber import compact, mask, redact
from ..record import FIELDS, Record, cell_text
from ..rules.fingerprint import in_letters

__all__ = ["VALUE_COLUMNS", "WRITTEN_COLUMNS", "SHOWN_LENGTH", "row_values", "row_digest", "shown_value", "shown",
           "has_control", "safe_text", "display_number"]

#: The longest value a cell shows; a longer one is cut, with its length after it.
SHOWN_LENGTH = 120

_SIDES = ("business", "register")

#: The value cells of a report row, in column order: per item, both sides as written, then as
#: normalized; birth dates in 和暦 after them; the aliases as written; last the register row's status
#: and its date as written (only the register's status is read: a business record's is not shown).
VALUE_COLUMNS: tuple[str, ...] = (
    *(column for field in FIELDS for column in (
        f"business_{field}", f"register_{field}", f"business_{field}_normalized", f"register_{field}_normalized",
        *((f"business_{field}_wareki", f"register_{field}_wareki") if field == "birth_date" else ()))),
    "business_aliases", "register_aliases", "register_status", "register_status_date",
)

#: The value cells as written (what the row digest covers), in column order.
WRITTEN_COLUMNS: tuple[str, ...] = tuple(c for c in VALUE_COLUMNS if c.startswith(_SIDES) and
                                         not c.endswith(("_normalized", "_wareki")))
_AT = {column: i for i, column in enumerate(VALUE_COLUMNS)}
_WRITTEN_AT = tuple(_AT[c] for c in WRITTEN_COLUMNS)

_SEX_JA = {Sex.MALE: "男", Sex.FEMALE: "女", Sex.UNKNOWN: "不明", Sex.NOT_APPLICABLE: "適用不能"}

_T = TypeVar("_T")

# Control characters no export should hold (tab and line breaks aside: CSV carries them in a cell) ...
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# ... and, never to reach a report, those and lone surrogates (not text at all).
_UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def has_control(values: Iterable[object]) -> bool:
    r"""True when a value (or an alias in a tuple) holds a control character.

    >>> has_control(["髙橋 一郎", "\u3000", "a\tb"]), has_control(["a", ("b", "c\x00")])
    (False, True)
    """
    for value in values:
        if type(value) is str:
            # isprintable() (C speed) clears almost every value; the search runs for the rest.
            if not value.isprintable() and _CONTROL.search(value):
                return True
        elif isinstance(value, tuple | list) and has_control(value):
            return True
    return False


def shown(value: _T) -> _T:
    r"""A raw value as a report may show it: control characters and lone surrogates become U+FFFD.

    >>> shown("A\x00B\ud800"), shown("髙橋 一郎"), shown(None)
    ('A\ufffdB\ufffd', '髙橋 一郎', None)
    """
    if isinstance(value, str) and not value.isprintable() and _UNSHOWABLE.search(value):
        return type(value)(_UNSHOWABLE.sub("\ufffd", value))
    return value


def _s(value: object) -> str:
    return "" if value is None else str(value)


def safe_text(value: object, reveal: bool) -> str:
    """A value as text with every My Number in it masked (:func:`~mynacheck.mynumber.redact`), unless ``reveal``."""
    # Some systems use the My Number itself as the record id, or write it into
    # one (MN634127023092, 634127023092-01): never print a number whole.
    text = _s(value)
    if reveal or (len(text) < 12 and text.isascii()):
        return text  # redact()'s own first test, here to save two calls on every row
    return redact(text)


def display_number(value: object, reveal: bool) -> str:
    """A My Number cell: masked to its last four digits whatever it holds, unless ``reveal``.

    >>> display_number("123456789018", False), display_number(" 1234 5678 9018", False)
    ('********9018', '********9018')
    """
    text = _s(value)
    if not reveal and len(text) == 12 and text.isdigit() and text.isascii():
        return "********" + text[-4:]  # mask() of a plain number, the common case
    if not text.strip():
        return ""
    return text.strip() if reveal else mask(text[:64])


def shown_value(value: object, reveal_numbers: bool = False) -> str:
    r"""A value as a cell shows it: text, control characters and lone surrogates as U+FFFD, numbers
    masked unless revealed, cut at :data:`SHOWN_LENGTH` characters with the full length after it.

    >>> shown_value("MN634127023092"), shown_value("a\x00b"), shown_value(None)
    ('MN********3092', 'a\ufffdb', '')
    >>> shown_value("x" * 130)[-11:]
    'xxx…（130文字）'
    """
    if value is None:
        return ""
    if isinstance(value, tuple | list):
        text = ";".join(str(v) for v in value)
    else:
        text = value if isinstance(value, str) else str(value)
    if not text.strip():
        return ""  # white space alone is no value: unknown, as a record reads it
    text = shown(text)
    if not reveal_numbers:
        text = redact(text)  # before the cut: a cut must not leave a number's first digits unmasked
    return text if len(text) <= SHOWN_LENGTH else text[:SHOWN_LENGTH] + f"…（{len(text)}文字）"


def _number(value: object, reveal: bool) -> tuple[str, str]:
    """A My Number as written and as compacted, each masked unless ``reveal``."""
    written = display_number(shown(value), reveal)
    if not written:
        return "", ""
    digits = compact(_s(value)[:64])
    return written[:SHOWN_LENGTH], (digits[:SHOWN_LENGTH] if reveal else mask(digits))


def _name(text: str) -> str:
    return normalize_name(text)


def _date(text: str) -> str:
    return parse_date(text).isoformat()


def _wareki(text: str) -> str:
    return parse_date(text).to_wareki()


def _address(text: str) -> str:
    return parse_address(text).render()


def _sex(text: str) -> str:
    sex = parse_sex(text)
    return f"{sex.value}（{_SEX_JA.get(sex, sex.name)}）"


_NORMALIZERS: dict[str, Callable[[str], str]] = {
    "name": _name, "kana": normalize_kana, "birth_date": _date, "address": _address, "sex": _sex,
}


def _normalized(field: str, value: object) -> str:
    """The value as the comparison reads it, or empty when it cannot be read (the reasons say why)."""
    if not isinstance(value, str) or not value.strip() or len(value) > 400:
        return ""
    try:
        return _NORMALIZERS[field](value)
    except Exception:  # an unreadable value: its reason code is in the row already
        return ""


def _get(record: Record | Mapping[str, Any] | None, key: str) -> Any:
    if record is None:
        return None
    # A Record first: the Mapping test is an ABC check, and a batch's records are all Records.
    value = getattr(record, key, None) if type(record) is Record or not isinstance(record, Mapping) \
        else record.get(key)
    # A date or a number given in memory (a DataFrame's Timestamp) as the comparison read it: 1970-03-12.
    return value if type(value) is str or value is None else cell_text(value)


def row_values(business: Record | Mapping[str, Any], register: Record | Mapping[str, Any] | None,
               reveal_numbers: bool = False) -> tuple[str, ...]:
    """The value cells of a row (:data:`VALUE_COLUMNS` order): its business record and its register record
    (None when the register has none).

    >>> cells = dict(zip(VALUE_COLUMNS, row_values({"birth_date": "S45.3.12", "name": "髙橋　一郎"}, None)))
    >>> cells["business_birth_date_normalized"], cells["business_birth_date_wareki"], cells["register_name"]
    ('1970-03-12', '昭和45年3月12日', '')
    >>> cells["business_name"], cells["business_name_normalized"]
    ('髙橋\\u3000一郎', '高橋 一郎')
    """
    cells = [""] * len(VALUE_COLUMNS)
    for places, record in zip(_PLACES, (business, register), strict=True):
        if record is None:
            continue
        for field, written_at, normalized_at, wareki_at in places:
            raw = _get(record, field)
            if field == "my_number":
                written, normalized = _number(raw, reveal_numbers)
            else:
                written = shown_value(raw, reveal_numbers)
                normalized = shown_value(_normalized(field, raw), reveal_numbers)
            cells[written_at] = written
            cells[normalized_at] = normalized
            if wareki_at >= 0:
                cells[wareki_at] = shown_value(_wareki_of(raw), reveal_numbers)
    for side, record in zip(_SIDES, (business, register), strict=True):
        if record is not None:
            cells[_AT[f"{side}_aliases"]] = shown_value(_get(record, "aliases") or None, reveal_numbers)
    if register is not None:
        cells[_AT["register_status"]] = shown_value(_get(register, "status"), reveal_numbers)
        cells[_AT["register_status_date"]] = shown_value(_get(register, "status_date"), reveal_numbers)
    return tuple(cells)


# Per side, per item: (field, where its cell as written goes, as normalized, in 和暦 (-1: none)), once, not per row.
_PLACES: tuple[tuple[tuple[str, int, int, int], ...], ...] = tuple(
    tuple((field, _AT[f"{side}_{field}"], _AT[f"{side}_{field}_normalized"], _AT.get(f"{side}_{field}_wareki", -1))
          for field in FIELDS)
    for side in _SIDES)


def _wareki_of(value: object) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 400:
        return ""
    try:
        return _wareki(value)
    except Exception:
        return ""


def row_digest(ident: str, number: str, values: Sequence[str]) -> str:
    """The row digest of a row's id, number and value cells (:data:`VALUE_COLUMNS`), each as a run that
    does not reveal numbers shows it: 64 bits of their SHA-256, in 14 letters.

    Letters only: a spreadsheet never reads it as a number when the worksheet is
    saved again, and it can never look like a My Number.  Every part is masked
    once more (:func:`~mynacheck.mynumber.redact`) all the same.

    >>> row_digest("A1", "********9018", [""] * len(VALUE_COLUMNS))
    'fwldydfiscgurr'
    """
    parts = [redact(ident), redact(number), *(redact(values[i]) for i in _WRITTEN_AT)]
    return in_letters(hashlib.sha256(_json_list(parts).encode("utf-8")).digest())


def _json_list(texts: Iterable[str]) -> str:
    """``json.dumps(texts, ensure_ascii=False, separators=(",", ":"))`` for a list of str, without a new
    encoder per call: the same C string encoder json.dumps uses (the digest's bytes must never change)."""
    return "[" + ",".join(map(_json_string, texts)) + "]"


_json_string: Callable[[str], str] = json.encoder.encode_basestring
