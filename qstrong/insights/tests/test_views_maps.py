"""Map pages: login, readers only, the shapes, values in scope, one county's card (404 outside)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qstrong.accounts.tests.factories import (
    PASSWORD,
    city_officer_taiyuan,
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    leader,
    province_planner,
)
from qstrong.registry.models import Region
from qstrong.registry.tests.factories import EnterpriseFactory, TownFactory, make_uscc


def _client(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _urls() -> list[str]:
    return [
        reverse("insights:map_page"),
        reverse("insights:map_geojson"),
        reverse("insights:map_data"),
        reverse("insights:map_county", args=["140121"]),
    ]


@pytest.mark.django_db
def test_map_pages_need_login() -> None:
    for url in _urls():
        assert Client().get(url).status_code == 302


@pytest.mark.django_db
def test_an_enterprise_user_gets_404() -> None:
    client = _client(enterprise_user(EnterpriseFactory()))
    for url in _urls():
        assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_page_says_schematic_and_offers_the_metrics() -> None:
    response = _client(leader()).get(reverse("insights:map_page"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="schematic-label"' in html and "示意图" in html
    assert 'value="enterprises"' in html and 'value="members"' in html and 'value="towns"' in html


@pytest.mark.django_db
def test_the_shapes_are_served_as_geojson() -> None:
    response = _client(county_officer_qingxu()).get(reverse("insights:map_geojson"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert len(data["features"]) == 117


@pytest.mark.django_db
def test_the_data_colours_only_the_jurisdiction() -> None:
    EnterpriseFactory(uscc=make_uscc(701, "140703"), region_id="140703", name="太谷某企业")
    EnterpriseFactory(uscc=make_uscc(702, "140121"), region_id="140121")
    response = _client(county_officer_qingxu()).get(
        reverse("insights:map_data"), {"metric": "enterprises"}
    )
    data = response.json()
    values = {c["code"]: c["value"] for c in data["counties"]}
    assert len(values) == 117
    assert values["140121"] == 1
    assert values["140703"] is None
    assert [c for c in data["counties"] if c["value"] is not None] == [
        {"code": "140121", "name": "清徐县", "city": "140100", "value": 1.0, "inScope": True}
    ]
    assert data["schematic"] is True


@pytest.mark.django_db
def test_a_county_card_for_the_own_county() -> None:
    EnterpriseFactory(uscc=make_uscc(703, "140121"), region_id="140121")
    TownFactory(county_id="140121", name="清徐测试专业镇")
    response = _client(county_officer_qingxu()).get(reverse("insights:map_county", args=["140121"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "清徐县" in html and "清徐测试专业镇" in html


@pytest.mark.django_db
def test_an_officer_of_another_county_gets_404_for_a_county_card() -> None:
    assert (
        _client(county_officer_taigu())
        .get(reverse("insights:map_county", args=["140121"]))
        .status_code
        == 404
    )
    taiyuan = _client(city_officer_taiyuan())
    assert taiyuan.get(reverse("insights:map_county", args=["140121"])).status_code == 200
    assert taiyuan.get(reverse("insights:map_county", args=["140703"])).status_code == 404
    # a city or a made-up code is no county
    planner = _client(province_planner())
    assert planner.get(reverse("insights:map_county", args=["140100"])).status_code == 404
    assert planner.get(reverse("insights:map_county", args=["149999"])).status_code == 404


@pytest.mark.django_db
def test_the_demo_counties_all_have_shapes() -> None:
    # given the whole demo
    from qstrong.registry.demo.loader import load_demo

    load_demo(synthetic=0)
    data = _client(province_planner()).get(reverse("insights:map_data")).json()
    codes = {c["code"] for c in data["counties"]}
    # then every Shanxi county of the registry is a feature, and every feature a county
    registry = set(
        Region.objects.filter(code__startswith="14", level="county").values_list("code", flat=True)
    )
    assert codes == registry
    assert len(codes) == 117
    # and every county answers its card
    client = _client(province_planner())
    for code in sorted(codes):
        assert client.get(reverse("insights:map_county", args=[code])).status_code == 200, code
