"""Pydantic schemas of the registry API: what goes in (queries, uploads) and what comes out."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from qstrong.core.apitypes import (
    INDUSTRY_PATTERN,
    REGION_PATTERN,
    DecimalText,
    Flag,
    IsoDate,
    StrictIn,
    Uscc,
    limit_field,
    offset_field,
)

# Literal types spell out the choices in the OpenAPI schema; tests keep them equal to the models.
SortKey = Literal[
    "name",
    "-name",
    "uscc",
    "-uscc",
    "region",
    "-region",
    "industry",
    "-industry",
    "employees",
    "-employees",
    "revenue",
    "-revenue",
    "established",
    "-established",
    "updated",
    "-updated",
]
# Filters: the same choices, or "" for "any".
ScaleFilter = Literal["", "large", "medium", "small", "micro"]
ChainRoleFilter = Literal["", "leader", "core", "backbone", "supplier"]
SourceFilter = Literal["", "article", "placeholder", "synthetic", "import", "manual"]
RegionLevelFilter = Literal["", "province", "city", "county"]
IndustryLevelFilter = Literal["", "section", "division", "group", "class"]
ImportKind = Literal["enterprises", "chains", "towns", "industries"]
LanguageCode = Literal["zh-hans", "en"]

MAX_PAGE = 500


class EnterpriseQuery(Schema):
    """Search, filters and sort of the enterprise list (see selectors.EnterpriseFilters)."""

    q: str = Field("", max_length=200, description="企业名称包含，或统一社会信用代码开头")
    region: str = Field("", pattern=r"^(\d{6})?$", description="省、市或县级行政区划代码")
    industry: str = Field("", pattern=r"^([A-Za-z]\d{0,4})?$", description="行业代码前缀")
    chain: str = Field("", max_length=40, description="产业链代码")
    role: ChainRoleFilter = ""
    town: str = Field("", max_length=40, description="专业镇代码")
    scale: ScaleFilter = ""
    tag: str = Field("", max_length=64)
    certification: str = Field("", max_length=64)
    source: SourceFilter = ""
    sort: SortKey = "name"
    archived: Flag = Field(False, description="只看已归档企业")
    limit: int = limit_field(50)
    offset: int = offset_field()


class CodeName(Schema):
    code: str
    name: str


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None = Field(None, validation_alias="parent_id")


class IndustryOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None = Field(None, validation_alias="parent_id")


class ChainMembershipOut(Schema):
    chain: CodeName
    role: str
    role_label: str
    segment: str | None


class TownMembershipOut(Schema):
    town: CodeName
    is_leading: bool


class EnterpriseRef(Schema):
    uscc: str
    name: str


class SupplyLinkOut(Schema):
    enterprise: EnterpriseRef
    product: str


# The examples in the OpenAPI document (docs/api.md): one enterprise row, as the demo shows it.
ENTERPRISE_ROW_EXAMPLE: dict[str, Any] = {
    "uscc": "91140703MA0K5Y2Q3X",
    "name": "广誉远中药股份有限公司",
    "region": {"code": "140703", "name": "太谷区"},
    "city": {"code": "140700", "name": "晋中市"},
    "industry": {"code": "C2740", "name": "中成药生产"},
    "scale": "large",
    "scale_label": "大型",
    "employees": 1200,
    "revenue": "120000.00",
    "source": "article",
    "archived": False,
}


class EnterpriseOut(Schema):
    """One row of the enterprise list."""

    model_config = ConfigDict(json_schema_extra={"examples": [ENTERPRISE_ROW_EXAMPLE]})

    uscc: str
    name: str
    region: CodeName
    city: CodeName | None
    industry: CodeName | None
    scale: str
    scale_label: str
    employees: int | None
    revenue: Decimal | None
    source: str
    archived: bool


class EnterpriseDetailOut(EnterpriseOut):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **ENTERPRISE_ROW_EXAMPLE,
                    "established": "1999-06-28",
                    "registered_capital": "49000.00",
                    "scale_derived": True,
                    "certifications": ["ISO9001", "GMP"],
                    "tags": ["time_honoured", "high_tech"],
                    "standards_led": 3,
                    "patents": 28,
                    "credit_rating": "A",
                    "contact_name": "张**",
                    "contact_phone": "0354-*******",
                    "contact_masked": True,
                    "source_note": "报道所涉企业",
                    "chains": [
                        {
                            "chain": {"code": "modern_medicine", "name": "现代医药"},
                            "segment": "中成药制造",
                            "role": "leader",
                            "role_label": "链主",
                        }
                    ],
                    "towns": [],
                    "supplies": [],
                    "supplied_by": [],
                    "created_at": "2026-11-20T10:00:00+08:00",
                    "updated_at": "2026-11-20T10:00:00+08:00",
                    "archived_at": None,
                }
            ]
        }
    )
    established: dt.date | None
    registered_capital: Decimal | None
    scale_derived: bool
    certifications: list[str] | None
    tags: list[str] | None
    standards_led: int | None
    patents: int | None
    credit_rating: str
    contact_name: str
    contact_phone: str
    contact_masked: bool
    source_note: str
    chains: list[ChainMembershipOut]
    towns: list[TownMembershipOut]
    supplies: list[SupplyLinkOut]
    supplied_by: list[SupplyLinkOut]
    created_at: dt.datetime
    updated_at: dt.datetime
    archived_at: dt.datetime | None


class EnterprisePage(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"total": 1, "limit": 50, "offset": 0, "items": [ENTERPRISE_ROW_EXAMPLE]}]
        }
    )

    total: int
    limit: int
    offset: int
    items: list[EnterpriseOut]


class HistoryQuery(Schema):
    limit: int = limit_field(100)


class AuditEventOut(Schema):
    at: dt.datetime
    action: str
    action_label: str
    actor: str | None
    changes: dict[str, Any]
    note: str
    import_batch_id: int | None


class ChainOut(Schema):
    code: str
    name: str
    chief: str
    member_count: int
    segment_count: int


class ChainMemberOut(Schema):
    enterprise: EnterpriseRef
    region: CodeName
    role: str
    role_label: str


# How many members of each role a chain or town detail lists (the rest: GET /api/enterprises
# ?chain=… or ?town=…, paginated); registry.selectors.MEMBERS_SHOWN.
MEMBERS_NOTE = (
    "每个角色按企业名称列出前 20 家；全部成员请用 GET /api/enterprises?{key}=代码 分页读取"
)


class SegmentOut(Schema):
    name: str
    position: int
    stage: str
    stage_label: str
    member_count: int = Field(description="本环节中可见的成员总数")
    members: list[ChainMemberOut] = Field(description=MEMBERS_NOTE.format(key="chain"))


class ChainDetailOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "modern_medicine",
                    "name": "现代医药",
                    "chief": "副省长（演示）",
                    "description": "",
                    "segments": [
                        {
                            "name": "中成药制造",
                            "position": 2,
                            "stage": "midstream",
                            "stage_label": "中游",
                            "member_count": 1,
                            "members": [
                                {
                                    "enterprise": {
                                        "uscc": "91140703MA0K5Y2Q3X",
                                        "name": "广誉远中药股份有限公司",
                                    },
                                    "region": {"code": "140703", "name": "太谷区"},
                                    "role": "leader",
                                    "role_label": "链主",
                                }
                            ],
                        }
                    ],
                    "unassigned": [],
                    "unassigned_count": 0,
                }
            ]
        }
    )

    code: str
    name: str
    chief: str
    description: str
    segments: list[SegmentOut]
    unassigned: list[ChainMemberOut] = Field(
        description="未指定环节的成员；" + MEMBERS_NOTE.format(key="chain")
    )
    unassigned_count: int = Field(description="未指定环节的可见成员总数")


class TownOut(Schema):
    code: str
    name: str
    county: CodeName
    city: CodeName | None
    level: str
    level_label: str
    leading_industry: str
    industry: str | None
    batch: int | None
    is_key: bool
    member_count: int


class TownMemberOut(Schema):
    enterprise: EnterpriseRef
    region: CodeName
    is_leading: bool


class TownDetailOut(TownOut):
    leading_count: int = Field(description="可见的龙头企业数（member_count 为全部可见成员数）")
    members: list[TownMemberOut] = Field(
        description="龙头企业在前，"
        + MEMBERS_NOTE.format(key="town").replace("每个角色", "龙头与其他企业各")
    )


class RegionQuery(Schema):
    parent: str = Field("", pattern=r"^(\d{6})?$")
    level: RegionLevelFilter = ""


class IndustryQuery(Schema):
    parent: str = Field("", pattern=r"^([A-Za-z]\d{0,4})?$")
    level: IndustryLevelFilter = ""


class ImportStartedOut(Schema):
    batch_id: int
    job_id: uuid.UUID | None


class ImportBatchOut(Schema):
    id: int
    kind: str
    state: str
    state_label: str
    filename: str
    size: int
    sha256: str
    dry_run: bool
    valid_rows_only: bool
    language: str
    total_rows: int
    created_count: int
    updated_count: int
    unchanged_count: int
    rejected_count: int
    error_count: int
    errors: list[dict[str, Any]] = Field(description="最多前 1000 条")
    warnings: list[Any]
    message: str
    job_id: uuid.UUID | None
    created_at: dt.datetime
    finished_at: dt.datetime | None


# --- writes ------------------------------------------------------------------------------------

ScaleValue = Literal["large", "medium", "small", "micro"]
ChainRoleValue = Literal["leader", "core", "backbone", "supplier"]
CreditRatingValue = Literal["A", "B", "C", "D"]
MAX_INTEGER = 2_147_483_647
Amount = Annotated[Decimal, DecimalText(max_digits=15, decimal_places=2, ge=0)]
Count = Annotated[int, Field(ge=0, le=MAX_INTEGER)]


class ChainMembershipIn(StrictIn):
    chain: str = Field(min_length=1, max_length=100, description="产业链代码或名称")
    role: ChainRoleValue = Field("supplier", description="链主/链核/骨干/配套")
    segment: str | None = Field(None, max_length=100, description="该产业链的环节名称")


class TownMembershipIn(StrictIn):
    town: str = Field(min_length=1, max_length=100, description="专业镇代码或名称")
    is_leading: bool = Field(False, description="龙头企业")


class EnterprisePatchIn(StrictIn):
    """The fields to change; a field left out stays as it is, null means "not recorded".

    `scale` null lets the system derive it; `chains` and `towns` replace the memberships
    (an empty list removes them all).
    """

    name: str | None = Field(None, min_length=1, max_length=200)
    region: str | None = Field(None, pattern=REGION_PATTERN, description="县级行政区划代码")
    industry: str | None = Field(
        None, pattern=INDUSTRY_PATTERN, description="GB/T 4754-2017 行业代码"
    )
    established: IsoDate | None = None
    employees: Count | None = None
    revenue: Amount | None = Field(None, description="营业收入（万元）")
    registered_capital: Amount | None = Field(None, description="注册资本（万元）")
    scale: ScaleValue | None = Field(None, description="留空（null）由系统测算")
    certifications: list[Annotated[str, Field(max_length=100)]] | None = Field(None, max_length=50)
    tags: list[Annotated[str, Field(max_length=100)]] | None = Field(None, max_length=50)
    standards_led: Count | None = None
    patents: Count | None = None
    credit_rating: CreditRatingValue | None = None
    contact_name: str | None = Field(None, max_length=100)
    contact_phone: str | None = Field(None, max_length=50)
    chains: list[ChainMembershipIn] | None = Field(None, max_length=50)
    towns: list[TownMembershipIn] | None = Field(None, max_length=50)


class EnterpriseCreateIn(EnterprisePatchIn):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "uscc": "91140121MA0GRX0Q42",
                    "name": "清徐县示例醋业有限公司",
                    "region": "140121",
                    "industry": "C1462",
                    "employees": 120,
                    "revenue": "5600.00",
                    "chains": [{"chain": "nev", "role": "supplier"}],
                }
            ]
        },
    )

    uscc: Uscc
    name: str = Field(min_length=1, max_length=200)
    region: str = Field(pattern=REGION_PATTERN, description="县级行政区划代码")
