"""Indexes for the enterprise list's tag and certification filters and its sort by region
(PostgreSQL; on SQLite these operations do nothing).

- GIN (jsonb_path_ops) on `tags` and `certifications`: the filters are jsonb containment
  (`tags @> '["little_giant"]'`); a rare value is found through the index instead of walking
  the million names in order.
- (region_id, id) and (region_id DESC, id) of current enterprises: the list sorted by region
  either way (ties in the order they were created) reads one in order and stops after a page;
  a county's pushes check their enterprise's county with an index-only probe.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

INDEXES = {
    "registry_enterprise_tags_gin": "USING gin (tags jsonb_path_ops)",
    "registry_enterprise_certs_gin": "USING gin (certifications jsonb_path_ops)",
    "registry_enterprise_region_id_idx": "(region_id, id) WHERE archived_at IS NULL",
    "registry_enterprise_region_desc_idx": "(region_id DESC, id) WHERE archived_at IS NULL",
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
