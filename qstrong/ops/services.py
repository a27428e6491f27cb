"""Scheduler writes: claim a slot (the lock), hand it to a worker, record how the run went."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import socket
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from qstrong.core.services import job_create
from qstrong.ops.models import ScheduledRun
from qstrong.ops.schedule import ScheduledJob, configured_jobs, due_slot, schedule_timezone

logger = logging.getLogger(__name__)


def scheduler_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:128]


def scheduled_run_claim(
    *, job: ScheduledJob, slot: dt.datetime, claimed_by: str
) -> ScheduledRun | None:
    """Insert the (job, slot) row; None when another scheduler already has it.

    On PostgreSQL a second insert of the same pair waits for the first transaction and then
    fails on the unique constraint; on SQLite writers are serialised. Either way one row wins.
    """
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(job_name=job.name, slot=slot, claimed_by=claimed_by)
    except IntegrityError:
        return None


def scheduler_tick(
    *, now: dt.datetime, claimed_by: str = "", jobs: list[ScheduledJob] | None = None
) -> list[ScheduledRun]:
    """Claim every due slot and queue its run for a worker; returns the runs this call claimed."""
    grace = dt.timedelta(minutes=settings.QSTRONG_SCHEDULE_GRACE_MINUTES)
    tz = schedule_timezone()
    claimed = []
    for job in configured_jobs() if jobs is None else jobs:
        slot = due_slot(job, now=now, grace=grace, tz=tz)
        if slot is None or ScheduledRun.objects.filter(job_name=job.name, slot=slot).exists():
            continue
        run = scheduled_run_claim(job=job, slot=slot, claimed_by=claimed_by or scheduler_identity())
        if run is None:
            continue
        logger.info("scheduled %s for %s", job.name, slot.isoformat())
        transaction.on_commit(functools.partial(_enqueue, run.pk))
        claimed.append(run)
    return claimed


def _enqueue(run_id: int) -> None:
    from qstrong.ops.tasks import scheduled_run_task

    scheduled_run_task.enqueue(run_id=run_id)


def _run_match(run: ScheduledRun, as_of: dt.date) -> str:
    from qstrong.policies.tasks import match_run_task

    job = job_create(
        kind="match",
        title="政策匹配：定时全量匹配",
        params={"as_of": as_of.isoformat()},
        actor=None,
    )
    ScheduledRun.objects.filter(pk=run.pk).update(job=job)
    result = match_run_task.call(job_id=str(job.pk), as_of=as_of.isoformat())
    return (
        f"run {result['run_id']}: eligible {result.get('eligible', 0)}, "
        f"needs_data {result.get('needs_data', 0)}, pushes {result.get('pushes', 0)}"
    )


def _run_remind_tasks(run: ScheduledRun, as_of: dt.date) -> str:
    from qstrong.casework.reminders import reminder_summary, reminders_send

    return reminder_summary(reminders_send(today=as_of))


def _run_prune_exports(run: ScheduledRun, as_of: dt.date) -> str:
    from qstrong.registry.export_jobs import exports_prune

    return f"deleted {len(exports_prune())} export file(s)"


def _run_certificates_expire(run: ScheduledRun, as_of: dt.date) -> str:
    from qstrong.nqi.services import certificates_expire

    lapsed = certificates_expire(today=as_of)
    enterprises = len({c.enterprise_id for c in lapsed})
    return f"expired {len(lapsed)}, enterprises re-matched {enterprises}"


RUNNERS: dict[str, Callable[[ScheduledRun, dt.date], str]] = {
    ScheduledRun.JobName.MATCH: _run_match,
    ScheduledRun.JobName.REMIND_TASKS: _run_remind_tasks,
    ScheduledRun.JobName.PRUNE_EXPORTS: _run_prune_exports,
    ScheduledRun.JobName.CERTIFICATES_EXPIRE: _run_certificates_expire,
}


def scheduled_run_execute(*, run: ScheduledRun) -> ScheduledRun:
    """Run the job for its slot's local date; the row records the outcome either way."""
    if run.state != ScheduledRun.State.QUEUED:
        return run  # a retried task must not run the job twice
    run.state = ScheduledRun.State.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["state", "started_at"])
    as_of = run.slot.astimezone(schedule_timezone()).date()
    try:
        message = RUNNERS[run.job_name](run, as_of)
    except Exception as exc:
        logger.exception("scheduled %s for %s failed", run.job_name, run.slot.isoformat())
        run.state = ScheduledRun.State.FAILED
        run.message = f"{type(exc).__name__}: {exc}"[:2000]
    else:
        run.state = ScheduledRun.State.SUCCEEDED
        run.message = message
    run.finished_at = timezone.now()
    run.save(update_fields=["state", "message", "finished_at"])
    return run
