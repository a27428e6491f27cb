"""The register pages and panels cost a number of queries that does not grow with the rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qstrong.accounts.tests.factories import county_officer_qingxu
from qstrong.nqi.tests.factories import (
    CertificateFactory,
    InstrumentFactory,
    PatentFactory,
    ProviderServiceFactory,
    TrademarkFactory,
)
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _add(enterprise: Any, n: int) -> None:
    for _ in range(n):
        CertificateFactory(enterprise=enterprise, expires_on=dt.date(2030, 1, 1))
        InstrumentFactory(enterprise=enterprise, next_due_on=dt.date(2020, 1, 1))
        PatentFactory(enterprise=enterprise)
        TrademarkFactory(enterprise=enterprise)
        ProviderServiceFactory(industry_id="C14")


@pytest.mark.parametrize("n", [2, 20])
def test_pages_and_panels_cost_flat(n: int, django_assert_max_num_queries: Any) -> None:
    officer = county_officer_qingxu()
    enterprise = EnterpriseFactory(industry_id="C1462")
    _add(enterprise, n)
    client = Client()
    client.force_login(officer)
    urls = [
        reverse("nqi:overview"),
        reverse("nqi:certificate_list"),
        reverse("nqi:instrument_list"),
        reverse("nqi:provider_list"),
        reverse("nqi:ip"),
        reverse("nqi:enterprise_panel", args=[enterprise.pk]),
        reverse("nqi:export", args=["certificates", "csv"]),
    ]
    for url in urls:
        with django_assert_max_num_queries(25):
            assert client.get(url).status_code == 200, url
