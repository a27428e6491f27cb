"""Chain graph pages: who sees them, what a county officer sees, the SVG download, the demo."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from qstrong.accounts.tests.factories import (
    PASSWORD,
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    leader,
    province_planner,
)
from qstrong.insights.graph import chain_graph
from qstrong.insights.svg import chain_svg
from qstrong.insights.tests.test_graph import small_chain
from qstrong.registry.models import Chain

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _client(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _payload(html: str) -> dict[str, Any]:
    match = re.search(r'<script id="chain-graph-data" type="application/json">(.*?)</script>', html)
    assert match is not None
    return dict(json.loads(match.group(1)))


def _urls(code: str) -> list[str]:
    return [
        reverse("insights:graph_index"),
        reverse("insights:graph_detail", args=[code]),
        reverse("insights:graph_svg", args=[code]),
    ]


@pytest.mark.django_db
def test_pages_need_login() -> None:
    small_chain()
    for url in _urls("gear"):
        response = Client().get(url)
        assert response.status_code == 302
        assert "/login" in response["Location"] or "login" in response["Location"]


@pytest.mark.django_db
def test_an_enterprise_user_gets_404() -> None:
    data = small_chain()
    client = _client(enterprise_user(data["e"][1]))
    for url in _urls("gear"):
        assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_an_unknown_chain_is_404() -> None:
    client = _client(province_planner())
    assert client.get(reverse("insights:graph_detail", args=["nope"])).status_code == 404
    assert client.get(reverse("insights:graph_svg", args=["nope"])).status_code == 404


@pytest.mark.django_db
def test_the_chain_page_shows_scores_problems_and_risks() -> None:
    small_chain()
    response = _client(province_planner()).get(reverse("insights:graph_detail", args=["gear"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="chain-graph-data"' in html
    assert "齿面硬度不稳定" in html and "太谷原料杂质超标" in html
    assert "100 · 严重" in html  # open for years by now: the age factor saturates the score
    assert "环节「部件」的企业仅由一家外部供应商供货：清徐原料骨干有限公司" in html
    assert reverse("insights:graph_svg", args=["gear"]) in html


@pytest.mark.django_db
def test_an_officer_of_another_county_sees_no_names_outside_it() -> None:
    # given the chain (清徐 and 太谷 members), seen by 太谷's officer
    small_chain()
    client = _client(county_officer_taigu())
    # when the page, the index and the SVG are opened
    page = client.get(reverse("insights:graph_detail", args=["gear"]) + "?view=bottleneck")
    svg = client.get(reverse("insights:graph_svg", args=["gear"]))
    index = client.get(reverse("insights:graph_index"))
    # then they answer, with 清徐's enterprises and problems anonymised
    assert (page.status_code, svg.status_code, index.status_code) == (200, 200, 200)
    for response in (page, svg, index):
        text = response.content.decode()
        assert "清徐整机链主有限公司" not in text
        assert "清徐部件配套有限公司" not in text
        assert "齿面硬度不稳定" not in text
    payload = _payload(page.content.decode())
    assert [n["label"] for n in payload["nodes"]] == [
        "其他地区企业 ×1",
        "太谷部件配套有限公司",
        "其他地区企业 ×1",
        "太谷整机链核有限公司",
        "其他地区企业 ×1",
    ]
    # json_script escapes non-ASCII: read the payload itself for names too
    readable = json.dumps(payload, ensure_ascii=False)
    assert "清徐" not in readable and "齿面硬度不稳定" not in readable
    assert all(n["url"] == "" for n in payload["nodes"] if n["role"] == "hidden")
    assert "另有辖区外问题 2 个" in page.content.decode()


@pytest.mark.django_db
def test_leaders_read_the_graph() -> None:
    small_chain()
    assert _client(leader()).get(reverse("insights:graph_detail", args=["gear"])).status_code == 200


@pytest.mark.django_db
def test_the_svg_download_is_an_svg_file() -> None:
    small_chain()
    response = _client(county_officer_qingxu()).get(
        reverse("insights:graph_svg", args=["gear"]) + "?view=industry"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"].startswith('attachment; filename="chain-gear-industry-')
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.django_db
def test_the_index_lists_chains_worst_first() -> None:
    small_chain()
    # On the fixture's day 部件 scores 70 (9 × 2 + 1 + 2) against 原料's 30 (3 × 3)
    with time_machine.travel(dt.datetime(2025, 1, 1, 10, tzinfo=SHANGHAI), tick=False):
        html = _client(province_planner()).get(reverse("insights:graph_index")).content.decode()
    row = re.search(r"<tr[^>]*>\s*<td[^>]*>.*?齿轮产业链.*?</tr>", html, re.S)
    assert row is not None
    assert "部件" in row.group(0) and "原料" not in row.group(0)
    assert "70 · 高" in row.group(0)


@pytest.mark.django_db
def test_every_demo_chain_renders() -> None:
    # given the whole demo (article chains, enterprises, problems, figures)
    from qstrong.registry.demo.loader import load_demo

    load_demo(synthetic=0)
    planner = province_planner()
    client = _client(planner)
    chains = list(Chain.objects.filter(archived_at__isnull=True))
    assert len(chains) == 16
    for chain in chains:
        # when each chain's graph and SVG are built and its pages opened
        graph = chain_graph(chain=chain, user=planner)
        root = ET.fromstring(chain_svg(graph).encode())
        texts = "".join(el.text or "" for el in root.iter())
        # then the SVG parses and names every segment, and the pages answer
        for segment in chain.segments.all():
            assert segment.name[:11] in texts, (chain.code, segment.name)
        assert client.get(reverse("insights:graph_detail", args=[chain.code])).status_code == 200
        svg = client.get(reverse("insights:graph_svg", args=[chain.code]))
        assert svg.status_code == 200
        ET.fromstring(svg.content)
    assert client.get(reverse("insights:graph_index")).status_code == 200
