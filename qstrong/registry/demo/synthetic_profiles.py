"""What synthetic enterprises are drawn from: Shanxi's industries, places and names.

Weights are rough and for demonstration only: more firms in 太原, 运城, 晋中, 长治; coal, coking,
metallurgy, equipment, food, liquor and vinegar, pharmaceuticals. Not statistics.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IndustryProfile:
    code: str  # GB/T 4754-2017 class
    words: tuple[str, ...]  # what a firm of this industry calls itself: 醋业, 焦化, 液压 …
    weight: float  # relative frequency among synthetic firms
    revenue_per_employee: float  # 万元 per person per year, median
    size_factor: float = 1.0  # multiplies the median headcount
    tech: float = 1.0  # propensity for high-tech / specialised tags, standards and patents
    food: bool = False
    chains: tuple[str, ...] = ()  # article chains such a firm plausibly belongs to


P = IndustryProfile

INDUSTRY_PROFILES: tuple[IndustryProfile, ...] = (
    # Coal and its chemistry
    P("B0610", ("煤业", "矿业", "煤炭"), 5, 120, size_factor=5, tech=0.5),
    P("B1110", ("煤炭技术服务", "矿山工程"), 2, 40, tech=0.8),
    P("C2521", ("焦化", "煤焦化"), 3, 250, size_factor=4, tech=0.6, chains=("hydrogen",)),
    P("C2522", ("能源科技", "氢能科技"), 0.8, 150, size_factor=2, tech=1.5, chains=("hydrogen",)),
    P("C2614", ("化工",), 1.5, 150, size_factor=1.5, tech=1.0),
    P("C2651", ("新材料", "化工材料"), 1, 120, tech=1.5),
    P("C2661", ("化学助剂", "化工科技"), 1, 80, tech=1.2),
    # Metallurgy
    P("C3110", ("钢铁",), 0.6, 300, size_factor=8, tech=0.6),
    P("C3130", ("特钢", "钢材"), 1, 250, size_factor=3, tech=0.8),
    P("C3140", ("铁合金",), 1, 150, tech=0.5),
    P("B0916", ("铝矾土矿业",), 0.4, 80, tech=0.4, chains=("aluminium",)),
    P("C3216", ("铝业",), 0.8, 200, size_factor=3, tech=0.8, chains=("aluminium",)),
    P("C3252", ("铝材", "铝业科技"), 1.2, 120, tech=1.2, chains=("aluminium",)),
    P("C3217", ("镁业",), 0.8, 120, size_factor=2, tech=0.8, chains=("magnesium",)),
    P("C3259", ("镁合金", "金属材料"), 0.6, 100, tech=1.4, chains=("magnesium",)),
    P("C3391", ("铸造", "铸业", "玛钢"), 3, 50, tech=0.7, chains=("high_end_equipment",)),
    P("C3393", ("锻造", "锻压"), 1.5, 60, tech=0.9, chains=("high_end_equipment",)),
    # Equipment
    P("C3441", ("泵业", "水泵"), 1.5, 45, tech=1.3, chains=("high_end_equipment",)),
    P("C3444", ("液压", "液压件"), 1.5, 55, tech=1.6, chains=("high_end_equipment",)),
    P("C3511", ("煤机", "矿山机械"), 2, 60, size_factor=1.5, tech=1.5,
      chains=("high_end_equipment",)),
    P("C3551", ("纺机", "纺织机械"), 1, 50, tech=1.5, chains=("high_end_equipment",)),
    P("C3484", ("机械", "机械制造"), 3, 40, tech=1.0, chains=("high_end_equipment", "nev")),
    P("C3670", ("汽车零部件", "汽车配件"), 2, 60, tech=1.3, chains=("nev",)),
    P("C3841", ("新能源科技", "电池科技"), 0.6, 150, size_factor=2, tech=2.0, chains=("nev",)),
    P("C3715", ("轨道交通装备", "铁路器材"), 1, 60, tech=1.6, chains=("rail_transit",)),
    P("C3812", ("电机", "电机科技"), 1, 50, tech=1.4, chains=("rail_transit", "nev")),
    P("C3825", ("光伏科技", "新能源"), 0.8, 120, tech=1.8),
    P("C3831", ("电缆", "线缆"), 0.8, 80, tech=1.0),
    P("C4011", ("自动化", "仪表"), 0.8, 50, tech=2.0),
    P("C3985", ("电子材料",), 0.5, 80, tech=2.0),
    # Building materials
    P("C3011", ("水泥",), 1.2, 100, size_factor=2, tech=0.5, chains=("prefab_building",)),
    P("C3022", ("建筑构件", "装配式建材", "混凝土构件"), 1.5, 60, tech=0.8,
      chains=("prefab_building",)),
    P("C3311", ("钢结构", "钢构"), 1.5, 60, tech=0.9, chains=("prefab_building",)),
    P("C3089", ("耐火材料",), 1.5, 50, tech=0.8),
    P("C3091", ("炭素", "碳素"), 1, 80, tech=1.0),
    P("C3054", ("玻璃制品", "玻璃器皿"), 1, 35, tech=0.6),
    # Food, liquor, vinegar
    P("C1462", ("醋业", "酿造", "老陈醋"), 2, 40, tech=0.6, food=True),
    P("C1512", ("酒业", "酿酒"), 2, 60, tech=0.6, food=True),
    P("C1514", ("酒业", "黄酒"), 0.5, 40, tech=0.5, food=True),
    P("C1314", ("杂粮", "粮油"), 2, 50, tech=0.6, food=True),
    P("C1313", ("粮食", "农产品"), 1, 60, tech=0.5, food=True),
    P("C1431", ("食品", "面业"), 2, 35, tech=0.5, food=True),
    P("C1441", ("乳业",), 0.7, 80, tech=0.8, food=True),
    P("C1373", ("果业", "食品"), 1.5, 40, tech=0.6, food=True),
    P("C1353", ("肉制品", "食品"), 1, 60, tech=0.5, food=True),
    # Pharmaceuticals
    P("C2740", ("药业",), 1.5, 60, tech=1.8, chains=("modern_medicine",)),
    P("C2730", ("中药饮片", "药业"), 1, 50, tech=1.2, chains=("modern_medicine",)),
    P("C2720", ("制药",), 0.8, 80, tech=2.0, chains=("modern_medicine",)),
)  # fmt: skip

# Relative number of firms per city (GB/T 2260 city code).
CITY_WEIGHTS: dict[str, float] = {
    "140100": 22,  # 太原
    "140200": 8,  # 大同
    "140300": 3,  # 阳泉
    "140400": 10,  # 长治
    "140500": 7,  # 晋城
    "140600": 5,  # 朔州
    "140700": 11,  # 晋中
    "140800": 12,  # 运城
    "140900": 6,  # 忻州
    "141000": 9,  # 临汾
    "141100": 8,  # 吕梁
}

CITY_AREA_CODES: dict[str, str] = {
    "140100": "0351", "140200": "0352", "140300": "0353", "140400": "0355",
    "140500": "0356", "140600": "0349", "140700": "0354", "140800": "0359",
    "140900": "0350", "141000": "0357", "141100": "0358",
}  # fmt: skip

# Where a chain's firms tend to be (chosen for 60% of a chain's synthetic members).
CHAIN_CITIES: dict[str, tuple[str, ...]] = {
    "aluminium": ("140800", "141100", "140900", "140300"),
    "magnesium": ("140800", "140200", "141100"),
    "rail_transit": ("140200", "140800", "140100"),
    "nev": ("140800", "140100", "140700", "140400"),
    "hydrogen": ("141100", "140100", "140400"),
    "high_end_equipment": ("140100", "140700"),
    "modern_medicine": ("140700", "140100", "140400"),
    "prefab_building": ("140100", "140700"),
}

# The article's towns, how often a synthetic town member falls in each, and its industries.
TOWN_WEIGHTS: dict[str, float] = {
    "xinghuacun_fenjiu": 3,
    "qingxu_vinegar": 2.5,
    "taigu_malleable_iron": 2,
    "yuci_textile_hydraulic": 1.5,
    "jiezhou_pump": 1,
    "daizhou_huangjiu": 1,
}
TOWN_INDUSTRIES: dict[str, tuple[str, ...]] = {
    "xinghuacun_fenjiu": ("C1512",),
    "qingxu_vinegar": ("C1462",),
    "taigu_malleable_iron": ("C3391",),
    "yuci_textile_hydraulic": ("C3444", "C3551"),
    "jiezhou_pump": ("C3441",),
    "daizhou_huangjiu": ("C1514",),
}

# Two characters of a trade name: 晋丰, 恒泰, 鑫达 …
BRAND_FIRST = tuple(
    "晋恒鑫宏华瑞德安永金佳正宝天博昌鼎泰福祥盛富汇兴隆丰源达通远泓嘉信弘诚元辰中三"
)
BRAND_SECOND = tuple("丰泰达源盛昌兴隆鑫宇瑞通和祥远宏利华海力凯诚康辉晟峰成新嘉业发恒阳")

SURNAMES = tuple(
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
)
GIVEN_NAME_CHARS = tuple(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰斌建国红文辉鹏飞宇浩然晓东海燕丹"
)
