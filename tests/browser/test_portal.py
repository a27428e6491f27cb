"""Browser: an enterprise user sees a push, opens it, reads why, claims it; officers see coverage;
anyone uses the policy calculator."""

from __future__ import annotations

from typing import Any

import pytest

from qstrong.accounts.tests.factories import PASSWORD, enterprise_user, province_planner
from qstrong.policies.models import Delivery, Outcome, Push
from qstrong.policies.pushing import pushes_send_for_run
from qstrong.policies.tests.factories import MatchResultFactory, MatchRunFactory, published_policy
from qstrong.registry.tests.factories import EnterpriseFactory
from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RULE = {
    "all": [
        {"field": "region", "op": "within", "value": "140100"},
        {"field": "employees", "op": "ge", "value": 20},
    ]
}


def _setup() -> Push:
    policy = published_policy(
        code="QS-2025-01",
        title="质量提升快享奖励",
        delivery=Delivery.FAST,
        rule=RULE,
        summary="对太原市从业人员 20 人以上的企业给予质量提升奖励。",
        claim_where="山西政务服务网“惠享晋在线”",
        claim_contact="0351-1234567 张科长",
    )
    published_policy(
        code="QS-2025-02",
        title="认证提升补助",
        rule={"field": "certifications", "op": "contains", "value": "ISO9001"},
    )
    enterprise = EnterpriseFactory(name="清徐老陈醋酿造有限公司", employees=356)
    run = MatchRunFactory()
    MatchResultFactory(rule=policy.rules.get(), enterprise=enterprise, run=run)
    other = published_policy(code="QS-2025-03", title="标准化领跑者奖励")
    MatchResultFactory(
        rule=other.rules.get(),
        enterprise=enterprise,
        run=run,
        outcome=Outcome.NEEDS_DATA,
        missing_fields=["standards_led"],
    )
    pushes_send_for_run(run=run)
    return Push.objects.get(enterprise=enterprise)


def test_enterprise_opens_reads_why_and_claims(page: Any) -> None:
    push = _setup()
    user = enterprise_user(push.enterprise)
    log_in(page, user.username, PASSWORD)
    page.goto("/portal/")
    page.get_by_text("为您匹配到 1 项新的惠企政策").wait_for()
    assert page.get_by_test_id("push-state").first.inner_text() == "已推送"
    screenshot(page, "portal-home")

    page.get_by_role("link", name="质量提升快享奖励").click()
    page.get_by_test_id("explanation").wait_for()
    explanation = page.get_by_test_id("explanation").inner_text()
    assert "从业人员 ≥ 20人：是（实际 356人）" in explanation
    assert "地区 位于 太原市（140100）：是（实际 清徐县（140121））" in explanation
    assert page.get_by_test_id("push-state").first.inner_text() == "已阅读"
    screenshot(page, "portal-push-detail")

    page.get_by_test_id("push-action").click()
    page.get_by_text("已认领，主管部门将尽快办理兑现。").wait_for()
    assert page.get_by_test_id("push-state").first.inner_text() == "已认领"
    push.refresh_from_db()
    assert push.state == Push.State.CLAIMED


def test_officer_sees_coverage(page: Any) -> None:
    _setup()
    log_in(page, province_planner().username, PASSWORD)
    page.goto("/policies/coverage/")
    page.get_by_test_id("coverage-summary").wait_for()
    assert page.get_by_test_id("sum-eligible").inner_text() == "1"
    page.locator("#coverage-chart canvas").wait_for()
    screenshot(page, "portal-coverage")
    page.goto("/policies/pushes/")
    page.get_by_text("清徐老陈醋酿造有限公司").first.wait_for()
    screenshot(page, "portal-officer-pushes")


def test_calculator_without_login(page: Any) -> None:
    _setup()
    page.goto("/portal/calculator/")
    page.select_option("#id_region", "140121")
    page.fill("#id_employees", "35")
    page.get_by_role("button", name="计算").click()
    page.get_by_test_id("count-eligible").wait_for()
    # the 太原 reward and the standards reward (employees ≥ 20); not the ISO 9001 one
    assert page.get_by_test_id("count-eligible").inner_text() == "2"
    page.get_by_text("质量提升快享奖励").first.click()
    assert (
        "从业人员 ≥ 20人：是（实际 35人）" in page.get_by_test_id("verdict-QS-2025-01").inner_text()
    )
    screenshot(page, "portal-calculator")

    page.fill("#id_employees", "-5")
    page.get_by_role("button", name="计算").click()
    page.get_by_test_id("error-employees").wait_for()
    screenshot(page, "portal-calculator-error")
