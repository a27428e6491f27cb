"""Browser: an officer records a certificate → a policy requiring the scheme lists the
enterprise → the enterprise sees the certificate and its expiry in the portal; an officer routes
a testing need to 晋创谷·太原 and records the result. Screenshots in Chinese and English."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from qstrong.accounts.tests.factories import PASSWORD, county_officer_qingxu, enterprise_user
from qstrong.casework.tests.factories import NeedFactory
from qstrong.nqi.models import Certificate, Routing
from qstrong.nqi.tests.factories import (
    InstrumentFactory,
    PatentFactory,
    ProviderFactory,
    ProviderServiceFactory,
    TrademarkFactory,
)
from qstrong.policies.tests.factories import ISO9001_RULE, published_policy
from qstrong.registry.tests.factories import EnterpriseFactory
from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _setup() -> dict[str, Any]:
    today = timezone.localdate()
    enterprise = EnterpriseFactory(
        name="清徐老陈醋酿造有限公司", region_id="140121", industry_id="C1462", certifications=[]
    )
    InstrumentFactory(enterprise=enterprise, name="酸度计", next_due_on=today - dt.timedelta(5))
    PatentFactory(enterprise=enterprise, title="一种老陈醋熏醅装置", high_value=True)
    TrademarkFactory(enterprise=enterprise, mark="醋香坊", nice_class=30)
    station = ProviderFactory(
        code="jinchuanggu_taiyuan",
        name="“晋创谷·太原”检验检测服务站",
        kind="station",
        region_id="140105",
    )
    ProviderServiceFactory(provider=station, industry_id="C14", description="食醋理化检测")
    policy = published_policy(code="ISO-2026", title="认证提升奖励", rule=ISO9001_RULE)
    need = NeedFactory(
        enterprise=enterprise, category="certification", description="需要食醋总酸检测服务"
    )
    return {"enterprise": enterprise, "policy": policy, "need": need, "station": station}


def test_certificate_to_policy_to_portal_and_routing(page: Any) -> None:
    world = _setup()
    enterprise, policy, need = world["enterprise"], world["policy"], world["need"]
    officer = county_officer_qingxu()
    today = timezone.localdate()
    log_in(page, officer.username, PASSWORD)

    # the officer records an ISO9001 certificate from the enterprise page
    page.goto(f"/registry/enterprises/{enterprise.pk}/")
    page.get_by_test_id("nqi-panel").wait_for()
    screenshot(page, "nqi-enterprise-panel-before-zh")
    page.get_by_test_id("nqi-record-certificate").click()
    page.select_option("select[name=scheme]", "ISO9001")
    page.fill("input[name=number]", "00126Q30001R0S")
    page.fill("input[name=body]", "方圆标志认证集团山西有限公司")
    page.fill("input[name=issued_on]", (today - dt.timedelta(days=300)).isoformat())
    expires = today + dt.timedelta(days=60)
    page.fill("input[name=expires_on]", expires.isoformat())
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/nqi/certificates/*/")
    assert Certificate.objects.filter(enterprise=enterprise, scheme="ISO9001").exists()

    # the policy requiring ISO9001 now lists the enterprise
    page.goto(f"/policies/{policy.pk}/")
    page.locator("#policy-matches").get_by_text(enterprise.name).wait_for()

    # the officer sees it on the expiring list
    page.goto("/nqi/")
    page.get_by_test_id("nqi-expiring-list").get_by_text(enterprise.name).wait_for()
    screenshot(page, "nqi-overview-zh")

    # routing the testing need to 晋创谷·太原 and recording the result
    page.goto(f"/casework/needs/{need.pk}/")
    page.get_by_test_id("nqi-route-form").wait_for()
    page.select_option("select[name=provider]", str(world["station"].pk))
    page.fill("input[name=note]", "请协助检测总酸")
    page.get_by_test_id("nqi-route-form").get_by_role("button", name="转办").click()
    page.get_by_test_id("nqi-answer-form").wait_for()
    form = page.get_by_test_id("nqi-answer-form")
    form.locator("textarea[name=answer]").fill("可承检，5个工作日出具报告")
    form.locator("select[name=outcome]").select_option("resolved")
    form.locator("textarea[name=result]").fill("已出具检验报告，总酸合格")
    form.get_by_role("button", name="记录").click()
    page.get_by_test_id("nqi-routing-outcome").get_by_text("已解决").wait_for()
    routing = Routing.objects.get(need=need)
    assert (routing.outcome, routing.result) == ("resolved", "已出具检验报告，总酸合格")
    screenshot(page, "nqi-need-routing-zh")

    # the enterprise user sees the certificate and its expiry in the portal
    page.context.clear_cookies()
    user = enterprise_user(enterprise)
    log_in(page, user.username, PASSWORD)
    page.goto("/portal/")
    panel = page.get_by_test_id("nqi-panel")
    panel.get_by_text("00126Q30001R0S").wait_for()
    text = panel.inner_text()
    assert expires.isoformat() in text and "60 天后到期" in text
    assert "逾期未检" in text and "醋香坊" in text and "一种老陈醋熏醅装置" in text
    screenshot(page, "nqi-portal-zh")


def test_panels_in_english(page: Any) -> None:
    world = _setup()
    enterprise = world["enterprise"]
    officer = county_officer_qingxu()
    officer.language = "en"
    officer.save(update_fields=["language"])
    log_in(page, officer.username, PASSWORD)
    page.goto(f"/registry/enterprises/{enterprise.pk}/")
    page.get_by_test_id("nqi-panel").get_by_text(
        "Providers serving this industry nearby"
    ).wait_for()
    screenshot(page, "nqi-enterprise-panel-en")
    page.goto(f"/casework/needs/{world['need'].pk}/")
    page.get_by_test_id("nqi-need-routing").get_by_text("Route to a provider").wait_for()
    screenshot(page, "nqi-need-routing-en")
    page.goto("/nqi/")
    page.get_by_test_id("nqi-expiring-list").get_by_text("Certificates expiring").wait_for()
    screenshot(page, "nqi-overview-en")


def test_town_panel_shows_gi_and_providers(page: Any) -> None:
    from qstrong.nqi.tests.factories import (
        CertificateFactory,
        GIAuthorisationFactory,
        GIProductFactory,
        ParticipationFactory,
    )
    from qstrong.registry.tests.factories import TownFactory, TownMemberFactory

    world = _setup()
    enterprise = world["enterprise"]
    town = TownFactory(code="qingxu_vinegar", name="清徐老陈醋专业镇", industry_id="C1462")
    TownMemberFactory(town=town, enterprise=enterprise)
    gi = GIProductFactory()
    gi.protected_regions.set(["140121"])
    GIAuthorisationFactory(product=gi, enterprise=enterprise)
    CertificateFactory(enterprise=enterprise, expires_on=timezone.localdate() + dt.timedelta(400))
    ParticipationFactory(enterprise=enterprise)
    log_in(page, county_officer_qingxu().username, PASSWORD)
    page.goto(f"/registry/towns/{town.code}/")
    panel = page.get_by_test_id("nqi-panel")
    panel.get_by_text("清徐老陈醋").first.wait_for()
    assert panel.get_by_test_id("nqi-certified").inner_text() == "1"
    screenshot(page, "nqi-town-panel-zh")
