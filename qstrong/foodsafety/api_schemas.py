"""Pydantic schemas of the foodsafety API: strict bodies, queries, and the answers' shapes."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from qstrong.core.apitypes import Flag, Id, IsoDate, StrictIn, Uscc

# --- in ----------------------------------------------------------------------------------------


class FoodEnrolmentIn(StrictIn):
    uscc: Uscc
    enrolled_on: IsoDate | None = None
    main_responsible: str = Field("", max_length=50)
    director: str = Field("", max_length=50)
    officer: str = Field("", max_length=50)
    note: str = Field("", max_length=255)


class IssueLineIn(StrictIn):
    description: str = Field(min_length=1, max_length=2000)
    deadline: IsoDate | None = None
    risk_item: Id | None = Field(None, description="风险管控清单条目 id")


class DailyCheckIn(StrictIn):
    date: IsoDate
    checker: str = Field(min_length=1, max_length=50)
    note: str = Field("", max_length=2000)
    issues: list[IssueLineIn] = Field(default_factory=list, max_length=20)


class WeeklyReportIn(StrictIn):
    week: str = Field(pattern=r"^\d{4}-W\d{2}$", description="ISO 周，如 2026-W07")
    reporter: str = Field(min_length=1, max_length=50)
    hazards: str = Field("", max_length=4000)
    measures: str = Field("", max_length=4000)
    conclusion: str = Field(min_length=1, max_length=2000)
    issues: list[IssueLineIn] = Field(default_factory=list, max_length=20)


class MonthlyMeetingIn(StrictIn):
    month: str = Field(pattern=r"^\d{4}-\d{2}$", description="如 2026-07")
    held_on: IsoDate
    chair: str = Field(min_length=1, max_length=50)
    attendees: str = Field(min_length=1, max_length=500)
    minutes: str = Field(min_length=1, max_length=8000)
    decisions: str = Field("", max_length=4000)


class AnnualReportIn(StrictIn):
    year: int = Field(ge=2000, le=2100)
    text: str = Field(min_length=1, max_length=20000)


class FixIn(StrictIn):
    note: str = Field(min_length=1, max_length=2000)
    fixed_on: IsoDate | None = None


class IssueCommentIn(StrictIn):
    comment: str = Field(min_length=1, max_length=2000)


class GapQuery(Schema):
    month: str = Field("", pattern=r"^(\d{4}-\d{2})?$", description="统计月份，默认本月")
    region: str = Field("", pattern=r"^(\d{6})?$")
    sort: Literal["gaps", "days", "weeks", "months", "overdue", "name", "region"] = "gaps"


class IssueQuery(Schema):
    state: Literal["", "to_fix", "fixed"] = ""
    overdue: Flag = False
    uscc: str = Field("", pattern=r"^([0-9A-Za-z]{18})?$")


# --- out ---------------------------------------------------------------------------------------


class FoodEnterpriseRef(Schema):
    uscc: str = Field(description="统一社会信用代码")
    name: str = Field(description="企业名称")
    region: str = Field(description="所在县级行政区划代码")
    industry: str | None = Field(description="行业代码；未登记时为 null")


class FoodEnrolmentOut(Schema):
    enterprise: FoodEnterpriseRef
    enrolled_on: dt.date = Field(description="纳入日期")
    main_responsible: str = Field(description="主要负责人（可为空字符串）")
    director: str = Field(description="食品安全总监（可为空字符串）")
    officer: str = Field(description="食品安全员（可为空字符串）")
    note: str = Field(description="备注（可为空字符串）")


class GapPeriodOut(Schema):
    start: dt.date = Field(description="统计期第一天")
    end: dt.date = Field(description="统计期最后一天")


class GapTotalsOut(Schema):
    enrolled: int = Field(description="纳管企业数")
    with_gaps: int = Field(description="有缺项的企业数")
    missing_days: int = Field(description="缺少的日检查记录合计")
    missing_weeks: int = Field(description="缺少的周排查报告合计")
    missing_months: int = Field(description="缺少的月调度纪要合计")
    annual_missing: int = Field(description="缺少年度报告的企业数")
    open_issues: int = Field(description="待整改问题合计")
    overdue_issues: int = Field(description="逾期未整改问题合计")


class GapRowOut(Schema):
    enterprise: FoodEnterpriseRef
    due_days: int = Field(description="统计期内应检查的天数")
    missing_days: list[dt.date] = Field(description="缺少检查记录的日期")
    missing_weeks: list[str] = Field(description="缺少排查报告的 ISO 周，如 2026-W07")
    missing_months: list[str] = Field(description="缺少调度纪要的月份，如 2026-07")
    annual_missing: int | None = Field(description="缺少年度报告的年份；不缺时为 null")
    open_issues: int = Field(description="待整改问题数")
    overdue_issues: int = Field(description="逾期未整改问题数")
    total: int = Field(description="缺项合计（排序依据）")


class GapListOut(Schema):
    period: GapPeriodOut
    totals: GapTotalsOut
    rows: list[GapRowOut]


class RiskItemOut(Schema):
    id: int
    risk_point: str = Field(description="风险点")
    control_measure: str = Field(description="管控措施")
    frequency: str = Field(description="检查频次：daily、batch、weekly、monthly")
    responsible: str = Field(description="责任人（可为空字符串）")


class CheckResultOut(Schema):
    risk_item: int = Field(description="风险管控清单条目编号")
    risk_point: str = Field(description="当日的风险点名称")
    passed: bool = Field(description="当日检查是否通过")


class DailyCheckOut(Schema):
    date: dt.date
    checker: str = Field(description="检查人")
    no_issue: bool = Field(description="未发现问题")
    results: list[CheckResultOut] = Field(description="逐项检查结果（当日的清单）")
    note: str = Field(description="备注（可为空字符串）")
    issues: list[int] = Field(description="当日发现的问题编号")


class WeeklyReportOut(Schema):
    week: str = Field(description="ISO 周，如 2026-W07")
    reporter: str = Field(description="排查人")
    hazards: str = Field(description="发现的风险隐患（可为空字符串）")
    measures: str = Field(description="整改措施（可为空字符串）")
    conclusion: str = Field(description="排查结论")


class MonthlyMeetingOut(Schema):
    month: str = Field(description="月份，如 2026-07")
    held_on: dt.date = Field(description="会议日期")
    chair: str = Field(description="主持人")
    attendees: str = Field(description="参会人员")
    minutes: str = Field(description="会议纪要")
    decisions: str = Field(description="调度事项（可为空字符串）")


class AnnualReportOut(Schema):
    year: int = Field(description="年度")
    text: str = Field(description="报告正文（可为空字符串）")
    file: str | None = Field(description="上传的报告文件名；无文件时为 null")


class RecordListOut(Schema):
    enterprise: FoodEnterpriseRef
    risk_items: list[RiskItemOut] = Field(description="现行风险管控清单")
    daily_checks: list[DailyCheckOut] = Field(description="所选期间的每日检查记录")
    weekly_reports: list[WeeklyReportOut] = Field(description="最近 60 份周排查报告")
    monthly_meetings: list[MonthlyMeetingOut] = Field(description="最近 24 份月调度纪要")
    annual_reports: list[AnnualReportOut] = Field(description="年度报告")


class FoodIssueEventOut(Schema):
    at: dt.datetime
    kind: str = Field(description="事件：found、fixed、reopened、commented")
    actor: str | None = Field(description="操作人；已删除时为 null")
    comment: str = Field(description="说明（可为空字符串）")
    evidence: str | None = Field(description="整改证明文件名；无文件时为 null")
    data: dict[str, Any] = Field(description='事件内容，如 {"deadline": "2026-07-31"}')


class FoodIssueOut(Schema):
    id: int
    enterprise: FoodEnterpriseRef
    source: str = Field(description="来源：daily、weekly、monthly")
    risk_point: str = Field(description="风险点（可为空字符串）")
    description: str = Field(description="问题描述")
    found_on: dt.date = Field(description="发现日期")
    deadline: dt.date = Field(description="整改期限")
    state: str = Field(description="状态：to_fix、fixed")
    fixed_on: dt.date | None = Field(description="整改完成日期；未整改时为 null")
    overdue: bool = Field(description="已过整改期限且未整改")


class FoodIssueDetailOut(FoodIssueOut):
    events: list[FoodIssueEventOut] = Field(description="处理记录，按时间先后")
