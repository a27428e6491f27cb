"""The food-safety routine of SAMR Order No. 60 (2022): enrolment, risk list, records, issues.

日管控 (DailyCheck, by the food-safety officer), 周排查 (WeeklyReport, by the food-safety
director), 月调度 (MonthlyMeeting, chaired by the main responsible person) and 年报告
(AnnualReport). Issues found in any record are followed to "fixed" through append-only events.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qstrong.core.models import AppendOnlyModel, ArchivableModel, TimeStampedModel
from qstrong.registry.models import Enterprise


class Enrolment(ArchivableModel):
    """An enterprise taken into the routine, with its food-safety staff; archived when it leaves."""

    enterprise = models.OneToOneField(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="foodsafety_enrolment",
    )
    # Records are due from this day on; earlier days are not gaps.
    enrolled_on = models.DateField(_("纳入日期"))
    main_responsible = models.CharField(_("主要负责人"), max_length=50, blank=True)
    director = models.CharField(_("食品安全总监"), max_length=50, blank=True)
    officer = models.CharField(_("食品安全员"), max_length=50, blank=True)
    note = models.CharField(_("备注"), max_length=255, blank=True)
    source_note = models.CharField(_("来源说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("日管控纳管企业")
        verbose_name_plural = _("日管控纳管企业")
        ordering = ["enterprise__name"]

    def __str__(self) -> str:
        return str(self.enterprise)


class RiskItem(ArchivableModel):
    """One line of the enterprise's risk-control list (食品安全风险管控清单)."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("每日")
        BATCH = "batch", _("每批")
        WEEKLY = "weekly", _("每周")
        MONTHLY = "monthly", _("每月")

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="foodsafety_risk_items",
    )
    position = models.PositiveIntegerField(_("序号"), default=0)
    risk_point = models.CharField(_("风险点"), max_length=100)
    control_measure = models.TextField(_("管控措施"), max_length=1000)
    frequency = models.CharField(
        _("检查频次"), max_length=8, choices=Frequency.choices, default=Frequency.DAILY
    )
    responsible = models.CharField(_("责任人"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("风险管控清单条目")
        verbose_name_plural = _("风险管控清单条目")
        ordering = ["enterprise", "position", "pk"]

    def __str__(self) -> str:
        return self.risk_point

    @property
    def checked_daily(self) -> bool:
        """Items the daily check goes through (每日 and 每批 items)."""
        return self.frequency in {self.Frequency.DAILY, self.Frequency.BATCH}


class DailyCheck(TimeStampedModel):
    """日管控: one day's check by the food-safety officer; a day without problems still counts."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="foodsafety_daily_checks",
    )
    date = models.DateField(_("检查日期"))
    checker = models.CharField(_("检查人"), max_length=50)
    no_issue = models.BooleanField(_("未发现问题"), default=True)
    # [{"risk_item": id, "risk_point": "...", "passed": true}] — the list as it stood that day.
    results = models.JSONField(_("检查结果"), default=list, blank=True)
    note = models.TextField(_("备注"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("每日食品安全检查记录")
        verbose_name_plural = _("每日食品安全检查记录")
        ordering = ["enterprise", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "date"], name="foodsafety_daily_once")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.date:%Y-%m-%d}"


class WeeklyReport(TimeStampedModel):
    """周排查: the food-safety director's weekly hazard check and report, one per ISO week."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="foodsafety_weekly_reports",
    )
    iso_year = models.PositiveIntegerField(_("年份（ISO）"))
    iso_week = models.PositiveIntegerField(_("周次（ISO）"))
    reporter = models.CharField(_("排查人"), max_length=50)
    hazards = models.TextField(_("发现的风险隐患"), max_length=4000, blank=True)
    measures = models.TextField(_("整改措施"), max_length=4000, blank=True)
    conclusion = models.TextField(_("排查结论"), max_length=2000)

    class Meta:
        verbose_name = _("每周食品安全排查治理报告")
        verbose_name_plural = _("每周食品安全排查治理报告")
        ordering = ["enterprise", "-iso_year", "-iso_week"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "iso_year", "iso_week"], name="foodsafety_weekly_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.week_label}"

    @property
    def week_label(self) -> str:
        return f"{self.iso_year}-W{self.iso_week:02d}"

    @property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.iso_year, self.iso_week, 1)


