"""The metrics the programme reports on; administrators add more in the admin."""

from __future__ import annotations

from typing import Any

# code, 中文, English, unit kind, default unit, additive
STANDARD_METRICS = (
    ("revenue", "营业收入", "Revenue", "money", "亿元", True),
    ("output", "产值", "Output value", "money", "亿元", True),
    ("profit", "利润总额", "Total profit", "money", "亿元", True),
    ("exports", "出口额", "Exports", "money", "亿元", True),
    ("tax", "税收", "Taxes paid", "money", "亿元", True),
    ("employees", "从业人员", "Employees", "people", "人", True),
    ("enterprises", "企业数", "Enterprises", "count", "家", True),
    ("quality_cost_saved", "质量成本节约", "Quality cost saved", "money", "万元", True),
)


def standard_metrics_ensure(metric_model: Any) -> int:
    """Create the standard metrics that are missing (never changes an existing one)."""
    created = 0
    for order, (code, name, name_en, kind, unit, additive) in enumerate(STANDARD_METRICS):
        _metric, was_created = metric_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "unit_kind": kind,
                "default_unit": unit,
                "additive": additive,
                "sort_order": (order + 1) * 10,
            },
        )
        created += int(was_created)
    return created
