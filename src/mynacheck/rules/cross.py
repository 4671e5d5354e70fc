"""Cross-field rules: the mislinkage patterns that no single item reveals.

- *family member*: the register row is a relative's (the form showed both
  numbers): same surname and address, another given name or birth date;
- *same name, different person* (同姓同名): the name agrees, the birth date doesn't;
- *surname changed*: given name, birth date and sex agree, the surname differs
  (marriage or 旧氏): a human's call, never a match;
- *register status*: the register row is removed (死亡, 転出, 職権消除: 除票), the
  person has filed a move-out, or is registered elsewhere (住登外): a review with
  its own reason (a loss-of-eligibility check), never "the number is wrong".
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ..errors import InvalidStatus
from ..fields.base import show
from ..fields.name import NamePartLevels, compare_parts
from ..status import Status, status_codes, status_in
from ..verdicts import Finding, Level, Verdict
from .engine import Context, Rule

__all__ = ["FAMILY_MEMBER", "SAME_NAME", "SURNAME_CHANGED", "REGISTER_STATUS", "status_rule", "name_parts",
           "CROSS_RULES"]


# ``Level.DIFFERENT`` goes through the enum machinery (~90 ns in Python 3.11);
# these rules run for every pair.
_DIFFERENT = Level.DIFFERENT

def name_parts(ctx: Context) -> NamePartLevels | None:
    """Surname/given-name levels of the pair, computed once per pair."""
    if "name_parts" not in ctx.memo:
        ctx.memo["name_parts"] = compare_parts(ctx.left.name, ctx.right.name)
    parts: NamePartLevels | None = ctx.memo["name_parts"]
    return parts


# Level.agrees of a finding's level value: these rules run for every pair, and read the
# findings dict themselves (Context.agrees written out: a method frame per question).
_AGREEING = frozenset(level._value_ for level in Level if level.agrees)
_NOTHING = Finding("cross", Level.ABSENT)  # what a field not compared reads as: it does not agree


def _family(ctx: Context) -> Finding | None:
    get = ctx.findings.get
    if (get("address", _NOTHING).level._value_ not in _AGREEING
            or (get("name", _NOTHING).level._value_ in _AGREEING
                and get("birth_date", _NOTHING).level._value_ in _AGREEING)):
        return None  # not one household, or the same given name and birth date: nothing to tell apart
    parts = name_parts(ctx)
    if parts is None or not parts.surname.agrees:
        return None
    # A given name that differs in kanji but agrees in kana is a notation
    # problem of one person, not a relative.  One the kanji comparison can't
    # judge (written in another script, say) differs when the kana says so.
    kana = ctx.level("kana")
    given_differs = not parts.given.agrees and not kana.agrees and (
        parts.given is _DIFFERENT or kana is _DIFFERENT
    )
    birth_differs = ctx.level("birth_date") is _DIFFERENT
    if given_differs or birth_differs:
        return Finding("cross", Level.DIFFERENT, ("XF_FAMILY_MEMBER",), verdict=Verdict.MISMATCH)
    return None


def _same_name(ctx: Context) -> Finding | None:
    get = ctx.findings.get
    if (get("birth_date", _NOTHING).level is _DIFFERENT and get("name", _NOTHING).level._value_ in _AGREEING
            and get("kana", _NOTHING).level is not _DIFFERENT):
        return Finding("cross", Level.DIFFERENT, ("XF_SAME_NAME_OTHER_PERSON",), verdict=Verdict.MISMATCH)
    return None


def _surname_changed(ctx: Context) -> Finding | None:
    if ctx.findings.get("name", _NOTHING).level._value_ in _AGREEING:
        return None
    parts = name_parts(ctx)
    if parts is None or parts.surname is not _DIFFERENT or not parts.given.agrees:
        return None
    sex_ok = "sex" not in ctx.findings or ctx.agrees("sex")
    if ctx.agrees("birth_date") and sex_ok:
        return Finding("cross", Level.UNCERTAIN, ("XF_SURNAME_CHANGED",), verdict=Verdict.REVIEW)
    return None


def _status_shown(raw: str, status: Status | None, date: str | None) -> str:
    """What a clerk reads of the register status: its name, the extract's own value when it differs, the date."""
    text = raw if status is None else status.value if raw.strip() == status.value else f"{status.value}（{raw.strip()}）"
    return show(f"{text} {date.strip()}" if date else text)


@attrs.frozen(slots=True)
class _StatusCheck:
    """The register status rule's check (a class, not a closure: a ruleset holding it pickles)."""

    codes: tuple[tuple[str, Status], ...] = ()

    def __call__(self, ctx: Context) -> Finding | None:
        right = ctx.right
        raw = right.status
        if raw is None:
            return None
        try:
            status = status_in(raw, self.codes)
        except InvalidStatus as err:
            return Finding("status", Level.UNCERTAIN, (err.reason,), None, _status_shown(raw, None, right.status_date),
                           Verdict.REVIEW)
        if status is None or status.reason is None:
            return None
        return Finding("status", Level.UNCERTAIN, (status.reason,), None,
                       _status_shown(raw, status, right.status_date), Verdict.REVIEW)


def status_rule(codes: Mapping[str, str] | None = None) -> Rule:
    """The register status rule (the right-hand record's ``status``), reading ``codes`` before the default tables.

    ``codes`` maps the values of your system's own code table to a status name
    (``{"2": "住民"}`` where 2 means 外国人住民); see :mod:`mynacheck.status`.
    A business record's status (the left-hand record's) is not read.
    """
    table = status_codes(codes)
    settings = ";".join(f"{k}={s.value}" for k, s in table)
    return Rule("register.status", "1", _StatusCheck(table),
                description="the register row is removed (除票), moving out or registered elsewhere (住登外)",
                settings=f"status-codes={settings}" if settings else "")


# The fields whose agreement means a check finds nothing (the per-pair loop then skips it:
# :class:`~mynacheck.rules.engine.Ruleset`); function attributes, so the fingerprint is unchanged.
# Family: the same name and birth date are nothing to tell apart; same name: a birth date that
# agrees is not DIFFERENT; surname changed: a name that agrees did not change.
_family.quiet_when = ("name", "birth_date")  # type: ignore[attr-defined]
_same_name.quiet_when = ("birth_date",)  # type: ignore[attr-defined]
_surname_changed.quiet_when = ("name",)  # type: ignore[attr-defined]

FAMILY_MEMBER = Rule("cross.family_member", "1", _family,
                     description="same surname and address, another given name or birth date")
SAME_NAME = Rule("cross.same_name", "1", _same_name,
                 description="same name, another birth date")
SURNAME_CHANGED = Rule("cross.surname_changed", "1", _surname_changed,
                       description="only the surname differs: marriage or former surname")

REGISTER_STATUS = status_rule()

CROSS_RULES: tuple[Rule, ...] = (FAMILY_MEMBER, SAME_NAME, SURNAME_CHANGED, REGISTER_STATUS)
