"""Quality pages: problems (problems.py); key projects, ledger, programmes, panels (records.py)."""

from __future__ import annotations

from qstrong.quality.views.problems import (
    evidence_download,
    problem_action_add,
    problem_action_done,
    problem_comment,
    problem_create,
    problem_detail,
    problem_kanban,
    problem_list,
    problem_loss_add,
    problem_transition,
)
from qstrong.quality.views.records import (
    chain_panel,
    enterprise_panel,
    key_project_detail,
    key_project_list,
    loss_export,
    loss_ledger,
    programme_detail,
    programme_list,
)

__all__ = [
    "chain_panel",
    "enterprise_panel",
    "evidence_download",
    "key_project_detail",
    "key_project_list",
    "loss_export",
    "loss_ledger",
    "problem_action_add",
    "problem_action_done",
    "problem_comment",
    "problem_create",
    "problem_detail",
    "problem_kanban",
    "problem_list",
    "problem_loss_add",
    "problem_transition",
    "programme_detail",
    "programme_list",
]
