"""一企一册: the sections of an enterprise handbook, drawn from the records."""

from __future__ import annotations

from django.db.models import Q

from qstrong.casework.models import Need, Task
from qstrong.handbooks.composing.base import ComposeContext, dash, money, section
from qstrong.handbooks.composing.common import measures_blocks
from qstrong.handbooks.composing.registers import enterprise_blocks, enterprise_records
from qstrong.handbooks.schemas import Block, Facts, Paragraph, Table
from qstrong.policies.matching.explain import policy_explain
from qstrong.policies.matching.profiles import profile_of
from qstrong.policies.models import MatchResult, Outcome
from qstrong.policies.rules import FIELDS
from qstrong.quality.models import OPEN_STATES, KeyProject, Problem, QualityLoss
from qstrong.quality.selectors import savings_of
from qstrong.registry.models import ChainMember, TownMember

E = "enterprise"


@section(E, "profile", "企业概况")
def profile(ctx: ComposeContext) -> list[Block]:
    e = ctx.subject
    chains = ChainMember.objects.filter(enterprise=e).select_related("chain", "segment")
    towns = TownMember.objects.filter(enterprise=e).select_related("town")
    chain_text = "；".join(
        f"{m.chain.name}（{m.segment.name if m.segment else '未分环节'}，{m.get_role_display()}）"
        for m in chains.order_by("chain__sort_order", "chain__code")
    )
    town_text = "；".join(
        f"{m.town.name}{'（龙头企业）' if m.is_leading else ''}"
        for m in towns.order_by("town__code")
    )
    records = enterprise_records(e)
    # Where the registers hold records they say what counts, as eligibility reads it (ADR 0009).
    if records.certificates:
        certs = "、".join(sorted({c.scheme for c in records.valid_certificates(ctx.as_of)})) or "无"
    else:
        certs = (
            "、".join(e.certifications)
            if e.certifications
            else ("无" if e.certifications == [] else "—")
        )
    patents = records.granted_inventions() if records.patents else e.patents
    rows = [
        ("企业名称", e.name),
        ("统一社会信用代码", e.uscc),
        ("所在地区", e.region.name),
        ("所属行业", str(e.industry) if e.industry else "—"),
        ("成立日期", dash(e.established)),
        ("企业规模", str(e.get_scale_display()) if e.scale else "—"),
        ("从业人员", dash(e.employees)),
        ("营业收入", money(e.revenue)),
        ("所在产业链", chain_text or "—"),
        ("所在专业镇", town_text or "—"),
        ("认证", certs),
        ("主导制定标准数", dash(e.standards_led)),
        ("有效发明专利数", dash(patents)),
        ("信用等级", e.credit_rating or "—"),
    ]
    return [Facts(rows=rows), *enterprise_blocks(records, ctx.as_of)]


@section(E, "measures", "服务举措")
def measures(ctx: ComposeContext) -> list[Block]:
    return measures_blocks(ctx)


def _reason(ctx: ComposeContext, result: MatchResult) -> str:
    """The conditions it meets, as of the match that found it (the rule version then in force);
    the enterprise's profile on that day is read once for all its policies."""
    e = ctx.subject
    profile = ctx.once(
        f"profile:{result.as_of}", lambda: profile_of(enterprise=e, as_of=result.as_of)
    )
    explained = policy_explain(
        policy=result.policy, enterprise=e, as_of=result.as_of, profile=profile
    )
    parts = [line.text for line in explained.lines if getattr(line, "kind", "") == "condition"]
    return "；".join(parts) or "—"


def _claim(policy: object) -> str:
    p = policy
    how = "免申即享，自动兑现" if getattr(p, "delivery", "") == "automatic" else "需申报"
    where = getattr(p, "claim_where", "") or ""
    contact = getattr(p, "claim_contact", "") or ""
    return "；".join(x for x in (how, where, contact) if x)


@section(E, "policies", "可享受的惠企政策")
def policies(ctx: ComposeContext) -> list[Block]:
    e = ctx.subject
    results = list(
        MatchResult.objects.filter(enterprise=e, policy__state="published")
        .select_related("policy")
        .order_by("policy__code")
    )
    eligible = [r for r in results if r.outcome == Outcome.ELIGIBLE]
    needs = [r for r in results if r.outcome == Outcome.NEEDS_DATA]
    blocks: list[Block] = []
    if eligible:
        blocks.append(
            Table(
                title="符合条件的政策",
                columns=["政策", "文号", "符合条件的理由", "如何申兑"],
                rows=[
                    [
                        r.policy.title,
                        r.policy.document_number or "—",
                        _reason(ctx, r),
                        _claim(r.policy),
                    ]
                    for r in eligible
                ],
            )
        )
    else:
        blocks.append(Paragraph(text="按最近一次政策匹配，暂无符合条件的政策。"))
    if needs:
        blocks.append(
            Table(
                title="补充信息后可能符合的政策",
                columns=["政策", "需补充的信息"],
                rows=[
                    [r.policy.title, "、".join(_label(f) for f in r.missing_fields) or "—"]
                    for r in needs
                ],
            )
        )
    return blocks


