"""A trigram index for the enterprise name search on PostgreSQL (SQLite keeps scanning).

The list's search is `name__icontains`, which Django writes as UPPER(name) LIKE UPPER('%q%'):
the GIN index is on that same expression, so that a search of three characters or more reads
the index instead of a million rows. Built with pg_trgm (TrigramExtension); on SQLite both
operations do nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "registry_enterprise_name_trgm"


def create_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON registry_enterprise "
            "USING gin ((UPPER(name::text)) gin_trgm_ops)"
        )


def drop_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_alter_chain_updated_at_alter_chainmember_updated_at_and_more"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
