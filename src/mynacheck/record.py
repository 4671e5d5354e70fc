"""``Record``: one person as a business system or the register holds them.

A record's values come from CSV cells, from Python code, or from a DataFrame
(pandas, polars, pyarrow, numpy).  Each library writes "no value" its own way
(``None``, ``float('nan')``, ``pandas.NA``, ``pandas.NaT``, numpy's NaN and NaT,
a pyarrow null); all of them mean *unknown*, as an empty cell does.  Library
scalars (``numpy.int64``, a pyarrow scalar) are read as the Python value they
hold, and a number as the text it was: ``123456789018.0`` (a float column) is
``"123456789018"``.  A number that lost its leading zero is *not* padded back:
the comparison flags it (``MYNUMBER_SPREADSHEET_ZEROS``).
"""

from __future__ import annotations

import datetime
import decimal
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeAlias

import attrs

from .errors import InvalidRecord
from .mynumber import mask, redact

__all__ = ["Record", "RecordLike", "as_record", "record_of_texts", "plain_value", "plain_row", "cell_text", "is_missing",
           "FIELDS", "KEYS"]

#: The fields compared, in the order a clerk reads them.
FIELDS: tuple[str, ...] = ("my_number", "name", "kana", "birth_date", "address", "sex")

# The "no value" objects of pandas (NA, NaT), by type name: pandas is never imported here.
_PANDAS_MISSING = frozenset({"NAType", "NaTType"})


def is_missing(value: object) -> bool:
    """True for every library's "no value": None, NaN (float, numpy, Decimal), ``pandas.NA``, ``pandas.NaT``,
    numpy's NaT and a pyarrow null scalar.

    >>> is_missing(None), is_missing(float("nan")), is_missing(""), is_missing(0)
    (True, True, False, False)
    """
    return value is None or plain_value(value) is None


