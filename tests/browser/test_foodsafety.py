"""Food-safety routine in headless Chromium: record a check with an issue, see it, fix it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from qstrong.accounts.tests.factories import PASSWORD, county_officer_qingxu, enterprise_user
from qstrong.foodsafety.gaps import Period, due_days
from qstrong.foodsafety.models import Issue
from qstrong.foodsafety.tests.factories import enrol, food_enterprise, risk_item
from qstrong.registry.demo import loader
from qstrong.registry.demo.accounts import DEMO_PASSWORD
from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def log_out(page: Any) -> None:
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state("networkidle")


def test_record_check_with_issue_officer_sees_it_enterprise_fixes_it(
    page: Any, tmp_path: Path, today: dt.date
) -> None:
    # Given a 清徐 黄酒 maker enrolled ten days ago with a risk list, its user, its county officer
    wine = food_enterprise(name="清徐示例黄酒有限公司")
    enrolled_on = today - dt.timedelta(days=10)
    enrol(wine, on=enrolled_on, officer="李安全员")
    risk_item(wine, "发酵温度")
    risk_item(wine, "标签标识", frequency="batch")
    user = enterprise_user(wine)
    officer = county_officer_qingxu()

    # When the enterprise user opens 我的日管控 and records today's check with one issue
    log_in(page, user.username, PASSWORD)
    page.get_by_test_id("nav-foodsafety").click()
    page.get_by_test_id("daily-new").click()
    page.select_option("select[name=issue_1_risk]", label="发酵温度")
    page.fill("input[name=issue_1_description]", "2 号罐品温 33℃，未及时开耙")
    screenshot(page, "foodsafety-daily-form")
    page.get_by_role("button", name="保存检查记录").click()
    page.wait_for_load_state("networkidle")

    # Then the routine page shows the issue to fix
    assert "发现 1 个问题" in page.locator("#qs-messages").inner_text()
    assert page.get_by_test_id("issue-row").count() == 1
    screenshot(page, "foodsafety-routine-enterprise")
    log_out(page)

    # When the county officer opens the overview
    log_in(page, officer.username, PASSWORD)
    page.get_by_test_id("nav-foodsafety").click()
    page.wait_for_load_state("networkidle")
    # Then the enterprise is in this month's gap list: every day before today since the later of
    # its enrolment and the 1st is missing (none on the 1st of a month), and one issue is open
    row = page.get_by_test_id("gap-row").filter(has_text="清徐示例黄酒有限公司")
    assert row.count() == 1
    month = Period.month(today.year, today.month)
    due = due_days(enrolled_on=enrolled_on, period=month, today=today)
    assert row.locator("td").nth(2).inner_text().split() == [str(len(due)), "/", str(len(due))]
    assert row.locator("td").nth(6).inner_text().split()[-2:] == ["/", "1"]
    screenshot(page, "foodsafety-overview")
    row.get_by_role("link", name="清徐示例黄酒有限公司").click()
    page.wait_for_load_state("networkidle")
    assert "2 号罐品温 33℃" in page.get_by_test_id("routine-issues").inner_text()
    log_out(page)

    # When the enterprise marks it fixed with a photo as evidence
    log_in(page, user.username, PASSWORD)
    page.goto(f"/foodsafety/issues/{Issue.objects.get().pk}/")
    page.fill("textarea[name=note]", "已开耙降温并对班组再培训")
    photo = tmp_path / "降温记录.png"
    photo.write_bytes(PNG)
    page.set_input_files("input[name=evidence]", str(photo))
    page.get_by_role("button", name="标记为已整改").click()
    page.wait_for_load_state("networkidle")

    # Then the issue is fixed, with the evidence in its history
    assert page.get_by_test_id("issue-state").inner_text().strip() == "已整改"
    assert page.get_by_test_id("evidence-link").inner_text().strip() == "降温记录.png"
    screenshot(page, "foodsafety-issue-fixed")
    assert Issue.objects.get().state == "fixed"


def test_demo_daixian_routine_pages(page: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given the article's demo (代州黄酒 makers enrolled; other apps' parts left out) and the
    # demo provincial planner
    monkeypatch.setattr(loader, "DEMO_EXTENSIONS", ("qstrong.foodsafety.demo.load_demo",))
    loader.load_demo(synthetic=0)
    log_in(page, "province", DEMO_PASSWORD)
    page.goto("/foodsafety/")
    page.wait_for_load_state("networkidle")
    # Then the three wineries are listed, 代康 (enrolled later, more gaps) first
    rows = page.get_by_test_id("gap-row")
    assert rows.count() == 3
    screenshot(page, "foodsafety-demo-overview")
    page.get_by_role("link", name="代县雁门山酒业有限公司").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("issue-overdue").count() == 1
    screenshot(page, "foodsafety-demo-routine")
    # and the registry's enterprise page carries the lazy panel
    page.get_by_role("link", name="企业档案").click()
    page.wait_for_load_state("networkidle")
    page.get_by_test_id("foodsafety-panel").wait_for()
    screenshot(page, "foodsafety-demo-panel")
