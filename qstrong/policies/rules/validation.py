"""validate_rule: every problem of a rule document, each with the path to the bad part."""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from qstrong.policies.rules.errors import RuleError
from qstrong.policies.rules.spec import FIELDS, MAX_DEPTH, NUMBER_LIMIT, OPERATORS, FieldSpec

REGION_RE = re.compile(r"^\d{6}$")
INDUSTRY_RE = re.compile(r"^[A-T](\d{2}|\d{3}|\d{4})?$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
GROUPS = ("all", "any", "not")
CONDITION_KEYS = ("field", "op", "value")


def join(path: str, key: str) -> str:
    """The path of ``key`` under ``path`` (the root's path is the empty string)."""
    return f"{path}.{key}" if path else key


def validate_rule(rule: object) -> list[RuleError]:
    """All problems of ``rule`` (not just the first), in document order; [] when it is valid."""
    errors: list[RuleError] = []
    _node(rule, "", 1, errors)
    return errors


def _node(node: object, path: str, depth: int, errors: list[RuleError]) -> None:
    if depth > MAX_DEPTH:
        errors.append(RuleError.of(path, "too_deep", limit=MAX_DEPTH))
        return
    if not isinstance(node, dict):
        errors.append(RuleError.of(path, "not_object"))
        return
    groups = [key for key in GROUPS if key in node]
    condition = [key for key in CONDITION_KEYS if key in node]
    for key in node:
        if key not in GROUPS and key not in CONDITION_KEYS:
            errors.append(RuleError.of(join(path, str(key)), "unknown_key", key=key))
    if not groups and not condition:
        errors.append(RuleError.of(path, "not_object"))
        return
    if len(groups) > 1 or (groups and condition):
        errors.append(RuleError.of(path, "conflicting_keys", keys=", ".join(groups + condition)))
    for key in groups:
        if key == "not":
            _node(node["not"], join(path, "not"), depth + 1, errors)
        else:
            _group(node[key], join(path, key), depth, errors)
    if condition and not groups:
        _condition(node, path, errors)


def _group(items: object, path: str, depth: int, errors: list[RuleError]) -> None:
    if not isinstance(items, list):
        errors.append(RuleError.of(path, "expected_list"))
    elif not items:
        errors.append(RuleError.of(path, "empty_list"))
    else:
        for index, item in enumerate(items):
            _node(item, f"{path}[{index}]", depth + 1, errors)


def _condition(node: dict[str, Any], path: str, errors: list[RuleError]) -> None:
    spec = None
    if "field" not in node:
        errors.append(RuleError.of(join(path, "field"), "missing_key", key="field"))
    elif not isinstance(node["field"], str) or node["field"] not in FIELDS:
        errors.append(RuleError.of(join(path, "field"), "unknown_field", value=node["field"]))
    else:
        spec = FIELDS[node["field"]]
    op = node.get("op")
    if "op" not in node:
        errors.append(RuleError.of(join(path, "op"), "missing_key", key="op"))
        return
    if not isinstance(op, str) or op not in OPERATORS:
        errors.append(RuleError.of(join(path, "op"), "unknown_op", value=op))
        return
    if spec is None:
        return
    if op not in spec.ops:
        errors.append(RuleError.of(join(path, "op"), "op_not_allowed", field=spec.name, op=op))
        return
    _value(spec, op, node, join(path, "value"), errors)


def _value(
    spec: FieldSpec, op: str, node: dict[str, Any], path: str, errors: list[RuleError]
) -> None:
    value = node.get("value")
    kind = OPERATORS[op].value_kind
    if kind == "none":
        if value is not None:
            errors.append(RuleError.of(path, "unexpected_value", op=op))
        return
    if value is None:
        errors.append(RuleError.of(path, "missing_value"))
    elif kind == "one" or (kind == "one_or_list" and not isinstance(value, list)):
        _scalar(spec, value, path, errors)
    elif kind in ("list", "one_or_list"):
        if not isinstance(value, list):
            errors.append(RuleError.of(path, "expected_list"))
        elif not value:
            errors.append(RuleError.of(path, "empty_list"))
        else:
            for index, item in enumerate(value):
                _scalar(spec, item, f"{path}[{index}]", errors)
    else:
        _range(spec, value, path, errors)


def _range(spec: FieldSpec, value: object, path: str, errors: list[RuleError]) -> None:
    if not isinstance(value, list) or len(value) != 2:
        errors.append(RuleError.of(path, "expected_range"))
        return
    ok_low = _scalar(spec, value[0], f"{path}[0]", errors)
    ok_high = _scalar(spec, value[1], f"{path}[1]", errors)
    if ok_low and ok_high and _ordered(spec, value[0]) > _ordered(spec, value[1]):
        errors.append(RuleError.of(path, "bad_range"))


def _ordered(spec: FieldSpec, value: Any) -> Any:
    return date.fromisoformat(value) if spec.kind == "date" else value


def _scalar(spec: FieldSpec, value: object, path: str, errors: list[RuleError]) -> bool:
    """Check one value against the field's type; True when it is fine."""
    code = _scalar_problem(spec, value)
    if code is None:
        return True
    if code == "unknown_choice":
        values = spec.choice_values()
        errors.append(
            RuleError.of(path, code, choices_zh="、".join(values), choices_en=", ".join(values))
        )
    else:
        errors.append(RuleError.of(path, code))
    return False


def _scalar_problem(spec: FieldSpec, value: object) -> str | None:
    kind = spec.kind
    if kind in ("int", "number"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "expected_integer" if kind == "int" else "expected_number"
        if kind == "int" and not isinstance(value, int):
            return "expected_integer"
        if not math.isfinite(value) or abs(value) > NUMBER_LIMIT:
            return "out_of_range"
        return None
    if kind == "date":
        return None if isinstance(value, str) and _is_date(value) else "expected_date"
    if kind == "region":
        return None if isinstance(value, str) and REGION_RE.fullmatch(value) else "bad_region"
    if kind == "industry":
        return None if isinstance(value, str) and INDUSTRY_RE.fullmatch(value) else "bad_industry"
    if not isinstance(value, str) or (not value and not spec.closed):
        return "expected_string"
    if spec.closed and value not in spec.choice_values():
        return "unknown_choice"
    return None


def _is_date(value: str) -> bool:
    if not DATE_RE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True
