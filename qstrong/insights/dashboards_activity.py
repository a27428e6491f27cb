"""Dashboards over other apps' records: quality problems, outreach, policy coverage.

Each reads through the owning app's scoped selectors, so a county officer sees its county.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from qstrong.insights.charts import Chart, Headline, Series, number
from qstrong.insights.dashboards import Dashboard, pick_period
from qstrong.insights.figures import Figure
from qstrong.insights.periods import Period, parse_period, periods_around_months
from qstrong.registry.models import Chain, Region


def _count_figure(label: str, value: int | Decimal, unit: str, steps: list[str]) -> Figure:
    return Figure(label, "value", Decimal(value), unit, unit, steps=steps)


def chain_quality(*, user: Any, chain: Chain, board: Dashboard) -> None:
    """Problems by grade and state, and the savings the loss ledger computes."""
    from qstrong.quality.models import OPEN_STATES, Grade, ProblemState
    from qstrong.quality.selectors import (
        loss_chain_filter,
        loss_totals,
        losses_visible,
        problems_visible,
    )

    problems = problems_visible(user=user).filter(chain=chain)
    pairs = Counter(problems.values_list("grade", "state"))
    grades = [g for g, _label in Grade.choices]
    states = [s for s, _label in ProblemState.choices]
    grade_labels, state_labels = dict(Grade.choices), dict(ProblemState.choices)
    board.charts.append(
        Chart(
            id="problems",
            title=_("质量问题（按等级与状态）"),
            categories=[str(state_labels[s]) for s in states],
            series=[
                Series(str(grade_labels[g]), [pairs.get((g, s), 0) for s in states], stack="g")
                for g in grades
            ],
            unit=_("个"),
            category_label=_("状态"),
        )
    )
    totals = loss_totals(loss_chain_filter(losses_visible(user=user), chain.code))
    open_count = sum(n for (_g, s), n in pairs.items() if s in OPEN_STATES)
    board.headlines.append(
        Headline(
            "open-problems",
            _("在办质量问题"),
            _count_figure(_("在办质量问题"), open_count, "个", []),
            None,
            _("共 %(n)s 个问题") % {"n": sum(pairs.values())},
        )
    )
    steps = [
        _("质量损失台账 %(rows)s 条，减少故障 %(failures)s 次")
        % {"rows": totals.overall.rows, "failures": totals.overall.failures_avoided}
    ]
    board.headlines.append(
        Headline(
            "savings",
            _("质量成本节约"),
            Figure(
                _("质量成本节约"),
                "value",
                totals.overall.savings * 10_000,
                "元",
                "万元",
                steps=steps,
            ),
            None,
            _("由质量损失台账计算"),
        )
    )


def _outreach_periods() -> list[Period]:
    from qstrong.casework.models import OutreachActivity

    years = sorted({d.year for d in OutreachActivity.objects.dates("date", "year")}, reverse=True)
    periods: list[Period] = []
    for year in years:
        periods += [Period(year), Period(year, 1, 6), Period(year, 7, 12)]
    return periods


def outreach(*, user: Any, period_text: str | None, region: str = "") -> Dashboard:
    """惠企直通车: activities and distinct enterprises served, per month and per jurisdiction."""
    from qstrong.casework.selectors import outreach_stats

    periods = _outreach_periods()
    period = pick_period(period_text, periods)
    board = Dashboard("outreach", _("惠企直通车"), period=period, periods=periods)
    board.subtitle = _(
        "入企服务、对接会、座谈会等活动次数与服务企业数（同一企业在同一月内只计一次）。"
    )
    if period is None:
        board.notices.append(_("还没有惠企直通车活动记录。"))
        return board
    start = dt.date(period.year, period.start_month, 1)
    end_month = dt.date(period.year + (period.end_month == 12), period.end_month % 12 + 1, 1)
    end = end_month - dt.timedelta(days=1)
    level = "county" if region else "city"
    stats = outreach_stats(user=user, start=start, end=end, period="month", level=level)
    months = [f"{period.year}-{m:02d}" for m in range(period.start_month, period.end_month + 1)]
    by_month = {row.period: row for row in stats.rows}
    board.headlines += [
        Headline(
            "activities",
            _("活动次数"),
            _count_figure(_("活动次数"), stats.total_activities, "次", []),
            None,
            period.label,
        ),
        Headline(
            "enterprises",
            _("服务企业数（去重）"),
            _count_figure(_("服务企业数"), stats.total_enterprises, "家", []),
            None,
            period.label,
        ),
    ]
    board.charts.append(
        Chart(
            id="outreach-monthly",
            title=_("每月活动次数与服务企业数"),
            categories=[f"{int(m[5:])}月" for m in months],
            series=[
                Series(
                    _("活动次数"), [by_month[m].activities if m in by_month else 0 for m in months]
                ),
                Series(
                    _("服务企业数"),
                    [by_month[m].enterprises if m in by_month else 0 for m in months],
                ),
            ],
            unit=_("次 / 家"),
            category_label=_("月份"),
        )
    )
    regions = [(c, n) for c, n in stats.regions if c.startswith(region)]
    totals = dict.fromkeys((c for c, _n in regions), 0)
    for row in stats.rows:
        for code, (acts, _ents) in row.by_region.items():
            if code in totals:
                totals[code] += acts
    base = reverse("insights:outreach")
    board.charts.append(
        Chart(
            id="outreach-regions",
            title=_("各市活动次数") if not region else _("各县活动次数"),
            categories=[n for _c, n in regions],
            series=[Series(_("活动次数"), [totals[c] for c, _n in regions])],
            unit=_("次"),
            links=[]
            if region
            else [f"{base}?period={period.key}&region={c[:4]}" for c, _n in regions],
            category_label=_("地区"),
            note=_("点击某市可查看其下各县；一次活动服务多地企业时在各地分别计入。"),
        )
    )
    return board


ALL_PERIODS = "all"


def _coverage_period(text: str | None, periods: list[Period]) -> Period | None:
    """The period asked for if it has pushes or results; otherwise None = 全部 (everything)."""
    if not text or text == ALL_PERIODS:
        return None
    try:
        wanted = parse_period(text)
    except ValueError:
        return None
    return wanted if wanted in periods else None


def _coverage_steps(period: Period | None) -> dict[str, list[str]]:
    """计算说明 for each headline: what is counted, for everything or for the period."""
    if period is None:
        scope = _("按当前匹配结果与推送状态统计（全部期间）。")
        return {
            "eligible": [scope, _("符合条件：当前匹配结果为“符合条件”的（政策×企业）对数。")],
            "pushed": [scope, _("推送率 = 已推送的符合条件对 ÷ 符合条件对。")],
            "granted": [scope, _("兑现率 = 已兑现的符合条件对 ÷ 符合条件对。")],
            "unreached": [scope, _("未推送 = 符合条件对 − 已推送的符合条件对。")],
        }
    values = {"period": period.label, "end": f"{period.last_day:%Y-%m-%d}"}
    return {
        "eligible": [
            _("符合条件、待补充信息：匹配时间在期末（%(end)s）或之前的当前匹配结果。") % values,
        ],
        "pushed": [
            _("已推送：推送时间在%(period)s内的推送（仅计当前符合条件的对）。") % values,
            _("推送率 = 截至期末已推送的符合条件对 ÷ 截至期末的符合条件对。"),
        ],
        "granted": [
            _("已兑现：办结（兑现）时间在%(period)s内的推送。") % values,
            _("兑现率 = 截至期末已兑现的符合条件对 ÷ 截至期末的符合条件对。"),
        ],
        "unreached": [
            _("未推送：截至期末符合条件、但期末前尚未推送的对数。"),
        ],
    }


def coverage(*, user: Any, period_text: str | None = None, region: str = "") -> Dashboard:
    """政策覆盖: eligible pairs, pushed, granted — by city (drill to counties) and by policy.

    With a period: what was pushed / granted in it, against the pairs eligible at its end.
    """
    from qstrong.policies.coverage import coverage_compute, coverage_months

    periods = periods_around_months(coverage_months(user=user, region=region))
    period = _coverage_period(period_text, periods)
    board = Dashboard("coverage", _("政策覆盖"), period=period, periods=periods)
    board.all_periods_label = _("全部")
    # One subtitle for every period: the header is not swapped when the period changes.
    board.subtitle = _(
        "符合条件、已推送、已兑现的（政策×企业）对数；“应享尽享”看未推送数。"
        "选定期间时，推送、兑现按发生时间计入，符合条件按期末计。"
    )
    result = coverage_compute(
        user=user,
        region=region,
        start=period.first_day if period else None,
        end=period.last_day if period else None,
    )
    o = result.overall
    steps = _coverage_steps(period)
    as_at = _("截至 %(end)s") % {"end": f"{period.last_day:%Y-%m-%d}"} if period else ""
    board.headlines += [
        Headline(
            "eligible",
            _("符合条件（政策×企业）"),
            _count_figure(_("符合条件"), o.eligible, "项", steps["eligible"]),
            None,
            as_at,
        ),
        Headline(
            "pushed",
            _("已推送"),
            _count_figure(_("已推送"), o.pushed, "项", steps["pushed"]),
            None,
            _("推送率 %(rate)s") % {"rate": _pct(o.push_rate)},
        ),
        Headline(
            "granted",
            _("已兑现"),
            _count_figure(_("已兑现"), o.granted, "项", steps["granted"]),
            None,
            _("兑现率 %(rate)s") % {"rate": _pct(o.grant_rate)},
        ),
        Headline(
            "unreached",
            _("符合条件但未推送"),
            _count_figure(_("未推送"), o.unreached, "项", steps["unreached"]),
            None,
            _("应享尽享"),
        ),
    ]
    rows = result.by_county if region else result.by_city
    if region:
        rows = [r for r in rows if r.key.startswith(region)]
    base = reverse("insights:coverage")
    keep = f"period={period.key}&" if period else ""
    board.charts.append(
        _funnel_chart(
            "coverage-regions",
            _("各市覆盖情况") if not region else _("各县覆盖情况"),
            rows,
            [] if region else [f"{base}?{keep}region={r.key[:4]}" for r in rows],
            _("地区"),
        )
    )
    board.charts.append(
        _funnel_chart("coverage-policies", _("各项政策覆盖情况"), result.by_policy, [], _("政策"))
    )
    if region:
        name = Region.objects.filter(code=region.ljust(6, "0")).values_list("name", flat=True)
        board.extra["region_name"] = next(iter(name), region)
    return board


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _funnel_chart(
    chart_id: str, title: str, rows: list[Any], links: list[str], label: str
) -> Chart:
    return Chart(
        id=chart_id,
        title=title,
        categories=[r.label for r in rows],
        series=[
            Series(_("符合条件"), [r.funnel.eligible for r in rows]),
            Series(_("已推送"), [r.funnel.pushed for r in rows]),
            Series(_("已兑现"), [r.funnel.granted for r in rows]),
            Series(
                _("推送率"),
                [
                    number(Decimal(str(r.funnel.push_rate * 100)), 1)
                    if r.funnel.push_rate is not None
                    else None
                    for r in rows
                ],
                kind="line",
                axis=1,
            ),
        ],
        unit=_("项"),
        axis_units=(_("项"), "%"),
        links=links,
        category_label=label,
    )
