"""Pushing after a run: one digest per enterprise per run, only new eligible pairs."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from qstrong.accounts.tests.factories import (
    city_officer_taiyuan,
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    leader,
    province_planner,
)
from qstrong.policies.models import Delivery, Outcome, PolicyEvent, Push, PushDigest, PushEvent
from qstrong.policies.pushing import (
    grants_confirm,
    push_apply,
    push_claim,
    push_decline,
    push_grant,
    push_read,
    pushes_send_for_run,
)
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


# Transitions ----------------------------------------------------------------------------------


def _pushed(*, delivery: str = Delivery.APPLICATION, region: str = "140121") -> Push:
    enterprise = EnterpriseFactory(region_id=region)
    run = MatchRunFactory()
    MatchResultFactory(rule=_rule(delivery=delivery), enterprise=enterprise, run=run)
    pushes_send_for_run(run=run)
    return Push.objects.select_related("policy", "enterprise").get(enterprise=enterprise)


def _trail(push: Push) -> list[tuple[str, str, str | None]]:
    return [
        (e.from_state, e.to_state, e.actor.username if e.actor else None)
        for e in push.events.order_by("at", "id")
    ]


def test_enterprise_reads_then_applies_and_the_county_grants() -> None:
    # given a push of an ordinary-application policy to a 清徐 enterprise
    push = _pushed()
    owner = enterprise_user(push.enterprise)
    officer = county_officer_qingxu()

    # when the enterprise opens it twice, applies, and the county officer grants it
    push = push_read(push=push, actor=owner)
    push = push_read(push=push, actor=owner)
    push = push_apply(push=push, actor=owner, comment="已提交材料")
    push = push_grant(push=push, actor=officer, comment="材料齐全")

    # then the push is granted, every step stamped and recorded once, with its actor
    assert push.state == Push.State.GRANTED
    assert push.read_at and push.claimed_at and push.decided_at
    assert push.digest is not None and PushDigest.objects.get(pk=push.digest_id).read_at
    owner_name = owner.username
    assert _trail(push) == [
        ("", "sent", None),
        ("sent", "read", owner_name),
        ("read", "applied", owner_name),
        ("applied", "granted", "qingxu"),
    ]
    assert push.events.get(to_state="granted").comment == "材料齐全"


def test_claim_is_for_automatic_and_fast_policies_apply_for_ordinary_ones() -> None:
    # given a 快申快享 push and an ordinary one
    fast = _pushed(delivery=Delivery.FAST)
    ordinary = _pushed()

    # when each enterprise uses the wrong action, then a clear error and nothing changes
    with pytest.raises(ValidationError, match="快申快享"):
        push_apply(push=fast, actor=enterprise_user(fast.enterprise))
    with pytest.raises(ValidationError, match="普通申报"):
        push_claim(push=ordinary, actor=enterprise_user(ordinary.enterprise))
    # and the right action works straight from sent (reading is implied)
    claimed = push_claim(push=fast, actor=enterprise_user(fast.enterprise))
    assert claimed.state == Push.State.CLAIMED and claimed.read_at is not None
    assert Push.objects.get(pk=ordinary.pk).state == Push.State.SENT


def test_illegal_transitions_are_refused_with_a_clear_message() -> None:
    push = _pushed()
    owner = enterprise_user(push.enterprise)
    officer = county_officer_qingxu()
    # granting before the enterprise applied
    with pytest.raises(ValidationError, match="当前状态为“已推送”，不能变更为“已兑现”"):
        push_grant(push=push, actor=officer)
    push_apply(push=push, actor=owner)
    # applying twice
    with pytest.raises(ValidationError, match="当前状态为“已申报”"):
        push_apply(push=push, actor=owner)
    # declining without a reason
    with pytest.raises(ValidationError):
        push_decline(push=push, actor=officer, comment=" ")
    declined = push_decline(push=push, actor=officer, comment="不符合申报时限")
    assert declined.state == Push.State.DECLINED
    # nothing after a decision
    with pytest.raises(ValidationError, match="未获批"):
        push_grant(push=declined, actor=officer)
    assert Push.objects.get(pk=push.pk).state == Push.State.DECLINED


@pytest.mark.parametrize(
    "persona", ["taigu", "leader", "other_enterprise", "own_enterprise_deciding"]
)
def test_who_may_not_decide(persona: str) -> None:
    # given an applied push in 清徐
    push = _pushed()
    push_apply(push=push, actor=enterprise_user(push.enterprise))
    actor = {
        "taigu": county_officer_taigu,
        "leader": leader,
        "other_enterprise": lambda: enterprise_user(EnterpriseFactory()),
        "own_enterprise_deciding": lambda: enterprise_user(push.enterprise),
    }[persona]()
    # when they try to grant, then they are refused and the push is unchanged
    with pytest.raises(PermissionDenied):
        push_grant(push=push, actor=actor)
    assert Push.objects.get(pk=push.pk).state == Push.State.APPLIED


@pytest.mark.parametrize("persona", ["qingxu", "other_enterprise"])
def test_only_the_enterprise_itself_reads_and_claims(persona: str) -> None:
    push = _pushed(delivery=Delivery.FAST)
    actor = county_officer_qingxu() if persona == "qingxu" else enterprise_user(EnterpriseFactory())
    with pytest.raises(PermissionDenied):
        push_read(push=push, actor=actor)
    with pytest.raises(PermissionDenied):
        push_claim(push=push, actor=actor)
    assert Push.objects.get(pk=push.pk).state == Push.State.SENT


def test_city_and_province_officers_decide_in_their_jurisdiction() -> None:
    first, second = _pushed(), _pushed()
    for push in (first, second):
        push_apply(push=push, actor=enterprise_user(push.enterprise))
    assert push_grant(push=first, actor=city_officer_taiyuan()).state == Push.State.GRANTED
    assert push_grant(push=second, actor=province_planner()).state == Push.State.GRANTED


# 免申即享 ------------------------------------------------------------------------------------


def test_grants_confirm_grants_every_eligible_enterprise_once() -> None:
    # given a 免申即享 policy: three eligible enterprises (one pushed and read, one pushed and
    # already declined, one never pushed) and one that needs data
    policy = published_policy(code="AUTO-1", delivery=Delivery.AUTOMATIC)
    rule = policy.rules.get()
    read_one, declined_one, unpushed, unknown = (EnterpriseFactory() for _ in range(4))
    run = MatchRunFactory()
    for enterprise in (read_one, declined_one):
        MatchResultFactory(rule=rule, enterprise=enterprise, run=run)
    pushes_send_for_run(run=run)
    push_read(push=Push.objects.get(enterprise=read_one), actor=enterprise_user(read_one))
    declined = Push.objects.get(enterprise=declined_one)
    push_claim(push=declined, actor=enterprise_user(declined_one))
    push_decline(push=declined, actor=county_officer_qingxu(), comment="已注销")
    MatchResultFactory(rule=rule, enterprise=unpushed, run=run)
    MatchResultFactory(
        rule=rule, enterprise=unknown, run=run, outcome=Outcome.NEEDS_DATA, missing_fields=["tags"]
    )
    planner = province_planner()

    # when the province planner confirms
    granted = grants_confirm(policy=policy, actor=planner, comment="2025年第一批")

    # then the two open eligible pairs are granted, the declined one stays, needs-data gets nothing
    assert granted == 2
    states = dict(Push.objects.filter(policy=policy).values_list("enterprise_id", "state"))
    assert states == {read_one.pk: "granted", declined_one.pk: "declined", unpushed.pk: "granted"}
    event = PolicyEvent.objects.get(policy=policy, kind=PolicyEvent.Kind.GRANT_CONFIRMED)
    assert event.actor == planner and event.data == {"granted": 2, "pushes_created": 1}
    assert _trail(Push.objects.get(enterprise=unpushed)) == [
        ("", "sent", "province"),
        ("sent", "granted", "province"),
    ]
    assert Push.objects.get(enterprise=read_one).events.last().comment == "2025年第一批"
    # and confirming again grants nothing more
    assert grants_confirm(policy=policy, actor=planner) == 0


def test_grants_confirm_needs_the_province_and_an_automatic_policy() -> None:
    automatic = published_policy(code="AUTO-2", delivery=Delivery.AUTOMATIC)
    ordinary = published_policy(code="APP-2")
    for actor in (county_officer_qingxu(), city_officer_taiyuan(), leader()):
        with pytest.raises(PermissionDenied):
            grants_confirm(policy=automatic, actor=actor)
    with pytest.raises(ValidationError, match="免申即享"):
        grants_confirm(policy=ordinary, actor=province_planner())
    assert not PolicyEvent.objects.filter(kind=PolicyEvent.Kind.GRANT_CONFIRMED).exists()
