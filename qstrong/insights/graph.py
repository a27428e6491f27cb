"""The chain graph: segments upstream → downstream, their enterprises, supply links, bottlenecks.

The pure part (`problem_weight`, `bottleneck_of`, `concentration_risks`, `graph_layout`) takes
plain values and is tested exactly; `chain_graph` reads the registry and the quality records and
hands them over. Enterprises the viewer may not see never leave this module with their names:
they become one "其他地区企业 ×N" node per segment.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.insights.graph_members import (
    MemberRow,
    RoleGroup,
    chain_member_ids,
    first_visible,
    linked_members,
    role_groups,
)
from qstrong.quality.models import OPEN_STATES, Grade, Problem, QualityLoss
from qstrong.registry.models import Chain, ChainRole, Enterprise, SupplyLink
from qstrong.registry.selectors import enterprises_visible

GRADE_WEIGHT = {Grade.GENERAL: 1, Grade.MAJOR: 3, Grade.CRITICAL: 9}
AGE_DAYS = 90  # a problem's weight grows by its grade weight every 90 days it stays open
# ... for a year at most: after that an old problem weighs five times, whatever the calendar says,
# so a map's scores do not creep towards 100 just because time passes.
MAX_AGE_DAYS = 360
LOSS_PER_POINT = Decimal(10)  # 万元 of open problems' annual quality loss worth one point
FULL_SCALE = Decimal(30)  # raw points that make a score of 100
BANDS = (
    (25, "low", "低", "#3a9d6b", "#e6f4ec"),
    (50, "medium", "中", "#c99a06", "#fdf3d3"),
    (75, "high", "高", "#e8853d", "#fde4d0"),
    (101, "severe", "严重", "#c94c4c", "#f9d3d1"),
)
LEADING_ROLES = {ChainRole.LEADER, ChainRole.CORE}
ROLE_ORDER: dict[str, int] = {
    ChainRole.LEADER: 0,
    ChainRole.CORE: 1,
    ChainRole.BACKBONE: 2,
    ChainRole.SUPPLIER: 3,
}
OTHER_COLUMN = "other"
# Members of one role in one segment drawn one by one; the rest share one node.
NODES_SHOWN = 12
TWO = Decimal("0.01")


# ---- pure: scoring ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProblemInput:
    """What the score needs of one open problem; title None when the viewer may not see it."""

    pk: int
    segment_key: str
    grade: str
    days_open: int
    annual_loss: Decimal = Decimal(0)
    title: str | None = None


@dataclass(frozen=True)
class Contribution:
    problem: ProblemInput
    weight: Decimal
    age_factor: Decimal

    @property
    def grade_label(self) -> str:
        return str(Grade(self.problem.grade).label)


@dataclass
class Bottleneck:
    problem_points: Decimal
    loss: Decimal  # 万元 a year
    loss_points: Decimal
    raw: Decimal
    score: int
    band: str
    band_label: str
    colour: str
    fill: str
    contributions: list[Contribution] = field(default_factory=list)

    @property
    def hidden_count(self) -> int:
        return sum(1 for c in self.contributions if c.problem.title is None)

    @property
    def visible_contributions(self) -> list[Contribution]:
        return [c for c in self.contributions if c.problem.title is not None]

    @property
    def explanation(self) -> str:
        return bottleneck_explanation(self)


def age_factor(days_open: int) -> Decimal:
    """1 + days/90, days capped at 360: a quarter open weighs twice, a year or more five times."""
    return 1 + Decimal(min(max(days_open, 0), MAX_AGE_DAYS)) / AGE_DAYS


def problem_weight(grade: str, days_open: int) -> Decimal:
    return GRADE_WEIGHT[Grade(grade)] * age_factor(days_open)


def band_of(score: int) -> tuple[str, str, str, str]:
    """(key, label, strong colour, soft fill) of a 0–100 score."""
    for limit, key, label, colour, fill in BANDS:
        if score < limit:
            return key, label, colour, fill
    raise AssertionError(score)  # pragma: no cover - BANDS end above 100


def bottleneck_of(problems: Iterable[ProblemInput]) -> Bottleneck:
    """Score = min(100, (Σ grade weight × age factor + annual loss / 10万元) × 100 / 30)."""
    contributions = [
        Contribution(
            problem=p,
            weight=problem_weight(p.grade, p.days_open),
            age_factor=age_factor(p.days_open),
        )
        for p in problems
    ]
    contributions.sort(key=lambda c: (-c.weight, c.problem.pk))
    points = sum((c.weight for c in contributions), Decimal(0))
    loss = sum((c.problem.annual_loss for c in contributions), Decimal(0))
    loss_points = loss / LOSS_PER_POINT
    raw = points + loss_points
    score = int(min(Decimal(100), raw * 100 / FULL_SCALE).quantize(Decimal(1), ROUND_HALF_UP))
    key, label, colour, fill = band_of(score)
    return Bottleneck(
        problem_points=points,
        loss=loss,
        loss_points=loss_points,
        raw=raw,
        score=score,
        band=key,
        band_label=_(label),
        colour=colour,
        fill=fill,
        contributions=contributions,
    )


def _num(value: Decimal) -> str:
    text = f"{value.quantize(TWO, ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def bottleneck_explanation(b: Bottleneck) -> str:
    """How the score was computed, in words an officer can check by hand."""
    if not b.contributions:
        return _("该环节没有未关闭的质量问题，瓶颈分为 0。")
    parts = [
        _(
            "问题分 %(points)s（%(n)d 个未关闭问题："
            "等级权重 一般1/较大3/重大9 × 时长系数 1+已开放天数/90，最多按 360 天计）"
        )
        % {"points": _num(b.problem_points), "n": len(b.contributions)},
        _("损失分 %(lp)s（年质量损失 %(loss)s 万元 ÷ 10）")
        % {"lp": _num(b.loss_points), "loss": _num(b.loss)},
        _("合计 %(raw)s 分，按 30 分为满分折算：%(score)d（%(band)s）")
        % {"raw": _num(b.raw), "score": b.score, "band": b.band_label},
    ]
    return "；".join(parts) + "。"


# ---- pure: supplier concentration ------------------------------------------------------------


@dataclass(frozen=True)
class MemberInput:
    enterprise_id: int
    segment_key: str
    role: str


@dataclass(frozen=True)
class Risk:
    kind: str  # "enterprise" or "segment"
    segment_key: str
    subject_id: int | None  # the enterprise at risk (kind enterprise)
    supplier_id: int


def concentration_risks(
    *, members: Iterable[MemberInput], links: Iterable[tuple[int, int]]
) -> list[Risk]:
    """A leader or core enterprise with exactly one supplier; a segment with exactly one.

    `links` are (supplier, customer) pairs. A segment's suppliers are those outside the segment
    that supply any of its members; a segment with none recorded is not flagged (no data).
    """
    members = list(members)
    suppliers_of: dict[int, set[int]] = defaultdict(set)
    for supplier, customer in links:
        if supplier != customer:
            suppliers_of[customer].add(supplier)
    risks: list[Risk] = []
    for m in sorted(members, key=lambda m: (ROLE_ORDER.get(m.role, 9), m.enterprise_id)):
        if m.role in LEADING_ROLES and len(suppliers_of[m.enterprise_id]) == 1:
            (only,) = suppliers_of[m.enterprise_id]
            risks.append(Risk("enterprise", m.segment_key, m.enterprise_id, only))
    by_segment: dict[str, set[int]] = defaultdict(set)
    for m in members:
        by_segment[m.segment_key].add(m.enterprise_id)
    for key, inside in by_segment.items():
        if key == OTHER_COLUMN:
            continue
        outside = {s for e in inside for s in suppliers_of[e]} - inside
        if len(outside) == 1:
            risks.append(Risk("segment", key, None, next(iter(outside))))
    return risks


# ---- the graph ------------------------------------------------------------------------------


@dataclass
class Node:
    key: str
    label: str
    column: str
    role: str
    role_label: str
    enterprise_id: int | None = None  # None for an anonymised aggregate
    region: str = ""
    count: int = 1
    x: float = 0.0
    y: float = 0.0


@dataclass
class Edge:
    source: str
    target: str
    products: list[str] = field(default_factory=list)
    count: int = 1


@dataclass
class Column:
    key: str
    name: str
    stage: str
    stage_label: str
    bottleneck: Bottleneck
    nodes: list[Node] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    x: float = 0.0

    @property
    def enterprise_count(self) -> int:
        return sum(node.count for node in self.nodes)


@dataclass
class ChainGraph:
    chain: Chain
    columns: list[Column]
    edges: list[Edge]
    risks: list[tuple[Column, str]]
    hidden_risks: int
    unsegmented: Bottleneck
    today: dt.date

    @property
    def worst(self) -> Column | None:
        scored = [c for c in self.columns if c.key != OTHER_COLUMN]
        return max(scored, key=lambda c: (c.bottleneck.score, -scored.index(c)), default=None)

    @property
    def height(self) -> int:
        return max((len(c.nodes) for c in self.columns), default=0)


def graph_layout(columns: list[Column]) -> None:
    """Columns at x = 0, 1, 2 …; nodes top-down at y = 0, 1, 2 … inside their column."""
    for i, column in enumerate(columns):
        column.x = float(i)
        for j, node in enumerate(column.nodes):
            node.x, node.y = float(i), float(j)


def _segment_key(segment_id: int | None) -> str:
    return f"s{segment_id}" if segment_id is not None else OTHER_COLUMN


def _annual_loss(losses: list[QualityLoss]) -> Decimal:
    """The latest year's loss before improvement: failures × cost per failure + other costs."""
    if not losses:
        return Decimal(0)
    latest = max(losses, key=lambda loss: (loss.year, loss.pk))
    failures = Decimal(latest.failures_before) * Decimal(latest.cost_per_failure or 0)
    return failures + Decimal(latest.other_cost_before)


