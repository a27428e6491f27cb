"""Planner statistics after a bulk write (PostgreSQL).

PostgreSQL plans a query from statistics that autovacuum refreshes some time after a table
changes. A bulk write (an import of a million enterprises, a matching run storing millions of
results) leaves them describing the table as it was: right after `loaddemo --synthetic 1000000`
the planner guessed 741 current enterprises of 1,000,027 and chose a plan that read every one of
them for a chain's 18,880 members. A bulk writer therefore refreshes the statistics of what it
wrote at once; `ANALYZE` reads a sample (30,000 rows by default), a second or two at a million
rows, and inside the writer's transaction it is rolled back with it.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Model

# Fewer changed rows than this leave the statistics to autovacuum.
BULK_ROWS = 10_000


def analyze_after_bulk_write(*, models: list[type[Model]], rows: int) -> bool:
    """Refresh the planner statistics of `models`' tables if `rows` rows were written."""
    if connection.vendor != "postgresql" or rows < BULK_ROWS:
        return False
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
    return True
