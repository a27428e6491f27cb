"""Reads of the food-safety routine, always scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.foodsafety.gaps import Gaps, IsoWeek, Period, compute_gaps
from qstrong.foodsafety.models import (
    AnnualReport,
    DailyCheck,
    Enrolment,
    Issue,
    MonthlyMeeting,
    RiskItem,
    RoutineComment,
    WeeklyReport,
)
from qstrong.foodsafety.permissions import (
    FOOD_INDUSTRY_PREFIXES,
    NON_FOOD_PREFIXES,
    is_food_industry,
)
from qstrong.registry.models import Enterprise
from qstrong.registry.selectors import enterprises_visible, region_within_prefix

GAP_SORTS = {
    "gaps": lambda r: (-r.gaps.total, r.enterprise.name),
    "days": lambda r: (-len(r.gaps.missing_days), r.enterprise.name),
    "weeks": lambda r: (-len(r.gaps.missing_weeks), r.enterprise.name),
    "months": lambda r: (-len(r.gaps.missing_months), r.enterprise.name),
    "overdue": lambda r: (-r.gaps.overdue_issues, r.enterprise.name),
    "name": lambda r: (r.enterprise.name,),
    "region": lambda r: (r.enterprise.region_id, r.enterprise.name),
}


@dataclass
class GapRow:
    enrolment: Enrolment
    gaps: Gaps

    @property
    def enterprise(self) -> Enterprise:
        return self.enrolment.enterprise


def enrolments_visible(*, user: Any, include_ended: bool = False) -> QuerySet[Enrolment]:
    qs = Enrolment.objects.filter(enterprise__in=enterprises_visible(user=user).values("pk"))
    if not include_ended:
        qs = qs.filter(archived_at__isnull=True)
    return qs.select_related("enterprise", "enterprise__region", "enterprise__industry")


def enterprise_for_routine(*, user: Any, pk: int) -> Enterprise:
    """An enterprise the user may see; Enterprise.DoesNotExist outside the scope."""
    return (
        enterprises_visible(user=user, include_archived=True)
        .select_related("region", "industry")
        .get(pk=pk)
    )


def enterprise_by_uscc(*, user: Any, uscc: str) -> Enterprise:
    return enterprises_visible(user=user, include_archived=True).get(uscc=uscc.strip().upper())


def active_enrolment(enterprise: Enterprise) -> Enrolment | None:
    return Enrolment.objects.filter(enterprise=enterprise, archived_at__isnull=True).first()


def enrolled_enterprise_id(user: Any) -> int | None:
    """For an enterprise user: their enterprise's id if it is in the routine."""
    enterprise_id = jurisdiction_of(user).enterprise_id
    if enterprise_id is None:
        return None
    enrolled = Enrolment.objects.filter(enterprise_id=enterprise_id, archived_at__isnull=True)
    return enterprise_id if enrolled.exists() else None


def enrolment_candidates(*, user: Any, q: str = "") -> QuerySet[Enterprise]:
    """Food enterprises in the jurisdiction not (or no longer) in the routine."""
    qs = enterprises_visible(user=user).exclude(
        pk__in=Enrolment.objects.filter(archived_at__isnull=True).values("enterprise_id")
    )
    food = Q()
    for prefix in FOOD_INDUSTRY_PREFIXES:
        food |= Q(industry__code__startswith=prefix)
    for prefix in NON_FOOD_PREFIXES:
        food &= ~Q(industry__code__startswith=prefix)
    qs = qs.filter(food)
    if q.strip():
        qs = qs.filter(Q(name__icontains=q.strip()) | Q(uscc__startswith=q.strip().upper()))
    return qs.select_related("region", "industry").order_by("region_id", "name")


def gap_rows(
    *,
    user: Any,
    period: Period,
    today: dt.date | None = None,
    region: str = "",
    q: str = "",
    sort: str = "gaps",
) -> list[GapRow]:
    """Every enrolled enterprise the user sees with its gaps in the period, worst first."""
    today = today or timezone.localdate()
    enrolments = enrolments_visible(user=user)
    if region:
        enrolments = enrolments.filter(
            enterprise__region__code__startswith=region_within_prefix(region)
        )
    if q.strip():
        enrolments = enrolments.filter(enterprise__name__icontains=q.strip())
    rows = gaps_for(enrolments=list(enrolments), period=period, today=today)
    rows.sort(key=GAP_SORTS.get(sort, GAP_SORTS["gaps"]))
    return rows


