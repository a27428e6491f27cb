"""Pushing after a run: one digest per enterprise per run, only new eligible pairs."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from qstrong.accounts.tests.factories import enterprise_user
from qstrong.policies.models import Outcome, Push, PushDigest, PushEvent
from qstrong.policies.pushing import pushes_send_for_run
from qstrong.policies.tests.factories import (
    MatchResultFactory,
    MatchRunFactory,
    published_policy,
)
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _rule(**policy_fields: Any) -> Any:
    return published_policy(**policy_fields).rules.get()


def test_one_digest_per_enterprise_per_run_with_one_push_per_policy() -> None:
    # given two enterprises: one eligible for two policies, the other for one (and one needs data)
    first, second = EnterpriseFactory(), EnterpriseFactory()
    user = enterprise_user(first)
    user.email = "boss@example.cn"
    user.save()
    rule_a, rule_b = _rule(code="P-A"), _rule(code="P-B")
    run = MatchRunFactory()
    MatchResultFactory(rule=rule_a, enterprise=first, run=run)
    MatchResultFactory(rule=rule_b, enterprise=first, run=run)
    MatchResultFactory(rule=rule_a, enterprise=second, run=run)
    MatchResultFactory(
        rule=rule_b,
        enterprise=second,
        run=run,
        outcome=Outcome.NEEDS_DATA,
        missing_fields=["revenue"],
    )

    # when the run pushes
    created = pushes_send_for_run(run=run)

    # then three pushes, two digests, one email (the second enterprise has no user with an email)
    assert created == 3
    assert PushDigest.objects.filter(run=run).count() == 2
    assert Push.objects.filter(enterprise=first).count() == 2
    assert not Push.objects.filter(enterprise=second, policy=rule_b.policy).exists()
    assert PushEvent.objects.filter(to_state="sent", from_state="").count() == 3
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["boss@example.cn"]
    assert "P-A" in mail.outbox[0].body and "P-B" in mail.outbox[0].body
    digest = PushDigest.objects.get(enterprise=first)
    assert digest.emailed_at is not None
    run.refresh_from_db()
    assert run.pushes_count == 3


def test_a_second_run_pushes_only_new_matches() -> None:
    # given an enterprise already pushed one policy
    enterprise = EnterpriseFactory()
    rule_a = _rule(code="P-A")
    first_run = MatchRunFactory()
    MatchResultFactory(rule=rule_a, enterprise=enterprise, run=first_run)
    assert pushes_send_for_run(run=first_run) == 1

    # when a later run finds the same pair plus a new policy
    second_run = MatchRunFactory()
    rule_b = _rule(code="P-B")
    MatchResultFactory(rule=rule_b, enterprise=enterprise, run=second_run)
    created = pushes_send_for_run(run=second_run)

    # then only the new policy is pushed, in a new digest; running again pushes nothing
    assert created == 1
    digest = PushDigest.objects.get(run=second_run)
    assert list(digest.pushes.values_list("policy__code", flat=True)) == ["P-B"]
    assert pushes_send_for_run(run=second_run) == 0
