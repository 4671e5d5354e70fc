"""The page's view of a report row (:class:`~.report_html.HtmlRow`), made from a report row and its two records.

A stopgap until the worksheet's row object carries both sides' values
itself (issue 15, item 2): the CLI reads the business file a second time,
in step with the report rows (both are in input order, so memory stays
bounded), looks the register row up in the run's index, and fills in the
values of flagged rows as written and as normalized (by the field
comparators, :func:`mynacheck.compare_field`).  Matched rows pass through as
they are: the page only counts them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, cast

import attrs

from ..fields import comparator
from ..fields.base import is_blank
from ..fields.birthdate import parse_date
from ..mynumber import redact
from ..record import FIELDS
from ..verdicts import Verdict
from .core import ReportRow, _display_number, shown
from .keys import number_key
from .report_html import ROW_ATTRIBUTES, HtmlRow

__all__ = ["html_rows"]

_MATCH = Verdict.MATCH.value
_SHOW = 200  # characters of a value shown (a 5,000-character cell stays in REPORT.csv)

HtmlView = attrs.make_class("HtmlView", {name: attrs.field(default="") for name in ROW_ATTRIBUTES},
                            frozen=True, slots=True)


def _text(value: object, reveal: bool) -> str:
    if value is None or is_blank(value):
        return ""
    text = str(shown(value))
    text = text if len(text) <= _SHOW else text[:_SHOW] + f"…（{len(text)}文字）"
    return text if reveal else redact(text)


def _view(row: ReportRow, business: Mapping[str, Any] | None, register: Mapping[str, Any] | None,
          reveal: bool) -> HtmlRow:
    values: dict[str, str] = {name: getattr(row, name) for name in ROW_ATTRIBUTES if hasattr(row, name)}
    values["priority"] = "1" if row.verdict == Verdict.MISMATCH.value else "2"
    for field in FIELDS:
        left = business.get(field) if business is not None else None
        right = register.get(field) if register is not None else None
        if field == "my_number":
            written = (_display_number(left, reveal), _display_number(right, reveal))
        else:
            written = (_text(left, reveal), _text(right, reveal))
        normalized = ("", "")
        if not (is_blank(left) and is_blank(right)):
            try:
                finding = comparator(field).compare(shown(left), shown(right))
                normalized = (_text(finding.left, reveal), _text(finding.right, reveal))
            except Exception:  # a value the comparator cannot read: shown as written only
                pass
        values[f"business_{field}"], values[f"register_{field}"] = written
        values[f"business_{field}_normalized"], values[f"register_{field}_normalized"] = normalized
    for side, record in (("business", business), ("register", register)):
        raw = record.get("birth_date") if record is not None else None
        wareki = ""
        if raw is not None and not is_blank(raw):
            try:
                wareki = parse_date(str(raw)).to_wareki()
            except Exception:  # unreadable or partly unknown: the written value says it
                wareki = ""
        values[f"{side}_birth_date_wareki"] = wareki
        aliases = record.get("aliases") if record is not None else None
        if isinstance(aliases, list | tuple):
            aliases = ";".join(map(str, aliases))
        values[f"{side}_aliases"] = _text(aliases, reveal)
    return cast(HtmlRow, HtmlView(**values))


def html_rows(chunks: Iterable[list[tuple[str, ...]]], business: Iterable[tuple[int, Mapping[str, Any]]],
              lookup: Callable[[str], Mapping[str, Any] | None], *, reveal_numbers: bool = False) -> Iterator[HtmlRow]:
    """The page's rows for report rows given as column chunks, with ``business``'s rows read alongside.

    ``business`` yields ``(line, row)`` in file order, as the report rows come;
    ``lookup`` finds a register row by its number key (``RegisterIndex.get``).
    """
    source = iter(business)
    at: tuple[int, Mapping[str, Any]] | None = None
    for chunk in chunks:
        for values in chunk:
            row = ReportRow(*values)
            if row.verdict == _MATCH:
                yield cast(HtmlRow, row)
                continue
            line = int(row.line)
            while at is None or at[0] < line:
                at = next(source, None)
                if at is None:
                    break
            record = at[1] if at is not None and at[0] == line else None
            register = None
            if record is not None:
                key = number_key(record.get("my_number"))
                register = lookup(key) if key is not None else None
            yield _view(row, record, register, reveal_numbers)
