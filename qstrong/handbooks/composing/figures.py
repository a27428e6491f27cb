"""Charts drawn on the server as standalone SVG (no scripts): revenue with year-on-year growth."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

FONT = "Noto Sans CJK SC"
BAR = "#1f4e79"
LINE = "#c0392b"


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    el = ET.SubElement(parent, tag, {k.replace("_", "-"): str(v) for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def bar_chart_svg(
    *, labels: list[str], values: list[Decimal], unit: str, growth: list[Decimal | None]
) -> str:
    """Bars for the values, each labelled with its value and its growth on the year before."""
    width, height, left, bottom, top = max(640, 110 * len(values) + 80), 340, 60, 56, 44
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
    _el(svg, "rect", x=0, y=0, width=width, height=height, fill="#ffffff")
    peak = max((v for v in values), default=Decimal(0)) or Decimal(1)
    plot_h = height - bottom - top
    n = max(len(values), 1)
    step = (width - left - 20) / n
    bar_w = min(60.0, step * 0.55)
    _el(svg, "line", x1=left, y1=height - bottom, x2=width - 10, y2=height - bottom, stroke="#555")
    _el(svg, "text", unit, x=8, y=top - 16, font_size=12, fill="#333")
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = float(value / peak) * plot_h
        x = left + i * step + (step - bar_w) / 2
        y = height - bottom - h
        _el(
            svg,
            "rect",
            x=f"{x:.1f}",
            y=f"{y:.1f}",
            width=f"{bar_w:.1f}",
            height=f"{h:.1f}",
            fill=BAR,
        )
        _el(
            svg,
            "text",
            f"{value.normalize():f}",
            x=f"{x + bar_w / 2:.1f}",
            y=f"{y - 6:.1f}",
            font_size=14,
            text_anchor="middle",
            fill="#222",
        )
        _el(
            svg,
            "text",
            label,
            x=f"{x + bar_w / 2:.1f}",
            y=height - bottom + 18,
            font_size=14,
            text_anchor="middle",
            fill="#222",
        )
        rate = growth[i]
        if rate is not None:
            sign = "+" if rate >= 0 else ""
            _el(
                svg,
                "text",
                f"同比 {sign}{rate:.1f}%",
                x=f"{x + bar_w / 2:.1f}",
                y=height - bottom + 36,
                font_size=11,
                text_anchor="middle",
                fill=LINE,
            )
    return ET.tostring(svg, encoding="unicode")
