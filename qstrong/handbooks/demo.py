"""The handbooks part of the demo: two batches per kind as the article counts them (21 enterprise,
16 chain, 18 town handbooks; which subject falls in which batch is illustrative), all generated,
reviewed and published through the services. 广誉远's 一企一册 carries its 20 measures; publishing
it turns 15 of them into the 45 items of its needs / task / responsibility lists."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from qstrong.casework.demo import GYY_ITEMS, GYY_NOTE, _bureaus
from qstrong.casework.models import Need, Provenance, Task, TaskEvent
from qstrong.handbooks import batches, services
from qstrong.handbooks.library import STANDARD_MEASURES, library_ensure
from qstrong.handbooks.models import Batch, Handbook, Kind, Measure
from qstrong.registry.demo.article_events import ARTICLE_FIGURES
from qstrong.registry.models import Chain, ChainMember, Enterprise, Source, Town

SPLIT_NOTE = "示意：报道称“两批”，各批包含哪些对象为演示假设"
YEAR = 2024
# Batch 1 as of the day 广誉远's lists were drawn up; batch 2 at mid-year.
DATES = {"第一批": dt.date(2024, 2, 26), "第二批": dt.date(2024, 6, 28)}
GYY_CATEGORY = {
    "brand": "商标品牌保护",
    "quality": "质量提升",
    "standards": "标准化",
    "metrology": "计量",
    "certification": "检验检测与认证",
    "credit": "信用合规",
    "patent": "知识产权（专利）",
    "policy": "惠企政策落实",
}
# 广誉远's five further measures (no bureau / deadline: they are services, not tasks).
GYY_MORE = (
    ("商标品牌保护", "将“广誉远”纳入重点商标保护名录，开展品牌宣传推介"),
    ("质量提升", "支持参与“山西精品”公用品牌认证"),
    ("标准化", "推荐参加中药材标准化技术委员会工作"),
    ("知识产权（专利）", "推动专利转化运用与质押融资"),
    ("惠企政策落实", "按季度推送新出台的惠企政策并跟踪兑现"),
)
DAIZHOU_MEASURES = (
    ("标准引领", "宣贯实施《代州黄酒》团体标准，组织企业对标生产"),
    ("地理标志运用", "实施代州黄酒区域公用品牌培育计划，规范品牌授权使用"),
)


def _figure(metric: str) -> int:
    return int(next(f.value for f in ARTICLE_FIGURES if f.metric == metric))


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def _enterprises(count: int) -> list[Enterprise]:
    """广誉远, the other article enterprises on chains, then synthetic chain members."""
    article = Enterprise.objects.filter(source=Source.ARTICLE, archived_at__isnull=True)
    leaders = batches.subjects_by_criterion("chain_leaders") + batches.subjects_by_criterion(
        "town_leaders"
    )
    chosen = {
        e.pk: e for e in sorted(leaders, key=lambda e: (e.name != "广誉远中药股份有限公司", e.uscc))
    }
    for e in article.order_by("uscc"):
        chosen.setdefault(e.pk, e)
    members = ChainMember.objects.filter(enterprise__source=Source.SYNTHETIC).values(
        "enterprise_id"
    )
    for e in Enterprise.objects.filter(pk__in=members, archived_at__isnull=True).order_by("uscc")[
        :count
    ]:
        if len(chosen) >= count:
            break
        chosen.setdefault(e.pk, e)
    return list(chosen.values())[:count]


def _towns() -> list[Town]:
    towns = list(Town.objects.filter(level=Town.Level.PROVINCIAL, archived_at__isnull=True))
    return sorted(towns, key=lambda t: (t.batch or 9, t.code))


def _split(subjects: list[Any]) -> tuple[list[Any], list[Any]]:
    half = len(subjects) // 2
    return subjects[:half], subjects[half:]


def _gyy_measures(handbook: Handbook, actor: Any) -> None:
    bureaus = _bureaus()
    handbook.measures.all().delete()
    for category, need, action, region, (month, day), _state in GYY_ITEMS:
        services.measure_save(
            handbook=handbook,
            actor=actor,
            data=services.MeasureData(
                category=GYY_CATEGORY[category],
                text=action,
                need_text=need,
                responsible_bureau=bureaus[region],
                deadline=dt.date(YEAR, month, day),
            ),
        )
    for category, text in GYY_MORE:
        services.measure_save(
            handbook=handbook, actor=actor, data=services.MeasureData(category=category, text=text)
        )


def _gyy_progress(handbook: Handbook) -> None:
    """The tasks move as the article's year went (illustrative), with their events."""
    states = {action: state for _c, _n, action, _r, _d, state in GYY_ITEMS}
    for measure in handbook.measures.select_related("task", "task__need"):
        task = measure.task
        if task is None:
            continue
        Need.objects.filter(pk=task.need_id).update(
            source_kind=Provenance.ILLUSTRATIVE,
            source_note=GYY_NOTE,
            raised_on=dt.date(2024, 2, 26),
            raised_by="广誉远中药股份有限公司",
        )
        state = states[measure.text]
        Task.objects.filter(pk=task.pk).update(state=state, internal_note="示意数据")
        _transitions(task, state)
        if state == Task.State.VERIFIED:
            Need.objects.filter(pk=task.need_id).update(state=Need.State.CLOSED)


