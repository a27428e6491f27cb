"""Policy library pages: the list, one policy's page, the form, publish / withdraw, files."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qstrong.core.paging import KnownCountPaginator
from qstrong.policies import selectors, services
from qstrong.policies.forms import (
    AttachmentForm,
    PolicyFilterForm,
    PolicyFilters,
    PolicyForm,
    WithdrawForm,
)
from qstrong.policies.models import MatchRun, Outcome, Policy
from qstrong.policies.permissions import can_edit_policy
from qstrong.policies.views.common import (
    HtmxHttpRequest,
    field_label,
    policy_or_404,
    render_page,
    require_edit,
)
from qstrong.policies.views.presenting import code_labels, rule_text

PER_PAGE = 30
RESULTS_PER_PAGE = 25
RESULTS_TARGET = "policy-results"
MATCHES_TARGET = "policy-matches"
SORT_FIELDS = {
    "code": "code",
    "title": "title",
    "effective_from": "effective_from",
    "effective_to": "effective_to",
    "updated": "updated_at",
}


def policy_filter(qs: QuerySet[Policy], filters: PolicyFilters) -> QuerySet[Policy]:
    """The library's search, filters and sort over policies the user may already see."""
    if filters.q:
        qs = qs.filter(
            Q(title__icontains=filters.q)
            | Q(code__icontains=filters.q)
            | Q(document_number__icontains=filters.q)
            | Q(issuer__icontains=filters.q)
        )
    for name in ("category", "state", "delivery"):
        if getattr(filters, name):
            qs = qs.filter(**{name: getattr(filters, name)})
    if filters.in_force_on is not None:
        day = filters.in_force_on
        qs = qs.filter(Q(effective_from__isnull=True) | Q(effective_from__lte=day)).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=day)
        )
    key = filters.sort.lstrip("-")
    order = SORT_FIELDS.get(key, "code")
    return qs.order_by(f"-{order}" if filters.sort.startswith("-") else order, "code")


def _query(params: dict[str, Any], **changes: Any) -> str:
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in ("", None)})


def _sort_headers(params: dict[str, str], current: str) -> dict[str, dict[str, str]]:
    headers = {}
    for key in SORT_FIELDS:
        state = "asc" if current == key else "desc" if current == f"-{key}" else ""
        next_sort = f"-{key}" if state == "asc" else key
        headers[key] = {"query": _query(params, sort=next_sort, page=None), "state": state}
    return headers


