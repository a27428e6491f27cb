"""Map of Shanxi: 117 county shapes, every registry county on the map, values in scope only."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from qstrong.accounts.tests.factories import (
    city_officer_taiyuan,
    county_officer_qingxu,
    province_planner,
)
from qstrong.insights import maps
from qstrong.insights.models import Indicator, Metric
from qstrong.registry.models import Region
from qstrong.registry.tests.factories import (
    ChainMemberFactory,
    EnterpriseFactory,
    TownFactory,
    make_uscc,
)


def test_the_schematic_map_has_the_117_counties_of_shanxi() -> None:
    features = maps.county_collection()["features"]
    codes = [f["properties"]["adcode"] for f in features]
    assert len(codes) == len(set(codes)) == 117
    assert "140703" in codes  # 太谷区, a district since 2019
    taigu = next(f for f in features if f["properties"]["adcode"] == "140703")
    assert taigu["properties"]["name"] == "太谷区"
    assert taigu["properties"]["city"] == "140700"
    assert {f["properties"]["city"] for f in features} == set(maps.CITY_CODES)
    assert maps.is_schematic()


@pytest.mark.django_db
def test_every_county_in_the_registry_has_a_shape() -> None:
    registry = set(
        Region.objects.filter(code__startswith="14", level=Region.Level.COUNTY).values_list(
            "code", flat=True
        )
    )
    assert len(registry) == 117
    assert registry == maps.feature_codes()


def test_an_approved_base_map_replaces_the_schematic(tmp_path: Path) -> None:
    # given an approved map file with one county (and the province outline, which is ignored)
    path = tmp_path / "approved.json"
    square = {"type": "Polygon", "coordinates": [[[112, 37], [113, 37], [113, 38], [112, 37]]]}
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"code": "140121", "name": "清徐县"},
                        "geometry": square,
                    },
                    {
                        "type": "Feature",
                        "properties": {"adcode": 140000, "name": "山西省"},
                        "geometry": square,
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    # when the setting names it
    with override_settings(QSTRONG_BASE_MAP_PATH=str(path)):
        collection = maps.county_collection()
        schematic = maps.is_schematic()
    # then only its counties are served, and the page no longer says 示意图
    assert [f["properties"]["adcode"] for f in collection["features"]] == ["140121"]
    assert schematic is False


def test_a_broken_base_map_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with override_settings(QSTRONG_BASE_MAP_PATH=str(path)), pytest.raises(maps.MapError) as error:
        maps.county_collection()
    assert str(path) in str(error.value)


def _registry() -> dict[str, Any]:
    qingxu = EnterpriseFactory(uscc=make_uscc(801, "140121"), region_id="140121")
    EnterpriseFactory(uscc=make_uscc(802, "140121"), region_id="140121")
    taigu = EnterpriseFactory(uscc=make_uscc(803, "140703"), region_id="140703", name="太谷企业")
    ChainMemberFactory(enterprise=qingxu)
    ChainMemberFactory(enterprise=taigu)
    TownFactory(county_id="140121")
    return {}


def _by_code(values: maps.MapValues) -> dict[str, Any]:
    return {c["code"]: c for c in values.counties}


@pytest.mark.django_db
def test_a_county_officer_sees_only_their_county_coloured() -> None:
    # given enterprises in 清徐 and 太谷
    _registry()
    # when the 清徐 officer asks for enterprise counts
    values = maps.map_values(user=county_officer_qingxu(), metric_key="enterprises")
    counties = _by_code(values)
    # then 清徐 has its count and every other county is grey (None)
    assert counties["140121"]["value"] == 2
    assert counties["140121"]["inScope"] is True
    assert counties["140703"]["value"] is None
    assert sum(1 for c in values.counties if c["inScope"]) == 1
    assert values.scope_label == "清徐县"
    # and no city is coloured for a county officer
    assert all(c["value"] is None for c in values.cities)


@pytest.mark.django_db
def test_the_province_sees_every_county_and_city_totals() -> None:
    _registry()
    values = maps.map_values(user=province_planner(), metric_key="members")
    counties = _by_code(values)
    assert (counties["140121"]["value"], counties["140703"]["value"]) == (1, 1)
    assert counties["140105"]["value"] == 0
    cities = {c["code"]: c["value"] for c in values.cities}
    assert (cities["140100"], cities["140700"], cities["140200"]) == (1, 1, 0)
    towns = _by_code(maps.map_values(user=province_planner(), metric_key="towns"))
    assert towns["140121"]["value"] == 1


@pytest.mark.django_db
def test_a_city_officer_sees_their_city() -> None:
    _registry()
    values = maps.map_values(user=city_officer_taiyuan(), metric_key="enterprises")
    assert sum(1 for c in values.counties if c["inScope"]) == 10
    assert {c["code"]: c["value"] for c in values.cities}["140100"] == 2


@pytest.mark.django_db
def test_an_indicator_metric_for_a_period_in_its_default_unit() -> None:
    # given county revenue for two periods, one entered in 万元
    metric = Metric.objects.get(code="revenue")
    for year, value, unit in ((2023, Decimal("12.5"), "亿元"), (2024, Decimal("150000"), "万元")):
        Indicator.objects.create(
            metric=metric,
            subject_kind="county",
            subject_code="140121",
            region_id="140121",
            year=year,
            value=value,
            unit=unit,
            value_base=value * (100_000_000 if unit == "亿元" else 10_000),
            base_unit="元",
        )
    user = province_planner()
    # when the map shows the metric without a period, then the latest period, in 亿元
    values = maps.map_values(user=user, metric_key="indicator:revenue")
    assert [p.key for p in values.periods] == ["2024", "2023"]
    assert values.period is not None and values.period.key == "2024"
    assert _by_code(values)["140121"]["value"] == 15.0
    assert _by_code(values)["140105"]["value"] is None  # no figure: no value, not zero
    # and for an earlier period
    earlier = maps.map_values(user=user, metric_key="indicator:revenue", period_key="2023")
    assert _by_code(earlier)["140121"]["value"] == 12.5
    assert "indicator:revenue" in [c.key for c in maps.metric_choices()]
