"""Browser: an officer records a register entry with a mistake (the message names the field),
records a verification under a metrology campaign, and sees the campaign's progress; the forms
and pages in Chinese and English."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from qstrong.accounts.tests.factories import PASSWORD, county_officer_qingxu
from qstrong.nqi.models import InstrumentVerification, MetrologyCampaign, Patent
from qstrong.nqi.tests.factories import InstrumentFactory, ParticipationFactory, StandardFactory
from qstrong.registry.models import Town
from qstrong.registry.tests.factories import EnterpriseFactory, TownMemberFactory
from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _setup() -> dict[str, Any]:
    today = timezone.localdate()
    enterprise = EnterpriseFactory(name="清徐老陈醋酿造有限公司", region_id="140121")
    town = Town.objects.create(
        code="qingxu_vinegar", name="清徐老陈醋专业镇", county_id="140121", level="provincial"
    )
    TownMemberFactory(town=town, enterprise=enterprise)
    instrument = InstrumentFactory(
        enterprise=enterprise, name="电子台秤", next_due_on=today - dt.timedelta(days=5)
    )
    InstrumentFactory(enterprise=enterprise, name="酸度计", next_due_on=today)
    campaign = MetrologyCampaign.objects.create(
        code="qx-metrology",
        name="清徐醋业计量惠企免费检定",
        kind="verification",
        region_id="140121",
        town=town,
        started_on=today - dt.timedelta(days=10),
        institute="太原市计量测试研究所",
        origin="illustrative",
    )
    standard = StandardFactory(number="T/SXCY 001-2024", title="清徐老陈醋")
    ParticipationFactory(standard=standard, enterprise=enterprise)
    return {"enterprise": enterprise, "instrument": instrument, "campaign": campaign}


def test_forms_name_the_field_and_a_verification_counts_for_the_campaign(page: Any) -> None:
    world = _setup()
    log_in(page, county_officer_qingxu().username, PASSWORD)

    # a patent with a missing grant date: the message names the field
    page.goto("/nqi/records/patent/new/")
    page.fill("input[name=enterprise]", world["enterprise"].uscc)
    page.fill("input[name=number]", "ZL202410000001.1")
    page.fill("input[name=title]", "一种老陈醋熏醅装置")
    page.select_option("select[name=kind]", "invention")
    page.get_by_role("button", name="保存").click()
    errors = page.get_by_test_id("nqi-form-errors")
    errors.get_by_text("有效专利须填写授权日期").wait_for()
    screenshot(page, "nqi-record-form-error-zh")
    page.fill("input[name=granted_on]", "2024-06-01")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/nqi/ip/")
    assert Patent.objects.filter(number="ZL202410000001.1").exists()

    # a verification under the campaign moves the dates and counts for the campaign
    page.goto(f"/nqi/instruments/{world['instrument'].pk}/")
    form = page.get_by_test_id("nqi-verify-form")
    form.locator("input[name=certificate_number]").fill("JD-2026-001")
    form.locator("select[name=campaign]").select_option(str(world["campaign"].pk))
    form.get_by_role("button", name="登记检定").click()
    page.get_by_test_id("nqi-verifications").get_by_text("JD-2026-001").wait_for()
    assert InstrumentVerification.objects.get().campaign == world["campaign"]
    next_due = timezone.localdate().replace(year=timezone.localdate().year + 1)
    assert page.get_by_test_id("nqi-next-due").inner_text() == next_due.isoformat()
    screenshot(page, "nqi-instrument-zh")
    page.goto(f"/nqi/campaigns/{world['campaign'].pk}/")
    progress = page.get_by_test_id("nqi-campaign-progress").inner_text()
    assert "1 / 2" in progress
    screenshot(page, "nqi-campaign-zh")
    page.goto("/nqi/standards/")
    screenshot(page, "nqi-standards-zh")
    page.goto("/nqi/records/brand/new/")
    screenshot(page, "nqi-brand-form-zh")


def test_new_pages_in_english(page: Any) -> None:
    world = _setup()
    officer = county_officer_qingxu()
    officer.language = "en"
    officer.save(update_fields=["language"])
    log_in(page, officer.username, PASSWORD)
    page.goto("/nqi/records/trademark/new/")
    page.fill("input[name=nice_class]", "46")
    page.get_by_role("button", name="Save").click()
    page.get_by_test_id("nqi-form-errors").get_by_text("Nice class").first.wait_for()
    screenshot(page, "nqi-record-form-error-en")
    page.goto(f"/nqi/instruments/{world['instrument'].pk}/")
    page.get_by_test_id("nqi-verify-form").get_by_text("Record a new verification").wait_for()
    screenshot(page, "nqi-instrument-en")
    page.goto(f"/nqi/campaigns/{world['campaign'].pk}/")
    page.get_by_text("Instruments verified / total").wait_for()
    screenshot(page, "nqi-campaign-en")
    page.goto("/nqi/campaigns/")
    screenshot(page, "nqi-campaigns-en")
