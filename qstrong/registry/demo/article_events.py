"""The article's dated outreach events and reported figures, as data for the apps to come.

Nothing loads these yet: outreach activities (casework) and indicators (insights) have no models
in this tree. They are kept here, typed and quoted, so that those loaders use the article's own
numbers instead of retyping them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class DemoEvent:
    date: dt.date
    kind: str  # matchmaking / survey / forum / assistance / training (GLOSSARY: 对接会 …)
    title: str
    place: str
    enterprises: tuple[str, ...] = ()  # article enterprise keys
    chains: tuple[str, ...] = ()  # chain codes
    towns: tuple[str, ...] = ()  # town codes
    quote: str = ""


@dataclass(frozen=True)
class DemoFigure:
    subject: str  # "province", "chain:<code>", "town:<code>", "enterprise:<key>", "chains", "towns"
    metric: str
    period: str  # e.g. "2024H1", "2023", "2024"
    value: Decimal
    unit: str
    quote: str


def _d(month: int, day: int) -> dt.date:
    return dt.date(2024, month, day)


ARTICLE_EVENTS: tuple[DemoEvent, ...] = (
    DemoEvent(_d(3, 21), "matchmaking", "全方位服务装配式建筑产业链对接会", "山西",
              chains=("prefab_building",), quote="3月21日，举办全方位服务装配式建筑产业链对接会"),
    DemoEvent(_d(4, 1), "survey", "绿谷碳中和环保科技园调研", "山西",
              quote="4月1日，到绿谷碳中和环…进行调研（报道此处文字残缺，园区名称为推测）"),
    DemoEvent(_d(4, 8), "forum", "太谷玛钢专业镇产品质量提升帮扶座谈会", "晋中太谷",
              towns=("taigu_malleable_iron",),
              quote="4月8日，在晋中太谷召开太古玛钢专业镇产品质量提升帮扶座谈会"),
    DemoEvent(_d(4, 11), "survey", "“惠企直通车”工作组在山西鹏飞集团调研", "吕梁孝义",
              enterprises=("pengfei",), chains=("hydrogen",),
              quote="4月11日，山西省市场监管局“惠企直通车”工作组在氢能产业链主企业山西鹏飞集团有限公司调研"),
    DemoEvent(_d(4, 18), "matchmaking", "“惠企直通车”服务水泵专业镇对接会", "运城市盐湖区解州镇",
              towns=("jiezhou_pump",),
              quote="4月18日，在运城市盐湖区解州镇召开“惠企直通车”服务水泵专业镇对接会"),
    DemoEvent(_d(5, 21), "assistance", "清徐老陈醋专业镇高质量发展帮扶活动", "太原清徐",
              towns=("qingxu_vinegar",), quote="5月21日，开展清徐陈醋专业镇高质量发展帮扶活动"),
    DemoEvent(_d(7, 18), "forum", "质量提升行动助力汾酒专业镇高质量发展专家座谈", "吕梁汾阳",
              towns=("xinghuacun_fenjiu",),
              quote="7月18日，开展质量提升行动助力汾酒专业镇高质量发展专家座谈活动"),
    DemoEvent(_d(8, 28), "assistance", "与永济市众鑫电机攻关轨道交通产业链质量难题", "运城永济",
              enterprises=("zhongxin_motor",), chains=("rail_transit",),
              quote="8月28日，运城市市场监管局工作人员与永济市众鑫电机科技股份有限公司技术人员"
                    "一道攻关轨道交通产业链质量难题"),
    DemoEvent(_d(9, 6), "forum", "2024年山西省“质量月”主题活动暨“质量强链在晋中”赋能启航会",
              "山西智创城", quote="9月6日…在山西智创城举行"),
)  # fmt: skip

ARTICLE_FIGURES: tuple[DemoFigure, ...] = (
    DemoFigure("chains", "revenue", "2024H1", Decimal("3291.8"), "亿元",
               "今年1—6月，山西省16条重点产业链累计营收3291.8亿元"),
    DemoFigure("chains", "revenue_yoy", "2024H1", Decimal("9.5"), "%", "同比增长9.5%"),
    DemoFigure("towns", "revenue", "2024H1", Decimal("506.9"), "亿元",
               "今年1—6月，18家省级重点专业镇实现营收506.9亿元"),
    DemoFigure("towns", "revenue_yoy", "2024H1", Decimal("7.9"), "%", "同比增长7.9%"),
    DemoFigure("town:xinghuacun_fenjiu", "output", "2023", Decimal("251.56"), "亿元",
               "杏花村汾酒专业镇2023年实现产值251.56亿元"),
    DemoFigure("town:xinghuacun_fenjiu", "share_of_ten_key_towns", "2023", Decimal("34.4"), "%",
               "占山西省十大专业镇总产值的34.4%"),
    DemoFigure("town:xinghuacun_fenjiu", "output", "2024H1", Decimal("130.86"), "亿元",
               "今年1—6月实现产值130.86亿元"),
    DemoFigure("province", "enterprise_handbooks", "2024", Decimal(21), "册",
               "“一企一册”两批共21册"),
    DemoFigure("province", "chain_handbooks", "2024", Decimal(16), "个",
               "“一链一册”共完成两批16个"),
    DemoFigure("province", "town_handbooks", "2024", Decimal(18), "册", "“一镇一册”两批共18册"),
    DemoFigure("province", "enterprise_visits", "2024H1", Decimal(100), "家",
               "上半年入企服务100余家"),
    DemoFigure("enterprise:guangyuyuan", "measures", "2024", Decimal(20), "项",
               "全方位服务广誉远中药股份有限公司20项举措"),
    DemoFigure("enterprise:guangyuyuan", "list_items", "2024", Decimal(45), "项",
               "列出45项需求清单、任务清单、责任清单"),
    DemoFigure("enterprise:dayun", "suppliers", "2024", Decimal(40), "家",
               "累计引进和合作供应商40余家"),
    DemoFigure("enterprise:jingwei_textile", "provincial_suppliers", "2024", Decimal(146), "家",
               "带动省内供应商146家，涉及从业人员4562人"),
    DemoFigure("enterprise:crrc_saide", "failures_per_year_before", "2023", Decimal(50), "次/年",
               "原螺堵接磨质量问题在段发生情况由前期的50次/年降低到0次/年"),
    DemoFigure("enterprise:crrc_saide", "failures_per_year_after", "2024", Decimal(0), "次/年",
               "由前期的50次/年降低到0次/年"),
    DemoFigure("enterprise:crrc_saide", "quality_cost_saved", "2024", Decimal(200), "万元",
               "相关质量成本费用较去年整体降低200万元"),
    DemoFigure("enterprise:crrc_yongji", "cost_per_failure", "2024", Decimal("1.06"), "万元",
               "每起故障需发生人员差旅费用、人工费用、材料费用约1.06万元"),
    DemoFigure("enterprise:crrc_yongji", "quality_cost_saved", "2024", Decimal("13.78"), "万元",
               "相关质量成本等费用较去年整体降低13.78万元"),
    DemoFigure("town:qingxu_vinegar", "enterprises_assisted", "2024", Decimal(10), "家",
               "重点帮扶10家尚未获得质量管理体系认证的企业"),
    DemoFigure("town:daizhou_huangjiu", "iso9001_certified", "2024", Decimal(5), "家",
               "帮扶雁门山酒业、冯氏酒业、代康实业等5家企业通过ISO9001"),
    DemoFigure("town:daizhou_huangjiu", "millet_area", "2024", Decimal(1330), "公顷",
               "重点推动1330多公顷优质黍米种植"),
)  # fmt: skip
