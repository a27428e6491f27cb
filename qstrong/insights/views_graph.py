"""Industry map and quality bottleneck map pages: the chain index, one chain, its SVG."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from qstrong.core.services import audit_record
from qstrong.insights.graph import BANDS, OTHER_COLUMN, ChainGraph, Column, chain_graph
from qstrong.insights.permissions import can_view_dashboards
from qstrong.insights.svg import ROLE_COLOURS, chain_svg, role_legend
from qstrong.registry.models import Chain

VIEWS = ("industry", "bottleneck")


def _chain(request: HttpRequest, code: str) -> Chain:
    """Chains are the programme's reference data: every dashboard reader sees every chain."""
    if not can_view_dashboards(request.user):
        raise Http404
    try:
        return Chain.objects.get(code=code, archived_at__isnull=True)
    except Chain.DoesNotExist as exc:
        raise Http404 from exc


def _view(request: HttpRequest) -> str:
    view = request.GET.get("view", "")
    return view if view in VIEWS else "industry"


def graph_payload(graph: ChainGraph) -> dict[str, Any]:
    """What graph.js draws: columns with their scores, nodes with positions, edges, legends."""
    columns = []
    for column in graph.columns:
        b = column.bottleneck
        columns.append(
            {
                "key": column.key,
                "name": column.name,
                "stage": column.stage,
                "stageLabel": column.stage_label,
                "x": column.x,
                "scored": column.key != OTHER_COLUMN,
                "score": b.score,
                "band": b.band,
                "bandLabel": b.band_label,
                "colour": b.colour,
                "fill": b.fill,
                "explanation": b.explanation,
                "risks": column.risks,
                "problems": [c.problem.title for c in b.visible_contributions],
                "hiddenProblems": b.hidden_count,
            }
        )
    nodes = [
        {
            "key": n.key,
            "label": n.label,
            "column": n.column,
            "role": n.role,
            "roleLabel": n.role_label,
            "region": n.region,
            "count": n.count,
            "x": n.x,
            "y": n.y,
            "url": reverse("registry:enterprise_detail", args=[n.enterprise_id])
            if n.enterprise_id
            else "",
        }
        for c in graph.columns
        for n in c.nodes
    ]
    edges = [
        {"source": e.source, "target": e.target, "products": e.products, "count": e.count}
        for e in graph.edges
    ]
    return {
        "chain": graph.chain.name,
        "columns": columns,
        "nodes": nodes,
        "edges": edges,
        "height": graph.height,
        "roles": [{"role": r, "label": lbl, "colour": ROLE_COLOURS[r]} for r, lbl in role_legend()],
        "bands": [{"label": b[2], "colour": b[3], "fill": b[4]} for b in BANDS],
    }


@login_required
@require_GET
def graph_index(request: HttpRequest) -> HttpResponse:
    """Every chain with its worst segment: where the bottleneck map should be read first."""
    if not can_view_dashboards(request.user):
        raise Http404
    rows: list[dict[str, Any]] = []
    for chain in Chain.objects.filter(archived_at__isnull=True).order_by("sort_order", "code"):
        graph = chain_graph(chain=chain, user=request.user)
        rows.append(
            {
                "chain": chain,
                "worst": graph.worst,
                "segments": sum(1 for c in graph.columns if c.key != OTHER_COLUMN),
                "enterprises": sum(n.count for c in graph.columns for n in c.nodes),
                "risks": len(graph.risks) + graph.hidden_risks,
            }
        )

    def worst_score(row: dict[str, Any]) -> int:
        worst: Column | None = row["worst"]
        return worst.bottleneck.score if worst is not None else -1

    rows.sort(key=worst_score, reverse=True)
    return render(request, "insights/graph/index.html", {"rows": rows, "view": _view(request)})


@login_required
@require_GET
def graph_detail(request: HttpRequest, code: str) -> HttpResponse:
    chain = _chain(request, code)
    graph = chain_graph(chain=chain, user=request.user)
    context = {
        "chain": chain,
        "graph": graph,
        "payload": graph_payload(graph),
        "view": _view(request),
        "scored_columns": [c for c in graph.columns if c.key != OTHER_COLUMN],
    }
    return render(request, "insights/graph/chain.html", context)


@login_required
@require_GET
def graph_svg(request: HttpRequest, code: str) -> HttpResponse:
    """The figure for the handbooks: image/svg+xml, as the viewer may see it."""
    chain = _chain(request, code)
    view = request.GET.get("view", "bottleneck")
    view = view if view in VIEWS else "bottleneck"
    graph = chain_graph(chain=chain, user=request.user)
    audit_record(
        actor=request.user,
        action="export",
        object_type="registry.chain",
        object_id=chain.code,
        object_repr=chain.name,
        note=f"svg {view}",
    )
    response = HttpResponse(
        chain_svg(graph, bottleneck=view == "bottleneck"), content_type="image/svg+xml"
    )
    filename = f"chain-{chain.code}-{view}-{graph.today.isoformat()}.svg"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
