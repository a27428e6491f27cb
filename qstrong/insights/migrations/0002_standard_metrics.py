"""The metrics the programme reports on; administrators add more in the admin."""

from __future__ import annotations

from typing import Any

from django.db import migrations

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


def add_metrics(apps: Any, schema_editor: Any) -> None:
    metric = apps.get_model("insights", "Metric")
    for order, (code, name, name_en, kind, unit, additive) in enumerate(STANDARD_METRICS):
        metric.objects.get_or_create(
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


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]

    operations = [migrations.RunPython(add_metrics, migrations.RunPython.noop)]