def _transitions(task: Task, state: str) -> None:
    """Each move up to the task's state, a fortnight apart after publishing (示意数据)."""
    path = ["open", "in_progress", "done", "verified"]
    at = dt.datetime.combine(dt.date(2024, 2, 26), dt.time(9), tzinfo=dt.UTC)
    for before, after in itertools.pairwise(path[: path.index(state) + 1]):
        at += dt.timedelta(days=14)
        TaskEvent.objects.create(
            task=task,
            at=at,
            kind=TaskEvent.Kind.TRANSITION,
            from_state=before,
            to_state=after,
            comment="示意数据",
        )
    if state == Task.State.VERIFIED:
        Task.objects.filter(pk=task.pk).update(verified_at=at, done_at=at - dt.timedelta(days=14))
    elif state == Task.State.DONE:
        Task.objects.filter(pk=task.pk).update(done_at=at)


def _publish(handbook: Handbook, editor: Any, reviewer: Any, day: dt.date) -> None:
    services.handbook_submit(handbook=handbook, actor=editor)
    services.handbook_publish(handbook=handbook, actor=reviewer, today=day)


def _batch(kind: str, name: str, subjects: list[Any], *, say: Callable[[str], None]) -> int:
    if not subjects or Batch.objects.filter(kind=kind, year=YEAR, name=name).exists():
        return 0
    day = DATES[name]
    batch = batches.batch_create(
        name=name,
        kind=kind,
        year=YEAR,
        subjects=subjects,
        actor=None,
        criterion="list",
        note=SPLIT_NOTE,
    )
    province, taigu = _user("province"), _user("taigu")
    for handbook in batch.handbooks.select_related("enterprise", "chain", "town").order_by("pk"):
        is_gyy = (
            handbook.enterprise is not None and handbook.enterprise.name == "广誉远中药股份有限公司"
        )
        if is_gyy:
            _gyy_measures(handbook, actor=None)
        if handbook.town is not None and handbook.town.code == "daizhou_huangjiu":
            for category, text in DAIZHOU_MEASURES:
                services.measure_save(
                    handbook=handbook,
                    actor=None,
                    data=services.MeasureData(category=category, text=text),
                )
        services.handbook_generate(handbook=handbook, actor=None, as_of=day)
        # 广誉远 (太谷) is edited by the 太谷 officer and published by the province.
        editor = taigu if is_gyy and taigu is not None else None
        _publish(handbook, editor, province, day)
        if is_gyy:
            _gyy_progress(handbook)
    say(f"  {batch}: {batch.handbooks.count()} 册")
    return batch.handbooks.count()


def load_demo(*, say: Callable[[str], None]) -> dict[str, Any]:
    if not Enterprise.objects.filter(name="广誉远中药股份有限公司").exists():
        say("服务手册 / handbooks: registry demo not loaded, skipped")
        return {"skipped": True}
    say("服务手册（三册）/ handbooks …")
    made: dict[str, int] = {}
    with transaction.atomic():
        library_ensure()
        plans = (
            (Kind.ENTERPRISE, _enterprises(_figure("enterprise_handbooks"))),
            (
                Kind.CHAIN,
                list(Chain.objects.filter(archived_at__isnull=True).order_by("sort_order", "code"))[
                    : _figure("chain_handbooks")
                ],
            ),
            (Kind.TOWN, _towns()[: _figure("town_handbooks")]),
        )
        for kind, subjects in plans:
            first, second = _split(subjects)
            made[kind] = _batch(kind, "第一批", first, say=say) + _batch(
                kind, "第二批", second, say=say
            )
    return {
        "handbooks": {str(k): v for k, v in made.items()},
        "library": len(STANDARD_MEASURES),
        "measures": Measure.objects.count(),
    }
