"""Pydantic schemas of the casework API: what comes in (strict bodies, queries) and goes out."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from qstrong.core.apitypes import (
    Count,
    Flag,
    Id,
    IsoDate,
    StrictIn,
    limit_field,
    offset_field,
)
from qstrong.registry.schemas import CodeName, EnterpriseRef

# --- in ----------------------------------------------------------------------------------------


class ActivityIn(StrictIn):
    kind: Literal[
        "visit", "diagnosis", "matchmaking", "forum", "survey", "assistance", "training", "themed"
    ]
    title: str = Field(min_length=1, max_length=200)
    date: IsoDate
    place: str = Field(default="", max_length=200)
    organisers: list[Id] = Field(min_length=1, max_length=20, description="bureau ids")
    enterprises: list[str] = Field(default=[], max_length=500, description="USCCs")
    chains: list[str] = Field(default=[], max_length=50, description="chain codes")
    towns: list[str] = Field(default=[], max_length=50, description="town codes")
    participants: str = Field(default="", max_length=4000)
    participant_count: Count | None = None
    summary: str = Field(default="", max_length=20000)


class NeedIn(StrictIn):
    enterprise: str | None = Field(default=None, description="USCC")
    chain: str | None = Field(default=None, description="chain code")
    town: str | None = Field(default=None, description="town code")
    category: Literal[
        "quality", "standards", "metrology", "certification", "brand", "patent", "credit",
        "policy", "finance", "other",
    ] = "other"  # fmt: skip
    description: str = Field(min_length=1, max_length=4000)
    source: Literal["visit", "portal", "survey", "handbook"] = "visit"
    activity: Id | None = None
    raised_by: str = Field(default="", max_length=100)


class TaskIn(StrictIn):
    need: Id
    action: str = Field(min_length=1, max_length=4000)
    responsible_bureau: Id
    responsible_person: Id | None = None
    due_date: IsoDate
    internal_note: str = Field(default="", max_length=4000)


class TaskTransitionIn(StrictIn):
    to_state: Literal["open", "in_progress", "done", "verified"]
    comment: str = Field(default="", max_length=4000)


class ListQuery(Schema):
    limit: int = limit_field(100)
    offset: int = offset_field()


class TaskQuery(ListQuery):
    state: str = ""
    bureau: Id | None = None
    person: Id | None = None
    enterprise: Id | None = None
    overdue: Flag = False


# --- out ---------------------------------------------------------------------------------------


class CaseworkRef(Schema):
    """A record named in an answer: a bureau, a person, or a need's subject."""

    id: int = Field(description="记录编号")
    name: str = Field(description="名称")


class ActivityPhotoOut(Schema):
    id: int
    caption: str = Field(description="图片说明（可为空字符串）")
    credit: str = Field(description="摄影（可为空字符串）")
    content_type: str = Field(description="文件类型，如 image/jpeg")


class ActivityOut(Schema):
    id: int
    kind: str = Field(description="活动类型代码：visit、diagnosis、matchmaking、forum……")
    kind_label: str = Field(description="活动类型名称（按请求语言）")
    title: str
    date: dt.date
    place: str = Field(description="地点（可为空字符串）")
    organisers: list[CaseworkRef] = Field(description="组织单位")
    enterprises: list[EnterpriseRef] = Field(description="服务企业")
    chains: list[CodeName] = Field(description="服务产业链")
    towns: list[CodeName] = Field(description="服务专业镇")
    source: str = Field(description="数据来源：manual、article、illustrative")


class ActivityDetailOut(ActivityOut):
    participants: str = Field(description="参加人员（可为空字符串）")
    participant_count: int | None = Field(description="参加人数；未填时为 null")
    summary: str = Field(description="活动纪要（可为空字符串）")
    source_note: str = Field(description="来源说明（可为空字符串）")
    photos: list[ActivityPhotoOut]
    needs: list[int] = Field(description="由本次活动提出的需求编号")


class ActivityPage(Schema):
    count: int = Field(description="符合条件的总数")
    items: list[ActivityOut]


class TaskOut(Schema):
    id: int
    need: int = Field(description="所属需求编号")
    action: str = Field(description="任务内容")
    responsible_bureau: CaseworkRef = Field(description="责任单位")
    responsible_person: CaseworkRef | None = Field(description="责任人；未指定时为 null")
    due_date: dt.date = Field(description="完成时限")
    state: str = Field(description="状态：open、in_progress、done、verified")
    overdue: bool = Field(description="已过时限且未完成")
    verified_at: dt.datetime | None = Field(description="核验时间；未核验时为 null")
    # Absent (not null) for an enterprise user: the note is the bureau's own.
    internal_note: str | None = Field(None, description="内部备注；仅机关人员的答复含此字段")


class TaskEventOut(Schema):
    at: dt.datetime
    actor: CaseworkRef | None = Field(description="操作人；已删除或系统操作时为 null")
    kind: str = Field(description="类型：created、transition、evidence")
    from_state: str = Field(description="原状态（可为空字符串）")
    to_state: str = Field(description="新状态（可为空字符串）")
    comment: str = Field(description="说明（可为空字符串）")


class TaskDetailOut(TaskOut):
    events: list[TaskEventOut] = Field(description="办理记录，按时间先后")


class TaskPage(Schema):
    count: int = Field(description="符合条件的总数")
    items: list[TaskOut]


class NeedOut(Schema):
    id: int
    subject_kind: Literal["enterprise", "chain", "town"] = Field(description="需求对象的类别")
    subject: CaseworkRef = Field(description="需求对象：企业、产业链或专业镇")
    category: str = Field(description="类别代码：quality、standards……other")
    description: str = Field(description="需求内容")
    source: str = Field(description="来源：visit、portal、survey、handbook")
    activity: int | None = Field(description="来源活动编号；无则为 null")
    raised_by: str = Field(description="提出人（可为空字符串）")
    raised_on: dt.date = Field(description="提出日期")
    state: str = Field(description="状态：open、closed")
    bureau: CaseworkRef | None = Field(description="受理单位；无则为 null")
    provenance: str = Field(description="数据来源：manual、article、illustrative")


class NeedDetailOut(NeedOut):
    tasks: list[TaskOut] = Field(description="为该需求安排的任务")


class NeedPage(Schema):
    count: int = Field(description="符合条件的总数")
    items: list[NeedOut]
