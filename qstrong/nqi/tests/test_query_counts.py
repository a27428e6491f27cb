"""NQI pages and API lists cost the same queries at 2 records of each register as at 14, for the
province and for a county officer; so do the pages of one standard, GI product and campaign as
their participants, authorised users and verifications grow."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qstrong.accounts.tests.factories import county_officer_qingxu, province_planner
from qstrong.core.testing import assert_flat_queries
from qstrong.nqi.models import (
    Brand,
    InnovationBase,
    InstrumentVerification,
    MetrologyCampaign,
)
from qstrong.nqi.tests.factories import (
    BrandFactory,
    CertificateFactory,
    GIAuthorisationFactory,
    GIProductFactory,
    InstrumentFactory,
    ParticipationFactory,
    PatentFactory,
    ProviderFactory,
    ProviderServiceFactory,
    StandardFactory,
    TrademarkFactory,
)
from qstrong.registry.tests.factories import (
    ChainFactory,
    ChainMemberFactory,
    EnterpriseFactory,
    TownFactory,
    TownMemberFactory,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "/nqi/",
    "/nqi/certificates/",
    "/nqi/instruments/",
    "/nqi/campaigns/",
    "/nqi/providers/",
    "/nqi/standards/",
    "/nqi/ip/",
    "/api/nqi/certificates",
    "/api/nqi/instruments",
    "/api/nqi/providers",
    "/api/nqi/standards",
    "/api/nqi/participations",
    "/api/nqi/trademarks",
    "/api/nqi/patents",
    "/api/nqi/gi-products",
    "/api/nqi/gi-authorisations",
    "/api/nqi/brands",
    "/api/nqi/catalogue-lines",
    "/api/nqi/campaigns",
    "/api/nqi/innovation-bases",
]

COUNTER = {"n": 0}


def _records(count: int) -> None:
    """count more of every register's rows in 清徐, and a campaign per town and chain with an
    instrument verified under it."""
    town, chain = TownFactory(code="t1"), ChainFactory(code="auto")
    standard, product = StandardFactory(number="T/SXQC 001-2024"), GIProductFactory()
    provider = ProviderFactory(code="prov-a")
    for _ in range(count):
        COUNTER["n"] += 1
        n = COUNTER["n"]
        enterprise = EnterpriseFactory(region_id="140121", industry_id="C1462")
        TownMemberFactory(town=town, enterprise=enterprise)
        ChainMemberFactory(chain=chain, enterprise=enterprise)
        CertificateFactory(enterprise=enterprise, expires_on=dt.date(2030, 1, 1))
        instrument = InstrumentFactory(enterprise=enterprise, next_due_on=dt.date(2020, 1, 1))
        PatentFactory(enterprise=enterprise)
        TrademarkFactory(enterprise=enterprise)
        ParticipationFactory(standard=standard, enterprise=enterprise)
        ParticipationFactory(enterprise=enterprise)
        GIAuthorisationFactory(product=product, enterprise=enterprise)
        BrandFactory(enterprise=enterprise, level=Brand.Level.ENTERPRISE)
        ProviderServiceFactory(provider=provider, industry_id="C14", description=f"检测{n}")
        ProviderServiceFactory(industry_id="C14")
        InnovationBase.objects.create(
            name=f"创新基地{n}", region_id="140121", industry_id="C1462", host=enterprise
        )
        subject = {"town": town} if n % 2 else {"chain": chain}
        campaign = MetrologyCampaign.objects.create(
            code=f"JL-{n:03d}",
            name=f"计量惠企{n}",
            kind=MetrologyCampaign.Kind.VERIFICATION,
            region_id="140121" if n % 3 else "140000",
            started_on=dt.date(2026, 3, 1),
            **subject,
        )
        for target in (campaign, MetrologyCampaign.objects.order_by("pk").first()):
            InstrumentVerification.objects.create(
                instrument=instrument,
                verified_on=dt.date(2026, 4, 1),
                result="failed" if n % 4 == 0 else "passed",
                institute="太原市计量测试研究所",
                next_due_on=dt.date(2027, 4, 1),
                campaign=target,
            )


def _first_records() -> list[str]:
    """The page or API answer of the first record of each register."""
    from qstrong.nqi import models

    def first(model: Any) -> int:
        return model.objects.order_by("pk").values_list("pk", flat=True)[0]

    certificate = models.Certificate.objects.order_by("pk").select_related("enterprise")[0]
    uscc = certificate.enterprise.uscc
    instrument = first(models.Instrument)
    return [
        f"/nqi/certificates/{certificate.pk}/",
        f"/nqi/instruments/{instrument}/",
        f"/nqi/panels/enterprise/{certificate.enterprise_id}/",
        f"/api/nqi/enterprises/{uscc}",
        f"/api/nqi/certificates/{certificate.pk}",
        f"/api/nqi/instruments/{instrument}",
        f"/api/nqi/standards/{first(models.Standard)}",
        f"/api/nqi/participations/{first(models.StandardParticipation)}",
        f"/api/nqi/trademarks/{first(models.Trademark)}",
        f"/api/nqi/patents/{first(models.Patent)}",
        f"/api/nqi/gi-products/{first(models.GIProduct)}",
        f"/api/nqi/gi-authorisations/{first(models.GIAuthorisation)}",
        f"/api/nqi/brands/{first(models.Brand)}",
        f"/api/nqi/catalogue-lines/{first(models.ProviderService)}",
        f"/api/nqi/campaigns/{first(models.MetrologyCampaign)}",
        f"/api/nqi/innovation-bases/{first(models.InnovationBase)}",
    ]


@pytest.mark.parametrize("persona", [province_planner, county_officer_qingxu])
def test_nqi_lists_do_not_grow_with_rows(
    client: Any, django_assert_max_num_queries: Any, persona: Any
) -> None:
    _records(2)
    client.force_login(persona())
    first = MetrologyCampaign.objects.order_by("pk").first()
    standard = StandardFactory(number="T/SXQC 001-2024")
    product, provider = GIProductFactory(), ProviderFactory(code="prov-a")
    assert first is not None
    pages = [
        *PAGES,
        f"/nqi/campaigns/{first.pk}/",
        f"/nqi/standards/{standard.pk}/",
        f"/nqi/gi/{product.pk}/",
        f"/nqi/providers/{provider.pk}/",
        "/nqi/panels/chain/auto/",
        "/nqi/panels/town/t1/",
        *_first_records(),
    ]
    assert_flat_queries(
        client,
        pages,
        grow=lambda: _records(12),
        max_queries=20,
        assert_max=django_assert_max_num_queries,
    )


@pytest.mark.parametrize("persona", [province_planner, county_officer_qingxu])
def test_the_list_progress_is_each_campaign_s_own(persona: Any) -> None:
    # given campaigns of towns and chains, of the province and of 清徐, with verifications
    _records(9)
    outside = EnterpriseFactory(region_id="140105")  # a member outside 清徐
    TownMemberFactory(town=TownFactory(code="t1"), enterprise=outside)
    InstrumentVerification.objects.create(
        instrument=InstrumentFactory(enterprise=outside),
        verified_on=dt.date(2026, 4, 1),
        result="failed",
        institute="太原市计量测试研究所",
        next_due_on=dt.date(2027, 4, 1),
        campaign=MetrologyCampaign.objects.filter(town__code="t1").first(),
    )
    user = persona()
    from qstrong.nqi.campaigns import campaign_progress, campaigns_progress, campaigns_visible

    found = list(campaigns_visible(user=user))
    # when their progress is computed for the list at once
    together = campaigns_progress(user=user, campaigns=found)
    # then it is what each campaign's own computation gives
    assert together == {c.pk: campaign_progress(user=user, campaign=c) for c in found}
    assert any(p.failed for p in together.values()) and any(p.verified for p in together.values())
