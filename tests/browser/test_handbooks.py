"""The handbook flow in headless Chromium: batch → progress → edit a measure → review → another
officer publishes → the task is on the kanban → the batch zip is built with progress →
`guangyuyuan` downloads its handbook in the portal; an officer of another county gets 404 on it
(page, API, file). And the province's measure library and section page."""

from __future__ import annotations

from typing import Any

import pytest

from qstrong.accounts.tests.factories import (
    PASSWORD,
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    province_planner,
)
from qstrong.handbooks.library import library_ensure
from qstrong.handbooks.models import Handbook
from qstrong.registry.tests.factories import EnterpriseFactory, make_uscc
from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page_for(browser: Any, live_server: Any, username: str) -> Any:
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 1400, "height": 900},
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, username, PASSWORD)
    return page


def test_batch_review_publish_kanban_portal_and_another_county(
    browser: Any, live_server: Any
) -> None:
    # Given the library, 广誉远 (太谷) with its portal user `guangyuyuan`, and officers
    library_ensure()
    enterprise = EnterpriseFactory(
        uscc=make_uscc(7, "140703"), name="广誉远中药股份有限公司", region_id="140703"
    )
    planner, taigu, qingxu = province_planner(), county_officer_taigu(), county_officer_qingxu()
    user = enterprise_user(enterprise)
    user.username = "guangyuyuan"
    user.save(update_fields=["username"])

    # When the province creates a batch by list, it is generated with a progress bar
    province = _page_for(browser, live_server, planner.username)
    province.goto("/handbooks/batches/new/")
    province.fill("input[name=name]", "第一批")
    province.select_option("select[name=kind]", "enterprise")
    province.fill("input[name=year]", "2024")
    province.select_option("select[name=criterion]", "list")
    province.fill("textarea[name=codes]", enterprise.uscc)
    province.click("[data-testid=batch-submit]")
    province.wait_for_load_state("networkidle")
    assert "/handbooks/batches/" in province.url
    bar = province.locator(".qs-job-progress")
    bar.wait_for()
    province.wait_for_selector(".qs-job-progress[data-job-state=succeeded]")
    assert "100%" in province.locator(".qs-job-progress").inner_text()
    screenshot(province, "handbooks-batch")
    handbook = Handbook.objects.get(enterprise=enterprise)

    # And the 太谷 officer gives the first measure a bureau and a deadline, then submits it
    officer = _page_for(browser, live_server, taigu.username)
    officer.goto(f"/handbooks/{handbook.pk}/")
    officer.locator("[data-testid=measure-edit]").first.click()
    form = officer.locator("[data-testid=measure-form]").first
    form.locator("textarea[name=text]").fill("组织计量技术机构上门集中检定计量器具（示例）")
    form.locator("select[name=responsible_bureau]").select_option(
        label="晋中市太谷区市场监督管理局"
    )
    form.locator("input[name=deadline]").fill("2024-12-31")
    form.locator("[data-testid=measure-save]").click()
    officer.wait_for_load_state("networkidle")
    assert officer.get_by_text("发布后生成任务").first.is_visible()
    officer.click("[data-testid=submit-review]")
    officer.wait_for_load_state("networkidle")
    assert officer.locator("[data-testid=handbook-state]").first.inner_text() == "审核中"
    # The editor cannot publish their own handbook
    assert officer.locator("[data-testid=publish]").count() == 0
    screenshot(officer, "handbooks-detail-in-review")

    # Then another officer (the province) publishes it, and the measure became a task
    province.goto(f"/handbooks/{handbook.pk}/")
    province.click("[data-testid=publish]")
    province.wait_for_load_state("networkidle")
    assert province.locator("[data-testid=handbook-state]").first.inner_text() == "已发布"
    assert province.locator("[data-testid=measure-progress]").first.inner_text() == "待办"
    officer.goto("/casework/tasks/board/")
    assert officer.get_by_text("组织计量技术机构上门集中检定计量器具（示例）").first.is_visible()
    screenshot(officer, "handbooks-kanban")

    # And the province zips the batch in the background and downloads it
    assert handbook.batch is not None
    province.goto(f"/handbooks/batches/{handbook.batch.pk}/")
    province.click("[data-testid=batch-zip]")
    province.wait_for_selector("[data-testid=batch-zip-download]")
    screenshot(province, "handbooks-batch-zip")
    with province.expect_download() as zipped:
        province.click("[data-testid=batch-zip-download]")
    assert zipped.value.suggested_filename == f"handbooks-batch-{handbook.batch.pk}.zip"

    # And the enterprise reads and downloads its handbook in the portal
    portal = _page_for(browser, live_server, user.username)
    portal.goto("/handbooks/mine/")
    assert portal.get_by_text("广誉远中药股份有限公司企业服务手册").is_visible()
    screenshot(portal, "handbooks-portal")
    with portal.expect_download() as info:
        portal.click("[data-testid=my-download-pdf]")
    assert info.value.suggested_filename.endswith(".pdf")
    with open(info.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # While an officer of another county gets 404 on its page, its API and its file
    other = _page_for(browser, live_server, qingxu.username)
    for url in (f"/handbooks/{handbook.pk}/", f"/api/handbooks/{handbook.pk}"):
        assert other.goto(url).status == 404
    for url in (
        f"/handbooks/{handbook.pk}/file.pdf",
        f"/handbooks/{handbook.pk}/file.docx",
        f"/api/handbooks/{handbook.pk}/file.pdf",
        f"/handbooks/batches/{handbook.batch.pk}/",
    ):
        assert other.request.get(url).status == 404, url


def test_the_province_edits_the_library_and_the_sections_on_the_page(
    browser: Any, live_server: Any
) -> None:
    # Given the seeded library, the planner and a county officer
    library_ensure()
    planner, qingxu = province_planner(), county_officer_qingxu()
    page = _page_for(browser, live_server, planner.username)

    # When the planner opens the page from the handbook list, on the town tab
    page.goto("/handbooks/")
    page.click("[data-testid=library-link]")
    page.click("[data-testid=library-kind-town]")
    assert page.locator("[data-testid=section-row]").count() == 5

    # And adds a 标准引领 measure
    add = page.locator("[data-testid=library-add]")
    add.locator("select[name=category]").select_option("标准引领")
    add.locator("input[name=text]").fill("支持龙头企业牵头制定《代州黄酒》团体标准（示例）")
    add.locator("[data-testid=library-add-submit]").click()
    page.wait_for_load_state("networkidle")
    row = page.locator("[data-testid=library-row]", has=page.locator("input[value*=代州黄酒]"))
    assert row.count() == 1

    # And retires it
    row.locator("[data-testid=library-toggle]").click()
    page.wait_for_load_state("networkidle")
    assert (
        "已停用"
        in page.locator("[data-testid=library-row]")
        .filter(has=page.locator("input[value*=代州黄酒]"))
        .inner_text()
    )

    # And hides the outreach section and moves revenue to second place
    sections = page.locator("[data-testid=library-sections]")
    sections.locator("input[name=shown][value=outreach]").uncheck()
    sections.locator("input[name=order-revenue]").fill("2")
    sections.locator("input[name=order-measures]").fill("3")
    sections.locator("[data-testid=sections-save]").click()
    page.wait_for_load_state("networkidle")
    keys = page.locator("[data-testid=section-row]").evaluate_all(
        "rows => rows.map(r => r.dataset.key)"
    )
    assert keys[:2] == ["overview", "revenue"] and keys[-1] == "outreach"
    assert not page.locator("input[name=shown][value=outreach]").is_checked()
    screenshot(page, "handbooks-library")
    from qstrong.handbooks.models import SectionLayout

    assert "outreach" not in SectionLayout.objects.get(kind="town").sections

    # While a county officer gets 404 on the page
    other = _page_for(browser, live_server, qingxu.username)
    assert other.goto("/handbooks/library/?kind=town").status == 404
