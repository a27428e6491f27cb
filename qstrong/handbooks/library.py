"""The standard measure library and section orders the data migration seeds (editable after)."""

from __future__ import annotations

ENTERPRISE_CATEGORIES = (
    "商标品牌保护",
    "质量提升",
    "标准化",
    "计量",
    "检验检测与认证",
    "知识产权（专利）",
    "信用合规",
    "惠企政策落实",
)
CHAIN_CATEGORIES = (
    "质量技术",
    "质量管理",
    "质量基础设施",
    "质量品牌",
    "政策包",
    "标准体系",
    "检验检测公共服务平台",
)
TOWN_CATEGORIES = (
    "沟通联络",
    "调研摸底",
    "责任落实",
    "专利转化",
    "地理标志运用",
    "质量管理",
    "标准引领",
    "计量支撑",
)
CATEGORIES = {
    "enterprise": ENTERPRISE_CATEGORIES,
    "chain": CHAIN_CATEGORIES,
    "town": TOWN_CATEGORIES,
}

# (kind, category, text)
STANDARD_MEASURES: tuple[tuple[str, str, str], ...] = (
    ("enterprise", "商标品牌保护", "开展商标侵权线索排查，对仿冒注册商标行为依法查处"),
    ("enterprise", "商标品牌保护", "指导企业开展海外商标注册与品牌布局"),
    ("enterprise", "质量提升", "组织质量专家入企把脉问诊，帮助解决关键质量问题"),
    ("enterprise", "质量提升", "指导导入卓越绩效管理模式，推荐参评政府质量奖"),
    ("enterprise", "标准化", "指导开展企业标准“领跑者”对标提升"),
    ("enterprise", "标准化", "支持企业牵头或参与制定团体标准、行业标准"),
    ("enterprise", "计量", "组织计量技术机构上门开展计量器具集中检定"),
    ("enterprise", "计量", "开展能源计量审查与测量管理体系建设辅导"),
    ("enterprise", "检验检测与认证", "对接认证机构开展质量管理体系认证辅导"),
    ("enterprise", "检验检测与认证", "协调检验检测服务站开通检测绿色通道"),
    ("enterprise", "知识产权（专利）", "开展专利导航分析，支撑新产品研发"),
    ("enterprise", "知识产权（专利）", "推动专利转化运用与质押融资"),
    ("enterprise", "信用合规", "开展信用修复与合规经营“一对一”辅导"),
    ("enterprise", "信用合规", "开展广告宣传合规审查培训"),
    ("enterprise", "惠企政策落实", "推送并解读企业适用的惠企政策，协助申兑"),
    ("chain", "质量技术", "组织链上企业联合攻关关键质量技术难题"),
    ("chain", "质量管理", "推动链主企业带动配套企业导入先进质量管理方法"),
    ("chain", "质量基础设施", "建设产业链计量、标准、认证、检验检测“一站式”服务"),
    ("chain", "质量品牌", "培育产业链区域品牌与企业品牌矩阵"),
    ("chain", "政策包", "编制并推送产业链市场监管政策包"),
    ("chain", "标准体系", "梳理产业链标准体系，补齐关键环节标准"),
    ("chain", "检验检测公共服务平台", "布局检验检测公共服务平台，服务链上中小企业"),
    ("town", "沟通联络", "建立专业镇联络员制度，定期走访龙头企业"),
    ("town", "调研摸底", "开展专业镇企业质量状况调研摸底"),
    ("town", "责任落实", "明确服务责任单位和责任人，建立任务台账"),
    ("town", "专利转化", "推动专利技术在镇内企业转化运用"),
    ("town", "地理标志运用", "指导地理标志产品保护与授权使用"),
    ("town", "质量管理", "开展质量管理体系认证提升行动"),
    ("town", "标准引领", "支持制定专业镇主导产品团体标准"),
    ("town", "计量支撑", "提供计量检定校准上门服务"),
)

SECTION_ORDERS: dict[str, tuple[str, ...]] = {
    "enterprise": (
        "profile",
        "measures",
        "policies",
        "needs",
        "tasks",
        "responsibilities",
        "problems",
        "projects",
        "savings",
        "contacts",
    ),
    "chain": (
        "overview",
        "maps",
        "problems",
        "projects",
        "policy_package",
        "standards_providers",
        "savings",
        "revenue",
        "measures",
    ),
    "town": ("overview", "measures", "quality_base", "outreach", "revenue"),
}


def library_ensure() -> int:
    """Seed the library and section orders where they are missing (the data migration does the
    same; a flushed test database or a fresh demo calls this). Returns the rows added."""
    from qstrong.handbooks.models import MeasureTemplate, SectionLayout

    added = 0
    for order, (kind, category, text) in enumerate(STANDARD_MEASURES, start=1):
        _row, new = MeasureTemplate.objects.get_or_create(
            kind=kind, category=category, text=text, defaults={"sort_order": order}
        )
        added += new
    for kind, sections in SECTION_ORDERS.items():
        _layout, new = SectionLayout.objects.get_or_create(
            kind=kind, defaults={"sections": list(sections)}
        )
        added += new
    return added
