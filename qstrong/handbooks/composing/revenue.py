"""Revenue (or output) figures of a chain or town from the indicators, as a table and a chart."""

from __future__ import annotations

from decimal import Decimal

from qstrong.handbooks.composing.figures import bar_chart_svg
from qstrong.handbooks.schemas import Block, Figure, Paragraph, Table
from qstrong.insights.models import Indicator


def _label(year: int, start: int, end: int) -> str:
    if (start, end) == (1, 12):
        return f"{year}年"
    return f"{year}年{start}—{end}月"


def revenue_blocks(*, kind: str, code: str, name: str) -> list[Block]:
    rows = list(
        Indicator.objects.filter(
            subject_kind=kind,
            subject_code=code,
            metric__code__in=("revenue", "output"),
            archived_at__isnull=True,
        )
        .select_related("metric")
        .order_by("metric__code", "year", "start_month", "end_month")
    )
    if not rows:
        return [Paragraph(text="暂无营业收入或产值数据。")]
    metric = max(
        {r.metric.code for r in rows}, key=lambda m: (sum(r.metric.code == m for r in rows), m)
    )
    rows = [r for r in rows if r.metric.code == metric]
    by_key = {(r.year, r.start_month, r.end_month): r for r in rows}
    labels, values, growth, table = [], [], [], []
    for r in rows:
        before = by_key.get((r.year - 1, r.start_month, r.end_month))
        rate: Decimal | None = None
        if before is not None and before.value and before.unit == r.unit:
            rate = (r.value - before.value) / before.value * 100
        labels.append(_label(r.year, r.start_month, r.end_month))
        values.append(r.value)
        growth.append(rate)
        table.append(
            [
                labels[-1],
                f"{r.value.normalize():f}{r.unit}",
                "—" if rate is None else f"{rate:+.1f}%",
            ]
        )
    title = rows[0].metric.name
    unit = rows[-1].unit
    svg = bar_chart_svg(labels=labels, values=values, unit=unit, growth=growth)
    summary = "；".join(f"{a} {b}（同比 {c}）" for a, b, c in table)
    return [
        Table(columns=["期间", title, "同比增长"], rows=table),
        Figure(caption=f"{name}{title}及同比增长", svg=svg, summary=summary),
    ]
