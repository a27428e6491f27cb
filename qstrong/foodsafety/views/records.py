"""The enterprise fills its records: daily check, weekly report, monthly minutes, annual report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qstrong.foodsafety import permissions, selectors, services
from qstrong.foodsafety.forms import (
    AnnualReportForm,
    DailyCheckForm,
    MonthlyMeetingForm,
    WeeklyReportForm,
    apply_errors,
)
from qstrong.foodsafety.models import Enrolment
from qstrong.foodsafety.views.common import enrolled
from qstrong.registry.models import Enterprise
from qstrong.registry.views.common import render_page

NO_ISSUE_ACTION = "no_issue"


def _writer(request: HttpRequest, pk: int) -> tuple[Enterprise, Enrolment]:
    enterprise, enrolment = enrolled(request, pk)
    if not permissions.can_fill_records(request.user, enterprise):
        raise PermissionDenied
    return enterprise, enrolment


def _saved(request: HttpRequest, pk: int, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("foodsafety:routine", pk=pk)


def _render(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    status = 422 if request.method == "POST" else 200
    return render_page(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def daily_new(request: HttpRequest, pk: int) -> HttpResponse:
    """日管控: one click for "今日无异常", or issue lines for what was found."""
    enterprise, enrolment = _writer(request, pk)
    items = list(selectors.risk_items(enterprise))
    today = timezone.localdate()
    initial = {"date": request.GET.get("date") or today, "checker": enrolment.officer}
    form = DailyCheckForm(request.POST or None, initial=initial, risk_items=items)
    if request.method == "POST" and form.is_valid():
        no_issue = request.POST.get("action") == NO_ISSUE_ACTION
        lines = [] if no_issue else form.issue_lines()
        if not form.errors:
            try:
                check = services.daily_check_record(
                    enterprise=enterprise,
                    actor=request.user,
                    date=form.cleaned_data["date"],
                    checker=form.cleaned_data["checker"],
                    note=form.cleaned_data["note"],
                    issues=lines,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                if check.no_issue:
                    return _saved(
                        request, pk, _("%(date)s 检查记录已保存：无异常。") % {"date": check.date}
                    )
                return _saved(
                    request,
                    pk,
                    _("%(date)s 检查记录已保存，发现 %(n)s 个问题，已列入待整改。")
                    % {"date": check.date, "n": len(lines)},
                )
    daily_items = [i for i in items if i.checked_daily]
    return _render(
        request,
        "foodsafety/daily_form.html",
        enterprise=enterprise,
        form=form,
        daily_items=daily_items,
        today=today,
    )


@login_required
@require_http_methods(["GET", "POST"])
def weekly_new(request: HttpRequest, pk: int) -> HttpResponse:
    """周排查: the director's report for an ISO week."""
    enterprise, enrolment = _writer(request, pk)
    items = list(selectors.risk_items(enterprise))
    iso = timezone.localdate().isocalendar()
    initial = {"week": f"{iso.year}-W{iso.week:02d}", "reporter": enrolment.director}
    form = WeeklyReportForm(request.POST or None, initial=initial, risk_items=items)
    if request.method == "POST" and form.is_valid():
        lines = form.issue_lines()
        if not form.errors:
            year, week = form.cleaned_data["week"]
            data = {k: form.cleaned_data[k] for k in ("reporter", "hazards", "measures")}
            try:
                services.weekly_report_record(
                    enterprise=enterprise,
                    actor=request.user,
                    iso_year=year,
                    iso_week=week,
                    conclusion=form.cleaned_data["conclusion"],
                    issues=lines,
                    **data,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                label = f"{year}-W{week:02d}"
                return _saved(request, pk, _("%(week)s 排查报告已保存。") % {"week": label})
    return _render(request, "foodsafety/weekly_form.html", enterprise=enterprise, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def monthly_new(request: HttpRequest, pk: int) -> HttpResponse:
    """月调度: minutes of the month's scheduling meeting."""
    enterprise, enrolment = _writer(request, pk)
    today = timezone.localdate()
    initial = {"month": f"{today:%Y-%m}", "held_on": today, "chair": enrolment.main_responsible}
    form = MonthlyMeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        month: dt.date = data.pop("month")
        try:
            services.monthly_meeting_record(
                enterprise=enterprise, actor=request.user, month=month, **data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _saved(
                request, pk, _("%(month)s 调度会议纪要已保存。") % {"month": f"{month:%Y-%m}"}
            )
    return _render(request, "foodsafety/monthly_form.html", enterprise=enterprise, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def annual_new(request: HttpRequest, pk: int) -> HttpResponse:
    """年报告: the year's food-safety work report."""
    enterprise, _enrolment = _writer(request, pk)
    initial = {"year": timezone.localdate().year - 1}
    form = AnnualReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.annual_report_record(
                enterprise=enterprise,
                actor=request.user,
                year=form.cleaned_data["year"],
                text=form.cleaned_data["text"],
                upload=form.cleaned_data.get("file"),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _saved(request, pk, _("%(year)s 年度报告已提交。") % {"year": report.year})
    return _render(request, "foodsafety/annual_form.html", enterprise=enterprise, form=form)
