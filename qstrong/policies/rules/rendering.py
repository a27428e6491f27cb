"""Rules and their evaluations in plain language (Chinese by default, English when active)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from qstrong.policies.rules.evaluation import Explained, Truth, as_list, check_rule
from qstrong.policies.rules.i18n import english, pick, tr
from qstrong.policies.rules.labels import CodeLabels
from qstrong.policies.rules.spec import FIELDS, OPERATORS, PRESENCE_OPS

SYMBOL_OPS = ("eq", "ne", "lt", "le", "gt", "ge")
# Sets whose near miss reads "缺少 … 认证 / 标签": the items still to obtain.
CERTIFICATION_LIKE = {"certifications": "缺少 %(items)s 认证", "tags": "缺少 %(items)s 标签"}


@dataclass(frozen=True)
class ExplanationLine:
    """One line of an explanation: indentation depth, the sentence, and the node's outcome."""

    depth: int
    text: str
    truth: Truth
    kind: str
    path: str


def describe_rule(rule: object, *, labels: CodeLabels | None = None) -> str:
    """The whole rule as one sentence; raises RuleInvalid for a bad rule."""
    check_rule(rule)
    return _describe(rule, labels or CodeLabels(), nested=False)  # type: ignore[arg-type]


def _describe(node: dict[str, Any], labels: CodeLabels, *, nested: bool) -> str:
    if "field" in node:
        return describe_condition(node["field"], node["op"], node.get("value"), labels=labels)
    if "not" in node:
        text = tr("并非：") + _describe(node["not"], labels, nested=True)
    else:
        kind = "all" if "all" in node else "any"
        parts = [_describe(child, labels, nested=True) for child in node[kind]]
        text = tr("同时满足：" if kind == "all" else "满足其一：") + tr("；").join(parts)
    return tr("（%(inner)s）", inner=text) if nested else text


def describe_condition(field: str, op: str, value: Any, *, labels: CodeLabels | None = None) -> str:
    """One condition, e.g. ``从业人员 ≥ 20``, ``地区位于 山西省（140000）``."""
    spec = FIELDS[field]
    label = pick(spec.label_zh, spec.label_en)
    return _join_subject(label, _predicate(field, op, value, labels or CodeLabels()))


def _join_subject(label: str, predicate: str) -> str:
    # Chinese: "从业人员 ≥ 20", "地区位于 …" (predicates carry their leading space).
    return f"{label} {predicate.lstrip()}" if english() else f"{label}{predicate}"


PRESENCE = {
    (True, "is_set"): "至少有一项",
    (True, "is_empty"): "为空或无记录",
    (False, "is_set"): "已填写",
    (False, "is_empty"): "未填写",
}


def _predicate(field: str, op: str, value: Any, labels: CodeLabels) -> str:
    """What the condition says of the field: `` ≥ 20``, ``位于 山西省（140000）``, ``已填写``."""
    if op in PRESENCE_OPS:
        return tr(PRESENCE[(FIELDS[field].kind == "set", op)])
    spec = OPERATORS[op]
    if op == "between":
        low, high = (value_text(field, item, labels) for item in value)
        shown = tr("%(low)s 至 %(high)s", low=low, high=high)
    else:
        shown = tr("、").join(value_text(field, item, labels) for item in as_list(value))
    operator = pick(spec.label_zh, spec.label_en)
    leading = " " if op in SYMBOL_OPS else ""
    return f"{leading}{operator} {shown}{unit(field)}"


def unit(field: str) -> str:
    """The unit shown after amounts: only 万元, where a bare number would mislead."""
    spec = FIELDS[field]
    return f" {pick(spec.unit_zh, spec.unit_en)}" if spec.unit_zh == "万元" else ""