def _problem_inputs(chain: Chain, *, user: Any, today: dt.date) -> list[ProblemInput]:
    from qstrong.quality.selectors import problems_visible

    visible = set(problems_visible(user=user).filter(chain=chain).values_list("pk", flat=True))
    problems = (
        Problem.objects.filter(chain=chain, state__in=OPEN_STATES, archived_at__isnull=True)
        .prefetch_related("losses")
        .order_by("pk")
    )
    return [
        ProblemInput(
            pk=p.pk,
            segment_key=_segment_key(p.segment_id),
            grade=p.grade,
            days_open=(today - timezone.localtime(p.registered_at).date()).days,
            annual_loss=_annual_loss(list(p.losses.all())),
            title=p.title if p.pk in visible else None,
        )
        for p in problems
    ]


def _member_node(member: MemberRow, column: str, role_label: str) -> Node:
    return Node(
        key=f"e{member.enterprise_id}",
        label=member.name,
        column=column,
        role=member.role,
        role_label=role_label,
        enterprise_id=member.enterprise_id,
        region=member.region,
    )


def _hidden_node(column: str, count: int) -> Node:
    return Node(
        key=f"h{column}",
        label=_("其他地区企业 ×%(n)d") % {"n": count},
        column=column,
        role="hidden",
        role_label=_("辖区外"),
        count=count,
    )