def gaps_for(*, enrolments: list[Enrolment], period: Period, today: dt.date) -> list[GapRow]:
    """Gaps of many enterprises with one query per record type."""
    ids = [e.enterprise_id for e in enrolments]
    days: dict[int, set[dt.date]] = defaultdict(set)
    for eid, day in DailyCheck.objects.filter(
        enterprise_id__in=ids, date__range=(period.start, period.end)
    ).values_list("enterprise_id", "date"):
        days[eid].add(day)
    weeks: dict[int, set[IsoWeek]] = defaultdict(set)
    first_year = (period.start - dt.timedelta(days=7)).isocalendar().year
    for eid, year, week in WeeklyReport.objects.filter(
        enterprise_id__in=ids, iso_year__gte=first_year, iso_year__lte=period.end.year
    ).values_list("enterprise_id", "iso_year", "iso_week"):
        weeks[eid].add((year, week))
    months: dict[int, set[dt.date]] = defaultdict(set)
    for eid, month in MonthlyMeeting.objects.filter(
        enterprise_id__in=ids, month__range=(period.start.replace(day=1), period.end)
    ).values_list("enterprise_id", "month"):
        months[eid].add(month)
    years: dict[int, set[int]] = defaultdict(set)
    for eid, year in AnnualReport.objects.filter(enterprise_id__in=ids).values_list(
        "enterprise_id", "year"
    ):
        years[eid].add(year)
    deadlines: dict[int, list[dt.date]] = defaultdict(list)
    for eid, deadline in Issue.objects.filter(
        enterprise_id__in=ids, state=Issue.State.TO_FIX
    ).values_list("enterprise_id", "deadline"):
        deadlines[eid].append(deadline)
    return [
        GapRow(
            enrolment=e,
            gaps=compute_gaps(
                enrolled_on=e.enrolled_on,
                period=period,
                today=today,
                checked_days=days[e.enterprise_id],
                reported_weeks=weeks[e.enterprise_id],
                meeting_months=months[e.enterprise_id],
                annual_years=years[e.enterprise_id],
                open_issue_deadlines=deadlines[e.enterprise_id],
            ),
        )
        for e in enrolments
    ]


def gap_totals(rows: list[GapRow]) -> dict[str, int]:
    return {
        "enrolled": len(rows),
        "with_gaps": sum(1 for r in rows if r.gaps.total),
        "missing_days": sum(len(r.gaps.missing_days) for r in rows),
        "missing_weeks": sum(len(r.gaps.missing_weeks) for r in rows),
        "missing_months": sum(len(r.gaps.missing_months) for r in rows),
        "annual_missing": sum(1 for r in rows if r.gaps.annual_missing),
        "open_issues": sum(r.gaps.open_issues for r in rows),
        "overdue_issues": sum(r.gaps.overdue_issues for r in rows),
    }


def risk_items(enterprise: Enterprise) -> QuerySet[RiskItem]:
    return RiskItem.objects.filter(enterprise=enterprise, archived_at__isnull=True)


def issues_visible(*, user: Any) -> QuerySet[Issue]:
    return Issue.objects.filter(
        enterprise__in=enterprises_visible(user=user, include_archived=True).values("pk")
    ).select_related("enterprise", "enterprise__region")


def issue_detail(*, user: Any, pk: int) -> Issue:
    """One issue with its events; Issue.DoesNotExist outside the scope."""
    return (
        issues_visible(user=user)
        .select_related("daily_check", "weekly_report", "monthly_meeting")
        .prefetch_related("events__actor")
        .get(pk=pk)
    )


def enterprise_issues(enterprise: Enterprise, *, open_only: bool = False) -> QuerySet[Issue]:
    qs = Issue.objects.filter(enterprise=enterprise)
    if open_only:
        qs = qs.filter(state=Issue.State.TO_FIX)
    return qs.order_by("state", "deadline", "-pk")


def daily_checks(enterprise: Enterprise) -> QuerySet[DailyCheck]:
    return DailyCheck.objects.filter(enterprise=enterprise).order_by("-date")


def weekly_reports(enterprise: Enterprise) -> QuerySet[WeeklyReport]:
    return WeeklyReport.objects.filter(enterprise=enterprise).order_by("-iso_year", "-iso_week")


def monthly_meetings(enterprise: Enterprise) -> QuerySet[MonthlyMeeting]:
    return MonthlyMeeting.objects.filter(enterprise=enterprise).order_by("-month")


def annual_reports(enterprise: Enterprise) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(enterprise=enterprise).order_by("-year")


def routine_comments(enterprise: Enterprise) -> QuerySet[RoutineComment]:
    return RoutineComment.objects.filter(enterprise=enterprise).select_related("author")


def is_food(enterprise: Enterprise) -> bool:
    return is_food_industry(enterprise.industry_id)
