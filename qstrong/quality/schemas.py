"""Request and answer shapes of the quality API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema

from qstrong.core.apitypes import BodyIn, Count, DecimalText, Flag, Id, IsoDate

GradeIn = Literal["general", "major", "critical"]
ClassIn = Literal["technology", "management", "infrastructure", "brand"]
StateFilter = Literal[
    "",
    "open",
    "registered",
    "analysed",
    "action_planned",
    "in_progress",
    "effectiveness_check",
    "closed",
    "rejected",
]


# A quality loss in 元 (DecimalField 14.4) and an indicator's reading (16.4, 15 digits
# through the API: see DecimalText).
Money = Annotated[Decimal, DecimalText(max_digits=14, decimal_places=4, ge=0)]
Measure = Annotated[Decimal, DecimalText(max_digits=15, decimal_places=4)]


class ProblemQuery(Schema):
    q: str = Field("", max_length=100)
    chain: str = Field("", max_length=40, description="产业链代码")
    grade: Literal["", "general", "major", "critical"] = ""
    klass: Literal["", "technology", "management", "infrastructure", "brand"] = ""
    state: StateFilter = ""
    overdue: Flag = False
    programme: str = Field("", max_length=40, description="专项行动编号")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=200)


class QualityCodeName(Schema):
    code: str
    name: str


class ProblemRow(Schema):
    id: int
    title: str
    chain: QualityCodeName
    segment: str | None
    grade: str
    grade_label: str
    handling_level: str
    klass: str
    klass_label: str
    state: str
    state_label: str
    region: QualityCodeName
    registered_at: dt.datetime
    closed_at: dt.datetime | None
    has_overdue_actions: bool
    source: str


class ProblemPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ProblemRow]


class ActionOut(Schema):
    id: int
    kind: str
    kind_label: str
    description: str
    owner_bureau: str | None
    owner_enterprise: str | None
    owner_person: str
    deadline: dt.date
    done: bool
    overdue: bool


class EventOut(Schema):
    id: int
    kind: str
    transition: str
    from_state: str
    to_state: str
    actor: str | None
    at: dt.datetime
    comment: str
    evidence_note: str
    files: list[str]


class ProblemDetail(ProblemRow):
    description: str
    root_cause: str
    check_result: str
    enterprises: list[QualityCodeName]
    programme: str | None
    actions: list[ActionOut]
    events: list[EventOut]
    transitions_available: list[str]
    savings: Decimal


class ProblemIn(BodyIn):
    chain: str = Field(..., max_length=40, description="产业链代码")
    segment: str | None = Field(None, max_length=100, description="环节名称")
    enterprises: list[str] = Field(
        ..., min_length=1, max_length=50, description="统一社会信用代码；第一家决定所属区域"
    )
    grade: GradeIn
    klass: ClassIn
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field(..., min_length=1, max_length=5000)
    programme: str | None = Field(None, max_length=40, description="所属试点编号")


class ProblemTransitionIn(Schema):
    comment: str = Field("", max_length=5000)
    root_cause: str = Field("", max_length=5000)
    evidence_note: str = Field("", max_length=1000)


class ActionIn(BodyIn):
    kind: Literal["immediate", "corrective", "preventive"]
    description: str = Field(..., min_length=1, max_length=5000)
    owner_person: str = Field(..., min_length=1, max_length=100)
    owner_bureau: str | None = Field(None, max_length=200, description="监管局名称")
    owner_enterprise: str | None = Field(None, max_length=18, description="统一社会信用代码")
    deadline: IsoDate


class ProblemCommentIn(BodyIn):
    comment: str = Field(..., min_length=1, max_length=5000)


class MilestoneOut(Schema):
    title: str
    step: str
    due_on: dt.date | None
    done_on: dt.date | None
    state: str


class ProjectIndicatorOut(Schema):
    name: str
    unit: str
    before: Decimal | None
    after: Decimal | None
    target: Decimal | None


class KeyProjectOut(Schema):
    id: int
    name: str
    chain: QualityCodeName | None
    lead_enterprise: QualityCodeName
    partner_enterprises: list[QualityCodeName]
    other_partners: str
    problems: list[Id]
    programme: str | None
    milestones: list[MilestoneOut]
    indicators: list[ProjectIndicatorOut]
    savings: Decimal
    source: str
    source_note: str


class LossOut(Schema):
    id: int
    problem: int | None
    key_project: int | None
    chain: str | None
    programme: str | None
    year: int
    failures_before: int
    failures_after: int
    failures_avoided: int
    cost_per_failure: Decimal | None
    other_cost_before: Decimal
    other_cost_after: Decimal
    savings: Decimal
    source_note: str


class TotalOut(Schema):
    key: str | int | None
    label: str
    rows: int
    failures_avoided: int
    savings: Decimal


class LedgerOut(Schema):
    rows: list[LossOut]
    total: TotalOut
    by_chain: list[TotalOut]
    by_programme: list[TotalOut]
    by_year: list[TotalOut]


class LossIn(BodyIn):
    problem: Id | None = None
    key_project: Id | None = None
    year: int = Field(..., ge=2000, le=2100)
    failures_before: Count
    failures_after: Count
    cost_per_failure: Money | None = None
    other_cost_before: Money = Decimal("0")
    other_cost_after: Money = Decimal("0")
    note: str = Field("", max_length=2000)


class ProgressOut(Schema):
    done: int
    total: int
    percent: int
    measure: str
    savings: Decimal | None


class ProgrammeOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    region: QualityCodeName
    progress: ProgressOut
    milestones: list[MilestoneOut]
    source: str
    source_note: str


class KeyProjectIn(BodyIn):
    name: str = Field(..., min_length=1, max_length=200)
    chain: str | None = Field(None, max_length=40, description="产业链代码")
    lead_enterprise: str = Field(..., max_length=18, description="牵头企业统一社会信用代码")
    partner_enterprises: list[str] = Field(
        [], max_length=50, description="协同企业统一社会信用代码"
    )
    other_partners: str = Field("", max_length=2000)
    problems: list[Id] = Field([], max_length=100)
    programme: str | None = Field(None, max_length=40)
    description: str = Field("", max_length=5000)
    started_on: IsoDate | None = None


class MilestoneIn(BodyIn):
    title: str = Field(..., min_length=1, max_length=200)
    step: Literal["", "induction", "training", "diagnosis"] = ""
    due_on: IsoDate | None = None
    done_on: IsoDate | None = None


class ProjectIndicatorIn(BodyIn):
    name: str = Field(..., min_length=1, max_length=200)
    unit: str = Field("", max_length=40)
    before: Measure | None = None
    after: Measure | None = None
    target: Measure | None = None


class ProgrammeIn(BodyIn):
    code: str = Field(..., min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")
    name: str = Field(..., min_length=1, max_length=200)
    kind: Literal["pilot", "certification", "shanxi_premium", "county", "other"]
    region: str = Field(..., pattern=r"^\d{6}$", description="组织区域行政区划代码")
    organisers: str = Field("", max_length=255)
    description: str = Field("", max_length=5000)
    started_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    target_certification: str = Field("", max_length=20)


class ProgrammeEnrolmentIn(BodyIn):
    kind: Literal["enterprise", "chain", "town", "county"]
    code: str = Field(..., max_length=40, description="USCC, chain code, town code or county code")
    note: str = Field("", max_length=255)
