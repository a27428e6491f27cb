"""What the quality-infrastructure registers (qstrong.nqi) say about a handbook's subject, read
through nqi's public selectors only (docs/adr/0014): certificates valid on the data date,
standards by level, patents, trademarks, GI authorisations, the brand matrix, providers.

Composed as the province (an all-seeing reader): a snapshot must not depend on who drafted it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from qstrong.handbooks.composing.base import dash
from qstrong.handbooks.schemas import Block, Paragraph, Table
from qstrong.handbooks.system import system_actor
from qstrong.nqi import selectors as nqi

LEVEL_ORDER = {"national": 0, "industry": 1, "local": 2, "group": 3, "enterprise": 4}
YES = "是"


def _reader() -> Any:
    return system_actor()


def _valid(certificate: Any, as_of: dt.date) -> bool:
    return bool(certificate.issued_on <= as_of and certificate.status_on(as_of) == "valid")


def _levels_text(participations: Iterable[Any]) -> str:
    counts = Counter(p.standard.level for p in participations)
    labels = {p.standard.level: str(p.standard.get_level_display()) for p in participations}
    parts = [f"{labels[k]} {counts[k]} 项" for k in sorted(counts, key=LEVEL_ORDER.__getitem__)]
    return "、".join(parts)


@dataclass
class EnterpriseRecords:
    """One enterprise's register rows, as the handbook shows them."""

    certificates: list[Any]  # every record (the profile's 认证 follows records where any exist)
    participations: list[Any]
    patents: list[Any]
    trademarks: list[Any]
    gi_authorisations: list[Any]
    brands: list[Any]

    def valid_certificates(self, as_of: dt.date) -> list[Any]:
        return [c for c in self.certificates if _valid(c, as_of)]

    def granted_inventions(self) -> int:
        return sum(1 for p in self.patents if p.kind == "invention" and p.status == "granted")


def enterprise_records(enterprise: Any) -> EnterpriseRecords:
    reader, one = _reader(), {"enterprise": enterprise}
    return EnterpriseRecords(
        certificates=list(
            nqi.certificates_visible(user=reader).filter(**one).order_by("expires_on", "scheme")
        ),
        participations=sorted(
            nqi.participations_visible(user=reader).filter(**one),
            key=lambda p: (LEVEL_ORDER.get(p.standard.level, 9), p.standard.number),
        ),
        patents=list(nqi.patents_visible(user=reader).filter(**one).order_by("number")),
        trademarks=list(
            nqi.trademarks_visible(user=reader).filter(**one).order_by("registration_number")
        ),
        gi_authorisations=list(
            nqi.gi_authorisations_visible(user=reader).filter(**one).order_by("product__name")
        ),
        brands=list(nqi.enterprise_brands_visible(user=reader).filter(**one)),
    )


def enterprise_blocks(records: EnterpriseRecords, as_of: dt.date) -> list[Block]:
    """The profile's tables of register records (none where the registers hold nothing)."""
    blocks: list[Block] = []
    valid = records.valid_certificates(as_of)
    if records.certificates:
        blocks.append(
            Table(
                title=f"有效认证证书（截至 {as_of.isoformat()}）",
                columns=["认证项目", "证书编号", "认证机构", "有效期至"],
                rows=[[c.scheme, c.number, c.body or "—", dash(c.expires_on)] for c in valid],
            )
            if valid
            else Paragraph(text=f"截至 {as_of.isoformat()} 无有效认证证书。")
        )
    if records.participations:
        blocks.append(
            Table(
                title=f"主导或参与制定的标准（{_levels_text(records.participations)}）",
                columns=["层级", "标准编号", "标准名称", "角色", "状态"],
                rows=[
                    [
                        str(p.standard.get_level_display()),
                        p.standard.number,
                        p.standard.title,
                        str(p.get_role_display()),
                        str(p.standard.get_status_display()),
                    ]
                    for p in records.participations
                ],
            )
        )
    if records.patents:
        blocks.append(
            Table(
                title="专利",
                columns=["专利号", "专利名称", "类型", "状态", "高价值", "转化运用"],
                rows=[
                    [
                        p.number,
                        p.title,
                        str(p.get_kind_display()),
                        str(p.get_status_display()),
                        YES if p.high_value else "—",
                        str(p.get_transfer_display()) if p.transfer else "—",
                    ]
                    for p in records.patents
                ],
            )
        )
    if records.trademarks:
        blocks.append(
            Table(
                title="商标",
                columns=["注册号", "商标", "尼斯分类", "类型", "状态"],
                rows=[
                    [
                        t.registration_number,
                        t.mark,
                        str(t.nice_class),
                        str(t.get_kind_display()),
                        str(t.get_status_display()),
                    ]
                    for t in records.trademarks
                ],
            )
        )
    if records.gi_authorisations or records.brands:
        rows = [
            ["地理标志授权使用", a.product.name, dash(a.authorised_on)]
            for a in records.gi_authorisations
        ] + [
            [
                str(b.get_level_display()),
                b.name + (f"（{b.parent.name}）" if b.parent else ""),
                f"山西精品 {b.premium_on.isoformat()}" if b.premium_on else "—",
            ]
            for b in records.brands
        ]
        blocks.append(Table(title="地理标志与品牌", columns=["类别", "名称", "认定"], rows=rows))
    return blocks


