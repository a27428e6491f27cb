"""Every write of the quality app: problems (problems.py) and the bureau's records (records.py)."""

from __future__ import annotations

from qstrong.quality.services.problems import (
    evidence_check,
    problem_action_add,
    problem_action_complete,
    problem_comment,
    problem_register,
    problem_transition,
)
from qstrong.quality.services.records import (
    indicator_save,
    key_project_save,
    milestone_complete,
    milestone_save,
    programme_enrol,
    programme_save,
    quality_loss_save,
)

__all__ = [
    "evidence_check",
    "indicator_save",
    "key_project_save",
    "milestone_complete",
    "milestone_save",
    "problem_action_add",
    "problem_action_complete",
    "problem_comment",
    "problem_register",
    "problem_transition",
    "programme_enrol",
    "programme_save",
    "quality_loss_save",
]
