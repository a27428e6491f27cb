"""The foundation's page flows in headless Chromium: browse the registry, import files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from qstrong.accounts.tests.factories import PASSWORD, county_officer_qingxu, province_planner
from qstrong.registry.demo.loader import load_demo
from qstrong.registry.models import Enterprise
from qstrong.registry.tests.factories import EnterpriseFactory, make_uscc
from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "统一社会信用代码,企业名称,行政区划代码,行业代码,成立日期,从业人员,营业收入（万元）\n"


def test_log_in_search_open_an_enterprise_then_its_chain(page: Any) -> None:
    # Given the article's registry and a provincial planner
    load_demo(synthetic=0)
    planner = province_planner()

    # When they log in and search the enterprise list
    log_in(page, planner.username, PASSWORD)
    page.fill("input[name=q]", "广誉远")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    screenshot(page, "enterprise-list-search")

    # Then the one matching enterprise is listed; its page shows its chain and role
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    page.click("text=广誉远中药股份有限公司")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("广誉远中药股份有限公司")
    assert page.get_by_text("链核").first.is_visible()
    screenshot(page, "enterprise-detail")

    page.click("a:has-text('现代医药')")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("现代医药")
    assert page.get_by_text("广誉远中药股份有限公司").first.is_visible()
    screenshot(page, "chain-detail")


def test_a_file_with_errors_is_refused_whole_and_every_error_is_shown(
    page: Any, tmp_path: Path
) -> None:
    # Given a county officer in 清徐 with one enterprise on record
    officer = county_officer_qingxu()
    EnterpriseFactory(uscc=make_uscc(1), name="清徐老陈醋有限公司", employees=50)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER
        + f"{make_uscc(1)},清徐老陈醋有限公司,140121,C1462,2001-05-01,80,3000\n"
        + f"{make_uscc(2)[:-1]}0,坏校验位公司,140121,C1462,2019-06-30,10,100\n"
        + f"{make_uscc(3)},未知地区公司,149999,C1462,2019-06-30,10,100\n"
        + f"{make_uscc(4)},坏日期公司,140121,C1462,2019-13-45,-5,100\n",
        encoding="utf-8",
    )

    # When they upload it
    log_in(page, officer.username, PASSWORD)
    page.goto("/registry/imports/")
    page.set_input_files("input[name=file]", str(bad))
    page.click("button:has-text('上传并校验')")
    page.wait_for_selector("[data-testid=error-table]")
    screenshot(page, "import-errors")

    # Then every error is listed and nothing changed
    errors = page.locator("[data-testid=error-table] tbody tr")
    texts = [errors.nth(i).inner_text() for i in range(errors.count())]
    assert errors.count() == 4, texts
    assert [t.split("\t")[0].strip() for t in texts] == ["3", "4", "5", "5"]
    assert "未写入任何数据" in page.locator(".alert-danger").inner_text()
    assert page.locator("text=下载错误报告").count() == 1
    assert Enterprise.objects.count() == 1
    assert Enterprise.objects.get().employees == 50


def test_a_good_file_shows_progress_and_then_the_new_records(
    page: Any, tmp_path: Path, settings: Any
) -> None:
    # Given the real database queue, so the page waits for a worker
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    officer = county_officer_qingxu()
    good = tmp_path / "good.csv"
    good.write_text(
        HEADER
        + f"{make_uscc(21)},清徐县东湖醋业有限公司,140121,C1462,2012-03-08,120,5600\n"
        + f"{make_uscc(22)},清徐县美和居醋业有限公司,140121,C1462,2008/6/30,35,900\n",
        encoding="utf-8",
    )

    # When the officer uploads it, the page shows the job waiting with a progress bar
    log_in(page, officer.username, PASSWORD)
    page.goto("/registry/imports/")
    page.set_input_files("input[name=file]", str(good))
    page.click("button:has-text('上传并校验')")
    page.wait_for_selector(".progress")
    screenshot(page, "import-progress")
    assert Enterprise.objects.count() == 0

    # and once a worker has run the job, the page turns to the result by itself
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    page.wait_for_selector("[data-testid=batch-summary]", timeout=20_000)
    screenshot(page, "import-done")
    assert "新增 2、更新 0、未变 0、拒绝 0" in page.inner_text("[data-testid=batch-summary]")

    # Then the new records are in the list
    page.goto("/registry/enterprises/?q=清徐县")
    assert page.get_by_text("清徐县东湖醋业有限公司").is_visible()
    assert page.get_by_text("清徐县美和居醋业有限公司").is_visible()
