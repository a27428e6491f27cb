"""The insights API (django-ninja router, mounted at /api/insights/)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from qstrong.core.apitypes import PathId
from qstrong.insights import computed, selectors
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


class IndicatorIn(Schema):
    metric: str
    subject_kind: str
    subject_code: str
    period: str
    value: Decimal
    unit: str = ""
    source: str = IndicatorSource.MANUAL
    source_note: str = ""
    note: str = ""


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
def indicator_list(
    request: HttpRequest,
    metric: str = "",
    subject_kind: str = "",
    subject: str = "",
    period: str = "",
    source: str = "",
    limit: int = 500,
    offset: int = 0,
) -> Any:
    """Figures the user may read, filtered; enterprise figures only within the jurisdiction."""
    _readers(request)
    filters = selectors.IndicatorFilters(
        metric=metric,
        subject_kind=subject_kind,
        subject=subject,
        period=_period(period) if period else None,
        source=source,
    )
    qs = selectors.indicator_search(user=request.user, filters=filters)
    limit = max(1, min(limit, 5000))
    return [_out(i) for i in qs[offset : offset + limit]]


@router.post("/indicators/import", response={200: ImportOut, 422: ImportOut})
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
    return Status(422 if outcome.errors else 200, body)


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


@router.get("/figures/group")
def group_figure(request: HttpRequest, group: str, metric: str, period: str) -> Any:
    """A group's total for the period, its growth and the members ranked, with the working."""
    _readers(request)
    result = computed.group_figures(
        user=request.user,
        group=SubjectGroup.objects.get(code=group),
        metric=Metric.objects.get(code=metric),
        period=_period(period),
    )
    return result.as_dict()


@router.get("/figures/share")
def share_figure(request: HttpRequest, group: str, member: str, metric: str, period: str) -> Any:
    """One member's share of its group's total (e.g. 杏花村汾酒 of the ten key towns)."""
    _readers(request)
    share = computed.member_share(
        user=request.user,
        group=SubjectGroup.objects.get(code=group),
        member=member,
        metric=Metric.objects.get(code=metric),
        period=_period(period),
    )
    return share.as_dict()


@router.get("/groups")
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
