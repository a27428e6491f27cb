"""A policy past its application deadline is not pushed, cannot be claimed, shows as closed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from qstrong.accounts.tests.factories import PASSWORD, enterprise_user, province_planner
from qstrong.policies.coverage import coverage_compute
from qstrong.policies.models import Delivery, Push
from qstrong.policies.pushing import push_apply, push_claim, pushes_send_for_run
from qstrong.policies.tests.factories import MatchResultFactory, MatchRunFactory, published_policy
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2025, 11, 30)


def _eligible(**policy_fields: object) -> tuple[object, object]:
    policy = published_policy(**policy_fields)
    enterprise = EnterpriseFactory()
    MatchResultFactory(rule=policy.rules.get(), enterprise=enterprise, run=MatchRunFactory())
    return policy, enterprise


def test_a_policy_past_its_deadline_is_not_pushed() -> None:
    # given an enterprise eligible for a policy whose applications closed on 2025-11-30
    policy, enterprise = _eligible(code="SXZL-2025-001", claim_deadline=DEADLINE)
    run = MatchRunFactory()

    # when pushes go out on 2026-12-04
    created = pushes_send_for_run(run=run, today=dt.date(2026, 12, 4))

    # then nothing is pushed
    assert created == 0
    assert not Push.objects.filter(policy=policy, enterprise=enterprise).exists()


def test_a_policy_is_pushed_up_to_and_on_its_deadline_day() -> None:
    policy, enterprise = _eligible(code="P-OPEN", claim_deadline=DEADLINE)

    created = pushes_send_for_run(run=MatchRunFactory(), today=DEADLINE)

    assert created == 1
    assert Push.objects.get(policy=policy).enterprise == enterprise


def test_a_policy_without_deadline_is_pushed_whenever() -> None:
    _eligible(code="P-NONE", claim_deadline=None)

    assert pushes_send_for_run(run=MatchRunFactory(), today=dt.date(2030, 1, 1)) == 1


@pytest.mark.parametrize("delivery", [Delivery.FAST, Delivery.APPLICATION])
def test_a_push_cannot_be_claimed_or_applied_for_after_the_deadline(delivery: str) -> None:
    # given a push sent before the deadline
    policy, enterprise = _eligible(code="P-LATE", claim_deadline=DEADLINE, delivery=delivery)
    pushes_send_for_run(run=MatchRunFactory(), today=dt.date(2025, 11, 1))
    push = Push.objects.get(policy=policy)
    step = push_claim if delivery == Delivery.FAST else push_apply

    # when the enterprise tries the day after the deadline
    with pytest.raises(ValidationError) as refused:
        step(push=push, actor=enterprise_user(enterprise), today=dt.date(2025, 12, 1))

    # then it is refused with the deadline named, and the push is unchanged
    assert "2025-11-30 截止" in refused.value.messages[0]
    assert Push.objects.get(pk=push.pk).state == Push.State.SENT
    # on the deadline day itself it still works
    done = step(push=push, actor=enterprise_user(enterprise), today=DEADLINE)
    assert done.state in {Push.State.CLAIMED, Push.State.APPLIED}


def _client(user: object) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def test_portal_and_policy_page_show_a_closed_policy_as_closed() -> None:
    # given a push of a policy whose deadline (2020-03-31) passed long ago, and one with none
    closed, enterprise = _eligible(
        code="P-CLOSED", title="已截止的奖励", claim_deadline=dt.date(2020, 3, 31)
    )
    pushes_send_for_run(run=MatchRunFactory(), today=dt.date(2020, 3, 1))
    push = Push.objects.get(policy=closed)
    client = _client(enterprise_user(enterprise))

    # when the enterprise opens its portal and the push
    home = client.get(reverse("portal:home")).content.decode()
    detail = client.get(reverse("portal:push_detail", args=[push.pk])).content.decode()

    # then both show it closed and offer no action
    assert 'data-testid="closed-badge"' in home
    assert "申兑已于 2020-03-31 截止" in detail
    assert 'data-testid="push-action"' not in detail
    # and a claim posted anyway is refused
    client.post(reverse("portal:push_apply", args=[push.pk]))
    assert Push.objects.get(pk=push.pk).state == Push.State.READ
    # the officers' policy page says so too
    page = _client(province_planner()).get(reverse("policies:policy_detail", args=[closed.pk]))
    assert 'data-testid="policy-closed"' in page.content.decode()


def test_open_policy_has_no_closed_marks() -> None:
    policy, enterprise = _eligible(code="P-OPEN2", claim_deadline=None)
    pushes_send_for_run(run=MatchRunFactory(), today=dt.date(2025, 1, 1))
    push = Push.objects.get(policy=policy)
    detail = _client(enterprise_user(enterprise)).get(reverse("portal:push_detail", args=[push.pk]))
    assert 'data-testid="policy-closed"' not in detail.content.decode()
    assert 'data-testid="push-action"' in detail.content.decode()


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def test_coverage_stops_at_the_deadline() -> None:
    # given a policy closed 2025-11-30: one push before it, one (an old bug's) after it
    policy = published_policy(code="P-COV", claim_deadline=DEADLINE)
    rule = policy.rules.get()
    before, after = EnterpriseFactory(), EnterpriseFactory()
    for enterprise in (before, after):
        MatchResultFactory(rule=rule, enterprise=enterprise, matched_at=_at(dt.date(2025, 10, 1)))
    Push.objects.create(
        policy=policy, enterprise=before, rule=rule, state="sent", sent_at=_at(dt.date(2025, 11, 2))
    )
    Push.objects.create(
        policy=policy, enterprise=after, rule=rule, state="sent", sent_at=_at(dt.date(2026, 12, 4))
    )
    planner = province_planner()

    # when coverage is computed overall and for a period after the deadline
    overall = coverage_compute(user=planner).overall
    december = coverage_compute(
        user=planner, start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 31)
    ).overall

    # then the late push is not reach, and a period after the deadline has nothing of the policy
    assert (overall.eligible, overall.pushed, overall.unreached) == (2, 1, 1)
    assert (december.eligible, december.pushed, december.reached) == (0, 0, 0)
