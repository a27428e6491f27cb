"""Factories for the registers."""

from __future__ import annotations

import datetime as dt

import factory

from qstrong.nqi.models import (
    Brand,
    Certificate,
    GIAuthorisation,
    GIProduct,
    Instrument,
    Patent,
    Provider,
    ProviderService,
    Standard,
    StandardParticipation,
    Trademark,
)
from qstrong.registry.tests.factories import EnterpriseFactory


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    enterprise = factory.SubFactory(EnterpriseFactory)
    scheme = "ISO9001"
    number = factory.Sequence(lambda n: f"00124Q3{n:05d}R0S")
    body = "方圆标志认证集团有限公司"
    issued_on = dt.date(2023, 7, 1)
    expires_on = dt.date(2026, 6, 30)


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument

    enterprise = factory.SubFactory(EnterpriseFactory)
    name = "电子台秤"
    serial_number = factory.Sequence(lambda n: f"TC-{n:04d}")
    interval_months = 12
    last_verified_on = dt.date(2025, 3, 1)
    next_due_on = dt.date(2026, 3, 1)
    institute = "太原市计量测试研究所"


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"prov{n}")
    name = factory.Sequence(lambda n: f"测试检验检测中心{n}")
    kind = Provider.Kind.LABORATORY
    region_id = "140100"
    cma_number = "200412345678"


class ProviderServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderService

    provider = factory.SubFactory(ProviderFactory)
    category = "certification"
    industry_id = "C14"
    description = "食品理化指标检测"


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: f"T/SXTEST {n:03d}-2024")
    title = factory.Sequence(lambda n: f"测试团体标准{n}")
    level = Standard.Level.GROUP


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandardParticipation

    standard = factory.SubFactory(StandardFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    role = StandardParticipation.Role.LEAD


class PatentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patent

    enterprise = factory.SubFactory(EnterpriseFactory)
    number = factory.Sequence(lambda n: f"ZL2020{n:07d}.X")
    title = factory.Sequence(lambda n: f"一种测试方法{n}")
    kind = Patent.Kind.INVENTION
    granted_on = dt.date(2022, 5, 10)


class TrademarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trademark

    enterprise = factory.SubFactory(EnterpriseFactory)
    registration_number = factory.Sequence(lambda n: f"{30000000 + n}")
    mark = factory.Sequence(lambda n: f"测试商标{n}")
    nice_class = 30


class GIProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GIProduct
        django_get_or_create = ("code",)

    code = "qingxu_vinegar"
    name = "清徐老陈醋"


class GIAuthorisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GIAuthorisation

    product = factory.SubFactory(GIProductFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    authorised_on = dt.date(2020, 1, 1)


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand

    name = factory.Sequence(lambda n: f"测试品牌{n}")
    level = Brand.Level.ENTERPRISE
    enterprise = factory.SubFactory(EnterpriseFactory)
    region_id = "140121"
