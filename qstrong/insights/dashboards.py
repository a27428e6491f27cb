"""What each figure dashboard shows: headline figures and charts, computed for one period."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from qstrong.insights import computed, selectors
from qstrong.insights.charts import Chart, Headline, Series, number
from qstrong.insights.figures import Figure, Subject
from qstrong.insights.hooks import provided_counts
from qstrong.insights.models import Metric, SubjectGroup, SubjectKind
from qstrong.insights.periods import Period, parse_period
from qstrong.registry import selectors as registry
from qstrong.registry.models import ChainMember, ChainRole, Region, Town, TownMember

YI = Decimal(100_000_000)


@dataclass
class Dashboard:
    key: str
    title: str
    subtitle: str = ""
    period: Period | None = None
    periods: list[Period] = field(default_factory=list)
    # When set, the picker also offers "everything" (period None) under this label.
    all_periods_label: str = ""
    headlines: list[Headline] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def pick_period(text: str | None, periods: list[Period]) -> Period | None:
    """The period asked for if it has data, else the latest one that does."""
    if text:
        try:
            wanted = parse_period(text)
        except ValueError:
            wanted = None
        if wanted is not None and wanted in periods:
            return wanted
    return periods[0] if periods else None


def _yi(figure: Figure) -> float | None:
    return number(figure.in_unit("亿元"))


def _growth_pct(figure: Figure | None) -> float | None:
    return None if figure is None else number(figure.value, 1)


def _group(code: str) -> SubjectGroup | None:
    return SubjectGroup.objects.filter(code=code).first()


def _ranking_chart(
    chart_id: str, title: str, result: computed.GroupFigures, url_name: str
) -> Chart:
    ranked = list(reversed(result.ranking))  # ECharts draws horizontal bars bottom-up
    return Chart(
        id=chart_id,
        title=title,
        categories=[r.subject.name for r in ranked],
        series=[
            Series(_("营业收入"), [_yi(r.figure) for r in ranked]),
            Series(
                _("同比增长（%）"),
                [_growth_pct(r.growth) for r in ranked],
                kind="line",
                hidden=True,
            ),
        ],
        unit="亿元",
        axis_units=("亿元", ""),
        horizontal=True,
        links=[reverse(url_name, args=[r.subject.code]) for r in ranked],
        category_label=_("名称"),
        note=_("同比增长为空表示缺少上年同期数据（不按 0 处理）。"),
    )


def _trend_chart(chart_id: str, title: str, series: list[tuple[Period, Figure, Figure]]) -> Chart:
    return Chart(
        id=chart_id,
        title=title,
        categories=[p.label for p, _v, _g in series],
        series=[
            Series(_("营业收入"), [_yi(v) for _p, v, _g in series]),
            Series(_("同比增长"), [_growth_pct(g) for _p, _v, g in series], kind="line", axis=1),
        ],
        unit="亿元",
        axis_units=("亿元", "%"),
        category_label=_("期间"),
    )


def overview(*, user: Any, period_text: str | None, region: str = "") -> Dashboard:
    revenue = Metric.objects.get(code="revenue")
    periods = selectors.periods_with_data(user=user, metric="revenue", subject_kind="chain")
    period = pick_period(period_text, periods)
    board = Dashboard("overview", _("全省概览"), period=period, periods=periods)
    board.subtitle = _(
        "质量强企强链强县主要指标：重点产业链、省级重点专业镇，按期间计算合计与同比。"
    )
    chains, towns = _group("key_chains"), _group("provincial_towns")
    if period is None or chains is None or towns is None:
        board.notices.append(_("还没有指标数据。可在“指标数据”中录入或导入。"))
        return board
    chain_figures = computed.group_figures(user=user, group=chains, metric=revenue, period=period)
    town_figures = computed.group_figures(user=user, group=towns, metric=revenue, period=period)
    board.headlines += [
        Headline(
            "chains",
            _("%(group)s累计营收") % {"group": chains.name},
            chain_figures.total,
            chain_figures.growth,
            period.label,
            reverse("insights:chain_index"),
        ),
        Headline(
            "towns",
            _("%(group)s营收") % {"group": towns.name},
            town_figures.total,
            town_figures.growth,
            period.label,
            reverse("insights:town_index"),
        ),
    ]
    board.headlines += _fenjiu_share(user)
    board.charts.append(
        _ranking_chart(
            "chain-ranking", _("重点产业链营收排名"), chain_figures, "insights:chain_dashboard"
        )
    )
    board.charts.append(
        _ranking_chart(
            "town-ranking", _("省级重点专业镇营收排名"), town_figures, "insights:town_dashboard"
        )
    )
    months = (period.start_month, period.end_month)
    trend = computed.group_series(user=user, group=chains, metric=revenue, months=months)
    board.charts.append(_trend_chart("chain-trend", _("重点产业链营收走势（同口径期间）"), trend))
    board.charts.append(_towns_by_region(town_figures, region))
    board.extra["counts"] = _province_counts(user)
    return board


def _fenjiu_share(user: Any) -> list[Headline]:
    group, output = _group("ten_key_towns"), Metric.objects.filter(code="output").first()
    if group is None or output is None:
        return []
    years = [
        p
        for p in selectors.periods_with_data(user=user, metric="output", subject_kind="town")
        if p.kind == "year"
    ]
    if not years:
        return []
    share = computed.member_share(
        user=user, group=group, member="xinghuacun_fenjiu", metric=output, period=years[0]
    )
    return [
        Headline(
            "fenjiu-share",
            _("杏花村汾酒专业镇产值占十大重点专业镇比重"),
            share,
            None,
            _("%(period)s，产值 %(value)s")
            % {"period": years[0].label, "value": share.parts[0].display},
            reverse("insights:town_dashboard", args=["xinghuacun_fenjiu"]),
        )
    ]


def _towns_by_region(result: computed.GroupFigures, region: str) -> Chart:
    """Town revenue summed by city (or, inside a city, by county): click a city to drill down."""
    towns = {t.code: t for t in Town.objects.select_related("county")}
    sums: dict[str, Decimal] = {}
    incomplete: set[str] = set()
    for ranked in result.ranking:
        town = towns.get(ranked.subject.code)
        if town is None or not town.county_id.startswith(region):
            continue
        key = town.county_id if region else town.county_id[:4] + "00"
        if ranked.figure.value is None:
            incomplete.add(key)
            continue
        sums[key] = sums.get(key, Decimal(0)) + ranked.figure.value
    keys = sorted(set(sums) | incomplete)
    names = dict(Region.objects.filter(code__in=keys).values_list("code", "name"))
    base = reverse("insights:overview")
    period = result.period.key
    return Chart(
        id="towns-by-region",
        title=_("省级重点专业镇营收（按市）") if not region else _("省级重点专业镇营收（按县）"),
        categories=[names.get(k, k) for k in keys],
        series=[
            Series(
                _("营业收入"),
                [None if k in incomplete else number(sums[k] / YI) for k in keys],
            )
        ],
        unit="亿元",
        axis_units=("亿元", ""),
        links=[] if region else [f"{base}?period={period}&region={k[:4]}" for k in keys],
        category_label=_("地区"),
        note=_("点击某市可查看其下各县。"),
    )


def _province_counts(user: Any) -> list[tuple[str, str, str]]:
    """The province's own counts (handbooks, visits): metric, value, period."""
    qs = selectors.indicators_visible(user=user).filter(subject_kind=SubjectKind.PROVINCE)
    rows = []
    for indicator in qs.order_by("metric__sort_order", "metric__code", "-year"):
        rows.append(
            (
                indicator.metric.name,
                f"{indicator.value.normalize():f}{indicator.unit}",
                indicator.period.label,
            )
        )
    # Counts the apps above compute from their own records (the handbooks), via the hook.
    return rows + provided_counts(user)


