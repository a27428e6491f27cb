"""Coverage and equality pages: tables, a bar chart, and the xlsx export, scoped to the user."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from qstrong.core.services import audit_record
from qstrong.policies.coverage import Coverage, CoverageDenied, coverage_compute, coverage_xlsx
from qstrong.policies.models import Delivery, Policy
from qstrong.policies.pushing import can_confirm_grants
from qstrong.registry.selectors import region_choices


def _date(request: HttpRequest, name: str) -> dt.date | None:
    """A YYYY-MM-DD date from the query; anything else is ignored (an open end)."""
    try:
        return dt.date.fromisoformat(request.GET.get(name, "").strip())
    except ValueError:
        return None


def _compute(request: HttpRequest) -> Coverage:
    code = request.GET.get("policy", "").strip()
    policy = (
        Policy.objects.filter(code=code, state=Policy.State.PUBLISHED).first() if code else None
    )
    region = request.GET.get("region", "").strip()
    if region and not (region.isdigit() and len(region) == 6):
        region = ""
    try:
        return coverage_compute(
            user=request.user,
            policy=policy,
            region=region,
            start=_date(request, "from"),
            end=_date(request, "to"),
        )
    except CoverageDenied as exc:
        raise PermissionDenied from exc


def chart_data(coverage: Coverage) -> dict[str, Any]:
    """What the bar chart draws: per city (or county, inside one city), eligible vs reached."""
    rows = coverage.by_county if len(coverage.by_city) <= 1 else coverage.by_city
    return {
        "labels": [row.label for row in rows],
        "eligible": [row.funnel.eligible for row in rows],
        "pushed": [row.funnel.pushed for row in rows],
        "granted": [row.funnel.granted for row in rows],
        "needs_data": [row.funnel.needs_data for row in rows],
    }


@login_required
@require_GET
def coverage(request: HttpRequest) -> HttpResponse:
    result = _compute(request)
    policy = result.policy
    return render(
        request,
        "policies/coverage/page.html",
        {
            "coverage": result,
            "chart": chart_data(result),
            "policies": Policy.objects.filter(state=Policy.State.PUBLISHED).order_by("code"),
            "regions": region_choices(user=request.user),
            "query": request.GET.urlencode(),
            "can_confirm": policy is not None
            and policy.delivery == Delivery.AUTOMATIC
            and can_confirm_grants(request.user),
        },
    )


@login_required
@require_GET
def coverage_export(request: HttpRequest) -> HttpResponse:
    result = _compute(request)
    window = result.window
    audit_record(
        actor=request.user,
        action="export",
        object_type="policies.coverage",
        object_id=result.policy.code if result.policy else "all",
        note=f"region={result.region} from={window.start or ''} to={window.end or ''}",
    )
    response = HttpResponse(
        coverage_xlsx(result),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = (
        f"coverage-{result.policy.code if result.policy else 'all'}-{timezone.localdate():%Y%m%d}"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
