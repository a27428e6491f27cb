"""Food-safety overview and lists cost the same queries at 2 enrolled enterprises as at 14."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qstrong.accounts.tests.factories import county_officer_qingxu, province_planner
from qstrong.core.testing import assert_flat_queries
from qstrong.foodsafety.models import DailyCheck, Enrolment, Issue, RiskItem
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
    """count more enrolled enterprises of 清徐; the first one gains a risk item, a daily check
    with an issue, and an event on its first issue each time."""
    for _ in range(count):
        enterprise = food_enterprise(region_id="140121")
        enrol(enterprise, on=dt.date(2024, 4, 1))
        risk_item(enterprise)
        first = Enrolment.objects.order_by("pk")[0].enterprise
        risk_item(first, point=f"风险点{RiskItem.objects.count()}")
        day = dt.date(2024, 5, 1) + dt.timedelta(days=DailyCheck.objects.count())
        check = DailyCheck.objects.create(
            enterprise=first, date=day, checker="赵班长", no_issue=False
        )
        Issue.objects.create(
            enterprise=first,
            source="daily",
            daily_check=check,
            risk_point="发酵温度",
            description="温度记录缺失",
            found_on=day,
            deadline=day + dt.timedelta(days=7),
        )


def _first_records() -> list[str]:
    enterprise = Enrolment.objects.order_by("pk")[0].enterprise
    issue = Issue.objects.order_by("pk")[0]
    return [
        f"/foodsafety/e/{enterprise.pk}/",
        f"/foodsafety/e/{enterprise.pk}/risks/",
        f"/foodsafety/e/{enterprise.pk}/panel/",
        f"/foodsafety/issues/{issue.pk}/",
        f"/api/foodsafety/enterprises/{enterprise.uscc}/records?start=2024-05-01&end=2024-05-31",
        f"/api/foodsafety/issues/{issue.pk}",
    ]


@pytest.mark.parametrize("persona", [province_planner, county_officer_qingxu])
def test_foodsafety_lists_do_not_grow_with_rows(
    client: Any, django_assert_max_num_queries: Any, persona: Any
) -> None:
    _enrolled(2)
    client.force_login(persona())
    assert_flat_queries(
        client,
        [*PAGES, *_first_records()],
        grow=lambda: _enrolled(12),
        max_queries=25,
        assert_max=django_assert_max_num_queries,
    )
