"""Evaluating a rule for one enterprise: Kleene logic, the explanation tree, near misses."""

from __future__ import annotations

import dataclasses
import enum
import operator
from collections.abc import Iterator, Mapping
from datetime import date
from itertools import combinations
from typing import Any

from qstrong.policies.rules.errors import RuleInvalid
from qstrong.policies.rules.profile import age_in_years, normalise_profile
from qstrong.policies.rules.spec import DERIVED_FROM, FIELDS
from qstrong.policies.rules.validation import join, validate_rule


class Truth(enum.Enum):
    """The three values of Kleene logic; for a whole rule: eligible, ineligible, needs data."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"

    @property
    def outcome(self) -> str:
        return {"true": "eligible", "false": "ineligible", "unknown": "needs_data"}[self.value]

    @property
    def as_bool(self) -> bool | None:
        """True / False / None, as a Polars Boolean column holds it."""
        return None if self is Truth.UNKNOWN else self is Truth.TRUE

    @classmethod
    def of(cls, value: bool | None) -> Truth:
        return cls.UNKNOWN if value is None else cls.TRUE if value else cls.FALSE

    def __invert__(self) -> Truth:
        return Truth.of(None if self is Truth.UNKNOWN else self is not Truth.TRUE)


def truth_all(parts: list[Truth]) -> Truth:
    if Truth.FALSE in parts:
        return Truth.FALSE
    return Truth.UNKNOWN if Truth.UNKNOWN in parts else Truth.TRUE


def truth_any(parts: list[Truth]) -> Truth:
    if Truth.TRUE in parts:
        return Truth.TRUE
    return Truth.UNKNOWN if Truth.UNKNOWN in parts else Truth.FALSE


@dataclasses.dataclass
class Explained:
    """One node of an evaluated rule: its outcome; for a condition also the actual value."""

    kind: str  # "all" | "any" | "not" | "condition"
    path: str
    truth: Truth
    children: list[Explained] = dataclasses.field(default_factory=list)
    field: str | None = None
    op: str | None = None
    value: Any = None
    actual: Any = None  # None when unknown; for age_years the computed age

    def conditions(self) -> Iterator[Explained]:
        """The condition leaves under this node, in document order."""
        if self.kind == "condition":
            yield self
        for child in self.children:
            yield from child.conditions()


ORDERINGS = {
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "before": operator.lt,
    "after": operator.gt,
}


def within_prefix(field: str, code: str) -> str | None:
    """The prefix a ``within`` value covers: 140000 → 14, 140700 → 1407, C27 → C27.

    None for a county code, which covers itself only (equality, not a prefix).
    """
    if field != "region":
        return code
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return None


def is_within(field: str, actual: str, code: str) -> bool:
    prefix = within_prefix(field, code)
    return actual == code if prefix is None else actual.startswith(prefix)


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def check_rule(rule: object) -> None:
    errors = validate_rule(rule)
    if errors:
        raise RuleInvalid(errors)


def evaluate(
    rule: object, profile: Mapping[str, Any], *, as_of: date, validated: bool = False
) -> Explained:
    """The evaluated tree of ``rule`` for one profile; raises RuleInvalid for a bad rule.

    ``validated=True`` is for rules validated when they were stored (a rule version): batch
    re-matching skips the check, which costs as much as the evaluation itself.
    """
    if not validated:
        check_rule(rule)
    return _explain(rule, normalise_profile(profile), as_of, "")  # type: ignore[arg-type]


def truth_of(rule: object, profile: Mapping[str, Any], *, as_of: date) -> Truth:
    return evaluate(rule, profile, as_of=as_of).truth


def _explain(node: dict[str, Any], profile: dict[str, Any], as_of: date, path: str) -> Explained:
    for kind, combine in (("all", truth_all), ("any", truth_any)):
        if kind in node:
            children = [
                _explain(child, profile, as_of, f"{join(path, kind)}[{index}]")
                for index, child in enumerate(node[kind])
            ]
            return Explained(kind, path, combine([child.truth for child in children]), children)
    if "not" in node:
        child = _explain(node["not"], profile, as_of, join(path, "not"))
        return Explained("not", path, ~child.truth, [child])
    field, op, value = node["field"], node["op"], node.get("value")
    actual = actual_value(field, profile, as_of)
    truth = Truth.of(condition_holds(field, op, value, actual))
    return Explained("condition", path, truth, field=field, op=op, value=value, actual=actual)


def actual_value(field: str, profile: dict[str, Any], as_of: date) -> Any:
    if field == "age_years":
        established = profile["established"]
        return None if established is None else age_in_years(established, as_of)
    return profile[field]


def condition_holds(field: str, op: str, value: Any, actual: Any) -> bool | None:
    """One condition on a normalised actual value: True, False or None (unknown)."""
    present = actual is not None and (actual != [] if FIELDS[field].kind == "set" else True)
    if op == "is_set":
        return present
    if op == "is_empty":
        return not present
    if actual is None:
        return None
    kind = FIELDS[field].kind
    if kind == "set":
        items = set(actual)
        if op == "contains":
            return value in items
        if op == "contains_any":
            return any(item in items for item in value)
        return all(item in items for item in value)
    if kind == "date":
        value = (
            [date.fromisoformat(item) for item in value]
            if op == "between"
            else date.fromisoformat(value)
        )
    return _compare(field, op, value, actual)


def _compare(field: str, op: str, value: Any, actual: Any) -> bool:
    if op in ("eq", "ne"):
        return (actual == value) is (op == "eq")
    if op in ("in", "not_in"):
        return (actual in value) is (op == "in")
    if op == "within":
        return any(is_within(field, actual, code) for code in as_list(value))
    if op == "between":
        return bool(value[0] <= actual <= value[1])
    return bool(ORDERINGS[op](actual, value))


def near_miss(rule: object, profile: Mapping[str, Any], *, as_of: date) -> list[Explained]:
    """For an ineligible enterprise: the fewest (1, else 2) conditions whose flip makes it eligible.

    Unknown conditions stay unknown, so the flip must make the rule TRUE, not merely unknown.
    The first such set in document order; [] when the rule is not FALSE or no such set exists.
    """
    tree = evaluate(rule, profile, as_of=as_of)
    if tree.truth is not Truth.FALSE:
        return []
    known = [leaf for leaf in tree.conditions() if leaf.truth is not Truth.UNKNOWN]
    for size in (1, 2):
        for group in combinations(known, size):
            if _truth_flipped(tree, {leaf.path for leaf in group}) is Truth.TRUE:
                return list(group)
    return []


def _truth_flipped(node: Explained, flipped: set[str]) -> Truth:
    if node.kind == "condition":
        return ~node.truth if node.path in flipped else node.truth
    parts = [_truth_flipped(child, flipped) for child in node.children]
    if node.kind == "all":
        return truth_all(parts)
    if node.kind == "any":
        return truth_any(parts)
    return ~parts[0]


def missing_fields(explained: Explained) -> list[str]:
    """The fields whose values would settle an unknown outcome, in document order, each once.

    Only unknown branches are followed: a branch already true or false does not depend on them.
    ``age_years`` asks for ``established``, the field that is recorded.
    """
    fields: list[str] = []
    _collect_unknown(explained, fields)
    return fields


def _collect_unknown(node: Explained, fields: list[str]) -> None:
    if node.truth is not Truth.UNKNOWN:
        return
    if node.kind == "condition" and node.field is not None:
        name = DERIVED_FROM.get(node.field, node.field)
        if name not in fields:
            fields.append(name)
    for child in node.children:
        _collect_unknown(child, fields)


def conditions_of(rule: Any) -> list[dict[str, Any]]:
    """The rule's condition leaves in document order."""
    if "all" in rule:
        return [leaf for child in rule["all"] for leaf in conditions_of(child)]
    if "any" in rule:
        return [leaf for child in rule["any"] for leaf in conditions_of(child)]
    if "not" in rule:
        return conditions_of(rule["not"])
    return [rule]


_CODES = {"0": Truth.FALSE, "1": Truth.TRUE, "2": Truth.UNKNOWN}


def missing_from_pattern(rule: Any, pattern: str) -> list[str]:
    """missing_fields for a profile whose conditions came out as `pattern` (one character per
    condition in document order: 1 true, 0 false, 2 unknown), without the profile."""
    codes = iter(pattern)

    def tree(node: dict[str, Any], path: str) -> Explained:
        for kind, combine in (("all", truth_all), ("any", truth_any)):
            if kind in node:
                children = [
                    tree(child, f"{join(path, kind)}[{index}]")
                    for index, child in enumerate(node[kind])
                ]
                return Explained(kind, path, combine([c.truth for c in children]), children)
        if "not" in node:
            child = tree(node["not"], join(path, "not"))
            return Explained("not", path, ~child.truth, [child])
        truth = _CODES[next(codes)]
        return Explained("condition", path, truth, field=node["field"], op=node["op"])

    return missing_fields(tree(rule, ""))
