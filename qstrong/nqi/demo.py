"""The registers' demo from the article, each record marked from the article or illustrative.

From the article: 大运汽车's 9 standards by level (3 national, 1 industry, 1 local, 4 group), the
《代州黄酒》 group standard, the 代州黄酒 regional brand, the five 代县 wineries' ISO9001
certificates, the "晋创谷·太原" testing service station. Numbers, titles, dates, catalogues,
authorised users and patents are illustrative: the article gives none of them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from qstrong.nqi.models import (
    Brand,
    Certificate,
    GIAuthorisation,
    GIProduct,
    InnovationBase,
    Instrument,
    InstrumentVerification,
    MetrologyCampaign,
    Origin,
    Patent,
    Provider,
    ProviderService,
    Standard,
    StandardParticipation,
    Trademark,
)
from qstrong.nqi.services import instrument_verify, record_save
from qstrong.registry.demo.article_enterprises import article_enterprise
from qstrong.registry.demo.codes import demo_uscc
from qstrong.registry.models import Chain, Enterprise, Region, Source, Town
from qstrong.registry.services import enterprise_set_memberships, enterprise_upsert

A, ILL = Origin.ARTICLE, Origin.ILLUSTRATIVE
NOTE_I = "演示示意，非报道内容"
DAYUN_NOTE = (
    "报道：大运汽车“主导或参与9项标准制定，其中国家标准3项、行业标准1项、地方标准1项、"
    "团体标准4项”；编号与名称为演示示意"
)
DAIXIAN_NOTE = (
    "报道：帮扶雁门山酒业、冯氏酒业、代康实业等5家企业通过ISO9001质量管理体系认证；"
    "证书编号与日期为演示示意"
)
DAYUN_LEVELS = (("national", 3), ("industry", 1), ("local", 1), ("group", 4))
DAYUN_TITLES = {
    "national": (
        "电动汽车 整车控制器 技术要求",
        "纯电动乘用车 能量消耗率 试验方法",
        "电动重型货车 安全要求",
    ),
    "industry": ("新能源汽车 冲压件 质量检验规范",),
    "local": ("新能源乘用车 柔性共线生产 质量管理规范",),
    "group": (
        "智能纯电动重卡 整车技术条件",
        "新能源汽车 焊装 质量控制",
        "新能源汽车 模具 验收规范",
        "新能源汽车 总装 过程质量评价",
    ),
}
PREFIX = {"national": "GB/T", "industry": "QC/T", "local": "DB14/T", "group": "T/SXQX"}


def _save(model: Any, key: dict[str, Any], data: dict[str, Any], counts: Counter[str]) -> Any:
    existing = model._default_manager.filter(**key).first()
    record, outcome = record_save(
        model=model, instance=existing, data={**key, **data}, actor=None, rematch=False
    )
    counts[f"{model._meta.model_name}_{outcome}"] += 1
    return record


def _article(key: str) -> Enterprise | None:
    return Enterprise.objects.filter(uscc=article_enterprise(key).uscc).first()


def _daixian_wineries() -> list[Enterprise]:
    """The three named wineries and two illustrative ones ("等5家")."""
    found = [e for e in (_article(k) for k in ("yanmenshan_wine", "fengshi_wine", "daikang")) if e]
    town = Town.objects.filter(code="daizhou_huangjiu").first()
    for index, mark in enumerate(("晋黍", "雁北")):
        uscc = demo_uscc(region="140923", key=f"daixian_winery_{index}")
        enterprise = Enterprise.objects.filter(uscc=uscc).first()
        if enterprise is None:
            enterprise, _outcome = enterprise_upsert(
                uscc=uscc,
                data={
                    "name": f"代县{mark}黄酒有限公司（演示）",
                    "region_id": "140923",
                    "industry_id": "C1514",
                    "certifications": ["ISO9001"],
                },
                source=Source.SYNTHETIC,
                source_note=f"报道“等5家企业通过ISO9001认证”中未具名的企业，{NOTE_I}",
                actor=None,
            )
            if town is not None:
                enterprise_set_memberships(
                    enterprise=enterprise, chains=None, towns=[(town, False)], actor=None
                )
        found.append(enterprise)
    return found


def _qingxu_makers() -> list[Enterprise]:
    """The 清徐 certification campaign's enterprises (made by the quality demo)."""
    ussccs = [demo_uscc(region="140121", key=f"qingxu_cert_{i}") for i in range(10)]
    by_uscc = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=ussccs)}
    return [by_uscc[u] for u in ussccs if u in by_uscc]


