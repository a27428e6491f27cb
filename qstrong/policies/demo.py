"""The policies part of the demo: illustrative Shanxi quality policies on the article's themes.

The article names the themes (质量提升 for chain leaders, ISO 9001 certification uplift for small
vinegar makers in 清徐, standards, the 山西精品 brand, the 代州黄酒 geographical indication,
metrology support, …) but no policy texts: every policy below is illustrative, and says so in its
source_note. Loaded through the same import as `qstrong import policies` (created or updated by
code, published), then one full matching run with pushes. Running it again changes nothing and
runs nothing unless a policy changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qstrong.policies.importing import policies_import_items
from qstrong.policies.models import MatchRun

ISSUER = "山西省市场监督管理局"
NOTE = "示例政策（演示用，非真实文件；主题取自报道：{theme}）"
CONTACT = "0351-0000000（演示号码）省市场监管局质量发展处"
WHERE = "“惠享晋在线”平台在线申报，或向所在县（市、区）市场监管局窗口提交"


def _policy(code: str, theme: str, **fields: Any) -> dict[str, Any]:
    return {
        "code": code,
        "issuer": ISSUER,
        "document_number": f"晋市监示例〔2025〕{int(code[-3:])}号",
        "effective_from": "2025-01-01",
        # Open-ended, so the demo still matches whenever it is loaded (a fixed end date made
        # every demo policy lapse on 2028-01-01).
        "effective_to": None,
        "claim_where": WHERE,
        "claim_contact": CONTACT,
        "source_note": NOTE.format(theme=theme),
        **fields,
    }


DEMO_POLICIES: tuple[dict[str, Any], ...] = (
    _policy(
        "SXZL-2025-001",
        "质量联动提升试点，“链主”企业牵引上下游",
        title="重点产业链“链主”“链核”企业质量提升奖励",
        category="quality",
        delivery="application",
        summary="对牵头开展产业链质量联动提升的链主、链核企业，按攻关成效给予一次性奖励。",
        interpretation=(
            "鼓励链主企业带动上下游协同解决关键质量问题。奖励依据质量问题清单的闭环情况、"
            "质量损失下降幅度评定，最高 50 万元（演示数值）。"
        ),
        claim_who="全省 16 条重点产业链上的链主、链核企业",
        claim_conditions="已建立质量问题清单和重点攻关项目；近三年无重大质量安全事故",
        claim_deadline="2025-11-30",
        rule={
            "all": [
                {"field": "region", "op": "within", "value": "140000"},
                {"field": "chain_roles", "op": "contains_any", "value": ["leader", "core"]},
            ]
        },
    ),
    _policy(
        "SXRZ-2025-002",
        "清徐老陈醋专业镇质量管理体系认证提升行动",
        title="清徐食醋小微企业质量管理体系认证帮扶",
        category="certification",
        delivery="fast",
        summary="为清徐县尚未获得 ISO 9001 认证的食醋小微企业提供认证辅导并补贴认证费用。",
        interpretation=(
            "采用“三叠链”帮扶方法：动员宣贯、线上线下培训、诊断服务。"
            "认证费用补贴 80%（演示数值），由认证机构直接结算，企业无需垫付。"
        ),
        claim_who="清徐县食醋及调味品制造小型、微型企业",
        claim_conditions="尚未获得 ISO 9001 质量管理体系认证",
        rule={
            "all": [
                {"field": "region", "op": "within", "value": "140121"},
                {"field": "industry", "op": "within", "value": "C146"},
                {"field": "scale", "op": "in", "value": ["small", "micro"]},
                {"not": {"field": "certifications", "op": "contains", "value": "ISO9001"}},
            ]
        },
    ),
    _policy(
        "SXBZ-2025-003",
        "标准引领，企业主导或参与标准制定",
        title="标准领跑者与主导制定标准奖励",
        category="standards",
        delivery="application",
        summary="对主导或参与制定国家、行业、地方、团体标准 3 项以上的企业给予奖励。",
        interpretation=(
            "每项国家标准奖励 20 万元、行业标准 10 万元（演示数值），"
            "同一企业年度累计不超过 100 万元。"
        ),
        claim_who="在山西省登记注册的企业",
        claim_conditions="主导或参与制定标准 3 项及以上，标准已发布",
        rule={
            "all": [
                {"field": "region", "op": "within", "value": "140000"},
                {"field": "standards_led", "op": "ge", "value": 3},
            ]
        },
    ),
    _policy(
        "SXPP-2025-004",
        "“一链一册”实施“山西精品”培育工程",
        title="“山西精品”品牌培育",
        category="quality",
        delivery="application",
        summary="从链上骨干以上企业和专业镇企业中梯次培育“山西精品”，提供标准、认证和品牌指导。",
        interpretation="入选培育库的企业享受一对一品牌诊断、团体标准研制支持和公共检验检测服务。",
        claim_who="重点产业链骨干以上企业、省级专业镇成员企业",
        claim_conditions="信用等级 A 或 B；尚未获得“山西精品”认证",
        rule={
            "all": [
                {
                    "any": [
                        {
                            "field": "chain_roles",
                            "op": "contains_any",
                            "value": ["leader", "core", "backbone"],
                        },
                        {"field": "towns", "op": "is_set"},
                    ]
                },
                {"field": "credit_rating", "op": "in", "value": ["A", "B"]},
                {"not": {"field": "tags", "op": "contains", "value": "shanxi_premium"}},
            ]
        },
    ),
    _policy(
        "SXDL-2025-005",
        "打造代州黄酒区域公用品牌，地理标志运用",
        title="代州黄酒地理标志专用标志使用支持",
        category="gi",
        delivery="fast",
        summary="代州黄酒专业镇黄酒生产企业申请使用地理标志专用标志，一次申请、快速核准。",
        interpretation=(
            "企业执行《代州黄酒》团体标准、通过产品抽检即可使用地理标志专用标志，"
            "纳入“区域品牌+企业品牌+产品品牌”品牌矩阵统一宣传。"
        ),
        claim_who="代州黄酒专业镇成员企业",
        claim_conditions="黄酒制造企业；执行《代州黄酒》团体标准",
        rule={
            "all": [
                {"field": "towns", "op": "contains", "value": "daizhou_huangjiu"},
                {"field": "industry", "op": "within", "value": "C1514"},
            ]
        },
    ),
    _policy(
        "SXJL-2025-006",
        "“一镇一册”计量支撑服务",
        title="专业镇和产业链中小企业计量器具免费检定校准",
        category="metrology",
        delivery="automatic",
        summary="专业镇和产业链上的中小企业，关键计量器具每年免费检定校准一次。",
        interpretation="由省计量科学研究院上门服务，费用由财政承担；企业无需申请，系统按名单安排。",
        claim_who="省级专业镇成员企业和重点产业链成员企业中的中小企业",
        claim_conditions="从业人员 300 人以下",
        rule={
            "all": [
                {
                    "any": [
                        {"field": "towns", "op": "is_set"},
                        {"field": "chains", "op": "is_set"},
                    ]
                },
                {"field": "employees", "op": "lt", "value": 300},
            ]
        },
    ),
    _policy(
        "SXZJ-2025-007",
        "政策找企业，免申即享",
        title="专精特新企业认证检测费用补贴（免申即享）",
        category="certification",
        delivery="automatic",
        summary="专精特新中小企业、“小巨人”企业的认证和检验检测费用按 50% 补贴，免申即享。",
        interpretation="依据工信部门认定名单自动兑现，企业无需提交申请材料，补贴直接拨付至企业账户。",
        claim_who="省级专精特新中小企业、国家级专精特新“小巨人”企业",
        claim_conditions="在认定有效期内",
        rule={"field": "tags", "op": "contains_any", "value": ["specialised_sme", "little_giant"]},
    ),
    _policy(
        "SXXY-2025-008",
        "推动信用合规建设",
        title="“信易贷”质量信用贷款贴息",
        category="finance",
        delivery="fast",
        summary="信用等级 A 的中小微企业申请质量提升项目贷款，给予 1 个百分点贴息。",
        interpretation="贴息期限不超过 2 年（演示数值）；银行按市场监管信用等级快速审批。",
        claim_who="信用等级为 A 的中型、小型、微型企业",
        claim_conditions="贷款用于质量提升、技术改造或认证项目",
        rule={
            "all": [
                {"field": "credit_rating", "op": "eq", "value": "A"},
                {"field": "scale", "op": "in", "value": ["medium", "small", "micro"]},
            ]
        },
    ),
    _policy(
        "SXZS-2025-009",
        "支持知识产权创造、保护和运用，高价值专利培育",
        title="高价值发明专利培育与转化奖励",
        category="ip",
        delivery="application",
        summary="有效发明专利 5 件以上的制造业企业，实施专利转化项目的给予奖励。",
        interpretation=(
            "重点支持产业链关键零部件专利，"
            "对转化实施成效显著的项目给予最高 30 万元奖励（演示数值）。"
        ),
        claim_who="省内制造业企业",
        claim_conditions="有效发明专利 5 件以上",
        rule={
            "all": [
                {"field": "industry", "op": "within", "value": "C"},
                {"field": "patents", "op": "ge", "value": 5},
            ]
        },
    ),
    _policy(
        "SXJC-2025-010",
        "搭建检验检测认证公共服务平台",
        title="小微企业检验检测费用减半",
        category="certification",
        delivery="automatic",
        summary="省内小型、微型企业在省级检验检测机构送检，检测费用减半收取。",
        interpretation="在收费环节直接减免，无需申请；按企业规模认定。",
        claim_who="省内小型、微型企业",
        claim_conditions="在省级检验检测机构送检",
        rule={
            "all": [
                {"field": "region", "op": "within", "value": "140000"},
                {"field": "scale", "op": "in", "value": ["small", "micro"]},
                {"field": "age_years", "op": "ge", "value": 1},
            ]
        },
    ),
)


def load_demo(*, say: Callable[[str], None]) -> dict[str, Any]:
    """Create or update the demo policies (published), then one full run if anything changed."""
    say("政策库 / policies …")
    counts = policies_import_items(items=list(DEMO_POLICIES), actor=None, queue_run=False)
    result: dict[str, Any] = {k: counts[k] for k in ("created", "updated", "unchanged")}
    ran_before = MatchRun.objects.filter(
        scope=MatchRun.Scope.FULL, state=MatchRun.State.SUCCEEDED
    ).exists()
    if counts["created"] or counts["updated"] or not ran_before:
        from qstrong.policies.matching import match_run

        say("政策匹配与推送 / matching and pushes …")
        run = match_run(push=True)
        result["run"] = {
            "eligible": run.eligible_count,
            "needs_data": run.needs_data_count,
            "pushes": run.pushes_count,
        }
    return result
