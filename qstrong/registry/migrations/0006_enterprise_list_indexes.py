"""Indexes for the enterprise list's tag and certification filters and its sort by region
(PostgreSQL; on SQLite these operations do nothing).

- GIN (jsonb_path_ops) on `tags` and `certifications`: the filters are jsonb containment
  (`tags @> '["little_giant"]'`); a rare value is found through the index instead of walking
  the million names in order.
- (region_id, id): the list sorted by region (`ORDER BY region_id, id`) reads this index in
  order and stops after a page.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

INDEXES = {
    "registry_enterprise_tags_gin": "USING gin (tags jsonb_path_ops)",
    "registry_enterprise_certs_gin": "USING gin (certifications jsonb_path_ops)",
    "registry_enterprise_region_id_idx": "(region_id, id)",
}


def create_indexes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for name, body in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON registry_enterprise {body}")


def drop_indexes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_enterprise_archived_index")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
