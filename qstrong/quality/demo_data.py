"""The quality demo records: the article's pilots, problems, key projects and losses, plus
illustrative problems; each says whether it comes from the article (quote) or is illustrative."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

ILLUSTRATIVE = "演示示意，非报道内容"
DATES_ASSUMED = "日期为演示假设"


@dataclass(frozen=True)
class Step:
    """One transition of a demo problem, days after registration."""

    transition: str
    day: int
    comment: str
    root_cause: str = ""
    evidence_note: str = ""


@dataclass(frozen=True)
class DemoAction:
    kind: str
    description: str
    owner: str  # enterprise key, or "bureau:<name>"
    person: str
    deadline: dt.date
    done_day: int | None = None  # days after registration; None = still open


@dataclass(frozen=True)
class DemoProblem:
    key: str
    title: str
    chain: str
    segment: str | None
    enterprises: tuple[str, ...]  # enterprise keys (article) or "uscc:<code>"
    grade: str
    klass: str
    description: str
    registered: dt.date
    source: str  # article / synthetic
    source_note: str
    actor: str  # demo username who moves it
    programme: str | None = None
    actions: tuple[DemoAction, ...] = ()
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class DemoProgramme:
    code: str
    name: str
    kind: str
    region: str
    organisers: str
    description: str
    started_on: dt.date | None
    source: str
    source_note: str
    enterprises: tuple[str, ...] = ()
    chains: tuple[str, ...] = ()
    towns: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    target_certification: str = ""
    milestones: tuple[tuple[str, str, dt.date | None, dt.date | None], ...] = ()


@dataclass(frozen=True)
class DemoProject:
    name: str
    chain: str
    lead: str
    partners: tuple[str, ...] = ()
    other_partners: str = ""
    problems: tuple[str, ...] = ()
    programme: str | None = None
    description: str = ""
    source_note: str = ""
    indicators: tuple[tuple[str, str, Decimal | None, Decimal | None, Decimal | None], ...] = ()
    milestones: tuple[tuple[str, dt.date | None, dt.date | None], ...] = ()


@dataclass(frozen=True)
class DemoLoss:
    subject: str  # "problem:<key>" or "project:<name>"
    year: int
    failures_before: int
    failures_after: int
    cost_per_failure: Decimal | None
    other_cost_before: Decimal = Decimal("0")
    other_cost_after: Decimal = Decimal("0")
    source_note: str = ""
    note: str = ""


def _d(month: int, day: int, year: int = 2024) -> dt.date:
    return dt.date(year, month, day)


_CLOSED_LOOP = (
    Step("analyse", 10, "会同链主企业与配套企业完成原因分析", root_cause=""),
    Step("plan", 20, "确定应急、纠正、预防措施及责任人"),
    Step("start", 25, "措施开始实施"),
    Step("submit_check", 150, "措施全部完成，提交效果验证"),
    Step("check_pass", 200, "跟踪验证期内未再发生", evidence_note="效果验证报告（演示）"),
    Step("close", 205, "效果验证通过，问题关闭", evidence_note="效果验证报告（演示）"),
)


def _loop(root_cause: str) -> tuple[Step, ...]:
    first = _CLOSED_LOOP[0]
    return (Step(first.transition, first.day, first.comment, root_cause), *_CLOSED_LOOP[1:])


PILOT_DATONG = "pilot_crrc_datong"

PROGRAMMES: tuple[DemoProgramme, ...] = (
    DemoProgramme(
        code=PILOT_DATONG,
        name="轨道交通装备产业链质量联动提升试点（中车大同）",
        kind="pilot",
        region="140200",
        organisers="山西省市场监管局、大同市市场监管局",
        description="列出质量问题清单和重点攻关项目，协同上下游企业推动质量问题分级闭环解决、"
        "质量损失重点监管，共建三级质量管理新机制。",
        started_on=None,
        source="article",
        source_note="报道：“承担质量联动提升试点工作的中车大同电力机车有限公司…列出质量问题清单和"
        "重点攻关项目”",
        enterprises=("crrc_datong", "crrc_saide", "crrc_yongji"),
        chains=("rail_transit",),
    ),
    DemoProgramme(
        code="pilot_yinguang",
        name="镁产业链质量联动提升试点（银光华盛）",
        kind="pilot",
        region="140800",
        organisers="运城市市场监管局",
        description="加强产业链全面质量管理，通过质量攻关和技术创新打造具有行业话语权的产品。",
        started_on=None,
        source="article",
        source_note="报道：“山西银光华盛镁业股份有限公司作为‘链主’企业，积极开展质量联动提升试点工作”",
        enterprises=("yinguang_huasheng",),
        chains=("magnesium",),
    ),
    DemoProgramme(
        code="pilot_dayun",
        name="新能源汽车产业链质量联动提升试点（大运汽车）",
        kind="pilot",
        region="140800",
        organisers="运城市市场监管局",
        description="质量强链技术攻关，牵引带动新能源汽车产业链上下游协同发展。",
        started_on=None,
        source="article",
        source_note="报道：“作为质量联动提升试点单位，大运汽车正在开展…”",
        enterprises=("dayun",),
        chains=("nev",),
    ),
    DemoProgramme(
        code="cert_qingxu_vinegar",
        name="清徐县食醋小微企业质量管理体系认证提升行动",
        kind="certification",
        region="140121",
        organisers="山西省市场监管局、太原市市场监管局、清徐县人民政府、方圆标志认证集团山西有限公司",
        description="以“清徐老陈醋”特色专业镇建设为契机，创新“三叠链”帮扶方法，重点帮扶10家尚未获得"
        "质量管理体系认证的企业，编制良好案例10篇。",
        started_on=None,
        source="article",
        source_note="报道：“重点帮扶10家尚未获得质量管理体系认证的企业”；帮扶对象企业为演示示意",
        towns=("qingxu_vinegar",),
        target_certification="ISO9001",
        milestones=(
            ("导入链：动员+宣贯", "induction", _d(5, 31), _d(5, 21)),
            ("培训链：线上+线下培训", "training", _d(7, 31), _d(7, 26)),
            ("解决链：诊断+服务，逐家帮扶取证", "diagnosis", _d(11, 30), None),
            ("编制良好案例10篇", "", _d(12, 31), None),
        ),
    ),
    DemoProgramme(
        code="shanxi_premium",
        name="“山西精品”培育工程",
        kind="shanxi_premium",
        region="140000",
        organisers="山西省市场监管局",
        description="以“链主”企业或链上骨干企业为主体，梯次选择一批相关企业为培育对象，"
        "形成更多国内国际先进品牌。",
        started_on=None,
        source="article",
        source_note="报道：“实施‘山西精品’培育工程”；培育对象名单为演示示意",
        enterprises=("crrc_datong", "dayun", "yinguang_huasheng", "chalco_shanxi", "guangyuyuan"),
    ),
    DemoProgramme(
        code="county_daixian",
        name="质量强县培育（代县）",
        kind="county",
        region="140923",
        organisers="忻州市市场监管局、代县市场监管局",
        description="以代州黄酒区域公用品牌为牵引，推进质量强县建设。",
        started_on=_d(3, 1),
        source="synthetic",
        source_note=ILLUSTRATIVE,
        counties=("140923",),
        milestones=(
            ("制定质量强县培育方案", "", _d(3, 31), _d(3, 28)),
            ("黄酒企业质量管理体系认证帮扶", "", _d(8, 31), _d(8, 20)),
            ("区域品牌质量标准宣贯", "", _d(10, 31), None),
            ("年度评估", "", _d(12, 31), None),
        ),
    ),
)

_MAIN_BREAKER_NOTE = (
    "报道：“协同…北京中车赛德铁道电气科技有限公司，开展主断路器质量提升工作。该项工作使原螺堵接磨"
    "质量问题在段发生情况由前期的50次/年降低到0次/年”；等级、措施与日期为演示假设"
)
_MOTOR_NOTE = (
    "报道：“协同…中车永济电机有限公司紧密协作提升HXD2型机车牵引电机大线及连接器质量，消除故障”；"
    "等级、措施与日期为演示假设"
)

PROBLEMS: tuple[DemoProblem, ...] = (
    DemoProblem(
        key="main_breaker",
        title="主断路器螺堵接磨质量问题",
        chain="rail_transit",
        segment="关键零部件",
        enterprises=("crrc_datong", "crrc_saide"),
        grade="major",
        klass="technology",
        description="主断路器螺堵接磨问题在段频发（前期50次/年），影响机车运用质量。",
        registered=_d(1, 8, 2023),
        source="article",
        source_note=_MAIN_BREAKER_NOTE,
        actor="province",
        programme=PILOT_DATONG,
        actions=(
            DemoAction(
                "immediate",
                "在段机车主断路器螺堵专项排查",
                "crrc_datong",
                "质量部",
                _d(2, 28, 2023),
                30,
            ),
            DemoAction(
                "corrective", "螺堵结构与装配工艺改进", "crrc_saide", "技术部", _d(4, 30, 2023), 100
            ),
            DemoAction(
                "preventive",
                "纳入供应商质量协议与来料检验规程",
                "crrc_datong",
                "供应链管理部",
                _d(5, 31, 2023),
                140,
            ),
        ),
        steps=_loop("螺堵与配合件接触面磨损，装配防松与结构设计不足（演示假设）"),
    ),
    DemoProblem(
        key="hxd2_motor",
        title="HXD2型机车牵引电机大线及连接器故障",
        chain="rail_transit",
        segment="关键零部件",
        enterprises=("crrc_datong", "crrc_yongji"),
        grade="major",
        klass="technology",
        description="HXD2型机车牵引电机大线及连接器故障，每起故障发生人员差旅、人工、材料费用约1.06万元。",
        registered=_d(2, 20, 2023),
        source="article",
        source_note=_MOTOR_NOTE,
        actor="province",
        programme=PILOT_DATONG,
        actions=(
            DemoAction(
                "corrective",
                "大线固定与连接器选型改进",
                "crrc_yongji",
                "电机技术部",
                _d(5, 31, 2023),
                90,
            ),
            DemoAction(
                "preventive",
                "连接器装配质量控制点纳入工艺文件",
                "crrc_yongji",
                "工艺部",
                _d(6, 30, 2023),
                120,
            ),
        ),
        steps=_loop("大线固定方式与连接器防松不足，运行振动导致故障（演示假设）"),
    ),
    DemoProblem(
        key="zhongxin_motor",
        title="轨道交通配套电机质量难题攻关",
        chain="rail_transit",
        segment=None,
        enterprises=("zhongxin_motor",),
        grade="general",
        klass="technology",
        description="运城市市场监管局工作人员与企业技术人员一道攻关轨道交通产业链质量难题。",
        registered=_d(8, 28),
        source="article",
        source_note="报道：“8月28日，运城市市场监管局工作人员与永济市众鑫电机科技股份有限公司技术人员"
        "一道攻关轨道交通产业链质量难题”；难题内容与进展为演示假设",
        actor="province",
        actions=(
            DemoAction(
                "corrective",
                "关键工序质量控制改进",
                "zhongxin_motor",
                "技术负责人",
                _d(12, 31),
                None,
            ),
        ),
        steps=(
            Step(
                "analyse",
                7,
                "现场攻关，完成原因分析",
                root_cause="关键工序参数控制不稳（演示假设）",
            ),
            Step("plan", 12, "确定纠正措施"),
            Step("start", 15, "开始整改"),
        ),
    ),
)


def _illustrative(
    key: str,
    title: str,
    chain: str,
    segment: str | None,
    enterprise: str,
    grade: str,
    klass: str,
    registered: dt.date,
    actor: str,
    steps: tuple[Step, ...] = (),
    actions: tuple[DemoAction, ...] = (),
    programme: str | None = None,
) -> DemoProblem:
    return DemoProblem(
        key=key,
        title=title,
        chain=chain,
        segment=segment,
        enterprises=(enterprise,),
        grade=grade,
        klass=klass,
        description=f"{title}（演示示意）。",
        registered=registered,
        source="synthetic",
        source_note=ILLUSTRATIVE,
        actor=actor,
        steps=steps,
        actions=actions,
        programme=programme,
    )


ILLUSTRATIVE_PROBLEMS: tuple[DemoProblem, ...] = (
    _illustrative(
        "med_gmp",
        "中药饮片批次含量均一性不足",
        "modern_medicine",
        "中药饮片与原料药",
        "guangyuyuan",
        "general",
        "management",
        _d(4, 2),
        "taigu",
        steps=(
            Step("analyse", 6, "完成原因分析", root_cause="炮制工艺参数记录不全"),
            Step("plan", 12, "确定措施"),
        ),
        actions=(
            DemoAction(
                "corrective", "完善炮制工艺参数记录", "guangyuyuan", "质量受权人", _d(6, 30)
            ),
        ),
    ),
    _illustrative(
        "med_brand",
        "中成药老字号商标被仿冒",
        "modern_medicine",
        "中成药与制剂",
        "guangyuyuan",
        "major",
        "brand",
        _d(6, 15),
        "province",
    ),
    _illustrative(
        "hydraulic_casting",
        "液压阀体铸件气孔率偏高",
        "high_end_equipment",
        "液压件等基础零部件",
        "tz_yuci_hydraulic",
        "general",
        "technology",
        _d(3, 12),
        "province",
        steps=(
            Step("analyse", 8, "完成原因分析", root_cause="浇注温度与排气设计不足"),
            Step("plan", 15, "确定措施"),
            Step("start", 18, "开始整改"),
        ),
        actions=(
            DemoAction(
                "corrective",
                "优化浇注系统与排气设计",
                "tz_yuci_hydraulic",
                "铸造车间主任",
                _d(5, 31),
            ),
        ),
    ),
    _illustrative(
        "hydrogen_metrology",
        "加氢站氢气计量器具缺少检定能力",
        "hydrogen",
        "加注",
        "pengfei",
        "critical",
        "infrastructure",
        _d(5, 6),
        "province",
        steps=(
            Step("analyse", 20, "省级会商完成原因分析", root_cause="省内尚无氢气流量计量标准装置"),
        ),
    ),
    _illustrative(
        "hydrogen_standard",
        "制氢副产气纯度检测方法不统一",
        "hydrogen",
        "制氢",
        "pengfei",
        "major",
        "infrastructure",
        _d(7, 1),
        "province",
    ),
    _illustrative(
        "aluminium_fe",
        "电解铝液铁含量波动",
        "aluminium",
        "电解铝",
        "chalco_shanxi",
        "general",
        "technology",
        _d(2, 26),
        "province",
        steps=_loop("阳极保温料与原料杂质控制不稳")[:4],
        actions=(
            DemoAction(
                "corrective", "阳极保温料添加流程改造", "chalco_shanxi", "电解厂", _d(6, 30), 120
            ),
        ),
    ),
    _illustrative(
        "magnesium_sheet",
        "镁合金板材表面质量一致性不足",
        "magnesium",
        "镁合金加工与应用",
        "yinguang_huasheng",
        "general",
        "technology",
        _d(5, 20),
        "province",
        steps=(Step("reject", 5, "经核实为个别批次来料问题，已由企业自行处理，不列入清单"),),
        programme="pilot_yinguang",
    ),
    _illustrative(
        "nev_supplier",
        "整车配套件来料检验覆盖不全",
        "nev",
        "汽车零部件",
        "dayun",
        "major",
        "management",
        _d(4, 18),
        "province",
        steps=(
            Step("analyse", 10, "完成原因分析", root_cause="供应商准入与来料检验标准不统一"),
            Step("plan", 20, "确定措施"),
            Step("start", 25, "开始整改"),
        ),
        actions=(
            DemoAction("corrective", "统一供应商来料检验标准", "dayun", "质量部", _d(7, 31)),
            DemoAction("preventive", "建立供应商质量分级评价", "dayun", "采购部", _d(9, 30)),
        ),
        programme="pilot_dayun",
    ),
)

PROJECTS: tuple[DemoProject, ...] = (
    DemoProject(
        name="主断路器质量提升工作",
        chain="rail_transit",
        lead="crrc_datong",
        partners=("crrc_saide",),
        problems=("main_breaker",),
        programme=PILOT_DATONG,
        description="协同上游配套企业北京中车赛德铁道电气科技有限公司开展主断路器质量提升工作。",
        source_note=_MAIN_BREAKER_NOTE,
        indicators=(
            ("螺堵接磨质量问题在段发生次数", "次/年", Decimal(50), Decimal(0), Decimal(0)),
        ),
    ),
    DemoProject(
        name="HXD2型机车牵引电机大线及连接器质量提升",
        chain="rail_transit",
        lead="crrc_datong",
        partners=("crrc_yongji",),
        problems=("hxd2_motor",),
        programme=PILOT_DATONG,
        description="协同中车永济电机有限公司提升HXD2型机车牵引电机大线及连接器质量，消除故障。",
        source_note=_MOTOR_NOTE,
        indicators=(("相关故障减少", "起", None, Decimal(13), None),),
    ),
    DemoProject(
        name="阳极保温料添加流程改造项目",
        chain="aluminium",
        lead="chalco_shanxi",
        problems=("aluminium_fe",),
        description="降低铝液中铁、硅含量，提高Al99.85以上率。",
        source_note="报道：“积极开展阳极保温料添加流程改造项目、母线提升框架安全改造攻关、"
        "铝电解精准管理系统等重点攻关项目”",
    ),
    DemoProject(
        name="母线提升框架安全改造攻关",
        chain="aluminium",
        lead="chalco_shanxi",
        source_note="报道：“母线提升框架安全改造攻关”",
    ),
    DemoProject(
        name="铝电解精准管理系统",
        chain="aluminium",
        lead="chalco_shanxi",
        description="有效提升电解质量管控水平，平均铁含量有效降低，满足铸造生产高附加值铝产品需求。",
        source_note="报道：“铝电解精准管理系统自投用以来…铝液质量稳定保持在95%以上”",
        indicators=(("铝液质量稳定率", "%", None, Decimal(95), Decimal(95)),),
        milestones=(("系统投用", None, _d(3, 31)),),
    ),
    DemoProject(
        name="高端智能新能源乘用车冲压、焊装、总装生产线技术提升改造",
        chain="nev",
        lead="dayun",
        other_partners="博世、华为、阿里斑马（共同研发新能源汽车关键技术）；太原理工大学；"
        "中国汽车技术研究中心",
        programme="pilot_dayun",
        description="3个项目投产后，4款远航新车型可与原有2款大运车型平台实现柔性化共线生产。",
        source_note="报道：“大运汽车正在开展高端智能新能源乘用车冲压生产线技术提升改造项目…”",
        indicators=(("高端智能新能源乘用车年产能", "万辆", None, None, Decimal(10)),),
        milestones=(
            ("冲压生产线改造", _d(6, 30), None),
            ("焊装、总装生产线改造", _d(12, 31), None),
            ("配套件模具开发", _d(12, 31), None),
        ),
    ),
    DemoProject(
        name="镁合金连续铸轧与精密挤压型材攻关",
        chain="magnesium",
        lead="yinguang_huasheng",
        programme="pilot_yinguang",
        description="国内镁行业首家采用镁合金连续铸轧技术；高铁、地铁用镁合金精密挤压型材开发应用。",
        source_note="报道：“国内镁行业首家采用了镁合金连续铸轧技术…高铁、地铁用镁合金精密挤压型材的开发应用”",
    ),
)

LOSSES: tuple[DemoLoss, ...] = (
    DemoLoss(
        subject="project:主断路器质量提升工作",
        year=2024,
        failures_before=50,
        failures_after=0,
        cost_per_failure=None,
        other_cost_before=Decimal("200"),
        other_cost_after=Decimal("0"),
        source_note="报道：“由前期的50次/年降低到0次/年。人员差旅费用、人工费用、材料费用等相关质量"
        "成本费用较去年整体降低200万元”",
        note="报道只给出降低额200万元：按“改进前其他质量成本200万元、改进后0”记录降低额；单次故障损失未报道。",
    ),
    DemoLoss(
        subject="problem:hxd2_motor",
        year=2024,
        failures_before=13,
        failures_after=0,
        cost_per_failure=Decimal("1.06"),
        source_note="报道：“按照每起故障需发生人员差旅费用、人工费用、材料费用约1.06万元计算，"
        "相关质量成本等费用较去年整体降低13.78万元”",
        note="减少13起故障×1.06万元=13.78万元；改进前后次数按“消除故障”记为13→0。",
    ),
)

QINGXU_CERT_NAMES = ("甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸")
QINGXU_CERTIFIED = 3  # illustrative: how many of the ten have obtained ISO 9001 so far
