"""The quality-loss ledger: savings in exact Decimal arithmetic, the article's two cases, totals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from qstrong.accounts.tests import factories as people
from qstrong.quality.models import QualityLoss
from qstrong.quality.selectors import loss_totals, losses_visible
from qstrong.quality.services import quality_loss_save
from qstrong.quality.statemachine import TransitionRefused
from qstrong.quality.tests.factories import (
    KeyProjectFactory,
    ProblemFactory,
    ProgrammeFactory,
    QualityLossFactory,
)
from qstrong.registry.tests.factories import ChainFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_the_main_breaker_case_50_to_0_and_200_wan_yuan() -> None:
    # given the article's main-breaker defect: 50 occurrences a year → 0, and related quality
    # costs (travel, labour, materials) down 200万元 on the year before
    loss = QualityLossFactory(
        failures_before=50,
        failures_after=0,
        cost_per_failure=None,
        other_cost_before=Decimal("200"),
        other_cost_after=Decimal("0"),
    )
    # then 50 failures are avoided and the savings are exactly 200万元
    assert loss.failures_avoided == 50
    assert loss.failure_savings == Decimal("0")
    assert loss.savings == Decimal("200")


def test_the_traction_motor_case_13_times_1_06_is_13_78() -> None:
    # given 13 fewer failures at about 1.06万元 each (中车永济电机)
    loss = QualityLossFactory(
        failures_before=13, failures_after=0, cost_per_failure=Decimal("1.06")
    )
    loss.refresh_from_db()
    # then the saving is exactly 13.78万元, no binary-float residue
    assert loss.savings == Decimal("13.78")
    assert str(loss.savings.normalize()) == "13.78"


def test_savings_combine_failures_and_other_costs() -> None:
    loss = QualityLoss(
        failures_before=7,
        failures_after=3,
        cost_per_failure=Decimal("0.35"),
        other_cost_before=Decimal("12.5"),
        other_cost_after=Decimal("10.25"),
        year=2024,
    )
    # (7 − 3) × 0.35 + (12.5 − 10.25) = 1.4 + 2.25
    assert loss.savings == Decimal("3.65")


def test_totals_per_chain_pilot_and_year() -> None:
    rail, vinegar = ChainFactory(code="rail", name="轨道交通"), ChainFactory(code="vin", name="醋")
    pilot = ProgrammeFactory(code="pilot_datong", name="中车大同试点")
    p1 = ProblemFactory(chain=rail, programme=pilot)
    project = KeyProjectFactory(chain=rail, programme=pilot)
    p2 = ProblemFactory(chain=vinegar)
    QualityLossFactory(
        problem=p1, year=2024, failures_before=13, failures_after=0, cost_per_failure="1.06"
    )
    QualityLossFactory(
        problem=None,
        key_project=project,
        year=2024,
        failures_before=50,
        failures_after=0,
        cost_per_failure=None,
        other_cost_before="200",
    )
    QualityLossFactory(
        problem=p2, year=2023, failures_before=4, failures_after=1, cost_per_failure="0.5"
    )
    totals = loss_totals(list(losses_visible(user=people.province_planner())))
    assert totals.overall.savings == Decimal("215.28")
    assert totals.overall.failures_avoided == 66
    by_chain = {t.key: t.savings for t in totals.by_chain}
    assert by_chain == {"rail": Decimal("213.78"), "vin": Decimal("1.5")}
    assert {t.key: t.savings for t in totals.by_programme} == {"pilot_datong": Decimal("213.78")}
    assert [(t.key, t.savings) for t in totals.by_year] == [
        (2024, Decimal("213.78")),
        (2023, Decimal("1.5")),
    ]


def test_the_ledger_is_scoped_to_the_jurisdiction() -> None:
    QualityLossFactory()  # a problem in 清徐
    assert losses_visible(user=people.county_officer_qingxu()).count() == 1
    assert losses_visible(user=people.city_officer_taiyuan()).count() == 1
    assert losses_visible(user=people.county_officer_taigu()).count() == 0


def test_quality_loss_save_validates_and_checks_the_region() -> None:
    problem = ProblemFactory()
    data = {"year": 2024, "failures_before": 13, "failures_after": 0, "cost_per_failure": "1.06"}
    loss = quality_loss_save(actor=people.county_officer_qingxu(), problem=problem, data=data)
    assert loss.savings == Decimal("13.78")
    with pytest.raises(TransitionRefused):
        quality_loss_save(actor=people.county_officer_taigu(), problem=problem, data=data)
    with pytest.raises(ValidationError) as invalid:
        quality_loss_save(
            actor=people.county_officer_qingxu(),
            problem=problem,
            data={**data, "cost_per_failure": Decimal("-1")},
        )
    assert "cost_per_failure" in invalid.value.message_dict


def test_a_loss_needs_a_subject() -> None:
    with pytest.raises(ValidationError):
        quality_loss_save(actor=None, data={"year": 2024})


def test_a_key_project_loss_follows_the_lead_enterprise() -> None:
    project = KeyProjectFactory(lead_enterprise=EnterpriseFactory(region_id="140703"))
    QualityLossFactory(problem=None, key_project=project)
    assert losses_visible(user=people.county_officer_taigu()).count() == 1
    assert losses_visible(user=people.county_officer_qingxu()).count() == 0
