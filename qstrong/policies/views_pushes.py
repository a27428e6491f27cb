"""Officer pages for pushes: the list, one enterprise's policy status, decisions, 免申即享."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.core.paging import CappedPaginator
from qstrong.policies import pushing
from qstrong.policies.coverage import field_label
from qstrong.policies.models import Delivery, MatchResult, Outcome, Policy, Push
from qstrong.registry.models import Enterprise
from qstrong.registry.selectors import enterprise_detail, region_choices


def _officer(request: HttpRequest) -> None:
    """Pages for the bureau (officers, leaders, admins): anyone else is not here."""
    jurisdiction = jurisdiction_of(request.user)
    if jurisdiction.region_prefix is None or jurisdiction.enterprise_id is not None:
        raise PermissionDenied


@login_required
@require_GET
def push_list(request: HttpRequest) -> HttpResponse:
    _officer(request)
    filters = {
        name: request.GET.get(name, "").strip() for name in ("state", "policy", "region", "q")
    }
    if filters["state"] not in Push.State.values:
        filters["state"] = ""
    qs = pushing.push_search(user=request.user, **filters)
    # The total stops at 10,000 (an officer narrows the filters rather than pages that far),
    # and the policy picker asks each policy whether it has a push (an index probe) instead of
    # joining every push.
    page = CappedPaginator(qs, 50).get_page(request.GET.get("page"))
    policies = Policy.objects.filter(Exists(Push.objects.filter(policy=OuterRef("pk")))).order_by(
        "code"
    )
    return render(
        request,
        "policies/pushes/list.html",
        {
            "page": page,
            "filters": filters,
            "states": Push.State.choices,
            "policies": policies,
            "regions": region_choices(user=request.user),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def enterprise_pushes(request: HttpRequest, pk: int) -> HttpResponse:
    """Every policy's status for one enterprise in the officer's jurisdiction."""
    _officer(request)
    try:
        enterprise = enterprise_detail(user=request.user, pk=pk)
    except Enterprise.DoesNotExist as exc:
        raise Http404("no such enterprise") from exc
    pushes = list(pushing.pushes_for_enterprise(enterprise=enterprise))
    pushed = {p.policy_id for p in pushes}
    results = MatchResult.objects.filter(
        enterprise=enterprise, policy__state=Policy.State.PUBLISHED
    ).select_related("policy")
    return render(
        request,
        "policies/pushes/enterprise.html",
        {
            "enterprise": enterprise,
            "pushes": pushes,
            "can_decide": bool(pushes) and pushing.can_decide_push(request.user, pushes[0]),
            "unpushed": [
                r for r in results if r.outcome == Outcome.ELIGIBLE and r.policy_id not in pushed
            ],
            "needs": [
                (r, [field_label(name) for name in r.missing_fields])
                for r in results
                if r.outcome == Outcome.NEEDS_DATA
            ],
        },
    )


@login_required
@require_POST
def push_decide(request: HttpRequest, pk: int) -> HttpResponse:
    _officer(request)
    try:
        push = pushing.push_detail(user=request.user, pk=pk)
    except Push.DoesNotExist as exc:
        raise Http404("no such push") from exc
    action = pushing.push_grant if request.POST.get("decision") == "grant" else pushing.push_decline
    try:
        action(push=push, actor=request.user, comment=request.POST.get("comment", "")[:500])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已办结：%(policy)s") % {"policy": push.policy.title})
    return redirect("policies:push_enterprise", pk=push.enterprise_id)


@login_required
@require_POST
def grants_confirm(request: HttpRequest, policy_pk: int) -> HttpResponse:
    """免申即享: one confirmation grants the policy to every eligible enterprise."""
    _officer(request)
    policy = Policy.objects.filter(pk=policy_pk, delivery=Delivery.AUTOMATIC).first()
    if policy is None:
        raise Http404("no such automatic policy")
    try:
        granted = pushing.grants_confirm(
            policy=policy, actor=request.user, comment=request.POST.get("comment", "")[:500]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("已确认兑现 %(count)d 家企业：%(policy)s")
            % {"count": granted, "policy": policy.title},
        )
    return redirect(f"{_coverage_url()}?policy={policy.code}")


def _coverage_url() -> str:
    from django.urls import reverse

    return reverse("policies:coverage")