class MonthlyMeeting(TimeStampedModel):
    """月调度: the monthly scheduling meeting chaired by the main responsible person."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="foodsafety_monthly_meetings",
    )
    month = models.DateField(_("月份"))  # the first day of the month
    held_on = models.DateField(_("会议日期"))
    chair = models.CharField(_("主持人"), max_length=50)
    attendees = models.CharField(_("参会人员"), max_length=500)
    minutes = models.TextField(_("会议纪要"), max_length=8000)
    decisions = models.TextField(_("调度事项"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("每月食品安全调度会议纪要")
        verbose_name_plural = _("每月食品安全调度会议纪要")
        ordering = ["enterprise", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "month"], name="foodsafety_monthly_once")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.month:%Y-%m}"


def annual_report_path(instance: AnnualReport, filename: str) -> str:
    return f"foodsafety/annual/{instance.enterprise_id}/{instance.year}/{filename}"


def evidence_path(instance: IssueEvent, filename: str) -> str:
    return f"foodsafety/evidence/{instance.issue.enterprise_id}/{instance.issue_id}/{filename}"


class AnnualReport(TimeStampedModel):
    """年报告: the year's food-safety work, as text and/or the signed file."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="foodsafety_annual_reports",
    )
    year = models.PositiveIntegerField(_("年度"))
    text = models.TextField(_("报告内容"), max_length=20000, blank=True)
    file = models.FileField(_("报告文件"), upload_to=annual_report_path, max_length=300, blank=True)
    file_name = models.CharField(_("文件名"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("年度食品安全工作报告")
        verbose_name_plural = _("年度食品安全工作报告")
        ordering = ["enterprise", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="foodsafety_annual_once")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.year}"


class Issue(TimeStampedModel):
    """A problem found in a record; to fix by a deadline, then fixed with evidence."""

    class State(models.TextChoices):
        TO_FIX = "to_fix", _("待整改")
        FIXED = "fixed", _("已整改")

    class Source(models.TextChoices):
        DAILY = "daily", _("日管控")
        WEEKLY = "weekly", _("周排查")
        MONTHLY = "monthly", _("月调度")

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="foodsafety_issues",
    )
    source = models.CharField(_("来源"), max_length=8, choices=Source.choices)
    daily_check = models.ForeignKey(
        DailyCheck, null=True, blank=True, on_delete=models.PROTECT, related_name="issues"
    )
    weekly_report = models.ForeignKey(
        WeeklyReport, null=True, blank=True, on_delete=models.PROTECT, related_name="issues"
    )
    monthly_meeting = models.ForeignKey(
        MonthlyMeeting, null=True, blank=True, on_delete=models.PROTECT, related_name="issues"
    )
    risk_point = models.CharField(_("风险点"), max_length=100, blank=True)
    description = models.TextField(_("问题描述"), max_length=2000)
    found_on = models.DateField(_("发现日期"))
    deadline = models.DateField(_("整改期限"))
    state = models.CharField(
        _("状态"), max_length=8, choices=State.choices, default=State.TO_FIX, db_index=True
    )
    fixed_on = models.DateField(_("整改完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("食品安全问题")
        verbose_name_plural = _("食品安全问题")
        ordering = ["enterprise", "-found_on", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.description[:30]}"

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.state == self.State.TO_FIX and self.deadline < today


class IssueEvent(AppendOnlyModel):
    """What happened to an issue: found, fixed (with evidence), reopened, commented."""

    class Kind(models.TextChoices):
        FOUND = "found", _("发现问题")
        FIXED = "fixed", _("整改完成")
        REOPENED = "reopened", _("退回重新整改")
        COMMENTED = "commented", _("监管意见")

    issue = models.ForeignKey(
        Issue, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("事件"), max_length=12, choices=Kind.choices)
    comment = models.TextField(_("说明"), max_length=2000, blank=True)
    evidence = models.FileField(_("整改证明"), upload_to=evidence_path, max_length=300, blank=True)
    evidence_name = models.CharField(_("文件名"), max_length=255, blank=True)
    data: Any = models.JSONField(_("内容"), default=dict, blank=True)

    class Meta:
        verbose_name = _("问题事件")
        verbose_name_plural = _("问题事件")
        ordering = ["issue", "at", "id"]

    def __str__(self) -> str:
        return f"{self.issue_id} {self.kind}"


class RoutineComment(AppendOnlyModel):
    """An officer's remark on an enterprise's routine (监管意见), kept as written."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="foodsafety_comments",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填写人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("意见"), max_length=2000)

    class Meta:
        verbose_name = _("日管控监管意见")
        verbose_name_plural = _("日管控监管意见")
        ordering = ["enterprise", "-at", "-id"]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.at:%Y-%m-%d}"
