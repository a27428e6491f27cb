"""Quality lists and the kanban cost the same queries at 2 problems and projects as at 14."""

from __future__ import annotations

from typing import Any

import pytest

from qstrong.accounts.tests.factories import county_officer_qingxu, province_planner
from qstrong.core.testing import assert_flat_queries
from qstrong.quality.tests.factories import (
    KeyProjectFactory,
    ProgrammeFactory,
    QualityLossFactory,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "/quality/problems/",
    "/quality/problems/kanban/",
    "/quality/projects/",
    "/quality/ledger/",
    "/quality/programmes/",
    "/api/quality/problems",
    "/api/quality/key-projects",
    "/api/quality/programmes",
]


def _records(count: int) -> None:
    # Programmes are a handful per province and each computes its progress with its own
    # queries (noted in docs/performance.md): two of them, while problems and projects grow.
    ProgrammeFactory(code="pilot")
    ProgrammeFactory(code="premium", kind="shanxi_premium")
    for _ in range(count):
        QualityLossFactory()  # and its problem in 清徐
        KeyProjectFactory()


@pytest.mark.parametrize("persona", [province_planner, county_officer_qingxu])
def test_quality_lists_do_not_grow_with_rows(
    client: Any, django_assert_max_num_queries: Any, persona: Any
) -> None:
    _records(2)
    client.force_login(persona())
    assert_flat_queries(
        client,
        PAGES,
        grow=lambda: _records(12),
        max_queries=25,
        assert_max=django_assert_max_num_queries,
    )
