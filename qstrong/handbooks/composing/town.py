"""一镇一册: the sections of a specialty-town handbook."""

from __future__ import annotations

from django.db.models import Q

from qstrong.casework.models import Need, OutreachActivity
from qstrong.handbooks.composing.base import ComposeContext, dash, section
from qstrong.handbooks.composing.common import measures_blocks
from qstrong.handbooks.composing.registers import town_blocks
from qstrong.handbooks.composing.revenue import revenue_blocks
from qstrong.handbooks.schemas import Block, Facts, Paragraph, Table
from qstrong.registry.models import TownMember

T = "town"


def _members(ctx: ComposeContext) -> list[TownMember]:
    """The town's members, read once for the three sections that show them."""
    return ctx.once(
        "town_members",
        lambda: list(
            TownMember.objects.filter(town=ctx.subject, enterprise__archived_at__isnull=True)
            .select_related("enterprise")
            .order_by("-is_leading", "enterprise__name")
        ),
    )


@section(T, "overview", "专业镇概况")
def overview(ctx: ComposeContext) -> list[Block]:
    town = ctx.subject
    members = _members(ctx)
    leading = "、".join(m.enterprise.name for m in members if m.is_leading) or "—"
    return [
        Facts(
            rows=[
                ("专业镇", town.name),
                ("所在县（市、区）", town.county.name),
                ("级别", str(town.get_level_display())),
                ("主导产业", town.leading_industry or "—"),
                ("龙头企业", leading),
                ("成员企业", f"{len(members)} 家"),
            ]
        )
    ]


@section(T, "measures", "服务举措（八类）")
def measures(ctx: ComposeContext) -> list[Block]:
    return measures_blocks(ctx)


@section(T, "quality_base", "标准、认证与品牌")
def quality_base(ctx: ComposeContext) -> list[Block]:
    members = _members(ctx)
    if not members:
        return [Paragraph(text="暂无成员企业。")]
    rows = []
    for m in members:
        e = m.enterprise
        certs = "、".join(e.certifications) if e.certifications else "—"
        brands = "、".join(t for t in (e.tags or []) if "品牌" in t or "商标" in t) or "—"
        rows.append([e.name, dash(e.standards_led), certs, brands])
    led = sum(int(r[1]) for r in rows if r[1].isdigit())
    return [
        Paragraph(text=f"成员企业主导制定标准合计 {led} 项（企业填报）。"),
        Table(columns=["企业", "主导制定标准数", "认证", "品牌与商标"], rows=rows),
        *town_blocks(town=ctx.subject, members=[m.enterprise for m in members], as_of=ctx.as_of),
    ]


@section(T, "outreach", "走访服务与需求")
def outreach(ctx: ComposeContext) -> list[Block]:
    town = ctx.subject
    member_ids = [m.enterprise_id for m in _members(ctx)]
    activities = (
        OutreachActivity.objects.filter(
            Q(towns=town) | Q(enterprises__in=member_ids), archived_at__isnull=True
        )
        .distinct()
        .order_by("date", "pk")
    )
    acts = [[dash(a.date), str(a.get_kind_display()), a.title] for a in activities]
    needs = Need.objects.filter(
        Q(town=town) | Q(enterprise__in=member_ids), archived_at__isnull=True
    )
    need_rows = [
        [n.description, str(n.get_category_display()), str(n.get_state_display())]
        for n in needs.order_by("raised_on", "pk")
    ]
    blocks: list[Block] = []
    blocks.append(
        Table(title="走访服务活动", columns=["日期", "类型", "活动"], rows=acts)
        if acts
        else Paragraph(text="暂无走访服务记录。")
    )
    blocks.append(
        Table(title="需求", columns=["需求", "类别", "状态"], rows=need_rows)
        if need_rows
        else Paragraph(text="暂无登记的需求。")
    )
    return blocks


@section(T, "revenue", "营业收入与产值")
def revenue(ctx: ComposeContext) -> list[Block]:
    town = ctx.subject
    return revenue_blocks(kind="town", code=town.code, name=town.name)
