"""The metrics the programme reports on (qstrong/insights/standard.py)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from qstrong.insights.standard import standard_metrics_ensure


def add_metrics(apps: Any, schema_editor: Any) -> None:
    standard_metrics_ensure(apps.get_model("insights", "Metric"))


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]

    operations = [migrations.RunPython(add_metrics, migrations.RunPython.noop)]
