"""``Record``: one person as a business system or the register holds them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeAlias

import attrs

from .errors import InvalidRecord
from .mynumber import mask, redact

__all__ = ["Record", "RecordLike", "as_record", "record_of_texts", "FIELDS", "KEYS"]

#: The fields compared, in the order a clerk reads them.
FIELDS: tuple[str, ...] = ("my_number", "name", "kana", "birth_date", "address", "sex")


def _text(value: object) -> str | None:
    """Normalise a raw cell: None, empty and white space mean unknown."""
    if type(value) is str:  # the common case first: runs for every field of every record
        return value if value.strip() else None
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        raise InvalidRecord("a field value cannot be a boolean", reason="RECORD_INVALID")
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        raise InvalidRecord(f"unsupported field type {type(value).__name__}", reason="RECORD_INVALID")
    return value if value.strip() else None


def _aliases(value: object) -> tuple[str, ...]:
    if value is None or (type(value) is tuple and not value):
        return ()  # the common case (no aliases column), before the slower Iterable check
    if isinstance(value, str):
        # A single cell may hold several aliases separated by ; or |.
        parts: Iterable[object] = value.replace("|", ";").split(";")
    elif isinstance(value, Iterable):
        parts = value
    else:
        raise InvalidRecord("aliases must be a string or an iterable of strings", reason="RECORD_INVALID")
    out = []
    for part in parts:
        text = _text(part)
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

    my_number: str | None = attrs.field(default=None, converter=_text, repr=_mask_repr)
    name: str | None = attrs.field(default=None, converter=_text, repr=_redact_repr)
    kana: str | None = attrs.field(default=None, converter=_text, repr=_redact_repr)
    birth_date: str | None = attrs.field(default=None, converter=_text, repr=_redact_repr)
    address: str | None = attrs.field(default=None, converter=_text, repr=_redact_repr)
    sex: str | None = attrs.field(default=None, converter=_text, repr=_redact_repr)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_aliases, repr=_redact_all_repr)
    id: str | None = attrs.field(default=None, converter=_text, repr=_redact_repr)
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


# (name, converter, default) of every field, in the order ``__init__`` converts them.
_SLOTS: tuple[tuple[str, Any, Any], ...] = tuple((a.name, a.converter, a.default) for a in attrs.fields(Record))
_set = object.__setattr__


def _record_of(mapping: Mapping[str, Any]) -> Record:
    """``Record(**known keys of mapping)``, without the generated ``__init__``.

    Two records are built per compared pair; setting the slots directly with
    the fields' own converters and defaults is the same and a good deal faster
    (Record has no validators; tests compare this with ``Record(...)``).
    """
    record = object.__new__(Record)
    get = mapping.get
    for name, convert, default in _SLOTS:  # in field order: the first bad value is the one reported
        value = get(name, default)
        if convert is _text and type(value) is str:
            # _text's common case inline: a call per field is a fifth of the cost.
            _set(record, name, value if value.strip() else None)
        else:
            _set(record, name, convert(value))
    return record


#: Every key of a record, in field order (the order :func:`record_of_texts` takes).
KEYS: tuple[str, ...] = tuple(name for name, _, _ in _SLOTS)


def record_of_texts(values: Sequence[str | None]) -> Record:
    """``Record(*values)`` for a row's values in field order (:data:`KEYS`), each a str or None (CSV cells).

    The conversions of ``__init__`` written out for that case: a batch builds
    two records a row, and this is most of what it costs.
    """
    my_number, name, kana, birth_date, address, sex, aliases, ident, status, status_date, kana_source = values
    record = object.__new__(Record)
    # "v and not v.isspace()" is _text's "v.strip()" without a new string.
    _set(record, "my_number", my_number if my_number and not my_number.isspace() else None)
    _set(record, "name", name if name and not name.isspace() else None)
    _set(record, "kana", kana if kana and not kana.isspace() else None)
    _set(record, "birth_date", birth_date if birth_date and not birth_date.isspace() else None)
    _set(record, "address", address if address and not address.isspace() else None)
    _set(record, "sex", sex if sex and not sex.isspace() else None)
    _set(record, "aliases", _aliases(aliases) if aliases else ())
    _set(record, "id", ident if ident and not ident.isspace() else None)
    _set(record, "status", status if status and not status.isspace() else None)
    _set(record, "status_date", status_date if status_date and not status_date.isspace() else None)
    _set(record, "kana_source", kana_source if kana_source and not kana_source.isspace() else None)
    return record


if KEYS != ("my_number", "name", "kana", "birth_date", "address", "sex", "aliases", "id", "status", "status_date",
            "kana_source"):
    raise ImportError("record_of_texts must follow Record's fields")  # a field was added or moved


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
