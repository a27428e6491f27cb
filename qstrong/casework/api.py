"""The casework API (django-ninja router, mounted at /api/casework/): activities, needs, tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from qstrong.accounts.models import Organisation, Role, User
from qstrong.casework import selectors, services
from qstrong.casework.api_schemas import (
    ActivityDetailOut,
    ActivityIn,
    ActivityPage,
    ListQuery,
    NeedDetailOut,
    NeedIn,
    NeedOut,
    NeedPage,
    TaskDetailOut,
    TaskIn,
    TaskOut,
    TaskPage,
    TaskQuery,
    TaskTransitionIn,
)
from qstrong.casework.models import Need, OutreachActivity, Task
from qstrong.core.apitypes import PathId
from qstrong.registry.models import Chain, Town

router = Router(tags=["casework"])


# --- shaping -----------------------------------------------------------------------------------


def _ref(obj: Any) -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": str(obj)}


def _activity(activity: OutreachActivity, *, full: bool = False) -> dict[str, Any]:
    data = {
        "id": activity.pk,
        "kind": activity.kind,
        "kind_label": activity.get_kind_display(),
        "title": activity.title,
        "date": activity.date,
        "place": activity.place,
        "organisers": [_ref(o) for o in activity.organisers.all()],
        "enterprises": [{"uscc": e.uscc, "name": e.name} for e in activity.enterprises.all()],
        "chains": [{"code": c.code, "name": c.name} for c in activity.chains.all()],
        "towns": [{"code": t.code, "name": t.name} for t in activity.towns.all()],
        "source": activity.source,
    }
    if full:
        data |= {
            "participants": activity.participants,
            "participant_count": activity.participant_count,
            "summary": activity.summary,
            "source_note": activity.source_note,
            "photos": [
                {
                    "id": p.pk,
                    "caption": p.caption,
                    "credit": p.credit,
                    "content_type": p.content_type,
                }
                for p in activity.photos.all()
            ],
            "needs": [n.pk for n in activity.needs.all()],
        }
    return data


def _need(need: Need) -> dict[str, Any]:
    return {
        "id": need.pk,
        "subject_kind": need.subject_kind,
        "subject": _ref(need.subject),
        "category": need.category,
        "description": need.description,
        "source": need.source,
        "activity": need.activity_id,
        "raised_by": need.raised_by,
        "raised_on": need.raised_on,
        "state": need.state,
        "bureau": _ref(need.bureau),
        "provenance": need.source_kind,
    }


def _task(task: Task, *, user: Any, today: dt.date) -> dict[str, Any]:
    data = {
        "id": task.pk,
        "need": task.need_id,
        "action": task.action,
        "responsible_bureau": _ref(task.responsible_bureau),
        "responsible_person": _ref(task.responsible_person),
        "due_date": task.due_date,
        "state": task.state,
        "overdue": task.is_overdue(today),
        "verified_at": task.verified_at,
    }
    if getattr(user, "role", "") != Role.ENTERPRISE_USER:
        data["internal_note"] = task.internal_note
    return data


# --- activities --------------------------------------------------------------------------------


@router.get("/activities", response=ActivityPage, summary="惠企直通车活动列表（按辖区）")
def activity_list(request: HttpRequest, query: Query[ListQuery]) -> dict[str, Any]:
    qs = selectors.activity_list(user=request.user)
    rows = qs[query.offset : query.offset + query.limit]
    return {"count": qs.count(), "items": [_activity(a) for a in rows]}


@router.get("/activities/{pk}", response=ActivityDetailOut, summary="活动详情")
def activity_detail(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    return _activity(selectors.activity_detail(user=request.user, pk=pk), full=True)


@router.post("/activities", response={201: ActivityDetailOut}, summary="登记活动")
def activity_create(request: HttpRequest, payload: ActivityIn) -> Status[dict[str, Any]]:
    user = request.user
    organisers = list(selectors.bureau_choices(user=user).filter(pk__in=payload.organisers))
    enterprises = list(selectors.enterprise_choices(user=user).filter(uscc__in=payload.enterprises))
    errors: dict[str, list[str]] = {}
    if len(organisers) != len(set(payload.organisers)):
        errors["organisers"] = [_("组织单位不存在或不可选。")]
    missing = sorted(set(payload.enterprises) - {e.uscc for e in enterprises})
    if missing:
        errors["enterprises"] = [
            _("在您可见的企业中找不到：%(items)s。") % {"items": "、".join(missing)}
        ]
    if errors:
        raise DjangoValidationError(errors)
    data = services.ActivityData(
        kind=payload.kind, title=payload.title, date=payload.date, place=payload.place,
        organisers=organisers, enterprises=enterprises,
        chains=list(Chain.objects.filter(code__in=payload.chains)),
        towns=list(Town.objects.filter(code__in=payload.towns)),
        participants=payload.participants, participant_count=payload.participant_count,
        summary=payload.summary,
    )  # fmt: skip
    activity = services.activity_create(actor=user, data=data)
    return Status(201, _activity(selectors.activity_detail(user=user, pk=activity.pk), full=True))


# --- needs -------------------------------------------------------------------------------------


@router.get("/needs", response=NeedPage, summary="需求清单（按辖区；企业用户为本企业）")
def need_list(request: HttpRequest, query: Query[ListQuery]) -> dict[str, Any]:
    qs = selectors.needs_visible(user=request.user).order_by("-raised_on", "-pk")
    rows = qs[query.offset : query.offset + query.limit]
    return {"count": qs.count(), "items": [_need(n) for n in rows]}


@router.get("/needs/{pk}", response=NeedDetailOut, exclude_unset=True, summary="需求详情及其任务")
def need_detail(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    need = selectors.need_detail(user=request.user, pk=pk)
    today = timezone.localdate()
    return _need(need) | {
        "tasks": [_task(t, user=request.user, today=today) for t in need.tasks.all()]
    }


@router.post("/needs", response={201: NeedOut}, summary="登记需求（企业用户：为本企业提出）")
def need_create(request: HttpRequest, payload: NeedIn) -> Status[dict[str, Any]]:
    user: Any = request.user
    subject: dict[str, Any] = {}
    if user.role == Role.ENTERPRISE_USER:
        subject["enterprise"] = (
            selectors.enterprise_choices(user=user).filter(uscc=(payload.enterprise or "")).first()
        )
        if subject["enterprise"] is None:
            raise PermissionDenied
    else:
        if payload.enterprise:
            subject["enterprise"] = (
                selectors.enterprise_choices(user=user)
                .filter(uscc=payload.enterprise.upper())
                .first()
            )
            if subject["enterprise"] is None:
                raise DjangoValidationError({"enterprise": [_("在您可见的企业中找不到该企业。")]})
        if payload.chain:
            subject["chain"] = Chain.objects.filter(code=payload.chain).first()
        if payload.town:
            subject["town"] = Town.objects.filter(code=payload.town).first()
    activity = None
    if payload.activity is not None:
        activity = selectors.activities_visible(user=user).filter(pk=payload.activity).first()
        if activity is None:
            raise DjangoValidationError({"activity": [_("活动不存在或不可见。")]})
    data = services.NeedData(
        description=payload.description, source=payload.source, category=payload.category,
        activity=activity, raised_by=payload.raised_by, **subject,
    )  # fmt: skip
    need = services.need_create(actor=user, data=data)
    return Status(201, _need(need))


# --- tasks -------------------------------------------------------------------------------------


@router.get(
    "/tasks",
    response=TaskPage,
    exclude_unset=True,
    summary="任务清单（按辖区、责任单位、责任人、逾期）",
)
def task_list(request: HttpRequest, query: Query[TaskQuery]) -> dict[str, Any]:
    filters = selectors.TaskFilters(
        state=query.state, bureau=query.bureau, person=query.person,
        enterprise=query.enterprise, overdue=query.overdue,
    )  # fmt: skip
    qs = selectors.task_search(user=request.user, filters=filters)
    today = timezone.localdate()
    rows = qs[query.offset : query.offset + query.limit]
    return {"count": qs.count(), "items": [_task(t, user=request.user, today=today) for t in rows]}


@router.get("/tasks/{pk}", response=TaskDetailOut, exclude_unset=True, summary="任务详情及办理记录")
def task_detail(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    task = selectors.task_detail(user=request.user, pk=pk)
    events = [
        {"at": e.at, "actor": _ref(e.actor), "kind": e.kind, "from_state": e.from_state,
         "to_state": e.to_state, "comment": e.comment}
        for e in task.events.all()
    ]  # fmt: skip
    return _task(task, user=request.user, today=timezone.localdate()) | {"events": events}


@router.post(
    "/tasks",
    response={201: TaskOut},
    exclude_unset=True,
    summary="为需求安排任务（落实责任单位、责任人、时限）",
)
def task_create(request: HttpRequest, payload: TaskIn) -> Status[dict[str, Any]]:
    need = selectors.need_detail(user=request.user, pk=payload.need)
    bureau = Organisation.objects.filter(pk=payload.responsible_bureau).first()
    person = (
        User.objects.filter(pk=payload.responsible_person).first()
        if payload.responsible_person
        else None
    )
    if bureau is None:
        raise DjangoValidationError({"responsible_bureau": [_("责任单位不存在。")]})
    if payload.responsible_person and person is None:
        raise DjangoValidationError({"responsible_person": [_("责任人不存在。")]})
    data = services.TaskData(
        action=payload.action, responsible_bureau=bureau, responsible_person=person,
        due_date=payload.due_date, internal_note=payload.internal_note,
    )  # fmt: skip
    task = services.task_create(need=need, actor=request.user, data=data)
    return Status(201, _task(task, user=request.user, today=timezone.localdate()))


@router.post(
    "/tasks/{pk}/transitions",
    response=TaskOut,
    exclude_unset=True,
    summary="任务状态变更（开始、完成、核验、退回）",
)
def task_transition(request: HttpRequest, pk: PathId, payload: TaskTransitionIn) -> dict[str, Any]:
    """403 when the role may not make the move, 409 when the state machine has no such move."""
    task = selectors.task_detail(user=request.user, pk=pk)
    services.task_transition(
        task=task, actor=request.user, to_state=payload.to_state, comment=payload.comment
    )
    task = selectors.task_detail(user=request.user, pk=pk)
    return _task(task, user=request.user, today=timezone.localdate())
