"""The chain graph as a standalone SVG for the handbooks: no scripts, no external references."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from django.utils.translation import gettext as _

from qstrong.insights.graph import BANDS, OTHER_COLUMN, ChainGraph, Column, Node

FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, sans-serif"
COL_W, COL_GAP, NODE_H, NODE_GAP = 210, 56, 30, 10
MARGIN, TITLE_H, HEAD_H, LEGEND_H = 24, 56, 64, 90
MAX_LABEL = 13  # characters of a name that fit a node; the rest is in the node's <title>
ROLE_COLOURS = {
    "leader": "#c94c4c",
    "core": "#e8853d",
    "backbone": "#1f5fa8",
    "supplier": "#3a9d6b",
    "external": "#6b7785",
    "hidden": "#9aa5b1",
}
STAGE_FILLS = {
    "upstream": "#eef3fa",
    "midstream": "#e8eef7",
    "downstream": "#e2eaf5",
    "": "#f4f6f8",
}
INK, MUTED, EDGE = "#1f2933", "#64748b", "#8a97a8"


def role_legend() -> list[tuple[str, str]]:
    return [
        ("leader", _("链主")),
        ("core", _("链核")),
        ("backbone", _("骨干")),
        ("supplier", _("配套")),
        ("external", _("链外企业")),
        ("hidden", _("辖区外（匿名汇总）")),
    ]


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: Any) -> ET.Element:
    element = ET.SubElement(
        parent, tag, {k.rstrip("_").replace("_", "-"): str(v) for k, v in attrs.items()}
    )
    if text is not None:
        element.text = text
    return element


def _short(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _column_x(column: Column) -> float:
    return MARGIN + column.x * (COL_W + COL_GAP)


def _node_xy(node: Node) -> tuple[float, float]:
    return MARGIN + node.x * (COL_W + COL_GAP) + 12, MARGIN + TITLE_H + HEAD_H + node.y * (
        NODE_H + NODE_GAP
    )


def _column(svg: ET.Element, column: Column, *, bottleneck: bool, height: float) -> None:
    x, y = _column_x(column), MARGIN + TITLE_H
    b = column.bottleneck
    fill = (
        b.fill
        if bottleneck and column.key != OTHER_COLUMN
        else STAGE_FILLS.get(column.stage, "#f4f6f8")
    )
    group = _el(svg, "g", class_="segment", data_segment=column.key)
    _el(
        group,
        "title",
        f"{column.name}：{b.explanation}" if column.key != OTHER_COLUMN else column.name,
    )
    _el(group, "rect", x=x, y=y, width=COL_W, height=height, rx=8, fill=fill, stroke="#dbe2ea")
    _el(
        group,
        "text",
        _short(column.name, 12),
        x=x + 12,
        y=y + 24,
        font_size=15,
        font_weight="bold",
        fill=INK,
    )
    if column.stage_label:
        _el(
            group,
            "text",
            column.stage_label,
            x=x + COL_W - 12,
            y=y + 24,
            font_size=12,
            fill=MUTED,
            text_anchor="end",
        )
    if column.key == OTHER_COLUMN:
        return
    if bottleneck:
        label = _("瓶颈分 %(score)d · %(band)s") % {"score": b.score, "band": b.band_label}
        _el(group, "rect", x=x + 12, y=y + 34, width=COL_W - 24, height=20, rx=10, fill=b.colour)
        _el(
            group,
            "text",
            label,
            x=x + COL_W / 2,
            y=y + 48,
            font_size=12,
            fill="#ffffff",
            text_anchor="middle",
        )
    elif column.risks:
        _el(
            group,
            "text",
            "⚠ " + _("供应集中风险"),
            x=x + 12,
            y=y + 48,
            font_size=12,
            fill="#c94c4c",
        )


def _node(svg: ET.Element, node: Node) -> None:
    x, y = _node_xy(node)
    colour = ROLE_COLOURS.get(node.role, MUTED)
    group = _el(svg, "g", class_="enterprise")
    _el(
        group,
        "title",
        f"{node.label}（{node.role_label}{'，' + node.region if node.region else ''}）",
    )
    dash = {"stroke_dasharray": "4 3"} if node.role == "hidden" else {}
    _el(
        group,
        "rect",
        x=x,
        y=y,
        width=COL_W - 24,
        height=NODE_H,
        rx=5,
        fill="#ffffff",
        stroke=colour,
        stroke_width=1.5,
        **dash,
    )
    _el(group, "rect", x=x, y=y, width=6, height=NODE_H, rx=2, fill=colour)
    _el(group, "text", _short(node.label), x=x + 14, y=y + 20, font_size=12.5, fill=INK)


def _edges(svg: ET.Element, graph: ChainGraph) -> None:
    nodes = {n.key: n for c in graph.columns for n in c.nodes}
    group = _el(svg, "g", class_="links", fill="none", stroke=EDGE, stroke_width=1.4)
    for edge in graph.edges:
        source, target = nodes[edge.source], nodes[edge.target]
        sx, sy = _node_xy(source)
        tx, ty = _node_xy(target)
        sy, ty = sy + NODE_H / 2, ty + NODE_H / 2
        if target.x > source.x:
            sx, tx = sx + COL_W - 24, tx
        elif target.x < source.x:
            tx = tx + COL_W - 24
        else:  # same column: loop out to the right
            sx, tx = sx + COL_W - 24, tx + COL_W - 24
        bend = max(abs(tx - sx) / 2, 40)
        c1 = sx + (bend if target.x >= source.x else -bend)
        c2 = tx - (bend if target.x > source.x else -bend)
        path = _el(
            group,
            "path",
            d=f"M{sx:.1f},{sy:.1f} C{c1:.1f},{sy:.1f} {c2:.1f},{ty:.1f} {tx:.1f},{ty:.1f}",
            marker_end="url(#arrow)",
        )
        _el(path, "title", f"{source.label} → {target.label} {'、'.join(edge.products)}".strip())


def _legend(svg: ET.Element, *, y: float, bottleneck: bool) -> None:
    x = MARGIN
    _el(svg, "text", _("图例"), x=x, y=y + 14, font_size=12, font_weight="bold", fill=INK)
    x += 44
    for role, label in role_legend():
        _el(svg, "rect", x=x, y=y + 3, width=14, height=14, rx=3, fill=ROLE_COLOURS[role])
        _el(svg, "text", label, x=x + 20, y=y + 14, font_size=12, fill=INK)
        x += 34 + 13 * len(label)
    if bottleneck:
        x, y = MARGIN + 44, y + 26
        for _limit, _key, label, colour, fill in BANDS:
            _el(svg, "rect", x=x, y=y + 3, width=14, height=14, rx=3, fill=fill, stroke=colour)
            _el(
                svg,
                "text",
                _("瓶颈%(band)s") % {"band": _(label)},
                x=x + 20,
                y=y + 14,
                font_size=12,
                fill=INK,
            )
            x += 90
        note = _(
            "瓶颈分 = (Σ 等级权重×(1+已开放天数/90，至多 360 天) + 年质量损失万元/10) × 100/30，"
            "上限 100"
        )
        _el(svg, "text", note, x=MARGIN + 44, y=y + 38, font_size=11, fill=MUTED)


def chain_svg(graph: ChainGraph, *, bottleneck: bool = True) -> str:
    """The graph as SVG text (UTF-8, fonts by name only: the handbook renderer has Noto CJK)."""
    columns = max(len(graph.columns), 1)
    body = HEAD_H + max(graph.height, 1) * (NODE_H + NODE_GAP) + 12
    width = MARGIN * 2 + columns * COL_W + (columns - 1) * COL_GAP
    height = MARGIN * 2 + TITLE_H + body + LEGEND_H
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "width": str(width),
            "height": str(height),
            "viewBox": f"0 0 {width} {height}",
            "font-family": FONT,
        },
    )
    title = _("质量瓶颈图谱") if bottleneck else _("产业地图")
    _el(svg, "title", f"{graph.chain.name} · {title}")
    defs = _el(svg, "defs")
    marker = _el(
        defs,
        "marker",
        id="arrow",
        viewBox="0 0 10 10",
        refX=9,
        refY=5,
        markerWidth=7,
        markerHeight=7,
        orient="auto",
    )
    _el(marker, "path", d="M0,0 L10,5 L0,10 z", fill=EDGE)
    _el(svg, "rect", x=0, y=0, width=width, height=height, fill="#ffffff")
    _el(
        svg,
        "text",
        f"{graph.chain.name} · {title}",
        x=MARGIN,
        y=MARGIN + 20,
        font_size=20,
        font_weight="bold",
        fill="#0f3a6e",
    )
    subtitle = _("上游 → 下游；截至 %(date)s") % {"date": graph.today.isoformat()}
    _el(svg, "text", subtitle, x=MARGIN, y=MARGIN + 42, font_size=12, fill=MUTED)
    for column in graph.columns:
        _column(svg, column, bottleneck=bottleneck, height=body)
    _edges(svg, graph)
    for column in graph.columns:
        for node in column.nodes:
            _node(svg, node)
    if not graph.columns:
        _el(
            svg,
            "text",
            _("该产业链尚未划分环节。"),
            x=MARGIN,
            y=MARGIN + TITLE_H + 30,
            font_size=14,
            fill=MUTED,
        )
    _legend(svg, y=MARGIN + TITLE_H + body + 16, bottleneck=bottleneck)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(svg, encoding="unicode")
