"""The enterprises the newspaper feature names: chain roles, town memberships, supply links.

The article gives no credit codes, so codes are generated (stable, valid); it gives no employees
or revenue, so those stay empty (not recorded). Facts not in the article are called assumptions
in the record's note.
"""

from __future__ import annotations

from dataclasses import dataclass

from qstrong.registry.demo.codes import demo_uscc

GENERATED_USCC = "统一社会信用代码为演示用生成值"
NAME_ASSUMED = "报道只用简称，全称为演示假设"


@dataclass(frozen=True)
class ChainPlace:
    chain: str  # chain code
    role: str  # ChainRole value: leader / core / backbone / supplier
    segment: str | None = None  # segment name on that chain


@dataclass(frozen=True)
class TownPlace:
    town: str  # town code
    leading: bool = False


@dataclass(frozen=True)
class DemoEnterprise:
    key: str  # stable short name used in code and tests
    name: str
    region: str  # GB/T 2260 county-level code
    industry: str | None
    source_note: str
    chains: tuple[ChainPlace, ...] = ()
    towns: tuple[TownPlace, ...] = ()
    certifications: tuple[str, ...] | None = None  # None = not recorded
    standards_led: int | None = None

    @property
    def uscc(self) -> str:
        return demo_uscc(region=self.region, key=self.key)


@dataclass(frozen=True)
class DemoSupplyLink:
    supplier: str  # enterprise key
    customer: str
    product: str
    chain: str
    source_note: str


_DAIXIAN_ISO9001 = "报道：“帮扶雁门山酒业、冯氏酒业、代康实业等5家企业通过ISO9001质量管理体系认证”"


def _note(*parts: str) -> str:
    return "；".join((*parts, GENERATED_USCC))


