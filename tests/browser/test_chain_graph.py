"""Chain graph and map in a browser: toggle to the bottleneck view, inspect a segment, download
the SVG; open the map of Shanxi, change the metric, drill into a city."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def planner() -> Any:
    from qstrong.accounts.tests.factories import province_planner
    from qstrong.insights.models import Indicator, Metric
    from qstrong.insights.tests.test_graph import small_chain

    small_chain()
    # transaction=True flushes the migration's standard metrics after each test: make sure
    metric, _created = Metric.objects.get_or_create(
        code="revenue", defaults={"name": "营业收入", "default_unit": "亿元"}
    )
    Indicator.objects.create(
        metric=metric,
        subject_kind="county",
        subject_code="140121",
        region_id="140121",
        year=2024,
        value=Decimal("12.5"),
        unit="亿元",
        value_base=Decimal("1250000000"),
        base_unit="元",
    )
    return province_planner()


def _column_point(page: Any, index: int, columns: int) -> tuple[float, float]:
    box = page.get_by_test_id("chain-graph").bounding_box()
    return box["x"] + box["width"] * (index + 0.5) / columns, box["y"] + 60


def test_chain_graph_toggle_segment_and_svg(page: Any, planner: Any, tmp_path: Path) -> None:
    from qstrong.accounts.tests.factories import PASSWORD

    log_in(page, planner.username, PASSWORD)
    # the industry map
    page.goto("/insights/graph/gear/")
    graph = page.get_by_test_id("chain-graph")
    expect(graph).to_have_attribute("data-drawn", "industry")
    page.wait_for_timeout(300)
    screenshot(page, "chain-graph-industry")
    assert page.locator("#chain-graph svg text", has_text="清徐整机链主有限公司").count() >= 1

    # toggle to the bottleneck map: the columns carry their scores
    page.get_by_test_id("graph-toggle").get_by_text("质量瓶颈图谱").click()
    expect(graph).to_have_attribute("data-drawn", "bottleneck")
    assert "view=bottleneck" in page.url
    assert page.locator("#chain-graph svg text", has_text="瓶颈分 100").count() >= 1

    # hover a segment: its explanation in the tooltip; click it: the detail and the table row
    x, y = _column_point(page, 1, 3)
    page.mouse.move(x, y)
    page.wait_for_timeout(400)
    screenshot(page, "chain-graph-bottleneck-hover")
    page.mouse.click(x, y)
    detail = page.get_by_test_id("graph-detail")
    expect(detail).to_contain_text("部件")
    expect(detail).to_contain_text("问题分")
    expect(detail).to_contain_text("仅由一家外部供应商供货")
    expect(page.locator("tr.table-active")).to_have_attribute(
        "data-segment-row", page.locator("tr.table-active").get_attribute("data-segment-row") or ""
    )
    screenshot(page, "chain-graph-bottleneck")

    # download the SVG of the bottleneck view
    with page.expect_download() as info:
        page.get_by_test_id("svg-download").click()
    download = info.value
    assert "bottleneck" in download.suggested_filename
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    root = ET.parse(path).getroot()
    texts = [el.text or "" for el in root.iter()]
    assert {"原料", "部件", "整机"} <= set(texts)

    # look at the SVG the handbook gets
    page.set_content(
        "<html><body style='margin:0'>"
        + path.read_text(encoding="utf-8").split("?>", 1)[1]
        + "</body></html>"
    )
    screenshot(page, "chain-graph-svg")

    # the index with each chain's worst segment
    page.goto("/insights/graph/?view=bottleneck")
    expect(page.get_by_test_id("graph-index")).to_contain_text("齿轮产业链")
    screenshot(page, "chain-graph-index")


def test_map_metric_and_drill_down(page: Any, planner: Any) -> None:
    from qstrong.accounts.tests.factories import PASSWORD

    log_in(page, planner.username, PASSWORD)
    page.goto("/insights/map/")
    shanxi = page.get_by_test_id("shanxi-map")
    expect(shanxi).to_have_attribute("data-drawn", "enterprises|county|")
    expect(page.get_by_test_id("schematic-label")).to_have_text("示意图")
    page.wait_for_timeout(300)
    screenshot(page, "chain-graph-map-enterprises")

    # change the metric to a figure: the period picker appears with its period
    page.get_by_test_id("map-metric").select_option("indicator:revenue")
    expect(shanxi).to_have_attribute("data-drawn", "indicator:revenue|county|")
    expect(page.get_by_test_id("map-title")).to_have_text("营业收入 · 2024年")
    assert "metric=indicator%3Arevenue" in page.url or "metric=indicator:revenue" in page.url
    page.wait_for_timeout(300)
    screenshot(page, "chain-graph-map-revenue")

    # by city, then click the middle of the province: that city's counties and a county card
    page.get_by_test_id("map-metric").select_option("members")
    expect(shanxi).to_have_attribute("data-drawn", "members|county|")
    page.get_by_role("button", name="按市").click()
    expect(shanxi).to_have_attribute("data-drawn", "members|city|")
    box = shanxi.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    expect(page.get_by_test_id("map-back")).to_be_visible()
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    expect(page.get_by_test_id("county-card")).to_contain_text("企业")
    page.wait_for_timeout(300)
    screenshot(page, "chain-graph-map-city")
