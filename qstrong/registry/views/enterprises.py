"""Enterprise pages: the searchable list, its export, one enterprise's record, archive/restore."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qstrong.accounts.permissions import can_create_enterprise, can_edit_enterprise
from qstrong.core.paging import CappedPaginator
from qstrong.core.security import Kind, security_record
from qstrong.registry import selectors, services
from qstrong.registry.forms import EnterpriseFilterForm
from qstrong.registry.models import ChainMember, Enterprise, TownMember
from qstrong.registry.presentation import can_see_contact
from qstrong.registry.views.common import HtmxHttpRequest, can_archive, render_page
from qstrong.registry.views.display import (
    SOURCE_BADGES,
    history_entries,
    profile_rows,
    region_display,
)

PER_PAGE = 50
RESULTS_TARGET = "enterprise-results"
# Table columns: (sort key or "", label). Labels are marked in the template.
SORTABLE_COLUMNS = ("uscc", "name", "region", "industry")
EXPORT_TYPES = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def _query(params: dict[str, Any], **changes: Any) -> str:
    """The query string of the current filters with some changed; empty values left out."""
    merged = {**params, **changes}
    return urlencode({key: value for key, value in merged.items() if value not in ("", None)})


def _current_params(request: HttpRequest) -> dict[str, str]:
    keys = EnterpriseFilterForm.base_fields
    return {key: request.GET.get(key, "") for key in keys if request.GET.get(key, "")}


def _sort_headers(params: dict[str, str], current: str) -> dict[str, dict[str, str]]:
    headers = {}
    for key in SORTABLE_COLUMNS:
        state = "asc" if current == key else "desc" if current == f"-{key}" else ""
        next_sort = f"-{key}" if state == "asc" else key
        headers[key] = {"query": _query(params, sort=next_sort, page=None), "state": state}
    return headers


@login_required
@require_GET
def enterprise_list(request: HtmxHttpRequest) -> HttpResponse:
    form = EnterpriseFilterForm(request.GET, user=request.user)
    filters = form.filters()
    queryset = selectors.enterprise_search(user=request.user, filters=filters)
    paginator = CappedPaginator(queryset, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    enterprises = list(page_obj.object_list)
    prefetch_related_objects(
        enterprises,
        Prefetch(
            "chain_memberships",
            queryset=ChainMember.objects.select_related("chain").order_by("chain__sort_order"),
        ),
        Prefetch("town_memberships", queryset=TownMember.objects.select_related("town")),
    )
    params = _current_params(request)
    params.pop("page", None)
    rows = [
        {"enterprise": e, "region": region_display(e.region), "badge": e.source in SOURCE_BADGES}
        for e in enterprises
    ]
    context = {
        "form": form,
        "filters": filters,
        "page_obj": page_obj,
        "page_range": paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1),
        "rows": rows,
        "query": _query(params),
        "sort_headers": _sort_headers(params, filters.sort),
        "hx_target": f"#{RESULTS_TARGET}",
        "filtered": bool(params.keys() - {"sort"}),
        "can_create": can_create_enterprise(request.user),
    }
    partial = (
        request.htmx
        and not request.htmx.history_restore_request
        and request.htmx.target == RESULTS_TARGET
    )
    template = "registry/enterprises/_results.html" if partial else "registry/enterprises/list.html"
    response = render_page(request, template, context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    if partial:
        # The address bar gets the tidy query, without the form's empty fields.
        response["HX-Push-Url"] = f"{request.path}?{context['query']}" if params else request.path
    return response


@login_required
@require_GET
def enterprise_export(request: HttpRequest) -> HttpResponse:
    """The filtered list (every page of it) as CSV or Excel; scoped like the list itself.

    A list longer than QSTRONG_EXPORT_INLINE_MAX goes to a background job: the user is sent to
    its page, which shows the progress and then the download.
    """
    from qstrong.registry.export_jobs import (
        enterprise_export_start,
        export_audit,
        export_is_inline,
    )
    from qstrong.registry.exporting import export_enterprises

    fmt = request.GET.get("fmt", "xlsx")
    if fmt not in EXPORT_TYPES:
        raise Http404("unknown export format")
    form = EnterpriseFilterForm(request.GET, user=request.user)
    filters = form.filters()
    queryset = selectors.enterprise_search(user=request.user, filters=filters)
    query = _query(_current_params(request))
    if not export_is_inline(queryset):
        job = enterprise_export_start(filters=filters, fmt=fmt, query=query, actor=request.user)
        return redirect("registry:export_detail", pk=job.pk)
    buffer = io.BytesIO()
    rows = export_enterprises(queryset=queryset, path_or_buffer=buffer, fmt=fmt)
    export_audit(actor=request.user, fmt=fmt, rows=rows, query=query)
    response = HttpResponse(buffer.getvalue(), content_type=EXPORT_TYPES[fmt][0])
    response["Content-Disposition"] = content_disposition_header(
        True, export_filename(fmt=fmt, day=timezone.localdate())
    )
    return response


def export_filename(*, fmt: str, day: dt.date) -> str:
    return _("企业名录") + f"-{day:%Y%m%d}.{EXPORT_TYPES[fmt][1]}"


def _visible(request: HttpRequest, pk: int) -> Enterprise:
    try:
        return selectors.enterprise_detail(user=request.user, pk=pk)
    except Enterprise.DoesNotExist as exc:
        raise Http404("no such enterprise in the user's jurisdiction") from exc


@login_required
@require_GET
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = _visible(request, pk)
    security_record(
        kind=Kind.RECORD_READ,
        request=request,
        object_type="registry.enterprise",
        object_id=str(enterprise.pk),
        detail={"uscc": enterprise.uscc, "name": enterprise.name},
    )
    phone_visible = can_see_contact(user=request.user, enterprise=enterprise)
    partners = [link.customer for link in enterprise.supplies.all()] + [
        link.supplier for link in enterprise.supplied_by.all()
    ]
    # A partner outside the user's jurisdiction is named but not linked.
    linkable = set(
        selectors.enterprises_visible(user=request.user)
        .filter(pk__in=[p.pk for p in partners])
        .values_list("pk", flat=True)
    )
    history = history_entries(
        selectors.enterprise_history(enterprise=enterprise), phone_visible=phone_visible
    )
    context = {
        "enterprise": enterprise,
        "profile": profile_rows(enterprise, phone_visible=phone_visible),
        "region": region_display(enterprise.region),
        "badge": enterprise.source in SOURCE_BADGES,
        "chains": list(enterprise.chain_memberships.all()),
        "towns": list(enterprise.town_memberships.all()),
        "supplies": list(enterprise.supplies.all()),
        "supplied_by": list(enterprise.supplied_by.all()),
        "linkable": linkable,
        "history": history,
        "can_archive": can_archive(request.user),
        "can_edit": can_edit_enterprise(request.user, enterprise) and not enterprise.archived_at,
    }
    return render_page(request, "registry/enterprises/detail.html", context)


def _archive_target(request: HttpRequest, pk: int) -> Enterprise:
    enterprise = _visible(request, pk)
    if not can_archive(request.user):
        raise PermissionDenied("read-only role")
    return enterprise


@login_required
@require_POST
def enterprise_archive(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = _archive_target(request, pk)
    try:
        services.enterprise_archive(
            enterprise=enterprise, actor=request.user, reason=request.POST.get("reason", "")[:255]
        )
    except ValidationError:
        messages.info(request, _("该企业已经归档。"))
    else:
        messages.success(request, _("已归档“%(name)s”。") % {"name": enterprise.name})
    return redirect("registry:enterprise_detail", pk=enterprise.pk)


@login_required
@require_POST
def enterprise_restore(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = _archive_target(request, pk)
    if enterprise.archived_at is None:
        messages.info(request, _("该企业未归档。"))
    else:
        services.enterprise_restore(enterprise=enterprise, actor=request.user)
        messages.success(request, _("已恢复“%(name)s”。") % {"name": enterprise.name})
    return redirect("registry:enterprise_detail", pk=enterprise.pk)
