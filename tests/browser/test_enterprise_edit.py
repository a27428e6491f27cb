"""Editing an enterprise in headless Chromium: the form, a chain membership, the history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from qstrong.accounts.tests.factories import PASSWORD, county_officer_qingxu
from qstrong.registry.tests.factories import (
    ChainFactory,
    ChainMemberFactory,
    EnterpriseFactory,
    SegmentFactory,
    TownFactory,
    make_uscc,
)
from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_county_officer_edits_employees_and_a_chain_membership(page: Any) -> None:
    # Given a county officer in 清徐 and an enterprise of 清徐 on the vinegar chain
    officer = county_officer_qingxu()
    chain = ChainFactory(code="vinegar", name="醋产业链")
    SegmentFactory(chain=chain, name="高粱种植", position=1)
    brewing = SegmentFactory(chain=chain, name="食醋酿造", position=2)
    medicine = ChainFactory(code="medicine", name="现代医药")
    SegmentFactory(chain=medicine, name="中药材种植", position=1)
    TownFactory(code="mengfeng", name="清徐县孟封镇", county_id="140121")
    enterprise = EnterpriseFactory(
        uscc=make_uscc(1),
        name="清徐老陈醋有限公司",
        industry_id="C1462",
        employees=50,
        revenue=Decimal("1200"),
        scale="small",
        tags=["time_honoured"],
        certifications=["ISO9001"],
    )
    ChainMemberFactory(enterprise=enterprise, chain=chain, role="supplier", segment=None)

    # When they open it, choose 编辑, change the headcount and make it the chain's leader
    log_in(page, officer.username, PASSWORD)
    page.goto(f"/registry/enterprises/{enterprise.pk}/")
    page.click("[data-testid=enterprise-edit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "编辑：清徐老陈醋有限公司"
    page.fill("input[name=employees]", "86")
    page.select_option("select[name=chains-0-role]", "leader")
    # Only the chosen chain's segments are offered
    segment = page.locator("select[name=chains-0-segment]")
    offered = segment.locator("option:not([hidden])").all_inner_texts()
    assert offered == ["未分环节", "高粱种植", "食醋酿造"]
    segment.select_option(str(brewing.pk))
    screenshot(page, "enterprise-edit-form")
    page.click("button[type=submit]:has-text('保存')")
    page.wait_for_load_state("networkidle")

    # Then the detail page shows the new values and the change in its history
    assert (
        page.locator(".alert-success").inner_text().strip() == "已保存“清徐老陈醋有限公司”的修改。"
    )
    profile = page.locator(".qs-profile").inner_text()
    assert "86" in profile
    chains = page.locator(".card:has-text('所属产业链') .list-group-item").inner_text()
    assert "醋产业链" in chains and "食醋酿造" in chains and "链主" in chains
    history = page.locator(".card:has-text('变更历史') tbody").first.inner_text()
    assert "从业人员" in history and "50" in history and "86" in history
    assert "醋产业链（配套）" in history and "醋产业链（链主 · 食醋酿造）" in history
    screenshot(page, "enterprise-edit-saved")
