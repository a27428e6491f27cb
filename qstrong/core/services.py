"""Writes shared by every app: audit events and job progress."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import connection, models
from django.utils import timezone

from qstrong.core.models import AuditEvent, Job

PROGRESS_CACHE_SECONDS = 24 * 3600


def jsonable(value: Any) -> Any:
    """A value as it is stored in an audit event's before/after."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def diff_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose values differ."""
    changes: dict[str, list[Any]] = {}
    for key in after:
        old, new = jsonable(before.get(key)), jsonable(after[key])
        if old != new:
            changes[key] = [old, new]
    return changes


def audit_record(
    *,
    actor: Any,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str = "",
    changes: Mapping[str, Any] | None = None,
    import_batch_id: int | None = None,
    note: str = "",
) -> AuditEvent:
    actor_obj = actor if actor is not None and getattr(actor, "pk", None) else None
    return AuditEvent.objects.create(
        actor=actor_obj,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:255],
        changes=dict(changes or {}),
        import_batch_id=import_batch_id,
        note=note[:255],
    )


def audit_record_many(events: Iterable[AuditEvent], *, batch_size: int = 5000) -> int:
    created = AuditEvent.objects.bulk_create(list(events), batch_size=batch_size)
    return len(created)


def job_create(*, kind: str, title: str, params: Mapping[str, Any], actor: Any) -> Job:
    actor_obj = actor if actor is not None and getattr(actor, "pk", None) else None
    return Job.objects.create(kind=kind, title=title, params=dict(params), created_by=actor_obj)


def _progress_key(job_id: uuid.UUID | str) -> str:
    return f"qstrong:job:{job_id}:progress"


def job_start(*, job: Job) -> None:
    job.state = Job.State.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["state", "started_at"])


def job_progress(*, job: Job, done: int, total: int, stage: str = "") -> None:
    """Publish progress; inside a transaction the row is invisible to others, the cache is not."""
    job.done, job.total, job.stage = done, total, stage
    cache.set(
        _progress_key(job.id),
        {"done": done, "total": total, "stage": stage},
        PROGRESS_CACHE_SECONDS,
    )
    if not connection.in_atomic_block:
        Job.objects.filter(pk=job.pk).update(done=done, total=total, stage=stage)


def job_progress_read(*, job: Job) -> dict[str, Any]:
    live = cache.get(_progress_key(job.id))
    if live and not job.is_finished:
        return {**live, "state": job.state}
    return {"done": job.done, "total": job.total, "stage": job.stage, "state": job.state}


def job_finish(*, job: Job, result: Mapping[str, Any], message: str = "") -> None:
    job.state = Job.State.SUCCEEDED
    job.result = dict(result)
    job.message = message
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "result", "message", "finished_at"])
    cache.delete(_progress_key(job.id))


def job_fail(*, job: Job, message: str, result: Mapping[str, Any] | None = None) -> None:
    job.state = Job.State.FAILED
    job.message = message
    job.result = dict(result or {})
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "message", "result", "finished_at"])
    cache.delete(_progress_key(job.id))
