"""Every write of casework: activities with photos, needs, tasks and their state changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.accounts.models import Organisation, Role
from qstrong.casework import permissions
from qstrong.casework.models import (
    ActivityAttachment,
    ActivityPhoto,
    Need,
    OutreachActivity,
    Provenance,
    Task,
    TaskEvent,
    TaskEvidence,
)
from qstrong.casework.uploads import check_file, check_photo
from qstrong.core.models import AuditEvent
from qstrong.core.services import audit_record
from qstrong.registry.models import Chain, Enterprise, Town


def _require_officer(actor: Any) -> None:
    if not permissions.is_officer(actor):
        raise PermissionDenied("casework writes need an officer")


# --- outreach activities -----------------------------------------------------------------------


@dataclass
class ActivityData:
    kind: str
    title: str
    date: dt.date
    organisers: Sequence[Organisation]
    place: str = ""
    enterprises: Sequence[Enterprise] = ()
    chains: Sequence[Chain] = ()
    towns: Sequence[Town] = ()
    participants: str = ""
    participant_count: int | None = None
    summary: str = ""
    source: str = Provenance.MANUAL
    source_note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _check_activity_scope(
    *, actor: Any, data: ActivityData, kept: OutreachActivity | None = None
) -> None:
    """Organisers are bureaus; new enterprises lie in the actor's jurisdiction; the activity
    touches it. On an edit, subjects already on the record (added by a city colleague, say)
    may stay even when outside the actor's jurisdiction."""
    errors: dict[str, list[str]] = {}
    if not data.organisers:
        errors["organisers"] = [_("请至少选择一个组织单位。")]
    elif any(org.kind != Organisation.Kind.BUREAU for org in data.organisers):
        errors["organisers"] = [_("组织单位必须是市场监管部门。")]
    jurisdiction = jurisdiction_of(actor)
    already = set(kept.enterprises.values_list("pk", flat=True)) if kept is not None else set()
    outside = [
        e.name
        for e in data.enterprises
        if e.pk not in already and not jurisdiction.covers_region(e.region_id)
    ]
    if outside:
        errors["enterprises"] = [
            _("以下企业不在您的辖区内：%(names)s。") % {"names": "、".join(outside)}
        ]
    touches = (
        any(o.region_id and jurisdiction.covers_region(o.region_id) for o in data.organisers)
        or any(jurisdiction.covers_region(e.region_id) for e in data.enterprises)
        or any(jurisdiction.covers_region(t.county_id) for t in data.towns)
    )
    if not touches and not errors:
        errors["organisers"] = [_("组织单位或服务对象中至少要有一个在您的辖区内。")]
    if errors:
        raise ValidationError(errors)


def _activity_write(activity: OutreachActivity, data: ActivityData) -> None:
    for name in (
        "kind", "title", "date", "place", "participants", "participant_count", "summary",
        "source", "source_note",
    ):  # fmt: skip
        setattr(activity, name, getattr(data, name))
    activity.full_clean()
    activity.save()
    activity.organisers.set(data.organisers)
    activity.enterprises.set(data.enterprises)
    activity.chains.set(data.chains)
    activity.towns.set(data.towns)


@transaction.atomic
def activity_create(*, actor: Any, data: ActivityData) -> OutreachActivity:
    _require_officer(actor)
    _check_activity_scope(actor=actor, data=data)
    activity = OutreachActivity(created_by=_user(actor), updated_by=_user(actor))
    _activity_write(activity, data)
    _audit(actor, AuditEvent.Action.CREATE, activity, {"title": [None, activity.title]})
    return activity


def _activity_snapshot(activity: OutreachActivity) -> dict[str, Any]:
    """Every field an edit may change, with related records by name (the audit shows names)."""
    names: dict[str, Any] = {
        "organisers": activity.organisers.order_by("pk"),
        "enterprises": activity.enterprises.order_by("pk"),
        "chains": activity.chains.order_by("pk"),
        "towns": activity.towns.order_by("pk"),
    }
    return {
        **{f: getattr(activity, f) for f in ACTIVITY_FIELDS},
        **{key: [str(o.name) for o in qs] for key, qs in names.items()},
    }


