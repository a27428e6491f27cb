"""The handbooks draw on the quality-infrastructure registers (nqi): the PDF text and the Word XML
carry an enterprise's valid certificates, standards by level, patents and trademarks; a town's
members' standards, certificates, its GI with authorised users and the brand matrix; a chain's
standards system and the providers serving it — and agree with the records."""

from __future__ import annotations

import datetime as dt

import pytest

from qstrong.handbooks.schemas import Facts, content_load
from qstrong.handbooks.tests.factories import drafted
from qstrong.handbooks.tests.test_demo_rendering import _both, _flat
from qstrong.nqi.models import Brand, GIAuthorisation, Patent, Standard, StandardParticipation
from qstrong.nqi.tests.factories import (
    CertificateFactory,
    GIProductFactory,
    ParticipationFactory,
    PatentFactory,
    ProviderFactory,
    ProviderServiceFactory,
    StandardFactory,
    TrademarkFactory,
)
from qstrong.registry.models import Region
from qstrong.registry.tests.factories import (
    ChainFactory,
    ChainMemberFactory,
    EnterpriseFactory,
    SegmentFactory,
    TownFactory,
    TownMemberFactory,
)

pytestmark = pytest.mark.django_db


def test_an_enterprise_handbook_lists_its_register_records() -> None:
    # Given a 清徐 enterprise with a valid and an expired certificate, two standards, two
    # patents (one high-value and licensed) and a trademark
    e = EnterpriseFactory(name="清徐宝源老陈醋有限公司", certifications=["ISO22000"], patents=7)
    valid = CertificateFactory(enterprise=e, scheme="ISO9001", number="00124Q31234R0S")
    CertificateFactory(
        enterprise=e, scheme="ISO14001", number="00124E30001R0S", expires_on=dt.date(2024, 6, 30)
    )
    ParticipationFactory(
        enterprise=e,
        standard=StandardFactory(
            number="GB/T 19777-2013", title="地理标志产品 山西老陈醋", level="national"
        ),
        role=StandardParticipation.Role.PARTICIPANT,
    )
    ParticipationFactory(
        enterprise=e,
        standard=StandardFactory(number="T/SXCX 001-2023", title="老陈醋 酿造工艺规范"),
    )
    PatentFactory(
        enterprise=e,
        number="ZL202010000001.X",
        title="一种老陈醋熏醅装置",
        high_value=True,
        transfer=Patent.Transfer.LICENSED,
    )
    PatentFactory(enterprise=e, number="ZL202120000002.5", title="醋坛封口", kind="utility")
    TrademarkFactory(enterprise=e, registration_number="12345678", mark="宝源")

    # When its handbook is drafted as of 2024-09-30
    handbook = drafted(e)

    # Then the profile's facts follow the records (valid schemes; granted inventions)
    profile = content_load(handbook.content).section("profile")
    assert profile is not None
    facts = profile.blocks[0]
    assert isinstance(facts, Facts)
    assert dict(facts.rows)["认证"] == "ISO9001"
    assert dict(facts.rows)["有效发明专利数"] == "1"
    # And the PDF and the Word file list them
    for text in _both(handbook):
        assert _flat("有效认证证书（截至 2024-09-30）") in text
        assert f"ISO9001{valid.number}{valid.body}2026-06-30" in text
        assert "00124E30001R0S" not in text  # expired on the data date
        assert _flat("主导或参与制定的标准（国家标准 1 项、团体标准 1 项）") in text
        assert _flat("国家标准GB/T 19777-2013地理标志产品 山西老陈醋参与已发布") in text
        assert _flat("团体标准T/SXCX 001-2023老陈醋 酿造工艺规范主导已发布") in text
        assert "ZL202010000001.X一种老陈醋熏醅装置发明有效是许可" in text
        assert "ZL202120000002.5醋坛封口实用新型有效—未转化" not in text
        assert "ZL202120000002.5醋坛封口实用新型有效——" in text
        assert "12345678宝源30普通商标已注册" in text


