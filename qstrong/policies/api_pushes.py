"""The pushes and coverage API (django-ninja router, mounted at /api/pushes/)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from qstrong.core.apitypes import BodyIn, IsoDate, PathId, limit_field, offset_field
from qstrong.policies import pushing
from qstrong.policies.coverage import Coverage, CoverageDenied, Row, coverage_compute
from qstrong.policies.models import Policy, Push
from qstrong.policies.schemas import MissingFieldOut

router = Router(tags=["pushes"])


class PolicyRef(Schema):
    code: str
    title: str
    delivery: str
    delivery_label: str


class PushEnterpriseRef(Schema):
    uscc: str
    name: str
    region: str


class PushEventOut(Schema):
    at: dt.datetime
    from_state: str
    to_state: str
    actor: str | None
    comment: str


class PushOut(Schema):
    id: int
    policy: PolicyRef
    enterprise: PushEnterpriseRef
    state: str
    state_label: str
    sent_at: dt.datetime
    read_at: dt.datetime | None
    claimed_at: dt.datetime | None
    decided_at: dt.datetime | None


class PushDetailOut(PushOut):
    events: list[PushEventOut]


class PushPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[PushOut]


class PushQuery(Schema):
    state: str = Field("", description="sent | read | claimed | applied | granted | declined")
    policy: str = Field("", description="政策编号")
    region: str = Field("", description="行政区划代码（市或县）")
    q: str = Field("", description="企业名称包含")
    limit: int = limit_field(50)
    offset: int = offset_field()


class PushCommentIn(BodyIn):
    comment: str = Field("", max_length=500)


class GrantsConfirmedOut(Schema):
    policy: str
    granted: int


class CoverageFunnelOut(Schema):
    """Counts over (policy, enterprise) pairs; within a period, what happened during it."""

    eligible: int = Field(description="符合条件的（政策，企业）对数")
    needs_data: int = Field(description="缺数据、待补充才能判断的对数")
    pushed: int = Field(description="已推送")
    read: int = Field(description="已阅读")
    acted: int = Field(description="已认领或申报")
    granted: int = Field(description="已兑现")
    declined: int = Field(description="不予批准")
    unreached: int = Field(description="应享未达：符合条件但未推送")
    push_rate: float | None = Field(description="推送率（0—1，4 位小数）；无符合条件者时为 null")
    grant_rate: float | None = Field(description="兑现率（0—1，4 位小数）；无符合条件者时为 null")


class CoverageRowOut(CoverageFunnelOut):
    key: str = Field(description="分组键：政策编号、行政区划代码或规模代码")
    label: str = Field(description="分组名称")
    gap: float | None = Field(description="推送率与参照（县对市）之差；不比较时为 null")
    lagging: bool = Field(description="推送率明显落后于参照（平等共享）")


class CoverageEqualityOut(Schema):
    small_micro: CoverageFunnelOut = Field(description="小微企业")
    large: CoverageFunnelOut = Field(description="大型企业")
    push_gap: float | None = Field(description="大型减小微的推送率；任一无数据时为 null")
    grant_gap: float | None = Field(description="大型减小微的兑现率；任一无数据时为 null")
    lagging_counties: list[str] = Field(description="推送率落后于所在市的县（行政区划代码）")


class CoverageOut(Schema):
    policy: str | None = Field(description="所选政策编号；全部政策时为 null")
    region: str | None = Field(description="所选行政区划代码；整个辖区时为 null")
    overall: CoverageFunnelOut = Field(description="总体")
    by_policy: list[CoverageRowOut] = Field(description="按政策")
    by_city: list[CoverageRowOut] = Field(description="按市")
    by_county: list[CoverageRowOut] = Field(description="按县")
    by_scale: list[CoverageRowOut] = Field(description="按企业规模")
    missing_fields: list[MissingFieldOut] = Field(description="最常缺的企业数据项")
    equality: CoverageEqualityOut = Field(description="平等共享：小微对大型，县对市")


def push_row(push: Push) -> dict[str, Any]:
    return {
        "id": push.pk,
        "policy": {
            "code": push.policy.code,
            "title": push.policy.title,
            "delivery": push.policy.delivery,
            "delivery_label": push.policy.get_delivery_display(),
        },
        "enterprise": {
            "uscc": push.enterprise.uscc,
            "name": push.enterprise.name,
            "region": push.enterprise.region_id,
        },
        "state": push.state,
        "state_label": push.get_state_display(),
        "sent_at": push.sent_at,
        "read_at": push.read_at,
        "claimed_at": push.claimed_at,
        "decided_at": push.decided_at,
    }


def push_full(push: Push) -> dict[str, Any]:
    events = [
        {
            "at": e.at,
            "from_state": e.from_state,
            "to_state": e.to_state,
            "actor": (e.actor.display_name or e.actor.username) if e.actor else None,
            "comment": e.comment,
        }
        for e in pushing.push_events(push=push)
    ]
    return {**push_row(push), "events": events}


@router.get("/", response=PushPage, summary="推送列表（按辖区）：按状态、政策、地区筛选")
def push_list(request: HttpRequest, query: Query[PushQuery]) -> dict[str, Any]:
    if query.state and query.state not in Push.State.values:
        query.state = "__none__"
    qs = pushing.push_search(
        user=request.user, state=query.state, policy=query.policy, region=query.region, q=query.q
    )
    items = qs[query.offset : query.offset + query.limit]
    return {
        "total": qs.count(),
        "limit": query.limit,
        "offset": query.offset,
        "items": [push_row(p) for p in items],
    }


class CoverageQuery(Schema):
    policy: str = ""
    region: str = ""
    start: IsoDate | None = Field(None, alias="from", description="第一天（含）")
    end: IsoDate | None = Field(None, alias="to", description="最后一天（含）")


@router.get("/coverage", response=CoverageOut, summary="覆盖与公平：总体及按政策、市、县、规模")
def coverage_get(request: HttpRequest, query: Query[CoverageQuery]) -> dict[str, Any]:
    """Without from/to: as things stand now; with them, as docs/portal.md defines a period."""
    policy, region, start, end = query.policy, query.region, query.start, query.end
    chosen = None
    if policy:
        chosen = Policy.objects.filter(code=policy, state=Policy.State.PUBLISHED).first()
        if chosen is None:
            raise Http404("no such policy")
    try:
        result = coverage_compute(
            user=request.user, policy=chosen, region=region, start=start, end=end
        )
    except CoverageDenied as exc:
        raise PermissionDenied from exc
    return coverage_data(result)


def coverage_data(result: Coverage) -> dict[str, Any]:
    def rows(items: list[Row]) -> list[dict[str, Any]]:
        return [row.as_dict() for row in items]

    equality = result.equality
    return {
        "policy": result.policy.code if result.policy else None,
        "region": result.region or None,
        "overall": result.overall.as_dict(),
        "by_policy": rows(result.by_policy),
        "by_city": rows(result.by_city),
        "by_county": rows(result.by_county),
        "by_scale": rows(result.by_scale),
        "missing_fields": [
            {"field": name, "label": label, "count": count}
            for name, label, count in result.missing_fields
        ],
        "equality": {
            "small_micro": equality.small_micro.as_dict(),
            "large": equality.large.as_dict(),
            "push_gap": None if equality.push_gap is None else round(equality.push_gap, 4),
            "grant_gap": None if equality.grant_gap is None else round(equality.grant_gap, 4),
            "lagging_counties": [row.key for row in equality.lagging_counties],
        },
    }


@router.post(
    "/grants/{code}/confirm", response=GrantsConfirmedOut, summary="免申即享：一次确认全部兑现"
)
def grants_confirm(request: HttpRequest, code: str, payload: PushCommentIn) -> dict[str, Any]:
    policy = Policy.objects.filter(code=code).first()
    if policy is None:
        raise Http404("no such policy")
    granted = pushing.grants_confirm(policy=policy, actor=request.user, comment=payload.comment)
    return {"policy": policy.code, "granted": granted}


@router.get("/{push_id}", response=PushDetailOut, summary="推送详情与办理记录")
def push_get(request: HttpRequest, push_id: PathId) -> dict[str, Any]:
    return push_full(pushing.push_detail(user=request.user, pk=push_id))


def _transition(request: HttpRequest, push_id: int, action: Any, comment: str) -> dict[str, Any]:
    push = pushing.push_detail(user=request.user, pk=push_id)
    if action is pushing.push_read:
        moved = action(push=push, actor=request.user)
    else:
        moved = action(push=push, actor=request.user, comment=comment)
    return push_full(moved)


@router.post("/{push_id}/read", response=PushDetailOut, summary="企业：标记已阅读")
def push_read(request: HttpRequest, push_id: PathId) -> dict[str, Any]:
    return _transition(request, push_id, pushing.push_read, "")


@router.post("/{push_id}/claim", response=PushDetailOut, summary="企业：认领（免申即享/快申快享）")
def push_claim(request: HttpRequest, push_id: PathId, payload: PushCommentIn) -> dict[str, Any]:
    return _transition(request, push_id, pushing.push_claim, payload.comment)


@router.post("/{push_id}/apply", response=PushDetailOut, summary="企业：申报（普通申报）")
def push_apply(request: HttpRequest, push_id: PathId, payload: PushCommentIn) -> dict[str, Any]:
    return _transition(request, push_id, pushing.push_apply, payload.comment)


@router.post("/{push_id}/grant", response=PushDetailOut, summary="工作人员：兑现")
def push_grant(request: HttpRequest, push_id: PathId, payload: PushCommentIn) -> dict[str, Any]:
    return _transition(request, push_id, pushing.push_grant, payload.comment)


@router.post(
    "/{push_id}/decline", response=PushDetailOut, summary="工作人员：不予批准（须说明原因）"
)
def push_decline(request: HttpRequest, push_id: PathId, payload: PushCommentIn) -> dict[str, Any]:
    return _transition(request, push_id, pushing.push_decline, payload.comment)
