"""Quality lists and the kanban cost the same queries at 4 records of each kind as at 16."""

from __future__ import annotations

from typing import Any

import pytest

from qstrong.accounts.tests.factories import county_officer_qingxu, province_planner
from qstrong.core.testing import assert_flat_queries
from qstrong.quality.models import Enrolment, KeyProject, Milestone, Problem, Programme
from qstrong.quality.tests.factories import (
    KeyProjectFactory,
    ProgrammeFactory,
    QualityLossFactory,
)
from qstrong.registry.tests.factories import ChainFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/quality/problems/",
    "/quality/problems/kanban/",
    "/quality/projects/",
    "/quality/ledger/",
    "/quality/programmes/",
    "/api/quality/problems",
    "/api/quality/key-projects",
    "/api/quality/programmes",
]


KINDS = ("pilot", "shanxi_premium", "certification", "other")


def _records(count: int) -> None:
    # Programmes of every kind grow with the rest: their progress is computed for the whole
    # list at once (selectors.programmes_progress), not one programme at a time.
    for _ in range(count):
        loss = QualityLossFactory()  # and its problem in 清徐
        project = KeyProjectFactory()
        programme = ProgrammeFactory(kind=KINDS[Programme.objects.count() % len(KINDS)])
        Milestone.objects.create(programme=programme, title="验收")
        Enrolment.objects.create(
            programme=programme, kind=Enrolment.Kind.ENTERPRISE, enterprise=EnterpriseFactory()
        )
        loss.problem.programme = project.programme = programme
        loss.problem.chain = ChainFactory(code="auto")
        loss.problem.save()
        project.save()
        # The first problem, project and programme gain enterprises, problems and enrolments.
        first = Problem.objects.order_by("pk").first()
        assert first is not None
        loss.problem.enterprises.add(first.enterprises.order_by("pk")[0])
        first.enterprises.add(EnterpriseFactory(region_id="140121"))
        first_programme = Programme.objects.order_by("pk").first()
        Enrolment.objects.create(
            programme=first_programme,
            kind=Enrolment.Kind.ENTERPRISE,
            enterprise=EnterpriseFactory(region_id="140121"),
        )
        QualityLossFactory(problem=first)


def _first_records() -> list[str]:
    problem = Problem.objects.order_by("pk").first()
    project = KeyProject.objects.order_by("pk").first()
    programme = Programme.objects.order_by("pk").first()
    assert problem is not None and project is not None and programme is not None
    enterprise = problem.enterprises.order_by("pk")[0]
    return [
        f"/quality/problems/{problem.pk}/",
        f"/quality/projects/{project.pk}/",
        f"/quality/programmes/{programme.pk}/",
        f"/api/quality/problems/{problem.pk}",
        f"/api/quality/key-projects/{project.pk}",
        f"/api/quality/programmes/{programme.pk}",
        "/api/quality/losses",
        f"/quality/panels/enterprise/{enterprise.pk}/",
        "/quality/panels/chain/auto/",
        "/quality/enterprises/search/?q=%E4%BC%81%E4%B8%9A",
    ]


@pytest.mark.parametrize("persona", [province_planner, county_officer_qingxu])
def test_quality_lists_do_not_grow_with_rows(
    client: Any, django_assert_max_num_queries: Any, persona: Any
) -> None:
    _records(len(KINDS))  # one programme of each kind: each kind has its own fixed queries
    client.force_login(persona())
    assert_flat_queries(
        client,
        [*PAGES, *_first_records()],
        grow=lambda: _records(12),
        max_queries=25,
        assert_max=django_assert_max_num_queries,
    )


def test_the_list_progress_is_each_programme_s_own() -> None:
    # given programmes of every kind with problems, losses, milestones and enrolments
    _records(8)
    programmes = list(Programme.objects.all())
    # when their progress is computed for the list at once
    from qstrong.quality.selectors import programme_progress, programmes_progress

    together = programmes_progress(programmes)
    # then it is what each programme's own computation gives
    assert together == {p.pk: programme_progress(p) for p in programmes}