ACTIVITY_FIELDS = (
    "kind", "title", "date", "place", "participants", "participant_count", "summary",
)  # fmt: skip


@transaction.atomic
def activity_update(*, activity: OutreachActivity, actor: Any, data: ActivityData) -> bool:
    """Rewrite an activity's record; only an organising bureau or one above it may.

    Provenance (source, source_note) is kept: an edit does not turn an article record into
    a manual one. Returns whether anything changed; the audit trail keeps before → after.
    """
    if not permissions.can_edit_activity(actor, activity):
        raise PermissionDenied("only an organising bureau or a bureau above it edits")
    _check_activity_scope(actor=actor, data=data, kept=activity)
    data.source, data.source_note = activity.source, activity.source_note
    before = _activity_snapshot(activity)
    activity.updated_by = _user(actor)
    _activity_write(activity, data)
    changes = _diff(before, _activity_snapshot(activity))
    if changes:
        _audit(actor, AuditEvent.Action.UPDATE, activity, changes)
    return bool(changes)


def _archive_file(*, item: Any, activity: OutreachActivity, actor: Any, reason: str) -> None:
    if not permissions.can_edit_activity(actor, activity):
        raise PermissionDenied("only an organising bureau or a bureau above it removes files")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("请说明移除的原因。")]})
    if item.archived_at is not None:
        raise ValidationError({"reason": [_("该文件已移除。")]})
    item.archived_at, item.archive_reason = timezone.now(), reason[:300]
    item.updated_by = _user(actor)
    item.save(update_fields=["archived_at", "archive_reason", "updated_by", "updated_at"])
    kind = "photo" if isinstance(item, ActivityPhoto) else "attachment"
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ARCHIVE,
        object_type=f"casework.activity{kind}",
        object_id=str(item.pk),
        object_repr=str(item),
        changes={"archived_at": [None, item.archived_at.isoformat()]},
        note=reason[:255],
    )
    _audit(actor, AuditEvent.Action.UPDATE, activity, {kind: [str(item), None]})


@transaction.atomic
def activity_photo_archive(*, photo: ActivityPhoto, actor: Any, reason: str) -> None:
    """Take a photo off the activity page; the file and its record stay as evidence."""
    _archive_file(item=photo, activity=photo.activity, actor=actor, reason=reason)


@transaction.atomic
def activity_attachment_archive(*, attachment: ActivityAttachment, actor: Any, reason: str) -> None:
    """Take an attachment off the activity page; the file and its record stay as evidence."""
    _archive_file(item=attachment, activity=attachment.activity, actor=actor, reason=reason)


@transaction.atomic
def activity_photo_add(
    *, activity: OutreachActivity, actor: Any, upload: Any, caption: str = "", credit: str = ""
) -> ActivityPhoto:
    """A photo with its caption and credit (such as “毕瑞喆 摄”); refused unless an image."""
    _require_officer(actor)
    content_type = check_photo(upload)
    photo = ActivityPhoto(
        activity=activity,
        content_type=content_type,
        size=upload.size,
        caption=caption.strip(),
        credit=credit.strip(),
        created_by=_user(actor),
    )
    photo.file.save(upload.name, upload, save=False)
    photo.full_clean()
    photo.save()
    _audit(actor, AuditEvent.Action.UPDATE, activity, {"photo": [None, photo.caption]})
    return photo