def group_index(*, user: Any, kind: str, period_text: str | None) -> Dashboard:
    """The chains (or towns) side by side: total, ranking, trend; each links to its dashboard."""
    code = "key_chains" if kind == SubjectKind.CHAIN else "provincial_towns"
    url_name = (
        "insights:chain_dashboard" if kind == SubjectKind.CHAIN else "insights:town_dashboard"
    )
    title = _("产业链看板") if kind == SubjectKind.CHAIN else _("专业镇看板")
    revenue = Metric.objects.get(code="revenue")
    periods = selectors.periods_with_data(user=user, metric="revenue", subject_kind=kind)
    period = pick_period(period_text, periods)
    board = Dashboard(f"{kind}-index", title, period=period, periods=periods)
    group = _group(code)
    if period is None or group is None:
        board.notices.append(_("还没有指标数据。可在“指标数据”中录入或导入。"))
        return board
    result = computed.group_figures(user=user, group=group, metric=revenue, period=period)
    board.headlines.append(Headline(kind, group.name, result.total, result.growth, period.label))
    board.charts.append(_ranking_chart(f"{kind}-ranking", _("营收排名"), result, url_name))
    months = (period.start_month, period.end_month)
    trend = computed.group_series(user=user, group=group, metric=revenue, months=months)
    board.charts.append(_trend_chart(f"{kind}-trend", _("营收走势（同口径期间）"), trend))
    board.extra["ranking"] = result.ranking
    board.extra["url_name"] = url_name
    return board


