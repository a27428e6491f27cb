"""Casework pages: outreach activities, needs, tasks, the board, panels and files."""

from __future__ import annotations

from qstrong.casework.views.activities import (
    activity_attachment_add,
    activity_calendar,
    activity_create,
    activity_detail,
    activity_list,
    activity_need_add,
    activity_photo_add,
    activity_stats,
)
from qstrong.casework.views.edit import (
    activity_edit,
    attachment_archive,
    enterprise_search,
    photo_archive,
)
from qstrong.casework.views.exports import lists_export_detail, lists_export_download
from qstrong.casework.views.needs import (
    lists_export,
    my_overdue,
    need_create,
    need_detail,
    need_list,
    task_board,
    task_create,
    task_detail,
    task_evidence_add,
    task_list,
    task_transition,
)
from qstrong.casework.views.panels import (
    attachment_file,
    chain_panel,
    enterprise_panel,
    evidence_file,
    photo_file,
    town_panel,
)

__all__ = [
    "activity_attachment_add",
    "activity_calendar",
    "activity_create",
    "activity_detail",
    "activity_edit",
    "activity_list",
    "activity_need_add",
    "activity_photo_add",
    "activity_stats",
    "attachment_archive",
    "attachment_file",
    "chain_panel",
    "enterprise_panel",
    "enterprise_search",
    "evidence_file",
    "lists_export",
    "lists_export_detail",
    "lists_export_download",
    "my_overdue",
    "need_create",
    "need_detail",
    "need_list",
    "photo_archive",
    "photo_file",
    "task_board",
    "task_create",
    "task_detail",
    "task_evidence_add",
    "task_list",
    "task_transition",
    "town_panel",
]  # fmt: skip
