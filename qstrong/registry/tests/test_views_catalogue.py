"""Chain and specialty-town pages: reference data, members limited to the user's jurisdiction."""

from __future__ import annotations

import pytest

from qstrong.accounts.tests import factories as people
from qstrong.registry.models import Segment
from qstrong.registry.tests.factories import (
    ChainFactory,
    ChainMemberFactory,
    EnterpriseFactory,
    TownFactory,
    TownMemberFactory,
    make_uscc,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def aluminium():
    chain = ChainFactory(code="aluminium", name="铝", chief="副省长（演示）", sort_order=1)
    mine = Segment.objects.create(chain=chain, name="铝土矿", position=1, stage="upstream")
    smelt = Segment.objects.create(chain=chain, name="电解铝", position=2, stage="midstream")
    Segment.objects.create(chain=chain, name="铝加工", position=3, stage="downstream")
    qingxu = EnterpriseFactory(uscc=make_uscc(1), name="清徐铝业有限公司", region_id="140121")
    supplier = EnterpriseFactory(uscc=make_uscc(2), name="清徐矿业有限公司", region_id="140121")
    loose = EnterpriseFactory(uscc=make_uscc(3), name="清徐配套有限公司", region_id="140121")
    taigu = EnterpriseFactory(
        uscc=make_uscc(4, "140703"), name="太谷铝材有限公司", region_id="140703"
    )
    ChainMemberFactory(chain=chain, enterprise=qingxu, role="leader", segment=smelt)
    ChainMemberFactory(chain=chain, enterprise=supplier, role="supplier", segment=mine)
    ChainMemberFactory(chain=chain, enterprise=loose, role="backbone", segment=None)
    ChainMemberFactory(chain=chain, enterprise=taigu, role="core", segment=smelt)
    ChainFactory(
        code="placeholder_09", name="重点产业链（待补充）09", source="placeholder", sort_order=9
    )
    return chain


def test_chain_list_counts_members_the_user_can_see(client, aluminium) -> None:
    client.force_login(people.county_officer_qingxu())

    response = client.get("/registry/chains/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "副省长（演示）" in html
    assert html.index("铝</h2>") < html.index("重点产业链（待补充）09")
    assert ">占位</span>" in html
    assert '<div class="fs-5 fw-semibold">3</div><div class="small text-secondary">环节' in html
    assert '<div class="fs-5 fw-semibold">3</div><div class="small text-secondary">成员企业' in html


def test_chain_detail_flows_upstream_to_downstream_grouped_by_role(client, aluminium) -> None:
    client.force_login(people.county_officer_qingxu())

    html = client.get("/registry/chains/aluminium/").content.decode()

    assert html.index("铝土矿") < html.index("电解铝") < html.index("铝加工")
    assert html.index(">上游<") < html.index(">中游<") < html.index(">下游<")
    assert "清徐铝业有限公司" in html
    assert "太谷铝材有限公司" not in html  # another county's member
    assert "未分环节的成员企业（1 家）" in html
    assert "清徐配套有限公司" in html
    assert "您可见的成员企业 3 家" in html


def test_a_large_role_group_shows_the_first_names_and_links_to_the_rest(
    client, aluminium, monkeypatch
) -> None:
    # Given three more suppliers in 铝土矿 (four in all) and a page that shows two per group
    monkeypatch.setattr("qstrong.registry.selectors.MEMBERS_SHOWN", 2)
    mine = aluminium.segments.get(name="铝土矿")
    for n, name in enumerate(["清徐甲矿业有限公司", "清徐乙矿业有限公司", "清徐丙矿业有限公司"]):
        enterprise = EnterpriseFactory(uscc=make_uscc(10 + n), name=name, region_id="140121")
        ChainMemberFactory(chain=aluminium, enterprise=enterprise, role="supplier", segment=mine)
    client.force_login(people.county_officer_qingxu())

    html = client.get("/registry/chains/aluminium/").content.decode()

    # Then the first two by name are listed, the other two counted, with a link to all of them
    assert "清徐丙矿业有限公司" in html and "清徐乙矿业有限公司" in html
    assert "清徐甲矿业有限公司" not in html and "清徐矿业有限公司" not in html
    assert "另有 2 家，在企业列表中查看" in html
    assert "/registry/enterprises/?chain=aluminium&amp;role=supplier" in html
    assert "您可见的成员企业 6 家" in html
    assert "清徐铝业有限公司" in html  # the leader's group is small: shown whole


def test_the_province_sees_every_member(client, aluminium) -> None:
    client.force_login(people.province_planner())

    html = client.get("/registry/chains/aluminium/").content.decode()

    assert "太谷铝材有限公司" in html
    assert "您可见的成员企业 4 家" in html


def test_unknown_chain_is_404(client, aluminium) -> None:
    client.force_login(people.county_officer_qingxu())

    assert client.get("/registry/chains/nope/").status_code == 404


@pytest.fixture
def towns():
    vinegar = TownFactory(
        code="vinegar",
        name="清徐老陈醋专业镇",
        county_id="140121",
        level="provincial",
        leading_industry="食醋",
        batch=1,
        is_key=True,
    )
    TownFactory(
        code="pump",
        name="解州水泵专业镇",
        county_id="140802",
        level="city",
        leading_industry="水泵",
        batch=2,
    )
    member = EnterpriseFactory(uscc=make_uscc(1), name="清徐醋业有限公司", region_id="140121")
    leader = EnterpriseFactory(uscc=make_uscc(2), name="东湖醋园有限公司", region_id="140121")
    other = EnterpriseFactory(
        uscc=make_uscc(3, "140105"), name="太原醋坊有限公司", region_id="140105"
    )
    TownMemberFactory(town=vinegar, enterprise=member, is_leading=False)
    TownMemberFactory(town=vinegar, enterprise=leader, is_leading=True)
    TownMemberFactory(town=vinegar, enterprise=other, is_leading=False)
    return vinegar


def test_town_list(client, towns) -> None:
    client.force_login(people.county_officer_qingxu())

    html = client.get("/registry/towns/").content.decode()

    assert "清徐老陈醋专业镇" in html
    assert "清徐县（太原市）" in html
    assert "解州水泵专业镇" in html
    assert "盐湖区（运城市）" in html
    assert "第 1 批" in html
    assert ">市级</span>" in html
    assert '<td class="text-end">2</td>' in html  # 2 of 3 members are in 清徐


def test_town_detail_lists_leading_enterprises_first(client, towns) -> None:
    client.force_login(people.city_officer_taiyuan())

    html = client.get("/registry/towns/vinegar/").content.decode()

    assert html.index("东湖醋园有限公司") < html.index("太原醋坊有限公司")
    assert html.index("东湖醋园有限公司") < html.index("清徐醋业有限公司")
    assert "3 家（您管辖范围内）" in html
    assert "食醋" in html


def test_unknown_town_is_404(client, towns) -> None:
    client.force_login(people.county_officer_qingxu())

    assert client.get("/registry/towns/nope/").status_code == 404


def test_town_detail_shows_the_first_members_and_links_to_the_rest(
    client, towns, monkeypatch
) -> None:
    monkeypatch.setattr("qstrong.registry.selectors.MEMBERS_SHOWN", 1)
    client.force_login(people.city_officer_taiyuan())

    html = client.get("/registry/towns/vinegar/").content.decode()

    # One leading member (shown) and two ordinary ones, of which the first by name is shown.
    assert "东湖醋园有限公司" in html
    assert "太原醋坊有限公司" in html  # 太 sorts before 清 in code point order
    assert "清徐醋业有限公司" not in html
    assert "3 家（您管辖范围内）" in html
    assert (
        'data-testid="more-members" class="ms-2" href="/registry/enterprises/?town=vinegar"' in html
    )
    assert "另有 1 家一般成员" in html
    assert 'data-testid="more-leading"' not in html


def test_town_detail_counts_only_the_officers_members(client, towns, monkeypatch) -> None:
    monkeypatch.setattr("qstrong.registry.selectors.MEMBERS_SHOWN", 1)
    client.force_login(people.county_officer_qingxu())

    html = client.get("/registry/towns/vinegar/").content.decode()

    assert "2 家（您管辖范围内）" in html
    assert "太原醋坊有限公司" not in html
    assert "另有 1 家一般成员" not in html  # 清徐's one ordinary member is shown