def _standards(today: dt.date, counts: Counter[str]) -> None:
    dayun = _article("dayun")
    if dayun is not None:
        serial = 0
        for level, n in DAYUN_LEVELS:
            for index in range(n):
                serial += 1
                standard = _save(
                    Standard,
                    {"number": f"{PREFIX[level]} 示意-DY{serial:02d}"},
                    {
                        "title": f"{DAYUN_TITLES[level][index]}（示意）",
                        "level": level,
                        "status": "published",
                        "origin": A,
                        "origin_note": DAYUN_NOTE,
                    },
                    counts,
                )
                _save(
                    StandardParticipation,
                    {"standard": standard, "enterprise": dayun},
                    {"role": "lead" if level == "group" else "participant"},
                    counts,
                )
    daizhou = _save(
        Standard,
        {"number": "T/DXHJ 001（示意）"},
        {
            "title": "代州黄酒",
            "level": "group",
            "status": "published",
            "issuing_body": "代县黄酒行业协会",
            "origin": A,
            "origin_note": (
                "报道：指导帮扶代县黄酒行业协会制定《代州黄酒》团体标准并引导企业使用；"
                "编号为演示示意"
            ),
        },
        counts,
    )
    for winery in _daixian_wineries():
        _save(
            StandardParticipation,
            {"standard": daizhou, "enterprise": winery},
            {"role": "participant"},
            counts,
        )
    _save(
        InnovationBase,
        {"name": "山西高端装备制造业技术标准创新基地（示意）"},
        {
            "region": Region.objects.get(code="140100"),
            "origin": A,
            "origin_note": "报道：指导创建一批高端装备制造业技术标准创新基地；具体基地为演示示意",
        },
        counts,
    )


def _certificates(today: dt.date, counts: Counter[str]) -> None:
    issued = today - dt.timedelta(days=400)
    for index, winery in enumerate(_daixian_wineries()):
        # one of them expires within 90 days, to show the officers' expiring list
        expires = today + dt.timedelta(days=60 if index == 4 else 730 + index)
        _save(
            Certificate,
            {"scheme": "ISO9001", "number": f"示意-DX-ISO9001-{index + 1:02d}"},
            {
                "enterprise": winery,
                "body": "方圆标志认证集团山西有限公司（示意）",
                "issued_on": issued,
                "expires_on": expires,
                "status": "valid",
                "origin": A,
                "origin_note": DAIXIAN_NOTE,
            },
            counts,
        )
    for index, maker in enumerate(_qingxu_makers()[:3]):
        _save(
            Certificate,
            {"scheme": "ISO9001", "number": f"示意-QX-ISO9001-{index + 1:02d}"},
            {
                "enterprise": maker,
                "body": "方圆标志认证集团山西有限公司",
                "issued_on": issued,
                "expires_on": today + dt.timedelta(days=900),
                "status": "valid",
                "origin": ILL,
                "origin_note": f"清徐认证提升行动已取证企业，{NOTE_I}",
            },
            counts,
        )
    for index, winery in enumerate(_daixian_wineries()[:3]):
        key = {"enterprise": winery, "serial_number": f"示意-JL-{index + 1:03d}"}
        # the dates move with recorded verifications (the campaign's); set them only once
        dates = (
            {}
            if Instrument.objects.filter(**key).exists()
            else {
                "last_verified_on": today - dt.timedelta(days=300 + 100 * index),
                "next_due_on": today + dt.timedelta(days=65 - 100 * index),
                "institute": "忻州市计量检定测试所（示意）",
            }
        )
        _save(
            Instrument,
            key,
            {
                "name": ("电子台秤", "酒精计", "压力表")[index],
                "interval_months": 12,
                **dates,
                "origin": ILL,
                "origin_note": NOTE_I,
            },
            counts,
        )


