"""The registry's lists cost the same queries at 2 enterprises as at 14 (pages and API)."""

from __future__ import annotations

from typing import Any

import pytest

from qstrong.accounts.tests.factories import county_officer_qingxu, province_planner
from qstrong.core.testing import assert_flat_queries
from qstrong.registry.models import Enterprise
from qstrong.registry.tests.factories import (
    ChainFactory,
    ChainMemberFactory,
    EnterpriseFactory,
    TownFactory,
    TownMemberFactory,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "/registry/enterprises/",
    "/registry/enterprises/?q=%E4%BC%81%E4%B8%9A",
    "/registry/enterprises/?chain=auto",
    "/registry/enterprises/?town=t1",
    "/registry/enterprises/?region=140121&sort=-region",
    "/registry/chains/",
    "/registry/chains/auto/",
    "/registry/towns/",
    "/registry/towns/t1/",
    "/api/enterprises",
    "/api/chains",
    "/api/towns",
    "/api/chains/auto",
    "/api/towns/t1",
]


def _members(count: int) -> None:
    chain, town = ChainFactory(code="auto"), TownFactory(code="t1")
    for _ in range(count):
        enterprise = EnterpriseFactory(region_id="140121", tags=["high_tech"])
        ChainMemberFactory(chain=chain, enterprise=enterprise)
        TownMemberFactory(town=town, enterprise=enterprise)


@pytest.mark.parametrize("persona", [province_planner, county_officer_qingxu])
def test_registry_lists_do_not_grow_with_rows(
    client: Any, django_assert_max_num_queries: Any, persona: Any
) -> None:
    _members(2)
    first = Enterprise.objects.order_by("pk")[0]
    client.force_login(persona())
    assert_flat_queries(
        client,
        [
            *PAGES,
            f"/registry/enterprises/{first.pk}/",
            f"/api/enterprises/{first.uscc}",
            f"/api/enterprises/{first.uscc}/history",
        ],
        grow=lambda: _members(12),
        max_queries=16,
        assert_max=django_assert_max_num_queries,
    )
