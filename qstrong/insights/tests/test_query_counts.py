"""Dashboards, the graph, the map and the indicator list cost the same queries at 2 members as
at 14."""

from __future__ import annotations

from typing import Any

import pytest

from qstrong.accounts.tests.factories import county_officer_qingxu, province_planner
from qstrong.core.testing import assert_flat_queries
from qstrong.registry.tests.factories import (
    ChainFactory,
    ChainMemberFactory,
    EnterpriseFactory,
    TownFactory,
    TownMemberFactory,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "/insights/",
    "/insights/chains/",
    "/insights/chains/auto/",
    "/insights/towns/",
    "/insights/towns/t1/",
    "/insights/outreach/",
    "/insights/coverage/",
    "/insights/indicators/",
    "/insights/graph/",
    "/insights/graph/auto/",
    "/insights/graph/auto/svg/",
    "/insights/panels/chain/auto/",
    "/insights/panels/town/t1/",
    "/insights/map/county/140121/",
    "/insights/map/",
    "/insights/map/data/",
    "/api/insights/indicators",
]


def _members(count: int) -> None:
    chain, town = ChainFactory(code="auto"), TownFactory(code="t1")
    for _ in range(count):
        enterprise = EnterpriseFactory(region_id="140121", industry_id="C1469")
        ChainMemberFactory(chain=chain, enterprise=enterprise)
        TownMemberFactory(town=town, enterprise=enterprise)


@pytest.mark.parametrize("persona", [province_planner, county_officer_qingxu])
def test_insights_pages_do_not_grow_with_rows(
    client: Any, django_assert_max_num_queries: Any, persona: Any
) -> None:
    _members(2)
    client.force_login(persona())
    assert_flat_queries(
        client,
        PAGES,
        grow=lambda: _members(12),
        max_queries=30,
        assert_max=django_assert_max_num_queries,
    )
