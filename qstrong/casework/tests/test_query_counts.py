"""Casework lists and boards cost the same queries at 2 activities, needs and tasks as at 14."""

from __future__ import annotations

from typing import Any

import pytest

from qstrong.accounts.tests.factories import county_officer_qingxu, province_planner
from qstrong.casework.models import Need, OutreachActivity, Task
from qstrong.casework.tests.factories import ActivityFactory, NeedFactory, TaskFactory
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
    """count more enterprises of 清徐 (in a chain and a town) with an activity, a need and a task
    each; the first activity and need gain the new enterprise and a task too."""
    chain, town = ChainFactory(code="auto"), TownFactory(code="t1")
    for _ in range(count):
        enterprise = EnterpriseFactory(region_id="140121", name=f"清徐企业{Need.objects.count()}")
        ChainMemberFactory(chain=chain, enterprise=enterprise)
        TownMemberFactory(town=town, enterprise=enterprise)
        ActivityFactory(enterprises=[enterprise])
        TaskFactory(need=NeedFactory(enterprise=enterprise))
        first_activity = OutreachActivity.objects.order_by("pk").first()
        first_need = Need.objects.order_by("pk").first()
        assert first_activity is not None and first_need is not None
        first_activity.enterprises.add(enterprise)
        TaskFactory(need=first_need)


def _records() -> list[str]:
    """The pages and API answers of the first activity, need, task and enterprise."""
    activity = OutreachActivity.objects.order_by("pk").first()
    need = Need.objects.order_by("pk").first()
    task = Task.objects.filter(need=need).order_by("pk").first()
    assert activity is not None and need is not None and task is not None
    return [
        f"/casework/activities/{activity.pk}/",
        f"/casework/needs/{need.pk}/",
        f"/casework/tasks/{task.pk}/",
        f"/api/casework/activities/{activity.pk}",
        f"/api/casework/needs/{need.pk}",
        f"/api/casework/tasks/{task.pk}",
        f"/casework/panels/enterprise/{need.enterprise_id}/",
        "/casework/panels/chain/auto/",
        "/casework/panels/town/t1/",
        "/casework/enterprises/search/?q=%E6%B8%85%E5%BE%90",
    ]


@pytest.mark.parametrize("persona", [province_planner, county_officer_qingxu])
def test_casework_lists_do_not_grow_with_rows(
    client: Any, django_assert_max_num_queries: Any, persona: Any
) -> None:
    _cases(2)
    client.force_login(persona())
    assert_flat_queries(
        client,
        [*PAGES, *_records()],
        grow=lambda: _cases(12),
        max_queries=20,
        assert_max=django_assert_max_num_queries,
    )
