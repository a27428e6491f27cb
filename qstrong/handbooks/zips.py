"""A batch as one zip, built by a background job with progress (ADR 0002); only the officer
who asked downloads it, and the zip holds only the handbooks that officer may read
(pattern: qstrong/casework/export_jobs.py)."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from qstrong.core.models import AuditEvent, Job
from qstrong.core.services import audit_record, job_create
from qstrong.handbooks.files import FORMATS, filename, handbook_file
from qstrong.handbooks.models import Batch, Handbook
from qstrong.handbooks.selectors import batch_detail, handbooks_visible

ZIP_JOB_KIND = "handbooks_batch_zip"
# Under the registry's export folder, so `qstrong prune_exports` clears these files too.
ZIP_DIR = "exports"
Progress = Callable[[int, int, str], None]


def zip_handbooks(*, user: Any, batch: Batch) -> list[Handbook]:
    """The batch's generated handbooks the user may read, by name."""
    handbooks = handbooks_visible(user=user).filter(batch=batch).order_by("subject_name", "edition")
    return [h for h in handbooks if h.content]


def batch_zip_start(*, batch: Batch, actor: Any) -> Job:
    """Queue the zip, or return the same zip of this user still queued or running. The job
    keeps the batch and the user, not a list: the worker scopes the handbooks again."""
    params = {"batch_id": batch.pk, "user_id": actor.pk}
    running = Job.objects.filter(
        kind=ZIP_JOB_KIND,
        created_by=actor,
        state__in=[Job.State.QUEUED, Job.State.RUNNING],
        params__batch_id=batch.pk,
    ).first()
    if running is not None:
        return running
    job = job_create(
        kind=ZIP_JOB_KIND,
        title=_("打包下载：%(batch)s") % {"batch": str(batch)},
        params=params,
        actor=actor,
    )

    def enqueue() -> None:
        from qstrong.handbooks.tasks import batch_zip_task

        result = batch_zip_task.enqueue(job_id=str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))

    transaction.on_commit(enqueue)
    return job


def batch_zip_run(*, job: Job, progress: Progress | None = None) -> dict[str, Any]:
    """Render every readable handbook of the batch in both formats into one zip in storage."""
    user = get_user_model().objects.filter(pk=job.params["user_id"], is_active=True).first()
    if user is None:
        raise PermissionError("the user who asked for the zip is no longer active")
    batch = batch_detail(user=user, pk=int(job.params["batch_id"]))
    handbooks = zip_handbooks(user=user, batch=batch)
    with tempfile.TemporaryFile() as handle:
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
            for i, handbook in enumerate(handbooks, start=1):
                for fmt in FORMATS:
                    archive.writestr(
                        filename(handbook, fmt), handbook_file(handbook=handbook, fmt=fmt)
                    )
                if progress:
                    progress(i, len(handbooks), "exporting")
        size = handle.tell()
        handle.seek(0)
        path = default_storage.save(f"{ZIP_DIR}/handbooks-batch-{job.pk}.zip", File(handle))
    return {"path": path, "batch_id": batch.pk, "handbooks": len(handbooks), "size": size}


def batch_zip_job_for(*, pk: Any, batch: Batch, user: Any) -> Job | None:
    """The zip job if this user started it for this batch; anyone else's is as absent as a
    missing one."""
    job = Job.objects.filter(pk=pk, kind=ZIP_JOB_KIND).first()
    if job is None or job.created_by_id is None or job.created_by_id != user.pk:
        return None
    if job.params.get("batch_id") != batch.pk:
        return None
    return job


def latest_zip_job(*, batch: Batch, user: Any) -> Job | None:
    """The user's most recent zip of this batch (the batch page shows its progress)."""
    if getattr(user, "pk", None) is None:
        return None
    return (
        Job.objects.filter(kind=ZIP_JOB_KIND, created_by=user, params__batch_id=batch.pk)
        .order_by("-created_at")
        .first()
    )


def batch_zip_path(job: Job) -> str | None:
    path = job.result.get("path") if job.state == Job.State.SUCCEEDED else None
    if not path or not str(path).startswith(f"{ZIP_DIR}/handbooks-batch-"):
        return None
    return str(path) if default_storage.exists(path) else None


def batch_zip_audit(*, actor: Any, batch: Batch, job: Job) -> None:
    """Who took a batch's handbooks out of the system is part of the audit trail."""
    audit_record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        object_type="handbooks.batch",
        object_id=str(batch.pk),
        object_repr=str(batch),
        note=f"zip job {job.pk}; {job.result.get('handbooks', 0)} handbooks",
    )
