"""Background tasks of casework: writing the three lists when they are too long for a request."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from qstrong.core.models import Job
from qstrong.core.services import job_fail, job_finish, job_start
from qstrong.registry.tasks import ThrottledProgress


@task()
def lists_export_task(*, job_id: str) -> dict[str, Any]:
    """Write the 需求 / 任务 / 责任 workbook; the job keeps the file's path for its creator."""
    from qstrong.casework.export_jobs import lists_export_run

    job = Job.objects.get(pk=job_id)
    job_start(job=job)
    try:
        result = lists_export_run(job=job, progress=ThrottledProgress(job))
    except Exception as exc:
        job_fail(job=job, message=str(exc))
        raise
    job_finish(job=job, result=result)
    return result
