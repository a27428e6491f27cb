"""Background tasks of the handbooks: generating a batch and zipping one (thin wrappers around
the services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django_tasks import task

from qstrong.core.models import Job
from qstrong.core.services import job_fail, job_finish, job_start
from qstrong.registry.tasks import ThrottledProgress


@task()
def batch_generate_task(*, job_id: str) -> dict[str, Any]:
    from qstrong.handbooks.batches import batch_generate_run
    from qstrong.handbooks.models import Batch

    job = Job.objects.get(pk=job_id)
    job_start(job=job)
    try:
        batch = Batch.objects.get(pk=job.params["batch_id"])
        user_id = job.params.get("user_id")
        actor = (
            get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id else None
        )
        result = batch_generate_run(
            batch=batch,
            actor=actor,
            as_of=dt.date.fromisoformat(job.params["as_of"]),
            progress=ThrottledProgress(job),
        )
    except Exception as exc:
        job_fail(job=job, message=str(exc))
        raise
    job_finish(job=job, result=result)
    return result


@task()
def batch_zip_task(*, job_id: str) -> dict[str, Any]:
    from qstrong.handbooks.zips import batch_zip_run

    job = Job.objects.get(pk=job_id)
    job_start(job=job)
    try:
        result = batch_zip_run(job=job, progress=ThrottledProgress(job))
    except Exception as exc:
        job_fail(job=job, message=str(exc))
        raise
    job_finish(job=job, result=result)
    return result
