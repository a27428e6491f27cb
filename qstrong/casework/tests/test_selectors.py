"""Scoped reads: who sees which activities, needs and tasks; overdue lists; outreach counts."""

from __future__ import annotations

import datetime as dt

import pytest

from qstrong.accounts.tests.factories import (
    city_officer_taiyuan,
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    leader,
    province_planner,
)
from qstrong.casework import selectors
from qstrong.casework.models import Task
from qstrong.casework.tests.factories import (
    ActivityFactory,
    NeedFactory,
    TaskFactory,
    qingxu_bureau,
    taigu_bureau,
)
from qstrong.registry.tests.factories import ChainFactory, EnterpriseFactory, make_uscc

pytestmark = pytest.mark.django_db

TODAY = dt.date(2024, 7, 1)


def _taigu_enterprise() -> object:
    return EnterpriseFactory(uscc=make_uscc(77, "140703"), name="太谷企业", region_id="140703")


def test_activities_scoped_by_organiser_or_subject() -> None:
    # Given one 清徐 visit, one 太谷 visit and a 太谷 activity that served a 清徐 enterprise
    qingxu_visit = ActivityFactory()
    taigu_visit = ActivityFactory(organisers=[taigu_bureau()])
    shared = ActivityFactory(organisers=[taigu_bureau()], enterprises=[EnterpriseFactory()])

    # Then each county sees its own and what served it; the city and province see theirs
    assert set(selectors.activities_visible(user=county_officer_qingxu())) == {qingxu_visit, shared}
    assert set(selectors.activities_visible(user=county_officer_taigu())) == {taigu_visit, shared}
    assert set(selectors.activities_visible(user=city_officer_taiyuan())) == {qingxu_visit, shared}
    assert selectors.activities_visible(user=province_planner()).count() == 3
    assert selectors.activities_visible(user=leader()).count() == 3
    assert selectors.activities_visible(user=enterprise_user(EnterpriseFactory())).count() == 0


def test_needs_and_tasks_scoped_by_subject_or_responsible_bureau() -> None:
    # Given a 清徐 need, a 太谷 need with a task given to 清徐, a chain need of 太谷
    qingxu_need = NeedFactory(enterprise=EnterpriseFactory())
    taigu_need = NeedFactory(enterprise=_taigu_enterprise())
    assigned = TaskFactory(need=taigu_need, responsible_bureau=qingxu_bureau())
    chain_need = NeedFactory(enterprise=None, chain=ChainFactory(), bureau=taigu_bureau())

    qingxu, taigu = county_officer_qingxu(), county_officer_taigu()
    assert set(selectors.needs_visible(user=qingxu)) == {qingxu_need, taigu_need}
    assert set(selectors.needs_visible(user=taigu)) == {taigu_need, chain_need}
    assert set(selectors.tasks_visible(user=qingxu)) == {assigned}
    assert set(selectors.tasks_visible(user=taigu)) == {assigned}
    assert selectors.needs_visible(user=province_planner()).count() == 3


def test_enterprise_user_sees_its_own_needs_only() -> None:
    own = EnterpriseFactory()
    mine = NeedFactory(enterprise=own)
    NeedFactory(enterprise=EnterpriseFactory(uscc=make_uscc(901)))

    assert list(selectors.needs_visible(user=enterprise_user(own))) == [mine]


def test_overdue_is_past_due_and_not_done_with_fixed_dates() -> None:
    officer = county_officer_qingxu()
    due = dt.date(2024, 6, 30)
    late_open = TaskFactory(due_date=due, responsible_person=officer)
    late_started = TaskFactory(
        due_date=due, state=Task.State.IN_PROGRESS, responsible_person=officer
    )
    TaskFactory(due_date=due, state=Task.State.DONE, responsible_person=officer)
    TaskFactory(due_date=due, state=Task.State.VERIFIED, responsible_person=officer)
    TaskFactory(due_date=TODAY, responsible_person=officer)  # due today: not yet overdue

    assert late_open.is_overdue(TODAY) and not late_open.is_overdue(due)
    mine, supervised = selectors.my_overdue(user=officer, today=TODAY)
    assert mine == [late_open, late_started]
    assert supervised == []
    city_mine, city_supervised = selectors.my_overdue(user=city_officer_taiyuan(), today=TODAY)
    assert (city_mine, city_supervised) == ([], [late_open, late_started])
    assert selectors.my_overdue(user=county_officer_taigu(), today=TODAY) == ([], [])


def test_bureau_tasks_without_a_person_belong_to_every_officer_of_the_bureau() -> None:
    task = TaskFactory(due_date=dt.date(2024, 6, 1))

    assert selectors.my_overdue(user=county_officer_qingxu(), today=TODAY)[0] == [task]


def test_distinct_enterprises_served_per_period_and_region() -> None:
    # Given three visits in April–May to two 清徐 enterprises (one visited twice) and a 太谷 one
    a, b, c = EnterpriseFactory(), EnterpriseFactory(), _taigu_enterprise()
    ActivityFactory(date=dt.date(2024, 4, 2), enterprises=[a, b])
    ActivityFactory(date=dt.date(2024, 4, 20), enterprises=[a])
    ActivityFactory(date=dt.date(2024, 5, 9), enterprises=[a, c], organisers=[taigu_bureau()])
    ActivityFactory(date=dt.date(2024, 8, 9), enterprises=[b])  # outside the half year

    province = province_planner()
    stats = selectors.outreach_stats(
        user=province, start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30), period="month",
        level="county",
    )  # fmt: skip

    assert [(r.period, r.activities, r.enterprises) for r in stats.rows] == [
        ("2024-04", 2, 2),
        ("2024-05", 1, 2),
    ]
    assert stats.rows[0].by_region == {"140121": (2, 2), "140703": (0, 0)}
    assert stats.regions == [("140121", "清徐县"), ("140703", "太谷区")]
    assert (stats.total_activities, stats.total_enterprises) == (3, 3)
    # A 清徐 officer counts only the enterprises they may see
    assert (
        selectors.distinct_enterprises_served(
            user=county_officer_qingxu(), start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30)
        )
        == 2
    )


def test_calendar_month_places_activities_on_their_day() -> None:
    activity = ActivityFactory(date=dt.date(2024, 4, 11))

    weeks = selectors.calendar_month(user=county_officer_qingxu(), year=2024, month=4)

    assert weeks[0][0]["date"] == dt.date(2024, 4, 1)  # a Monday
    cells = {cell["date"]: cell for week in weeks for cell in week}
    assert cells[dt.date(2024, 4, 11)]["activities"] == [activity]
    assert cells[dt.date(2024, 4, 12)]["activities"] == []
