"""Policy pages and API lists cost the same queries at 2 results and pushes as at 14."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qstrong.accounts.tests.factories import county_officer_qingxu, province_planner
from qstrong.core.testing import assert_flat_queries
from qstrong.policies.models import MatchResult, MatchRun, Outcome, Push
from qstrong.policies.tests.factories import MatchResultFactory, published_policy
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_push")]


def _results(policy: Any, count: int) -> None:
    rule = policy.rules.get()
    for n in range(count):
        enterprise = EnterpriseFactory(region_id="140121", scale="small")
        outcome = Outcome.ELIGIBLE if n % 2 else Outcome.NEEDS_DATA
        MatchResultFactory(
            rule=rule, enterprise=enterprise, outcome=outcome, missing_fields=["employees"]
        )
        if outcome == Outcome.ELIGIBLE:
            Push.objects.create(policy=policy, enterprise=enterprise, rule=rule, state="sent")


@pytest.mark.parametrize("persona", [province_planner, county_officer_qingxu])
def test_policy_lists_do_not_grow_with_rows(
    client: Any, django_assert_max_num_queries: Any, persona: Any
) -> None:
    policy = published_policy(code="Q-1")
    _results(policy, 2)
    run = MatchRun.objects.create(as_of=dt.date(2026, 11, 1), policy=policy)
    first = MatchResult.objects.order_by("pk").select_related("enterprise")[0].enterprise
    push = Push.objects.order_by("pk")[0]
    client.force_login(persona())
    pages = [
        "/policies/",
        f"/policies/{policy.pk}/",
        "/policies/coverage/",
        "/policies/pushes/",
        "/policies/runs/",
        "/api/policies/",
        "/api/policies/runs",
        "/api/pushes/",
        "/api/pushes/coverage",
        f"/api/pushes/{push.pk}",
        f"/policies/{policy.pk}/explain/{first.pk}/",
        f"/policies/enterprises/{first.pk}/panel/",
        f"/policies/runs/{run.pk}/",
        f"/policies/pushes/enterprises/{push.enterprise_id}/",
        f"/api/policies/{policy.pk}",
        f"/api/policies/{policy.pk}/rules",
        f"/api/policies/{policy.pk}/explain/{first.uscc}",
        f"/api/policies/runs/{run.pk}",
        f"/api/policies/matches?policy={policy.pk}",
    ]
    assert_flat_queries(
        client,
        pages,
        grow=lambda: _results(policy, 12),
        # The first read after a change rebuilds the stale policy's tallies (7 queries).
        max_queries=24,
        assert_max=django_assert_max_num_queries,
    )
