"""Dashboards in a browser: each renders its charts, the period changes, data and PNG download."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_leader() -> Any:
    from qstrong.accounts.tests.factories import leader
    from qstrong.insights.demo import load_demo
    from qstrong.registry.demo.loader import chains_load, towns_load

    chains_load()
    towns_load()
    load_demo(say=lambda _text: None)
    return leader()


def _open(page: Any, url: str, name: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    charts = page.locator("[data-chart][data-drawn='1']")
    if page.locator("[data-chart]").count():
        charts.first.wait_for()
        page.wait_for_timeout(800)  # let ECharts finish its entry animation before the shot
    screenshot(page, f"dashboards-{name}")


def test_overview_period_and_downloads(page: Any, demo_leader: Any, tmp_path: Path) -> None:
    from qstrong.accounts.tests.factories import PASSWORD

    log_in(page, demo_leader.username, PASSWORD)
    _open(page, "/insights/", "overview")
    assert page.get_by_test_id("headline-chains-value").inner_text() == "3291.8亿元"
    assert "+9.5%" in page.get_by_test_id("headline-chains-growth").inner_text()
    assert page.get_by_test_id("headline-towns-value").inner_text() == "506.9亿元"
    assert page.get_by_test_id("headline-fenjiu-share-value").inner_text() == "34.4%"
    assert page.locator("[data-chart][data-drawn='1']").count() == 4

    # when the period changes, the body is swapped in and the charts drawn again
    page.get_by_test_id("period-picker").select_option("2023.01-06")
    expect(page.get_by_test_id("headline-chains-value")).to_have_text("3006.21亿元")
    page.locator("[data-chart][data-drawn='1']").first.wait_for()
    assert "period=2023.01-06" in page.url

    # the chart data as .xlsx, for the chosen period
    with page.expect_download() as info:
        page.get_by_test_id("export-xlsx").click()
    path = tmp_path / "data.xlsx"
    info.value.save_as(path)
    sheet = load_workbook(path)["主要指标"]
    assert list(sheet.iter_rows(values_only=True))[2][1] == "3006.21亿元"

    # one chart as PNG, drawn by ECharts in the browser
    with page.expect_download() as info:
        page.locator("[data-chart-png]").first.click()
    png = tmp_path / "chart.png"
    info.value.save_as(png)
    assert info.value.suggested_filename.endswith(".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_drill_down_and_every_dashboard(page: Any, demo_leader: Any) -> None:
    from qstrong.accounts.tests.factories import PASSWORD

    log_in(page, demo_leader.username, PASSWORD)
    _open(page, "/insights/chains/", "chains")
    page.get_by_role("link", name="铝", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/insights/chains/aluminium/")
    _open(page, "/insights/chains/aluminium/", "chain-aluminium")
    assert "612.35亿元" in page.get_by_test_id("headline-m-revenue-value").inner_text()
    _open(page, "/insights/towns/", "towns")
    _open(page, "/insights/towns/xinghuacun_fenjiu/", "town-fenjiu")
    assert page.get_by_test_id("headline-share-value").inner_text() == "34.4%"
    _open(page, "/insights/?region=1411", "overview-luliang")
    _open(page, "/insights/outreach/", "outreach")
    _open(page, "/insights/coverage/", "coverage")
    _open(page, "/insights/indicators/", "indicators")
