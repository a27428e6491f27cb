"""Indicator data pages: the filtered list, entry and edit forms, withdrawal, import and export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qstrong.accounts.permissions import can_import
from qstrong.core.services import audit_record
from qstrong.insights import exporting, selectors
from qstrong.insights.forms import ImportForm, IndicatorForm
from qstrong.insights.importing import HEADER, indicators_import
from qstrong.insights.models import Indicator, IndicatorSource, Metric, SubjectKind
from qstrong.insights.periods import PeriodError, parse_period
from qstrong.insights.permissions import can_enter_figures, can_view_dashboards
from qstrong.insights.services import (
    IndicatorData,
    indicator_save,
    indicator_update,
)
from qstrong.insights.services import (
    indicator_archive as archive_service,
)


def _readers_only(request: HttpRequest) -> None:
    if not can_view_dashboards(request.user):
        raise Http404


def _filters(request: HttpRequest) -> selectors.IndicatorFilters:
    period = None
    text = request.GET.get("period", "").strip()
    if text:
        try:
            period = parse_period(text)
        except PeriodError:
            period = None
    return selectors.IndicatorFilters(
        metric=request.GET.get("metric", "").strip(),
        subject_kind=request.GET.get("kind", "").strip(),
        subject=request.GET.get("q", "").strip(),
        period=period,
        source=request.GET.get("source", "").strip(),
    )


def _page(request: HttpRequest, template: str, context: dict[str, Any], **kw: Any) -> HttpResponse:
    return render(request, template, {"can_import": can_import(request.user), **context}, **kw)


@login_required
@require_GET
def indicator_list(request: HttpRequest) -> HttpResponse:
    _readers_only(request)
    qs = selectors.indicator_search(user=request.user, filters=_filters(request))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [(i, selectors.subject_label(i)) for i in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return _page(
        request,
        "insights/indicators/list.html",
        {
            "page": page,
            "rows": rows,
            "total": page.paginator.count,
            "metrics": Metric.objects.all(),
            "kinds": SubjectKind.choices,
            "sources": IndicatorSource.choices,
            "query": query.urlencode(),
            "params": request.GET,
            "can_enter": can_enter_figures(request.user),
        },
    )


@login_required
@require_GET
def indicator_export(request: HttpRequest) -> HttpResponse:
    _readers_only(request)
    qs = selectors.indicator_search(user=request.user, filters=_filters(request))
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    audit_record(
        actor=request.user,
        action="export",
        object_type="insights.indicator",
        object_id="list",
        note=f"{fmt} {request.GET.urlencode()}"[:255],
    )
    if fmt == "csv":
        response = HttpResponse(
            exporting.indicators_csv(qs), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exporting.indicators_xlsx(qs),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="indicators.{fmt}"'
    return response


def _data(form: IndicatorForm) -> IndicatorData:
    d = form.cleaned_data
    return IndicatorData(
        metric=d["metric"].code,
        subject_kind=d["subject_kind"],
        subject_code=d["subject_code"],
        period=d["period"],
        value=d["value"],
        unit=d["unit"],
        source=d["source"],
        source_note=d["source_note"],
        note=d["note"],
    )


def _apply_errors(form: IndicatorForm, exc: ValidationError) -> None:
    for field, texts in exc.message_dict.items():
        for text in texts:
            form.add_error(field if field in form.fields else None, text)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest) -> HttpResponse:
    if not can_enter_figures(request.user):
        raise PermissionDenied
    form = IndicatorForm(request.POST or None, initial={"unit": "亿元"})
    if request.method == "POST" and form.is_valid():
        try:
            indicator, outcome = indicator_save(data=_data(form), actor=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        except PermissionDenied:
            form.add_error("subject_code", _("不在您的辖区，无权录入该对象的数据"))
        else:
            text = _("已保存：%(label)s") if outcome != "unchanged" else _("数据未变：%(label)s")
            messages.success(request, text % {"label": str(indicator)})
            return redirect("insights:indicator_list")
    return _page(request, "insights/indicators/form.html", {"form": form, "indicator": None})


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_enter_figures(request.user):
        raise PermissionDenied
    try:
        indicator = selectors.indicator_detail(user=request.user, pk=pk)
    except Indicator.DoesNotExist as exc:
        raise Http404 from exc
    initial = {
        "metric": indicator.metric.code,
        "subject_kind": indicator.subject_kind,
        "subject_code": indicator.subject_code,
        "period": indicator.period.label,
        "value": f"{indicator.value.normalize():f}",
        "unit": indicator.unit,
        "source": indicator.source,
        "source_note": indicator.source_note,
        "note": indicator.note,
    }
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            indicator_update(indicator=indicator, data=_data(form), actor=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        except PermissionDenied:
            form.add_error("subject_code", _("不在您的辖区，无权修改该对象的数据"))
        else:
            messages.success(request, _("已保存修改。"))
            return redirect("insights:indicator_list")
    return _page(request, "insights/indicators/form.html", {"form": form, "indicator": indicator})


@login_required
@require_POST
def indicator_archive(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        indicator = selectors.indicator_detail(user=request.user, pk=pk)
    except Indicator.DoesNotExist as exc:
        raise Http404 from exc
    archive_service(indicator=indicator, actor=request.user)
    messages.success(request, _("已撤回该数据（保留在审计记录中）。"))
    return redirect("insights:indicator_list")


@login_required
@require_http_methods(["GET", "POST"])
def indicator_import(request: HttpRequest) -> HttpResponse:
    if not can_enter_figures(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        outcome = indicators_import(filename=upload.name, content=upload.read(), actor=request.user)
        status = 200 if not outcome.errors else 422
        return _page(
            request,
            "insights/indicators/import.html",
            {"form": ImportForm(), "outcome": outcome, "header": HEADER},
            status=status,
        )
    return _page(
        request,
        "insights/indicators/import.html",
        {"form": form, "outcome": outcome, "header": HEADER},
    )
