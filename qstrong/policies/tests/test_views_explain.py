"""Explanations and the enterprise page's policy panel; the rule editor page and its saving."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qstrong.accounts.tests.factories import (
    PASSWORD,
    county_officer_qingxu,
    county_officer_taigu,
    province_planner,
)
from qstrong.policies.models import Policy, PolicyRule
from qstrong.policies.tests.factories import (
    ISO9001_RULE,
    PolicyFactory,
    PolicyRuleFactory,
    published_policy,
)
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_explain_eligible_shows_each_condition_with_the_actual_value() -> None:
    # given a policy "employees ≥ 20" and an enterprise with 50 employees
    policy = published_policy(code="X-1")
    enterprise = EnterpriseFactory(name="五十人企业", employees=50)
    # when the 清徐 officer opens the explanation
    response = client_for(county_officer_qingxu()).get(
        reverse("policies:explain", args=[policy.pk, enterprise.pk])
    )
    body = response.content.decode()
    # then it is eligible, by rule version 1, and the line names the actual value
    assert response.status_code == 200
    assert response.context["outcome"] == "eligible"
    assert response.context["rule"].version == 1
    assert "符合条件" in body
    assert [line["text"] for line in response.context["lines"]] == ["从业人员 ≥ 20：是（实际 50）"]


def test_explain_ineligible_shows_the_near_miss() -> None:
    policy = published_policy(code="X-2", rule=ISO9001_RULE)
    enterprise = EnterpriseFactory(certifications=["ISO14001"])
    response = client_for(province_planner()).get(
        reverse("policies:explain", args=[policy.pk, enterprise.pk])
    )
    assert response.context["outcome"] == "ineligible"
    assert response.context["near_miss"] == "缺少 ISO9001 认证"
    assert "缺少 ISO9001 认证" in response.content.decode()


def test_explain_needs_data_lists_the_fields_to_collect() -> None:
    policy = published_policy(code="X-3", rule=ISO9001_RULE)
    enterprise = EnterpriseFactory(certifications=None)
    response = client_for(province_planner()).get(
        reverse("policies:explain", args=[policy.pk, enterprise.pk])
    )
    assert response.context["outcome"] == "needs_data"
    assert response.context["missing_labels"] == ["认证"]
    assert "需要补充的信息" in response.content.decode()


def test_explain_is_404_for_an_officer_of_another_county() -> None:
    policy = published_policy(code="X-4")
    enterprise = EnterpriseFactory()
    response = client_for(county_officer_taigu()).get(
        reverse("policies:explain", args=[policy.pk, enterprise.pk])
    )
    assert response.status_code == 404


def test_enterprise_panel_groups_policies_by_outcome() -> None:
    # given three published policies and a draft; the enterprise has 50 employees, no certificates
    eligible = published_policy(code="PA-1", title="人数政策")
    ineligible = published_policy(
        code="PA-2", title="大企业政策", rule={"field": "employees", "op": "ge", "value": 1000}
    )
    unknown = published_policy(code="PA-3", title="认证政策", rule=ISO9001_RULE)
    draft = PolicyFactory(code="PA-4", title="草稿政策", state=Policy.State.DRAFT)
    PolicyRuleFactory(policy=draft)
    enterprise = EnterpriseFactory(employees=50, certifications=None)
    # when the officer's page loads the panel
    response = client_for(county_officer_qingxu()).get(
        reverse("policies:enterprise_panel", args=[enterprise.pk])
    )
    # then each published policy sits under its outcome, with a link to its explanation
    sections = {
        s["outcome"]: [item["policy"].code for item in s["policies"]]
        for s in response.context["sections"]
    }
    assert sections == {"eligible": ["PA-1"], "needs_data": ["PA-3"], "ineligible": ["PA-2"]}
    body = response.content.decode()
    for policy in (eligible, ineligible, unknown):
        assert reverse("policies:explain", args=[policy.pk, enterprise.pk]) in body
    assert "草稿政策" not in body
    assert "需补充：认证" in body
    # and the officer can go on to the enterprise's pushes and grants
    assert reverse("policies:push_enterprise", args=[enterprise.pk]) in body


def test_enterprise_panel_is_404_for_an_officer_of_another_county() -> None:
    enterprise = EnterpriseFactory()
    response = client_for(county_officer_taigu()).get(
        reverse("policies:enterprise_panel", args=[enterprise.pk])
    )
    assert response.status_code == 404


def test_enterprise_page_includes_the_lazy_panel() -> None:
    enterprise = EnterpriseFactory()
    body = (
        client_for(county_officer_qingxu())
        .get(reverse("registry:enterprise_detail", args=[enterprise.pk]))
        .content.decode()
    )
    assert reverse("policies:enterprise_panel", args=[enterprise.pk]) in body


def test_rule_editor_page_carries_its_data_as_json_script() -> None:
    policy = PolicyFactory(code="ED-1", state=Policy.State.DRAFT)
    PolicyRuleFactory(policy=policy, rule={"field": "industry", "op": "within", "value": "C27"})
    response = client_for(province_planner()).get(reverse("policies:rule_editor", args=[policy.pk]))
    body = response.content.decode()
    assert 'id="rule-editor-config"' in body
    assert "<script>" not in body  # CSP: no inline script
    config = response.context["config"]
    assert config["rule"] == {"field": "industry", "op": "within", "value": "C27"}
    assert config["industry_labels"] == {"C27": "医药制造业"}
    fields = {f["name"]: f for f in config["fields"]}
    assert fields["employees"]["label"] == "从业人员"
    assert fields["employees"]["unit"] == "人"
    assert fields["scale"]["choices"][0] == ["large", "大型"]
    assert any(r["code"] == "140121" and r["name"] == "清徐县" for r in config["regions"])


def test_saving_a_draft_rule_replaces_its_version() -> None:
    policy = PolicyFactory(code="ED-2", state=Policy.State.DRAFT)
    PolicyRuleFactory(policy=policy)
    response = client_for(province_planner()).post(
        reverse("policies:rule_editor", args=[policy.pk]),
        {"rule": json.dumps(ISO9001_RULE)},
    )
    assert response.status_code == 302
    assert list(policy.rules.values_list("version", "rule")) == [(1, ISO9001_RULE)]


def test_editing_a_published_rule_makes_a_dated_version(
    django_capture_on_commit_callbacks: Any,
) -> None:
    policy = published_policy(code="ED-3")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(province_planner()).post(
            reverse("policies:rule_editor", args=[policy.pk]),
            {"rule": json.dumps(ISO9001_RULE), "applies_from": "2025-07-01", "note": "加认证要求"},
        )
    latest = PolicyRule.objects.filter(policy=policy).order_by("-version").first()
    assert latest is not None
    assert (latest.version, latest.applies_from.isoformat(), latest.note) == (
        2,
        "2025-07-01",
        "加认证要求",
    )


def test_a_published_rule_needs_its_applies_from_date() -> None:
    policy = published_policy(code="ED-4")
    response = client_for(province_planner()).post(
        reverse("policies:rule_editor", args=[policy.pk]), {"rule": json.dumps(ISO9001_RULE)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["applies_from"] == ["这个字段是必填项。"]
    assert policy.rules.count() == 1


def test_an_invalid_rule_is_refused_with_its_path() -> None:
    policy = PolicyFactory(code="ED-5", state=Policy.State.DRAFT)
    bad = {"all": [{"field": "employees", "op": "ge", "value": "x"}]}
    response = client_for(province_planner()).post(
        reverse("policies:rule_editor", args=[policy.pk]), {"rule": json.dumps(bad)}
    )
    assert response.status_code == 200
    assert response.context["rule_errors"] == ["all[0].value: 应为整数"]
    assert response.context["config"]["rule"] == bad
    assert policy.rules.count() == 0
