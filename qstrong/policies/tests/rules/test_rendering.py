"""Plain-language rendering: describe_rule, explanation_lines, near_miss_text, labels."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.utils import translation

from qstrong.policies.rules import (
    CodeLabels,
    db_labels,
    describe_condition,
    describe_rule,
    evaluate,
    explanation_lines,
    near_miss,
    near_miss_text,
)
from qstrong.policies.tests.rules.helpers import AS_OF, condition
from qstrong.policies.tests.rules.test_validation import EXAMPLE
from qstrong.registry.tests.factories import ChainFactory, TownFactory

LABELS = CodeLabels(
    regions={"140000": "山西省", "140121": "清徐县"},
    industries={"C27": "医药制造业", "C15": "酒、饮料和精制茶制造业", "C2720": "化学药品制剂制造"},
    chains={"aluminium": "铝产业链"},
    towns={"qingxu-vinegar": "清徐精品醋专业镇"},
)
PROFILE = {
    "region": "140121",
    "industry": "C2720",
    "employees": 356,
    "certifications": None,
    "chain_roles": [],
    "towns": ["qingxu-vinegar"],
}


@pytest.fixture
def chinese() -> Iterator[None]:
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_describe_rule_in_chinese(chinese: None) -> None:
    assert describe_rule(EXAMPLE, labels=LABELS) == (
        "同时满足：地区位于 山西省（140000）；行业位于 C27 医药制造业、C15 酒、饮料和精制茶制造业；"
        "从业人员 ≥ 20；（并非：认证包含 ISO9001）；"
        "（满足其一：链上角色包含任一 链主、链核；所属专业镇至少有一项）"
    )


def test_describe_rule_in_english(english: None) -> None:
    assert describe_rule(EXAMPLE, labels=LABELS) == (
        "All of: Region within 山西省 (140000); "
        "Industry within C27 医药制造业, C15 酒、饮料和精制茶制造业; "
        "Employees ≥ 20; (Not: Certifications includes ISO9001); "
        "(Any of: Chain roles includes any of Chain leader, Chain core; "
        "Specialty towns has at least one entry)"
    )


def test_codes_without_labels_render_as_codes(chinese: None) -> None:
    assert describe_rule(condition("region", "within", "140700")) == "地区位于 140700"


@pytest.mark.parametrize(
    ("node", "zh", "en"),
    [
        (("employees", "ge", 20), "从业人员 ≥ 20", "Employees ≥ 20"),
        (
            ("registered_capital", "lt", 500.25),
            "注册资本 < 500.25 万元",
            "Registered capital < 500.25 ×10k CNY",
        ),
        (
            ("revenue", "between", [100, 2000.0]),
            "营业收入介于 100 至 2000 万元",
            "Revenue between 100 and 2000 ×10k CNY",
        ),
        (
            ("established", "between", ["2019-01-01", "2020-12-31"]),
            "成立日期介于 2019-01-01 至 2020-12-31",
            "Date established between 2019-01-01 and 2020-12-31",
        ),
        (
            ("established", "before", "2019-06-30"),
            "成立日期早于 2019-06-30",
            "Date established before 2019-06-30",
        ),
        (("age_years", "ge", 3), "成立年限 ≥ 3", "Years since establishment ≥ 3"),
        (
            ("scale", "in", ["small", "micro"]),
            "企业规模属于 小型、微型",
            "Enterprise scale is one of Small, Micro",
        ),
        (("credit_rating", "ne", "D"), "信用等级 ≠ D", "Credit rating ≠ D"),
        (
            ("region", "not_in", ["140121"]),
            "地区不属于 清徐县（140121）",
            "Region is not one of 清徐县 (140121)",
        ),
        (
            ("chains", "contains_all", ["aluminium", "x"]),
            "所属产业链包含全部 铝产业链、x",
            "Chains includes all of 铝产业链, x",
        ),
        (
            ("tags", "contains_any", ["high_tech", "little_giant"]),
            "资质标签包含任一 高新技术企业、小巨人",
            "Tags includes any of High-tech enterprise, Little giant",
        ),
        (
            ("towns", "contains", "qingxu-vinegar"),
            "所属专业镇包含 清徐精品醋专业镇",
            "Specialty towns includes 清徐精品醋专业镇",
        ),
        (
            ("towns", "is_set", None),
            "所属专业镇至少有一项",
            "Specialty towns has at least one entry",
        ),
        (("tags", "is_empty", None), "资质标签为空或无记录", "Tags is empty or not recorded"),
        (("patents", "is_set", None), "有效发明专利已填写", "Valid invention patents is recorded"),
        (
            ("patents", "is_empty", None),
            "有效发明专利未填写",
            "Valid invention patents is not recorded",
        ),
    ],
)
def test_describe_condition(node: tuple[str, str, Any], zh: str, en: str) -> None:
    with translation.override("zh-hans"):
        assert describe_condition(*node, labels=LABELS) == zh
    with translation.override("en"):
        assert describe_condition(*node, labels=LABELS) == en


def _lines(rule: object, profile: dict[str, Any]) -> list[tuple[int, str]]:
    tree = evaluate(rule, profile, as_of=AS_OF)
    return [(line.depth, line.text) for line in explanation_lines(tree, labels=LABELS)]


def test_explanation_lines_in_chinese(chinese: None) -> None:
    assert _lines(EXAMPLE, PROFILE) == [
        (0, "同时满足以下全部条件：未知"),
        (1, "地区位于 山西省（140000）：是（实际 清徐县（140121））"),
        (
            1,
            "行业位于 C27 医药制造业、C15 酒、饮料和精制茶制造业："
            "是（实际 C2720 化学药品制剂制造）",
        ),
        (1, "从业人员 ≥ 20：是（实际 356）"),
        (1, "不满足以下条件：未知"),
        (2, "认证包含 ISO9001：未知（无记录）"),
        (1, "满足以下任一条件：是"),
        (2, "链上角色包含任一 链主、链核：否（实际 无）"),
        (2, "所属专业镇至少有一项：是（实际 清徐精品醋专业镇）"),
    ]


def test_explanation_lines_in_english(english: None) -> None:
    lines = _lines(EXAMPLE, {**PROFILE, "certifications": ["ISO9001", "HACCP"]})
    assert lines[0] == (0, "All of the following: No")
    assert lines[3] == (1, "Employees ≥ 20: Yes (actual 356)")
    assert lines[4:6] == [
        (1, "None of the following: No"),
        (2, "Certifications includes ISO9001: Yes (actual ISO9001, HACCP)"),
    ]


def test_explanation_line_fields(chinese: None) -> None:
    tree = evaluate({"any": [condition("revenue", "ge", 1000)]}, {"revenue": 1234.5}, as_of=AS_OF)
    first, second = explanation_lines(tree)
    assert (first.kind, first.path, first.truth.value) == ("any", "", "true")
    assert (second.kind, second.path, second.text) == (
        "condition",
        "any[0]",
        "营业收入 ≥ 1000 万元：是（实际 1234.5 万元）",
    )


def test_age_is_explained_with_the_computed_years(chinese: None) -> None:
    assert _lines(condition("age_years", "ge", 3), {"established": date(2022, 7, 1)}) == [
        (0, "成立年限 ≥ 3：否（实际 1）")
    ]


# (rule, profile, zh, en): the near miss of an ineligible enterprise
NEAR_MISSES: list[tuple[Any, dict[str, Any], str, str]] = [
    (
        condition("certifications", "contains", "ISO9001"),
        {"certifications": []},
        "缺少 ISO9001 认证",
        "missing ISO9001 certification",
    ),
    (
        condition("certifications", "contains_any", ["ISO9001", "HACCP"]),
        {"certifications": ["ISO14001"]},
        "缺少 ISO9001 或 HACCP 认证",
        "missing ISO9001 or HACCP certification",
    ),
    (
        condition("certifications", "contains_all", ["ISO9001", "HACCP"]),
        {"certifications": ["HACCP"]},
        "缺少 ISO9001 认证",
        "missing ISO9001 certification",
    ),
    (
        condition("tags", "contains", "high_tech"),
        {"tags": []},
        "缺少 高新技术企业 标签",
        "missing the High-tech enterprise tag",
    ),
    (
        condition("employees", "ge", 20),
        {"employees": 12},
        "从业人员需 ≥ 20（实际 12）",
        "Employees must satisfy “≥ 20” (actual 12)",
    ),
    (
        condition("revenue", "ge", 2000),
        {"revenue": 1500.5},
        "营业收入需 ≥ 2000 万元（实际 1500.5 万元）",
        "Revenue must satisfy “≥ 2000 ×10k CNY” (actual 1500.5 ×10k CNY)",
    ),
    (
        condition("region", "within", "140000"),
        {"region": "150102"},
        "地区需位于 山西省（140000）（实际 150102）",
        "Region must satisfy “within 山西省 (140000)” (actual 150102)",
    ),
    (
        condition("chain_roles", "contains_any", ["leader", "core"]),
        {},
        "链上角色需包含任一 链主、链核（实际 无）",
        "Chain roles must satisfy “includes any of Chain leader, Chain core” (actual None)",
    ),
    (
        condition("towns", "is_set"),
        {},
        "所属专业镇需至少有一项（实际 无）",
        "Specialty towns must satisfy “has at least one entry” (actual None)",
    ),
    (
        condition("established", "before", "2019-06-30"),
        {"established": date(2020, 1, 1)},
        "成立日期需早于 2019-06-30（实际 2020-01-01）",
        "Date established must satisfy “before 2019-06-30” (actual 2020-01-01)",
    ),
    (
        {"not": condition("scale", "eq", "large")},
        {"scale": "large"},
        "需不满足：企业规模 = 大型（实际 大型）",
        "must not hold: Enterprise scale = Large (actual Large)",
    ),
]


@pytest.mark.parametrize(
    ("rule", "profile", "zh", "en"), NEAR_MISSES, ids=[case[2] for case in NEAR_MISSES]
)
def test_near_miss_text(rule: object, profile: dict[str, Any], zh: str, en: str) -> None:
    missed = near_miss(rule, profile, as_of=AS_OF)
    with translation.override("zh-hans"):
        assert near_miss_text(missed, labels=LABELS) == zh
    with translation.override("en"):
        assert near_miss_text(missed, labels=LABELS) == en


def test_near_miss_text_joins_two_conditions(chinese: None) -> None:
    profile = {**PROFILE, "employees": 12, "certifications": ["ISO9001"], "towns": []}
    rule = {
        "all": [condition("employees", "ge", 20), condition("certifications", "contains", "HACCP")]
    }
    missed = near_miss(rule, profile, as_of=AS_OF)
    assert near_miss_text(missed) == "从业人员需 ≥ 20（实际 12）；缺少 HACCP 认证"


@pytest.mark.django_db
def test_db_labels_name_codes_from_the_registry(
    chinese: None, django_assert_num_queries: Any
) -> None:
    ChainFactory(code="aluminium", name="铝产业链")
    TownFactory(code="qingxu-vinegar", name="清徐精品醋专业镇")
    labels = db_labels()
    rule = {
        "all": [
            condition("region", "within", "140000"),
            condition("industry", "within", "C27"),
            condition("chains", "contains", "aluminium"),
            condition("towns", "contains", "qingxu-vinegar"),
        ]
    }
    expected = (
        "同时满足：地区位于 山西省（140000）；行业位于 C27 医药制造业；"
        "所属产业链包含 铝产业链；所属专业镇包含 清徐精品醋专业镇"
    )
    # one query per table on first use, none afterwards
    with django_assert_num_queries(4):
        assert describe_rule(rule, labels=labels) == expected
    with django_assert_num_queries(0):
        assert describe_rule(rule, labels=labels) == expected
