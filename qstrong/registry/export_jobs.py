"""Enterprise exports too big for a request: written by a job, downloaded by its creator."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from qstrong.core.models import AuditEvent, Job
from qstrong.core.selectors import job_visible_to
from qstrong.core.services import audit_record, job_create
from qstrong.registry.exporting import Progress, export_enterprises
from qstrong.registry.models import Enterprise
from qstrong.registry.selectors import EnterpriseFilters, enterprise_search

EXPORT_JOB_KIND = "export"
EXPORT_DIR = "exports"
EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_MAX_AGE = dt.timedelta(days=1)


def export_is_inline(queryset: QuerySet[Enterprise]) -> bool:
    """Small lists are written in the request; counting stops one row past the limit."""
    limit = settings.QSTRONG_EXPORT_INLINE_MAX
    return queryset.order_by()[: limit + 1].count() <= limit


def export_audit(*, actor: Any, fmt: str, rows: int, query: str, job: Job | None = None) -> None:
    """Who took which records out of the system is part of the audit trail."""
    where = f" job {job.pk};" if job is not None else ""
    audit_record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        object_type="registry.enterprise",
        object_id="list",
        object_repr=_("企业名录"),
        note=f"{fmt} {rows} rows;{where} {query}".rstrip()[:255],
    )


def enterprise_export_start(*, filters: EnterpriseFilters, fmt: str, query: str, actor: Any) -> Job:
    """Queue the export on a worker, or return the user's same export still queued or running.

    The job keeps the filters and the user, not a queryset: the worker scopes the list again.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format: {fmt}")
    params = {
        "filters": dataclasses.asdict(filters),
        "fmt": fmt,
        "user_id": actor.pk,
        "query": query,
    }
    # A double click, or a browser fetching the link twice, does not start a second export.
    for running in Job.objects.filter(
        kind=EXPORT_JOB_KIND,
        created_by=actor,
        state__in=[Job.State.QUEUED, Job.State.RUNNING],
    )[:20]:
        if running.params == params:
            return running
    label = "Excel" if fmt == "xlsx" else "CSV"
    job = job_create(
        kind=EXPORT_JOB_KIND,
        title=_("企业名录导出（%(format)s）") % {"format": label},
        params=params,
        actor=actor,
    )

    def enqueue() -> None:
        from qstrong.registry.tasks import enterprise_export_task

        result = enterprise_export_task.enqueue(job_id=str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))

    transaction.on_commit(enqueue)
    return job


def enterprise_export_run(*, job: Job, progress: Progress | None = None) -> dict[str, Any]:
    """Write the job's export to storage; returns what job.result keeps (path, rows, size)."""
    params = job.params
    fmt = params["fmt"]
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format: {fmt}")
    user = get_user_model().objects.filter(pk=params["user_id"], is_active=True).first()
    if user is None:
        raise PermissionError("the user who asked for the export is no longer active")
    filters = EnterpriseFilters(**params["filters"])
    queryset = enterprise_search(user=user, filters=filters)
    # Written to a local file first: storage sees only a finished file, never a partial one.
    with tempfile.TemporaryFile() as handle:
        rows = export_enterprises(
            queryset=queryset, path_or_buffer=handle, fmt=fmt, progress=progress
        )
        size = handle.tell()
        handle.seek(0)
        path = default_storage.save(f"{EXPORT_DIR}/{job.pk}.{fmt}", File(handle))
    return {"path": path, "rows": rows, "size": size, "fmt": fmt}


def export_job_for(*, pk: Any, user: Any) -> Job | None:
    """The export job if this user may follow it (its creator, or an administrator)."""
    job = Job.objects.filter(pk=pk, kind=EXPORT_JOB_KIND).first()
    if job is None or not job_visible_to(job=job, user=user):
        return None
    return job


def export_file_path(job: Job) -> str | None:
    """The stored file of a finished export, or None if it failed or has been pruned."""
    path = job.result.get("path") if job.state == Job.State.SUCCEEDED else None
    if not path or not str(path).startswith(f"{EXPORT_DIR}/"):
        return None
    return str(path) if default_storage.exists(path) else None


def exports_prune(*, older_than: dt.timedelta = EXPORT_MAX_AGE, dry_run: bool = False) -> list[str]:
    """Delete export files older than `older_than`; returns the names it deleted (or would)."""
    if not default_storage.exists(EXPORT_DIR):
        return []
    cutoff = timezone.now() - older_than
    _dirs, files = default_storage.listdir(EXPORT_DIR)
    pruned = []
    for name in sorted(files):
        path = f"{EXPORT_DIR}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            if not dry_run:
                default_storage.delete(path)
            pruned.append(path)
    return pruned
