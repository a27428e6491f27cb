"""Scoped reads: the gap list across enterprises (query count), the calendar grid."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qstrong.accounts.tests.factories import city_officer_taiyuan, county_officer_taigu
from qstrong.foodsafety.gaps import Period
from qstrong.foodsafety.heatmap import month_grids
from qstrong.foodsafety.models import DailyCheck, WeeklyReport
from qstrong.foodsafety.selectors import enrolment_candidates, gap_rows, gap_totals
from qstrong.foodsafety.tests.factories import enrol, food_enterprise

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 24)


def test_gap_rows_sorted_and_with_a_fixed_number_of_queries(
    django_assert_max_num_queries: Any,
) -> None:
    # given five enterprises enrolled on 1 November with 0..4 daily checks each
    for n in range(5):
        enterprise = food_enterprise(name=f"食品厂{n}")
        enrol(enterprise, on=dt.date(2026, 11, 1))
        for day in range(1, n + 1):
            DailyCheck.objects.create(
                enterprise=enterprise, date=dt.date(2026, 11, day), checker="李"
            )
    officer = city_officer_taiyuan()
    # when the city officer asks for November's gaps
    with django_assert_max_num_queries(8):
        rows = gap_rows(user=officer, period=Period.month(2026, 11), today=TODAY)
    # then the worst comes first: 23 due days, minus the checks; W45..W47 missing for all
    assert [len(r.gaps.missing_days) for r in rows] == [23, 22, 21, 20, 19]
    assert rows[0].enterprise.name == "食品厂0"
    assert gap_totals(rows)["missing_weeks"] == 15
    # and another county sees none of them
    assert gap_rows(user=county_officer_taigu(), period=Period.month(2026, 11), today=TODAY) == []


def test_candidates_are_food_enterprises_not_enrolled() -> None:
    enrolled = food_enterprise(name="已纳管黄酒厂")
    enrol(enrolled, on=TODAY)
    food_enterprise(name="醋厂", industry_id="C1462")
    food_enterprise(name="饲料厂", industry_id="C1329")
    food_enterprise(name="超市", industry_id="F5212")
    names = [e.name for e in enrolment_candidates(user=city_officer_taiyuan())]
    assert sorted(names) == ["超市", "醋厂"]


def test_calendar_grid_states() -> None:
    # given enrolment on 10 November, checks on 10 and 11 (the 11th with an issue), W46 reported
    enterprise = food_enterprise()
    enrol(enterprise, on=dt.date(2026, 11, 10))
    DailyCheck.objects.create(enterprise=enterprise, date=dt.date(2026, 11, 10), checker="李")
    DailyCheck.objects.create(
        enterprise=enterprise, date=dt.date(2026, 11, 11), checker="李", no_issue=False
    )
    WeeklyReport.objects.create(
        enterprise=enterprise, iso_year=2026, iso_week=46, reporter="王", conclusion="无"
    )
    [grid] = month_grids(
        enterprise=enterprise, enrolled_on=dt.date(2026, 11, 10), months=1, today=TODAY
    )
    states = {c.day.day: c.state for row in grid.weeks for c in row.cells if c.day}
    assert (states[9], states[10], states[11], states[12], states[24]) == (
        "before",
        "ok",
        "issue",
        "missing",
        "open",
    )
    assert grid.counts == {"ok": 1, "issue": 1, "missing": 12}  # 12..23 November
    reports = {row.iso: row.report for row in grid.weeks}
    assert reports[(2026, 45)] == "before"
    assert reports[(2026, 46)] == "ok"
    assert reports[(2026, 47)] == "missing"
    assert reports[(2026, 48)] == "open"
    assert grid.meeting == "before"
