"""Why a policy applies to an enterprise (or a calculator profile), as lines a reader follows.

A thin adapter over the rule engine (qstrong.policies.rules): the evaluated tree becomes indented
lines such as "从业人员 ≥ 20：是（实际 356）". Where the engine offers its own renderer
(explanation_lines, near_miss_text) it is used; otherwise the lines are rendered here, so the
portal never depends on more of the engine than evaluate / near_miss / missing_fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from qstrong.policies import rules as engine
from qstrong.policies.models import PolicyRule
from qstrong.registry.models import Industry, Region


@dataclass
class Line:
    depth: int
    text: str
    truth: str  # "true" | "false" | "unknown"


@dataclass
class Explanation:
    outcome: str  # "eligible" | "ineligible" | "needs_data"
    rule: PolicyRule
    lines: list[Line]
    near_miss: list[str] = field(default_factory=list)
    missing_fields: list[tuple[str, str]] = field(default_factory=list)  # (name, label)


def explain(
    *, rule: PolicyRule, profile: Mapping[str, Any], as_of: dt.date, labels: Labels | None = None
) -> Explanation:
    tree = engine.evaluate(rule.rule, profile, as_of=as_of)
    labels = labels or Labels.for_trees([tree])
    outcome = tree.truth.outcome
    near: list[str] = []
    if outcome == "ineligible":
        near = [
            condition_text(c, labels) for c in engine.near_miss(rule.rule, profile, as_of=as_of)
        ]
    missing = [(name, field_label(name)) for name in engine.missing_fields(tree)]
    return Explanation(
        outcome=outcome,
        rule=rule,
        lines=list(tree_lines(tree, labels)),
        near_miss=near,
        missing_fields=missing,
    )


# Rendering ------------------------------------------------------------------------------------


def _english() -> bool:
    return (get_language() or "").startswith("en")


def field_label(name: str) -> str:
    spec = engine.FIELDS.get(name)
    if spec is None:
        return name
    return spec.label_en if _english() else spec.label_zh


class Labels:
    """Names for the region and industry codes a tree mentions (one query per kind)."""

    def __init__(self, regions: Mapping[str, str], industries: Mapping[str, str]) -> None:
        self.regions = dict(regions)
        self.industries = dict(industries)

    @classmethod
    def for_trees(cls, trees: Iterable[Any]) -> Labels:
        codes: dict[str, set[str]] = {"region": set(), "industry": set()}
        for tree in trees:
            for node in tree.conditions():
                if node.field in codes:
                    for item in _as_list(node.value) + _as_list(node.actual):
                        if item:
                            codes[node.field].add(str(item))
        regions = Region.objects.filter(code__in=codes["region"]).values_list("code", "name")
        industries = Industry.objects.filter(code__in=codes["industry"]).values_list("code", "name")
        return cls(dict(regions), dict(industries))

    def code(self, field_name: str, code: str) -> str:
        names = self.regions if field_name == "region" else self.industries
        name = names.get(code)
        return f"{name}（{code}）" if name else code


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple | set) else [value]


def value_text(field_name: str, value: Any, labels: Labels) -> str:
    spec = engine.FIELDS.get(field_name)
    if isinstance(value, list | tuple):
        return "、".join(value_text(field_name, item, labels) for item in value) or _("无")
    if value is None:
        return _("未记录")
    if field_name in ("region", "industry"):
        return labels.code(field_name, str(value))
    if spec is not None:
        for choice, zh, en in spec.choices:
            if choice == value:
                return en if _english() else zh
        unit = spec.unit_en if _english() else spec.unit_zh
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if unit and isinstance(value, int | float):
            return f"{value} {unit}" if _english() else f"{value}{unit}"
    return str(value)


def condition_text(node: Any, labels: Labels) -> str:
    operator = engine.OPERATORS.get(node.op or "")
    op_label = (operator.label_en if _english() else operator.label_zh) if operator else node.op
    name = field_label(node.field or "")
    if node.op in ("is_set", "is_empty"):
        return f"{name} {op_label}"
    if node.op == "between" and isinstance(node.value, list) and len(node.value) == 2:
        low, high = (value_text(node.field, v, labels) for v in node.value)
        return f"{name} {op_label} {low} – {high}"
    return f"{name} {op_label} {value_text(node.field, node.value, labels)}"


TRUTH_WORDS = {
    "true": gettext_noop("是"),
    "false": gettext_noop("否"),
    "unknown": gettext_noop("待补充"),
}


def tree_lines(node: Any, labels: Labels, depth: int = 0) -> Iterable[Line]:
    truth = node.truth.value
    if node.kind == "condition":
        text = condition_text(node, labels)
        answer = _(TRUTH_WORDS[truth])
        if truth == "unknown":
            yield Line(
                depth, _("%(condition)s：%(answer)s（未记录）") % _parts(text, answer), truth
            )
        else:
            actual = value_text(node.field, node.actual, labels)
            yield Line(
                depth,
                _("%(condition)s：%(answer)s（实际 %(actual)s）")
                % {**_parts(text, answer), "actual": actual},
                truth,
            )
        return
    heading = {
        "all": _("同时满足以下全部条件"),
        "any": _("满足以下任一条件"),
        "not": _("不满足以下条件"),
    }[node.kind]
    yield Line(depth, f"{heading}：{_(TRUTH_WORDS[truth])}", truth)
    for child in node.children:
        yield from tree_lines(child, labels, depth + 1)


def _parts(text: str, answer: str) -> dict[str, str]:
    return {"condition": text, "answer": answer}
