"""Register pages, panels, routing and files: who sees what; another county gets 404."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from qstrong.accounts.tests.factories import (
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
)
from qstrong.casework.tests.factories import NeedFactory
from qstrong.nqi.models import Certificate, Routing
from qstrong.nqi.tests.factories import (
    CertificateFactory,
    InstrumentFactory,
    ProviderFactory,
    ProviderServiceFactory,
)
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world() -> dict[str, Any]:
    """A 清徐 enterprise with a certificate, an instrument and a testing need; a 太原 lab."""
    enterprise = EnterpriseFactory(name="清徐醋业", region_id="140121", industry_id="C1462")
    certificate = CertificateFactory(enterprise=enterprise, expires_on=dt.date(2030, 6, 30))
    InstrumentFactory(enterprise=enterprise, next_due_on=dt.date(2020, 1, 1))
    provider = ProviderFactory(name="晋创谷·太原检验检测服务站", kind="station")
    ProviderServiceFactory(provider=provider, industry_id="C14", description="食醋理化检测")
    need = NeedFactory(enterprise=enterprise, category="certification", description="总酸检测")
    return {
        "enterprise": enterprise,
        "certificate": certificate,
        "provider": provider,
        "need": need,
    }


def test_officer_pages_render(world: dict[str, Any]) -> None:
    client = client_for(county_officer_qingxu())
    for name in (
        "overview",
        "certificate_list",
        "instrument_list",
        "provider_list",
        "standard_list",
        "ip",
        "import",
        "certificate_create",
    ):
        response = client.get(reverse(f"nqi:{name}"))
        assert response.status_code == 200, name
    page = client.get(reverse("nqi:overview")).content.decode()
    assert "清徐醋业" in page  # the overdue instrument
    panel = client.get(reverse("nqi:enterprise_panel", args=[world["enterprise"].pk]))
    assert "食醋理化检测" in panel.content.decode()
    assert world["certificate"].number in panel.content.decode()


def test_another_county_gets_404_on_every_record_page(world: dict[str, Any]) -> None:
    taigu = client_for(county_officer_taigu())
    certificate, need = world["certificate"], world["need"]
    routing = Routing.objects.create(
        need=need, provider=world["provider"], routed_on=dt.date(2026, 1, 5)
    )
    gets = [
        reverse("nqi:certificate_detail", args=[certificate.pk]),
        reverse("nqi:enterprise_panel", args=[world["enterprise"].pk]),
        reverse("nqi:need_panel", args=[need.pk]),
        reverse("nqi:portal_panel"),
    ]
    for url in gets:
        assert taigu.get(url).status_code == 404, url
    posts = [
        (reverse("nqi:certificate_status", args=[certificate.pk]), {"status": "withdrawn"}),
        (reverse("nqi:need_route", args=[need.pk]), {"provider": world["provider"].pk}),
        (reverse("nqi:routing_answer", args=[routing.pk]), {"answer": "x"}),
    ]
    for url, data in posts:
        assert taigu.post(url, data).status_code == 404, url
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    # exports hold only the officer's own county
    for register in ("certificates", "instruments"):
        body = taigu.get(reverse("nqi:export", args=[register, "csv"])).content.decode("utf-8-sig")
        assert "清徐醋业" not in body and world["enterprise"].uscc not in body
        assert len(body.strip().splitlines()) == 1  # the header only


def test_enterprise_user_sees_its_certificate_in_the_portal(world: dict[str, Any]) -> None:
    client = client_for(enterprise_user(world["enterprise"]))
    page = client.get(reverse("nqi:portal_panel")).content.decode()
    assert world["certificate"].number in page and "2030-06-30" in page
    assert client.get(reverse("nqi:overview")).status_code == 404


def test_a_need_routed_to_a_provider_records_its_answer(world: dict[str, Any]) -> None:
    client = client_for(county_officer_qingxu())
    need, provider = world["need"], world["provider"]
    response = client.post(reverse("nqi:need_route", args=[need.pk]), {"provider": provider.pk})
    assert response.status_code == 302
    routing = Routing.objects.get(need=need)
    assert (routing.provider, routing.outcome) == (provider, "pending")
    response = client.post(
        reverse("nqi:routing_answer", args=[routing.pk]),
        {
            "answer": "可承检，5个工作日出具报告",
            "answered_on": "2026-01-06",
            "outcome": "resolved",
            "result": "已出具检验报告",
        },
    )
    assert response.status_code == 302
    routing.refresh_from_db()
    assert (routing.answer, routing.answered_on, routing.outcome, routing.result) == (
        "可承检，5个工作日出具报告",
        dt.date(2026, 1, 6),
        "resolved",
        "已出具检验报告",
    )
    panel = client.get(reverse("nqi:need_panel", args=[need.pk])).content.decode()
    assert "已出具检验报告" in panel


def test_officer_records_a_certificate_through_the_form(world: dict[str, Any]) -> None:
    client = client_for(county_officer_qingxu())
    data = {
        "enterprise": world["enterprise"].uscc,
        "scheme": "HACCP",
        "number": "HACCP-2026-001",
        "body": "中国质量认证中心",
        "issued_on": "2026-01-01",
        "expires_on": "2025-01-01",
    }
    bad = client.post(reverse("nqi:certificate_create"), data)
    assert bad.status_code == 422 and "有效期至不能早于发证日期" in bad.content.decode()
    data["expires_on"] = "2029-01-01"
    assert client.post(reverse("nqi:certificate_create"), data).status_code == 302
    assert Certificate.objects.filter(scheme="HACCP", enterprise=world["enterprise"]).exists()
    # another county's officer cannot record one for this enterprise
    other = client_for(county_officer_taigu())
    data["number"] = "HACCP-2026-002"
    response = other.post(reverse("nqi:certificate_create"), data)
    assert response.status_code == 422
    assert not Certificate.objects.filter(number="HACCP-2026-002").exists()


def test_export_reads_back_as_an_import(world: dict[str, Any]) -> None:
    client = client_for(county_officer_qingxu())
    content = client.get(reverse("nqi:export", args=["certificates", "xlsx"])).content
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("统一社会信用代码", "认证项目", "证书编号")
    assert rows[1][2] == world["certificate"].number
    upload = io.BytesIO(content)
    upload.name = "certificates.xlsx"
    response = client.post(reverse("nqi:import"), {"register": "certificates", "file": upload})
    assert response.status_code == 200
    assert "未变 1" in response.content.decode()
