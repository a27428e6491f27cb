"""The enterprise portal costs the same queries with 2 pushed policies as with 14."""

from __future__ import annotations

from typing import Any

import pytest

from qstrong.accounts.tests.factories import enterprise_user
from qstrong.core.testing import assert_flat_queries
from qstrong.policies.models import Push
from qstrong.policies.tests.factories import MatchResultFactory, published_policy
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

COUNTER = {"n": 0}


def _pushed(enterprise: Any, count: int) -> None:
    for _ in range(count):
        COUNTER["n"] += 1
        policy = published_policy(code=f"P-{COUNTER['n']:03d}")
        rule = policy.rules.get()
        MatchResultFactory(rule=rule, enterprise=enterprise)
        Push.objects.create(policy=policy, enterprise=enterprise, rule=rule, state="sent")


def test_portal_does_not_grow_with_pushes(client: Any, django_assert_max_num_queries: Any) -> None:
    enterprise = EnterpriseFactory(region_id="140121")
    _pushed(enterprise, 2)
    push = Push.objects.order_by("pk")[0]
    client.force_login(enterprise_user(enterprise))
    client.get(f"/portal/policies/{push.pk}/")  # the first view marks the push read (writes)
    assert_flat_queries(
        client,
        ["/portal/", "/portal/calculator/", "/api/portal/pushes", f"/portal/policies/{push.pk}/"],
        grow=lambda: _pushed(enterprise, 12),
        max_queries=20,
        assert_max=django_assert_max_num_queries,
    )
