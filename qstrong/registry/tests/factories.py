"""Factories for the registry: valid USCCs, real Shanxi counties."""

from __future__ import annotations

from decimal import Decimal

import factory

from qstrong.registry.models import Chain, ChainMember, Enterprise, Segment, Town, TownMember
from qstrong.registry.uscc import uscc_with_check


def make_uscc(n: int, region: str = "140121") -> str:
    """A valid code: 91 (enterprise), the region, an 8-digit serial, the 9th organisation char."""
    return uscc_with_check(f"91{region}{n:08d}0")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    uscc = factory.Sequence(lambda n: make_uscc(n + 1))
    name = factory.Sequence(lambda n: f"清徐测试食品有限公司{n}")
    region_id = "140121"
    industry_id = "C1469"
    employees = 50
    revenue = Decimal("1200.00")
    scale = "small"
    certifications: list[str] | None = None
    tags: list[str] | None = None


class ChainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chain
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"chain{n}")
    name = factory.Sequence(lambda n: f"测试产业链{n}")


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Segment

    chain = factory.SubFactory(ChainFactory)
    name = factory.Sequence(lambda n: f"环节{n}")
    position = factory.Sequence(lambda n: n + 1)


class ChainMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChainMember

    enterprise = factory.SubFactory(EnterpriseFactory)
    chain = factory.SubFactory(ChainFactory)
    role = "supplier"


class TownFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Town
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"town{n}")
    name = factory.Sequence(lambda n: f"测试专业镇{n}")
    county_id = "140121"
    level = Town.Level.PROVINCIAL


class TownMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TownMember

    town = factory.SubFactory(TownFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