def _links(chain: Chain) -> list[SupplyLink]:
    """The chain's own links, and unlabelled links into one of its members."""
    from django.db.models import Q

    return list(
        SupplyLink.objects.filter(
            Q(chain=chain) | Q(chain__isnull=True, customer__in=chain_member_ids(chain))
        ).order_by("pk")
    )


def _risk_text(
    risk: Risk, names: dict[int, str], columns: dict[str, Column], roles: dict[int, str]
) -> str:
    supplier = names.get(risk.supplier_id) or _("一家辖区外企业")
    if risk.kind == "enterprise" and risk.subject_id is not None:
        return _("%(role)s%(name)s 仅有一家供应商：%(supplier)s（供应关系入度为 1）") % {
            "role": roles[risk.subject_id],
            "name": names[risk.subject_id],
            "supplier": supplier,
        }
    return _("环节「%(segment)s」的企业仅由一家外部供应商供货：%(supplier)s") % {
        "segment": columns[risk.segment_key].name,
        "supplier": supplier,
    }


def _more_node(column: str, role: str, role_label: str, count: int) -> Node:
    return Node(
        key=f"m{column}-{role}",
        label=_("其余%(role)s企业 ×%(n)d") % {"role": role_label, "n": count},
        column=column,
        role=role,
        role_label=role_label,
        count=count,
    )


