"""The food-safety part of the demo: the 代州黄酒 makers' routine, loaded after the registry.

From the article: 代县 built the "日管控、周排查、月调度、年报告" mechanism for its 黄酒 makers,
with 一企一人 resident supervision and 批批检 testing. Everything below that — staff names, risk
list wording, dates, the issues — is illustrative and labelled so (source_note). Dates are
relative to the day the demo is loaded; loading again adds nothing that is already there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from qstrong.foodsafety.models import (
    AnnualReport,
    DailyCheck,
    Enrolment,
    Issue,
    IssueEvent,
    MonthlyMeeting,
    RiskItem,
    RoutineComment,
    WeeklyReport,
)
from qstrong.registry.demo.article_enterprises import ARTICLE_ENTERPRISES
from qstrong.registry.models import Enterprise

SOURCE_NOTE = (
    "报道：代县构建食品安全“日管控、周排查、月调度、年报告”工作机制，实行“一企一人”驻厂监管和"
    "“批批检”；人员、清单与记录为演示示意"
)
DAYS = 60

# (risk point, control measure, frequency, responsible) — a 黄酒 brewery's list (illustrative).
HUANGJIU_RISKS: tuple[tuple[str, str, str, str], ...] = (
    (
        "原料黍米进货查验",
        "查验供货者资质和每批检验报告，感官检查无霉变、虫蛀，留存进货台账",
        "batch",
        "原料库管员",
    ),
    ("麦曲制备与储存", "曲房温湿度每日记录，成品曲检验糖化力，分区存放防霉变", "daily", "制曲班长"),
    ("浸米蒸饭", "记录浸米时间与水温，蒸饭熟透不夹生，摊凉至工艺温度再落罐", "daily", "蒸饭班长"),
    ("发酵温度", "前酵品温不超过 32℃，每日两次开耙测温并记录，超限立即降温", "daily", "发酵班长"),
    ("煎酒杀菌", "煎酒温度不低于 85℃，记录每批温度与时间，温度计定期校准", "batch", "灌装车间主任"),
    ("灌装与容器清洗", "酒瓶清洗消毒、灌装间每日清洁消毒，封口完好无渗漏", "daily", "灌装车间主任"),
    (
        "标签标识",
        "标签符合 GB 7718 与《代州黄酒》团体标准，生产日期喷码清晰，不虚假标注",
        "batch",
        "质检员",
    ),
    ("食品添加剂使用", "焦糖色等按 GB 2760 使用，专人专柜专账，称量复核", "batch", "质检员"),
    (
        "出厂检验（批批检）",
        "每批检验酒精度、总糖、总酸、氨基酸态氮，合格方可出厂并留样",
        "batch",
        "化验室主任",
    ),
)


@dataclass(frozen=True)
class DemoRoutine:
    key: str  # article enterprise key
    staff: tuple[str, str, str]  # main responsible, director, officer
    enrolled_days_ago: int
    skipped_days: tuple[int, ...]  # days ago without a daily check (deliberate gaps)
    skipped_weeks: tuple[int, ...] = ()  # weeks ago (1 = last week) without a report
    with_issues: bool = False


ROUTINES = (
    DemoRoutine(
        "yanmenshan_wine",
        ("韩某（演示）", "郭某（演示）", "田某（演示）"),
        DAYS,
        skipped_days=(47, 46, 23, 9),
        skipped_weeks=(3,),
        with_issues=True,
    ),
    DemoRoutine(
        "fengshi_wine",
        ("冯某（演示）", "杨某（演示）", "赵某（演示）"),
        DAYS,
        skipped_days=(31,),
    ),
    DemoRoutine(
        "daikang",
        ("高某（演示）", "刘某（演示）", "孙某（演示）"),
        20,
        skipped_days=(15, 14, 13, 6, 5, 2, 1),
        skipped_weeks=(1,),
    ),
)

SUPERVISOR_NOTE = (
    "驻厂监管员（一企一人，演示）：抽查煎酒杀菌记录和出厂检验台账，本月批批检抽检结果均合格；"
    "请企业按时上传周排查报告。"
)


def load_demo(*, say: Callable[[str], None]) -> dict[str, Any]:
    today = timezone.localdate()
    keys = {e.key: e.uscc for e in ARTICLE_ENTERPRISES}
    counts = {"enrolments": 0, "daily_checks": 0, "weekly_reports": 0, "issues": 0}
    for routine in ROUTINES:
        enterprise = Enterprise.objects.filter(uscc=keys[routine.key]).first()
        if enterprise is None:
            say(f"食品安全日管控演示：未找到企业 {routine.key}，跳过")
            continue
        with transaction.atomic():
            _load_routine(enterprise, routine, today, counts)
    say(
        "食品安全日管控演示：代州黄酒 {enrolments} 家新纳入，新增每日检查 {daily_checks} 条、"
        "周报 {weekly_reports} 份、问题 {issues} 个（示意数据）".format(**counts)
    )
    return counts


def _load_routine(
    enterprise: Enterprise, routine: DemoRoutine, today: dt.date, counts: dict[str, int]
) -> None:
    enrolled_on = today - dt.timedelta(days=routine.enrolled_days_ago)
    main, director, officer = routine.staff
    enrolment, created = Enrolment.objects.get_or_create(
        enterprise=enterprise,
        defaults={
            "enrolled_on": enrolled_on,
            "main_responsible": main,
            "director": director,
            "officer": officer,
            "source_note": SOURCE_NOTE,
        },
    )
    counts["enrolments"] += int(created)
    if not RiskItem.objects.filter(enterprise=enterprise).exists():
        RiskItem.objects.bulk_create(
            RiskItem(
                enterprise=enterprise,
                position=n,
                risk_point=point,
                control_measure=measure,
                frequency=frequency,
                responsible=responsible,
            )
            for n, (point, measure, frequency, responsible) in enumerate(HUANGJIU_RISKS, 1)
        )
    items = list(RiskItem.objects.filter(enterprise=enterprise, archived_at__isnull=True))
    first = enrolment.enrolled_on
    _daily_checks(enterprise, routine, items, first, today, counts)
    _weekly_reports(enterprise, routine, director, first, today, counts)
    _monthly_meetings(enterprise, main, director, officer, first, today)
    AnnualReport.objects.get_or_create(
        enterprise=enterprise,
        year=today.year - 1,
        defaults={"text": _annual_text(enterprise.name, today.year - 1)},
    )
    if routine.with_issues:
        _issues(enterprise, items, today, counts)
    if not RoutineComment.objects.filter(enterprise=enterprise).exists():
        RoutineComment.objects.create(enterprise=enterprise, text=SUPERVISOR_NOTE)


def _daily_checks(
    enterprise: Enterprise,
    routine: DemoRoutine,
    items: list[RiskItem],
    first: dt.date,
    today: dt.date,
    counts: dict[str, int],
) -> None:
    existing = set(DailyCheck.objects.filter(enterprise=enterprise).values_list("date", flat=True))
    results = [
        {"risk_item": i.pk, "risk_point": i.risk_point, "passed": True}
        for i in items
        if i.checked_daily
    ]
    officer = Enrolment.objects.get(enterprise=enterprise).officer
    new = []
    for ago in range(1, (today - first).days + 1):
        day = today - dt.timedelta(days=ago)
        if ago in routine.skipped_days or day in existing or day < first:
            continue
        new.append(
            DailyCheck(
                enterprise=enterprise,
                date=day,
                checker=officer,
                no_issue=True,
                results=results,
                # written on the day, as a real check would be (not shown as 补录)
                created_at=timezone.make_aware(dt.datetime.combine(day, dt.time(17, 30))),
            )
        )
    DailyCheck.objects.bulk_create(new)
    counts["daily_checks"] += len(new)


def _weekly_reports(
    enterprise: Enterprise,
    routine: DemoRoutine,
    director: str,
    first: dt.date,
    today: dt.date,
    counts: dict[str, int],
) -> None:
    monday = today - dt.timedelta(days=today.weekday() + 7)  # last week's Monday
    weeks_ago = 1
    while monday >= first:
        iso = monday.isocalendar()
        if weeks_ago not in routine.skipped_weeks:
            _, created = WeeklyReport.objects.get_or_create(
                enterprise=enterprise,
                iso_year=iso.year,
                iso_week=iso.week,
                defaults={
                    "reporter": director,
                    "hazards": "对照风险管控清单排查原料、发酵、杀菌、灌装、标签各环节。",
                    "measures": "日管控发现的问题均已列入整改台账并跟踪。",
                    "conclusion": "本周未发现重大食品安全风险隐患。",
                },
            )
            counts["weekly_reports"] += int(created)
        monday -= dt.timedelta(days=7)
        weeks_ago += 1


def _monthly_meetings(
    enterprise: Enterprise, main: str, director: str, officer: str, first: dt.date, today: dt.date
) -> None:
    month = (first.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    while month < today.replace(day=1):
        MonthlyMeeting.objects.get_or_create(
            enterprise=enterprise,
            month=month,
            defaults={
                "held_on": month + dt.timedelta(days=27),
                "chair": main,
                "attendees": f"{main}、{director}、{officer}、各车间主任",
                "minutes": "听取食品安全总监本月工作汇报，通报日管控、周排查情况和批批检结果。",
                "decisions": "发酵旺季加密测温频次；下月组织一次标签标识专项培训。",
            },
        )
        month = (month + dt.timedelta(days=32)).replace(day=1)


def _issue(
    enterprise: Enterprise,
    item: RiskItem,
    found_on: dt.date,
    description: str,
    deadline_days: int,
) -> Issue | None:
    check = DailyCheck.objects.filter(enterprise=enterprise, date=found_on).first()
    if check is None or Issue.objects.filter(daily_check=check).exists():
        return None
    issue = Issue.objects.create(
        enterprise=enterprise,
        source=Issue.Source.DAILY,
        daily_check=check,
        risk_point=item.risk_point,
        description=description,
        found_on=found_on,
        deadline=found_on + dt.timedelta(days=deadline_days),
    )
    check.no_issue = False
    check.results = [
        {**r, "passed": r["risk_item"] != item.pk} for r in check.results if isinstance(r, dict)
    ]
    if not any(r["risk_item"] == item.pk for r in check.results):
        check.results.append({"risk_item": item.pk, "risk_point": item.risk_point, "passed": False})
    check.save(update_fields=["no_issue", "results", "updated_at"])
    IssueEvent.objects.create(
        issue=issue,
        kind=IssueEvent.Kind.FOUND,
        comment=description,
        at=timezone.make_aware(dt.datetime.combine(found_on, dt.time(9, 30))),
        data={"deadline": str(issue.deadline), "risk_point": item.risk_point},
    )
    return issue


def _issues(
    enterprise: Enterprise, items: list[RiskItem], today: dt.date, counts: dict[str, int]
) -> None:
    by_point = {i.risk_point: i for i in items}
    fixed = _issue(
        enterprise,
        by_point["发酵温度"],
        today - dt.timedelta(days=38),
        "3 号发酵罐品温 34℃，超出工艺上限，未及时开耙降温（演示）",
        3,
    )
    if fixed is not None:
        fixed_on = fixed.found_on + dt.timedelta(days=2)
        IssueEvent.objects.create(
            issue=fixed,
            kind=IssueEvent.Kind.FIXED,
            comment="已开耙降温并调整冷却水流量，品温恢复至 30℃；对发酵班组开展再培训（演示）",
            at=timezone.make_aware(dt.datetime.combine(fixed_on, dt.time(16, 0))),
            data={"fixed_on": str(fixed_on), "late": False},
        )
        fixed.state, fixed.fixed_on = Issue.State.FIXED, fixed_on
        fixed.save(update_fields=["state", "fixed_on", "updated_at"])
        counts["issues"] += 1
    open_issue = _issue(
        enterprise,
        by_point["标签标识"],
        today - dt.timedelta(days=12),
        "一批次 500mL 成品标签生产日期喷码不清晰，已隔离待处理（演示）",
        5,
    )
    counts["issues"] += int(open_issue is not None)


def _annual_text(name: str, year: int) -> str:
    return (
        f"{name}{year}年度食品安全工作报告（演示）\n"
        "一、落实食品安全主体责任情况：配备食品安全总监和食品安全员，建立风险管控清单，"
        "执行日管控、周排查、月调度制度。\n"
        "二、原辅料进货查验、生产过程控制、出厂检验（批批检）和电子追溯运行情况。\n"
        "三、发现问题及整改情况；四、下一年度工作计划。"
    )
