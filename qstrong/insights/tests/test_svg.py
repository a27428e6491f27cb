"""The chain graph as SVG: well-formed, self-contained, every segment and visible name on it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import cast

import pytest

from qstrong.accounts.tests.factories import county_officer_qingxu, province_planner
from qstrong.insights.graph import chain_graph
from qstrong.insights.svg import chain_svg
from qstrong.insights.tests.test_graph import TODAY, small_chain
from qstrong.registry.models import Chain
from qstrong.registry.tests.factories import ChainFactory

SVG = "{http://www.w3.org/2000/svg}"


def _texts(root: ET.Element) -> list[str]:
    return [el.text or "" for el in root.iter(f"{SVG}text")]


@pytest.mark.django_db
def test_svg_parses_and_shows_segments_scores_and_legend() -> None:
    # given the small chain seen by the province
    graph = chain_graph(chain=small_chain()["chain"], user=province_planner(), today=TODAY)
    # when drawn as the bottleneck map
    text = chain_svg(graph, bottleneck=True)
    root = ET.fromstring(text.encode())
    # then it is an SVG with the CJK font, every segment, the scores and the legend
    assert root.tag == f"{SVG}svg"
    assert "Noto Sans CJK SC" in root.attrib["font-family"]
    texts = _texts(root)
    for name in (
        "原料",
        "部件",
        "整机",
        "瓶颈分 30 · 中",
        "瓶颈分 70 · 高",
        "瓶颈分 0 · 低",
        "图例",
        "链主",
    ):
        assert name in texts
    assert "清徐整机链主有限公司" in texts
    assert len(root.findall(f"{SVG}g[@class='links']/{SVG}path")) == 4
    # and it refers to nothing outside itself
    assert (
        "<script" not in text
        and "<image" not in text
        and "http://" not in text.replace("http://www.w3.org/2000/svg", "")
    )


@pytest.mark.django_db
def test_industry_svg_has_no_scores() -> None:
    graph = chain_graph(chain=small_chain()["chain"], user=province_planner(), today=TODAY)
    texts = _texts(ET.fromstring(chain_svg(graph, bottleneck=False).encode()))
    assert not any(t.startswith("瓶颈分") for t in texts)
    assert any("产业地图" in t for t in texts)


@pytest.mark.django_db
def test_svg_for_a_county_officer_names_no_other_county() -> None:
    graph = chain_graph(chain=small_chain()["chain"], user=county_officer_qingxu(), today=TODAY)
    text = chain_svg(graph)
    assert "太谷" not in text
    assert "其他地区企业 ×1" in text


@pytest.mark.django_db
def test_svg_of_a_chain_without_segments_still_parses() -> None:
    chain = cast(Chain, ChainFactory(code="blank", name="空链 <&>"))
    text = chain_svg(chain_graph(chain=chain, user=province_planner(), today=TODAY))
    root = ET.fromstring(text.encode())
    assert "该产业链尚未划分环节。" in _texts(root)
    assert "空链 <&> · 质量瓶颈图谱" in _texts(root)
