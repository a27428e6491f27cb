"""Chain graph: bottleneck scores and concentration risks exactly, and what a viewer may see."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

import pytest
from django.utils import timezone

from qstrong.accounts.tests.factories import (
    county_officer_qingxu,
    county_officer_taigu,
    province_planner,
)
from qstrong.insights.graph import (
    MemberInput,
    ProblemInput,
    Risk,
    age_factor,
    band_of,
    bottleneck_of,
    chain_graph,
    concentration_risks,
    problem_weight,
)
from qstrong.quality.models import Grade, ProblemState
from qstrong.quality.tests.factories import ProblemFactory, QualityLossFactory
from qstrong.registry.models import Chain, SupplyLink
from qstrong.registry.tests.factories import (
    ChainFactory,
    ChainMemberFactory,
    EnterpriseFactory,
    SegmentFactory,
    make_uscc,
)

TODAY = dt.date(2025, 1, 1)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 12, 0))


def small_chain() -> dict[str, Any]:
    """Three segments; 清徐 holds the leader, 太谷 the core; links make three risks.

    A 原料 (上游): e5 backbone (清徐)
    B 部件 (中游): e2 supplier (清徐), e3 supplier (太谷)
    C 整机 (下游): e1 leader (清徐), e4 core (太谷)
    Links: e2→e1, e5→e2, e5→e3, e3→e4.
    Open problems: B 重大 90 days + 20万元 loss, B 一般 today, A 较大 180 days (太谷); one closed.
    """
    chain = cast(Chain, ChainFactory(code="gear", name="齿轮产业链"))
    a = SegmentFactory(chain=chain, name="原料", position=1, stage="upstream")
    b = SegmentFactory(chain=chain, name="部件", position=2, stage="midstream")
    c = SegmentFactory(chain=chain, name="整机", position=3, stage="downstream")

    def member(n: int, name: str, region: str, segment: Any, role: str) -> Any:
        enterprise = EnterpriseFactory(uscc=make_uscc(900 + n, region), name=name, region_id=region)
        ChainMemberFactory(enterprise=enterprise, chain=chain, segment=segment, role=role)
        return enterprise

    e1 = member(1, "清徐整机链主有限公司", "140121", c, "leader")
    e2 = member(2, "清徐部件配套有限公司", "140121", b, "supplier")
    e3 = member(3, "太谷部件配套有限公司", "140703", b, "supplier")
    e4 = member(4, "太谷整机链核有限公司", "140703", c, "core")
    e5 = member(5, "清徐原料骨干有限公司", "140121", a, "backbone")
    for supplier, customer, product in (
        (e2, e1, "齿轮"),
        (e5, e2, "钢坯"),
        (e5, e3, "钢坯"),
        (e3, e4, "齿轮"),
    ):
        SupplyLink.objects.create(
            supplier=supplier, customer=customer, product=product, chain=chain
        )

    p1 = ProblemFactory(
        chain=chain,
        segment=b,
        grade=Grade.CRITICAL,
        state=ProblemState.IN_PROGRESS,
        registered_at=_at(dt.date(2024, 10, 3)),
        title="齿面硬度不稳定",
        enterprises=[e2],
    )
    QualityLossFactory(
        problem=p1,
        year=2024,
        failures_before=10,
        failures_after=0,
        cost_per_failure=Decimal("1.5"),
        other_cost_before=Decimal("5"),
    )
    p2 = ProblemFactory(
        chain=chain,
        segment=b,
        grade=Grade.GENERAL,
        state=ProblemState.REGISTERED,
        registered_at=_at(TODAY),
        title="包装标识不全",
        enterprises=[e2],
    )
    ProblemFactory(
        chain=chain,
        segment=b,
        grade=Grade.CRITICAL,
        state=ProblemState.CLOSED,
        registered_at=_at(dt.date(2023, 1, 1)),
        title="已关闭问题",
        enterprises=[e2],
    )
    p4 = ProblemFactory(
        chain=chain,
        segment=a,
        grade=Grade.MAJOR,
        state=ProblemState.ANALYSED,
        registered_at=_at(dt.date(2024, 7, 5)),
        title="太谷原料杂质超标",
        region_id="140703",
        enterprises=[e3],
    )
    return {
        "chain": chain,
        "a": a,
        "b": b,
        "c": c,
        "e": [None, e1, e2, e3, e4, e5],
        "p": [None, p1, p2, None, p4],
    }


# ---- the pure scoring ------------------------------------------------------------------------


def test_age_factor_and_weight_follow_grade_and_days() -> None:
    assert age_factor(0) == 1
    assert age_factor(90) == 2
    assert age_factor(180) == 3
    assert age_factor(360) == age_factor(361) == age_factor(3650) == 5
    assert problem_weight(Grade.GENERAL, 0) == 1
    assert problem_weight(Grade.MAJOR, 90) == 6
    assert problem_weight(Grade.CRITICAL, 45) == Decimal("13.5")


def test_bottleneck_score_combines_problems_and_losses() -> None:
    # given a 重大 problem open 90 days with 20万元 loss and a 一般 problem opened today
    problems = [
        ProblemInput(
            pk=1, segment_key="s", grade="critical", days_open=90, annual_loss=Decimal(20)
        ),
        ProblemInput(pk=2, segment_key="s", grade="general", days_open=0),
    ]
    # when scored
    b = bottleneck_of(problems)
    # then 18 + 1 problem points, 2 loss points, 21 raw → 21 × 100 / 30 = 70 (高)
    assert (b.problem_points, b.loss, b.loss_points, b.raw) == (19, 20, 2, 21)
    assert (b.score, b.band, b.band_label) == (70, "high", "高")
    assert b.explanation == (
        "问题分 19（2 个未关闭问题："
        "等级权重 一般1/较大3/重大9 × 时长系数 1+已开放天数/90，最多按 360 天计）；"
        "损失分 2（年质量损失 20 万元 ÷ 10）；合计 21 分，按 30 分为满分折算：70（高）。"
    )


def test_bottleneck_score_saturates_at_100_and_is_0_without_problems() -> None:
    assert bottleneck_of([ProblemInput(1, "s", "critical", 900)]).score == 100
    empty = bottleneck_of([])
    assert (empty.score, empty.band) == (0, "low")
    assert empty.explanation == "该环节没有未关闭的质量问题，瓶颈分为 0。"


def test_bands_split_at_25_50_75() -> None:
    assert [band_of(s)[1] for s in (0, 24, 25, 49, 50, 74, 75, 100)] == [
        "低",
        "低",
        "中",
        "中",
        "高",
        "高",
        "严重",
        "严重",
    ]


def test_concentration_risks_flag_single_supplier_leaders_and_segments() -> None:
    # given a leader with one supplier, a core with two, a segment fed by one outside supplier
    members = [
        MemberInput(1, "C", "leader"),
        MemberInput(4, "C", "core"),
        MemberInput(2, "B", "supplier"),
        MemberInput(3, "B", "supplier"),
        MemberInput(5, "A", "backbone"),
    ]
    links = [(2, 1), (2, 4), (3, 4), (5, 2), (5, 3), (2, 3)]
    # when checked
    risks = concentration_risks(members=members, links=links)
    # then the leader (only 2) and segment B (only 5 from outside; 2→3 is inside) are flagged
    assert risks == [Risk("enterprise", "C", 1, 2), Risk("segment", "B", None, 5)]


def test_no_supply_data_is_not_a_risk() -> None:
    assert concentration_risks(members=[MemberInput(1, "A", "leader")], links=[]) == []


# ---- the graph from the database ------------------------------------------------------------


@pytest.mark.django_db
def test_chain_graph_scores_segments_exactly() -> None:
    # given the small chain, seen by the province
    data = small_chain()
    # when built on 2025-01-01
    graph = chain_graph(chain=data["chain"], user=province_planner(), today=TODAY)
    # then the columns run upstream → downstream with their scores
    assert [c.name for c in graph.columns] == ["原料", "部件", "整机"]
    assert [c.stage_label for c in graph.columns] == ["上游", "中游", "下游"]
    assert [c.bottleneck.score for c in graph.columns] == [30, 70, 0]
    assert [c.bottleneck.band_label for c in graph.columns] == ["中", "高", "低"]
    segment_b = graph.columns[1].bottleneck
    assert segment_b.loss == Decimal("20")  # 10 failures × 1.5万元 + 5万元 other costs
    assert [c.problem.title for c in segment_b.contributions] == ["齿面硬度不稳定", "包装标识不全"]
    assert graph.worst is not None and graph.worst.name == "部件"
    # and the nodes carry their roles, leaders first
    assert [(n.label, n.role) for n in graph.columns[2].nodes] == [
        ("清徐整机链主有限公司", "leader"),
        ("太谷整机链核有限公司", "core"),
    ]
    e = data["e"]
    assert {(x.source, x.target) for x in graph.edges} == {
        (f"e{e[2].pk}", f"e{e[1].pk}"),
        (f"e{e[5].pk}", f"e{e[2].pk}"),
        (f"e{e[5].pk}", f"e{e[3].pk}"),
        (f"e{e[3].pk}", f"e{e[4].pk}"),
    }


@pytest.mark.django_db
def test_chain_graph_concentration_risks_are_named() -> None:
    data = small_chain()
    graph = chain_graph(chain=data["chain"], user=province_planner(), today=TODAY)
    assert [text for _col, text in graph.risks] == [
        "链主清徐整机链主有限公司 仅有一家供应商：清徐部件配套有限公司（供应关系入度为 1）",
        "链核太谷整机链核有限公司 仅有一家供应商：太谷部件配套有限公司（供应关系入度为 1）",
        "环节「部件」的企业仅由一家外部供应商供货：清徐原料骨干有限公司",
    ]
    assert graph.hidden_risks == 0


@pytest.mark.django_db
def test_a_county_officer_sees_other_counties_anonymised() -> None:
    # given the small chain, seen by the officer of 清徐
    data = small_chain()
    graph = chain_graph(chain=data["chain"], user=county_officer_qingxu(), today=TODAY)
    labels = [n.label for c in graph.columns for n in c.nodes]
    # then 太谷's enterprises are one aggregate per segment, never by name
    assert labels == [
        "清徐原料骨干有限公司",
        "清徐部件配套有限公司",
        "其他地区企业 ×1",
        "清徐整机链主有限公司",
        "其他地区企业 ×1",
    ]
    hidden_b = f"h{graph.columns[1].key}"
    hidden_c = f"h{graph.columns[2].key}"
    assert (hidden_b, hidden_c) in {(x.source, x.target) for x in graph.edges}
    # and the scores still count every open problem, naming only the visible ones
    assert [c.bottleneck.score for c in graph.columns] == [30, 70, 0]
    assert graph.columns[0].bottleneck.hidden_count == 1
    assert graph.columns[0].bottleneck.visible_contributions == []
    # and the core's risk in 太谷 is only counted
    assert [text for _col, text in graph.risks] == [
        "链主清徐整机链主有限公司 仅有一家供应商：清徐部件配套有限公司（供应关系入度为 1）",
        "环节「部件」的企业仅由一家外部供应商供货：清徐原料骨干有限公司",
    ]
    assert graph.hidden_risks == 1


@pytest.mark.django_db
def test_a_hidden_supplier_is_not_named_in_a_risk() -> None:
    data = small_chain()
    graph = chain_graph(chain=data["chain"], user=county_officer_taigu(), today=TODAY)
    texts = [text for _col, text in graph.risks]
    assert texts == [
        "链核太谷整机链核有限公司 仅有一家供应商：太谷部件配套有限公司（供应关系入度为 1）",
        "环节「部件」的企业仅由一家外部供应商供货：一家辖区外企业",
    ]
    assert not any("清徐" in n.label for c in graph.columns for n in c.nodes)


@pytest.mark.django_db
def test_a_chain_without_segments_has_an_empty_graph() -> None:
    chain = cast(Chain, ChainFactory(code="empty", name="空产业链"))
    graph = chain_graph(chain=chain, user=province_planner(), today=TODAY)
    assert (graph.columns, graph.edges, graph.risks, graph.worst) == ([], [], [], None)


@pytest.mark.django_db
def test_a_large_role_group_shares_one_node_and_its_edges(monkeypatch: Any) -> None:
    # given the small chain drawn with one node per role and segment
    monkeypatch.setattr("qstrong.insights.graph.NODES_SHOWN", 1)
    data = small_chain()
    e = data["e"]
    # when the province opens the graph
    graph = chain_graph(chain=data["chain"], user=province_planner(), today=TODAY)
    # then 部件's two suppliers: the first by name drawn, the other one "其余配套企业 ×1" node
    segment_b = graph.columns[1]
    assert [(n.label, n.count) for n in segment_b.nodes] == [
        ("太谷部件配套有限公司", 1),
        ("其余配套企业 ×1", 1),
    ]
    grouped = segment_b.nodes[1].key
    # and the grouped enterprise's links end on the shared node
    assert (f"e{e[5].pk}", grouped) in {(x.source, x.target) for x in graph.edges}
    assert (grouped, f"e{e[1].pk}") in {(x.source, x.target) for x in graph.edges}
    # and the chain's enterprises are all still counted
    assert sum(n.count for c in graph.columns for n in c.nodes) == 5