@login_required
@require_GET
def policy_list(request: HtmxHttpRequest) -> HttpResponse:
    form = PolicyFilterForm(request.GET)
    filters = form.filters()
    qs = policy_filter(selectors.policies_visible(user=request.user), filters)
    paginator = Paginator(qs, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    # The counts of this page's policies, from the coverage tallies (no scan of the results).
    counts = selectors.result_counts(user=request.user, policy_ids=[p.pk for p in page_obj])
    for policy in page_obj:
        policy.eligible = counts[policy.pk].get(Outcome.ELIGIBLE, 0)  # type: ignore[attr-defined]
        policy.needs_data = counts[policy.pk].get(Outcome.NEEDS_DATA, 0)  # type: ignore[attr-defined]
    params = {k: request.GET[k] for k in PolicyFilterForm.base_fields if request.GET.get(k)}
    context = {
        "form": form,
        "page_obj": page_obj,
        "page_range": paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1),
        "query": _query(params, page=None),
        "sort_headers": _sort_headers(params, filters.sort),
        "hx_target": f"#{RESULTS_TARGET}",
        "filtered": bool(params.keys() - {"sort"}),
        "can_create": can_edit_policy(request.user, None),
        "today": timezone.localdate(),
    }
    partial = (
        request.htmx
        and not request.htmx.history_restore_request
        and request.htmx.target == RESULTS_TARGET
    )
    template = "policies/library/_results.html" if partial else "policies/library/list.html"
    response = render_page(request, template, context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def _versions(policy: Policy, labels: Any) -> list[dict[str, Any]]:
    rows = []
    for version in selectors.policy_rules(policy=policy):
        text = rule_text(version.rule, labels=labels)
        rows.append(
            {
                "version": version,
                "text": text,
                "json": json.dumps(version.rule, ensure_ascii=False, indent=2),
            }
        )
    return rows


def _latest_run(policy: Policy) -> MatchRun | None:
    return (
        MatchRun.objects.filter(Q(policy=policy) | Q(scope=MatchRun.Scope.FULL))
        .filter(state=MatchRun.State.SUCCEEDED)
        .order_by("-finished_at", "-pk")
        .first()
    )


def _matches(request: HttpRequest, policy: Policy) -> dict[str, Any]:
    """The eligible / needs-data enterprises the viewer's jurisdiction covers, one page of them."""
    results = selectors.results_for_policy(user=request.user, policy=policy)
    counts = selectors.result_counts(user=request.user, policy_ids=[policy.pk])[policy.pk]
    outcome = request.GET.get("outcome", "")
    if outcome not in Outcome.values:
        outcome = Outcome.ELIGIBLE if counts.get(Outcome.ELIGIBLE) else Outcome.NEEDS_DATA
    shown = results.filter(outcome=outcome).select_related("enterprise", "enterprise__region")
    # The total is the tallies' (on the page already): the pager does not count the province's
    # hundreds of thousands of results again, and shows an elided range of page links.
    paginator = KnownCountPaginator(
        shown.order_by("enterprise__name", "pk"), RESULTS_PER_PAGE, count=counts.get(outcome, 0)
    )
    page_obj = paginator.get_page(request.GET.get("page"))
    rows = [
        {
            "result": result,
            "missing": [field_label(name) for name in result.missing_fields or []],
        }
        for result in page_obj.object_list
    ]
    return {
        "counts": {
            "eligible": counts.get(Outcome.ELIGIBLE, 0),
            "needs_data": counts.get(Outcome.NEEDS_DATA, 0),
        },
        "outcome": outcome,
        "match_page": page_obj,
        "match_page_range": paginator.get_elided_page_range(page_obj.number, on_each_side=2),
        "match_rows": rows,
        "match_query": urlencode({"outcome": outcome}),
    }


@login_required
@require_GET
def policy_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    policy = policy_or_404(request, pk)
    matches = _matches(request, policy)
    if request.htmx and request.htmx.target == MATCHES_TARGET:
        return render_page(request, "policies/library/_matches.html", {"policy": policy, **matches})
    labels = code_labels()
    editable = can_edit_policy(request.user, policy)
    context = {
        "policy": policy,
        "versions": _versions(policy, labels),
        "events": list(selectors.policy_events(policy=policy)),
        "attachments": list(policy.attachments.all()),
        "latest_run": _latest_run(policy),
        "can_edit": editable,
        "attachment_form": AttachmentForm() if editable else None,
        "withdraw_form": WithdrawForm() if editable else None,
        "in_force": policy.in_force_on(timezone.localdate()),
        "closed": policy.is_closed_on(timezone.localdate()),
        **matches,
    }
    return render_page(request, "policies/library/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def policy_create(request: HttpRequest) -> HttpResponse:
    require_edit(request.user)
    form = PolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.policy_create(data=form.service_data(), actor=request.user)
        except ValidationError as exc:
            _errors_onto(form, exc)
        else:
            messages.success(request, _("已创建政策草稿，请设置适用条件。"))
            return redirect("policies:rule_editor", pk=policy.pk)
    return render_page(request, "policies/library/form.html", {"form": form, "policy": None})


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    policy = policy_or_404(request, pk)
    require_edit(request.user, policy)
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_update(policy=policy, data=form.service_data(), actor=request.user)
        except ValidationError as exc:
            _errors_onto(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("policies:policy_detail", pk=policy.pk)
    return render_page(request, "policies/library/form.html", {"form": form, "policy": policy})


def _errors_onto(form: Any, exc: ValidationError) -> None:
    """A service's refusal shown on the form: on its field when the form has one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _flash_refusal(request: HttpRequest, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


@login_required
@require_POST
def policy_publish(request: HttpRequest, pk: int) -> HttpResponse:
    policy = policy_or_404(request, pk)
    require_edit(request.user, policy)
    try:
        services.policy_publish(policy=policy, actor=request.user)
    except ValidationError as exc:
        _flash_refusal(request, exc)
    else:
        messages.success(request, _("已发布“%(title)s”。") % {"title": policy.title})
    return redirect("policies:policy_detail", pk=policy.pk)


@login_required
@require_POST
def policy_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    policy = policy_or_404(request, pk)
    require_edit(request.user, policy)
    form = WithdrawForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        services.policy_withdraw(policy=policy, actor=request.user, comment=comment)
    except ValidationError as exc:
        _flash_refusal(request, exc)
    else:
        messages.success(request, _("已撤回“%(title)s”。") % {"title": policy.title})
    return redirect("policies:policy_detail", pk=policy.pk)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    policy = policy_or_404(request, pk)
    require_edit(request.user, policy)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, str(text))
        return redirect("policies:policy_detail", pk=policy.pk)
    try:
        attachment = services.policy_attachment_add(
            policy=policy, upload=form.cleaned_data["file"], actor=request.user
        )
    except ValidationError as exc:
        _flash_refusal(request, exc)
    else:
        messages.success(request, _("已上传附件“%(name)s”。") % {"name": attachment.name})
    return redirect("policies:policy_detail", pk=policy.pk)


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    policy = policy_or_404(request, pk)
    attachment = policy.attachments.filter(pk=attachment_pk).first()
    if attachment is None or not attachment.file:
        raise Http404("no such attachment")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("attachment file is missing") from exc
    return FileResponse(handle, as_attachment=True, filename=attachment.name)
