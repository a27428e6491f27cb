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


def _measures(handbook: Any, count: int) -> None:
    """count more measures, each with a responsible bureau and person."""
    from qstrong.accounts.models import User
    from qstrong.handbooks.models import Measure

    officer = User.objects.get(username="qingxu")
    top = handbook.measures.count()
    for n in range(count):
        Measure.objects.create(
            handbook=handbook,
            position=top + n + 1,
            category="质量提升",
            text=f"举措{top + n}",
            responsible_bureau=officer.organisation,
            responsible_person=officer,
        )


def test_an_enterprise_s_handbooks_and_a_handbook_do_not_grow_with_measures(
    client: Any, django_assert_max_num_queries: Any
) -> None:
    from qstrong.accounts.tests.factories import enterprise_user
    from qstrong.handbooks.tests.factories import drafted

    county_officer_qingxu()
    enterprise = EnterpriseFactory(region_id="140121")
    draft = drafted(enterprise)
    services.handbook_submit(handbook=draft, actor=None)
    published = services.handbook_publish(handbook=draft, actor=None)
    other = drafted(EnterpriseFactory(region_id="140121"))
    _measures(published, 2)
    _measures(other, 2)
    client.force_login(enterprise_user(enterprise))
    assert_flat_queries(
        client,
        ["/handbooks/mine/", f"/api/handbooks/{published.pk}"],
        grow=lambda: _measures(published, 12),
        max_queries=16,
        assert_max=django_assert_max_num_queries,
    )
    client.force_login(county_officer_qingxu())
    assert_flat_queries(
        client,
        [f"/handbooks/{other.pk}/", f"/api/handbooks/{other.pk}"],
        grow=lambda: _measures(other, 12),
        max_queries=20,
        assert_max=django_assert_max_num_queries,
    )
