"""The map of Shanxi: the page, the county shapes, the values per county, one county's card."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from qstrong.insights.maps import (
    MapError,
    county_collection_json,
    county_summary,
    is_schematic,
    map_values,
    metric_choices,
)
from qstrong.insights.permissions import can_view_dashboards
from qstrong.registry.models import Region


def _readers_only(request: HttpRequest) -> None:
    if not can_view_dashboards(request.user):
        raise Http404


@login_required
@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    _readers_only(request)
    values = map_values(
        user=request.user,
        metric_key=request.GET.get("metric", "enterprises"),
        period_key=request.GET.get("period", ""),
    )
    context = {
        "values": values,
        "choices": metric_choices(),
        "schematic": is_schematic(),
    }
    return render(request, "insights/maps/page.html", context)


@login_required
@require_GET
def map_geojson(request: HttpRequest) -> HttpResponse:
    """The county shapes, serialised once per process (about 0.75 MB)."""
    _readers_only(request)
    try:
        body = county_collection_json()
    except MapError as exc:
        return JsonResponse({"detail": str(exc)}, status=503)
    response = HttpResponse(body, content_type="application/geo+json")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
def map_data(request: HttpRequest) -> JsonResponse:
    _readers_only(request)
    values = map_values(
        user=request.user,
        metric_key=request.GET.get("metric", "enterprises"),
        period_key=request.GET.get("period", ""),
    )
    return JsonResponse(
        {
            "metric": {
                "key": values.metric.key,
                "label": values.metric.label,
                "unit": values.metric.unit,
            },
            "period": values.period.key if values.period else "",
            "periods": [{"key": p.key, "label": p.label} for p in values.periods],
            "scope": values.scope_label,
            "schematic": is_schematic(),
            "counties": values.counties,
            "cities": values.cities,
        }
    )


@login_required
@require_GET
def map_county(request: HttpRequest, code: str) -> HttpResponse:
    """One county's card under the map; another county's officer gets 404."""
    _readers_only(request)
    try:
        summary = county_summary(user=request.user, code=code)
    except Region.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "insights/maps/_county.html", summary)
