"""``Result``: the verdict on one pair, with findings and reasons a clerk can act on."""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from importlib import resources
from typing import Any

import attrs

from .. import reasons as catalog
from .._version import __version__
from ..errors import UsageError
from ..mynumber import redact
from ..verdicts import Finding, Level, Verdict

__all__ = ["Result", "FIELD_LABELS", "SCHEMA", "schema"]

#: Item names as a clerk knows them.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "my_number": ("個人番号", "My Number"),
    "name": ("氏名", "Name"),
    "kana": ("カナ氏名", "Kana name"),
    "birth_date": ("生年月日", "Birth date"),
    "address": ("住所", "Address"),
    "sex": ("性別", "Sex"),
    "cross": ("項目間", "Cross-field"),
    "status": ("住民状態", "Register status"),
    "resolve": ("照会", "Registration-time query"),
}

_LEVEL_LABELS: dict[Level, tuple[str, str]] = {
    Level.EXACT: ("一致", "same"),
    Level.EQUIVALENT: ("一致（表記ゆれ）", "same (notation differs)"),
    Level.NEAR: ("近似（要確認）", "near-miss (review)"),
    Level.UNCERTAIN: ("判定不能（要確認）", "cannot tell (review)"),
    Level.DIFFERENT: ("不一致", "different"),
    Level.INVALID: ("値が不正", "invalid value"),
    Level.MISSING: ("片方が空欄", "missing on one side"),
    Level.ABSENT: ("両方空欄（未照合）", "missing on both sides (not compared)"),
}


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :meth:`Result.to_dict`, shipped as ``mynacheck/schema/result.schema.json``."""
    text = resources.files("mynacheck").joinpath("schema", "result.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


#: Where the JSON Schema of :meth:`Result.to_dict` lies in the package (``schema()`` reads it).
SCHEMA = "mynacheck/schema/result.schema.json"


def _shown(value: str | None) -> str | None:
    return None if value is None else redact(value)


def _redact_repr(value: str | None) -> str:
    return repr(_shown(value))


def _as_is(value: str | None) -> str | None:
    return value


@attrs.frozen(slots=True)
class Result:
    """The outcome of :func:`mynacheck.compare`.

    ``left`` is the business-system record, ``right`` the register record.
    The my_number finding carries masked values only.  Other values (the ids,
    a name or address that holds a number because a column shifted) are kept
    as compared, and every way out (the repr, :meth:`to_dict`, :meth:`explain`)
    redacts any My Number in them (:func:`mynacheck.mynumber.redact`) unless
    called with ``reveal_numbers=True``.
    """

    verdict: Verdict
    findings: tuple[Finding, ...]
    reasons: tuple[str, ...]
    ruleset: str
    ruleset_version: str
    decided_by: str
    left_id: str | None = attrs.field(default=None, repr=_redact_repr)
    right_id: str | None = attrs.field(default=None, repr=_redact_repr)
    #: The day the check ran as of: today, or the day replayed (``compare(..., today=...)``).
    today: datetime.date | None = None
    #: The mynacheck version that made the result.
    library_version: str = __version__
    #: The content hash of the ruleset that decided (:attr:`Ruleset.fingerprint`, 64 hex digits):
    #: ``ruleset`` and ``ruleset_version`` say what it claims to be, this what it was.
    ruleset_fingerprint: str | None = None
    #: The reason catalog's version (SHA-256 of its codes, fields and severities) when the result was made.
    catalog_version: str | None = None
    #: The bundled reference tables' versions: (file name, SHA-256) pairs, by name.
    data_versions: tuple[tuple[str, str], ...] = ()

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Pretty printers (IPython, hypothesis's falsifying examples) would
        # otherwise walk the attrs fields and print the values unredacted.
        printer.text(repr(self))

    def finding(self, field: str) -> Finding | None:
        """The finding of one field (or ``"cross"``), or None if it was not compared."""
        for f in self.findings:
            if f.field == field:
                return f
        return None

    def messages(self, lang: str = "ja") -> tuple[str, ...]:
        """One catalog message per reason, most decisive first."""
        return tuple(catalog.message(code, lang) for code in self.reasons)

    def explain(self, lang: str = "ja", *, reveal_numbers: bool = False) -> str:
        """Lines a clerk can read: the verdict, why, and each item's outcome.

        A My Number inside a shown value is redacted unless ``reveal_numbers=True``.
        """
        ja = lang == "ja"
        value = _as_is if reveal_numbers else _shown
        if lang not in ("ja", "en"):
            raise UsageError(f"unsupported language {lang!r}; use 'ja' or 'en'")
        head = (
            f"判定: {self.verdict.label_ja}（{self.verdict.value}） ルール: {self.ruleset} v{self.ruleset_version}"
            if ja
            else f"Verdict: {self.verdict.value} (ruleset {self.ruleset} v{self.ruleset_version})"
        )
        lines = [head]
        shown = [c for c in self.reasons if catalog.severity(c) is not Verdict.MATCH]
        if shown:
            lines.append("理由:" if ja else "Reasons:")
            lines.extend(f"  [{c}] {catalog.message(c, lang)}" for c in shown)
        lines.append("項目別:" if ja else "Items:")
        for f in self.findings:
            if f.field == "cross":
                continue
            label = FIELD_LABELS.get(f.field, (f.field, f.field))[0 if ja else 1]
            if f.field == "status":  # the register's own statement about the row, not a comparison
                lines.append(f"  {label}: {value(f.right) or '—'}")
                continue
            outcome = _LEVEL_LABELS[f.level][0 if ja else 1]
            values = ""
            if f.left is not None or f.right is not None:
                values = f"  {value(f.left) or '—'} / {value(f.right) or '—'}"
            lines.append(f"  {label}: {outcome}{values}")
            if f.hint:
                lines.append(("    候補: " if ja else "    hint: ") + (value(f.hint) or ""))
            infos = [c for c in f.reasons if catalog.severity(c) is Verdict.MATCH]
            lines.extend(f"    ({catalog.message(c, lang)})" for c in infos)
        return "\n".join(lines)

    def to_dict(self, *, reveal_numbers: bool = False) -> dict[str, object]:
        """A JSON-ready dict, described by the JSON Schema :data:`SCHEMA` (``mynacheck/schema/result.schema.json``).

        Any My Number in it is masked unless ``reveal_numbers=True`` (which
        shows ids and values as compared; the my_number finding stays masked).
        ``today`` is the day the check ran as of, ``ruleset_fingerprint`` the
        content hash of the ruleset that decided, ``versions`` the library, the
        reason catalog and the bundled reference tables: with the ruleset's name
        and version, what an audit needs to replay the check
        (``compare(..., today=...)``, docs/versioning.md).  :meth:`from_dict`
        reads it back.
        """
        shown = _as_is if reveal_numbers else _shown
        return {
            "verdict": self.verdict.value,
            "reasons": list(self.reasons),
            "ruleset": self.ruleset,
            "ruleset_version": self.ruleset_version,
            "decided_by": self.decided_by,
            "left_id": shown(self.left_id),
            "right_id": shown(self.right_id),
            "findings": [f.to_dict(reveal_numbers=reveal_numbers) for f in self.findings],
            "today": None if self.today is None else self.today.isoformat(),
            "ruleset_fingerprint": self.ruleset_fingerprint,
            "versions": {"mynacheck": self.library_version, "catalog": self.catalog_version,
                         "data": dict(self.data_versions)},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Result:
        """The result :meth:`to_dict` describes.

        ``Result.from_dict(r.to_dict(reveal_numbers=True)) == r``; from a masked
        dict the masked values are read as they are.  A dict that is not a
        result (a key missing, a value of the wrong kind) raises :class:`UsageError`
        (validate it against :data:`SCHEMA` first for the exact place).
        """
        try:
            today = data.get("today")
            versions = data.get("versions") or {}
            return cls(
                verdict=Verdict(data["verdict"]),
                findings=tuple(Finding.from_dict(f) for f in data["findings"]),
                reasons=tuple(data["reasons"]),
                ruleset=data["ruleset"],
                ruleset_version=data["ruleset_version"],
                decided_by=data["decided_by"],
                left_id=data.get("left_id"),
                right_id=data.get("right_id"),
                today=None if today is None else datetime.date.fromisoformat(today),
                library_version=versions.get("mynacheck", __version__),
                ruleset_fingerprint=data.get("ruleset_fingerprint"),
                catalog_version=versions.get("catalog"),
                data_versions=tuple(sorted((str(k), str(v)) for k, v in (versions.get("data") or {}).items())),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise UsageError(f"not a mynacheck result dict ({type(err).__name__}: {err})") from None
