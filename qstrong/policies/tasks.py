"""Background tasks of policies: a matching run with progress on its job."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django_tasks import task

from qstrong.core.models import Job
from qstrong.core.services import job_fail, job_finish, job_start


@task()
def match_run_task(
    *,
    job_id: str,
    actor_id: int | None = None,
    as_of: str | None = None,
    policy_id: int | None = None,
    push: bool = True,
) -> dict[str, Any]:
    from qstrong.policies.matching import match_run, run_counts
    from qstrong.policies.models import Policy

    job = Job.objects.get(pk=job_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    policy = Policy.objects.get(pk=policy_id) if policy_id else None
    job_start(job=job)
    try:
        run = match_run(
            as_of=dt.date.fromisoformat(as_of) if as_of else None,
            policy=policy,
            actor=actor,
            push=push,
            job=job,
        )
    except Exception as exc:
        job_fail(job=job, message=str(exc))
        raise
    result = {"run_id": run.pk, **run_counts(run), "pushes": run.pushes_count}
    job_finish(job=job, result=result, message=run.message)
    return result
