"""Factories for casework: activities, needs, tasks; the 清徐 bureau as the usual owner."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from qstrong.accounts.models import Organisation
from qstrong.accounts.tests.factories import OrganisationFactory, bureau
from qstrong.casework.models import Need, OutreachActivity, Task
from qstrong.registry.tests.factories import EnterpriseFactory


def qingxu_bureau() -> Organisation:
    return bureau("清徐县市场监督管理局", Organisation.Level.COUNTY, "140121")


def taigu_bureau() -> Organisation:
    return bureau("晋中市太谷区市场监督管理局", Organisation.Level.COUNTY, "140703")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachActivity
        skip_postgeneration_save = True

    kind = OutreachActivity.Kind.VISIT
    title = factory.Sequence(lambda n: f"入企服务{n}")
    date = dt.date(2024, 4, 11)
    place = "清徐县"

    @factory.post_generation
    def organisers(obj: OutreachActivity, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.organisers.set(extracted if extracted is not None else [qingxu_bureau()])

    @factory.post_generation
    def enterprises(obj: OutreachActivity, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.enterprises.set(extracted)


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    enterprise = factory.SubFactory(EnterpriseFactory)
    category = Need.Category.QUALITY
    description = factory.Sequence(lambda n: f"需要质量管理体系认证辅导{n}")
    source = Need.Source.VISIT
    raised_on = dt.date(2024, 4, 11)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    need = factory.SubFactory(NeedFactory)
    action = factory.Sequence(lambda n: f"组织认证辅导培训{n}")
    responsible_bureau = factory.LazyFunction(qingxu_bureau)
    due_date = dt.date(2024, 6, 30)


__all__ = ["ActivityFactory", "NeedFactory", "OrganisationFactory", "TaskFactory"]
