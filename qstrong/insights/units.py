"""Units of measure and their exact conversion to a base unit (元, 人, 吨 …).

Conversions are powers of ten applied to Decimals, so 1.5亿元 is exactly 15000万元 and a total of
records entered in 万元 and in 亿元 is exact. Units of different kinds never mix: a total of
元 and 家 is refused, not guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _


class UnitError(ValueError):
    pass


UNIT_KINDS = {
    "money": _("金额"),
    "count": _("数量"),
    "people": _("人数"),
    "weight": _("重量"),
    "area": _("面积"),
    "percent": _("百分比"),
    "rate": _("频次"),
}


@dataclass(frozen=True)
class Unit:
    code: str  # as written in files and shown: 亿元
    kind: str
    base: str  # the unit stored values are normalised to
    factor: Decimal  # 1 of this unit = factor × base
    display_places: int  # decimals shown for a figure in this unit (the article's precision)


def _u(code: str, kind: str, base: str, factor: str | int, places: int) -> Unit:
    return Unit(code, kind, base, Decimal(factor), places)


UNITS: dict[str, Unit] = {
    unit.code: unit
    for unit in (
        _u("元", "money", "元", 1, 0),
        _u("千元", "money", "元", 1000, 0),
        _u("万元", "money", "元", 10_000, 2),
        _u("百万元", "money", "元", 1_000_000, 2),
        _u("亿元", "money", "元", 100_000_000, 2),
        _u("人", "people", "人", 1, 0),
        _u("万人", "people", "人", 10_000, 2),
        _u("家", "count", "家", 1, 0),
        _u("个", "count", "个", 1, 0),
        _u("项", "count", "项", 1, 0),
        _u("册", "count", "册", 1, 0),
        _u("次", "count", "次", 1, 0),
        _u("件", "count", "件", 1, 0),
        _u("辆", "count", "辆", 1, 0),
        _u("万辆", "count", "辆", 10_000, 2),
        _u("千克", "weight", "吨", "0.001", 3),
        _u("吨", "weight", "吨", 1, 0),
        _u("万吨", "weight", "吨", 10_000, 2),
        _u("公顷", "area", "公顷", 1, 0),
        _u("%", "percent", "%", 1, 1),
        _u("次/年", "rate", "次/年", 1, 0),
    )
}

ALIASES = {"亿": "亿元", "万": "万元", "％": "%", "percent": "%", "yuan": "元", "人次": "次"}

# The unit a figure of each kind is shown in on dashboards, unless the metric says otherwise.
DISPLAY_UNIT = {"money": "亿元", "people": "人", "weight": "万吨", "percent": "%"}


def unit_of(code: str) -> Unit:
    text = (code or "").strip()
    text = ALIASES.get(text, text)
    if text not in UNITS:
        raise UnitError(code)
    return UNITS[text]


def to_base(value: Decimal, unit: str) -> Decimal:
    """Exactly: 3291.8 亿元 → 329180000000 元."""
    return value * unit_of(unit).factor


def from_base(value: Decimal, unit: str) -> Decimal:
    return value / unit_of(unit).factor


def convertible(a: str, b: str) -> bool:
    return unit_of(a).base == unit_of(b).base


def display_number(value: Decimal, places: int, *, keep: int = 0) -> str:
    """Round half up to `places` decimals, then drop trailing zeros down to `keep` decimals.

    The article writes 3291.8亿元 and 251.56亿元: two decimals at most, no padding zeros.
    """
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    if "." in text:
        whole, fraction = text.split(".")
        fraction = fraction.rstrip("0")
        fraction = fraction.ljust(keep, "0")
        text = f"{whole}.{fraction}" if fraction else whole
    return text


def display_value(value: Decimal, unit: str) -> str:
    """A value already in `unit`, as the article would print it: 3291.8亿元, 9.5%."""
    spec = unit_of(unit)
    keep = 1 if spec.kind == "percent" else 0
    return f"{display_number(value, spec.display_places, keep=keep)}{spec.code}"