def _label(name: str) -> str:
    spec = FIELDS.get(name)
    return spec.label_zh if spec is not None else name


def _needs(ctx: ComposeContext) -> list[Need]:
    return list(
        Need.objects.filter(enterprise=ctx.subject, archived_at__isnull=True).order_by(
            "raised_on", "pk"
        )
    )


def _tasks(ctx: ComposeContext) -> list[Task]:
    """The enterprise's tasks (the task, responsibility and contact sections share one read)."""
    return list(
        ctx.once(
            "tasks",
            lambda: list(
                Task.objects.filter(need__enterprise=ctx.subject, archived_at__isnull=True)
                .select_related("need", "responsible_bureau", "responsible_person")
                .order_by("due_date", "pk")
            ),
        )
    )


@section(E, "needs", "需求清单")
def needs(ctx: ComposeContext) -> list[Block]:
    rows = [
        [
            str(i),
            str(n.get_category_display()),
            n.description,
            str(n.get_source_display()),
            dash(n.raised_on),
            str(n.get_state_display()),
        ]
        for i, n in enumerate(_needs(ctx), start=1)
    ]
    if not rows:
        return [Paragraph(text="暂无登记的需求。")]
    return [Table(columns=["序号", "类别", "需求内容", "来源", "提出日期", "状态"], rows=rows)]


@section(E, "tasks", "任务清单")
def tasks(ctx: ComposeContext) -> list[Block]:
    rows = [
        [str(i), t.action, t.need.description, dash(t.due_date), str(t.get_state_display())]
        for i, t in enumerate(_tasks(ctx), start=1)
    ]
    if not rows:
        return [Paragraph(text="暂无任务。")]
    return [Table(columns=["序号", "任务内容", "对应需求", "完成时限", "状态"], rows=rows)]


@section(E, "responsibilities", "责任清单")
def responsibilities(ctx: ComposeContext) -> list[Block]:
    rows = [
        [
            str(i),
            t.action,
            t.responsible_bureau.name,
            str(t.responsible_person) if t.responsible_person else "—",
            dash(t.due_date),
        ]
        for i, t in enumerate(_tasks(ctx), start=1)
    ]
    if not rows:
        return [Paragraph(text="暂无责任分工。")]
    return [Table(columns=["序号", "任务", "责任单位", "责任人", "完成时限"], rows=rows)]


@section(E, "problems", "待解决的质量问题")
def problems(ctx: ComposeContext) -> list[Block]:
    rows = [
        [
            p.title,
            str(p.get_grade_display()),
            str(p.get_klass_display()),
            str(p.get_state_display()),
        ]
        for p in Problem.objects.filter(
            enterprises=ctx.subject, state__in=OPEN_STATES, archived_at__isnull=True
        ).order_by("pk")
    ]
    if not rows:
        return [Paragraph(text="暂无未关闭的质量问题。")]
    return [Table(columns=["问题", "等级", "类别", "状态"], rows=rows)]


@section(E, "projects", "重点攻关项目")
def projects(ctx: ComposeContext) -> list[Block]:
    e = ctx.subject
    qs = (
        KeyProject.objects.filter(
            Q(lead_enterprise=e) | Q(partner_enterprises=e), archived_at__isnull=True
        )
        .distinct()
        .select_related("chain", "lead_enterprise")
        .order_by("pk")
    )
    rows = [
        [k.name, k.chain.name if k.chain else "—", k.lead_enterprise.name, dash(k.started_on)]
        for k in qs
    ]
    if not rows:
        return [Paragraph(text="暂无参与的重点攻关项目。")]
    return [Table(columns=["项目", "产业链", "牵头企业", "开始日期"], rows=rows)]


@section(E, "savings", "质量损失节约")
def savings(ctx: ComposeContext) -> list[Block]:
    e = ctx.subject
    losses = QualityLoss.objects.filter(
        Q(problem__enterprises=e) | Q(key_project__lead_enterprise=e)
    ).distinct()
    count, total = savings_of(QualityLoss.objects.filter(pk__in=losses.values("pk")))
    if not count:
        return [Paragraph(text="暂无质量损失台账记录。")]
    return [Paragraph(text=f"质量损失台账 {count} 条，改进后每年减少质量损失 {money(total)}。")]


@section(E, "contacts", "联系人")
def contacts(ctx: ComposeContext) -> list[Block]:
    e = ctx.subject
    seen: dict[tuple[str, str], None] = {}
    for t in _tasks(ctx):
        seen[
            (t.responsible_bureau.name, str(t.responsible_person) if t.responsible_person else "")
        ] = None
    for m in ctx.measures:
        if m.responsible_bureau is not None:
            person = str(m.responsible_person) if m.responsible_person else ""
            seen[(m.responsible_bureau.name, person)] = None
    rows = [[bureau, person or "—"] for bureau, person in sorted(seen)]
    blocks: list[Block] = [
        Facts(rows=[("企业联系人", e.contact_name or "—"), ("联系电话", e.contact_phone or "—")])
    ]
    if rows:
        blocks.append(Table(title="服务责任单位", columns=["单位", "联系人"], rows=rows))
    return blocks
