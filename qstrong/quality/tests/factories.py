"""Factories for quality records; problems can be put straight into any state for a test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from qstrong.quality.models import (
    CheckResult,
    Grade,
    KeyProject,
    Problem,
    ProblemAction,
    ProblemClass,
    ProblemState,
    Programme,
    QualityLoss,
)
from qstrong.registry.tests.factories import ChainFactory, EnterpriseFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"prog{n}")
    name = factory.Sequence(lambda n: f"测试专项行动{n}")
    kind = Programme.Kind.PILOT
    region_id = "140000"


class ProblemFactory(factory.django.DjangoModelFactory):
    """A problem in 清徐 (the region of its enterprise), registered unless told otherwise."""

    class Meta:
        model = Problem
        skip_postgeneration_save = True

    chain = factory.SubFactory(ChainFactory)
    region_id = "140121"
    title = factory.Sequence(lambda n: f"测试质量问题{n}")
    description = "批次产品酸度波动"
    grade = Grade.GENERAL
    klass = ProblemClass.TECHNOLOGY
    state = ProblemState.REGISTERED

    @factory.post_generation
    def enterprises(obj: Problem, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        obj.enterprises.set(extracted or [EnterpriseFactory(region_id=obj.region_id)])


def problem_in_state(
    state: str, *, grade: str = Grade.GENERAL, check: str = "", region: str = "140121"
) -> Problem:
    """A problem put directly into a state, with one action done (so no precondition bites)."""
    problem: Problem = ProblemFactory(
        state=state, grade=grade, check_result=check, region_id=region
    )
    ProblemAction.objects.create(
        problem=problem,
        kind=ProblemAction.Kind.CORRECTIVE,
        description="更换密封件",
        owner_enterprise=problem.enterprises.first(),
        owner_person="王工",
        deadline=dt.date(2030, 1, 1),
        done=True,
    )
    return problem


class KeyProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyProject

    name = factory.Sequence(lambda n: f"测试攻关项目{n}")
    chain = factory.SubFactory(ChainFactory)
    lead_enterprise = factory.SubFactory(EnterpriseFactory)


class QualityLossFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualityLoss

    problem = factory.SubFactory(ProblemFactory)
    year = 2024
    failures_before = 10
    failures_after = 2
    cost_per_failure = Decimal("1.5")


__all__ = ["CheckResult", "KeyProjectFactory", "ProblemFactory", "ProgrammeFactory"]
