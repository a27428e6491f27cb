"""The jurisdiction's view: gaps per enrolled enterprise, its export, enrolment, the panel."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.core.models import AuditEvent
from qstrong.core.services import audit_record
from qstrong.foodsafety import permissions, selectors, services
from qstrong.foodsafety.exporting import XLSX, gap_workbook
from qstrong.foodsafety.forms import EnrolForm, apply_errors
from qstrong.foodsafety.gaps import Period
from qstrong.foodsafety.views.common import (
    month_period,
    next_month,
    previous_month,
    scoped_enterprise,
)
from qstrong.registry.selectors import region_choices
from qstrong.registry.views.common import render_page

SORT_KEYS = ("gaps", "days", "weeks", "months", "overdue", "name", "region")


def _officer_only(request: HttpRequest) -> None:
    if not permissions.is_officer_view(request.user):
        raise Http404("officers only")


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """日管控 overview: every enrolled enterprise of the jurisdiction with its gaps in a month."""
    own = jurisdiction_of(request.user).enterprise_id
    if own is not None:
        if selectors.enrolled_enterprise_id(request.user) is None:
            raise Http404("not enrolled")
        return redirect("foodsafety:routine", pk=own)
    _officer_only(request)
    period, month = month_period(request)
    sort = request.GET.get("sort", "gaps")
    sort = sort if sort in SORT_KEYS else "gaps"
    region, q = request.GET.get("region", ""), request.GET.get("q", "")
    rows = selectors.gap_rows(user=request.user, period=period, region=region, q=q, sort=sort)
    params = {"month": month, "region": region, "q": q}
    context = {
        "rows": rows,
        "totals": selectors.gap_totals(rows),
        "period": period,
        "month": month,
        "previous_month": previous_month(period.start),
        "next_month": next_month(period.start),
        "sort": sort,
        "region": region,
        "q": q,
        "regions": region_choices(user=request.user),
        "sort_query": {key: urlencode({**params, "sort": key}) for key in SORT_KEYS},
        "export_query": urlencode({**params, "sort": sort}),
        "today": timezone.localdate(),
        "can_enrol_any": jurisdiction_of(request.user).can_write,
    }
    return render_page(request, "foodsafety/overview.html", context)


@login_required
@require_GET
def gap_export(request: HttpRequest) -> HttpResponse:
    """The gap list as .xlsx, scoped and filtered like the page (small: one row per enterprise)."""
    _officer_only(request)
    period, month = month_period(request)
    rows = selectors.gap_rows(
        user=request.user,
        period=period,
        region=request.GET.get("region", ""),
        q=request.GET.get("q", ""),
        sort=request.GET.get("sort", "gaps"),
    )
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        object_type="foodsafety.gaps",
        object_id=month,
        object_repr=_("日管控缺项清单"),
        changes={"rows": len(rows)},
    )
    response = HttpResponse(gap_workbook(rows, period=period), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"日管控缺项-{month}.xlsx"
    )
    return response


@login_required
@require_GET
def enrol_list(request: HttpRequest) -> HttpResponse:
    """Food enterprises of the jurisdiction that are not yet in the routine."""
    _officer_only(request)
    if not jurisdiction_of(request.user).can_write:
        raise PermissionDenied
    q = request.GET.get("q", "")
    candidates = list(selectors.enrolment_candidates(user=request.user, q=q)[:200])
    context = {
        "candidates": candidates,
        "q": q,
        "form": EnrolForm(initial={"enrolled_on": timezone.localdate()}),
    }
    return render_page(request, "foodsafety/enrol.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    """Take one enterprise into the routine, naming its food-safety staff."""
    enterprise = scoped_enterprise(request, pk)
    if not permissions.can_enrol(request.user, enterprise):
        raise PermissionDenied
    form = EnrolForm(request.POST or None, initial={"enrolled_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_create(
                enterprise=enterprise, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("已将“%(name)s”纳入食品安全日管控。") % {"name": enterprise}
            )
            return redirect("foodsafety:routine", pk=enterprise.pk)
    context = {"enterprise": enterprise, "form": form, "is_food": selectors.is_food(enterprise)}
    return render_page(request, "foodsafety/enrol_form.html", context)


@login_required
@require_POST
def enrolment_end(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = scoped_enterprise(request, pk)
    enrolment = selectors.active_enrolment(enterprise)
    if enrolment is None:
        raise Http404("not enrolled")
    services.enrolment_end(enrolment=enrolment, actor=request.user)
    messages.success(
        request, _("已将“%(name)s”移出食品安全日管控，记录保留。") % {"name": enterprise}
    )
    return redirect("foodsafety:overview")


@login_required
@require_GET
def enterprise_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The lazy panel on the registry's enterprise page: in the routine? gaps this month."""
    enterprise = scoped_enterprise(request, pk)
    enrolment = selectors.active_enrolment(enterprise)
    context: dict[str, Any] = {
        "enterprise": enterprise,
        "enrolment": enrolment,
        "is_food": selectors.is_food(enterprise),
        "can_enrol": permissions.can_enrol(request.user, enterprise),
        "panel": True,
    }
    if enrolment is not None:
        today = timezone.localdate()
        period = Period.month(today.year, today.month)
        row = selectors.gaps_for(enrolments=[enrolment], period=period, today=today)[0]
        context.update({"gaps": row.gaps, "period": period})
    return render(request, "foodsafety/_panel_body.html", context)
