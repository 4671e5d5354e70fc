"""Rules, rulesets, the decision table and cross-field rules."""

from __future__ import annotations

from .engine import Context, Decision, Rule, RuleError, Ruleset, field_rule, kana_rule
from .resolve import Resolution, resolve
from .result import Result

__all__ = ["Context", "Decision", "Rule", "RuleError", "Ruleset", "Result", "Resolution", "field_rule", "kana_rule",
           "resolve"]
