"""Register status: whether the register row is a current resident, removed (除票) or registered elsewhere.

A register extract may say, per row, what the register holds about the
person's registration: the 住民状態 (resident, moved out, dead, removed), the
reason of the last change (異動事由) or of the removal (消除事由), and the date.
mynacheck reads those cells into one :class:`Status`.  A removed or non-resident
row is not a wrong number: the business task is a loss-of-eligibility check
(DOMAIN §2, §4 rule 11).

Where the values come from:

- the words: 住民記録システム標準仕様書 (総務省, 1.1.1/1.1.2 and 1.1.5: 住民状態
  住民・転出・死亡・消除, 消除事由 転出・改製・死亡, 住民種別 日本人住民・外国人住民), the
  住民基本台帳事務処理要領 (職権消除, 転出予定, 住登外), and the words municipal
  packages print (死亡者, 転出者, 消除者, 住登外者, 職権消除（通知未着）, 国外転出 …);
- the numeric codes: the 住民状態コード of one municipal package (日本電算
  ReamsNext, ``JuminJotaiCode``): 1 住民, 2 住登外, 3 転出者, 4 死亡者, 9 消除者.
  The standard fixes no numeric codes, and other systems' tables differ (住民種別:
  1 日本人, 2 外国人, 3 住登外日本人, 4 住登外外国人): give those with ``codes``
  (the CLI's ``--status-code VALUE=STATUS``).

A value no table knows raises :class:`~mynacheck.errors.InvalidStatus`: the
comparison makes it a review (``REGISTER_STATUS_UNRECOGNISED``), never a guess.

>>> status_of("死亡者"), status_of("4"), status_of("住民;転居"), status_of("")
(<Status.DECEASED: '死亡'>, <Status.DECEASED: '死亡'>, <Status.RESIDENT: '住民'>, None)
>>> status_of("住民;転出")  # still a resident, the move-out filed: 転出予定
<Status.MOVING_OUT: '転出予定'>
>>> status_of("2", {"2": "住民"})  # a table where 2 is 外国人住民
<Status.RESIDENT: '住民'>
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Callable, Mapping

from .errors import InvalidStatus, UsageError
from .memo import memo_per_mode

__all__ = ["Status", "status_of", "status_parser", "status_in", "status_codes", "WORDS", "CODES", "kana_source_of", "OFFICIAL", "TYPED"]


class Status(enum.Enum):
    """What the register holds about a person's registration, as a clerk names it."""

    RESIDENT = "住民"
    MOVING_OUT = "転出予定"
    NOT_RESIDENT = "住登外"
    REMOVED = "消除"
    MOVED_OUT = "転出"
    REMOVED_EX_OFFICIO = "職権消除"
    DECEASED = "死亡"

    @property
    def removed(self) -> bool:
        """The 住民票 is removed (除票): death, moving out, ex officio, or removed for a reason not given."""
        return self in _REMOVED

    @property
    def reason(self) -> str | None:
        """The reason code a compared pair gets for this status (None for a resident)."""
        return _REASON[self]


_REMOVED = frozenset({Status.REMOVED, Status.MOVED_OUT, Status.REMOVED_EX_OFFICIO, Status.DECEASED})
_REASON: dict[Status, str | None] = {
    Status.RESIDENT: None,
    Status.MOVING_OUT: "REGISTER_MOVING_OUT",
    Status.NOT_RESIDENT: "REGISTER_NOT_RESIDENT",
    Status.REMOVED: "REGISTER_REMOVED",
    Status.MOVED_OUT: "REGISTER_MOVED_OUT",
    Status.REMOVED_EX_OFFICIO: "REGISTER_REMOVED_EX_OFFICIO",
    Status.DECEASED: "REGISTER_DECEASED",
}

#: The words read as each status (after NFKC, without spaces; a trailing 者 and a
#: note in brackets are dropped before the lookup: 転出者, 職権消除（通知未着）).
WORDS: dict[Status, tuple[str, ...]] = {
    # A resident, and the 異動事由 of a resident's last change.
    Status.RESIDENT: ("住民", "現住", "在住", "住記", "住基", "住民登録", "日本人住民", "外国人住民", "日本人", "外国人",
                      "転入", "転居", "出生", "職権記載", "職権修正", "世帯変更", "世帯主変更", "帰化", "国籍取得",
                      "国籍喪失", "住所設定", "転出取消", "通称記載", "通称削除", "氏名変更", "続柄変更", "本籍変更", "改製",
                      "resident", "active"),
    Status.MOVING_OUT: ("転出予定", "転出届出", "転出届", "moving_out"),
    Status.NOT_RESIDENT: ("住登外", "住民登録外", "住記外", "非住民", "住登外個人", "住登外日本人", "住登外外国人",
                          "not_resident", "nonresident"),
    # Removed, the reason not given (the 住民状態 says 消除 and no 消除事由 column says more).
    Status.REMOVED: ("消除", "除票", "住民票消除", "喪失", "removed"),
    Status.MOVED_OUT: ("転出", "国外転出", "国外への転出", "転出確定", "moved_out"),
    Status.REMOVED_EX_OFFICIO: ("職権消除", "職権削除", "removed_ex_officio"),
    Status.DECEASED: ("死亡", "失踪宣告", "死亡消除", "deceased", "dead"),
}

#: The numeric codes read by default: the 住民状態コード of one municipal package (see the module doc).
CODES: dict[str, Status] = {"1": Status.RESIDENT, "2": Status.NOT_RESIDENT, "3": Status.MOVED_OUT,
                            "4": Status.DECEASED, "9": Status.REMOVED}