@transaction.atomic
def activity_attachment_add(
    *, activity: OutreachActivity, actor: Any, upload: Any
) -> ActivityAttachment:
    _require_officer(actor)
    check_file(upload)
    attachment = ActivityAttachment(
        activity=activity, name=upload.name[:200], size=upload.size, created_by=_user(actor)
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.full_clean()
    attachment.save()
    _audit(actor, AuditEvent.Action.UPDATE, activity, {"attachment": [None, attachment.name]})
    return attachment


# --- needs -------------------------------------------------------------------------------------


@dataclass
class NeedData:
    description: str
    source: str
    category: str = Need.Category.OTHER
    enterprise: Enterprise | None = None
    chain: Chain | None = None
    town: Town | None = None
    activity: OutreachActivity | None = None
    raised_by: str = ""
    raised_on: dt.date | None = None
    source_kind: str = Provenance.MANUAL
    source_note: str = ""


def _check_need_subject(*, actor: Any, data: NeedData) -> None:
    subjects = [s for s in (data.enterprise, data.chain, data.town) if s is not None]
    if len(subjects) != 1:
        raise ValidationError({"subject": [_("请选择一个服务对象：企业、产业链或专业镇之一。")]})
    if getattr(actor, "role", "") == Role.ENTERPRISE_USER:
        if data.enterprise is None or not permissions.can_raise_need_for_enterprise(
            actor, data.enterprise.pk
        ):
            raise PermissionDenied("enterprise users raise needs for their own enterprise")
        return
    _require_officer(actor)
    jurisdiction = jurisdiction_of(actor)
    if data.enterprise is not None and not jurisdiction.covers_region(data.enterprise.region_id):
        raise ValidationError({"enterprise": [_("该企业不在您的辖区内。")]})
    if data.town is not None and not jurisdiction.covers_region(data.town.county_id):
        raise ValidationError({"town": [_("该专业镇不在您的辖区内。")]})


@transaction.atomic
def need_create(*, actor: Any, data: NeedData) -> Need:
    """Register a need. Enterprise users raise them for their own enterprise (source: portal)."""
    _check_need_subject(actor=actor, data=data)
    is_enterprise = getattr(actor, "role", "") == Role.ENTERPRISE_USER
    org = getattr(actor, "organisation", None)
    need = Need(
        enterprise=data.enterprise,
        chain=data.chain,
        town=data.town,
        category=data.category,
        description=data.description.strip(),
        source=Need.Source.PORTAL if is_enterprise else data.source,
        activity=None if is_enterprise else data.activity,
        raised_by=data.raised_by.strip() or (str(actor) if actor else ""),
        bureau=org if org is not None and org.kind == Organisation.Kind.BUREAU else None,
        raised_on=data.raised_on or timezone.localdate(),
        source_kind=data.source_kind,
        source_note=data.source_note,
        created_by=_user(actor),
        updated_by=_user(actor),
    )
    need.full_clean()
    need.save()
    _audit(actor, AuditEvent.Action.CREATE, need, {"description": [None, need.description]})
    return need


def _need_sync_state(need: Need, *, actor: Any) -> None:
    """Closed exactly when it has tasks and every one of them is verified."""
    states = list(need.tasks.filter(archived_at__isnull=True).values_list("state", flat=True))
    closed = bool(states) and all(state == Task.State.VERIFIED for state in states)
    target = Need.State.CLOSED if closed else Need.State.OPEN
    if need.state == target:
        return
    before = need.state
    need.state = target
    need.closed_at = timezone.now() if closed else None
    need.save(update_fields=["state", "closed_at", "updated_at"])
    _audit(actor, AuditEvent.Action.UPDATE, need, {"state": [before, target]})


# --- tasks -------------------------------------------------------------------------------------


@dataclass
class TaskData:
    action: str
    responsible_bureau: Organisation
    due_date: dt.date
    responsible_person: Any = None
    internal_note: str = ""


def _check_task_data(*, actor: Any, data: TaskData) -> None:
    from qstrong.casework.selectors import bureau_choices

    errors: dict[str, list[str]] = {}
    bureau = data.responsible_bureau
    if bureau.kind != Organisation.Kind.BUREAU:
        errors["responsible_bureau"] = [_("责任单位必须是市场监管部门。")]
    elif not bureau_choices(user=actor).filter(pk=bureau.pk).exists():
        errors["responsible_bureau"] = [_("不能把任务交给该单位：它不在您的辖区内或上级。")]
    person = data.responsible_person
    if person is not None and person.organisation_id != bureau.pk:
        errors["responsible_person"] = [_("责任人必须是责任单位的工作人员。")]
    if errors:
        raise ValidationError(errors)


def _need_writable(*, actor: Any, need: Need) -> None:
    """Officers write the needs of their jurisdiction; visibility was checked by the caller."""
    from qstrong.casework.selectors import needs_visible

    _require_officer(actor)
    if not needs_visible(user=actor).filter(pk=need.pk).exists():
        raise PermissionDenied("need outside the jurisdiction")


@transaction.atomic
def task_create(*, need: Need, actor: Any, data: TaskData) -> Task:
    """Turn a need into a task with a responsible bureau (and person) and a due date."""
    _need_writable(actor=actor, need=need)
    _check_task_data(actor=actor, data=data)
    task = Task(
        need=need,
        action=data.action.strip(),
        responsible_bureau=data.responsible_bureau,
        responsible_person=data.responsible_person,
        due_date=data.due_date,
        internal_note=data.internal_note.strip(),
        created_by=_user(actor),
        updated_by=_user(actor),
    )
    task.full_clean()
    task.save()
    TaskEvent.objects.create(
        task=task, actor=_user(actor), kind=TaskEvent.Kind.CREATED, to_state=task.state
    )
    _need_sync_state(need, actor=actor)
    return task


class IllegalTransition(ValidationError):
    """A move the state machine does not have (e.g. open → verified)."""


def task_transition(
    *, task: Task, actor: Any, to_state: str, comment: str = "", now: dt.datetime | None = None
) -> TaskEvent:
    """Move a task to its next state, by a role allowed to; every move leaves a TaskEvent.

    Illegal moves raise IllegalTransition (a ValidationError), moves by the wrong person
    PermissionDenied; neither writes anything.
    """
    with transaction.atomic():
        task = Task.objects.select_for_update().select_related("responsible_bureau").get(pk=task.pk)
        labels = dict(Task.State.choices)
        # Someone who may make no move on this task at all (a leader reads only; an officer of
        # another bureau) is refused before the move is judged.
        if not permissions.allowed_sides(actor, task):
            raise PermissionDenied("this role may not move this task")
        if to_state not in labels or (task.state, to_state) not in permissions.TRANSITIONS:
            raise IllegalTransition(
                _("任务不能从“%(from)s”变为“%(to)s”。")
                % {
                    "from": labels.get(task.state, task.state),
                    "to": labels.get(to_state, to_state),
                },
                code="illegal_transition",
            )
        if not permissions.can_transition(actor, task, to_state):
            raise PermissionDenied("this role may not make this move")
        if (
            to_state == Task.State.IN_PROGRESS
            and task.state != Task.State.OPEN
            and not comment.strip()
        ):
            raise ValidationError({"comment": [_("退回或重新打开任务时请说明原因。")]})
        now = now or timezone.now()
        before = task.state
        task.state = to_state
        if to_state == Task.State.DONE:
            task.done_at = now
        if to_state == Task.State.VERIFIED:
            task.verified_at, task.verified_by = now, _user(actor)
        if to_state == Task.State.IN_PROGRESS:
            task.verified_at, task.verified_by = None, None
        task.updated_by = _user(actor)
        task.save()
        event = TaskEvent.objects.create(
            task=task,
            actor=_user(actor),
            at=now,
            kind=TaskEvent.Kind.TRANSITION,
            from_state=before,
            to_state=to_state,
            comment=comment.strip(),
        )
        _need_sync_state(task.need, actor=actor)
    return event


@transaction.atomic
def task_evidence_add(*, task: Task, actor: Any, upload: Any, comment: str = "") -> TaskEvidence:
    """Evidence comes from the responsible side or a supervisor, while the task is not closed."""
    if not (permissions.allowed_sides(actor, task)):
        raise PermissionDenied("only the responsible side or a supervisor adds evidence")
    check_file(upload)
    evidence = TaskEvidence(
        task=task, name=upload.name[:200], size=upload.size, created_by=_user(actor)
    )
    evidence.file.save(upload.name, upload, save=False)
    evidence.full_clean()
    evidence.save()
    TaskEvent.objects.create(
        task=task,
        actor=_user(actor),
        kind=TaskEvent.Kind.EVIDENCE,
        comment=(comment.strip() + " " if comment.strip() else "") + f"[{evidence.name}]",
    )
    return evidence


# --- shared ------------------------------------------------------------------------------------


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "pk", None) else None


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    from qstrong.core.services import diff_fields

    return diff_fields(before, after)


def _audit(actor: Any, action: str, obj: Any, changes: dict[str, Any]) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=f"casework.{type(obj).__name__.lower()}",
        object_id=str(obj.pk),
        object_repr=str(obj),
        changes=changes,
    )
