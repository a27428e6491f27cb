"""Sections every kind shares: the measures, and the progress of a measure from its task."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from qstrong.handbooks.composing.base import ComposeContext, dash
from qstrong.handbooks.composing.figures import bar_chart_svg
from qstrong.handbooks.schemas import Block, Figure, Paragraph, Table

MEASURE_COLUMNS = ["序号", "类别", "举措内容", "责任单位", "责任人", "完成时限", "进展"]


def measure_progress(measure: Any) -> str:
    task = measure.task
    if task is None:
        return "发布后生成任务" if measure.becomes_task else "—"
    return str(task.get_state_display())


def measures_blocks(ctx: ComposeContext) -> list[Block]:
    if not ctx.measures:
        return [Paragraph(text="本版暂无服务举措。")]
    rows = [
        [
            str(i),
            m.category,
            m.text,
            m.responsible_bureau.name if m.responsible_bureau else "—",
            str(m.responsible_person) if m.responsible_person else "—",
            dash(m.deadline),
            measure_progress(m),
        ]
        for i, m in enumerate(ctx.measures, start=1)
    ]
    lead = f"共 {len(rows)} 项服务举措。有责任单位和完成时限的举措，发布后转为任务跟踪落实。"
    return [Paragraph(text=lead), Table(columns=MEASURE_COLUMNS, rows=rows), _by_category(ctx)]


def _by_category(ctx: ComposeContext) -> Figure:
    """How the measures spread over the categories (in the library's order)."""
    counts = Counter(m.category for m in ctx.measures)
    labels = list(counts)
    svg = bar_chart_svg(
        labels=labels,
        values=[Decimal(counts[c]) for c in labels],
        unit="项",
        growth=[None] * len(labels),
    )
    summary = "；".join(f"{c} {counts[c]} 项" for c in labels)
    return Figure(caption="服务举措分类", svg=svg, summary=summary)
