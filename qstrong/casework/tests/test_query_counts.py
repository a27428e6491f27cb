"""Casework lists and boards cost the same queries at 2 activities, needs and tasks as at 14."""

from __future__ import annotations

from typing import Any

import pytest

from qstrong.accounts.tests.factories import county_officer_qingxu, province_planner
from qstrong.casework.tests.factories import ActivityFactory, NeedFactory, TaskFactory
from qstrong.core.testing import assert_flat_queries
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/casework/activities/",
    "/casework/activities/calendar/?month=2024-04",
    "/casework/activities/stats/",
    "/casework/needs/",
    "/casework/tasks/",
    "/casework/tasks/board/",
    "/casework/tasks/overdue/",
    "/api/casework/activities",
    "/api/casework/needs",
    "/api/casework/tasks",
]


def _cases(count: int) -> None:
    for _ in range(count):
        enterprise = EnterpriseFactory(region_id="140121")
        ActivityFactory(enterprises=[enterprise])
        TaskFactory(need=NeedFactory(enterprise=enterprise))


@pytest.mark.parametrize("persona", [province_planner, county_officer_qingxu])
def test_casework_lists_do_not_grow_with_rows(
    client: Any, django_assert_max_num_queries: Any, persona: Any
) -> None:
    _cases(2)
    client.force_login(persona())
    assert_flat_queries(
        client,
        PAGES,
        grow=lambda: _cases(12),
        max_queries=20,
        assert_max=django_assert_max_num_queries,
    )
