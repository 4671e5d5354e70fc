"""The guideline decision table (DOMAIN.md §4), one row per policy line.

Rows are tried in order; the first that applies decides.  Read top to bottom
it is the policy: number problems, then identity (name and birth date), then
anything left unconfirmed, and only then a match.

Every row reads only the findings, never the records (``findings_only``), so
a ruleset decides once per distinct set of findings and reuses the decision.
"""

from __future__ import annotations

from ..verdicts import Level, Verdict
from .engine import Context, Decision

__all__ = ["GUIDELINE_TABLE", "name_differs", "name_agrees"]

# The members as module globals: ``Level.X`` goes through the enum machinery
# (~90 ns a lookup in Python 3.11), and the table is walked for every pair.
_DIFFERENT, _INVALID, _MISSING, _ABSENT = Level.DIFFERENT, Level.INVALID, Level.MISSING, Level.ABSENT
_UNKNOWN = (_MISSING, _ABSENT)
_DIFFERENT_OR_UNKNOWN = (_DIFFERENT, *_UNKNOWN)


def name_differs(ctx: Context) -> bool:
    """Kanji and kana name both differ (an unknown one doesn't save the other)."""
    kanji, kana = ctx.level("name"), ctx.level("kana")
    if kanji in _UNKNOWN and kana in _UNKNOWN:
        return False
    return kanji in _DIFFERENT_OR_UNKNOWN and kana in _DIFFERENT_OR_UNKNOWN


def name_agrees(ctx: Context) -> bool:
    return ctx.agrees("name") and ctx.level("kana") is not _DIFFERENT


def _number_invalid(ctx: Context) -> bool:
    return ctx.level("my_number") is _INVALID


def _number_different(ctx: Context) -> bool:
    return ctx.level("my_number") is _DIFFERENT


def _identity_different(ctx: Context) -> bool:
    return name_differs(ctx) and not ctx.has_reason("XF_SURNAME_CHANGED")


def _identity_reason(ctx: Context) -> tuple[str, ...]:
    return ("XF_NAME_DIFFERENT",) if ctx.agrees("birth_date") else ("XF_IDENTITY_DIFFERENT",)


def _birth_different(ctx: Context) -> bool:
    return ctx.level("birth_date") is _DIFFERENT


def _unconfirmed_items(ctx: Context) -> list[str]:
    """Compared items that did not agree; optional items unknown on a side are skipped."""
    out = []
    for field, finding in ctx.findings.items():
        level = finding.level
        if level.agrees or level is _ABSENT:
            continue
        if level is _MISSING and not ctx.ruleset.is_required(field) and field != "my_number":
            continue  # カナ supports 氏名: its absence blocks nothing
        out.append(field)
    return out


def _needs_review(ctx: Context) -> bool:
    return bool(_unconfirmed_items(ctx))


#: The address reasons that put the two addresses in different municipalities.
_ELSEWHERE = ("ADDR_PREF_DIFFERENT", "ADDR_CITY_DIFFERENT")


def _review_reasons(ctx: Context) -> tuple[str, ...]:
    # Same name and birth date at another address: a move, or another person of that name
    # and birth date (DOMAIN §4 rule 10): both readings go on the clerk's screen.
    if ctx.level("address") is _DIFFERENT and name_agrees(ctx) and ctx.agrees("birth_date"):
        address = ctx.findings["address"].reasons
        if any(code in address for code in _ELSEWHERE):
            return ("XF_SAME_NAME_BIRTH_ELSEWHERE",)
        return ("XF_MOVED",)
    return ()


def _required_absent(ctx: Context) -> bool:
    return any(ctx.level(field) is _ABSENT for field in ctx.ruleset.required_fields)


# Named functions, not lambdas: a ruleset travels to worker processes by pickle.
def _birth_reason(ctx: Context) -> tuple[str, ...]:
    return ("XF_BIRTH_DATE_DIFFERENT",)


def _not_confirmed_reason(ctx: Context) -> tuple[str, ...]:
    return ("RECORD_REQUIRED_NOT_CONFIRMED",)


def _always(ctx: Context) -> bool:
    return True


GUIDELINE_TABLE: tuple[Decision, ...] = (
    Decision("number-invalid", _number_invalid, Verdict.MISMATCH,
             description="a malformed number or bad check digit", findings_only=True),
    Decision("number-different", _number_different, Verdict.MISMATCH,
             description="the two records carry different numbers", findings_only=True),
    Decision("identity-different", _identity_different, Verdict.MISMATCH, _identity_reason,
             description="kanji and kana name differ (and not a surname change)", findings_only=True),
    Decision("birth-date-different", _birth_different, Verdict.MISMATCH, _birth_reason,
             description="the birth date differs beyond a near-miss", findings_only=True),
    Decision("review", _needs_review, Verdict.REVIEW, _review_reasons,
             description="an item is a near-miss, uncertain, invalid, missing or (address, sex) different", findings_only=True),
    Decision("not-confirmed", _required_absent, Verdict.REVIEW, _not_confirmed_reason,
             description="a required item is unknown on both sides", findings_only=True),
    Decision("match", _always, Verdict.MATCH,
             description="every compared item agrees", findings_only=True),
)
