"""Lazy HTMX panels: the enterprise, chain, town and need pages, and the enterprise's portal."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.nqi import campaigns, selectors, services
from qstrong.nqi.forms import RoutingAnswerForm, RoutingForm
from qstrong.nqi.models import ServiceCategory
from qstrong.nqi.permissions import can_record
from qstrong.nqi.views.common import enterprise_or_404, get_or_404, require_record, today
from qstrong.registry.models import Chain, Enterprise, Town


@login_required
@require_GET
def enterprise_panel(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = enterprise_or_404(request, pk)
    summary = selectors.enterprise_summary(user=request.user, enterprise=enterprise, as_of=today())
    return render(
        request,
        "nqi/panels/enterprise.html",
        {"s": summary, "can_record": can_record(request.user), "portal": False},
    )


@login_required
@require_GET
def portal_panel(request: HttpRequest) -> HttpResponse:
    """The enterprise user's own certificates (with expiry), instruments due, trademarks and
    patents; other users have no such panel."""
    enterprise_id = jurisdiction_of(request.user).enterprise_id
    if enterprise_id is None:
        raise Http404("not an enterprise user")
    enterprise = Enterprise.objects.select_related("region", "industry").get(pk=enterprise_id)
    summary = selectors.enterprise_summary(
        user=request.user, enterprise=enterprise, as_of=today(), with_providers=True
    )
    return render(
        request, "nqi/panels/enterprise.html", {"s": summary, "can_record": False, "portal": True}
    )


@login_required
@require_GET
def chain_panel(request: HttpRequest, code: str) -> HttpResponse:
    # Chains and towns are public reference data (the summaries scope their enterprises)
    chain = get_or_404(Chain.objects.filter(archived_at__isnull=True), code=code)
    summary = selectors.chain_summary(user=request.user, chain=chain, as_of=today())
    return render(
        request,
        "nqi/panels/group.html",
        {"g": summary, "subject": chain, "campaigns": _campaigns(request, chain=chain)},
    )


@login_required
@require_GET
def town_panel(request: HttpRequest, code: str) -> HttpResponse:
    town = get_or_404(
        Town.objects.filter(archived_at__isnull=True).select_related("county", "industry"),
        code=code,
    )
    summary = selectors.town_summary(user=request.user, town=town, as_of=today())
    return render(
        request,
        "nqi/panels/group.html",
        {"g": summary, "subject": town, "campaigns": _campaigns(request, town=town)},
    )


def _campaigns(request: HttpRequest, **subject: Any) -> list[tuple[Any, Any]]:
    """The metrology campaigns for the chain or town the user may see, with their progress."""
    found = list(campaigns.campaigns_visible(user=request.user).filter(**subject)[:10])
    progress = campaigns.campaigns_progress(user=request.user, campaigns=found)
    return [(c, progress[c.pk]) for c in found]


def _need_or_404(request: HttpRequest, pk: int) -> Any:
    from qstrong.casework.selectors import needs_visible

    return get_or_404(
        needs_visible(user=request.user).select_related("enterprise", "chain", "town"), pk=pk
    )


def _need_subject(need: Any) -> tuple[str | None, str]:
    """(industry code, region code) of the need's subject, to find providers nearby."""
    enterprise: Enterprise | None = getattr(need, "enterprise", None)
    town: Town | None = getattr(need, "town", None)
    if enterprise is not None:
        return enterprise.industry_id, enterprise.region_id
    if town is not None:
        return town.industry_id, town.county_id
    chain: Chain | None = getattr(need, "chain", None)
    member = chain.members.select_related("enterprise").first() if chain else None
    if member is not None:
        return member.enterprise.industry_id, member.enterprise.region_id
    return None, "140000"


def _need_context(
    request: HttpRequest, need: Any, form: RoutingForm | None = None
) -> dict[str, Any]:
    industry, region = _need_subject(need)
    suggested = selectors.providers_serving(
        user=request.user, industry_code=industry, region_code=region
    )
    routable = getattr(need, "category", "") in ServiceCategory.values
    writer = can_record(request.user)
    if form is None and writer:
        form = RoutingForm(providers=selectors.providers_public(user=request.user))
    return {
        "need": need,
        "routings": selectors.routings_visible(user=request.user).filter(need=need),
        "suggested": suggested,
        "routable": routable,
        "form": form if writer else None,
        "answer_form": RoutingAnswerForm(initial={"answered_on": today()}) if writer else None,
    }


@login_required
@require_GET
def need_panel(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_or_404(request, pk)
    return render(request, "nqi/panels/need.html", _need_context(request, need))


@login_required
@require_POST
def need_route(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_or_404(request, pk)
    require_record(request)
    form = RoutingForm(request.POST, providers=selectors.providers_public(user=request.user))
    if not form.is_valid():
        return render(
            request, "nqi/panels/need.html", _need_context(request, need, form), status=422
        )
    services.routing_create(
        need=need,
        provider=form.cleaned_data["provider"],
        note=form.cleaned_data["note"],
        routed_on=today(),
        actor=request.user,
    )
    return redirect("casework:need_detail", pk=pk)


@login_required
@require_POST
def routing_answer(request: HttpRequest, pk: int) -> HttpResponse:
    routing = get_or_404(selectors.routings_visible(user=request.user), pk=pk)
    require_record(request)
    form = RoutingAnswerForm(request.POST)
    if not form.is_valid():
        context = _need_context(request, routing.need)
        context["answer_form"] = form
        context["answer_for"] = routing.pk
        return render(request, "nqi/panels/need.html", context, status=422)
    services.routing_answer(routing=routing, actor=request.user, **form.cleaned_data)
    return redirect("casework:need_detail", pk=routing.need_id)
