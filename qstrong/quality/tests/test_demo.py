"""The quality demo: the article's figures come out of the records, and loading is idempotent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from qstrong.accounts.tests import factories as people
from qstrong.quality.demo import load_demo
from qstrong.quality.models import KeyProject, Problem, ProblemState, Programme, QualityLoss
from qstrong.quality.selectors import loss_totals, losses_visible, programme_progress
from qstrong.registry.demo.accounts import DEMO_ENTERPRISE_KEYS, demo_accounts_load
from qstrong.registry.demo.loader import chains_load, enterprises_load, towns_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> dict[str, Any]:
    chains_load()
    towns_load()
    _counts, _changed, by_key = enterprises_load()
    demo_accounts_load(enterprises=[by_key[key] for key in DEMO_ENTERPRISE_KEYS])
    return load_demo(say=lambda _text: None)


def test_the_article_figures_come_out_of_the_records(loaded: dict[str, Any]) -> None:
    breaker = QualityLoss.objects.get(key_project__name="主断路器质量提升工作")
    assert (breaker.failures_before, breaker.failures_after) == (50, 0)
    assert breaker.savings == Decimal("200")
    motor = QualityLoss.objects.get(problem__title="HXD2型机车牵引电机大线及连接器故障")
    assert motor.failures_avoided == 13 and motor.cost_per_failure == Decimal("1.06")
    assert motor.savings == Decimal("13.78")
    pilot = Programme.objects.get(code="pilot_crrc_datong")
    totals = loss_totals(list(losses_visible(user=people.province_planner())))
    assert {t.key: t.savings for t in totals.by_programme} == {
        "pilot_crrc_datong": Decimal("213.78")
    }
    assert {t.key: t.savings for t in totals.by_chain} == {"rail_transit": Decimal("213.78")}
    progress = programme_progress(pilot)
    assert (progress.done, progress.total, progress.savings) == (2, 2, Decimal("213.78"))


def test_the_qingxu_campaign_has_ten_enterprises_three_certified(loaded: dict[str, Any]) -> None:
    campaign = Programme.objects.get(code="cert_qingxu_vinegar")
    progress = programme_progress(campaign)
    assert (progress.done, progress.total) == (3, 10)
    steps = list(campaign.milestones.values_list("step", flat=True))
    assert steps[:3] == ["induction", "training", "diagnosis"]


def test_problems_walked_their_states_with_events(loaded: dict[str, Any]) -> None:
    breaker = Problem.objects.get(title="主断路器螺堵接磨质量问题")
    assert breaker.state == ProblemState.CLOSED and breaker.check_result == "passed"
    transitions = list(
        breaker.events.filter(kind="transition").values_list("transition", flat=True)
    )
    assert transitions == [
        "register",
        "analyse",
        "plan",
        "start",
        "submit_check",
        "check_pass",
        "close",
    ]
    assert breaker.events.first().actor is None  # registered by the system (the loader)
    assert breaker.events.last().actor.username == "province"
    states = set(Problem.objects.values_list("state", flat=True))
    assert {
        "registered",
        "analysed",
        "action_planned",
        "in_progress",
        "closed",
        "rejected",
    } <= states
    grades = set(Problem.objects.values_list("grade", flat=True))
    assert grades == {"general", "major", "critical"}
    assert KeyProject.objects.filter(lead_enterprise__name="中铝山西新材料有限公司").count() == 3


def test_loading_twice_changes_nothing(loaded: dict[str, Any]) -> None:
    before = (Problem.objects.count(), KeyProject.objects.count(), QualityLoss.objects.count())
    again = load_demo(say=lambda _text: None)
    assert again["created"] == {}
    assert (
        Problem.objects.count(),
        KeyProject.objects.count(),
        QualityLoss.objects.count(),
    ) == before
