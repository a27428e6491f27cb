"""The 代州黄酒 demo: enrolled with a 黄酒 risk list, deliberate gaps, two issues; idempotent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from qstrong.foodsafety.demo import DAYS, load_demo
from qstrong.foodsafety.gaps import Period
from qstrong.foodsafety.models import DailyCheck, Enrolment, Issue, IssueEvent, RiskItem
from qstrong.foodsafety.selectors import gaps_for
from qstrong.registry.demo.article_enterprises import ARTICLE_ENTERPRISES
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def daixian_wineries() -> dict[str, object]:
    made = {}
    for e in ARTICLE_ENTERPRISES:
        if e.key in {"yanmenshan_wine", "fengshi_wine", "daikang"}:
            made[e.key] = EnterpriseFactory(
                uscc=e.uscc, name=e.name, region_id=e.region, industry_id=e.industry
            )
    return made


def test_demo_routine_is_loaded_once(daixian_wineries: dict[str, object]) -> None:
    # when the demo is loaded twice
    said: list[str] = []
    first = load_demo(say=said.append)
    second = load_demo(say=said.append)
    # then the second run adds nothing
    assert first["enrolments"] == 3
    assert second == {"enrolments": 0, "daily_checks": 0, "weekly_reports": 0, "issues": 0}
    wine = daixian_wineries["yanmenshan_wine"]
    enrolment = Enrolment.objects.get(enterprise=wine)
    assert "日管控、周排查、月调度、年报告" in enrolment.source_note
    assert [i.risk_point for i in RiskItem.objects.filter(enterprise=wine)][:4] == [
        "原料黍米进货查验",
        "麦曲制备与储存",
        "浸米蒸饭",
        "发酵温度",
    ]
    # 60 days less four deliberate gaps, nothing for today yet
    today = timezone.localdate()
    assert DailyCheck.objects.filter(enterprise=wine).count() == DAYS - 4
    assert not DailyCheck.objects.filter(enterprise=wine, date=today).exists()
    # two issues: one fixed, one open past its deadline
    fixed, open_ = Issue.objects.filter(enterprise=wine).order_by("found_on")
    assert (fixed.state, open_.state) == ("fixed", "to_fix")
    assert open_.is_overdue(today)
    assert [e.kind for e in IssueEvent.objects.filter(issue=fixed).order_by("at")] == [
        "found",
        "fixed",
    ]
    # and the gap list shows the 9 days ago gap in the last 30 days
    period = Period(today - dt.timedelta(days=30), today)
    [row] = gaps_for(enrolments=[enrolment], period=period, today=today)
    assert row.gaps.missing_days == [today - dt.timedelta(days=23), today - dt.timedelta(days=9)]
    assert row.gaps.overdue_issues == 1
