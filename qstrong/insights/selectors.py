"""Reads of indicators: aggregate figures for every reader, enterprise figures by jurisdiction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.insights.figures import Record, Subject
from qstrong.insights.models import Indicator, Metric, SubjectGroup, SubjectKind
from qstrong.insights.periods import Period
from qstrong.insights.permissions import can_view_dashboards
from qstrong.insights.subjects import subject_names
from qstrong.registry.selectors import enterprises_visible


def indicators_visible(*, user: Any, include_archived: bool = False) -> QuerySet[Indicator]:
    """Aggregate figures for every officer and leader; enterprise figures within jurisdiction."""
    qs = Indicator.objects.select_related("metric")
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    if not can_view_dashboards(user):
        return qs.none()
    if jurisdiction_of(user).is_everything:
        return qs
    visible = enterprises_visible(user=user, include_archived=True).values("pk")
    return qs.filter(~Q(subject_kind=SubjectKind.ENTERPRISE) | Q(enterprise__in=visible))


@dataclass(frozen=True)
class IndicatorFilters:
    metric: str = ""
    subject_kind: str = ""
    subject: str = ""  # code or part of a name
    period: Period | None = None
    year: int | None = None
    source: str = ""


def indicator_search(*, user: Any, filters: IndicatorFilters) -> QuerySet[Indicator]:
    qs = indicators_visible(user=user)
    if filters.metric:
        qs = qs.filter(metric__code=filters.metric)
    if filters.subject_kind:
        qs = qs.filter(subject_kind=filters.subject_kind)
    if filters.subject:
        text = filters.subject.strip()
        qs = qs.filter(
            Q(subject_code=text)
            | Q(chain__name__icontains=text)
            | Q(town__name__icontains=text)
            | Q(region__name__icontains=text)
            | Q(enterprise__name__icontains=text)
        )
    if filters.period is not None:
        p = filters.period
        qs = qs.filter(year=p.year, start_month=p.start_month, end_month=p.end_month)
    elif filters.year:
        qs = qs.filter(year=filters.year)
    if filters.source:
        qs = qs.filter(source=filters.source)
    return qs.select_related("metric", "chain", "town", "region", "enterprise").order_by(
        "metric__sort_order", "subject_kind", "subject_code", "-year", "start_month", "end_month"
    )


def indicator_detail(*, user: Any, pk: int) -> Indicator:
    """Raises Indicator.DoesNotExist outside the user's scope (→ 404)."""
    return (
        indicators_visible(user=user, include_archived=True)
        .select_related("chain", "town", "region", "enterprise")
        .get(pk=pk)
    )


def subject_label(indicator: Indicator) -> str:
    for related in (indicator.enterprise, indicator.town, indicator.chain, indicator.region):
        if related is not None:
            return str(related.name)
    return indicator.subject_code


def as_records(indicators: Iterable[Indicator]) -> list[Record]:
    """Rows → the plain records figures.py computes with (subject names resolved in bulk)."""
    rows = list(indicators)
    names = subject_names((i.subject_kind, i.subject_code) for i in rows)
    return [
        Record(
            id=i.pk,
            subject=Subject(
                i.subject_kind, i.subject_code, names.get((i.subject_kind, i.subject_code), "")
            ),
            metric=i.metric.code,
            metric_name=i.metric.name,
            period=i.period,
            value=i.value,
            unit=i.unit,
            source=i.source,
            source_note=i.source_note,
        )
        for i in rows
    ]


def records_for(
    *,
    user: Any,
    metric: str,
    periods: Iterable[Period],
    subject_kind: str,
    codes: Iterable[str] | None = None,
) -> list[Record]:
    """The current records of one metric for the given periods, as figures.py wants them."""
    wanted = list(periods)
    period_q = Q(pk__in=[])
    for p in wanted:
        period_q |= Q(year=p.year, start_month=p.start_month, end_month=p.end_month)
    qs = indicators_visible(user=user).filter(
        period_q, metric__code=metric, subject_kind=subject_kind
    )
    if codes is not None:
        qs = qs.filter(subject_code__in=list(codes))
    return as_records(qs)


def group_members(*, group: SubjectGroup) -> list[Subject]:
    codes = list(group.members.values_list("subject_code", flat=True))
    names = subject_names((group.subject_kind, code) for code in codes)
    subjects = [
        Subject(group.subject_kind, c, names.get((group.subject_kind, c), c)) for c in codes
    ]
    return sorted(subjects, key=lambda s: s.code)


def group_by_code(code: str) -> SubjectGroup:
    return SubjectGroup.objects.get(code=code)


def metric_by_code(code: str) -> Metric:
    return Metric.objects.get(code=code)


def periods_with_data(*, user: Any, metric: str, subject_kind: str = "") -> list[Period]:
    """The periods that have figures for the metric, latest first: the period picker's choices."""
    qs = indicators_visible(user=user).filter(metric__code=metric)
    if subject_kind:
        qs = qs.filter(subject_kind=subject_kind)
    triples = qs.values_list("year", "start_month", "end_month").distinct()
    return sorted(
        {Period(*t) for t in triples},
        key=lambda p: (p.year, p.end_month, -p.start_month),
        reverse=True,
    )
