"""The core API: progress of background jobs, for the UI's progress bars and for scripts."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from qstrong.core.models import Job
from qstrong.core.selectors import job_status_data, job_visible_to

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


@router.get("/jobs/{job_id}", response=JobOut, summary="后台任务进度")
def job_get(request: HttpRequest, job_id: uuid.UUID) -> dict[str, Any]:
    job = Job.objects.get(pk=job_id)
    if not job_visible_to(job=job, user=request.user):
        raise Job.DoesNotExist
    return {
        **job_status_data(job),
        "result": job.result,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    }
