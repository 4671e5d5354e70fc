"""The shipped rulesets.

- ``GUIDELINE_4`` (default): the Digital Agency guideline's four basic items
  氏名, 生年月日, 性別, 住所; カナ supports 氏名 when both sides have it.
- ``GUIDELINE_3``: the same without 性別, for schemes that keep no sex.
- ``INSURER_5``: health insurers' rule: 漢字氏名, カナ氏名, 生年月日, 性別, 住所
  all required.

The My Number rule is in every ruleset; the number is not "required" because
a pair may be compared before a number is attached.
"""

from __future__ import annotations

from ..errors import UsageError
from .cross import CROSS_RULES
from .decision import GUIDELINE_TABLE
from .engine import Ruleset, field_rule

__all__ = ["GUIDELINE_4", "GUIDELINE_3", "INSURER_5", "DEFAULT", "by_name", "ALL"]

_NUMBER = field_rule("my_number", required=False)

GUIDELINE_4 = Ruleset(
    name="GUIDELINE_4",
    version="1",
    rules=(
        _NUMBER,
        field_rule("name"),
        field_rule("kana", required=False),
        field_rule("birth_date"),
        field_rule("sex"),
        field_rule("address"),
        *CROSS_RULES,
    ),
    table=GUIDELINE_TABLE,
    description="横断的ガイドラインの基本4情報（氏名・生年月日・性別・住所）",
)

GUIDELINE_3 = GUIDELINE_4.remove("field.sex").renamed(
    "GUIDELINE_3", "1", "性別を保有しない事務向け: 氏名・生年月日・住所"
)

INSURER_5 = GUIDELINE_4.replace("field.kana", field_rule("kana", required=True)).renamed(
    "INSURER_5", "1", "保険者の5情報: 漢字氏名・カナ氏名・生年月日・性別・住所"
)

DEFAULT = GUIDELINE_4

ALL: dict[str, Ruleset] = {r.name: r for r in (GUIDELINE_4, GUIDELINE_3, INSURER_5)}


def by_name(name: str) -> Ruleset:
    """Look a shipped ruleset up by name (case-insensitive), e.g. for ``--ruleset``."""
    try:
        return ALL[name.upper()]
    except KeyError:
        raise UsageError(f"unknown ruleset {name!r}; choose one of {', '.join(ALL)}") from None
