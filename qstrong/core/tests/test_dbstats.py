"""Planner statistics are refreshed by the bulk writers (qstrong.core.dbstats)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qstrong.core import dbstats
from qstrong.registry.importing import import_batch_create, import_batch_run
from qstrong.registry.models import Enterprise, ImportBatch
from qstrong.registry.tests.factories import ENTERPRISE_HEADER, csv_bytes, make_uscc

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ANALYZE is PostgreSQL's (SQLite plans without)"
)


def _analyzes(ctx: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("ANALYZE")]


@on_postgres
def test_a_bulk_write_refreshes_the_statistics_and_a_small_one_does_not() -> None:
    with CaptureQueriesContext(connection) as ctx:
        assert (
            dbstats.analyze_after_bulk_write(models=[Enterprise], rows=dbstats.BULK_ROWS - 1)
            is False
        )
        assert dbstats.analyze_after_bulk_write(models=[Enterprise], rows=dbstats.BULK_ROWS) is True
    assert _analyzes(ctx) == ['ANALYZE "registry_enterprise"']


def test_on_sqlite_nothing_is_run() -> None:
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL runs ANALYZE (the test above)")
    with CaptureQueriesContext(connection) as ctx:
        assert dbstats.analyze_after_bulk_write(models=[Enterprise], rows=10**7) is False
    assert ctx.captured_queries == []


@on_postgres
def test_an_import_that_writes_many_rows_analyzes_the_registry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(dbstats, "BULK_ROWS", 2)
    rows = [
        [make_uscc(700 + i), f"清徐统计{i}有限公司", "140121", "C1469", "2019-06-30", "20"]
        + [""] * 12
        for i in range(3)
    ]
    batch = import_batch_create(
        kind="enterprises",
        filename="企业.csv",
        content=csv_bytes(ENTERPRISE_HEADER, rows),
        actor=None,
    )
    with CaptureQueriesContext(connection) as ctx:
        batch = import_batch_run(batch=batch, actor=None)
    assert batch.state == ImportBatch.State.COMMITTED, batch.errors
    assert _analyzes(ctx) == [
        'ANALYZE "registry_enterprise", "registry_chainmember", "registry_townmember"'
    ]
