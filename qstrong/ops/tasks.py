"""Background task of the scheduler: a claimed run, executed by whichever worker takes it."""

from __future__ import annotations

from django_tasks import task

from qstrong.ops.models import ScheduledRun
from qstrong.ops.services import scheduled_run_execute


@task()
def scheduled_run_task(*, run_id: int) -> str:
    run = ScheduledRun.objects.get(pk=run_id)
    return scheduled_run_execute(run=run).state
