"""The article's demo data: chains, towns, enterprises, roles and links."""

from __future__ import annotations

from typing import Any

import pytest

from qstrong.registry.demo.article import DEMO_CHAINS, DEMO_TOWNS
from qstrong.registry.demo.article_enterprises import ARTICLE_ENTERPRISES, GENERATED_USCC
from qstrong.registry.demo.codes import organisation_code
from qstrong.registry.demo.loader import load_demo
from qstrong.registry.models import (
    Chain,
    ChainMember,
    Enterprise,
    Industry,
    Region,
    SupplyLink,
    Town,
    TownMember,
)
from qstrong.registry.uscc import uscc_validate


@pytest.fixture
def article(db: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    # The registry's own part: other apps' demo loaders add records of their own.
    monkeypatch.setattr("qstrong.registry.demo.loader.DEMO_EXTENSIONS", ())
    return load_demo(users=False)


def _member(name: str, chain_code: str) -> ChainMember:
    return ChainMember.objects.select_related("segment").get(
        enterprise__name=name, chain__code=chain_code
    )


def test_the_article_roles_are_loaded_exactly(article: Any) -> None:
    # given the article data, then the roles are the ones the feature gives
    assert _member("广誉远中药股份有限公司", "modern_medicine").role == "core"
    assert _member("大运汽车股份有限公司", "nev").role == "leader"
    assert _member("太重集团榆次液压工业有限公司", "high_end_equipment").role == "core"
    assert _member("中车大同电力机车有限公司", "rail_transit").role == "leader"
    assert _member("山西银光华盛镁业股份有限公司", "magnesium").role == "leader"
    assert _member("山西鹏飞集团有限公司", "hydrogen").role == "leader"
    assert _member("经纬智能纺织机械有限公司", "high_end_equipment").role == "backbone"
    assert _member("中车永济电机有限公司", "rail_transit").role == "supplier"
    assert _member("北京中车赛德铁道电气科技有限公司", "rail_transit").role == "supplier"
    chalco = _member("中铝山西新材料有限公司", "aluminium")
    assert (chalco.role, chalco.segment.name) == ("leader", "电解铝")


def test_tz_yuci_hydraulic_leads_the_textile_hydraulic_town(article: Any) -> None:
    members = {
        m.enterprise.name: m.is_leading
        for m in TownMember.objects.filter(town__code="yuci_textile_hydraulic").select_related(
            "enterprise"
        )
    }
    assert members == {
        "太重集团榆次液压工业有限公司": True,
        "经纬智能纺织机械有限公司": False,
        "山西方盛液压传动有限公司": False,
    }


def test_daizhou_wine_makers_are_town_members_with_iso9001(article: Any) -> None:
    members = TownMember.objects.filter(town__code="daizhou_huangjiu").select_related("enterprise")
    assert sorted(m.enterprise.name for m in members) == [
        "代县代康实业有限公司",
        "代县冯氏酒业有限公司",
        "代县雁门山酒业有限公司",
    ]
    assert all(m.enterprise.certifications == ["ISO9001"] for m in members)
    assert all(m.enterprise.region_id == "140923" for m in members)


def test_aluminium_segments_run_mine_to_processing(article: Any) -> None:
    segments = Chain.objects.get(code="aluminium").segments.order_by("position")
    assert [(s.position, s.name, s.stage) for s in segments] == [
        (1, "矿山", "upstream"),
        (2, "氧化铝", "midstream"),
        (3, "电解铝", "midstream"),
        (4, "铝加工", "downstream"),
    ]


def test_sixteen_chains_eight_from_the_article_and_marked_placeholders(article: Any) -> None:
    chains = list(Chain.objects.order_by("sort_order"))
    assert len(chains) == 16
    assert [c.code for c in chains if c.source == "article"] == [
        "modern_medicine", "nev", "high_end_equipment", "rail_transit",
        "hydrogen", "prefab_building", "aluminium", "magnesium",
    ]  # fmt: skip
    placeholders = [c for c in chains if c.source == "placeholder"]
    assert [c.code for c in placeholders] == [f"placeholder_{n:02d}" for n in range(9, 17)]
    assert all(c.name == f"重点产业链（待补充）{c.code[-2:]}" for c in placeholders)
    assert all(c.segments.count() == 0 for c in placeholders)
    assert all(c.source_note.startswith("报道") for c in chains if c.source == "article")


def test_eighteen_towns_six_from_the_article_and_marked_placeholders(article: Any) -> None:
    towns = {t.code: t for t in Town.objects.all()}
    assert len(towns) == 18
    assert all(t.level == "provincial" for t in towns.values())
    article_towns = {c: t for c, t in towns.items() if t.source == "article"}
    assert {c: (t.county_id, t.industry_id, t.is_key) for c, t in article_towns.items()} == {
        "xinghuacun_fenjiu": ("141182", "C1512", True),
        "qingxu_vinegar": ("140121", "C1462", False),
        "daizhou_huangjiu": ("140923", "C1514", True),
        "taigu_malleable_iron": ("140703", "C3391", False),
        "yuci_textile_hydraulic": ("140702", "C3444", False),
        "jiezhou_pump": ("140802", "C3441", False),
    }
    placeholders = [t for t in towns.values() if t.source == "placeholder"]
    assert len(placeholders) == 12
    assert all("待补充" in t.name and "占位" in t.source_note for t in placeholders)
    assert all(t.batch is None and t.industry_id is None for t in placeholders)


def test_article_enterprises_are_labelled_and_codes_are_valid_generated_values(
    article: Any,
) -> None:
    enterprises = list(Enterprise.objects.all())
    assert len(enterprises) == len(ARTICLE_ENTERPRISES) == 15
    for enterprise in enterprises:
        assert enterprise.source == "article"
        assert enterprise.source_note.startswith("报道")
        assert GENERATED_USCC in enterprise.source_note
        assert uscc_validate(enterprise.uscc) == enterprise.uscc
        assert enterprise.uscc[2:8] == enterprise.region_id
        # The article gives no headcount or revenue: not recorded, not zero.
        assert (enterprise.employees, enterprise.revenue) == (None, None)
    assert len({e.uscc for e in enterprises}) == 15


def test_dayun_led_nine_standards(article: Any) -> None:
    assert Enterprise.objects.get(name="大运汽车股份有限公司").standards_led == 9


def test_crrc_datong_has_its_two_suppliers_from_the_article(article: Any) -> None:
    links = SupplyLink.objects.filter(customer__name="中车大同电力机车有限公司")
    assert sorted((link.supplier.name, link.product, link.chain.code) for link in links) == [
        ("中车永济电机有限公司", "HXD2型机车牵引电机", "rail_transit"),
        ("北京中车赛德铁道电气科技有限公司", "主断路器", "rail_transit"),
    ]


def test_the_demo_data_refers_only_to_codes_in_the_reference_tables(db: Any) -> None:
    regions = {e.region for e in ARTICLE_ENTERPRISES} | {t.county for t in DEMO_TOWNS}
    assert Region.objects.filter(code__in=regions, level="county").count() == len(regions)
    industries = {e.industry for e in ARTICLE_ENTERPRISES if e.industry}
    industries |= {t.industry for t in DEMO_TOWNS if t.industry}
    assert Industry.objects.filter(code__in=industries, level="class").count() == len(industries)


def test_source_notes_fit_their_column() -> None:
    notes = [c.source_note for c in DEMO_CHAINS] + [t.source_note for t in DEMO_TOWNS]
    notes += [e.source_note for e in ARTICLE_ENTERPRISES]
    assert max(len(note) for note in notes) <= 255


def test_organisation_code_check_character_follows_gb_11714() -> None:
    # the organisation code inside 91110000600037341L is 60003734-1
    assert organisation_code("60003734") == "600037341"


def test_events_and_figures_refer_to_known_chains_towns_and_enterprises() -> None:
    from qstrong.registry.demo.article_events import ARTICLE_EVENTS, ARTICLE_FIGURES

    chains = {c.code for c in DEMO_CHAINS}
    towns = {t.code for t in DEMO_TOWNS}
    keys = {e.key for e in ARTICLE_ENTERPRISES}
    for event in ARTICLE_EVENTS:
        assert event.date.year == 2024
        assert set(event.chains) <= chains
        assert set(event.towns) <= towns
        assert set(event.enterprises) <= keys
    for figure in ARTICLE_FIGURES:
        kind, _, ref = figure.subject.partition(":")
        assert ref in {"chain": chains, "town": towns, "enterprise": keys}.get(kind, {""})
