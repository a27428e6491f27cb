"""The newspaper feature's chains and towns as data (seed/article-zh-hans.txt, 中国质量报 2024).

Every record says where in the article it comes from. What the article does not give is either a
clearly marked placeholder (`source="placeholder"`) or called an assumption in its note.
"""

from __future__ import annotations

from dataclasses import dataclass

ARTICLE = "article"
PLACEHOLDER = "placeholder"

# The article: "省级重点产业链达到16条"; "18家省级重点专业镇".
KEY_CHAIN_COUNT = 16
PROVINCIAL_TOWN_COUNT = 18

ILLUSTRATIVE_SEGMENTS = "环节为演示示意，非报道内容"


@dataclass(frozen=True)
class DemoChain:
    code: str
    name: str
    segments: tuple[str, ...]  # upstream → downstream
    source: str
    source_note: str
    description: str = ""


@dataclass(frozen=True)
class DemoTown:
    code: str
    name: str
    county: str  # GB/T 2260 county-level code
    leading_industry: str
    industry: str | None  # GB/T 4754-2017 code
    batch: int | None  # handbook batch (一镇一册 第一批 / 第二批)
    is_key: bool  # one of the ten key towns (十大重点专业镇)
    source: str
    source_note: str


ARTICLE_CHAINS: tuple[DemoChain, ...] = (
    DemoChain(
        code="modern_medicine",
        name="现代医药",
        segments=("中药材种植", "中药饮片与原料药", "中成药与制剂", "医药流通"),
        source=ARTICLE,
        source_note=(
            "报道：“该局以现代医药产业链‘链核’广誉远中药股份有限公司为试点示范”；"
            + ILLUSTRATIVE_SEGMENTS
        ),
    ),
    DemoChain(
        code="nev",
        name="新能源汽车",
        segments=("关键材料", "电池、电机、电控", "汽车零部件", "整车制造"),
        source=ARTICLE,
        source_note=(
            "报道：“大运汽车股份有限公司…是新能源汽车‘链主’企业”；" + ILLUSTRATIVE_SEGMENTS
        ),
        description="报道：力争在2025年大运汽车全产业链产值突破1000亿元。",
    ),
    DemoChain(
        code="high_end_equipment",
        name="高端装备制造",
        segments=("基础材料与铸锻件", "液压件等基础零部件", "整机装备", "系统集成与服务"),
        source=ARTICLE,
        source_note=(
            "报道：“太重集团榆次液压工业有限公司作为山西省高端装备制造业产业链‘链核’企业”；"
            + ILLUSTRATIVE_SEGMENTS
        ),
    ),
    DemoChain(
        code="rail_transit",
        name="轨道交通装备",
        segments=("基础材料", "关键零部件", "机车车辆整车", "运维服务"),
        source=ARTICLE,
        source_note=(
            "报道：“中车大同电力机车有限公司是山西省轨道交通产业链‘链主’企业”，"
            "“轨道交通装备产业链上游配套企业”；" + ILLUSTRATIVE_SEGMENTS
        ),
    ),
    DemoChain(
        code="hydrogen",
        name="氢能",
        segments=("制氢", "储运", "加注", "燃料电池与应用"),
        source=ARTICLE,
        source_note=(
            "报道：“在氢能产业链主企业山西鹏飞集团有限公司调研”；" + ILLUSTRATIVE_SEGMENTS
        ),
    ),
    DemoChain(
        code="prefab_building",
        name="装配式建筑",
        segments=("建筑材料", "部品部件生产", "设计与施工装配"),
        source=ARTICLE,
        source_note=(
            "报道：“3月21日，举办全方位服务装配式建筑产业链对接会”；" + ILLUSTRATIVE_SEGMENTS
        ),
    ),
    DemoChain(
        code="aluminium",
        name="铝",
        segments=("矿山", "氧化铝", "电解铝", "铝加工"),
        source=ARTICLE,
        source_note=(
            "报道：中铝山西新材料有限公司拥有“矿山-氧化铝-电解铝-铝加工”…完整铝产业链；"
            "环节取自报道；链名“铝”为据此拟定"
        ),
    ),
    DemoChain(
        code="magnesium",
        name="镁",
        segments=("白云石开采", "原镁冶炼", "镁合金", "镁合金加工与应用"),
        source=ARTICLE,
        source_note=(
            "报道：“山西银光华盛镁业股份有限公司作为‘链主’企业”；链名“镁”为据此拟定；"
            + ILLUSTRATIVE_SEGMENTS
        ),
    ),
)

PLACEHOLDER_CHAINS: tuple[DemoChain, ...] = tuple(
    DemoChain(
        code=f"placeholder_{number:02d}",
        name=f"重点产业链（待补充）{number:02d}",
        segments=(),
        source=PLACEHOLDER,
        source_note="占位：报道称省级重点产业链16条，但未列出其余各链名称，待补充",
    )
    for number in range(len(ARTICLE_CHAINS) + 1, KEY_CHAIN_COUNT + 1)
)

