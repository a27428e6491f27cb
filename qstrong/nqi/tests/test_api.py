"""The /api/nqi/ operations: scoped reads, officer writes, another county gets 404."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from qstrong.accounts.tests.factories import county_officer_qingxu, county_officer_taigu
from qstrong.casework.tests.factories import NeedFactory
from qstrong.nqi.models import Routing
from qstrong.nqi.tests.factories import CertificateFactory, InstrumentFactory, ProviderFactory
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def world() -> dict[str, Any]:
    enterprise = EnterpriseFactory(region_id="140121")
    return {
        "enterprise": enterprise,
        "certificate": CertificateFactory(enterprise=enterprise, expires_on=dt.date(2026, 8, 1)),
        "instrument": InstrumentFactory(enterprise=enterprise, next_due_on=dt.date(2026, 1, 1)),
        "provider": ProviderFactory(),
        "need": NeedFactory(enterprise=enterprise, category="certification"),
    }


def test_officer_reads_and_writes(world: dict[str, Any]) -> None:
    client = client_for(county_officer_qingxu())
    uscc = world["enterprise"].uscc
    summary = client.get(f"/api/nqi/enterprises/{uscc}?as_of=2026-06-30").json()
    assert [c["number"] for c in summary["certificates"]] == [world["certificate"].number]
    expiring = client.get("/api/nqi/certificates?as_of=2026-06-30&expiring_within=90").json()
    assert [c["id"] for c in expiring] == [world["certificate"].pk]
    assert client.get("/api/nqi/certificates?as_of=2026-01-01&expiring_within=90").json() == []
    overdue = client.get("/api/nqi/instruments?as_of=2026-01-02&overdue=true").json()
    assert [i["id"] for i in overdue] == [world["instrument"].pk]
    created = post(
        client,
        "/api/nqi/certificates",
        {
            "uscc": uscc,
            "scheme": "ISO14001",
            "number": "E-1",
            "issued_on": "2026-01-01",
            "expires_on": "2029-01-01",
        },
    )
    assert created.status_code == 201 and created.json()["status"] == "valid"
    bad = post(
        client,
        "/api/nqi/certificates",
        {
            "uscc": uscc,
            "scheme": "ISO14001",
            "number": "E-2",
            "issued_on": "2026-01-01",
            "expires_on": "2025-01-01",
        },
    )
    assert bad.status_code == 409 and "expires_on" in json.dumps(bad.json(), ensure_ascii=False)
    routed = post(
        client, f"/api/nqi/needs/{world['need'].pk}/routings", {"provider": world["provider"].pk}
    )
    assert routed.status_code == 201
    answer = post(
        client,
        f"/api/nqi/routings/{routed.json()['id']}/answer",
        {"answer": "已受理", "answered_on": "2026-02-01", "outcome": "accepted"},
    )
    assert answer.status_code == 200 and answer.json()["outcome"] == "accepted"


def test_another_county_gets_404_on_every_operation(world: dict[str, Any]) -> None:
    client = client_for(county_officer_taigu())
    certificate, need = world["certificate"], world["need"]
    routing = Routing.objects.create(
        need=need, provider=world["provider"], routed_on=dt.date(2026, 1, 5)
    )
    assert client.get(f"/api/nqi/enterprises/{world['enterprise'].uscc}").status_code == 404
    assert client.get(f"/api/nqi/certificates/{certificate.pk}").status_code == 404
    status = post(
        client,
        f"/api/nqi/certificates/{certificate.pk}/status",
        {"status": "withdrawn", "on": "2026-01-01"},
    )
    assert status.status_code == 404
    routed = post(client, f"/api/nqi/needs/{need.pk}/routings", {"provider": world["provider"].pk})
    assert routed.status_code == 404
    answered = post(
        client,
        f"/api/nqi/routings/{routing.pk}/answer",
        {"answer": "x", "answered_on": "2026-02-01", "outcome": "resolved"},
    )
    assert answered.status_code == 404
    assert client.get("/api/nqi/certificates").json() == []
    assert client.get("/api/nqi/instruments").json() == []
    # and cannot record a certificate for an enterprise outside the county
    created = post(
        client,
        "/api/nqi/certificates",
        {
            "uscc": world["enterprise"].uscc,
            "scheme": "HACCP",
            "number": "H-1",
            "issued_on": "2026-01-01",
            "expires_on": "2029-01-01",
        },
    )
    assert created.status_code == 409