def test_a_town_handbook_lists_members_standards_certificates_gi_and_brand_matrix() -> None:
    # Given a 清徐 town with two members, a group standard, a certificate, the 清徐老陈醋 GI
    # (authorised: a member and a non-member) and the regional brand with its matrix
    town = TownFactory(name="清徐老陈醋专业镇", county_id="140121")
    lead = TownMemberFactory(
        town=town, enterprise=EnterpriseFactory(name="甲醋业"), is_leading=True
    ).enterprise
    member = TownMemberFactory(town=town, enterprise=EnterpriseFactory(name="乙醋业")).enterprise
    outsider = EnterpriseFactory(name="丙醋业")
    group = StandardFactory(number="T/QXCY 001-2024", title="清徐老陈醋", level="group")
    ParticipationFactory(standard=group, enterprise=lead)
    ParticipationFactory(standard=group, enterprise=member, role="participant")
    CertificateFactory(enterprise=member, scheme="HACCP", number="CQM24H0001")
    gi = GIProductFactory()
    gi.protected_regions.set([Region.objects.get(code="140121")])
    for firm, day in ((lead, dt.date(2023, 6, 1)), (outsider, dt.date(2024, 1, 2))):
        GIAuthorisation.objects.create(product=gi, enterprise=firm, authorised_on=day)
    GIAuthorisation.objects.create(
        product=gi, enterprise=member, authorised_on=dt.date(2025, 1, 1)
    )  # after the data date
    regional = Brand.objects.create(name="清徐老陈醋", level="regional", region_id="140121")
    firm_brand = Brand.objects.create(
        name="甲醋",
        level="enterprise",
        parent=regional,
        enterprise=lead,
        region_id="140121",
        premium_on=dt.date(2024, 5, 1),
    )
    Brand.objects.create(
        name="甲醋·五年陈", level="product", parent=firm_brand, enterprise=lead, region_id="140121"
    )

    # When its handbook is drafted
    handbook = drafted(town)

    # Then both files list the standard with its members, the certificate, the GI with its
    # authorised users on the data date, and the brand matrix
    for text in _both(handbook):
        assert _flat("团体标准T/QXCY 001-2024清徐老陈醋甲醋业（主导）、乙醋业（参与）") in text
        assert "乙醋业HACCPCQM24H00012026-06-30" in text
        assert "清徐老陈醋清徐县—丙醋业、甲醋业区域公用品牌矩阵" in text
        assert _flat("区域公用品牌矩阵（区域品牌 + 企业品牌 + 产品品牌）") in text
        assert "清徐老陈醋甲醋甲醋·五年陈甲醋业2024-05-01" in text


def test_a_chain_handbook_lists_its_standards_system_and_providers() -> None:
    # Given a chain whose leader leads a national standard and a supplier joins it, and a
    # laboratory whose catalogue serves the leader's industry
    chain = ChainFactory(name="测试酿造")
    segment = SegmentFactory(chain=chain, name="酿造")
    leader = ChainMemberFactory(
        chain=chain,
        segment=segment,
        role="leader",
        enterprise=EnterpriseFactory(name="链主醋业", industry_id="C14"),
    ).enterprise
    supplier = ChainMemberFactory(chain=chain, segment=segment).enterprise
    standard = StandardFactory(number="GB/T 18187-2000", title="酿造食醋", level="national")
    ParticipationFactory(standard=standard, enterprise=leader)
    ParticipationFactory(standard=standard, enterprise=supplier, role="participant")
    CertificateFactory(enterprise=supplier)
    PatentFactory(enterprise=leader, high_value=True)
    lab = ProviderFactory(name="山西省食品检验检测中心（测试）", cma_number="220412340001")
    ProviderServiceFactory(provider=lab, description="食醋理化指标检测")

    # When the chain handbook is drafted
    handbook = drafted(chain)

    # Then it names the standard with its member count (members are not named) and the lab
    section = content_load(handbook.content).section("standards_providers")
    assert section is not None
    for text in _both(handbook):
        assert _flat("标准体系与检验检测服务") in text
        assert (
            _flat("成员企业 2 家，其中持有有效认证证书 1 家；有效发明专利 1 件（高价值 1 件）")
            in text
        )
        assert _flat("国家标准GB/T 18187-2000酿造食醋已发布2") in text
        assert _flat("山西省食品检验检测中心（测试）检验检测机构") in text
        assert "220412340001" in text and "食醋理化指标检测" in text
    assert Standard.objects.count() == 1