def _providers(counts: Counter[str]) -> None:
    station = _save(
        Provider,
        {"code": "jinchuanggu_taiyuan"},
        {
            "name": "“晋创谷·太原”检验检测服务站",
            "kind": "station",
            "region": Region.objects.get(code="140105"),
            "cma_number": "示意-CMA-0001",
            "description": (
                "设立“晋创谷·太原”检验检测服务站，深入开展“入谷帮扶”，靶向打通堵点难点痛点。"
            ),
            "origin": A,
            "origin_note": "报道：设立“晋创谷·太原”检验检测服务站；所在区、资质、服务目录为示意",
        },
        counts,
    )
    catalogue = (
        ("certification", "C14", "调味品（食醋）理化与微生物检测"),
        ("certification", "C15", "酒类产品质量检测"),
        ("certification", "C36", "新能源汽车零部件性能检测"),
        ("certification", "C32", "有色金属材料成分与力学性能检测"),
        ("metrology", "C", "计量器具检定校准咨询"),
    )
    for category, industry, description in catalogue:
        _save(
            ProviderService,
            {
                "provider": station,
                "category": category,
                "industry_id": industry,
                "description": description,
            },
            {},
            counts,
        )
    xinzhou = _save(
        Provider,
        {"code": "xinzhou_testing"},
        {
            "name": "忻州市综合检验检测中心（示意）",
            "kind": "laboratory",
            "region": Region.objects.get(code="140902"),
            "cma_number": "示意-CMA-0002",
            "cnas_number": "示意-CNAS-L0002",
            "origin": ILL,
            "origin_note": NOTE_I,
        },
        counts,
    )
    _save(
        ProviderService,
        {
            "provider": xinzhou,
            "category": "certification",
            "industry_id": "C15",
            "description": "黄酒出厂检验与批批检",
        },
        {},
        counts,
    )


def _ip_and_brands(today: dt.date, counts: Counter[str]) -> None:
    patents = (
        ("chalco_shanxi", "一种铝电解精准管理方法", True, ""),
        ("chalco_shanxi", "一种阳极保温料添加装置", False, ""),
        ("yinguang_huasheng", "一种镁合金板材连续铸轧方法", True, "licensed"),
        ("yinguang_huasheng", "一种镁合金汽车轮毂的制造方法", True, ""),
    )
    for index, (key, title, high_value, transfer) in enumerate(patents):
        owner = _article(key)
        if owner is None:
            continue
        _save(
            Patent,
            {"number": f"ZL（示意）{index + 1:04d}"},
            {
                "enterprise": owner,
                "title": title,
                "kind": "invention",
                "status": "granted",
                "granted_on": dt.date(2022, 3, 1) + dt.timedelta(days=90 * index),
                "high_value": high_value,
                "transfer": transfer,
                "origin": ILL,
                "origin_note": "报道述及该企业的技术创新与知识产权运用；专利为演示示意",
            },
            counts,
        )
    gi = _save(
        GIProduct,
        {"code": "qingxu_vinegar"},
        {
            "name": "清徐老陈醋",
            "origin": ILL,
            "origin_note": "报道：“清徐老陈醋”特色专业镇；保护范围与授权使用企业为演示示意",
        },
        counts,
    )
    gi.protected_regions.set([Region.objects.get(code="140121")])
    for maker in _qingxu_makers()[:4]:
        _save(
            GIAuthorisation,
            {"product": gi, "enterprise": maker},
            {"authorised_on": dt.date(2023, 6, 1), "origin": ILL, "origin_note": NOTE_I},
            counts,
        )
    regional = _save(
        Brand,
        {"name": "代州黄酒", "level": "regional"},
        {
            "region": Region.objects.get(code="140923"),
            "origin": A,
            "origin_note": (
                "报道：构建以代州黄酒区域公用品牌为引领的“区域品牌+企业品牌+产品品牌”系列品牌矩阵"
            ),
        },
        counts,
    )
    for index, winery in enumerate(_daixian_wineries()):
        brand = _save(
            Brand,
            {"name": winery.name.replace("代县", "")[:2] + "黄酒", "level": "enterprise"},
            {
                "parent": regional,
                "enterprise": winery,
                "region": winery.region,
                "premium_on": dt.date(2025, 9, 1) if index == 0 else None,
                "origin": ILL,
                "origin_note": NOTE_I,
            },
            counts,
        )
        if index == 0:
            _save(
                Brand,
                {"name": f"{brand.name}·十年陈酿", "level": "product"},
                {
                    "parent": brand,
                    "enterprise": winery,
                    "region": winery.region,
                    "origin": ILL,
                    "origin_note": NOTE_I,
                },
                counts,
            )
            _save(
                Trademark,
                {"registration_number": "示意-TM-0001"},
                {
                    "enterprise": winery,
                    "mark": brand.name,
                    "nice_class": 33,
                    "kind": "ordinary",
                    "status": "registered",
                    "origin": ILL,
                    "origin_note": NOTE_I,
                },
                counts,
            )


