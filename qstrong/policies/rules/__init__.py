"""The eligibility rule language (RULES.md): validation, evaluation, explanation, Polars."""

from __future__ import annotations

from qstrong.policies.rules.compiling import SCHEMA, profile_frame, to_polars
from qstrong.policies.rules.errors import RuleError, RuleInvalid
from qstrong.policies.rules.evaluation import (
    Explained,
    Truth,
    evaluate,
    missing_fields,
    near_miss,
    truth_of,
)
from qstrong.policies.rules.labels import CodeLabels, db_labels
from qstrong.policies.rules.rendering import (
    ExplanationLine,
    describe_condition,
    describe_rule,
    explanation_lines,
    near_miss_text,
)
from qstrong.policies.rules.spec import FIELDS, OPERATORS, FieldSpec, OperatorSpec
from qstrong.policies.rules.validation import validate_rule

__all__ = [
    "FIELDS",
    "OPERATORS",
    "SCHEMA",
    "CodeLabels",
    "Explained",
    "ExplanationLine",
    "FieldSpec",
    "OperatorSpec",
    "RuleError",
    "RuleInvalid",
    "Truth",
    "db_labels",
    "describe_condition",
    "describe_rule",
    "evaluate",
    "explanation_lines",
    "missing_fields",
    "near_miss",
    "near_miss_text",
    "profile_frame",
    "to_polars",
    "truth_of",
    "validate_rule",
]