def value_text(field: str, value: Any, labels: CodeLabels | None = None) -> str:
    """One value as people read it: names for codes and choices, plain numbers."""
    spec = FIELDS[field]
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, date):
        return value.isoformat()
    code = str(value)
    for choice, zh, en in spec.choices:
        if choice == code:
            return pick(zh, en)
    name = (labels or CodeLabels()).name(field, code)
    if name is None:
        return code
    if field == "industry":
        return f"{code} {name}"
    if field == "region":
        return tr("%(name)s（%(code)s）", name=name, code=code)
    return name


def actual_text(field: str, actual: Any, labels: CodeLabels | None = None) -> str:
    """The enterprise's value: ``无记录`` when unknown, ``无`` for a recorded empty set."""
    if actual is None:
        return tr("无记录")
    if isinstance(actual, list):
        return tr("、").join(value_text(field, item, labels) for item in actual) or tr("无")
    return value_text(field, actual, labels) + unit(field)


def _number(value: int | float) -> str:
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


VERDICTS = {Truth.TRUE: "是", Truth.FALSE: "否", Truth.UNKNOWN: "未知"}
GROUPS = {"all": "同时满足以下全部条件", "any": "满足以下任一条件", "not": "不满足以下条件"}


def explanation_lines(
    explained: Explained, *, labels: CodeLabels | None = None
) -> list[ExplanationLine]:
    """The evaluated tree as indented lines, e.g. ``从业人员 ≥ 20：是（实际 356）``."""
    lines: list[ExplanationLine] = []
    _lines(explained, 0, labels or CodeLabels(), lines)
    return lines


def _lines(node: Explained, depth: int, labels: CodeLabels, out: list[ExplanationLine]) -> None:
    verdict = tr(VERDICTS[node.truth])
    if node.kind == "condition" and node.field is not None and node.op is not None:
        condition = describe_condition(node.field, node.op, node.value, labels=labels)
        if node.actual is None:
            text = tr(
                "%(condition)s：%(verdict)s（%(actual)s）",
                condition=condition,
                verdict=verdict,
                actual=tr("无记录"),
            )
        else:
            actual = actual_text(node.field, node.actual, labels)
            text = tr(
                "%(condition)s：%(verdict)s（实际 %(actual)s）",
                condition=condition,
                verdict=verdict,
                actual=actual,
            )
    else:
        text = tr("%(group)s：%(verdict)s", group=tr(GROUPS[node.kind]), verdict=verdict)
    out.append(ExplanationLine(depth, text, node.truth, node.kind, node.path))
    for child in node.children:
        _lines(child, depth + 1, labels, out)


def near_miss_text(conditions: list[Explained], *, labels: CodeLabels | None = None) -> str:
    """What would have to change, e.g. ``缺少 ISO9001 认证；从业人员需 ≥ 20（实际 12）``."""
    resolved = labels or CodeLabels()
    return tr("；").join(_requirement(condition, resolved) for condition in conditions)


def _requirement(node: Explained, labels: CodeLabels) -> str:
    field, op = node.field or "", node.op or ""
    actual = actual_text(field, node.actual, labels)
    condition = describe_condition(field, op, node.value, labels=labels)
    if node.truth is Truth.TRUE:
        # Under a "not": this condition holds and must stop holding.
        return tr("需不满足：%(condition)s（实际 %(actual)s）", condition=condition, actual=actual)
    if field in CERTIFICATION_LIKE and op in ("contains", "contains_any", "contains_all"):
        return _missing_items(node, labels)
    spec = FIELDS[field]
    predicate = _predicate(field, op, node.value, labels)
    return tr(
        "%(field)s需%(requirement)s（实际 %(actual)s）",
        field=pick(spec.label_zh, spec.label_en),
        requirement=predicate.lstrip() if english() else predicate,
        actual=actual,
    )


def _missing_items(node: Explained, labels: CodeLabels) -> str:
    field = node.field or ""
    held = set(node.actual or [])
    wanted = [item for item in as_list(node.value) if item not in held]
    names = [value_text(field, item, labels) for item in wanted]
    joiner = f" {tr('或')} " if node.op == "contains_any" else tr("、")
    return tr(CERTIFICATION_LIKE[field], items=joiner.join(names))
