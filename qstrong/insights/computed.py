"""Computed figures over stored records: a group's total and growth, a share, a ranking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qstrong.insights import figures, selectors
from qstrong.insights.figures import Figure, Ranked, Subject
from qstrong.insights.models import Metric, SubjectGroup
from qstrong.insights.periods import Period


@dataclass
class GroupFigures:
    group: SubjectGroup
    metric: Metric
    period: Period
    total: Figure
    growth: Figure
    ranking: list[Ranked]

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": {"code": self.group.code, "name": self.group.name},
            "metric": {"code": self.metric.code, "name": self.metric.name},
            "period": {"key": self.period.key, "label": self.period.label},
            "total": self.total.as_dict(),
            "growth": self.growth.as_dict(),
            "ranking": [r.as_dict() for r in self.ranking],
        }


def _additive(metric: Metric) -> None:
    if not metric.additive:
        raise ValidationError({"metric": [_("指标“%(metric)s”不可加总") % {"metric": metric.name}]})


def group_figures(
    *, user: Any, group: SubjectGroup, metric: Metric, period: Period
) -> GroupFigures:
    """Total for the period, growth against a year earlier, and the members ranked."""
    _additive(metric)
    members = selectors.group_members(group=group)
    records = selectors.records_for(
        user=user,
        metric=metric.code,
        periods=[period, period.previous_year()],
        subject_kind=group.subject_kind,
        codes=[m.code for m in members],
    )
    label = _("%(group)s %(period)s %(metric)s") % {
        "group": group.name,
        "period": period.label,
        "metric": metric.name,
    }
    total, change = figures.group_growth(
        records,
        members=members,
        metric=metric.code,
        metric_name=metric.name,
        period=period,
        label=label,
    )
    ranked = figures.ranking(
        records, members=members, metric=metric.code, metric_name=metric.name, period=period
    )
    return GroupFigures(group, metric, period, total, change, ranked)


def member_share(
    *, user: Any, group: SubjectGroup, member: str, metric: Metric, period: Period
) -> Figure:
    """One member's share of its group's total, e.g. 杏花村汾酒 of the ten key towns' output."""
    _additive(metric)
    members = selectors.group_members(group=group)
    subject = next((m for m in members if m.code == member), None)
    if subject is None:
        raise ValidationError({"member": [_("“%(code)s”不是该分组的成员") % {"code": member}]})
    records = selectors.records_for(
        user=user,
        metric=metric.code,
        periods=[period],
        subject_kind=group.subject_kind,
        codes=[m.code for m in members],
    )
    kwargs: dict[str, Any] = {"metric": metric.code, "metric_name": metric.name, "period": period}
    part = figures.value_of(records, subject=subject, **kwargs)
    whole = figures.total(records, members=members, label=group.name, **kwargs)
    label = _("%(member)s占%(group)s%(metric)s的比重") % {
        "member": subject.name,
        "group": group.name,
        "metric": metric.name,
    }
    return figures.share(part, whole, label=label)


def subject_series(
    *, user: Any, subject: Subject, metric: Metric, months: tuple[int, int]
) -> list[tuple[Period, Figure, Figure]]:
    """The subject's figure for every year that has the same months, with its growth."""
    qs = selectors.indicators_visible(user=user).filter(
        metric=metric,
        subject_kind=subject.kind,
        subject_code=subject.code,
        start_month=months[0],
        end_month=months[1],
    )
    records = selectors.as_records(qs)
    series = []
    for period in sorted({r.period for r in records}):
        kwargs: dict[str, Any] = {
            "subject": subject,
            "metric": metric.code,
            "metric_name": metric.name,
        }
        value = figures.value_of(records, period=period, **kwargs)
        before = figures.value_of(records, period=period.previous_year(), **kwargs)
        series.append((period, value, figures.growth(value, before)))
    return series


def group_series(
    *, user: Any, group: SubjectGroup, metric: Metric, months: tuple[int, int]
) -> list[tuple[Period, Figure, Figure]]:
    """The group's total for every year with figures for these months, with growth."""
    members = selectors.group_members(group=group)
    qs = selectors.indicators_visible(user=user).filter(
        metric=metric,
        subject_kind=group.subject_kind,
        subject_code__in=[m.code for m in members],
        start_month=months[0],
        end_month=months[1],
    )
    records = selectors.as_records(qs)
    series = []
    for period in sorted({r.period for r in records}):
        current, change = figures.group_growth(
            records, members=members, metric=metric.code, metric_name=metric.name, period=period
        )
        series.append((period, current, change))
    return series
