"""Periods in one canonical form with the article's labels; exact unit conversion."""

from __future__ import annotations

from decimal import Decimal

import pytest

from qstrong.insights.periods import Period, PeriodError, parse_period
from qstrong.insights.units import UnitError, display_value, to_base


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024", Period(2024)),
        ("2024年", Period(2024)),
        ("2024H1", Period(2024, 1, 6)),
        ("2024年上半年", Period(2024, 1, 6)),
        ("2024年1—6月", Period(2024, 1, 6)),
        ("2024年1-6月", Period(2024, 1, 6)),
        ("２０２４年１～６月", Period(2024, 1, 6)),
        ("2024.01-06", Period(2024, 1, 6)),
        ("2024Q2", Period(2024, 4, 6)),
        ("2024年第三季度", Period(2024, 7, 9)),
        ("2024年3月", Period(2024, 3, 3)),
        ("2024-03", Period(2024, 3, 3)),
        ("2024年1—9月累计", Period(2024, 1, 9)),
    ],
)
def test_parse_period(text: str, expected: Period) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["", "2024年13月", "2024年6—1月", "上半年", "24年"])
def test_parse_period_refuses(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)


def test_labels_kinds_and_previous_year() -> None:
    h1 = Period(2024, 1, 6)
    assert (h1.label, h1.kind, h1.key) == ("2024年1—6月", "half_year", "2024.01-06")
    assert h1.previous_year().label == "2023年1—6月"
    assert (Period(2023).label, Period(2023).kind) == ("2023年", "year")
    assert (Period(2024, 3, 3).label, Period(2024, 3, 3).kind) == ("2024年3月", "month")
    assert Period(2024, 4, 6).kind == "quarter"
    assert Period(2024, 1, 9).kind == "cumulative"
    assert parse_period(h1.key) == h1


def test_units_convert_exactly() -> None:
    assert to_base(Decimal("3291.8"), "亿元") == Decimal("329180000000")
    assert to_base(Decimal("1.06"), "万元") == Decimal("10600")
    assert to_base(Decimal("2"), "万吨") == Decimal("20000")
    assert display_value(Decimal("506.90"), "亿元") == "506.9亿元"
    assert display_value(Decimal("34.39995"), "%") == "34.4%"
    with pytest.raises(UnitError):
        to_base(Decimal(1), "斤")
