"""The insights part of the demo: the article's records, loaded idempotently after the registry."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction

from qstrong.insights import demo_figures as f
from qstrong.insights.models import IndicatorSource, Metric, SubjectGroup, SubjectKind
from qstrong.insights.services import IndicatorData, group_set_members, indicator_save
from qstrong.insights.standard import standard_metrics_ensure
from qstrong.registry.models import Chain, Town

GROUPS = (
    (
        "key_chains",
        "16条省级重点产业链",
        SubjectKind.CHAIN,
        f.KEY_CHAINS,
        "报道：“省级重点产业链达到16条”；其中8条的名称报道未列出，为占位产业链",
    ),
    (
        "provincial_towns",
        "18家省级重点专业镇",
        SubjectKind.TOWN,
        f.PROVINCIAL_TOWNS,
        "报道：“18家省级重点专业镇”；其中12家的名称报道未列出，为占位专业镇",
    ),
    (
        "ten_key_towns",
        "十大重点专业镇",
        SubjectKind.TOWN,
        f.TEN_KEY_TOWNS,
        "报道点名杏花村汾酒、代州黄酒为十大重点专业镇；其余8个成员为演示假设",
    ),
)

# Article counts shown on the province overview (ARTICLE_FIGURES in registry/demo/article_events).
# The handbook counts (21 / 16 / 18) are not typed in: the overview counts the handbook records.
PROVINCE_METRICS = (
    (
        "enterprise_visits",
        "入企服务企业数",
        "Enterprises visited",
        "家",
        100,
        f.H1_2024,
        "上半年入企服务100余家",
    ),
)


def _metric(code: str, name: str, name_en: str, unit: str) -> Metric:
    metric, _created = Metric.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "name_en": name_en,
            "unit_kind": "count",
            "default_unit": unit,
            "sort_order": 100,
        },
    )
    return metric


def _save(counter: Counter[str], **kwargs: Any) -> None:
    _indicator, outcome = indicator_save(data=IndicatorData(**kwargs), actor=None)
    counter[outcome] += 1


def _members(
    counter: Counter[str], metric: str, kind: str, figures: Any, period: Any, source: str, note: str
) -> None:
    for figure in figures:
        _save(
            counter,
            metric=metric,
            subject_kind=kind,
            subject_code=figure.code,
            period=period,
            value=figure.entered(),
            unit=figure.unit,
            source=source,
            source_note=note,
        )


def load_demo(*, say: Callable[[str], None]) -> dict[str, Any]:
    """Groups and figures; a second run changes nothing."""
    if Chain.objects.count() < len(f.KEY_CHAINS) or Town.objects.count() < len(f.PROVINCIAL_TOWNS):
        say("指标数据 / indicators: registry demo not loaded, skipped")
        return {"skipped": True}
    say("指标数据 / indicators …")
    counter: Counter[str] = Counter()
    with transaction.atomic():
        standard_metrics_ensure(Metric)
        for order, (code, name, kind, members, note) in enumerate(GROUPS):
            group, _created = SubjectGroup.objects.update_or_create(
                code=code,
                defaults={
                    "name": name,
                    "subject_kind": kind,
                    "source_note": note,
                    "sort_order": order,
                },
            )
            group_set_members(group=group, codes=list(members), actor=None)
        illustrative = IndicatorSource.ILLUSTRATIVE
        for period, figures in f.CHAIN_REVENUE.items():
            note = {f.H1_2024: f.SPLIT_NOTE, f.H1_2023: f.IMPLIED_NOTE}.get(period, f.TREND_NOTE)
            _members(counter, "revenue", SubjectKind.CHAIN, figures, period, illustrative, note)
        for period, figures in f.TOWN_REVENUE.items():
            note = {f.H1_2024: f.SPLIT_NOTE, f.H1_2023: f.IMPLIED_NOTE}.get(period, f.TREND_NOTE)
            _members(counter, "revenue", SubjectKind.TOWN, figures, period, illustrative, note)
        others = [m for m in f.TEN_TOWNS_OUTPUT_2023_SPLIT if m.code != "xinghuacun_fenjiu"]
        _members(
            counter,
            "output",
            SubjectKind.TOWN,
            others,
            f.YEAR_2023,
            illustrative,
            "演示示意：按报道“占十大专业镇总产值的34.4%”反推总额后拆分",
        )
        article = IndicatorSource.ARTICLE
        for period, value, quote in (
            (f.YEAR_2023, f.FENJIU_OUTPUT_2023, "杏花村汾酒专业镇2023年实现产值251.56亿元"),
            (f.H1_2024, f.FENJIU_OUTPUT_H1_2024, "今年1—6月实现产值130.86亿元"),
        ):
            _save(
                counter,
                metric="output",
                subject_kind=SubjectKind.TOWN,
                subject_code="xinghuacun_fenjiu",
                period=period,
                value=value,
                unit="亿元",
                source=article,
                source_note=f"{f.ARTICLE_SOURCE}：“{quote}”",
            )
        for code, name, name_en, unit, count, period, quote in PROVINCE_METRICS:
            _metric(code, name, name_en, unit)
            _save(
                counter,
                metric=code,
                subject_kind=SubjectKind.PROVINCE,
                subject_code="140000",
                period=period,
                value=Decimal(count),
                unit=unit,
                source=article,
                source_note=f"{f.ARTICLE_SOURCE}：“{quote}”",
            )
    return {"indicators": dict(counter)}
