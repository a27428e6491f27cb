"""Batch matching: profiles from the database, every rule in force at once, stored results."""

from __future__ import annotations

from qstrong.policies.matching.explain import (
    PolicyExplanation,
    Preview,
    policy_explain,
    rule_preview,
)
from qstrong.policies.matching.profiles import enterprises_frame, profile_of
from qstrong.policies.matching.runs import match_enterprise, match_run, run_counts
from qstrong.policies.matching.triggers import (
    enterprise_rematch_after_commit,
    full_run_after_commit,
    match_run_start,
    policy_rematch_later,
)
from qstrong.policies.matching.validity import rule_in_force, rules_in_force

__all__ = [
    "PolicyExplanation",
    "Preview",
    "enterprise_rematch_after_commit",
    "enterprises_frame",
    "full_run_after_commit",
    "match_enterprise",
    "match_run",
    "match_run_start",
    "policy_explain",
    "policy_rematch_later",
    "profile_of",
    "rule_in_force",
    "rule_preview",
    "rules_in_force",
    "run_counts",
]
