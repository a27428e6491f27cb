"""The insights API (django-ninja router, mounted at /api/insights/)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import ConfigDict

from qstrong.core.apitypes import (
    PERIOD_OR_EMPTY_PATTERN,
    PERIOD_PATTERN,
    BodyIn,
    DecimalText,
    Paging,
    PathId,
    PeriodKey,
    limit_field,
)
from qstrong.insights import computed, selectors
from qstrong.insights.api_schemas import FigureOut, GroupFigureOut, SubjectGroupOut
from qstrong.insights.importing import indicators_import
from qstrong.insights.models import Indicator, IndicatorSource, Metric, SubjectGroup
from qstrong.insights.periods import PeriodError, parse_period
from qstrong.insights.permissions import can_enter_figures, can_view_dashboards
from qstrong.insights.services import IndicatorData, indicator_save

router = Router(tags=["insights"])


class MetricOut(Schema):
    code: str
    name: str
    name_en: str
    unit_kind: str
    default_unit: str
    additive: bool


class IndicatorOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1,
                    "metric": "output",
                    "subject_kind": "town",
                    "subject_code": "qingxu_vinegar",
                    "subject_name": "清徐老陈醋专业镇",
                    "period": "2024年",
                    "period_key": "2024",
                    "value": "130.86",
                    "unit": "亿元",
                    "value_base": "13086000000",
                    "base_unit": "元",
                    "source": "article",
                    "source_note": "报道数据",
                    "note": "",
                }
            ]
        }
    )

    id: int
    metric: str
    subject_kind: str
    subject_code: str
    subject_name: str
    period: str
    period_key: str
    value: str  # exact decimal text as entered: "130.86"
    unit: str
    value_base: str  # in the base unit (元 for money): "13086000000"
    base_unit: str
    source: str
    source_note: str
    note: str


SubjectKindCode = Literal["province", "city", "county", "chain", "town", "enterprise"]
SourceCode = Literal["article", "illustrative", "report", "import", "manual"]
SLUG = r"^[-a-zA-Z0-9_]{1,40}$"


class IndicatorIn(BodyIn):
    metric: str = Field(pattern=SLUG, description="指标代码（见 /api/insights/metrics）")
    subject_kind: SubjectKindCode
    subject_code: str = Field(min_length=1, max_length=40)
    period: PeriodKey
    value: Annotated[Decimal, DecimalText(max_digits=15, decimal_places=4)]
    unit: str = Field("", max_length=20, description="单位，默认为指标的默认单位")
    source: SourceCode = IndicatorSource.MANUAL  # type: ignore[assignment]
    source_note: str = Field("", max_length=255)
    note: str = Field("", max_length=2000)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "metric": "revenue",
                    "subject_kind": "chain",
                    "subject_code": "biomedicine",
                    "period": "2024",
                    "value": "130.86",
                    "unit": "亿元",
                    "source": "manual",
                }
            ]
        }
    }


class IndicatorQuery(Paging):
    metric: str = Field("", pattern=r"^([-a-zA-Z0-9_]{1,40})?$", description="指标代码")
    subject_kind: SubjectKindCode | Literal[""] = ""
    subject: str = Field("", max_length=40, description="对象代码")
    period: str = Field("", pattern=PERIOD_OR_EMPTY_PATTERN, description="报告期，如 2024.01-06")
    source: SourceCode | Literal[""] = ""
    limit: int = limit_field(500)


class FigureQuery(Schema):
    group: str = Field(pattern=SLUG, description="分组代码（见 /api/insights/groups）")
    metric: str = Field(pattern=SLUG, description="指标代码")
    period: str = Field(pattern=PERIOD_PATTERN, description="报告期，如 2024")


class ShareQuery(FigureQuery):
    member: str = Field(min_length=1, max_length=40, description="成员代码")


class ImportOut(Schema):
    state: str
    total_rows: int
    created: int
    updated: int
    unchanged: int
    errors: list[dict[str, Any]]


def _readers(request: HttpRequest) -> None:
    if not can_view_dashboards(request.user):
        raise Http404


def _out(indicator: Indicator) -> dict[str, Any]:
    return {
        "id": indicator.pk,
        "metric": indicator.metric.code,
        "subject_kind": indicator.subject_kind,
        "subject_code": indicator.subject_code,
        "subject_name": selectors.subject_label(indicator),
        "period": indicator.period.label,
        "period_key": indicator.period.key,
        "value": f"{indicator.value.normalize():f}",
        "unit": indicator.unit,
        "value_base": f"{indicator.value_base.normalize():f}",
        "base_unit": indicator.base_unit,
        "source": indicator.source,
        "source_note": indicator.source_note,
        "note": indicator.note,
    }


def _period(text: str) -> Any:
    try:
        return parse_period(text)
    except PeriodError as exc:
        from django.core.exceptions import ValidationError

        raise ValidationError({"period": [f"无法识别的期间“{text}”"]}) from exc


@router.get("/metrics", response=list[MetricOut])
def metric_list(request: HttpRequest) -> Any:
    _readers(request)
    return list(Metric.objects.all())


@router.get("/indicators", response=list[IndicatorOut])
def indicator_list(request: HttpRequest, query: Query[IndicatorQuery]) -> Any:
    """Figures the user may read, filtered; enterprise figures only within the jurisdiction."""
    _readers(request)
    filters = selectors.IndicatorFilters(
        metric=query.metric,
        subject_kind=query.subject_kind,
        subject=query.subject,
        period=_period(query.period) if query.period else None,
        source=query.source,
    )
    qs = selectors.indicator_search(user=request.user, filters=filters)
    return [_out(i) for i in qs[query.offset : query.offset + query.limit]]


# 409 with the row errors: the request is well-formed, the file's rows are refused (ADR 0018).
@router.post("/indicators/import", response={200: ImportOut, 409: ImportOut})
def indicator_import(request: HttpRequest, file: UploadedFile = File(...)) -> Any:  # noqa: B008
    """An .xlsx/.csv file; every error by row and column; nothing is written if any."""
    if not can_enter_figures(request.user):
        raise PermissionDenied
    outcome = indicators_import(
        filename=file.name or "upload", content=file.read(), actor=request.user
    )
    batch = outcome.batch
    body = {
        "state": batch.state,
        "total_rows": batch.total_rows,
        "created": batch.created_count,
        "updated": batch.updated_count,
        "unchanged": batch.unchanged_count,
        "errors": outcome.errors,
    }
    return Status(409 if outcome.errors else 200, body)


@router.get("/indicators/{pk}", response=IndicatorOut)
def indicator_get(request: HttpRequest, pk: PathId) -> Any:
    _readers(request)
    return _out(selectors.indicator_detail(user=request.user, pk=pk))


@router.post("/indicators", response={200: IndicatorOut, 201: IndicatorOut})
def indicator_put(request: HttpRequest, payload: IndicatorIn) -> Any:
    """Create the figure for (metric, subject, period), or update the current one."""
    if not can_enter_figures(request.user):
        raise PermissionDenied
    indicator, outcome = indicator_save(data=IndicatorData(**payload.dict()), actor=request.user)
    return Status(201 if outcome == "created" else 200, _out(indicator))


@router.get("/figures/group", response=GroupFigureOut)
def group_figure(request: HttpRequest, query: Query[FigureQuery]) -> Any:
    """A group's total for the period, its growth and the members ranked, with the working."""
    _readers(request)
    result = computed.group_figures(
        user=request.user,
        group=SubjectGroup.objects.get(code=query.group),
        metric=Metric.objects.get(code=query.metric),
        period=_period(query.period),
    )
    return result.as_dict()


@router.get("/figures/share", response=FigureOut)
def share_figure(request: HttpRequest, query: Query[ShareQuery]) -> Any:
    """One member's share of its group's total (e.g. 杏花村汾酒 of the ten key towns)."""
    _readers(request)
    share = computed.member_share(
        user=request.user,
        group=SubjectGroup.objects.get(code=query.group),
        member=query.member,
        metric=Metric.objects.get(code=query.metric),
        period=_period(query.period),
    )
    return share.as_dict()


@router.get("/groups", response=list[SubjectGroupOut])
def group_list(request: HttpRequest) -> Any:
    _readers(request)
    return [
        {
            "code": g.code,
            "name": g.name,
            "subject_kind": g.subject_kind,
            "members": [m.subject_code for m in g.members.all()],
            "source_note": g.source_note,
        }
        for g in SubjectGroup.objects.prefetch_related("members")
    ]
