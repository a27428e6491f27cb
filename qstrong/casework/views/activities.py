"""Outreach activity pages: timeline, calendar, statistics, one activity, the forms."""

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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qstrong.casework import permissions, selectors, services
from qstrong.casework.forms import ActivityForm, FileForm, NeedForm, PhotoForm
from qstrong.casework.models import OutreachActivity
from qstrong.casework.views.common import page, scoped

PERIODS = {"month": "按月", "quarter": "按季度", "half": "按半年", "year": "按年"}


def _month(value: str) -> tuple[int, int]:
    try:
        day = dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        day = timezone.localdate()
    return day.year, day.month


@login_required
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    """The timeline: activities newest first, grouped by month."""
    kind = request.GET.get("kind", "")
    year = request.GET.get("year", "")
    qs = selectors.activity_list(
        user=request.user, kind=kind if kind in OutreachActivity.Kind.values else ""
    )
    if year.isdigit():
        qs = qs.filter(date__year=int(year))
    groups: dict[str, list[OutreachActivity]] = {}
    for activity in qs[:500]:
        groups.setdefault(f"{activity.date:%Y-%m}", []).append(activity)
    return page(
        request,
        "casework/activities/list.html",
        {"groups": groups, "kinds": OutreachActivity.Kind.choices, "kind": kind, "year": year},
    )


@login_required
@require_GET
def activity_calendar(request: HttpRequest) -> HttpResponse:
    year, month = _month(request.GET.get("month", ""))
    first = dt.date(year, month, 1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return page(
        request,
        "casework/activities/calendar.html",
        {
            "weeks": selectors.calendar_month(user=request.user, year=year, month=month),
            "first": first,
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def activity_stats(request: HttpRequest) -> HttpResponse:
    """Activities and distinct enterprises served, per period and per city / county."""
    today = timezone.localdate()
    try:
        start = (
            dt.date.fromisoformat(request.GET.get("start", ""))
            if request.GET.get("start")
            else dt.date(today.year, 1, 1)
        )
        end = (
            dt.date.fromisoformat(request.GET.get("end", ""))
            if request.GET.get("end")
            else dt.date(today.year, 12, 31)
        )
    except ValueError:
        start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    period = request.GET.get("period", "month")
    period = period if period in PERIODS else "month"
    level = "county" if request.GET.get("level") == "county" else "city"
    stats = selectors.outreach_stats(
        user=request.user, start=start, end=end, period=period, level=level
    )
    chart = {
        "periods": [row.period for row in stats.rows],
        "activities": [row.activities for row in stats.rows],
        "enterprises": [row.enterprises for row in stats.rows],
        "labels": {"activities": _("活动次数"), "enterprises": _("服务企业（去重）")},
    }
    return page(
        request,
        "casework/activities/stats.html",
        {
            "stats": stats, "start": start, "end": end, "period": period, "level": level,
            "periods": [(key, _(label)) for key, label in PERIODS.items()],
            "chart": chart,
        },
    )  # fmt: skip


@login_required
@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = scoped(selectors.activity_detail, user=request.user, pk=pk)
    return _detail_page(request, activity)


def _detail_page(request: HttpRequest, activity: OutreachActivity, **forms: Any) -> HttpResponse:
    can_write = permissions.is_officer(request.user)
    can_edit = permissions.can_edit_activity(request.user, activity)
    removed_photos, removed_files = selectors.activity_removed_files(activity=activity)
    context = {
        "activity": activity,
        "can_write": can_write,
        "can_edit": can_edit,
        "removed_photos": removed_photos,
        "removed_files": removed_files,
        "history": selectors.activity_history(activity=activity) if can_write else [],
        "photo_form": forms.get("photo_form") or PhotoForm(),
        "file_form": forms.get("file_form") or FileForm(),
        "need_form": forms.get("need_form") or NeedForm(user=request.user, activity=activity),
        "has_subjects": activity.enterprises.exists()
        or activity.chains.exists()
        or activity.towns.exists(),
    }
    status = 422 if forms else 200
    return page(request, "casework/activities/detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    if not permissions.is_officer(request.user):
        raise PermissionDenied
    form = ActivityForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(actor=request.user, data=form.data_object())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("活动已登记。"))
            return redirect("casework:activity_detail", pk=activity.pk)
    status = 422 if form.is_bound else 200
    context = {"form": form, "picked_enterprises": form.picked("enterprise_ids")}
    return page(request, "casework/activities/form.html", context, status=status)


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _writable_activity(request: HttpRequest, pk: int) -> OutreachActivity:
    activity = scoped(selectors.activity_detail, user=request.user, pk=pk)
    if not permissions.is_officer(request.user):
        raise PermissionDenied
    return activity


@login_required
@require_POST
def activity_photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _writable_activity(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.activity_photo_add(
                activity=activity, actor=request.user, upload=form.cleaned_data["photo"],
                caption=form.cleaned_data["caption"], credit=form.cleaned_data["credit"],
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error("photo", exc.messages)
        else:
            messages.success(request, _("照片已上传。"))
            return redirect("casework:activity_detail", pk=pk)
    return _detail_page(request, activity, photo_form=form)


@login_required
@require_POST
def activity_attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _writable_activity(request, pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.activity_attachment_add(
                activity=activity, actor=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, _("附件已上传。"))
            return redirect("casework:activity_detail", pk=pk)
    return _detail_page(request, activity, file_form=form)


@login_required
@require_POST
def activity_need_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A need raised on the spot during the activity."""
    activity = _writable_activity(request, pk)
    form = NeedForm(request.POST, user=request.user, activity=activity)
    if form.is_valid():
        data = form.data_object()
        try:
            assert data is not None
            need = services.need_create(actor=request.user, data=data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("需求已登记，可以为它安排任务。"))
            return redirect("casework:need_detail", pk=need.pk)
    return _detail_page(request, activity, need_form=form)
