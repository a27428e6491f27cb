"""Totals by the database (exact), the capped kanban, key project losses on a problem."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qstrong.accounts.tests import factories as people
from qstrong.quality import selectors
from qstrong.quality.models import ProblemState
from qstrong.quality.selectors import ProblemFilters, loss_totals, losses_visible, problem_kanban
from qstrong.quality.tests.factories import (
    KeyProjectFactory,
    ProblemFactory,
    ProgrammeFactory,
    QualityLossFactory,
)
from qstrong.registry.tests.factories import ChainFactory

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.fixture
def ledger() -> dict[str, object]:
    """The article's two cases on 轨道交通 (one problem, one key project) and a vinegar row."""
    rail, vinegar = ChainFactory(code="rail", name="轨道交通"), ChainFactory(code="vin", name="醋")
    pilot = ProgrammeFactory(code="pilot_datong", name="中车大同试点")
    motor = ProblemFactory(chain=rail, programme=pilot)
    project = KeyProjectFactory(chain=rail, programme=pilot)
    project.problems.add(motor)
    QualityLossFactory(
        problem=motor, year=2024, failures_before=13, failures_after=0, cost_per_failure="1.06"
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
        problem=ProblemFactory(chain=vinegar),
        year=2023,
        failures_before=4,
        failures_after=1,
        cost_per_failure="0.5",
        other_cost_before="0.3333",
        other_cost_after="0.1111",
    )
    return {"motor": motor, "project": project}


def test_database_totals_equal_the_row_by_row_sums(ledger: dict[str, object]) -> None:
    # given the three rows, when totalled by the database and row by row
    qs = losses_visible(user=people.province_planner())
    in_db, in_python = loss_totals(qs), loss_totals(list(qs))
    # then both give the exact decimals: 13.78 + 200 + (1.5 + 0.2222)
    assert in_db.overall.savings == Decimal("215.5022") == in_python.overall.savings
    assert in_db.overall.failures_avoided == 66 and in_db.overall.rows == 3
    assert [(t.key, t.label, t.rows, t.savings) for t in in_db.by_chain] == [
        ("rail", "轨道交通", 2, Decimal("213.78")),
        ("vin", "醋", 1, Decimal("1.7222")),
    ]
    assert [(t.key, t.savings) for t in in_db.by_programme] == [("pilot_datong", Decimal("213.78"))]
    assert [(t.key, t.savings) for t in in_db.by_year] == [
        (2024, Decimal("213.78")),
        (2023, Decimal("1.7222")),
    ]
    assert isinstance(in_db.overall.savings, Decimal)


def test_database_totals_take_a_fixed_number_of_queries(ledger: dict[str, object]) -> None:
    qs = losses_visible(user=people.province_planner())
    with CaptureQueriesContext(connection) as few:
        loss_totals(qs)
    for _ in range(20):
        QualityLossFactory(problem=ledger["motor"], year=2022)
    with CaptureQueriesContext(connection) as many:
        totals = loss_totals(qs)
    assert len(many) == len(few) <= 6
    assert totals.overall.rows == 23


def test_ledger_chain_filter_and_panel_use_the_subjects_chain(ledger: dict[str, object]) -> None:
    client = _client(people.province_planner())
    response = client.get(reverse("quality:loss_ledger"), {"chain": "rail"})
    assert response.context["totals"].overall.savings == Decimal("213.78")
    assert response.context["page_obj"].paginator.count == 2
    panel = client.get(reverse("quality:chain_panel", args=["vin"]))
    assert panel.context["savings"] == Decimal("1.7222") and panel.context["loss_rows"] == 1
    api = client.get("/api/quality/losses", {"chain": "rail"}).json()
    assert Decimal(str(api["total"]["savings"])) == Decimal("213.78") and len(api["rows"]) == 2


def test_kanban_caps_each_column_and_keeps_the_true_count() -> None:
    # given 5 problems in progress and 1 registered, and a cap of 3
    chain = ChainFactory()
    made = [ProblemFactory(chain=chain, state=ProblemState.IN_PROGRESS) for _ in range(5)]
    ProblemFactory(chain=chain)
    columns = {
        c["state"]: c
        for c in problem_kanban(
            user=people.county_officer_qingxu(), filters=ProblemFilters(), cap=3
        )
    }
    # then the column counts all 5, shows the newest 3 and says 2 more
    progress = columns[ProblemState.IN_PROGRESS]
    assert progress["count"] == 5 and progress["more"] == 2
    assert [p.pk for p in progress["problems"]] == [p.pk for p in reversed(made)][:3]
    assert columns[ProblemState.REGISTERED]["count"] == 1
    assert columns[ProblemState.CLOSED] == {**columns[ProblemState.CLOSED], "count": 0, "more": 0}
    # and another county's officer sees empty columns
    taigu = problem_kanban(user=people.county_officer_taigu(), filters=ProblemFilters())
    assert sum(c["count"] for c in taigu) == 0


def test_kanban_page_links_to_the_full_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectors, "KANBAN_CAP", 2)
    for _ in range(3):
        ProblemFactory(state=ProblemState.ANALYSED, grade="major")
    html = (
        _client(people.county_officer_qingxu())
        .get(reverse("quality:problem_kanban"), {"grade": "major"})
        .content.decode()
    )
    assert 'data-testid="count-analysed">3<' in html
    assert "?grade=major&amp;state=analysed" in html and "另有 1 个" in html


def test_problem_page_shows_its_key_projects_losses_apart(ledger: dict[str, object]) -> None:
    motor = ledger["motor"]
    page = _client(people.county_officer_qingxu()).get(
        reverse("quality:problem_detail", args=[motor.pk])  # type: ignore[attr-defined]
    )
    html = page.content.decode()
    own = html.split('id="losses"')[1].split('data-testid="project-losses"')
    assert "节约 13.78 万元" in own[0] and "节约 200 万元" not in own[0]
    assert "节约 200 万元" in own[1] and "不重复计入本问题" in own[1]
    # an officer who cannot see the project does not see its losses
    assert selectors.problem_project_losses(user=people.county_officer_taigu(), problem=motor) == []
