"""One enterprise's routine: staff, risk list, calendar, records, issues, officers' remarks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qstrong.core.files import open_stored_or_404
from qstrong.foodsafety import permissions, selectors, services
from qstrong.foodsafety.forms import CommentForm, RiskItemForm, StaffForm, apply_errors
from qstrong.foodsafety.gaps import Period
from qstrong.foodsafety.heatmap import month_grids
from qstrong.foodsafety.models import AnnualReport, RiskItem
from qstrong.foodsafety.views.common import enrolled
from qstrong.registry.views.common import render_page

CALENDAR_MONTHS = 3


@login_required
@require_GET
def routine(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise, enrolment = enrolled(request, pk)
    today = timezone.localdate()
    period = Period.month(today.year, today.month)
    gaps = selectors.gaps_for(enrolments=[enrolment], period=period, today=today)[0].gaps
    user = request.user
    context = {
        "enterprise": enterprise,
        "enrolment": enrolment,
        "gaps": gaps,
        "period": period,
        "today": today,
        "grids": month_grids(
            enterprise=enterprise,
            enrolled_on=enrolment.enrolled_on,
            months=CALENDAR_MONTHS,
            today=today,
        ),
        "risk_items": selectors.risk_items(enterprise),
        "daily_checks": selectors.daily_checks(enterprise).prefetch_related("issues")[:14],
        "checked_today": selectors.daily_checks(enterprise).filter(date=today).exists(),
        "weekly_reports": selectors.weekly_reports(enterprise)[:8],
        "monthly_meetings": selectors.monthly_meetings(enterprise)[:6],
        "annual_reports": selectors.annual_reports(enterprise)[:5],
        "issues": selectors.enterprise_issues(enterprise)[:50],
        "comments": selectors.routine_comments(enterprise)[:20],
        "can_fill": permissions.can_fill_records(user, enterprise),
        "can_comment": permissions.can_comment(user, enterprise),
        "can_enrol": permissions.can_enrol(user, enterprise),
        "can_edit_staff": permissions.can_edit_staff(user, enterprise),
        "comment_form": CommentForm(),
        "is_officer": permissions.is_officer_view(user),
    }
    return render_page(request, "foodsafety/routine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise, enrolment = enrolled(request, pk)
    if not permissions.can_edit_staff(request.user, enterprise):
        raise PermissionDenied
    initial = {
        "main_responsible": enrolment.main_responsible,
        "director": enrolment.director,
        "officer": enrolment.officer,
    }
    form = StaffForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_staff_update(
                enrolment=enrolment, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("食品安全人员已更新。"))
            return redirect("foodsafety:routine", pk=pk)
    context = {"enterprise": enterprise, "form": form, "title": _("食品安全人员")}
    return render_page(request, "foodsafety/simple_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def risk_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The risk-control list; the enterprise adds lines here (officers read it)."""
    enterprise, _enrolment = enrolled(request, pk)
    can_fill = permissions.can_fill_records(request.user, enterprise)
    form = RiskItemForm(request.POST or None)
    if request.method == "POST":
        if not can_fill:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.risk_item_add(
                    enterprise=enterprise, actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已添加风险点。"))
                return redirect("foodsafety:risk_list", pk=pk)
    context = {
        "enterprise": enterprise,
        "items": selectors.risk_items(enterprise),
        "form": form,
        "can_fill": can_fill,
    }
    return render_page(request, "foodsafety/risk_list.html", context)


def _risk_item(request: HttpRequest, pk: int, item_pk: int) -> RiskItem:
    enterprise, _enrolment = enrolled(request, pk)
    item = selectors.risk_items(enterprise).filter(pk=item_pk).first()
    if item is None:
        raise Http404("no such risk item")
    if not permissions.can_fill_records(request.user, enterprise):
        raise PermissionDenied
    return item


@login_required
@require_http_methods(["GET", "POST"])
def risk_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _risk_item(request, pk, item_pk)
    initial = {f: getattr(item, f) for f in ("risk_point", "control_measure", "frequency")}
    form = RiskItemForm(request.POST or None, initial={**initial, "responsible": item.responsible})
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_item_update(item=item, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("风险点已修改，修改前的内容保留在变更记录中。"))
            return redirect("foodsafety:risk_list", pk=pk)
    context = {"enterprise": item.enterprise, "form": form, "title": _("修改风险点")}
    return render_page(request, "foodsafety/simple_form.html", context)


@login_required
@require_POST
def risk_archive(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _risk_item(request, pk, item_pk)
    services.risk_item_archive(item=item, actor=request.user)
    messages.success(request, _("已停用风险点“%(name)s”。") % {"name": item.risk_point})
    return redirect("foodsafety:risk_list", pk=pk)


@login_required
@require_POST
def routine_comment(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise, _enrolment = enrolled(request, pk)
    if not permissions.can_comment(request.user, enterprise):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        services.routine_comment_add(
            enterprise=enterprise, actor=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, _("监管意见已保存。"))
    else:
        messages.error(request, _("请填写意见。"))
    return redirect("foodsafety:routine", pk=pk)


@login_required
@require_GET
def annual_file(request: HttpRequest, pk: int, year: int) -> HttpResponseBase:
    """The report file, served by Django after the scope check (never from /media/)."""
    enterprise, _enrolment = enrolled(request, pk)
    report = AnnualReport.objects.filter(enterprise=enterprise, year=year).first()
    if report is None or not report.file:
        raise Http404("no file")
    return FileResponse(
        open_stored_or_404(report.file), as_attachment=True, filename=report.file_name
    )