DEMO_CHAINS: tuple[DemoChain, ...] = ARTICLE_CHAINS + PLACEHOLDER_CHAINS

_BATCH_ASSUMED = "批次为演示假设（报道只说“两批共18册”）"

ARTICLE_TOWNS: tuple[DemoTown, ...] = (
    DemoTown(
        code="xinghuacun_fenjiu",
        name="杏花村汾酒专业镇",
        county="141182",  # 汾阳市
        leading_industry="白酒",
        industry="C1512",
        batch=1,
        is_key=True,
        source=ARTICLE,
        source_note=(
            "报道：“作为规模最大的省级专业镇，杏花村汾酒专业镇2023年实现产值251.56亿元，"
            "占山西省十大专业镇总产值的34.4%”；" + _BATCH_ASSUMED
        ),
    ),
    DemoTown(
        code="qingxu_vinegar",
        name="清徐老陈醋专业镇",
        county="140121",  # 清徐县
        leading_industry="食醋",
        industry="C1462",
        batch=1,
        is_key=False,
        source=ARTICLE,
        source_note=(
            "报道：“以‘清徐老陈醋’特色专业镇建设为契机…重点帮扶10家尚未获得质量管理体系认证的企业”；"
            + _BATCH_ASSUMED
        ),
    ),
    DemoTown(
        code="daizhou_huangjiu",
        name="代州黄酒专业镇",
        county="140923",  # 代县
        leading_industry="黄酒",
        industry="C1514",
        batch=1,
        is_key=True,
        source=ARTICLE,
        source_note="报道：“代州黄酒专业镇是首批十大重点特色专业镇之一”；" + _BATCH_ASSUMED,
    ),
    DemoTown(
        code="taigu_malleable_iron",
        name="太谷玛钢专业镇",
        county="140703",  # 太谷区
        leading_industry="玛钢（可锻铸铁）铸件",
        industry="C3391",  # 黑色金属铸造
        batch=2,
        is_key=False,
        source=ARTICLE,
        source_note=(
            "报道：“4月8日，在晋中太谷召开太古玛钢专业镇产品质量提升帮扶座谈会”"
            "（“太古”按太谷区录入）；" + _BATCH_ASSUMED
        ),
    ),
    DemoTown(
        code="yuci_textile_hydraulic",
        name="纺机液压专业镇",
        county="140702",  # 榆次区
        leading_industry="纺织机械、液压元件",
        industry="C3444",  # 液压动力机械及元件制造; 纺机 (C3551) is the town's other half
        batch=2,
        is_key=False,
        source=ARTICLE,
        source_note=(
            "报道：太重集团榆次液压工业有限公司为“山西省纺机液压专业镇龙头企业”；"
            "所在县按晋中市榆次区录入；" + _BATCH_ASSUMED
        ),
    ),
    DemoTown(
        code="jiezhou_pump",
        name="解州水泵专业镇",
        county="140802",  # 盐湖区
        leading_industry="水泵",
        industry="C3441",  # 泵及真空设备制造
        batch=2,
        is_key=False,
        source=ARTICLE,
        source_note=(
            "报道：“4月18日，在运城市盐湖区解州镇召开‘惠企直通车’服务水泵专业镇对接会”；"
            "镇名据此拟定；" + _BATCH_ASSUMED
        ),
    ),
)

# Real counties spread over the province so that maps and filters have something to show; the
# towns themselves are placeholders and say so — no claim that these counties have such a town.
_PLACEHOLDER_TOWN_COUNTIES = (
    "140215",  # 大同 云州区
    "140321",  # 阳泉 平定县
    "140404",  # 长治 上党区
    "140525",  # 晋城 泽州县
    "140681",  # 朔州 怀仁市
    "140921",  # 忻州 定襄县
    "141024",  # 临汾 洪洞县
    "141122",  # 吕梁 交城县
    "140727",  # 晋中 祁县
    "140181",  # 太原 古交市
    "140821",  # 运城 临猗县
    "140728",  # 晋中 平遥县
)

PLACEHOLDER_TOWNS: tuple[DemoTown, ...] = tuple(
    DemoTown(
        code=f"placeholder_town_{number:02d}",
        name=f"省级专业镇（待补充）{number:02d}",
        county=county,
        leading_industry="待补充",
        industry=None,
        batch=None,
        is_key=False,
        source=PLACEHOLDER,
        source_note=(
            "占位：报道称省级重点专业镇18家，未列出其余各镇；所在县为演示占位，并非实际情况"
        ),
    )
    for number, county in enumerate(_PLACEHOLDER_TOWN_COUNTIES, start=len(ARTICLE_TOWNS) + 1)
)

DEMO_TOWNS: tuple[DemoTown, ...] = ARTICLE_TOWNS + PLACEHOLDER_TOWNS
