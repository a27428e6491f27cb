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


def test_coverage_period_and_download(page: Any, demo_leader: Any, tmp_path: Path) -> None:
    import datetime as dt

    from django.utils import timezone

    from qstrong.accounts.tests.factories import PASSWORD
    from qstrong.policies.models import Push
    from qstrong.policies.tests.factories import (
        MatchResultFactory,
        MatchRunFactory,
        published_policy,
    )
    from qstrong.registry.tests.factories import EnterpriseFactory

    def at(month: int, day: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime(2024, month, day, 10))

    # given three eligible 清徐 pairs matched in January: one sent in January (granted in March),
    # one sent in February, one never pushed
    run, policy = MatchRunFactory(), published_policy(code="B-1")
    rule = policy.rules.get()
    enterprises = [EnterpriseFactory(region_id="140121") for _ in range(3)]
    for enterprise in enterprises:
        MatchResultFactory(rule=rule, enterprise=enterprise, run=run, matched_at=at(1, 5))
    Push.objects.create(
        policy=policy,
        enterprise=enterprises[0],
        rule=rule,
        state="granted",
        sent_at=at(1, 10),
        claimed_at=at(1, 12),
        decided_at=at(3, 1),
    )
    Push.objects.create(policy=policy, enterprise=enterprises[1], rule=rule, sent_at=at(2, 10))

    log_in(page, demo_leader.username, PASSWORD)
    _open(page, "/insights/coverage/", "coverage-all")
    assert page.get_by_test_id("headline-pushed-value").inner_text() == "2项"
    assert page.get_by_test_id("period-picker").input_value() == "all"

    # when the period changes to January, the body is swapped in and the charts drawn again
    page.get_by_test_id("period-picker").select_option("2024.01")
    expect(page.get_by_test_id("headline-pushed-value")).to_have_text("1项")
    expect(page.get_by_test_id("headline-granted-value")).to_have_text("0项")
    expect(page.get_by_test_id("headline-unreached-value")).to_have_text("2项")
    page.locator("[data-chart][data-drawn='1']").first.wait_for()
    assert "period=2024.01" in page.url
    page.wait_for_timeout(800)
    screenshot(page, "dashboards-coverage-january")

    # the chart data for January as .xlsx
    with page.expect_download() as info:
        page.get_by_test_id("export-xlsx").click()
    path = tmp_path / "coverage.xlsx"
    info.value.save_as(path)
    workbook = load_workbook(path)
    assert workbook["主要指标"]["A1"].value == "政策覆盖（2024年1月）"
    assert list(workbook["各市覆盖情况"].iter_rows(values_only=True))[2][:4] == ("太原市", 3, 1, 0)

    # a chart as PNG
    with page.expect_download() as info:
        page.locator("[data-chart-png]").first.click()
    assert info.value.suggested_filename.endswith(".png")

    # and back to 全部
    page.get_by_test_id("period-picker").select_option("all")
    expect(page.get_by_test_id("headline-pushed-value")).to_have_text("2项")
