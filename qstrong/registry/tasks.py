"""Background tasks of the registry: running an import batch, writing a large export."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import get_user_model
from django_tasks import task

from qstrong.core.models import Job
from qstrong.core.services import job_fail, job_finish, job_progress, job_start
from qstrong.registry.models import ImportBatch

PROGRESS_EVERY_ROWS = 2000
PROGRESS_EVERY_SECONDS = 1.0


class ThrottledProgress:
    """Publish progress at most every 1 % / 2,000 rows and once a second, and at each new stage."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.last_done = -1
        self.last_stage = ""
        self.last_time = 0.0

    def __call__(self, done: int, total: int, stage: str) -> None:
        step = max(1, min(PROGRESS_EVERY_ROWS, total // 100))
        now = time.monotonic()
        if (
            stage != self.last_stage
            or done >= total
            or (done - self.last_done >= step and now - self.last_time >= PROGRESS_EVERY_SECONDS)
        ):
            job_progress(job=self.job, done=done, total=total, stage=stage)
            self.last_done, self.last_stage, self.last_time = done, stage, now


@task()
def import_batch_task(*, batch_id: int, job_id: str, actor_id: int | None) -> dict[str, Any]:
    from qstrong.registry.importing import import_batch_run

    job = Job.objects.get(pk=job_id)
    batch = ImportBatch.objects.get(pk=batch_id)
    actor = get_user_model().objects.get(pk=actor_id) if actor_id is not None else None
    job_start(job=job)
    try:
        batch = import_batch_run(batch=batch, actor=actor, progress=ThrottledProgress(job))
    except Exception as exc:
        job_fail(job=job, message=str(exc))
        raise
    result = {
        "batch_id": batch.pk,
        "state": batch.state,
        "created": batch.created_count,
        "updated": batch.updated_count,
        "unchanged": batch.unchanged_count,
        "rejected": batch.rejected_count,
    }
    if batch.state == ImportBatch.State.FAILED:
        job_fail(job=job, message=batch.message, result=result)
    else:
        job_finish(job=job, result=result, message=batch.message)
    return result


@task()
def enterprise_export_task(*, job_id: str) -> dict[str, Any]:
    """Write an enterprise export too large for a request; the job keeps the file's path."""
    from qstrong.registry.export_jobs import enterprise_export_run

    job = Job.objects.get(pk=job_id)
    job_start(job=job)
    try:
        result = enterprise_export_run(job=job, progress=ThrottledProgress(job))
    except Exception as exc:
        job_fail(job=job, message=str(exc))
        raise
    job_finish(job=job, result=result)
    return result