# --- towns ------------------------------------------------------------------------------------


def _names(rows: Iterable[tuple[str, str]]) -> str:
    return "、".join(f"{name}（{role}）" if role else name for name, role in rows) or "—"


def town_blocks(*, town: Any, members: list[Any], as_of: dt.date) -> list[Block]:
    """Members' standards and certificates, the GI products of the town's area with their
    authorised users, and the regional brand matrix."""
    reader = _reader()
    ids = [m.pk for m in members]
    blocks: list[Block] = []
    by_standard: dict[int, list[Any]] = defaultdict(list)
    for p in nqi.participations_visible(user=reader).filter(enterprise__in=ids):
        by_standard[p.standard_id].append(p)
    if by_standard:
        ordered = sorted(
            by_standard.values(),
            key=lambda ps: (LEVEL_ORDER.get(ps[0].standard.level, 9), ps[0].standard.number),
        )
        blocks.append(
            Table(
                title="成员企业参与制定的标准",
                columns=["层级", "标准编号", "标准名称", "参与的成员企业"],
                rows=[
                    [
                        str(ps[0].standard.get_level_display()),
                        ps[0].standard.number,
                        ps[0].standard.title,
                        _names((p.enterprise.name, str(p.get_role_display())) for p in ps),
                    ]
                    for ps in ordered
                ],
            )
        )
    certificates = [
        c
        for c in nqi.certificates_visible(user=reader)
        .filter(enterprise__in=ids)
        .order_by("enterprise__name", "scheme", "number")
        if _valid(c, as_of)
    ]
    if certificates:
        blocks.append(
            Table(
                title=f"成员企业有效认证证书（截至 {as_of.isoformat()}）",
                columns=["企业", "认证项目", "证书编号", "有效期至"],
                rows=[
                    [c.enterprise.name, c.scheme, c.number, dash(c.expires_on)]
                    for c in certificates
                ],
            )
        )
    blocks += _gi_blocks(town=town, reader=reader, as_of=as_of)
    blocks += _brand_blocks(town=town, ids=ids, reader=reader)
    return blocks


def _gi_blocks(*, town: Any, reader: Any, as_of: dt.date) -> list[Block]:
    county = town.county_id
    areas = [county, f"{county[:4]}00", f"{county[:2]}0000"]
    products = list(
        nqi.gi_products_public(user=reader)
        .filter(protected_regions__code__in=areas)
        .distinct()
        .order_by("name")
    )
    if not products:
        return []
    users: dict[int, list[Any]] = defaultdict(list)
    for a in (
        nqi.gi_authorisations_visible(user=reader)
        .filter(product__in=products, authorised_on__lte=as_of)
        .order_by("enterprise__name")
    ):
        if a.expires_on is None or a.expires_on >= as_of:
            users[a.product_id].append(a)
    rows = [
        [
            p.name,
            "、".join(r.name for r in p.protected_regions.all()) or "—",
            p.standard.number if p.standard else "—",
            "、".join(a.enterprise.name for a in users[p.pk]) or "—",
        ]
        for p in products
    ]
    return [
        Table(
            title="地理标志产品与授权使用企业",
            columns=["地理标志产品", "保护范围", "产品标准", "授权使用企业"],
            rows=rows,
        )
    ]


