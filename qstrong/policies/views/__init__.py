"""Policy pages: the library, the rule editor, explanations and matching runs."""

from __future__ import annotations

from qstrong.policies.views.editor import rule_editor
from qstrong.policies.views.explain import enterprise_panel, explain
from qstrong.policies.views.library import (
    attachment_download,
    attachment_upload,
    policy_create,
    policy_detail,
    policy_edit,
    policy_list,
    policy_publish,
    policy_withdraw,
)
from qstrong.policies.views.runs import run_create, run_detail, run_list

__all__ = [
    "attachment_download",
    "attachment_upload",
    "enterprise_panel",
    "explain",
    "policy_create",
    "policy_detail",
    "policy_edit",
    "policy_list",
    "policy_publish",
    "policy_withdraw",
    "rule_editor",
    "run_create",
    "run_detail",
    "run_list",
]
