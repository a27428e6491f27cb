"""Push.region: the enterprise's county copied onto its pushes for the county list (ADR 0019)."""

from __future__ import annotations

import pytest

from qstrong.accounts.tests.factories import (
    county_officer_qingxu,
    county_officer_taigu,
    province_planner,
)
from qstrong.policies.models import Delivery, Push
from qstrong.policies.pushing import (
    grants_confirm,
    push_regions_follow,
    push_search,
    pushes_send_for_run,
)
from qstrong.policies.tests.factories import MatchResultFactory, MatchRunFactory, published_policy
from qstrong.registry.models import Enterprise
from qstrong.registry.signals import enterprise_changed, registry_imported
from qstrong.registry.tests.factories import EnterpriseFactory, make_uscc

pytestmark = pytest.mark.django_db

QINGXU, TAIGU = "140121", "140703"


def test_every_way_a_push_is_made_copies_the_enterprise_region() -> None:
    qingxu = EnterpriseFactory(uscc=make_uscc(1, QINGXU), region_id=QINGXU)
    taigu = EnterpriseFactory(uscc=make_uscc(2, TAIGU), region_id=TAIGU)
    policy = published_policy(code="AUTO-R", delivery=Delivery.AUTOMATIC)
    rule = policy.rules.get()
    run = MatchRunFactory()
    MatchResultFactory(rule=rule, enterprise=qingxu, run=run)

    pushes_send_for_run(run=run)  # the bulk pusher (INSERT … SELECT)
    MatchResultFactory(rule=rule, enterprise=taigu, run=run)
    grants_confirm(policy=policy, actor=province_planner())  # 免申即享 creates the missing push
    other = published_policy(code="ONE-R").rules.get()
    Push.objects.create(policy=other.policy, enterprise=taigu, rule=other)  # Push.save

    regions = set(Push.objects.values_list("enterprise_id", "policy__code", "region"))
    assert regions == {
        (qingxu.pk, "AUTO-R", QINGXU),
        (taigu.pk, "AUTO-R", TAIGU),
        (taigu.pk, "ONE-R", TAIGU),
    }


def _moved_enterprise_with_push() -> tuple[Enterprise, Push]:
    enterprise = EnterpriseFactory(uscc=make_uscc(3, QINGXU), region_id=QINGXU)
    rule = published_policy(code="MOVE").rules.get()
    push = Push.objects.create(policy=rule.policy, enterprise=enterprise, rule=rule)
    Enterprise.objects.filter(pk=enterprise.pk).update(region_id=TAIGU)
    return enterprise, push


def test_an_edited_enterprise_takes_its_pushes_to_its_new_county() -> None:
    enterprise, push = _moved_enterprise_with_push()

    enterprise_changed.send(sender=Enterprise, enterprise_id=enterprise.pk)

    push.refresh_from_db()
    assert push.region == TAIGU
    assert [p.pk for p in push_search(user=county_officer_taigu())] == [push.pk]
    assert list(push_search(user=county_officer_qingxu())) == []


def test_an_import_moves_every_moved_enterprise_pushes_at_once() -> None:
    _, push = _moved_enterprise_with_push()
    stay = EnterpriseFactory(uscc=make_uscc(4, QINGXU), region_id=QINGXU)
    rule = published_policy(code="STAY").rules.get()
    kept = Push.objects.create(policy=rule.policy, enterprise=stay, rule=rule)

    registry_imported.send(sender=Enterprise, batch=None, actor=None)

    assert dict(Push.objects.values_list("pk", "region")) == {push.pk: TAIGU, kept.pk: QINGXU}
    assert push_regions_follow() == 0  # nothing left to move


def test_a_stale_copy_hides_a_push_but_never_shows_it_to_another_county() -> None:
    _, push = _moved_enterprise_with_push()  # its copy still says 清徐

    assert list(push_search(user=county_officer_qingxu())) == []  # the enterprise decides
    assert list(push_search(user=county_officer_taigu())) == []  # hidden until it follows
    assert list(push_search(user=province_planner())) == [push]