def _brand_blocks(*, town: Any, ids: list[int], reader: Any) -> list[Block]:
    """区域品牌 → 企业品牌 → 产品品牌: the regional brands of the town's county, and every
    member brand under them (or standing alone)."""
    brands = list(nqi.enterprise_brands_visible(user=reader).filter(enterprise__in=ids))
    regional = {
        b.pk: b for b in nqi.regional_brands_public(user=reader).filter(region_id=town.county_id)
    }
    for b in brands:
        if b.parent is not None and b.parent.level == "regional":
            regional.setdefault(b.parent.pk, b.parent)
    if not regional and not brands:
        return []
    rows: list[list[str]] = []
    enterprise_brands = sorted(
        (b for b in brands if b.level == "enterprise"), key=lambda b: (b.name, b.pk)
    )
    for head in sorted(regional.values(), key=lambda b: b.name):
        children = [b for b in enterprise_brands if b.parent_id == head.pk]
        if not children:
            rows.append([head.name, "—", "—", "—", "—"])
        for child in children:
            products: list[Any] = [b for b in brands if b.parent_id == child.pk] or [None]
            for product in products:
                rows.append(
                    [
                        head.name,
                        child.name,
                        product.name if product is not None else "—",
                        child.enterprise.name if child.enterprise else "—",
                        dash(child.premium_on),
                    ]
                )
    for b in enterprise_brands:
        if b.parent_id not in regional:
            rows.append(["—", b.name, "—", b.enterprise.name if b.enterprise else "—", "—"])
    return [
        Table(
            title="区域公用品牌矩阵（区域品牌 + 企业品牌 + 产品品牌）",
            columns=["区域公用品牌", "企业品牌", "产品品牌", "企业", "“山西精品”认定"],
            rows=rows,
        )
    ]


# --- chains -----------------------------------------------------------------------------------


def chain_blocks(*, chain: Any, as_of: dt.date) -> list[Block]:
    """The chain's standards system (members counted, not named) and the providers serving it."""
    summary = nqi.chain_summary(user=_reader(), chain=chain, as_of=as_of)
    blocks: list[Block] = [
        Paragraph(
            text=(
                f"成员企业 {summary.members} 家，其中持有有效认证证书 {summary.certified} 家；"
                f"有效发明专利 {summary.patents} 件（高价值 {summary.high_value_patents} 件）。"
            )
        )
    ]
    if summary.standards:
        standards = sorted(
            summary.standards, key=lambda sn: (LEVEL_ORDER.get(sn[0].level, 9), sn[0].number)
        )
        blocks.append(
            Table(
                title="产业链标准体系（成员企业主导或参与制定）",
                columns=["层级", "标准编号", "标准名称", "状态", "参与的成员企业数"],
                rows=[
                    [
                        str(s.get_level_display()),
                        s.number,
                        s.title,
                        str(s.get_status_display()),
                        str(n),
                    ]
                    for s, n in standards
                ],
            )
        )
    else:
        blocks.append(Paragraph(text="暂无成员企业参与制定的标准记录。"))
    if summary.providers:
        blocks.append(
            Table(
                title="服务本链的检验检测与质量基础设施机构",
                columns=["机构", "类别", "所在地", "CMA", "CNAS", "服务内容"],
                rows=[
                    [
                        provider.name,
                        str(provider.get_kind_display()),
                        provider.region.name,
                        provider.cma_number or "—",
                        provider.cnas_number or "—",
                        "；".join(line.description for line in lines) or "—",
                    ]
                    for provider, lines in summary.providers
                ],
            )
        )
    else:
        blocks.append(Paragraph(text="暂无登记的服务本链行业的检验检测机构。"))
    return blocks
