"""The three lists (需求清单、任务清单、责任清单) too big for a request: a job writes them,
only the officer who asked downloads them (pattern: qstrong/registry/export_jobs.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from qstrong.accounts.models import Role
from qstrong.casework import selectors
from qstrong.casework.exporting import lists_workbook
from qstrong.casework.models import Need, Task
from qstrong.core.models import AuditEvent, Job
from qstrong.core.services import audit_record, job_create

LISTS_JOB_KIND = "casework_lists_export"
# Under the registry's export folder, so `qstrong prune_exports` clears these files too.
EXPORT_DIR = "exports"
Progress = Callable[[int, int, str], None]


def lists_inline_max() -> int:
    return int(getattr(settings, "QSTRONG_EXPORT_INLINE_MAX", 5000))


def lists_querysets(*, user: Any, filters: selectors.TaskFilters) -> tuple[Any, Any]:
    tasks = selectors.task_search(user=user, filters=filters).select_related("verified_by")
    needs = selectors.need_search(user=user, filters=filters)
    return needs, tasks


def lists_are_inline(*, user: Any, filters: selectors.TaskFilters) -> bool:
    """Needs + tasks at most the limit; counting stops one row past it."""
    limit = lists_inline_max()
    needs, tasks = lists_querysets(user=user, filters=filters)
    rows = tasks.order_by()[: limit + 1].count()
    if rows <= limit:
        rows += needs.order_by()[: limit + 1 - rows].count()
    return rows <= limit


def lists_audit(*, actor: Any, needs: int, tasks: int, query: str, job: Job | None = None) -> None:
    """Who took which lists out of the system is part of the audit trail."""
    where = f" job {job.pk};" if job is not None else ""
    audit_record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        object_type="casework.lists",
        object_id="-",
        object_repr=_("需求、任务、责任清单"),
        note=f"{needs} needs, {tasks} tasks;{where} {query}".rstrip()[:255],
    )


def lists_content(
    *, user: Any, filters: selectors.TaskFilters, progress: Progress | None = None
) -> tuple[bytes, int, int]:
    """The workbook and its (needs, tasks) counts; enterprise users never get internal notes."""
    needs_qs, tasks_qs = lists_querysets(user=user, filters=filters)
    total = needs_qs.count() + tasks_qs.count()
    needs: list[Need] = []
    tasks: list[Task] = []
    for need in needs_qs.iterator(chunk_size=2000):
        needs.append(need)
        if progress and len(needs) % 2000 == 0:
            progress(len(needs), total, "exporting")
    for task in tasks_qs.iterator(chunk_size=2000):
        tasks.append(task)
        if progress and len(tasks) % 2000 == 0:
            progress(len(needs) + len(tasks), total, "exporting")
    if getattr(user, "role", "") == Role.ENTERPRISE_USER:
        for task in tasks:
            task.internal_note = ""
    content = lists_workbook(needs=needs, tasks=tasks)
    if progress:
        progress(total, total, "exporting")
    return content, len(needs), len(tasks)


def lists_export_start(*, filters: selectors.TaskFilters, query: str, actor: Any) -> Job:
    """Queue the export, or return the same export of this user still queued or running.

    The job keeps the filters and the user, not a queryset: the worker scopes the lists again.
    """
    params = {"filters": dataclasses.asdict(filters), "user_id": actor.pk, "query": query}
    for running in Job.objects.filter(
        kind=LISTS_JOB_KIND, created_by=actor, state__in=[Job.State.QUEUED, Job.State.RUNNING]
    )[:20]:
        if running.params == params:
            return running
    job = job_create(
        kind=LISTS_JOB_KIND, title=_("需求、任务、责任清单导出"), params=params, actor=actor
    )

    def enqueue() -> None:
        from qstrong.casework.tasks import lists_export_task

        result = lists_export_task.enqueue(job_id=str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))

    transaction.on_commit(enqueue)
    return job


def lists_export_run(*, job: Job, progress: Progress | None = None) -> dict[str, Any]:
    """Write the job's workbook to storage; returns what job.result keeps."""
    params = job.params
    user = get_user_model().objects.filter(pk=params["user_id"], is_active=True).first()
    if user is None:
        raise PermissionError("the user who asked for the export is no longer active")
    filters = selectors.TaskFilters(**params["filters"])
    content, needs, tasks = lists_content(user=user, filters=filters, progress=progress)
    path = default_storage.save(f"{EXPORT_DIR}/casework-lists-{job.pk}.xlsx", ContentFile(content))
    return {"path": path, "needs": needs, "tasks": tasks, "size": len(content)}


def lists_job_for(*, pk: Any, user: Any) -> Job | None:
    """The export job if this user started it; anyone else's is as absent as a missing one."""
    job = Job.objects.filter(pk=pk, kind=LISTS_JOB_KIND).first()
    if job is None or job.created_by_id is None or job.created_by_id != user.pk:
        return None
    return job


def lists_file_path(job: Job) -> str | None:
    path = job.result.get("path") if job.state == Job.State.SUCCEEDED else None
    if not path or not str(path).startswith(f"{EXPORT_DIR}/casework-lists-"):
        return None
    return str(path) if default_storage.exists(path) else None
