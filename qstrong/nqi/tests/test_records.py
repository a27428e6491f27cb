"""Creating and changing register records through the pages: errors name their field, an officer
changes only its own jurisdiction's records, another county's officer gets 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qstrong.accounts.tests.factories import (
    city_officer_taiyuan,
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    leader,
)
from qstrong.core.models import AuditEvent
from qstrong.nqi.models import (
    Brand,
    GIAuthorisation,
    GIProduct,
    InnovationBase,
    Instrument,
    InstrumentVerification,
    MetrologyCampaign,
    Patent,
    Provider,
    ProviderService,
    Standard,
    StandardParticipation,
    Trademark,
)
from qstrong.nqi.tests.factories import (
    BrandFactory,
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
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def qingxu() -> dict[str, Any]:
    """One record of every kind, all of them in 清徐 (140121)."""
    enterprise = EnterpriseFactory(name="清徐醋业", region_id="140121", industry_id="C1462")
    standard = StandardFactory(number="T/QX 001-2024")
    product = GIProductFactory()
    product.protected_regions.set(["140121"])
    provider = ProviderFactory(code="qx-station", region_id="140121")
    regional = BrandFactory(name="清徐老陈醋", level="regional", enterprise=None)
    return {
        "enterprise": enterprise,
        "instrument": InstrumentFactory(enterprise=enterprise),
        "standard": standard,
        "participation": ParticipationFactory(standard=standard, enterprise=enterprise),
        "trademark": TrademarkFactory(enterprise=enterprise),
        "patent": PatentFactory(enterprise=enterprise),
        "gi_product": product,
        "gi_authorisation": GIAuthorisationFactory(product=product, enterprise=enterprise),
        "brand": BrandFactory(enterprise=enterprise, parent=regional),
        "regional_brand": regional,
        "provider": provider,
        "service": ProviderServiceFactory(provider=provider),
        "innovation_base": InnovationBase.objects.create(
            name="清徐食醋标准创新基地", region_id="140121"
        ),
        "campaign": MetrologyCampaign.objects.create(
            code="qx-2026",
            name="清徐醋业计量惠企",
            kind="verification",
            region_id="140121",
            town=_town(),
            started_on=dt.date(2026, 3, 1),
        ),
    }


def _town() -> Any:
    from qstrong.registry.models import Town

    return Town.objects.create(
        code="qx-vinegar", name="清徐醋业专业镇", county_id="140121", level="provincial"
    )


KINDS = [
    "instrument",
    "standard",
    "participation",
    "trademark",
    "patent",
    "gi_product",
    "gi_authorisation",
    "brand",
    "provider",
    "service",
    "innovation_base",
    "campaign",
]


@pytest.mark.parametrize("kind", KINDS)
def test_another_county_gets_404_on_every_edit_form(qingxu: dict[str, Any], kind: str) -> None:
    record = qingxu[kind]
    url = reverse("nqi:record_edit", args=[kind, record.pk])
    taigu = client_for(county_officer_taigu())
    assert taigu.get(url).status_code == 404
    assert taigu.post(url, {"name": "改名"}).status_code == 404
    # the officer of the county opens it
    assert client_for(county_officer_qingxu()).get(url).status_code == 200


def test_another_county_gets_404_on_record_pages(qingxu: dict[str, Any]) -> None:
    taigu = client_for(county_officer_taigu())
    instrument = qingxu["instrument"]
    assert taigu.get(reverse("nqi:instrument_detail", args=[instrument.pk])).status_code == 404
    verify = taigu.post(
        reverse("nqi:instrument_verify", args=[instrument.pk]),
        {"verified_on": "2026-11-01", "result": "passed", "institute": "x"},
    )
    assert verify.status_code == 404
    assert (
        taigu.get(reverse("nqi:campaign_detail", args=[qingxu["campaign"].pk])).status_code == 404
    )
    assert qingxu["campaign"].name not in taigu.get(reverse("nqi:campaign_list")).content.decode()
    # standards and GI products are public reference records; their enterprises are not
    page = taigu.get(reverse("nqi:standard_detail", args=[qingxu["standard"].pk])).content.decode()
    assert "清徐醋业" not in page
    page = taigu.get(reverse("nqi:gi_detail", args=[qingxu["gi_product"].pk])).content.decode()
    assert "清徐醋业" not in page
    assert InstrumentVerification.objects.count() == 0


def test_enterprise_users_and_leaders_cannot_open_the_forms(qingxu: dict[str, Any]) -> None:
    url = reverse("nqi:record_edit", args=["instrument", qingxu["instrument"].pk])
    assert client_for(enterprise_user(qingxu["enterprise"])).get(url).status_code == 404
    assert client_for(leader()).get(url).status_code == 404  # a leader changes nothing
    assert (
        client_for(leader()).get(reverse("nqi:record_create", args=["patent"])).status_code == 403
    )


def test_a_city_officer_edits_the_county_record_but_not_the_county_provider_elsewhere(
    qingxu: dict[str, Any],
) -> None:
    city = client_for(city_officer_taiyuan())
    url = reverse("nqi:record_edit", args=["trademark", qingxu["trademark"].pk])
    assert city.get(url).status_code == 200
    outside = ProviderFactory(code="jz-lab", region_id="140703")
    assert city.get(reverse("nqi:record_edit", args=["provider", outside.pk])).status_code == 404


def test_the_county_officer_cannot_record_for_another_county(qingxu: dict[str, Any]) -> None:
    taigu_enterprise = EnterpriseFactory(region_id="140703")
    client = client_for(county_officer_qingxu())
    response = client.post(
        reverse("nqi:record_create", args=["patent"]),
        {
            "enterprise": taigu_enterprise.uscc,
            "number": "ZL2099000001.1",
            "title": "一种方法",
            "kind": "invention",
            "status": "granted",
            "granted_on": "2024-01-01",
        },
    )
    assert response.status_code == 422
    assert (
        "专利权人统一社会信用代码：辖区内没有这个统一社会信用代码的企业"
        in response.content.decode()
    )
    assert not Patent.objects.filter(number="ZL2099000001.1").exists()
    # nor place a provider outside the county, nor move its own provider there
    response = client.post(
        reverse("nqi:record_edit", args=["provider", qingxu["provider"].pk]),
        {"code": "qx-station", "name": "站", "kind": "station", "region": "140703"},
    )
    assert response.status_code == 422 and "所在地区" in response.content.decode()
    assert Provider.objects.get(pk=qingxu["provider"].pk).region_id == "140121"


def good_data(kind: str, q: dict[str, Any]) -> dict[str, Any]:
    uscc = q["enterprise"].uscc
    makers: dict[str, Any] = {
        "instrument": lambda: {
            "enterprise": uscc,
            "name": "酸度计",
            "serial_number": "PH-9",
            "interval_months": "12",
            "last_verified_on": "2026-01-10",
            "next_due_on": "2027-01-10",
            "institute": "太原市计量测试研究所",
        },
        "standard": lambda: {
            "number": "T/QX 002-2025",
            "title": "熏醋",
            "level": "group",
            "status": "published",
        },
        "participation": lambda: {
            "standard": Standard.objects.get_or_create(
                number="DB14/T 9", title="醋", level="local"
            )[0].pk,
            "enterprise": uscc,
            "role": "participant",
        },
        "trademark": lambda: {
            "enterprise": uscc,
            "registration_number": "40000001",
            "mark": "醯",
            "nice_class": "30",
            "kind": "ordinary",
            "status": "registered",
        },
        "patent": lambda: {
            "enterprise": uscc,
            "number": "ZL2024000002.1",
            "title": "一种熏醋工艺",
            "kind": "invention",
            "status": "granted",
            "granted_on": "2025-02-01",
            "high_value": "on",
            "transfer": "licensed",
        },
        "gi_product": lambda: {
            "code": "qingxu_xunxu",
            "name": "清徐熏醋",
            "protected_regions": ["140121"],
        },
        "gi_authorisation": lambda: {
            "product": q["gi_product"].pk,
            "enterprise": EnterpriseFactory(region_id="140121").uscc,
            "authorised_on": "2025-01-01",
        },
        "brand": lambda: {
            "name": "醯香",
            "level": "product",
            "parent": q["brand"].pk,
            "enterprise": uscc,
            "region": "140121",
        },
        "provider": lambda: {
            "code": "qx-metrology",
            "name": "清徐县计量检定所",
            "kind": "metrology",
            "region": "140121",
        },
        "service": lambda: {
            "provider": q["provider"].pk,
            "category": "metrology",
            "industry": "C14",
            "description": "衡器检定",
        },
        "innovation_base": lambda: {
            "name": "清徐醋标准基地二",
            "region": "140121",
            "industry": "C1462",
            "host": uscc,
        },
        "campaign": lambda: {
            "code": "qx-2027",
            "name": "清徐计量校准",
            "kind": "calibration",
            "region": "140121",
            "town": q["campaign"].town_id,
            "started_on": "2026-05-01",
        },
    }
    return makers[kind]()  # type: ignore[no-any-return]


MODELS = {
    "instrument": Instrument,
    "standard": Standard,
    "participation": StandardParticipation,
    "trademark": Trademark,
    "patent": Patent,
    "gi_product": GIProduct,
    "gi_authorisation": GIAuthorisation,
    "brand": Brand,
    "provider": Provider,
    "service": ProviderService,
    "innovation_base": InnovationBase,
    "campaign": MetrologyCampaign,
}


@pytest.mark.parametrize("kind", KINDS)
def test_an_officer_creates_every_kind_and_the_change_is_audited(
    qingxu: dict[str, Any], kind: str
) -> None:
    client = client_for(county_officer_qingxu())
    model = MODELS[kind]
    before = model.objects.count()
    response = client.post(reverse("nqi:record_create", args=[kind]), good_data(kind, qingxu))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert model.objects.count() == before + 1
    created = model.objects.order_by("-pk").first()
    assert AuditEvent.objects.filter(
        object_type=f"nqi.{model._meta.model_name}", object_id=str(created.pk), action="create"
    ).exists()


@pytest.mark.parametrize(
    ("kind", "field", "value", "message"),
    [
        ("instrument", "interval_months", "0", "检定周期（月）：应为 1–120 的整数"),
        ("instrument", "next_due_on", "2025-01-01", "下次检定日期：不能早于上次检定日期"),
        ("standard", "number", "T/QX 001-2024", "标准编号"),
        ("trademark", "nice_class", "46", "尼斯分类：应为 1–45 的整数"),
        ("patent", "granted_on", "", "有效专利须填写授权日期"),
        ("brand", "enterprise", "", "企业统一社会信用代码：企业品牌和产品品牌须填写所属企业"),
        ("provider", "region", "140703", "所在地区"),
        ("service", "industry", "Z99", "服务行业：不存在的行业代码"),
        ("campaign", "town", "", "请在专业镇和产业链中选择一个（只选一个）"),
        ("gi_authorisation", "authorised_on", "", "授权日期"),
    ],
)
def test_bad_input_names_the_field_in_chinese(
    qingxu: dict[str, Any], kind: str, field: str, value: str, message: str
) -> None:
    client = client_for(county_officer_qingxu())
    data = good_data(kind, qingxu) | {field: value}
    before = MODELS[kind].objects.count()
    response = client.post(reverse("nqi:record_create", args=[kind]), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert MODELS[kind].objects.count() == before


def test_an_edit_changes_the_record_and_only_it(qingxu: dict[str, Any]) -> None:
    client = client_for(county_officer_qingxu())
    trademark = qingxu["trademark"]
    data = {
        "enterprise": qingxu["enterprise"].uscc,
        "registration_number": trademark.registration_number,
        "mark": "东湖",
        "nice_class": "30",
        "kind": "well_known",
        "status": "registered",
    }
    response = client.post(reverse("nqi:record_edit", args=["trademark", trademark.pk]), data)
    assert response.status_code == 302
    trademark.refresh_from_db()
    assert (trademark.mark, trademark.kind) == ("东湖", "well_known")
    event = AuditEvent.objects.get(object_type="nqi.trademark", action="update")
    assert event.changes["kind"] == ["ordinary", "well_known"]


def test_english_messages_name_the_field_in_english(qingxu: dict[str, Any]) -> None:
    client = client_for(county_officer_qingxu())
    client.cookies["django_language"] = "en"
    data = good_data("trademark", qingxu) | {"nice_class": "46"}
    response = client.post(
        reverse("nqi:record_create", args=["trademark"]), data, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Nice class" in body


def test_recording_a_verification_moves_the_dates_and_keeps_the_row(
    qingxu: dict[str, Any], today: dt.date
) -> None:
    client = client_for(county_officer_qingxu())
    instrument = qingxu["instrument"]  # next due 2026-03-01: overdue from then on
    url = reverse("nqi:instrument_verify", args=[instrument.pk])
    later = (today + dt.timedelta(days=11)).isoformat()
    bad = client.post(url, {"verified_on": later, "result": "passed", "institute": "所"})
    assert bad.status_code == 422 and "检定日期：不能晚于今天" in bad.content.decode()
    verified = today - dt.timedelta(days=2)
    if (verified.month, verified.day) == (2, 29):
        verified -= dt.timedelta(days=1)
    response = client.post(
        url,
        {
            "verified_on": verified.isoformat(),
            "result": "passed",
            "institute": "太原市计量测试研究所",
            "certificate_number": "JD-2026-118",
            "campaign": qingxu["campaign"].pk,
        },
    )
    assert response.status_code == 302
    instrument.refresh_from_db()
    next_due = verified.replace(year=verified.year + 1)  # a 12-month interval
    assert (instrument.last_verified_on, instrument.next_due_on) == (verified, next_due)
    verification = InstrumentVerification.objects.get(instrument=instrument)
    assert (verification.result, verification.campaign) == ("passed", qingxu["campaign"])
    page = client.get(reverse("nqi:instrument_detail", args=[instrument.pk])).content.decode()
    assert "JD-2026-118" in page and next_due.isoformat() in page
    # a failed verification makes it due at once
    failed = today - dt.timedelta(days=1)
    client.post(url, {"verified_on": failed.isoformat(), "result": "failed", "institute": "所"})
    instrument.refresh_from_db()
    assert instrument.next_due_on == failed
    assert InstrumentVerification.objects.filter(instrument=instrument).count() == 2


def test_new_pages_render_for_the_officer(qingxu: dict[str, Any]) -> None:
    client = client_for(county_officer_qingxu())
    for url in (
        reverse("nqi:instrument_detail", args=[qingxu["instrument"].pk]),
        reverse("nqi:standard_detail", args=[qingxu["standard"].pk]),
        reverse("nqi:gi_detail", args=[qingxu["gi_product"].pk]),
        reverse("nqi:campaign_list"),
        reverse("nqi:campaign_detail", args=[qingxu["campaign"].pk]),
        reverse("nqi:provider_detail", args=[qingxu["provider"].pk]),
        reverse("nqi:ip"),
        reverse("nqi:standard_list"),
        reverse("nqi:instrument_list"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    for kind in KINDS:
        assert client.get(reverse("nqi:record_create", args=[kind])).status_code == 200, kind


@pytest.mark.parametrize(
    "register",
    [
        "certificates",
        "instruments",
        "trademarks",
        "patents",
        "gi_authorisations",
        "brands",
        "participations",
    ],
)
def test_another_countys_export_holds_none_of_the_countys_records(
    qingxu: dict[str, Any], register: str
) -> None:
    from qstrong.nqi.tests.factories import CertificateFactory

    CertificateFactory(enterprise=qingxu["enterprise"])
    mine = client_for(county_officer_qingxu()).get(reverse("nqi:export", args=[register, "csv"]))
    assert qingxu["enterprise"].uscc in mine.content.decode("utf-8-sig")
    body = client_for(county_officer_taigu()).get(reverse("nqi:export", args=[register, "csv"]))
    assert body.status_code == 200
    text = body.content.decode("utf-8-sig")
    assert qingxu["enterprise"].uscc not in text
    assert len(text.strip().splitlines()) == 1  # the header only


def test_the_town_panel_lists_its_campaign_with_progress(qingxu: dict[str, Any]) -> None:
    from qstrong.registry.tests.factories import TownMemberFactory

    town = qingxu["campaign"].town
    TownMemberFactory(town=town, enterprise=qingxu["enterprise"])
    client = client_for(county_officer_qingxu())
    panel = client.get(reverse("nqi:town_panel", args=[town.code])).content.decode()
    assert "清徐醋业计量惠企" in panel and "0 / 1 件器具" in panel
    other = client_for(county_officer_taigu()).get(reverse("nqi:town_panel", args=[town.code]))
    assert "清徐醋业计量惠企" not in other.content.decode()
