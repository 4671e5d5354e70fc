"""Rules, rulesets, the decision table and cross-field rules."""

from __future__ import annotations

from .engine import Context, Decision, Rule, RuleError, Ruleset, field_rule
from .result import Result

__all__ = ["Context", "Decision", "Rule", "RuleError", "Ruleset", "Result", "field_rule"]