def _columns_with_nodes(
    chain: Chain,
    groups: list[RoleGroup],
    shown: list[MemberRow],
    externals: list[Enterprise],
    visible: set[int],
) -> dict[str, Column]:
    """The columns and their nodes. Of each segment's visible members of one role, the first
    NODES_SHOWN by name (`shown`) are nodes of their own and the rest one "其余… ×N" node; the
    members the viewer may not see are one "其他地区企业 ×N" node per column. So a chain of
    thousands draws a readable graph whose cost does not grow with the chain."""
    empty = bottleneck_of([])
    columns: dict[str, Column] = {}
    other = Column(OTHER_COLUMN, _("链外及未分环节"), "", "", empty)
    columns[OTHER_COLUMN] = other
    for segment in chain.segments.order_by("position"):
        key = _segment_key(segment.pk)
        columns[key] = Column(
            key,
            segment.name,
            segment.stage,
            str(segment.get_stage_display() if segment.stage else ""),
            empty,
        )
    labels = {role: str(label) for role, label in ChainRole.choices}  # translated once
    by_group: dict[tuple[str, str], list[MemberRow]] = defaultdict(list)
    for member in sorted(shown, key=lambda m: (m.name, m.pk)):
        by_group[(_segment_key(member.segment_id), member.role)].append(member)
    hidden: dict[str, int] = defaultdict(int)
    for group in sorted(groups, key=lambda g: (ROLE_ORDER.get(g.role, 9), g.role)):
        key = _segment_key(group.segment_id)
        label = labels.get(group.role, group.role)
        drawn = by_group.get((key, group.role), [])
        columns[key].nodes.extend(_member_node(member, key, label) for member in drawn)
        if group.visible > len(drawn):
            columns[key].nodes.append(
                _more_node(key, group.role, label, group.visible - len(drawn))
            )
        hidden[key] += group.total - group.visible
    for enterprise in sorted(externals, key=lambda e: e.name):
        if enterprise.pk in visible:
            columns[OTHER_COLUMN].nodes.append(
                Node(
                    key=f"e{enterprise.pk}",
                    label=enterprise.name,
                    column=OTHER_COLUMN,
                    role="external",
                    role_label=_("链外企业"),
                    enterprise_id=enterprise.pk,
                    region=enterprise.region.name if enterprise.region_id else "",
                )
            )
        else:
            hidden[OTHER_COLUMN] += 1
    for key, count in hidden.items():
        if count:
            columns[key].nodes.append(_hidden_node(key, count))
    return columns


def _edges(links: list[SupplyLink], node_of: dict[int, str]) -> list[Edge]:
    merged: dict[tuple[str, str], Edge] = {}
    for link in links:
        source, target = node_of.get(link.supplier_id), node_of.get(link.customer_id)
        if source is None or target is None or source == target:
            continue
        edge = merged.get((source, target))
        if edge is None:
            merged[(source, target)] = Edge(source, target, [link.product] if link.product else [])
        else:
            edge.count += 1
            if link.product and link.product not in edge.products:
                edge.products.append(link.product)
    return list(merged.values())


