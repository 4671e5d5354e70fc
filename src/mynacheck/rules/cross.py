"""Cross-field rules: the mislinkage patterns that no single item reveals.

- *family member*: the register row is a relative's (the form showed both
  numbers): same surname and address, another given name or birth date;
- *same name, different person* (同姓同名): the name agrees, the birth date doesn't;
- *surname changed*: given name, birth date and sex agree, the surname differs
  (marriage or 旧氏): a human's call, never a match.
"""

from __future__ import annotations

from ..fields.name import NamePartLevels, compare_parts
from ..verdicts import Finding, Level, Verdict
from .engine import Context, Rule

__all__ = ["FAMILY_MEMBER", "SAME_NAME", "SURNAME_CHANGED", "name_parts", "CROSS_RULES"]


# ``Level.DIFFERENT`` goes through the enum machinery (~90 ns in Python 3.11);
# these rules run for every pair.
_DIFFERENT = Level.DIFFERENT

def name_parts(ctx: Context) -> NamePartLevels | None:
    """Surname/given-name levels of the pair, computed once per pair."""
    if "name_parts" not in ctx.memo:
        ctx.memo["name_parts"] = compare_parts(ctx.left.name, ctx.right.name)
    parts: NamePartLevels | None = ctx.memo["name_parts"]
    return parts


def _family(ctx: Context) -> Finding | None:
    if not ctx.agrees("address") or (ctx.agrees("name") and ctx.agrees("birth_date")):
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
    if ctx.agrees("name") and ctx.level("kana") is not _DIFFERENT and ctx.level("birth_date") is _DIFFERENT:
        return Finding("cross", Level.DIFFERENT, ("XF_SAME_NAME_OTHER_PERSON",), verdict=Verdict.MISMATCH)
    return None


def _surname_changed(ctx: Context) -> Finding | None:
    if ctx.agrees("name"):
        return None
    parts = name_parts(ctx)
    if parts is None or parts.surname is not _DIFFERENT or not parts.given.agrees:
        return None
    sex_ok = "sex" not in ctx.findings or ctx.agrees("sex")
    if ctx.agrees("birth_date") and sex_ok:
        return Finding("cross", Level.UNCERTAIN, ("XF_SURNAME_CHANGED",), verdict=Verdict.REVIEW)
    return None


FAMILY_MEMBER = Rule("cross.family_member", "1", _family,
                     description="same surname and address, another given name or birth date")
SAME_NAME = Rule("cross.same_name", "1", _same_name,
                 description="same name, another birth date")
SURNAME_CHANGED = Rule("cross.surname_changed", "1", _surname_changed,
                       description="only the surname differs: marriage or former surname")

CROSS_RULES: tuple[Rule, ...] = (FAMILY_MEMBER, SAME_NAME, SURNAME_CHANGED)