def plain_value(value: object) -> object:
    """A cell as plain Python: None for any library's missing value, text for a number, else the value.

    - None, NaN (float, numpy, Decimal), ``pandas.NA``, ``pandas.NaT``, numpy's NaT
      and pyarrow nulls → None;
    - numpy and pyarrow scalars → the Python value they hold (then as below);
    - ``str`` subclasses (``numpy.str_``) → ``str``;
    - an int, or a float or Decimal with no fractional part → its digits as text;
    - anything else (a date, a fraction, a list of aliases, a bool …) → unchanged:
      :class:`Record` reads it or says which field it cannot read.

    >>> plain_value(123456789018.0), plain_value(12345678903), plain_value(float("nan"))
    ('123456789018', '12345678903', None)
    """
    kind = type(value)
    if kind is str or value is None:
        return value
    module = kind.__module__
    if module != "builtins":
        if module.startswith("numpy"):
            if kind.__name__ == "datetime64":  # .item() of a nanosecond one is an int: go through microseconds
                value = value.astype("datetime64[us]")  # type: ignore[attr-defined]
            item = getattr(value, "item", None)  # a numpy scalar: the Python value it holds (NaT → None)
            if item is not None:
                value = item()
        elif module.startswith("pyarrow"):
            as_py = getattr(value, "as_py", None)  # a pyarrow scalar (a null → None)
            if as_py is not None:
                value = as_py()
        elif module.startswith("pandas") and kind.__name__ in _PANDAS_MISSING:
            return None
        if value is None:
            return None
        kind = type(value)
    if isinstance(value, str):
        return value if kind is str else str(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else value
    if isinstance(value, decimal.Decimal):
        if value.is_nan():
            return None
        return str(int(value)) if value.is_finite() and value == value.to_integral_value() else value
    return value


def plain_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row's record keys (:data:`KEYS`) with :func:`plain_value` applied; other keys left out.

    What the batch paths hand on, so that the comparison, the join key and the
    duplicate keys all see one value: a NaN is unknown everywhere, never the text ``"nan"``.

    >>> plain_row({"my_number": 123456789018, "kana": float("nan"), "other": 1})
    {'my_number': '123456789018', 'kana': None}
    """
    get = row.get
    out: dict[str, Any] = {}
    for key in KEYS:
        if key in row:
            value = get(key)
            out[key] = value if type(value) is str else _plain_cell(value)
    return out


def cell_text(value: object) -> object:
    """A cell as :class:`Record` reads it, for showing it: a date of any library (``datetime``,
    ``pandas.Timestamp``, numpy's ``datetime64``) as ``YYYY-MM-DD``, a whole number as its digits,
    any missing value as None; text and anything else unchanged.

    >>> import datetime
    >>> cell_text(datetime.datetime(1970, 3, 12)), cell_text(123456789018.0), cell_text(float("nan"))
    ('1970-03-12', '123456789018', None)
    """
    if type(value) is str or value is None:
        return value
    value = plain_value(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _plain_cell(value: object) -> object:
    # Aliases may come as a list or tuple (one per 通称/旧氏): each item plain, missing ones dropped.
    if isinstance(value, list | tuple):
        return tuple(v for v in map(plain_value, value) if v is not None)
    return plain_value(value)


def _text(value: object, field: str = "") -> str | None:
    """Normalise a raw cell: None, empty, white space and every missing value mean unknown."""
    if type(value) is str:  # the common case first: runs for every field of every record
        return value if value.strip() else None
    value = plain_value(value)
    if value is None or type(value) is str:
        return value if value is None or value.strip() else None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    where = f"{field}: " if field else ""
    if isinstance(value, bool):
        raise InvalidRecord(f"{where}a field value cannot be a boolean", reason="RECORD_INVALID")
    if isinstance(value, float | decimal.Decimal):
        raise InvalidRecord(f"{where}a number that is not a whole number is not a value of any field "
                            f"({type(value).__name__})", reason="RECORD_INVALID")
    raise InvalidRecord(f"{where}unsupported field type {type(value).__name__}", reason="RECORD_INVALID")


# The converter of each field: :func:`_text`, whose errors name the field (named functions, one per
# field, as attrs' type checking asks).
def _my_number_text(value: object) -> str | None:
    return (value if value.strip() else None) if type(value) is str else _text(value, "my_number")


def _name_text(value: object) -> str | None:
    return (value if value.strip() else None) if type(value) is str else _text(value, "name")


def _kana_text(value: object) -> str | None:
    return (value if value.strip() else None) if type(value) is str else _text(value, "kana")


def _birth_date_text(value: object) -> str | None:
    return (value if value.strip() else None) if type(value) is str else _text(value, "birth_date")


def _address_text(value: object) -> str | None:
    return (value if value.strip() else None) if type(value) is str else _text(value, "address")


def _sex_text(value: object) -> str | None:
    return (value if value.strip() else None) if type(value) is str else _text(value, "sex")


def _id_text(value: object) -> str | None:
    return (value if value.strip() else None) if type(value) is str else _text(value, "id")


def _aliases(value: object) -> tuple[str, ...]:
    if value is None or (type(value) is tuple and not value):
        return ()  # the common case (no aliases column), before the slower Iterable check
    if type(value) is not str and not isinstance(value, Iterable):
        value = plain_value(value)  # a missing value (NaN, pandas.NA …) of any library is no alias
        if value is None:
            return ()
    if isinstance(value, str):
        # A single cell may hold several aliases separated by ; or |.
        parts: Iterable[object] = value.replace("|", ";").split(";")
    elif isinstance(value, Iterable):
        parts = value
    else:
        raise InvalidRecord("aliases: must be a string or an iterable of strings", reason="RECORD_INVALID")
    out = []
    for part in parts:
        text = _text(part, "aliases")
        if text is not None:
            out.append(text.strip())
    return tuple(out)


# Never let a full My Number reach a repr, a log line or a traceback: the
# my_number field is masked whatever it holds, every other field (a shifted
# column, an id that is a number) has any number in it redacted.
def _mask_repr(value: str | None) -> str:
    return "None" if value is None else repr(mask(value))


def _redact_repr(value: str | None) -> str:
    return "None" if value is None else repr(redact(value))


def _redact_all_repr(values: tuple[str, ...]) -> str:
    return repr(tuple(map(redact, values)))


@attrs.frozen(slots=True)
class Record:
    """A person: My Number plus the four basic items (and kana, aliases, id, register status).

    Every field is a raw string as the source holds it, or ``None`` when
    unknown.  Parsing happens at comparison time, so a bad value becomes a
    ``review`` with a reason instead of an exception here.

    Which side a record is on says whose data it is.  In ``compare(a, b)`` the
    left record ``a`` is the business system's and the right record ``b`` the
    register's, and so are their ``aliases``: the register record's aliases
    (旧氏, 通称, 併記名 recorded on the 住民票) may confirm a name; a business
    record's aliases are what the business system typed in, and can at most turn
    a mismatch into a review.  ``status`` and ``status_date`` are the register's
    (住民状態 or 異動事由/消除事由, and its date: see :mod:`mynacheck.status`); on a
    business record they are not read.  ``kana_source`` says where the kana came
    from (``official``: the 振り仮名 of the 戸籍; ``typed``: entered by staff;
    see :func:`mynacheck.status.kana_source_of`): the strict kana comparison applies
    only where both sides are official.
    """

    my_number: str | None = attrs.field(default=None, converter=_my_number_text, repr=_mask_repr)
    name: str | None = attrs.field(default=None, converter=_name_text, repr=_redact_repr)
    kana: str | None = attrs.field(default=None, converter=_kana_text, repr=_redact_repr)
    birth_date: str | None = attrs.field(default=None, converter=_birth_date_text, repr=_redact_repr)
    address: str | None = attrs.field(default=None, converter=_address_text, repr=_redact_repr)
    sex: str | None = attrs.field(default=None, converter=_sex_text, repr=_redact_repr)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_aliases, repr=_redact_all_repr)
    id: str | None = attrs.field(default=None, converter=_id_text, repr=_redact_repr)
    status: str | None = attrs.field(default=None, converter=_text, repr=_redact_repr)
    status_date: str | None = attrs.field(default=None, converter=_text, repr=_redact_repr)
    kana_source: str | None = attrs.field(default=None, converter=_text, repr=_redact_repr)

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any]) -> Record:
        """Build a record from any mapping with the documented keys.

        Unknown keys are ignored; missing keys mean unknown.
        """
        if cls is Record:
            return _record_of(mapping)
        keys = attrs.fields_dict(cls)
        return cls(**{k: v for k, v in mapping.items() if k in keys})

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Pretty printers (IPython, hypothesis's falsifying examples) would
        # otherwise walk the attrs fields and print the full My Number.
        printer.text(repr(self))

    def get(self, field: str) -> str | None:
        value = getattr(self, field)
        return value if isinstance(value, str) or value is None else None

    def to_dict(self, *, reveal_numbers: bool = False) -> dict[str, object]:
        """A JSON-ready dict of every key (:data:`KEYS`), aliases as a list.

        The My Number is masked and any number in another value redacted
        (:func:`mynacheck.mynumber.redact`) unless ``reveal_numbers=True``;
        then ``Record.from_mapping(rec.to_dict(reveal_numbers=True)) == rec``.

        >>> Record(my_number="123456789018", name="髙橋 一郎", aliases="タカハシ").to_dict()["my_number"]
        '********9018'
        """
        if reveal_numbers:
            return {k: list(self.aliases) if k == "aliases" else getattr(self, k) for k in KEYS}
        out: dict[str, object] = {}
        for k in KEYS:
            value = getattr(self, k)
            if k == "aliases":
                out[k] = [redact(v) for v in value]
            elif value is None:
                out[k] = None
            else:
                out[k] = mask(value) if k == "my_number" else redact(value)
        return out


# (name, slot setter, converter, default, converts text, the default converted) of every field, in the
# order ``__init__`` converts them.  A slot's own setter (the member descriptor's ``__set__``) costs a
# fraction of ``object.__setattr__`` by name; a default converts to the same value every time
# (None, or an empty tuple of aliases), so it is converted once, here.
def _converted_default(field: Any) -> Any:  # an attrs.Attribute of Record: every one has a converter
    convert: Callable[[Any], Any] = field.converter
    return convert(field.default)


_SLOTS: tuple[tuple[str, Any, Any, Any, bool, Any], ...] = tuple(
    (a.name, getattr(Record, a.name).__set__, a.converter, a.default, a.name != "aliases", _converted_default(a))
    for a in attrs.fields(Record))
if any(slot[5] is not None and type(slot[5]) is not tuple for slot in _SLOTS):
    raise AssertionError("a Record default no longer converts to None or a tuple: _record_of shares it")


def _record_of(mapping: Mapping[str, Any]) -> Record:
    """``Record(**known keys of mapping)``, without the generated ``__init__``.

    Two records are built per compared pair; setting the slots directly with
    the fields' own converters and defaults is the same and a good deal faster
    (Record has no validators; tests compare this with ``Record(...)``).
    """
    record = object.__new__(Record)
    get = mapping.get
    for name, set_slot, convert, default, text, empty in _SLOTS:  # in field order: the first bad value is reported
        value = get(name, default)
        if text and type(value) is str:
            # _text's common case inline: a call per field is a fifth of the cost.
            set_slot(record, value if value.strip() else None)
        elif value is default:
            set_slot(record, empty)  # a key the mapping lacks (most have six of the eleven), or None
        else:
            set_slot(record, convert(value))
    return record


#: Every key of a record, in field order (the order :func:`record_of_texts` takes).
KEYS: tuple[str, ...] = tuple(slot[0] for slot in _SLOTS)


def record_of_texts(values: Sequence[str | None]) -> Record:
    """``Record(*values)`` for a row's values in field order (:data:`KEYS`), each a str or None (CSV cells).

    The conversions of ``__init__`` written out for that case: a batch builds
    two records a row, and this is most of what it costs.
    """
    my_number, name, kana, birth_date, address, sex, aliases, ident, status, status_date, kana_source = values
    record = object.__new__(Record)
    # "v and not v.isspace()" is _text's "v.strip()" without a new string.
    _set_my_number(record, my_number if my_number and not my_number.isspace() else None)
    _set_name(record, name if name and not name.isspace() else None)
    _set_kana(record, kana if kana and not kana.isspace() else None)
    _set_birth_date(record, birth_date if birth_date and not birth_date.isspace() else None)
    _set_address(record, address if address and not address.isspace() else None)
    _set_sex(record, sex if sex and not sex.isspace() else None)
    _set_aliases(record, _aliases(aliases) if aliases else ())
    _set_id(record, ident if ident and not ident.isspace() else None)
    _set_status(record, status if status and not status.isspace() else None)
    _set_status_date(record, status_date if status_date and not status_date.isspace() else None)
    _set_kana_source(record, kana_source if kana_source and not kana_source.isspace() else None)
    return record


if KEYS != ("my_number", "name", "kana", "birth_date", "address", "sex", "aliases", "id", "status", "status_date",
            "kana_source"):
    raise ImportError("record_of_texts must follow Record's fields")  # a field was added or moved

# Each field's slot setter (its member descriptor's __set__, what object.__setattr__ finds by name):
# record_of_texts runs twice a row, and the lookup by name was a third of its cost.
(_set_my_number, _set_name, _set_kana, _set_birth_date, _set_address, _set_sex, _set_aliases, _set_id, _set_status,
 _set_status_date, _set_kana_source) = (Record.__dict__[key].__set__ for key in KEYS)


#: What :func:`mynacheck.compare` accepts for a record.
RecordLike: TypeAlias = "Record | Mapping[str, Any]"


def as_record(value: object) -> Record:
    """Accept a :class:`Record` or a mapping; reject anything else clearly."""
    if isinstance(value, Record):
        return value
    if isinstance(value, Mapping):
        return Record.from_mapping(value)
    raise InvalidRecord(
        f"expected a mynacheck.Record or a mapping, got {type(value).__name__}", reason="RECORD_INVALID"
    )