def subject_board(*, user: Any, subject: Subject, period_text: str | None, title: str) -> Dashboard:
    """One chain or town: its revenue for the period and over the years, with growth."""
    revenue = Metric.objects.get(code="revenue")
    qs = selectors.indicators_visible(user=user).filter(
        subject_kind=subject.kind, subject_code=subject.code
    )
    triples = qs.values_list("year", "start_month", "end_month").distinct()
    periods = sorted(
        {Period(*t) for t in triples}, key=lambda p: (p.year, p.end_month), reverse=True
    )
    period = pick_period(period_text, periods)
    board = Dashboard(subject.kind, title, period=period, periods=periods)
    if period is None:
        board.notices.append(_("该对象还没有指标数据。"))
        return board
    months = (period.start_month, period.end_month)
    for metric in Metric.objects.filter(
        pk__in=qs.filter(year=period.year, start_month=months[0], end_month=months[1]).values(
            "metric"
        )
    ):
        series = computed.subject_series(user=user, subject=subject, metric=metric, months=months)
        current = next(((v, g) for p, v, g in series if p == period), None)
        if current is not None:
            board.headlines.append(
                Headline(f"m-{metric.code}", metric.name, current[0], current[1], period.label)
            )
        if metric == revenue or metric.code == "output":
            chart = _trend_chart(
                f"trend-{metric.code}", _("%(metric)s走势") % {"metric": metric.name}, series
            )
            chart.series[0].name = metric.name
            board.charts.append(chart)
    return board


def chain_board(*, user: Any, code: str, period_text: str | None) -> Dashboard:
    # Counts per segment and role only (shown=0): no member rows are read for the charts.
    chain, segments = registry.chain_overview(user=user, code=code, shown=0)
    board = subject_board(
        user=user,
        subject=Subject(SubjectKind.CHAIN, chain.code, chain.name),
        period_text=period_text,
        title=chain.name,
    )
    roles: Counter[str] = Counter()
    for item in segments:
        roles.update({group.role: group.count for group in item.groups})
    labels = dict(ChainRole.choices)
    board.charts.append(
        Chart(
            id="members-by-role",
            title=_("成员企业（按角色）"),
            categories=[str(labels[r]) for r in ChainRole.values if roles.get(r)],
            series=[
                Series(
                    _("企业数"), [roles[r] for r in ChainRole.values if roles.get(r)], kind="pie"
                )
            ],
            unit=_("家"),
            category_label=_("角色"),
            note=_("仅统计您有权查看的企业。"),
        )
    )
    segment_rows = [
        (s.segment.name if s.segment else _("未分环节"), {g.role: g.count for g in s.groups})
        for s in segments
    ]
    board.charts.append(
        Chart(
            id="members-by-segment",
            title=_("成员企业（按环节，上游 → 下游）"),
            categories=[name for name, _items in segment_rows],
            series=[
                Series(
                    str(labels[r]),
                    [counts.get(r, 0) for _n, counts in segment_rows],
                    stack="role",
                )
                for r in ChainRole.values
            ],
            unit=_("家"),
            category_label=_("环节"),
            note=_("仅统计您有权查看的企业。"),
        )
    )
    board.extra["chain"] = chain
    board.extra["member_count"] = sum(roles.values())
    from qstrong.insights.dashboards_activity import chain_quality

    chain_quality(user=user, chain=chain, board=board)
    return board


def town_board(*, user: Any, code: str, period_text: str | None) -> Dashboard:
    overview = registry.town_overview(user=user, code=code, shown=0, by_scale=True)
    town = overview.town
    board = subject_board(
        user=user,
        subject=Subject(SubjectKind.TOWN, town.code, town.name),
        period_text=period_text,
        title=town.name,
    )
    scale_labels = {"large": _("大型"), "medium": _("中型"), "small": _("小型"), "micro": _("微型")}
    scales = overview.by_scale
    keys = [k for k in [*scale_labels, "unknown"] if scales.get(k)]
    board.charts.append(
        Chart(
            id="members-by-scale",
            title=_("成员企业（按规模）"),
            categories=[str(scale_labels.get(k, _("未记录"))) for k in keys],
            series=[Series(_("企业数"), [scales[k] for k in keys], kind="pie")],
            unit=_("家"),
            category_label=_("规模"),
            note=_("仅统计您有权查看的企业。"),
        )
    )
    board.extra["town"] = town
    board.extra["member_count"] = overview.member_count
    board.extra["leading_count"] = overview.leading_count
    shares = _town_share(user, town.code, board.period)
    board.headlines += shares
    return board


def _town_share(user: Any, code: str, period: Period | None) -> list[Headline]:
    group, output = _group("ten_key_towns"), Metric.objects.filter(code="output").first()
    if group is None or output is None or period is None:
        return []
    if not group.members.filter(subject_code=code).exists():
        return []
    years = [
        p
        for p in selectors.periods_with_data(user=user, metric="output", subject_kind="town")
        if p.kind == "year"
    ]
    if not years:
        return []
    share = computed.member_share(
        user=user, group=group, member=code, metric=output, period=years[0]
    )
    title = _("产值占%(group)s比重") % {"group": group.name}
    return [Headline("share", title, share, None, years[0].label)]


def membership_counts(*, user: Any) -> dict[str, int]:
    """Members the user may see, for the index pages' small print."""
    visible = registry.enterprises_visible(user=user).values("pk")
    return {
        "chain_members": ChainMember.objects.filter(enterprise__in=visible).count(),
        "town_members": TownMember.objects.filter(enterprise__in=visible).count(),
    }
