"""evaluate's explanation tree, near misses and the fields to collect."""

from __future__ import annotations

from datetime import date

from qstrong.policies.rules import Explained, Truth, evaluate, missing_fields, near_miss
from qstrong.policies.tests.rules.helpers import AS_OF, condition
from qstrong.policies.tests.rules.test_validation import EXAMPLE

T, F, U = Truth.TRUE, Truth.FALSE, Truth.UNKNOWN
PROFILE = {
    "region": "140121",
    "industry": "C2720",
    "employees": 356,
    "certifications": [],
    "chain_roles": ["core"],
    "towns": [],
}


def _paths(nodes: list[Explained]) -> list[str]:
    return [node.path for node in nodes]


def test_tree_carries_paths_outcomes_and_actual_values() -> None:
    tree = evaluate(EXAMPLE, PROFILE, as_of=AS_OF)
    assert (tree.kind, tree.path, tree.truth) == ("all", "", T)
    assert [(child.kind, child.path, child.truth) for child in tree.children] == [
        ("condition", "all[0]", T),
        ("condition", "all[1]", T),
        ("condition", "all[2]", T),
        ("not", "all[3]", T),
        ("any", "all[4]", T),
    ]
    employees = tree.children[2]
    assert (employees.field, employees.op, employees.value, employees.actual) == (
        "employees",
        "ge",
        20,
        356,
    )
    certification = tree.children[3].children[0]
    assert (certification.path, certification.truth, certification.actual) == ("all[3].not", F, [])
    assert _paths(list(tree.conditions())) == [
        "all[0]",
        "all[1]",
        "all[2]",
        "all[3].not",
        "all[4].any[0]",
        "all[4].any[1]",
    ]


def test_unknown_actual_is_none_and_age_is_computed() -> None:
    tree = evaluate(
        {"all": [condition("patents", "ge", 1), condition("age_years", "ge", 3)]},
        {"established": date(2020, 7, 1)},
        as_of=AS_OF,
    )
    patents, age = tree.children
    assert (patents.truth, patents.actual) == (U, None)
    assert (age.truth, age.actual) == (T, 3)


def test_near_miss_one_condition() -> None:
    # given an enterprise failing only the employees condition
    profile = {**PROFILE, "employees": 12}
    # then that condition alone is the near miss
    assert _paths(near_miss(EXAMPLE, profile, as_of=AS_OF)) == ["all[2]"]


def test_near_miss_two_conditions_including_one_under_not() -> None:
    # given too few employees and an ISO 9001 certificate the policy excludes
    profile = {**PROFILE, "employees": 12, "certifications": ["ISO9001"]}
    missed = near_miss(EXAMPLE, profile, as_of=AS_OF)
    assert _paths(missed) == ["all[2]", "all[3].not"]
    # the certificate condition holds; it must stop holding
    assert [node.truth for node in missed] == [F, T]


def test_no_near_miss_with_three_failures_or_when_not_ineligible() -> None:
    three = {**PROFILE, "employees": 12, "certifications": ["ISO9001"], "region": "150102"}
    assert near_miss(EXAMPLE, three, as_of=AS_OF) == []
    assert near_miss(EXAMPLE, PROFILE, as_of=AS_OF) == []
    unknown = {**PROFILE, "employees": None}
    assert near_miss(EXAMPLE, unknown, as_of=AS_OF) == []


def test_near_miss_prefers_one_condition_over_two() -> None:
    rule = {
        "any": [
            {"all": [condition("employees", "ge", 20), condition("patents", "ge", 1)]},
            condition("revenue", "ge", 1000),
        ]
    }
    profile = {"employees": 5, "patents": 0, "revenue": 10}
    assert _paths(near_miss(rule, profile, as_of=AS_OF)) == ["any[1]"]


def test_near_miss_needs_a_true_outcome_not_unknown() -> None:
    # flipping the failing condition leaves the unknown one: the result would be unknown
    rule = {"all": [condition("employees", "ge", 20), condition("patents", "ge", 1)]}
    assert near_miss(rule, {"employees": 5, "patents": None}, as_of=AS_OF) == []


def test_missing_fields_follow_unknown_branches_in_order() -> None:
    rule = {
        "all": [
            condition("patents", "ge", 1),
            {"any": [condition("revenue", "ge", 100), condition("employees", "ge", 20)]},
            condition("age_years", "ge", 3),
            condition("patents", "le", 50),
        ]
    }
    tree = evaluate(rule, {"employees": 5}, as_of=AS_OF)
    assert tree.truth is U
    # age_years asks for established, the recorded field; patents once
    assert missing_fields(tree) == ["patents", "revenue", "established"]


def test_missing_fields_ignore_settled_branches() -> None:
    rule = {"any": [condition("employees", "ge", 20), condition("patents", "ge", 1)]}
    # true whatever patents is: nothing to collect
    assert missing_fields(evaluate(rule, {"employees": 30}, as_of=AS_OF)) == []
    # false whatever revenue is
    rule = {"all": [condition("employees", "ge", 20), condition("revenue", "ge", 1)]}
    assert missing_fields(evaluate(rule, {"employees": 3}, as_of=AS_OF)) == []
