"""Validation errors of a rule, each naming the path to the bad part, in Chinese and English."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language

# code → (zh, en) templates; the placeholders are filled by RuleError.of.
MESSAGES: dict[str, tuple[str, str]] = {
    "not_object": (
        "应为条件或 all / any / not 组合",
        "expected a condition or an all / any / not group",
    ),
    "conflicting_keys": ("不能同时使用 {keys}", "cannot combine {keys}"),
    "unknown_key": ("未知的键 “{key}”", "unknown key “{key}”"),
    "missing_key": ("缺少 “{key}”", "“{key}” is missing"),
    "expected_list": ("应为列表", "expected a list"),
    "empty_list": ("列表不能为空", "expected a non-empty list"),
    "unknown_field": ("未知的字段 “{value}”", "unknown field “{value}”"),
    "unknown_op": ("未知的运算符 “{value}”", "unknown operator “{value}”"),
    "op_not_allowed": (
        "字段 “{field}” 不支持运算符 “{op}”",
        "operator “{op}” is not allowed for field “{field}”",
    ),
    "missing_value": ("缺少取值", "a value is required"),
    "unexpected_value": (
        "运算符 “{op}” 不取值（应省略或为 null）",
        "operator “{op}” takes no value (omit it or use null)",
    ),
    "expected_number": ("应为数字", "expected a number"),
    "expected_integer": ("应为整数", "expected an integer"),
    "out_of_range": (
        "数值超出范围（绝对值不超过 10^15）",
        "number out of range (at most 10^15 in absolute value)",
    ),
    "expected_string": ("应为非空字符串", "expected a non-empty string"),
    "expected_date": (
        "应为 ISO 8601 日期，如 2019-06-30",
        "expected an ISO 8601 date such as 2019-06-30",
    ),
    "expected_range": ("应为 [下限, 上限]", "expected [low, high]"),
    "bad_range": ("下限不能大于上限", "low must not be greater than high"),
    "bad_region": ("应为 6 位行政区划代码", "expected a 6-digit region code"),
    "bad_industry": (
        "应为国民经济行业代码，如 C、C27、C272、C2720",
        "expected an industry code such as C, C27, C272 or C2720",
    ),
    "unknown_choice": ("应为以下之一：{choices_zh}", "expected one of: {choices_en}"),
    "too_deep": ("嵌套层级过深（最多 {limit} 层）", "nested too deeply (at most {limit} levels)"),
}


@dataclass(frozen=True)
class RuleError:
    """One problem in a rule: where (``all[2].any[0].value``) and what, in both languages."""

    path: str
    message_zh: str
    message_en: str
    code: str

    @classmethod
    def of(cls, path: str, code: str, **params: object) -> RuleError:
        zh, en = MESSAGES[code]
        return cls(
            path=path, message_zh=zh.format(**params), message_en=en.format(**params), code=code
        )

    @property
    def message(self) -> str:
        """The message in the active Django language."""
        return self.message_en if (get_language() or "").startswith("en") else self.message_zh

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class RuleInvalid(ValueError):
    """Raised by evaluate / to_polars for an invalid rule; ``errors`` lists every problem."""

    def __init__(self, errors: list[RuleError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(error) for error in errors))
