"""Chart specifications: one plain structure drawn by dashboards.js and written to .xlsx alike."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from qstrong.insights.figures import Figure


@dataclass
class Series:
    name: str
    data: list[float | None]
    kind: str = "bar"  # bar, line, pie
    axis: int = 0  # 1 = the right-hand axis (percentages next to amounts)
    stack: str = ""
    hidden: bool = False  # in the exported data, not drawn (growth next to a long ranking)


@dataclass
class Chart:
    id: str
    title: str
    categories: list[str]
    series: list[Series]
    unit: str = ""
    axis_units: tuple[str, str] = ("", "")
    horizontal: bool = False
    links: list[str] = field(default_factory=list)  # drill-down: one URL per category
    category_label: str = ""
    note: str = ""
    empty_text: str = ""

    @property
    def spec_id(self) -> str:
        return f"chart-spec-{self.id}"

    @property
    def is_empty(self) -> bool:
        return not self.categories or all(all(v is None for v in s.data) for s in self.series)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "categories": self.categories,
            "series": [s.__dict__ for s in self.series],
            "unit": self.unit,
            "axisUnits": list(self.axis_units),
            "horizontal": self.horizontal,
            "links": self.links,
        }


@dataclass
class Headline:
    """A figure card: value, growth, and the working behind both."""

    id: str
    title: str
    figure: Figure
    growth: Figure | None = None
    subtitle: str = ""
    link: str = ""


def number(value: Decimal | None, places: int = 2) -> float | None:
    """For the chart only (ECharts wants numbers); figures stay Decimal everywhere else."""
    return None if value is None else float(round(value, places))


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def charts_xlsx(*, title: str, charts: list[Chart], headlines: list[Headline]) -> bytes:
    """One sheet per chart (category, then a column per series), and the headline working."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.create_sheet("主要指标")
    workbook.remove(workbook.worksheets[0])
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(["指标", "数值", "同比", "计算说明"])
    for headline in headlines:
        steps = list(headline.figure.steps) + list(headline.figure.missing)
        if headline.growth is not None:
            steps += list(headline.growth.steps) + list(headline.growth.missing)
        sheet.append(
            [
                headline.title,
                headline.figure.display,
                headline.growth.display_signed if headline.growth else "",
                "\n".join(_safe(s) for s in steps),
            ]
        )
    used = {sheet.title}
    for chart in charts:
        name = _SHEET_BAD.sub("_", chart.title)[:28] or chart.id
        while name in used:
            name = name[:26] + f"_{len(used)}"
        used.add(name)
        ws = workbook.create_sheet(name)
        ws.append([_safe(chart.title) + (f"（{chart.unit}）" if chart.unit else "")])
        ws.append([chart.category_label or "", *[_safe(s.name) for s in chart.series]])
        for index, category in enumerate(chart.categories):
            ws.append([_safe(category), *[s.data[index] for s in chart.series]])
        if chart.note:
            ws.append([])
            ws.append([_safe(chart.note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _safe(text: str) -> str:
    """Never let a cell start a formula (IMPORT.md, Export)."""
    text = str(text)
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text
