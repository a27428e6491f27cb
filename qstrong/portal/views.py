"""Portal pages: the enterprise's inbox, its policies and why they apply; the public calculator."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.accounts.policy import rate_limited, too_many_requests
from qstrong.changes.selectors import requests_visible
from qstrong.policies import pushing
from qstrong.policies.matching import profile_of, rule_in_force
from qstrong.policies.models import Delivery, Push, PushDigest
from qstrong.portal import selectors
from qstrong.portal.calculator import CalculatorForm, calculate
from qstrong.portal.explaining import Explanation, explain, field_label
from qstrong.registry.models import Enterprise


def _enterprise_or_404(request: HttpRequest) -> Enterprise:
    enterprise = selectors.own_enterprise(user=request.user)
    if enterprise is None:
        raise Http404("not an enterprise user")
    return enterprise


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The enterprise's inbox; officers are sent to the push list they work from."""
    enterprise = selectors.own_enterprise(user=request.user)
    if enterprise is None:
        if jurisdiction_of(request.user).region_prefix is not None:
            return redirect("policies:push_list")
        raise PermissionDenied
    pushes = list(selectors.own_pushes(enterprise=enterprise))
    digests = list(selectors.own_digests(enterprise=enterprise)[:20])
    needs = [
        (result, [field_label(name) for name in result.missing_fields])
        for result in selectors.own_needs_data(enterprise=enterprise)
    ]
    counts = {state: 0 for state in Push.State.values}
    for push in pushes:
        counts[push.state] += 1
    return render(
        request,
        "portal/home.html",
        {
            "enterprise": enterprise,
            "pushes": pushes,
            "unread": [d for d in digests if d.read_at is None],
            "digests": digests,
            "needs": needs,
            "counts": counts,
            "states": Push.State,
            "today": timezone.localdate(),
            # Decisions on its change requests reach the enterprise here (a rejection's reason).
            "change_requests": list(requests_visible(user=request.user)[:5]),
        },
    )


@login_required
@require_GET
def digest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = _enterprise_or_404(request)
    try:
        digest = selectors.own_digests(enterprise=enterprise).get(pk=pk)
    except PushDigest.DoesNotExist as exc:
        raise Http404("no such message") from exc
    pushing.digest_read(digest=digest, actor=request.user)
    pushes = digest.pushes.select_related("policy").order_by("policy__code")
    return render(
        request, "portal/digest.html", {"digest": digest, "pushes": pushes, "states": Push.State}
    )


def _explanation(push: Push) -> Explanation | None:
    """Why the policy applies, by the rule version in force today (the pushed one if none)."""
    today = timezone.localdate()
    rule = rule_in_force(policy=push.policy, as_of=today) or push.rule
    return explain(
        rule=rule, profile=profile_of(enterprise=push.enterprise, as_of=today), as_of=today
    )


@login_required
@require_GET
def push_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One pushed policy: opening it marks it read."""
    enterprise = _enterprise_or_404(request)
    try:
        push = selectors.own_push(enterprise=enterprise, pk=pk)
    except Push.DoesNotExist as exc:
        raise Http404("no such push") from exc
    push = pushing.push_read(push=push, actor=request.user)
    closed = push.policy.is_closed_on(timezone.localdate())
    open_states = {Push.State.SENT, Push.State.READ} if not closed else set()
    return render(
        request,
        "portal/push_detail.html",
        {
            "push": push,
            "policy": push.policy,
            "explanation": _explanation(push),
            "events": pushing.push_events(push=push),
            "closed": closed,
            "can_claim": push.state in open_states and push.policy.delivery != Delivery.APPLICATION,
            "can_apply": push.state in open_states and push.policy.delivery == Delivery.APPLICATION,
            "states": Push.State,
        },
    )


def _step(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    enterprise = _enterprise_or_404(request)
    try:
        push = selectors.own_push(enterprise=enterprise, pk=pk)
    except Push.DoesNotExist as exc:
        raise Http404("no such push") from exc
    comment = request.POST.get("comment", "").strip()[:500]
    try:
        action(push=push, actor=request.user, comment=comment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("portal:push_detail", pk=push.pk)


@login_required
@require_POST
def push_claim(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, pushing.push_claim, _("已认领，主管部门将尽快办理兑现。"))


@login_required
@require_POST
def push_apply(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, pushing.push_apply, _("已提交申报，请按申兑指南准备材料。"))


@require_GET
def calculator(request: HttpRequest) -> HttpResponse:
    """Public: no login, nothing stored; the profile lives only in the query string."""
    submitted = "calculate" in request.GET
    if submitted and rate_limited(request, scope="calculator"):
        return too_many_requests(request)
    form = CalculatorForm(request.GET if submitted else None)
    result = None
    if submitted and form.is_valid():
        profile = form.profile()
        if form.is_valid():  # the set fields add their own errors while building the profile
            result = calculate(profile=profile)
    return render(request, "portal/calculator.html", {"form": form, "result": result})
