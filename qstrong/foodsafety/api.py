"""The foodsafety API (django-ninja router, mounted at /api/foodsafety/).

Enrolments, the four records, gaps and issues; every read is scoped like the pages (another
county's enterprise answers 404) and every write goes through the services.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from qstrong.core.apitypes import IsoDate, PathId, PathUscc
from qstrong.foodsafety import selectors, services
from qstrong.foodsafety.api_schemas import (
    AnnualReportIn,
    AnnualReportOut,
    DailyCheckIn,
    DailyCheckOut,
    FixIn,
    FoodEnrolmentIn,
    FoodEnrolmentOut,
    FoodIssueDetailOut,
    FoodIssueEventOut,
    FoodIssueOut,
    GapListOut,
    GapQuery,
    IssueCommentIn,
    IssueLineIn,
    IssueQuery,
    MonthlyMeetingIn,
    MonthlyMeetingOut,
    RecordListOut,
    WeeklyReportIn,
    WeeklyReportOut,
)
from qstrong.foodsafety.gaps import Period, parse_iso_week, parse_month
from qstrong.foodsafety.models import (
    AnnualReport,
    DailyCheck,
    Enrolment,
    Issue,
    IssueEvent,
    MonthlyMeeting,
    WeeklyReport,
)
from qstrong.foodsafety.selectors import GapRow
from qstrong.registry.models import Enterprise

router = Router(tags=["foodsafety"])


# --- shaping -----------------------------------------------------------------------------------


def _enterprise(e: Enterprise) -> dict[str, Any]:
    return {"uscc": e.uscc, "name": e.name, "region": e.region_id, "industry": e.industry_id}


def _enrolment(en: Enrolment) -> dict[str, Any]:
    return {
        "enterprise": _enterprise(en.enterprise),
        "enrolled_on": en.enrolled_on,
        "main_responsible": en.main_responsible,
        "director": en.director,
        "officer": en.officer,
        "note": en.note,
    }


def _gap_row(row: GapRow) -> dict[str, Any]:
    g = row.gaps
    return {
        "enterprise": _enterprise(row.enterprise),
        "due_days": g.due_days,
        "missing_days": g.missing_days,
        "missing_weeks": g.week_labels,
        "missing_months": g.month_labels,
        "annual_missing": g.annual_missing,
        "open_issues": g.open_issues,
        "overdue_issues": g.overdue_issues,
        "total": g.total,
    }


def _event(e: IssueEvent) -> dict[str, Any]:
    return {
        "at": e.at,
        "kind": e.kind,
        "actor": str(e.actor) if e.actor else None,
        "comment": e.comment,
        "evidence": e.evidence_name or None,
        "data": e.data,
    }


def _issue(issue: Issue, *, events: bool = False) -> dict[str, Any]:
    data = {
        "id": issue.pk,
        "enterprise": _enterprise(issue.enterprise),
        "source": issue.source,
        "risk_point": issue.risk_point,
        "description": issue.description,
        "found_on": issue.found_on,
        "deadline": issue.deadline,
        "state": issue.state,
        "fixed_on": issue.fixed_on,
        "overdue": issue.is_overdue(),
    }
    if events:
        data["events"] = [_event(e) for e in issue.events.all()]
    return data


def _daily(c: DailyCheck) -> dict[str, Any]:
    return {
        "date": c.date,
        "checker": c.checker,
        "no_issue": c.no_issue,
        "results": c.results,
        "note": c.note,
        "issues": [i.pk for i in c.issues.all()],
    }


def _weekly(r: WeeklyReport) -> dict[str, Any]:
    return {
        "week": r.week_label,
        "reporter": r.reporter,
        "hazards": r.hazards,
        "measures": r.measures,
        "conclusion": r.conclusion,
    }


def _monthly(m: MonthlyMeeting) -> dict[str, Any]:
    return {
        "month": f"{m.month:%Y-%m}",
        "held_on": m.held_on,
        "chair": m.chair,
        "attendees": m.attendees,
        "minutes": m.minutes,
        "decisions": m.decisions,
    }


def _annual(a: AnnualReport) -> dict[str, Any]:
    return {"year": a.year, "text": a.text, "file": a.file_name or None}


# --- lookups -------------------------------------------------------------------------------------


def _enrolled(request: HttpRequest, uscc: str) -> Enterprise:
    enterprise = selectors.enterprise_by_uscc(user=request.user, uscc=uscc)
    if selectors.active_enrolment(enterprise) is None:
        raise Http404("not enrolled")
    return enterprise


def _lines(enterprise: Enterprise, lines: list[IssueLineIn]) -> list[services.IssueLine]:
    items = {i.pk: i for i in selectors.risk_items(enterprise)}
    out = []
    for line in lines:
        if line.risk_item is not None and line.risk_item not in items:
            message = _("风险管控清单中没有条目 %(id)s。") % {"id": line.risk_item}
            raise ValidationError({"issues": message})
        out.append(
            services.IssueLine(
                description=line.description,
                deadline=line.deadline,
                risk_item=items.get(line.risk_item) if line.risk_item else None,
            )
        )
    return out


# --- enrolments and gaps -------------------------------------------------------------------------


@router.get(
    "/enrolments", response=list[FoodEnrolmentOut], summary="纳入日管控的企业（本人管辖范围）"
)
def enrolment_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_enrolment(e) for e in selectors.enrolments_visible(user=request.user)]


@router.post(
    "/enrolments", response={201: FoodEnrolmentOut}, summary="纳入日管控（县、市、省局人员）"
)
def enrolment_create(request: HttpRequest, payload: FoodEnrolmentIn) -> Status[dict[str, Any]]:
    enterprise = selectors.enterprise_by_uscc(user=request.user, uscc=payload.uscc)
    data = payload.model_dump(exclude={"uscc"})
    enrolment = services.enrolment_create(enterprise=enterprise, actor=request.user, **data)
    return Status(201, _enrolment(enrolment))


@router.get(
    "/gaps", response=GapListOut, summary="缺项清单：每家纳管企业在某月缺少的记录与逾期问题"
)
def gap_list(request: HttpRequest, query: Query[GapQuery]) -> dict[str, Any]:
    today = timezone.localdate()
    try:
        first = parse_month(query.month) if query.month else today.replace(day=1)
    except ValueError:
        message = _("月份格式不正确，应为“年-月”，如 2026-07。")
        raise ValidationError({"month": message}) from None
    period = Period.month(first.year, first.month)
    rows = selectors.gap_rows(
        user=request.user, period=period, region=query.region, sort=query.sort
    )
    return {
        "period": {"start": period.start, "end": period.end},
        "totals": selectors.gap_totals(rows),
        "rows": [_gap_row(r) for r in rows],
    }


# --- records ------------------------------------------------------------------------------------


@router.get(
    "/enterprises/{uscc}/records",
    response=RecordListOut,
    summary="某企业的日管控记录（默认近 31 天）",
)
def record_list(
    request: HttpRequest, uscc: PathUscc, start: IsoDate | None = None, end: IsoDate | None = None
) -> dict[str, Any]:
    enterprise = _enrolled(request, uscc)
    end = end or timezone.localdate()
    start = start or end - dt.timedelta(days=30)
    return {
        "enterprise": _enterprise(enterprise),
        "risk_items": [
            {
                "id": i.pk,
                "risk_point": i.risk_point,
                "control_measure": i.control_measure,
                "frequency": i.frequency,
                "responsible": i.responsible,
            }
            for i in selectors.risk_items(enterprise)
        ],
        "daily_checks": [
            _daily(c)
            for c in selectors.daily_checks(enterprise)
            .filter(date__range=(start, end))
            .prefetch_related("issues")
        ],
        "weekly_reports": [_weekly(r) for r in selectors.weekly_reports(enterprise)[:60]],
        "monthly_meetings": [_monthly(m) for m in selectors.monthly_meetings(enterprise)[:24]],
        "annual_reports": [_annual(a) for a in selectors.annual_reports(enterprise)],
    }


@router.post(
    "/enterprises/{uscc}/daily-checks",
    response={201: DailyCheckOut},
    summary="填写每日检查记录（企业用户）",
)
def daily_check_create(
    request: HttpRequest, uscc: PathUscc, payload: DailyCheckIn
) -> Status[dict[str, Any]]:
    enterprise = _enrolled(request, uscc)
    check = services.daily_check_record(
        enterprise=enterprise,
        actor=request.user,
        date=payload.date,
        checker=payload.checker,
        note=payload.note,
        issues=_lines(enterprise, payload.issues),
    )
    return Status(201, _daily(check))


@router.post(
    "/enterprises/{uscc}/weekly-reports",
    response={201: WeeklyReportOut},
    summary="填写每周排查治理报告（企业用户）",
)
def weekly_report_create(
    request: HttpRequest, uscc: PathUscc, payload: WeeklyReportIn
) -> Status[dict[str, Any]]:
    enterprise = _enrolled(request, uscc)
    try:
        year, week = parse_iso_week(payload.week)
    except ValueError:
        message = _("周次格式不正确，应为“年-W周”，如 2026-W07。")
        raise ValidationError({"week": message}) from None
    report = services.weekly_report_record(
        enterprise=enterprise,
        actor=request.user,
        iso_year=year,
        iso_week=week,
        reporter=payload.reporter,
        hazards=payload.hazards,
        measures=payload.measures,
        conclusion=payload.conclusion,
        issues=_lines(enterprise, payload.issues),
    )
    return Status(201, _weekly(report))


@router.post(
    "/enterprises/{uscc}/monthly-meetings",
    response={201: MonthlyMeetingOut},
    summary="填写每月调度会议纪要（企业用户）",
)
def monthly_meeting_create(
    request: HttpRequest, uscc: PathUscc, payload: MonthlyMeetingIn
) -> Status[dict[str, Any]]:
    enterprise = _enrolled(request, uscc)
    try:
        month = parse_month(payload.month)
    except ValueError:
        message = _("月份格式不正确，应为“年-月”，如 2026-07。")
        raise ValidationError({"month": message}) from None
    data = payload.model_dump(exclude={"month"})
    meeting = services.monthly_meeting_record(
        enterprise=enterprise, actor=request.user, month=month, **data
    )
    return Status(201, _monthly(meeting))


@router.post(
    "/enterprises/{uscc}/annual-reports",
    response={201: AnnualReportOut},
    summary="提交年度报告正文（企业用户）",
)
def annual_report_create(
    request: HttpRequest, uscc: PathUscc, payload: AnnualReportIn
) -> Status[dict[str, Any]]:
    enterprise = _enrolled(request, uscc)
    report = services.annual_report_record(
        enterprise=enterprise, actor=request.user, year=payload.year, text=payload.text
    )
    return Status(201, _annual(report))


# --- issues --------------------------------------------------------------------------------------


@router.get("/issues", response=list[FoodIssueOut], summary="问题清单（本人管辖范围）")
def issue_list(request: HttpRequest, query: Query[IssueQuery]) -> list[dict[str, Any]]:
    qs = selectors.issues_visible(user=request.user).order_by("deadline", "pk")
    if query.state:
        qs = qs.filter(state=query.state)
    if query.overdue:
        qs = qs.filter(state=Issue.State.TO_FIX, deadline__lt=timezone.localdate())
    if query.uscc:
        qs = qs.filter(enterprise__uscc=query.uscc.upper())
    return [_issue(i) for i in qs[:1000]]


@router.get("/issues/{issue_id}", response=FoodIssueDetailOut, summary="问题详情与处理记录")
def issue_get(request: HttpRequest, issue_id: PathId) -> dict[str, Any]:
    return _issue(selectors.issue_detail(user=request.user, pk=issue_id), events=True)


@router.post(
    "/issues/{issue_id}/fix",
    response=FoodIssueDetailOut,
    summary="提交整改（企业用户；证明文件请在页面上传）",
)
def issue_fix(request: HttpRequest, issue_id: PathId, payload: FixIn) -> dict[str, Any]:
    issue = selectors.issue_detail(user=request.user, pk=issue_id)
    services.issue_fix(
        issue=issue, actor=request.user, note=payload.note, fixed_on=payload.fixed_on
    )
    return _issue(selectors.issue_detail(user=request.user, pk=issue_id), events=True)


@router.post(
    "/issues/{issue_id}/comments",
    response={201: FoodIssueEventOut},
    summary="监管意见（本辖区监管人员）",
)
def issue_comment(
    request: HttpRequest, issue_id: PathId, payload: IssueCommentIn
) -> Status[dict[str, Any]]:
    issue = selectors.issue_detail(user=request.user, pk=issue_id)
    event = services.issue_comment(issue=issue, actor=request.user, comment=payload.comment)
    return Status(201, _event(event))
