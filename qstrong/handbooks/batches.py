"""Batches: choose the subjects (a list or a criterion), generate in the background with progress,
failures listed and retryable, review and publish the whole batch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qstrong.core.models import AuditEvent, Job
from qstrong.core.services import audit_record, job_create
from qstrong.handbooks import services
from qstrong.handbooks.models import Batch, Handbook, Kind
from qstrong.handbooks.selectors import can_compile, can_edit
from qstrong.registry.models import Chain, ChainMember, ChainRole, Enterprise, Town, TownMember

JOB_KIND = "handbooks_batch_generate"
Progress = Callable[[int, int, str], None]

CRITERIA = {
    "chain_leaders": (Kind.ENTERPRISE, gettext_lazy("链主、链核企业")),
    "town_leaders": (Kind.ENTERPRISE, gettext_lazy("省级专业镇龙头企业")),
    "all_chains": (Kind.CHAIN, gettext_lazy("全部产业链")),
    "provincial_towns": (Kind.TOWN, gettext_lazy("全部省级专业镇")),
}


def subjects_by_criterion(criterion: str) -> list[Any]:
    if criterion == "chain_leaders":
        ids = ChainMember.objects.filter(
            role__in=(ChainRole.LEADER, ChainRole.CORE), chain__archived_at__isnull=True
        ).values("enterprise_id")
        return list(
            Enterprise.objects.filter(pk__in=ids, archived_at__isnull=True).order_by("name")
        )
    if criterion == "town_leaders":
        town_ids = TownMember.objects.filter(
            is_leading=True, town__level=Town.Level.PROVINCIAL, town__archived_at__isnull=True
        ).values("enterprise_id")
        return list(
            Enterprise.objects.filter(pk__in=town_ids, archived_at__isnull=True).order_by("name")
        )
    if criterion == "all_chains":
        return list(Chain.objects.filter(archived_at__isnull=True).order_by("sort_order", "code"))
    if criterion == "provincial_towns":
        return list(
            Town.objects.filter(level=Town.Level.PROVINCIAL, archived_at__isnull=True).order_by(
                "code"
            )
        )
    raise ValidationError({"criterion": [_("未知的选取方式：%(c)s") % {"c": criterion}]})


def subjects_by_codes(kind: str, codes: Sequence[str]) -> list[Any]:
    """Enterprises by USCC, chains and towns by code; an unknown line is named, nothing is made."""
    model: Any = {Kind.ENTERPRISE: Enterprise, Kind.CHAIN: Chain, Kind.TOWN: Town}[Kind(kind)]
    field = "uscc" if kind == Kind.ENTERPRISE else "code"
    wanted = [c.strip() for c in codes if c.strip()]
    found = {getattr(o, field): o for o in model.objects.filter(**{f"{field}__in": wanted})}
    missing = [f"第 {i} 行：{c}" for i, c in enumerate(wanted, start=1) if c not in found]
    if missing:
        raise ValidationError(
            {"subjects": [_("找不到：%(rows)s") % {"rows": "；".join(missing[:20])}]}
        )
    if not wanted:
        raise ValidationError({"subjects": [_("请至少列出一个对象。")]})
    return [found[c] for c in dict.fromkeys(wanted)]


@transaction.atomic
def batch_create(
    *,
    name: str,
    kind: str,
    year: int,
    subjects: Sequence[Any],
    actor: Any,
    criterion: str = "",
    note: str = "",
) -> Batch:
    """A batch and a pending handbook for each subject (the next edition of each)."""
    if actor is not None and not can_compile(actor):
        raise PermissionDenied("batches are compiled by the province")
    if Batch.objects.filter(kind=kind, year=year, name=name.strip()).exists():
        raise ValidationError({"name": [_("该年度已有同名批次。")]})
    batch = Batch(
        name=name.strip(),
        kind=kind,
        year=year,
        criterion=criterion,
        note=note,
        created_by=services._user(actor),
    )
    batch.full_clean()
    batch.save()
    for subject in subjects:
        handbook = services.handbook_create(subject=subject, actor=actor, batch=batch)
        if handbook.kind != kind:
            raise ValidationError({"subjects": [_("批次只能包含同一类手册。")]})
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        object_type="handbooks.batch",
        object_id=str(batch.pk),
        object_repr=str(batch),
    )
    return batch


def batch_generate_start(*, batch: Batch, actor: Any, as_of: dt.date | None = None) -> Job:
    """Queue the generation of the batch's pending and failed handbooks."""
    as_of = as_of or timezone.localdate()
    job = job_create(
        kind=JOB_KIND,
        title=_("生成手册：%(batch)s") % {"batch": str(batch)},
        params={
            "batch_id": batch.pk,
            "as_of": as_of.isoformat(),
            "user_id": getattr(actor, "pk", None),
        },
        actor=actor,
    )
    Batch.objects.filter(pk=batch.pk).update(job=job)
    batch.job = job

    def enqueue() -> None:
        from qstrong.handbooks.tasks import batch_generate_task

        result = batch_generate_task.enqueue(job_id=str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))

    transaction.on_commit(enqueue)
    return job


def batch_generate_run(
    *, batch: Batch, actor: Any, as_of: dt.date, progress: Progress | None = None
) -> dict[str, Any]:
    """Compose each pending / failed handbook in its own transaction; one failure stops nothing."""
    todo = list(
        batch.handbooks.filter(state__in=(Handbook.State.PENDING, Handbook.State.FAILED))
        .select_related("enterprise", "chain", "town")
        .order_by("pk")
    )
    done, failed = 0, 0
    for i, handbook in enumerate(todo, start=1):
        try:
            services.handbook_generate(handbook=handbook, actor=actor, as_of=as_of)
            done += 1
        except Exception as exc:  # listed with its error, retryable
            failed += 1
            detail = f"{type(exc).__name__}: {exc}"
            services.handbook_fail(handbook=handbook, actor=actor, error=detail[:2000])
        if progress:
            progress(i, len(todo), "generating")
    return {"generated": done, "failed": failed, "total": len(todo)}


def batch_submit_all(*, batch: Batch, actor: Any) -> int:
    count = 0
    for handbook in batch.handbooks.filter(state=Handbook.State.DRAFT):
        if can_edit(actor, handbook):
            services.handbook_submit(handbook=handbook, actor=actor)
            count += 1
    return count


def batch_publish_all(
    *, batch: Batch, actor: Any, today: dt.date | None = None
) -> tuple[int, list[str]]:
    """Publish every handbook in review the actor may publish; errors listed per handbook."""
    published, errors = 0, []
    for handbook in batch.handbooks.filter(state=Handbook.State.IN_REVIEW).order_by("pk"):
        if not can_edit(actor, handbook):
            continue
        try:
            services.handbook_publish(handbook=handbook, actor=actor, today=today)
            published += 1
        except ValidationError as exc:
            errors.append(f"{handbook.subject_name}：{'；'.join(exc.messages)}")
    return published, errors