_WORD: dict[str, Status] = {word.casefold(): status for status, words in WORDS.items() for word in words}

# When a row's status cells (住民状態, 異動事由, 消除事由 …) say several things, the most decisive
# wins: a removal over a pending move-out over 住登外 over a value nobody knows over a resident.
_PRECEDENCE = (Status.DECEASED, Status.REMOVED_EX_OFFICIO, Status.MOVED_OUT, Status.REMOVED, Status.MOVING_OUT,
               Status.NOT_RESIDENT)


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _one(text: str, codes: Mapping[str, Status]) -> Status | None:
    """One cell's status; None when nothing in it is known."""
    key = _key(text)
    if not key:
        return None
    if key in codes:
        return codes[key]
    if key.isdigit():
        return codes.get(key.lstrip("0") or "0")
    for candidate in (key, key.split("(")[0], key.split("(")[0].removesuffix("者")):
        if candidate in _WORD:
            return _WORD[candidate]
    return None


def status_of(value: object, codes: Mapping[str, str] | None = None) -> Status | None:
    """The status a register row's status cells give; None when they are blank (read as a resident).

    ``value`` is the text of the status cells (several joined with ``;``, as
    the reconcile reader joins the 住民状態, 異動事由 and 消除事由 columns).
    ``codes`` maps values of your system's own code table to a status name
    (``{"2": "住民"}``); it is consulted before the default tables.  Raises
    :class:`~mynacheck.errors.InvalidStatus` for a value no table knows.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidStatus("a register status is text", reason="REGISTER_STATUS_UNRECOGNISED")
    return _status[status_codes(codes)](value)


def status_parser(codes: Mapping[str, str] | None = None) -> Callable[[str], Status | None]:
    """:func:`status_of` for one code table, the table checked once (for a rule that reads many rows)."""
    return _status[status_codes(codes)]


def status_in(text: str, table: tuple[tuple[str, Status], ...]) -> Status | None:
    """:func:`status_of` of a text under a table :func:`status_codes` made (a rule holds the table)."""
    return _status[table](text)


def status_codes(codes: Mapping[str, str] | None) -> tuple[tuple[str, Status], ...]:
    """A code table (value → status name, as a user gives it) checked and made hashable.

    >>> status_codes({"２": "住民"})
    (('2', <Status.RESIDENT: '住民'>),)
    """
    if not codes:
        return ()
    out = []
    for raw, name in codes.items():
        try:
            status = Status(name) if name in Status._value2member_map_ else Status[name.upper()]
        except (KeyError, AttributeError):
            choices = ", ".join(s.value for s in Status)
            raise UsageError(f"unknown register status {name!r} for the code {raw!r}; use one of {choices}") from None
        key = _key(raw)
        if not key:
            raise UsageError("a status code cannot be blank")
        out.append((key, status))
    return tuple(sorted(out, key=lambda kv: kv[0]))


# Cached, one memo per code table: a run reads a few dozen distinct status texts with one table.
@memo_per_mode(maxsize=1024)
def _status(text: str, codes: tuple[tuple[str, Status], ...]) -> Status | None:
    table = {**CODES, **dict(codes)} if codes else CODES
    found: set[Status] = set()
    unknown = False
    for part in text.replace("|", ";").split(";"):
        if not part.strip():
            continue
        status = _one(part, table)
        if status is None:
            unknown = True
        else:
            found.add(status)
    if Status.RESIDENT in found and Status.MOVED_OUT in found and not found & _REMOVED - {Status.MOVED_OUT}:
        # A resident whose last change is 転出: the move-out is filed, the 住民票 not yet removed.
        found.discard(Status.MOVED_OUT)
        found.add(Status.MOVING_OUT)
    for status in _PRECEDENCE:
        if status in found:
            return status
    if unknown:
        raise InvalidStatus("a register status no table knows", reason="REGISTER_STATUS_UNRECOGNISED")
    return Status.RESIDENT if found else None


# --- where a kana name came from ----------------------------------------------------

#: Values of :func:`kana_source_of`.
OFFICIAL, TYPED = "official", "typed"

# The 住民記録システム標準仕様書 (1.1.18) keeps a フリガナ確認フラグ (confirmed with the person or not);
# municipal pages call the readings written before the law 便宜上 (a convenience reading).
_OFFICIAL_WORDS = frozenset({"official", "公証", "公証済", "公証済み", "戸籍", "振り仮名", "確認済", "確認済み", "本人確認済",
                             "確認", "済", "有", "あり", "○", "1", "true", "yes", "y"})
_TYPED_WORDS = frozenset({"typed", "便宜", "便宜上", "未確認", "未公証", "入力", "職員入力", "未", "無", "なし", "0",
                          "false", "no", "n"})


def kana_source_of(value: object) -> str | None:
    """Where a record's kana came from: ``"official"`` (the 振り仮名 of the 戸籍, confirmed),
    ``"typed"`` (entered by staff, a 便宜上 reading) or None when not said.

    >>> kana_source_of("公証済み"), kana_source_of("便宜上"), kana_source_of(None), kana_source_of("?")
    ('official', 'typed', None, None)
    """
    if not isinstance(value, str):
        return None
    key = _key(value)
    if key in _OFFICIAL_WORDS:
        return OFFICIAL
    if key in _TYPED_WORDS:
        return TYPED
    return None
