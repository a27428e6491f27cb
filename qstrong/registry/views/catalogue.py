"""Chain and specialty-town pages: public reference data with the members the user may see."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from qstrong.registry import selectors
from qstrong.registry.models import Chain, Source, Town
from qstrong.registry.views.common import render_page
from qstrong.registry.views.display import SOURCE_BADGES, region_display


@login_required
@require_GET
def chain_list(request: HttpRequest) -> HttpResponse:
    chains = list(selectors.chain_list(user=request.user))
    return render_page(
        request,
        "registry/chains/list.html",
        {"chains": chains, "placeholder": Source.PLACEHOLDER},
    )


@login_required
@require_GET
def chain_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        chain, segments = selectors.chain_overview(user=request.user, code=code)
    except Chain.DoesNotExist as exc:
        raise Http404("no such chain") from exc
    unassigned = next((s for s in segments if s.segment is None), None)
    return render_page(
        request,
        "registry/chains/detail.html",
        {
            "chain": chain,
            "segments": [s for s in segments if s.segment is not None],
            "unassigned": unassigned,
            "member_count": sum(s.count for s in segments),
            "placeholder": chain.source == Source.PLACEHOLDER,
        },
    )


@login_required
@require_GET
def town_list(request: HttpRequest) -> HttpResponse:
    towns = [
        {"town": town, "county": region_display(town.county)}
        for town in selectors.town_list(user=request.user)
    ]
    return render_page(request, "registry/towns/list.html", {"towns": towns})


@login_required
@require_GET
def town_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        overview = selectors.town_overview(user=request.user, code=code)
    except Town.DoesNotExist as exc:
        raise Http404("no such town") from exc
    town = overview.town
    return render_page(
        request,
        "registry/towns/detail.html",
        {
            "town": town,
            "county": region_display(town.county),
            "overview": overview,
            "leading": overview.leading,
            "others": overview.others,
            "member_count": overview.member_count,
            "badge": town.source in SOURCE_BADGES,
            "source_badges": SOURCE_BADGES,
        },
    )
