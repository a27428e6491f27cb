"""The core API: progress of background jobs, for the UI's progress bars and for scripts."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from qstrong.accounts.models import Role
from qstrong.core.models import Job
from qstrong.core.services import job_progress_read

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: uuid.UUID
    kind: str
    title: str
    state: str
    state_label: str
    stage: str
    done: int
    total: int
    percent: int
    finished: bool
    message: str
    result: dict[str, Any]
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


def job_visible(*, user: Any, job_id: uuid.UUID) -> Job:
    """A job its creator and the system administrator may follow; DoesNotExist for anyone else."""
    job = Job.objects.get(pk=job_id)
    if user.is_superuser or user.role == Role.ADMIN or job.created_by_id == user.pk:
        return job
    raise Job.DoesNotExist


@router.get("/jobs/{job_id}", response=JobOut, summary="后台任务进度")
def job_get(request: HttpRequest, job_id: uuid.UUID) -> dict[str, Any]:
    job = job_visible(user=request.user, job_id=job_id)
    progress = job_progress_read(job=job)
    # Live progress (from the cache while the worker's transaction is open) over the stored row.
    job.done, job.total, job.state = progress["done"], progress["total"], progress["state"]
    return {
        "id": job.id,
        "kind": job.kind,
        "title": job.title,
        "state": job.state,
        "state_label": job.get_state_display(),
        "stage": progress["stage"],
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "finished": job.is_finished,
        "message": job.message,
        "result": job.result,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    }