ARTICLE_ENTERPRISES: tuple[DemoEnterprise, ...] = (
    DemoEnterprise(
        key="guangyuyuan",
        name="广誉远中药股份有限公司",
        region="140703",  # 晋中 太谷区
        industry="C2740",  # 中成药生产
        chains=(ChainPlace("modern_medicine", "core", "中成药与制剂"),),
        source_note=_note("报道：现代医药产业链“链核”广誉远中药股份有限公司"),
    ),
    DemoEnterprise(
        key="chalco_shanxi",
        name="中铝山西新材料有限公司",
        region="140882",  # 运城 河津市
        industry="C3216",  # 铝冶炼
        chains=(ChainPlace("aluminium", "leader", "电解铝"),),
        source_note=_note(
            "报道：“产业链龙头企业”，拥有“矿山-氧化铝-电解铝-铝加工”完整铝产业链",
            "链主角色与环节（电解铝）为演示归类",
        ),
    ),
    DemoEnterprise(
        key="dayun",
        name="大运汽车股份有限公司",
        region="140802",  # 运城 盐湖区
        industry="C3612",  # 新能源车整车制造
        chains=(ChainPlace("nev", "leader", "整车制造"),),
        standards_led=9,
        source_note=_note(
            "报道：“大运汽车…是新能源汽车‘链主’企业”，“主导或参与9项标准制定”（按9录入）"
        ),
    ),
    DemoEnterprise(
        key="yinguang_huasheng",
        name="山西银光华盛镁业股份有限公司",
        region="140823",  # 运城 闻喜县
        industry="C3259",  # 其他有色金属压延加工: the article's products are rolled, cast, extruded
        chains=(ChainPlace("magnesium", "leader", "镁合金加工与应用"),),
        source_note=_note(
            "报道：“山西银光华盛镁业股份有限公司作为‘链主’企业”",
            "行业代码与环节按报道所述镁合金铸轧、轮毂、挤压型材产品拟定",
        ),
    ),
    DemoEnterprise(
        key="jingwei_textile",
        name="经纬智能纺织机械有限公司",
        region="140702",  # 晋中 榆次区
        industry="C3551",  # 纺织专用设备制造
        chains=(ChainPlace("high_end_equipment", "backbone", "整机装备"),),
        towns=(TownPlace("yuci_textile_hydraulic"),),
        source_note=_note(
            "报道：“经纬智能纺织机械有限公司是晋中代表性企业”，带动省内供应商146家",
            "骨干角色与专业镇成员为演示归类",
        ),
    ),
    DemoEnterprise(
        key="crrc_datong",
        name="中车大同电力机车有限公司",
        region="140213",  # 大同 平城区 (assumed district)
        industry="C3712",  # 铁路机车车辆制造
        chains=(ChainPlace("rail_transit", "leader", "机车车辆整车"),),
        source_note=_note(
            "报道：“中车大同电力机车有限公司是山西省轨道交通产业链‘链主’企业”",
            "所在区（平城区）为演示假设",
        ),
    ),
    DemoEnterprise(
        key="crrc_saide",
        name="北京中车赛德铁道电气科技有限公司",
        region="110106",  # 北京 丰台区 (assumed district)
        industry="C3715",  # 铁路机车车辆配件制造
        chains=(ChainPlace("rail_transit", "supplier", "关键零部件"),),
        source_note=_note(
            "报道：“轨道交通装备产业链上游配套企业北京中车赛德铁道电气科技有限公司，"
            "开展主断路器质量提升工作”",
            "所在区（丰台区）为演示假设",
        ),
    ),
    DemoEnterprise(
        key="crrc_yongji",
        name="中车永济电机有限公司",
        region="140881",  # 运城 永济市
        industry="C3715",  # 铁路机车车辆配件制造 (traction motors)
        chains=(ChainPlace("rail_transit", "supplier", "关键零部件"),),
        source_note=_note(
            "报道：“轨道交通装备产业链上游配套企业中车永济电机有限公司…HXD2型机车牵引电机”"
        ),
    ),
    DemoEnterprise(
        key="zhongxin_motor",
        name="永济市众鑫电机科技股份有限公司",
        region="140881",  # 运城 永济市
        industry=None,  # the article does not say what it makes
        chains=(ChainPlace("rail_transit", "supplier"),),
        source_note=_note(
            "报道：“运城市市场监管局工作人员与永济市众鑫电机科技股份有限公司技术人员"
            "一道攻关轨道交通产业链质量难题”",
            "配套角色为演示归类",
        ),
    ),
    DemoEnterprise(
        key="tz_yuci_hydraulic",
        name="太重集团榆次液压工业有限公司",
        region="140702",  # 晋中 榆次区
        industry="C3444",  # 液压动力机械及元件制造
        chains=(ChainPlace("high_end_equipment", "core", "液压件等基础零部件"),),
        towns=(TownPlace("yuci_textile_hydraulic", leading=True),),
        source_note=_note(
            "报道：“山西省高端装备制造业产业链‘链核’企业、晋中市高端装备制造业链主企业、"
            "山西省纺机液压专业镇龙头企业”"
        ),
    ),
    DemoEnterprise(
        key="fangsheng_hydraulic",
        name="山西方盛液压传动有限公司",
        region="140702",  # 晋中 榆次区 (assumed)
        industry="C3444",
        towns=(TownPlace("yuci_textile_hydraulic"),),
        source_note=_note(
            "报道：“联合山西方盛液压，与央企三峡集团…开展了合作”",
            NAME_ASSUMED,
            "所在区与专业镇成员为演示假设",
        ),
    ),
    DemoEnterprise(
        key="pengfei",
        name="山西鹏飞集团有限公司",
        region="141181",  # 吕梁 孝义市
        industry="C2521",  # 炼焦: hydrogen from coke-oven gas is the group's route
        chains=(ChainPlace("hydrogen", "leader", "制氢"),),
        source_note=_note(
            "报道：“氢能产业链主企业山西鹏飞集团有限公司”", "行业代码与环节为演示假设"
        ),
    ),
    DemoEnterprise(
        key="yanmenshan_wine",
        name="代县雁门山酒业有限公司",
        region="140923",  # 忻州 代县
        industry="C1514",  # 黄酒制造
        towns=(TownPlace("daizhou_huangjiu"),),
        certifications=("ISO9001",),
        source_note=_note(
            _DAIXIAN_ISO9001,
            NAME_ASSUMED,
        ),
    ),
    DemoEnterprise(
        key="fengshi_wine",
        name="代县冯氏酒业有限公司",
        region="140923",
        industry="C1514",
        towns=(TownPlace("daizhou_huangjiu"),),
        certifications=("ISO9001",),
        source_note=_note(
            _DAIXIAN_ISO9001,
            NAME_ASSUMED,
        ),
    ),
    DemoEnterprise(
        key="daikang",
        name="代县代康实业有限公司",
        region="140923",
        industry="C1514",
        towns=(TownPlace("daizhou_huangjiu"),),
        certifications=("ISO9001",),
        source_note=_note(
            _DAIXIAN_ISO9001,
            NAME_ASSUMED,
            "行业代码按黄酒专业镇成员拟定",
        ),
    ),
)

ARTICLE_SUPPLY_LINKS: tuple[DemoSupplyLink, ...] = (
    DemoSupplyLink(
        supplier="crrc_saide",
        customer="crrc_datong",
        product="主断路器",
        chain="rail_transit",
        source_note="报道：协同上游配套企业北京中车赛德…开展主断路器质量提升工作",
    ),
    DemoSupplyLink(
        supplier="crrc_yongji",
        customer="crrc_datong",
        product="HXD2型机车牵引电机",
        chain="rail_transit",
        source_note="报道：协同上游配套企业中车永济电机…提升HXD2型机车牵引电机大线及连接器质量",
    ),
)


def article_enterprise(key: str) -> DemoEnterprise:
    for enterprise in ARTICLE_ENTERPRISES:
        if enterprise.key == key:
            return enterprise
    raise KeyError(key)
