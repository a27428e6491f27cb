"""validate_rule: every kind of error, with its exact path and message, all errors at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from qstrong.policies.rules import (
    RuleError,
    RuleInvalid,
    describe_rule,
    evaluate,
    to_polars,
    validate_rule,
)
from qstrong.policies.tests.rules.helpers import AS_OF

EMPLOYEES = {"field": "employees", "op": "ge", "value": 20}
EXAMPLE = {
    "all": [
        {"field": "region", "op": "within", "value": "140000"},
        {"field": "industry", "op": "within", "value": ["C27", "C15"]},
        {"field": "employees", "op": "ge", "value": 20},
        {"not": {"field": "certifications", "op": "contains", "value": "ISO9001"}},
        {
            "any": [
                {"field": "chain_roles", "op": "contains_any", "value": ["leader", "core"]},
                {"field": "towns", "op": "is_set"},
            ]
        },
    ]
}


def _one(rule: object) -> RuleError:
    errors = validate_rule(rule)
    assert len(errors) == 1, errors
    return errors[0]


def test_the_rules_md_example_is_valid() -> None:
    assert validate_rule(EXAMPLE) == []


@pytest.mark.parametrize(
    "rule",
    [
        {"field": "towns", "op": "is_set"},
        {"field": "towns", "op": "is_empty", "value": None},
        {"field": "revenue", "op": "between", "value": [100, 100.5]},
        {"field": "revenue", "op": "eq", "value": 3},
        {"field": "established", "op": "between", "value": ["2020-02-29", "2020-02-29"]},
        {"field": "region", "op": "within", "value": ["140000", "140121"]},
        {"field": "industry", "op": "in", "value": ["C", "C27", "C272", "C2720", "T"]},
        {"field": "certifications", "op": "contains", "value": "ISO-private-1"},
        {"not": {"not": EMPLOYEES}},
    ],
)
def test_valid_rules(rule: dict[str, Any]) -> None:
    assert validate_rule(rule) == []


# (rule, path, code, message_zh, message_en)
ERRORS: list[tuple[Any, str, str, str, str]] = [
    (
        5,
        "",
        "not_object",
        "应为条件或 all / any / not 组合",
        "expected a condition or an all / any / not group",
    ),
    (
        {},
        "",
        "not_object",
        "应为条件或 all / any / not 组合",
        "expected a condition or an all / any / not group",
    ),
    (
        {"all": [EMPLOYEES, "x"]},
        "all[1]",
        "not_object",
        "应为条件或 all / any / not 组合",
        "expected a condition or an all / any / not group",
    ),
    ({**EMPLOYEES, "note": "x"}, "note", "unknown_key", "未知的键 “note”", "unknown key “note”"),
    (
        {"all": [{"any": [{**EMPLOYEES, "Value": 1}]}]},
        "all[0].any[0].Value",
        "unknown_key",
        "未知的键 “Value”",
        "unknown key “Value”",
    ),
    (
        {"all": [EMPLOYEES], "any": [EMPLOYEES]},
        "",
        "conflicting_keys",
        "不能同时使用 all, any",
        "cannot combine all, any",
    ),
    (
        {"not": EMPLOYEES, "field": "employees"},
        "",
        "conflicting_keys",
        "不能同时使用 not, field",
        "cannot combine not, field",
    ),
    ({"op": "ge", "value": 1}, "field", "missing_key", "缺少 “field”", "“field” is missing"),
    ({"field": "employees", "value": 1}, "op", "missing_key", "缺少 “op”", "“op” is missing"),
    ({"all": EMPLOYEES}, "all", "expected_list", "应为列表", "expected a list"),
    ({"any": []}, "any", "empty_list", "列表不能为空", "expected a non-empty list"),
    (
        {"all": [{"any": []}]},
        "all[0].any",
        "empty_list",
        "列表不能为空",
        "expected a non-empty list",
    ),
    (
        {"field": "region", "op": "in", "value": []},
        "value",
        "empty_list",
        "列表不能为空",
        "expected a non-empty list",
    ),
    (
        {"field": "tags", "op": "contains_all", "value": []},
        "value",
        "empty_list",
        "列表不能为空",
        "expected a non-empty list",
    ),
    (
        {"field": "scale", "op": "in", "value": "small"},
        "value",
        "expected_list",
        "应为列表",
        "expected a list",
    ),
    (
        {"field": "staff", "op": "ge", "value": 1},
        "field",
        "unknown_field",
        "未知的字段 “staff”",
        "unknown field “staff”",
    ),
    (
        {"all": [EMPLOYEES, {"field": "employees", "op": "gte", "value": 1}]},
        "all[1].op",
        "unknown_op",
        "未知的运算符 “gte”",
        "unknown operator “gte”",
    ),
    (
        {"field": "scale", "op": "within", "value": "small"},
        "op",
        "op_not_allowed",
        "字段 “scale” 不支持运算符 “within”",
        "operator “within” is not allowed for field “scale”",
    ),
    (
        {"field": "employees", "op": "contains", "value": 1},
        "op",
        "op_not_allowed",
        "字段 “employees” 不支持运算符 “contains”",
        "operator “contains” is not allowed for field “employees”",
    ),
    (
        {"field": "established", "op": "ge", "value": "2019-01-01"},
        "op",
        "op_not_allowed",
        "字段 “established” 不支持运算符 “ge”",
        "operator “ge” is not allowed for field “established”",
    ),
    (
        {"field": "certifications", "op": "eq", "value": "ISO9001"},
        "op",
        "op_not_allowed",
        "字段 “certifications” 不支持运算符 “eq”",
        "operator “eq” is not allowed for field “certifications”",
    ),
    (
        {"field": "employees", "op": "ge"},
        "value",
        "missing_value",
        "缺少取值",
        "a value is required",
    ),
    (
        {"field": "employees", "op": "ge", "value": None},
        "value",
        "missing_value",
        "缺少取值",
        "a value is required",
    ),
    (
        {"field": "towns", "op": "is_set", "value": True},
        "value",
        "unexpected_value",
        "运算符 “is_set” 不取值（应省略或为 null）",
        "operator “is_set” takes no value (omit it or use null)",
    ),
    (
        {"field": "tags", "op": "is_empty", "value": []},
        "value",
        "unexpected_value",
        "运算符 “is_empty” 不取值（应省略或为 null）",
        "operator “is_empty” takes no value (omit it or use null)",
    ),
    (
        {"all": [{"any": [{"field": "revenue", "op": "ge", "value": "100"}]}]},
        "all[0].any[0].value",
        "expected_number",
        "应为数字",
        "expected a number",
    ),
    (
        {"field": "revenue", "op": "ge", "value": True},
        "value",
        "expected_number",
        "应为数字",
        "expected a number",
    ),
    (
        {"field": "employees", "op": "ge", "value": 20.5},
        "value",
        "expected_integer",
        "应为整数",
        "expected an integer",
    ),
    (
        {"field": "employees", "op": "ge", "value": 20.0},
        "value",
        "expected_integer",
        "应为整数",
        "expected an integer",
    ),
    (
        {"field": "patents", "op": "eq", "value": False},
        "value",
        "expected_integer",
        "应为整数",
        "expected an integer",
    ),
    (
        {"field": "age_years", "op": "ge", "value": "3"},
        "value",
        "expected_integer",
        "应为整数",
        "expected an integer",
    ),
    (
        {"field": "standards_led", "op": "between", "value": [1, 2.5]},
        "value[1]",
        "expected_integer",
        "应为整数",
        "expected an integer",
    ),
    (
        {"field": "employees", "op": "lt", "value": 10**16},
        "value",
        "out_of_range",
        "数值超出范围（绝对值不超过 10^15）",
        "number out of range (at most 10^15 in absolute value)",
    ),
    (
        {"field": "revenue", "op": "lt", "value": float("inf")},
        "value",
        "out_of_range",
        "数值超出范围（绝对值不超过 10^15）",
        "number out of range (at most 10^15 in absolute value)",
    ),
    (
        {"field": "certifications", "op": "contains", "value": ""},
        "value",
        "expected_string",
        "应为非空字符串",
        "expected a non-empty string",
    ),
    (
        {"field": "tags", "op": "contains_any", "value": ["high_tech", 3]},
        "value[1]",
        "expected_string",
        "应为非空字符串",
        "expected a non-empty string",
    ),
    (
        {"field": "established", "op": "before", "value": "2019/06/30"},
        "value",
        "expected_date",
        "应为 ISO 8601 日期，如 2019-06-30",
        "expected an ISO 8601 date such as 2019-06-30",
    ),
    (
        {"field": "established", "op": "after", "value": "2019-02-29"},
        "value",
        "expected_date",
        "应为 ISO 8601 日期，如 2019-06-30",
        "expected an ISO 8601 date such as 2019-06-30",
    ),
    (
        {"field": "established", "op": "after", "value": "20190630"},
        "value",
        "expected_date",
        "应为 ISO 8601 日期，如 2019-06-30",
        "expected an ISO 8601 date such as 2019-06-30",
    ),
    (
        {"field": "established", "op": "between", "value": ["2019-01-01", 2020]},
        "value[1]",
        "expected_date",
        "应为 ISO 8601 日期，如 2019-06-30",
        "expected an ISO 8601 date such as 2019-06-30",
    ),
    (
        {"field": "employees", "op": "between", "value": [1]},
        "value",
        "expected_range",
        "应为 [下限, 上限]",
        "expected [low, high]",
    ),
    (
        {"field": "employees", "op": "between", "value": 5},
        "value",
        "expected_range",
        "应为 [下限, 上限]",
        "expected [low, high]",
    ),
    (
        {"field": "employees", "op": "between", "value": [1, 2, 3]},
        "value",
        "expected_range",
        "应为 [下限, 上限]",
        "expected [low, high]",
    ),
    (
        {"field": "employees", "op": "between", "value": [50, 20]},
        "value",
        "bad_range",
        "下限不能大于上限",
        "low must not be greater than high",
    ),
    (
        {"field": "established", "op": "between", "value": ["2020-01-02", "2020-01-01"]},
        "value",
        "bad_range",
        "下限不能大于上限",
        "low must not be greater than high",
    ),
    (
        {"field": "region", "op": "eq", "value": "1401"},
        "value",
        "bad_region",
        "应为 6 位行政区划代码",
        "expected a 6-digit region code",
    ),
    (
        {"field": "region", "op": "eq", "value": 140121},
        "value",
        "bad_region",
        "应为 6 位行政区划代码",
        "expected a 6-digit region code",
    ),
    (
        {"field": "region", "op": "within", "value": ["140000", "14"]},
        "value[1]",
        "bad_region",
        "应为 6 位行政区划代码",
        "expected a 6-digit region code",
    ),
    (
        {"field": "region", "op": "eq", "value": "140121\n"},
        "value",
        "bad_region",
        "应为 6 位行政区划代码",
        "expected a 6-digit region code",
    ),
    (
        {"field": "industry", "op": "within", "value": "C2"},
        "value",
        "bad_industry",
        "应为国民经济行业代码，如 C、C27、C272、C2720",
        "expected an industry code such as C, C27, C272 or C2720",
    ),
    (
        {"field": "industry", "op": "eq", "value": "c27"},
        "value",
        "bad_industry",
        "应为国民经济行业代码，如 C、C27、C272、C2720",
        "expected an industry code such as C, C27, C272 or C2720",
    ),
    (
        {"field": "industry", "op": "in", "value": ["C27", "U"]},
        "value[1]",
        "bad_industry",
        "应为国民经济行业代码，如 C、C27、C272、C2720",
        "expected an industry code such as C, C27, C272 or C2720",
    ),
    (
        {"field": "industry", "op": "eq", "value": "C27201"},
        "value",
        "bad_industry",
        "应为国民经济行业代码，如 C、C27、C272、C2720",
        "expected an industry code such as C, C27, C272 or C2720",
    ),
    (
        {"field": "scale", "op": "eq", "value": "tiny"},
        "value",
        "unknown_choice",
        "应为以下之一：large、medium、small、micro",
        "expected one of: large, medium, small, micro",
    ),
    (
        {"field": "credit_rating", "op": "in", "value": ["A", "E"]},
        "value[1]",
        "unknown_choice",
        "应为以下之一：A、B、C、D",
        "expected one of: A, B, C, D",
    ),
    (
        {"field": "chain_roles", "op": "contains", "value": "chief"},
        "value",
        "unknown_choice",
        "应为以下之一：leader、core、backbone、supplier",
        "expected one of: leader, core, backbone, supplier",
    ),
]


@pytest.mark.parametrize(
    ("rule", "path", "code", "zh", "en"), ERRORS, ids=[case[2] for case in ERRORS]
)
def test_error_path_and_message(rule: object, path: str, code: str, zh: str, en: str) -> None:
    assert _one(rule) == RuleError(path=path, message_zh=zh, message_en=en, code=code)


def test_every_error_code_is_tested() -> None:
    from qstrong.policies.rules.errors import MESSAGES

    assert {case[2] for case in ERRORS} | {"too_deep"} == set(MESSAGES)


def test_too_deep() -> None:
    rule: object = EMPLOYEES
    for _ in range(40):
        rule = {"not": rule}
    error = _one(rule)
    assert (error.code, error.path) == ("too_deep", ".".join(["not"] * 32))
    assert error.message_zh == "嵌套层级过深（最多 32 层）"


def test_all_errors_are_collected_in_document_order() -> None:
    rule = {
        "all": [
            {"field": "employees", "op": "ge", "value": True},
            {"any": []},
            {"field": "x", "op": "y"},
            {"not": {"field": "region", "op": "within", "value": ["14", "140000", "1407"]}},
        ],
        "foo": 1,
    }
    assert [(error.path, error.code) for error in validate_rule(rule)] == [
        ("foo", "unknown_key"),
        ("all[0].value", "expected_integer"),
        ("all[1].any", "empty_list"),
        ("all[2].field", "unknown_field"),
        ("all[2].op", "unknown_op"),
        ("all[3].not.value[0]", "bad_region"),
        ("all[3].not.value[2]", "bad_region"),
    ]


def test_message_and_str_follow_the_active_language() -> None:
    error = _one({"all": [EMPLOYEES, {"field": "revenue", "op": "ge", "value": "a"}]})
    with translation.override("zh-hans"):
        assert str(error) == "all[1].value: 应为数字"
    with translation.override("en"):
        assert str(error) == "all[1].value: expected a number"
        assert error.message == "expected a number"


@pytest.mark.parametrize(
    "use",
    [
        lambda rule: evaluate(rule, {}, as_of=AS_OF),
        lambda rule: to_polars(rule, as_of=AS_OF),
        lambda rule: describe_rule(rule),
    ],
    ids=["evaluate", "to_polars", "describe_rule"],
)
def test_invalid_rules_raise_rule_invalid(use: Any) -> None:
    with pytest.raises(RuleInvalid) as raised:
        use({"any": [], "field": "employees"})
    assert [error.code for error in raised.value.errors] == ["conflicting_keys", "empty_list"]