def chain_graph(*, chain: Chain, user: Any, today: dt.date | None = None) -> ChainGraph:
    """The chain's graph as the user may see it; scores count every open problem of the chain.

    Its reads are bounded by what it draws (graph_members): counts per segment and role, the
    first NODES_SHOWN visible members of each, and the members the supply links touch."""
    today = today or timezone.localdate()
    links = _links(chain)
    link_ids = {i for link in links for i in (link.supplier_id, link.customer_id)}
    members = linked_members(chain, enterprise_ids=link_ids)
    member_ids = {m.enterprise_id for m in members}
    externals = list(
        Enterprise.objects.filter(
            pk__in=link_ids - member_ids, archived_at__isnull=True
        ).select_related("region")
    )
    known = member_ids | {e.pk for e in externals}
    if jurisdiction_of(user).is_everything:
        visible = known
    else:
        visible = set(
            enterprises_visible(user=user).filter(pk__in=known).values_list("pk", flat=True)
        )
    shown = first_visible(chain, user=user, shown=NODES_SHOWN)
    columns = _columns_with_nodes(chain, role_groups(chain, user=user), shown, externals, visible)

    drawn = {m.enterprise_id for m in shown}
    column_of = {m.enterprise_id: _segment_key(m.segment_id) for m in members}
    column_of.update({e.pk: OTHER_COLUMN for e in externals})
    role_of = {m.enterprise_id: m.role for m in members}
    node_of = {
        # Hidden: the column's anonymous node; drawn, or outside the chain: its own node;
        # a visible member beyond the first few: its role's "其余… ×N" node.
        i: (
            f"h{column}"
            if i not in visible
            else f"e{i}"
            if i in drawn or i not in role_of
            else f"m{column}-{role_of[i]}"
        )
        for i, column in column_of.items()
    }
    edges = _edges(
        [link for link in links if link.supplier_id in known and link.customer_id in known], node_of
    )

    problems = _problem_inputs(chain, user=user, today=today)
    for key, column in columns.items():
        if key != OTHER_COLUMN:
            column.bottleneck = bottleneck_of(p for p in problems if p.segment_key == key)
    unsegmented = bottleneck_of(p for p in problems if p.segment_key == OTHER_COLUMN)

    # Segments in chain order, so their risks read upstream → downstream.
    by_position = sorted(members, key=lambda m: (m.position, m.pk))
    inputs = [MemberInput(m.enterprise_id, _segment_key(m.segment_id), m.role) for m in by_position]
    pairs = [(link.supplier_id, link.customer_id) for link in links]
    names = {m.enterprise_id: m.name for m in members if m.enterprise_id in visible}
    names.update({e.pk: e.name for e in externals if e.pk in visible})
    labels = {role: str(label) for role, label in ChainRole.choices}  # translated once
    roles = {m.enterprise_id: labels.get(m.role, m.role) for m in members}
    risks: list[tuple[Column, str]] = []
    hidden_risks = 0
    for risk in concentration_risks(members=inputs, links=pairs):
        if risk.kind == "enterprise" and risk.subject_id not in visible:
            hidden_risks += 1
            continue
        text = _risk_text(risk, names, columns, roles)
        columns[risk.segment_key].risks.append(text)
        risks.append((columns[risk.segment_key], text))

    ordered = [c for k, c in columns.items() if k != OTHER_COLUMN]
    if columns[OTHER_COLUMN].nodes:
        ordered.insert(0, columns[OTHER_COLUMN])
    graph_layout(ordered)
    return ChainGraph(chain, ordered, edges, risks, hidden_risks, unsegmented, today)
