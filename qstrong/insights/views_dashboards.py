"""Dashboard pages: full page, the HTMX body for a new period, and the chart data as .xlsx."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from qstrong.accounts.permissions import can_import
from qstrong.core.services import audit_record
from qstrong.insights import dashboards, dashboards_activity
from qstrong.insights.charts import charts_xlsx
from qstrong.insights.dashboards import Dashboard
from qstrong.insights.permissions import can_enter_figures, can_view_dashboards
from qstrong.registry.models import Chain, Town

REGION = re.compile(r"^14\d{0,4}$")


def _region(request: HttpRequest) -> str:
    """A city or county prefix to drill into ('' = the province); anything else is ignored."""
    text = request.GET.get("region", "").strip()
    return text if REGION.match(text) and len(text) in {4, 6} else ""


def _render(request: HttpRequest, board: Dashboard, template: str = "") -> HttpResponse:
    if request.GET.get("format") == "xlsx":
        audit_record(
            actor=request.user,
            action="export",
            object_type="insights.dashboard",
            object_id=board.key,
            object_repr=board.title,
            note=board.period.label if board.period else board.all_periods_label,
        )
        label = board.period.label if board.period else board.all_periods_label
        title = f"{board.title}（{label}）" if label else board.title
        content = charts_xlsx(title=title, charts=board.charts, headlines=board.headlines)
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        stamp = (
            board.period.key if board.period else "all" if board.all_periods_label else "current"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="dashboard-{board.key}-{stamp}.xlsx"'
        )
        return response
    context: dict[str, Any] = {
        "board": board,
        "charts": [(chart, chart.as_dict()) for chart in board.charts],
        "region": _region(request),
        "can_import": can_import(request.user),
        "can_enter": can_enter_figures(request.user),
        "body_template": template or "insights/dashboards/_body.html",
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "dashboard-body":
        return render(request, context["body_template"], context)
    return render(request, "insights/dashboards/page.html", context)


def dashboard_view(build: Callable[..., Dashboard]) -> Callable[..., HttpResponse]:
    """Login, dashboard readers only (others 404: the page does not exist for them)."""

    @login_required
    @require_GET
    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_view_dashboards(request.user):
            raise Http404
        return _render(request, build(request, *args, **kwargs))

    view.__name__ = build.__name__
    return view


@dashboard_view
def overview(request: HttpRequest) -> Dashboard:
    return dashboards.overview(
        user=request.user, period_text=request.GET.get("period"), region=_region(request)
    )


@dashboard_view
def chain_index(request: HttpRequest) -> Dashboard:
    return dashboards.group_index(
        user=request.user, kind="chain", period_text=request.GET.get("period")
    )


@dashboard_view
def town_index(request: HttpRequest) -> Dashboard:
    return dashboards.group_index(
        user=request.user, kind="town", period_text=request.GET.get("period")
    )


@dashboard_view
def chain_dashboard(request: HttpRequest, code: str) -> Dashboard:
    try:
        return dashboards.chain_board(
            user=request.user, code=code, period_text=request.GET.get("period")
        )
    except Chain.DoesNotExist as exc:
        raise Http404 from exc


@dashboard_view
def town_dashboard(request: HttpRequest, code: str) -> Dashboard:
    try:
        return dashboards.town_board(
            user=request.user, code=code, period_text=request.GET.get("period")
        )
    except Town.DoesNotExist as exc:
        raise Http404 from exc


@dashboard_view
def outreach(request: HttpRequest) -> Dashboard:
    return dashboards_activity.outreach(
        user=request.user, period_text=request.GET.get("period"), region=_region(request)
    )


@dashboard_view
def coverage(request: HttpRequest) -> Dashboard:
    return dashboards_activity.coverage(
        user=request.user, period_text=request.GET.get("period"), region=_region(request)
    )


@login_required
@require_GET
def chain_panel(request: HttpRequest, code: str) -> HttpResponse:
    """The lazy panel on the registry's chain page: 2–3 headline figures and links."""
    if not can_view_dashboards(request.user):
        return HttpResponse("")
    try:
        board = dashboards.chain_board(user=request.user, code=code, period_text=None)
    except Chain.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request, "insights/panels/_figures.html", {"board": board, "kind": "chain", "code": code}
    )


@login_required
@require_GET
def town_panel(request: HttpRequest, code: str) -> HttpResponse:
    if not can_view_dashboards(request.user):
        return HttpResponse("")
    try:
        board = dashboards.town_board(user=request.user, code=code, period_text=None)
    except Town.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request, "insights/panels/_figures.html", {"board": board, "kind": "town", "code": code}
    )
