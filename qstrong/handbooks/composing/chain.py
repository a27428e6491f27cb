"""一链一册: the sections of a chain handbook (maps, graded problems, policy package …)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, Q

from qstrong.handbooks.composing.base import ComposeContext, dash, money, section
from qstrong.handbooks.composing.common import measures_blocks
from qstrong.handbooks.composing.registers import chain_blocks
from qstrong.handbooks.composing.revenue import revenue_blocks
from qstrong.handbooks.schemas import Block, Facts, Figure, Paragraph, Table
from qstrong.handbooks.system import system_actor
from qstrong.insights.graph import ChainGraph, Edge, Node, chain_graph, graph_layout
from qstrong.insights.svg import chain_svg
from qstrong.policies.models import MatchResult, Outcome
from qstrong.quality.models import OPEN_STATES, Grade, KeyProject, Problem, QualityLoss
from qstrong.quality.selectors import savings_of
from qstrong.registry.models import ChainMember, ChainRole

C = "chain"
NAMED_ROLES = {ChainRole.LEADER, ChainRole.CORE}
GRADE_ORDER = {Grade.CRITICAL: 0, Grade.MAJOR: 1, Grade.GENERAL: 2}


def compiler() -> Any:
    """The province, as which a chain handbook is compiled (an all-seeing reader)."""
    return system_actor()


def _named_members(chain: Any) -> list[ChainMember]:
    return list(
        ChainMember.objects.filter(
            chain=chain, role__in=NAMED_ROLES, enterprise__archived_at__isnull=True
        )
        .select_related("enterprise", "segment")
        .order_by("role", "enterprise__name")
    )


@section(C, "overview", "产业链概况")
def overview(ctx: ComposeContext) -> list[Block]:
    chain = ctx.subject
    counts = dict(
        ChainMember.objects.filter(chain=chain, enterprise__archived_at__isnull=True)
        .values_list("segment_id")
        .annotate(n=Count("pk"))
        .values_list("segment_id", "n")
    )
    named = _named_members(chain)
    leaders = "、".join(m.enterprise.name for m in named if m.role == ChainRole.LEADER) or "—"
    cores = "、".join(m.enterprise.name for m in named if m.role == ChainRole.CORE) or "—"
    facts = Facts(
        rows=[
            ("产业链", chain.name),
            ("链长", chain.chief or "—"),
            ("链主企业", leaders),
            ("链核企业", cores),
            ("成员企业", f"{sum(counts.values())} 家"),
        ]
    )
    rows = [
        [
            str(s.position),
            s.name,
            str(s.get_stage_display()) if s.stage else "—",
            str(counts.get(s.pk, 0)),
        ]
        for s in chain.segments.order_by("position")
    ]
    blocks: list[Block] = [facts]
    if chain.description:
        blocks.insert(0, Paragraph(text=chain.description))
    blocks.append(
        Table(
            title="产业链环节（上游 → 下游）",
            columns=["顺序", "环节", "上中下游", "企业数"],
            rows=rows,
        )
    )
    return blocks


def aggregate(graph: ChainGraph) -> ChainGraph:
    """Only 链主 / 链核 by name; every other enterprise counted per segment, as the graph hides."""
    new_key: dict[str, str] = {}
    for column in graph.columns:
        kept, hidden = [], 0
        for node in column.nodes:
            if node.role in NAMED_ROLES:
                kept.append(node)
                new_key[node.key] = node.key
            else:
                hidden += node.count
                new_key[node.key] = f"a{column.key}"
        if hidden:
            kept.append(
                Node(
                    key=f"a{column.key}",
                    label=f"骨干及配套企业 ×{hidden}",
                    column=column.key,
                    role="hidden",
                    role_label="汇总",
                    count=hidden,
                )
            )
        column.nodes = kept
    merged: dict[tuple[str, str], Edge] = {}
    for edge in graph.edges:
        source, target = (
            new_key.get(edge.source, edge.source),
            new_key.get(edge.target, edge.target),
        )
        if source == target:
            continue
        kept_edge = merged.setdefault((source, target), Edge(source, target, [], count=0))
        kept_edge.count += edge.count
        kept_edge.products += [p for p in edge.products if p not in kept_edge.products]
    graph.edges = list(merged.values())
    graph.risks = []
    graph_layout(graph.columns)
    return graph


def _summary(graph: ChainGraph) -> str:
    parts = [
        f"{c.name}：{c.enterprise_count} 家（{c.bottleneck.band_label}）" for c in graph.columns
    ]
    return "；".join(parts)


@section(C, "maps", "产业地图与质量瓶颈图")
def maps(ctx: ComposeContext) -> list[Block]:
    graph = aggregate(chain_graph(chain=ctx.subject, user=compiler(), today=ctx.as_of))
    summary = _summary(graph)
    worst = graph.worst
    lead = "上游 → 下游：" + " → ".join(c.name for c in graph.columns if c.key != "other")
    blocks: list[Block] = [
        Paragraph(text=lead),
        Figure(
            caption="产业地图", svg=chain_svg(graph, bottleneck=False), summary=summary, wide=True
        ),
        Figure(
            caption="质量瓶颈图", svg=chain_svg(graph, bottleneck=True), summary=summary, wide=True
        ),
    ]
    if worst is not None and worst.bottleneck.score:
        blocks.append(
            Paragraph(
                text=f"当前质量瓶颈最突出的环节：{worst.name}（{worst.bottleneck.band_label}）。"
            )
        )
    return blocks


@section(C, "problems", "质量问题分级分类清单")
def problems(ctx: ComposeContext) -> list[Block]:
    qs = list(
        Problem.objects.filter(chain=ctx.subject, state__in=OPEN_STATES, archived_at__isnull=True)
        .select_related("segment")
        .order_by("pk")
    )
    if not qs:
        return [Paragraph(text="暂无未关闭的质量问题。")]
    qs.sort(key=lambda p: (GRADE_ORDER.get(Grade(p.grade), 9), p.klass, p.pk))
    by_class = Counter(str(p.get_klass_display()) for p in qs)
    lead = (
        f"未关闭的质量问题 {len(qs)} 个，"
        + "，".join(f"{k} {n} 个" for k, n in sorted(by_class.items()))
        + "。"
    )
    rows = [
        [
            str(p.get_grade_display()),
            str(p.get_klass_display()),
            p.segment.name if p.segment else "—",
            p.title,
            str(p.get_state_display()),
        ]
        for p in qs
    ]
    return [
        Paragraph(text=lead),
        Table(columns=["等级", "类别", "环节", "问题", "状态"], rows=rows),
    ]


@section(C, "projects", "重点攻关项目")
def projects(ctx: ComposeContext) -> list[Block]:
    qs = KeyProject.objects.filter(chain=ctx.subject, archived_at__isnull=True).select_related(
        "lead_enterprise"
    )
    rows = [
        [k.name, k.lead_enterprise.name, k.other_partners or "—", dash(k.started_on)]
        for k in qs.order_by("pk")
    ]
    if not rows:
        return [Paragraph(text="暂无重点攻关项目。")]
    return [Table(columns=["项目", "牵头企业", "合作单位", "开始日期"], rows=rows)]


@section(C, "policy_package", "市场监管政策包")
def policy_package(ctx: ComposeContext) -> list[Block]:
    members = ChainMember.objects.filter(chain=ctx.subject).values("enterprise_id")
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    titles: dict[int, tuple[str, str]] = {}
    for policy_id, title, number, outcome, n in (
        MatchResult.objects.filter(enterprise_id__in=members, policy__state="published")
        .values_list("policy_id", "policy__title", "policy__document_number", "outcome")
        .annotate(n=Count("pk"))
        .order_by("policy__code")
    ):
        counts[policy_id][outcome] += n
        titles[policy_id] = (title, number)
    if not counts:
        return [Paragraph(text="按最近一次政策匹配，暂无适用于本链成员企业的政策。")]
    rows = [
        [
            titles[pid][0],
            titles[pid][1] or "—",
            str(c[Outcome.ELIGIBLE]),
            str(c[Outcome.NEEDS_DATA]),
        ]
        for pid, c in counts.items()
    ]
    return [
        Table(columns=["政策", "文号", "符合条件的成员企业", "待补充信息的成员企业"], rows=rows)
    ]


@section(C, "standards_providers", "标准体系与检验检测服务")
def standards_providers(ctx: ComposeContext) -> list[Block]:
    return chain_blocks(chain=ctx.subject, as_of=ctx.as_of)


@section(C, "savings", "质量损失节约")
def savings(ctx: ComposeContext) -> list[Block]:
    chain = ctx.subject
    losses = QualityLoss.objects.filter(Q(problem__chain=chain) | Q(key_project__chain=chain))
    count, total = savings_of(losses)
    if not count:
        return [Paragraph(text="暂无质量损失台账记录。")]
    return [Paragraph(text=f"质量损失台账 {count} 条，改进后每年减少质量损失 {money(total)}。")]


@section(C, "revenue", "营业收入")
def revenue(ctx: ComposeContext) -> list[Block]:
    return revenue_blocks(kind="chain", code=ctx.subject.code, name=ctx.subject.name)


@section(C, "measures", "质量强链工作举措")
def measures(ctx: ComposeContext) -> list[Block]:
    return measures_blocks(ctx)
