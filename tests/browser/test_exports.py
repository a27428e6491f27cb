"""A large enterprise export in headless Chromium: the job's page, its progress, the download."""

from __future__ import annotations

from typing import Any

import pytest

from qstrong.accounts.tests.factories import PASSWORD, county_officer_qingxu
from qstrong.core.models import Job
from qstrong.registry.tests.factories import EnterpriseFactory, make_uscc
from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_large_export_shows_its_progress_then_downloads(page: Any, settings: Any) -> None:
    # Given a county officer in 清徐 whose list is longer than the inline limit
    settings.QSTRONG_EXPORT_INLINE_MAX = 3
    officer = county_officer_qingxu()
    for n in range(1, 5):
        EnterpriseFactory(uscc=make_uscc(n), name=f"清徐{n}号企业", region_id="140121")
    running = Job.objects.create(
        kind="export",
        title="企业名录导出（Excel）",
        state=Job.State.RUNNING,
        done=412_000,
        total=1_000_000,
        stage="exporting",
        params={"query": "region=140000", "fmt": "xlsx"},
        created_by=officer,
    )
    log_in(page, officer.username, PASSWORD)

    # An export still being written shows a polling progress bar
    page.goto(f"/registry/enterprises/exports/{running.pk}/")
    screenshot(page, "export-progress")
    assert page.get_by_text("正在生成文件").is_visible()
    assert "41%" in page.locator(".qs-job-progress").inner_text()

    # When the officer exports the list as Excel
    page.goto("/registry/enterprises/")
    page.click("text=导出 Excel")
    page.wait_for_load_state("networkidle")

    # Then the job's page offers the finished file, which downloads
    assert "/registry/enterprises/exports/" in page.url
    assert page.get_by_text("文件已生成：4 家企业").is_visible()
    screenshot(page, "export-ready")
    with page.expect_download() as info:
        page.click("[data-testid=export-download]")
    assert info.value.suggested_filename.endswith(".xlsx")
