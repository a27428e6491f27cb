"""Chain and specialty-town pages: public reference data with the members the user may see."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from qstrong.registry import selectors
from qstrong.registry.models import Chain, ChainMember, ChainRole, Source, Town
from qstrong.registry.views.common import render_page
from qstrong.registry.views.display import SOURCE_BADGES, region_display


def _by_role(members: list[ChainMember]) -> list[tuple[str, Any, list[ChainMember]]]:
    """Members grouped under 链主, 链核, 骨干, 配套 (in that order), empty roles left out."""
    groups: OrderedDict[str, list[ChainMember]] = OrderedDict((r, []) for r in ChainRole.values)
    for member in members:
        groups.setdefault(member.role, []).append(member)
    labels = dict(ChainRole.choices)
    return [(role, labels.get(role, role), items) for role, items in groups.items() if items]


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
        chain, grouped = selectors.chain_detail(user=request.user, code=code)
    except Chain.DoesNotExist as exc:
        raise Http404("no such chain") from exc
    segments = [
        {"segment": segment, "groups": _by_role(members), "count": len(members)}
        for segment, members in grouped
        if segment is not None
    ]
    unassigned = next((members for segment, members in grouped if segment is None), [])
    member_count = sum(len(members) for _segment, members in grouped)
    return render_page(
        request,
        "registry/chains/detail.html",
        {
            "chain": chain,
            "segments": segments,
            "unassigned": _by_role(unassigned),
            "unassigned_count": len(unassigned),
            "member_count": member_count,
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
        town, members = selectors.town_detail(user=request.user, code=code)
    except Town.DoesNotExist as exc:
        raise Http404("no such town") from exc
    return render_page(
        request,
        "registry/towns/detail.html",
        {
            "town": town,
            "county": region_display(town.county),
            "leading": [m for m in members if m.is_leading],
            "others": [m for m in members if not m.is_leading],
            "member_count": len(members),
            "badge": town.source in SOURCE_BADGES,
            "source_badges": SOURCE_BADGES,
        },
    )