def _campaigns(today: dt.date, counts: Counter[str]) -> None:
    """Two illustrative metrology campaigns: free verification for the 代州黄酒 town (one winery's
    scale verified under it) and free calibration for the new-energy-vehicle chain."""
    town = Town.objects.filter(code="daizhou_huangjiu").first()
    if town is not None:
        campaign = _save(
            MetrologyCampaign,
            {"code": "demo-daixian-metrology"},
            {
                "name": "代州黄酒专业镇计量惠企免费检定（示意）",
                "kind": MetrologyCampaign.Kind.VERIFICATION,
                "region": town.county,
                "town": town,
                "chain": None,
                "institute": "忻州市计量检定测试所（示意）",
                "started_on": today - dt.timedelta(days=30),
                "ends_on": today + dt.timedelta(days=60),
                "description": "为专业镇黄酒企业的电子秤、酒精计、压力表免费检定。",
                "origin": ILL,
                "origin_note": NOTE_I,
            },
            counts,
        )
        scale = Instrument.objects.filter(serial_number="示意-JL-001").first()
        if scale is not None and not scale.verifications.filter(campaign=campaign).exists():
            instrument_verify(
                instrument=scale,
                actor=None,
                verified_on=today - dt.timedelta(days=7),
                result=InstrumentVerification.Result.PASSED,
                institute=campaign.institute,
                certificate_number="示意-JD-0001",
                campaign=campaign,
                note=NOTE_I,
            )
            counts["instrumentverification_created"] += 1
    chain = Chain.objects.filter(code="nev").first()
    if chain is not None:
        _save(
            MetrologyCampaign,
            {"code": "demo-nev-calibration"},
            {
                "name": "新能源汽车产业链计量校准服务行动（示意）",
                "kind": MetrologyCampaign.Kind.CALIBRATION,
                "region": Region.objects.get(code="140000"),
                "town": None,
                "chain": chain,
                "institute": "山西省检验检测中心（示意）",
                "started_on": today - dt.timedelta(days=90),
                "ends_on": None,
                "description": "为链上企业的扭矩扳手、三坐标测量机等免费校准。",
                "origin": ILL,
                "origin_note": NOTE_I,
            },
            counts,
        )


def load_demo(*, say: Callable[[str], None] = print) -> dict[str, int]:
    counts: Counter[str] = Counter()
    today = timezone.localdate()
    with transaction.atomic():
        _standards(today, counts)
        _certificates(today, counts)
        _providers(counts)
        _ip_and_brands(today, counts)
        _campaigns(today, counts)
    created = sum(n for key, n in counts.items() if key.endswith("_created"))
    say(f"nqi: {created} register records created")
    return dict(counts)
