"""Food-safety overview and lists cost the same queries at 2 enrolled enterprises as at 14."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qstrong.accounts.tests.factories import county_officer_qingxu, province_planner
from qstrong.core.testing import assert_flat_queries
from qstrong.foodsafety.tests.factories import enrol, food_enterprise, risk_item

pytestmark = pytest.mark.django_db

PAGES = [
    "/foodsafety/?month=2024-05",
    "/foodsafety/enrol/",
    "/api/foodsafety/enrolments",
    "/api/foodsafety/gaps?month=2024-05",
    "/api/foodsafety/issues",
]


def _enrolled(count: int) -> None:
    for _ in range(count):
        enterprise = food_enterprise(region_id="140121")
        enrol(enterprise, on=dt.date(2024, 4, 1))
        risk_item(enterprise)


@pytest.mark.parametrize("persona", [province_planner, county_officer_qingxu])
def test_foodsafety_lists_do_not_grow_with_rows(
    client: Any, django_assert_max_num_queries: Any, persona: Any
) -> None:
    _enrolled(2)
    client.force_login(persona())
    assert_flat_queries(
        client,
        PAGES,
        grow=lambda: _enrolled(12),
        max_queries=25,
        assert_max=django_assert_max_num_queries,
    )
