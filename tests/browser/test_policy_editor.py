"""A planner builds a rule in the editor, previews, publishes; the enterprise page explains it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from qstrong.accounts.tests.factories import PASSWORD, province_planner
from qstrong.policies.models import Policy
from qstrong.registry.tests.factories import EnterpriseFactory, make_uscc
from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _enterprises() -> Any:
    """清徐: 50 employees (eligible), 10 (ineligible), none recorded (needs data); 太谷: 100."""
    eligible = EnterpriseFactory(name="清徐五十人企业", employees=50)
    EnterpriseFactory(name="清徐十人企业", employees=10)
    EnterpriseFactory(name="清徐未填人数企业", employees=None)
    EnterpriseFactory(
        name="太谷百人企业", region_id="140703", uscc=make_uscc(703, "140703"), employees=100
    )
    return eligible


def test_planner_builds_previews_publishes_and_the_enterprise_page_explains(page: Any) -> None:
    # given a planner and four enterprises
    planner = province_planner()
    eligible = _enterprises()
    log_in(page, planner.username, PASSWORD)

    # when the planner creates a policy, they land in the rule editor
    page.goto("/policies/new/")
    page.fill("input[name=code]", "QX-2025-01")
    page.fill("input[name=title]", "清徐县质量提升奖励")
    page.fill("input[name=issuer]", "清徐县市场监督管理局")
    page.fill("textarea[name=interpretation]", "鼓励规模以上企业开展质量提升。")
    page.get_by_role("button", name="创建并设置适用条件").click()
    expect(page.get_by_test_id("rule-tree")).to_be_visible()

    # the first condition: 地区 位于 清徐县, picked by searching its name
    first = page.get_by_test_id("condition").nth(0)
    first.get_by_test_id("field").select_option(label="地区")
    first.get_by_test_id("op").select_option(label="位于")
    picker = page.get_by_test_id("condition").nth(0).get_by_test_id("picker")
    picker.click()
    picker.fill("清徐")
    page.locator('.qs-picker-menu.show [data-value="140121"]').click()
    # the second: 从业人员 ≥ 20
    page.get_by_test_id("add-condition").last.click()
    second = page.get_by_test_id("condition").nth(1)
    second.get_by_test_id("field").select_option(label="从业人员")
    page.get_by_test_id("condition").nth(1).get_by_test_id("op").select_option(label="≥")
    page.get_by_test_id("condition").nth(1).get_by_test_id("value").fill("20")

    # then the rule reads back in Chinese and the preview counts the records above
    expect(page.get_by_test_id("rule-status")).to_contain_text("条件有效")
    description = page.get_by_test_id("rule-description")
    expect(description).to_contain_text("清徐县")
    expect(description).to_contain_text("从业人员")
    expect(page.get_by_test_id("preview-eligible")).to_have_text("1")
    expect(page.get_by_test_id("preview-needs_data")).to_have_text("1")
    expect(page.get_by_test_id("preview-ineligible")).to_have_text("2")
    expect(page.get_by_test_id("preview-missing")).to_contain_text("从业人员")
    expect(page.locator("#rule-preview [data-outcome=eligible] a")).to_have_text("清徐五十人企业")
    expect(page.get_by_test_id("rule-json")).to_have_value(
        '{\n  "all": [\n    {\n      "field": "region",\n      "op": "within",\n'
        '      "value": "140121"\n    },\n    {\n      "field": "employees",\n'
        '      "op": "ge",\n      "value": 20\n    }\n  ]\n}'
    )
    screenshot(page, "policy-editor")

    # an error shows next to the condition it belongs to, then goes away when fixed
    page.get_by_test_id("condition").nth(1).get_by_test_id("value").fill("")
    error = page.get_by_test_id("condition").nth(1).get_by_test_id("rule-error")
    expect(error).to_contain_text("缺少取值")
    screenshot(page, "policy-editor-error")
    page.get_by_test_id("condition").nth(1).get_by_test_id("value").fill("20")
    expect(page.get_by_test_id("rule-status")).to_contain_text("条件有效")

    # when they save the draft and publish it (confirming)
    # let the last validation and preview finish, so that saving is the only request in flight
    page.wait_for_load_state("networkidle")
    page.get_by_test_id("rule-save").click()
    expect(page.get_by_test_id("rule-text")).to_contain_text("清徐县")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("state-badge").first).to_have_text("已发布")
    policy = Policy.objects.get(code="QX-2025-01")
    assert policy.state == Policy.State.PUBLISHED
    assert policy.rules.get().rule == {
        "all": [
            {"field": "region", "op": "within", "value": "140121"},
            {"field": "employees", "op": "ge", "value": 20},
        ]
    }
    screenshot(page, "policy-detail")
    # publishing re-matched the policy in the background: the library and the runs page show it
    page.goto("/policies/")
    expect(page.get_by_test_id("result-count")).to_contain_text("1")
    screenshot(page, "policy-library")
    page.goto("/policies/runs/")
    expect(page.get_by_test_id("run-row")).to_have_count(1)
    screenshot(page, "policy-runs")

    # then the enterprise's page lists the policy as eligible, and its explanation says why
    page.goto(f"/registry/enterprises/{eligible.pk}/")
    panel = page.get_by_test_id("panel-eligible")
    expect(panel.get_by_test_id("panel-policy")).to_have_text("清徐县质量提升奖励", timeout=15_000)
    screenshot(page, "policy-enterprise-panel")
    panel.get_by_test_id("panel-policy").click()
    expect(page.get_by_test_id("outcome-badge")).to_have_text("符合条件")
    lines = page.get_by_test_id("explain-line")
    expect(lines).to_have_count(3)
    expect(lines.nth(2)).to_contain_text("实际 50")
    screenshot(page, "policy-explanation")


def test_pasted_json_rebuilds_the_tree_and_pickers_edit_it(page: Any) -> None:
    # given a draft policy without a rule
    planner = province_planner()
    policy = Policy.objects.create(code="JS-1", title="粘贴测试政策")
    log_in(page, planner.username, PASSWORD)
    page.goto(f"/policies/{policy.pk}/rule/")
    # a new rule starts with one condition still waiting for its value
    expect(page.get_by_test_id("rule-error")).to_have_text("缺少取值")

    # when a rule is pasted as JSON
    page.get_by_test_id("rule-json").fill(
        '{"any": [{"field": "industry", "op": "within", "value": ["C27"]},'
        ' {"not": {"field": "certifications", "op": "contains", "value": "ISO9001"}},'
        ' {"field": "established", "op": "between", "value": ["2010-01-01", "2020-12-31"]}]}'
    )
    # then the tree is rebuilt: an any-group, the industry chip named, a negation, two dates
    expect(page.get_by_test_id("condition")).to_have_count(3)
    expect(page.get_by_test_id("group-kind").first).to_have_value("any")
    expect(page.locator(".qs-chip").first).to_contain_text("C27 医药制造业")
    expect(page.get_by_test_id("unwrap")).to_have_count(1)
    third = page.get_by_test_id("condition").nth(2)
    expect(third.get_by_test_id("value-0")).to_have_value("2010-01-01")
    expect(third.get_by_test_id("value-1")).to_have_value("2020-12-31")
    expect(page.get_by_test_id("rule-status")).to_contain_text("条件有效")

    # when an industry is added by searching its name, the JSON follows
    picker = page.get_by_test_id("condition").nth(0).get_by_test_id("picker")
    picker.click()
    picker.fill("酒、饮料")
    page.locator('.qs-picker-menu.show [data-value="C15"]').click()
    expect(page.get_by_test_id("rule-json")).to_have_value(re.compile(r'"C27",\s+"C15"'))
    # and moving the last condition up reorders it
    page.get_by_test_id("condition").nth(2).get_by_test_id("move-up").click()
    expect(page.get_by_test_id("condition").nth(1).get_by_test_id("value-0")).to_have_value(
        "2010-01-01"
    )

    # saved, the editor speaks English when the officer chooses it
    # let the last validation and preview finish, so that saving is the only request in flight
    page.wait_for_load_state("networkidle")
    page.get_by_test_id("rule-save").click()
    expect(page.get_by_test_id("rule-text")).to_contain_text("医药制造业")
    page.get_by_role("button", name="English").click()
    page.goto(f"/policies/{policy.pk}/rule/")
    expect(page.get_by_test_id("rule-status")).to_contain_text("Rule is valid")
    expect(page.get_by_test_id("group-kind").first).to_contain_text("Any of the following")
    expect(page.get_by_test_id("preview-ineligible")).to_have_text("0")
    screenshot(page, "policy-editor-en")
