"""Scoped reads: published policies for everyone, drafts for planners, results by jurisdiction."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from qstrong.accounts.tests.factories import (
    city_officer_taiyuan,
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    leader,
    province_planner,
)
from qstrong.policies import selectors
from qstrong.policies.models import Policy
from qstrong.policies.tests.factories import MatchResultFactory, MatchRunFactory, published_policy
from qstrong.registry.tests.factories import EnterpriseFactory, make_uscc

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, object]:
    published = published_policy(code="PUB")
    draft = published_policy(code="DRAFT", state=Policy.State.DRAFT)
    withdrawn = published_policy(code="OLD", state=Policy.State.WITHDRAWN)
    qingxu = EnterpriseFactory(name="清徐企业", region_id="140121", uscc=make_uscc(1, "140121"))
    taigu = EnterpriseFactory(name="太谷企业", region_id="140703", uscc=make_uscc(2, "140703"))
    for enterprise in (qingxu, taigu):
        MatchResultFactory(rule=published.rules.get(), enterprise=enterprise)
        MatchResultFactory(rule=draft.rules.get(), enterprise=enterprise)
    return {
        "published": published,
        "draft": draft,
        "withdrawn": withdrawn,
        "qingxu": qingxu,
        "taigu": taigu,
    }


def codes(qs: object) -> list[str]:
    return [p.code for p in qs]  # type: ignore[attr-defined]


def test_policies_visible_by_role(world: dict[str, object]) -> None:
    assert codes(selectors.policies_visible(user=province_planner())) == ["DRAFT", "OLD", "PUB"]
    assert codes(selectors.policies_visible(user=county_officer_qingxu())) == ["PUB"]
    assert codes(selectors.policies_visible(user=leader())) == ["PUB"]
    assert codes(selectors.policies_visible(user=enterprise_user(world["qingxu"]))) == ["PUB"]
    assert codes(selectors.policies_visible(user=AnonymousUser())) == []


def test_a_draft_is_404_to_an_officer(world: dict[str, object]) -> None:
    draft = world["draft"]
    with pytest.raises(Http404):
        selectors.policy_detail(user=county_officer_qingxu(), pk=draft.pk)  # type: ignore[attr-defined]
    assert selectors.policy_detail(user=province_planner(), pk=draft.pk) == draft  # type: ignore[attr-defined]


def test_results_for_policy_by_jurisdiction(world: dict[str, object]) -> None:
    published = world["published"]

    def names(user: object) -> list[str]:
        return [
            r.enterprise.name for r in selectors.results_for_policy(user=user, policy=published)
        ]  # type: ignore[arg-type]

    assert names(province_planner()) == ["清徐企业", "太谷企业"]
    assert names(city_officer_taiyuan()) == ["清徐企业"]
    assert names(county_officer_qingxu()) == ["清徐企业"]
    assert names(county_officer_taigu()) == ["太谷企业"]
    assert names(enterprise_user(world["qingxu"])) == ["清徐企业"]


def test_another_countys_officer_sees_none_of_the_results(world: dict[str, object]) -> None:
    taigu_officer = county_officer_taigu()
    qingxu = world["qingxu"]
    assert list(selectors.results_for_enterprise(user=taigu_officer, enterprise=qingxu)) == []  # type: ignore[arg-type]
    assert [r.enterprise_id for r in selectors.results_visible(user=taigu_officer)] == [
        world["taigu"].pk
    ]  # type: ignore[attr-defined]


def test_results_for_enterprise_hide_drafts_from_officers(world: dict[str, object]) -> None:
    qingxu = world["qingxu"]
    officer = [
        r.policy.code
        for r in selectors.results_for_enterprise(user=county_officer_qingxu(), enterprise=qingxu)
    ]  # type: ignore[arg-type]
    planner = [
        r.policy.code
        for r in selectors.results_for_enterprise(user=province_planner(), enterprise=qingxu)
    ]  # type: ignore[arg-type]
    assert (officer, sorted(planner)) == (["PUB"], ["DRAFT", "PUB"])


def test_runs_visible(world: dict[str, object]) -> None:
    full = MatchRunFactory(as_of="2025-01-01")
    qingxu_run = MatchRunFactory(scope="enterprise", enterprise=world["qingxu"])
    taigu_run = MatchRunFactory(scope="enterprise", enterprise=world["taigu"])
    mine = {full, qingxu_run, taigu_run}
    assert set(selectors.runs_visible(user=county_officer_qingxu())) & mine == {full, qingxu_run}
    assert set(selectors.runs_visible(user=leader())) & mine == mine
    assert list(selectors.runs_visible(user=enterprise_user(world["qingxu"]))) == []
