"""Pydantic schemas of the policies API: policies, rule versions, validation, preview, runs."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from qstrong.core.apitypes import Id, IsoDate, StrictIn, limit_field, offset_field

CategoryCode = Literal[
    "quality",
    "standards",
    "metrology",
    "certification",
    "ip",
    "gi",
    "credit",
    "finance",
    "other",
]
DeliveryCode = Literal["automatic", "fast", "application"]
StateCode = Literal["draft", "published", "withdrawn"]
OutcomeCode = Literal["eligible", "needs_data", "ineligible"]
SortKey = Literal[
    "code",
    "-code",
    "title",
    "-title",
    "effective_from",
    "-effective_from",
    "effective_to",
    "-effective_to",
    "updated",
    "-updated",
]
MAX_PAGE = 500
RULE_DESCRIPTION = "适用条件，RULES.md 规则语言的 JSON 文档"


class PolicyQuery(Schema):
    q: str = Field("", max_length=200, description="政策名称、编号、文号或发布机关包含")
    category: CategoryCode | Literal[""] = ""
    state: StateCode | Literal[""] = ""
    delivery: DeliveryCode | Literal[""] = ""
    in_force_on: IsoDate | None = Field(None, description="只看在该日期有效的政策")
    sort: SortKey = "code"
    limit: int = limit_field(50)
    offset: int = offset_field()


class PolicyOut(Schema):
    id: int
    code: str
    title: str
    issuer: str
    document_number: str
    category: str
    category_label: str
    delivery: str
    delivery_label: str
    state: str
    state_label: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    published_at: dt.datetime | None
    url: str


class PolicyPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[PolicyOut]


class RuleVersionOut(Schema):
    version: int
    applies_from: dt.date | None
    rule: Any = Field(description=RULE_DESCRIPTION)
    description: str = Field(description="适用条件的中文说明（随请求语言）")
    note: str
    created_at: dt.datetime


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    sha256: str
    url: str


class PolicyEventOut(Schema):
    at: dt.datetime
    kind: str
    kind_label: str
    actor: str | None
    comment: str


class PolicyDetailOut(PolicyOut):
    summary: str
    interpretation: str
    claim_who: str
    claim_conditions: str
    claim_deadline: dt.date | None
    claim_where: str
    claim_contact: str
    source_note: str
    rules: list[RuleVersionOut]
    attachments: list[AttachmentOut]
    events: list[PolicyEventOut]


class PolicyFieldsIn(StrictIn):
    """The descriptive fields; every one optional so that PATCH sends only what changes."""

    title: str | None = Field(None, min_length=1, max_length=200)
    issuer: str | None = Field(None, max_length=200)
    document_number: str | None = Field(None, max_length=100)
    category: CategoryCode | None = None
    summary: str | None = None
    interpretation: str | None = None
    claim_who: str | None = None
    claim_conditions: str | None = None
    claim_deadline: IsoDate | None = None
    claim_where: str | None = None
    claim_contact: str | None = Field(None, max_length=200)
    effective_from: IsoDate | None = None
    effective_to: IsoDate | None = None
    delivery: DeliveryCode | None = None
    source_note: str | None = Field(None, max_length=255)


class PolicyCreateIn(PolicyFieldsIn):
    code: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
    title: str = Field(min_length=1, max_length=200)
    rule: Any = Field(None, description=RULE_DESCRIPTION + "（可选，作为第 1 版）")


class WithdrawIn(StrictIn):
    comment: str = Field("", max_length=500)


class RuleSaveIn(StrictIn):
    rule: Any = Field(description=RULE_DESCRIPTION)
    applies_from: IsoDate | None = Field(
        None, description="已发布政策的新版本自该日起适用；默认今天。草稿忽略此项。"
    )
    note: str = Field("", max_length=255)


class RuleIn(StrictIn):
    rule: Any = Field(description=RULE_DESCRIPTION)


class RuleErrorOut(Schema):
    path: str = Field(description="出错部分的路径，例如 all[2].any[0].value；根为空字符串")
    message: str
    code: str


class ValidateOut(Schema):
    valid: bool
    errors: list[RuleErrorOut]
    description: str = Field(description="条件有效时的中文说明，否则为空")


class PreviewIn(RuleIn):
    as_of: IsoDate | None = Field(None, description="基准日期，默认今天")
    sample: int = Field(5, ge=0, le=50, description="每种结果的示例企业数")


class EnterpriseRefOut(Schema):
    id: int
    uscc: str
    name: str
    region: str
    url: str


class PreviewCounts(Schema):
    eligible: int
    needs_data: int
    ineligible: int


class FieldRef(Schema):
    field: str
    label: str


class MissingFieldOut(FieldRef):
    count: int


class PreviewOut(Schema):
    as_of: dt.date
    total: int = Field(description="参与预览的企业数（调用者可见范围内）")
    counts: PreviewCounts
    samples: dict[str, list[EnterpriseRefOut]]
    missing_fields: list[MissingFieldOut] = Field(description="待补充信息的企业最常缺少的字段")


class ExplanationLineOut(Schema):
    depth: int
    text: str
    truth: str
    path: str


class ExplainOut(Schema):
    policy: PolicyOut
    enterprise: EnterpriseRefOut
    as_of: dt.date
    in_force: bool = Field(description="该日期政策是否有效且有适用条件版本")
    outcome: OutcomeCode | None
    outcome_label: str
    rule_version: int | None
    lines: list[ExplanationLineOut]
    near_miss: str = Field(description="不符合条件时：只差一两个条件的说明")
    missing_fields: list[FieldRef]


class RunQuery(Schema):
    limit: int = limit_field(50)
    offset: int = offset_field()


class RunCreateIn(StrictIn):
    as_of: IsoDate | None = Field(None, description="基准日期，默认今天")
    policy: Id | None = Field(None, description="只匹配这一项政策（id）；省略为全量")


class RunOut(Schema):
    id: int
    as_of: dt.date
    scope: str
    scope_label: str
    state: str
    state_label: str
    policy: int | None
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    duration_seconds: float | None
    policies_count: int
    enterprises_count: int
    eligible_count: int
    needs_data_count: int
    ineligible_count: int
    pushes_count: int
    job: uuid.UUID | None
    message: str


class RunStartedOut(Schema):
    job: uuid.UUID
    status_url: str = Field(description="轮询进度：GET 该地址（JSON）")


class RunPage(Schema):
    total: int
    items: list[RunOut]


class MatchQuery(Schema):
    policy: Id | None = None
    outcome: Literal["eligible", "needs_data", ""] = ""
    enterprise: str = Field("", max_length=18, description="统一社会信用代码")
    limit: int = limit_field(50)
    offset: int = offset_field()


class MatchOut(Schema):
    policy: int
    policy_code: str
    enterprise: EnterpriseRefOut
    outcome: str
    outcome_label: str
    rule_version: int
    as_of: dt.date
    missing_fields: list[FieldRef]
    matched_at: dt.datetime


class MatchPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[MatchOut]


class IndustrySearchQuery(Schema):
    q: str = Field("", max_length=100, description="行业名称或代码")
    codes: str = Field("", max_length=500, description="逗号分隔的行业代码，按代码查名称")


class IndustryChoiceOut(Schema):
    code: str
    name: str
    level: str
    level_label: str
