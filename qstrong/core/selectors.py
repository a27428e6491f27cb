"""Reads of jobs: who may follow one, and its progress as pages and the API show it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from qstrong.accounts.permissions import is_admin
from qstrong.core.models import Job
from qstrong.core.services import job_progress_read

# Stages the workers report, as the progress bar names them.
STAGE_LABELS = {
    "reading": _("读取文件"),
    "validating": _("校验数据"),
    "committing": _("写入数据库"),
    "exporting": _("写出文件"),
    "generating": _("生成手册"),
}


def job_visible_to(*, job: Job, user: Any) -> bool:
    """A job's progress is for the user who started it, and for administrators."""
    if is_admin(user):
        return True
    return job.created_by_id is not None and job.created_by_id == user.pk


def job_status_data(job: Job) -> dict[str, Any]:
    progress = job_progress_read(job=job)
    done, total = int(progress["done"]), int(progress["total"])
    state = progress["state"]
    if state == Job.State.SUCCEEDED:
        percent = 100
    elif total > 0:
        percent = min(100, done * 100 // total)
    else:
        percent = 0
    return {
        "id": str(job.pk),
        "kind": job.kind,
        "title": job.title,
        "state": state,
        "state_label": str(Job.State(state).label),
        "stage": progress["stage"],
        "stage_label": str(STAGE_LABELS.get(progress["stage"], progress["stage"])),
        "done": done,
        "total": total,
        "percent": percent,
        "finished": state in {Job.State.SUCCEEDED, Job.State.FAILED},
        "message": job.message,
    }
