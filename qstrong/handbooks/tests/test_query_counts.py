"""Handbook lists, batch pages and the API lists cost the same queries at 2 handbooks per kind
and batch as at 14, for the province and for a county officer."""

from __future__ import annotations

from typing import Any

import pytest

from qstrong.accounts.tests.factories import county_officer_qingxu, province_planner
from qstrong.core.testing import assert_flat_queries
from qstrong.handbooks import batches, services
from qstrong.handbooks.library import library_ensure
from qstrong.handbooks.models import Batch
from qstrong.handbooks.tests.factories import AS_OF
from qstrong.registry.tests.factories import EnterpriseFactory, TownFactory

pytestmark = pytest.mark.django_db


def _grow(enterprise_batch: Batch, town_batch: Batch, count: int) -> None:
    """count more enterprise handbooks (half generated) and town handbooks, in the batches, and
    as many batches again."""
    for i in range(count):
        handbook = services.handbook_create(
            subject=EnterpriseFactory(), actor=None, batch=enterprise_batch
        )
        if i % 2 == 0:
            services.handbook_generate(handbook=handbook, actor=None, as_of=AS_OF)
        services.handbook_create(subject=TownFactory(), actor=None, batch=town_batch)
        batches.batch_create(
            name=f"补充批次{Batch.objects.count()}",
            kind="town",
            year=2025,
            subjects=[TownFactory()],
            actor=None,
        )


@pytest.mark.parametrize("persona", [province_planner, county_officer_qingxu])
def test_handbook_lists_and_batches_do_not_grow_with_rows(
    client: Any, django_assert_max_num_queries: Any, persona: Any
) -> None:
    library_ensure()
    enterprise_batch = batches.batch_create(
        name="第一批", kind="enterprise", year=2024, subjects=[], actor=None
    )
    town_batch = batches.batch_create(
        name="第一批", kind="town", year=2024, subjects=[], actor=None
    )
    _grow(enterprise_batch, town_batch, 2)
    user = persona()
    client.force_login(user)
    pages = [
        "/handbooks/",
        "/handbooks/?kind=enterprise&state=draft",
        "/handbooks/batches/",
        f"/handbooks/batches/{enterprise_batch.pk}/",
        f"/handbooks/batches/{town_batch.pk}/",
        "/api/handbooks/",
        "/api/handbooks/?kind=town&limit=1000",
        "/api/handbooks/batches",
        f"/api/handbooks/batches/{enterprise_batch.pk}",
    ]
    if persona is province_planner:
        pages += ["/handbooks/library/", "/handbooks/library/?kind=town"]
    assert_flat_queries(
        client,
        pages,
        grow=lambda: _grow(enterprise_batch, town_batch, 12),
        max_queries=16,
        assert_max=django_assert_max_num_queries,
    )
