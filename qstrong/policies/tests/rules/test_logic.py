"""Kleene three-valued logic for all / any / not, in truth_of and in Polars."""

from __future__ import annotations

from itertools import product
from typing import Any

import polars as pl
import pytest

from qstrong.policies.rules import Truth
from qstrong.policies.tests.rules.helpers import condition, outcome

T, F, U = Truth.TRUE, Truth.FALSE, Truth.UNKNOWN
FIELDS = ("employees", "patents", "standards_led")

ALL = {
    (T, T): T,
    (T, F): F,
    (T, U): U,
    (F, T): F,
    (F, F): F,
    (F, U): F,
    (U, T): U,
    (U, F): F,
    (U, U): U,
}
ANY = {
    (T, T): T,
    (T, F): T,
    (T, U): T,
    (F, T): T,
    (F, F): F,
    (F, U): U,
    (U, T): T,
    (U, F): U,
    (U, U): U,
}
NOT = {T: F, F: T, U: U}


def _operands(*truths: Truth) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Conditions "<field> = 1" and a profile giving each the wanted truth (1, 0 or no value)."""
    leaves = [condition(field, "eq", 1) for field in FIELDS[: len(truths)]]
    values = {T: 1, F: 0, U: None}
    profile = {field: values[truth] for field, truth in zip(FIELDS, truths, strict=False)}
    return leaves, profile


@pytest.mark.parametrize(("a", "b"), list(product((T, F, U), repeat=2)))
def test_all_and_any_tables(a: Truth, b: Truth) -> None:
    leaves, profile = _operands(a, b)
    assert outcome({"all": leaves}, profile) is ALL[(a, b)]
    assert outcome({"any": leaves}, profile) is ANY[(a, b)]


@pytest.mark.parametrize("a", [T, F, U])
def test_not_table_and_single_part_groups(a: Truth) -> None:
    leaves, profile = _operands(a)
    assert outcome({"not": leaves[0]}, profile) is NOT[a]
    assert outcome({"not": {"not": leaves[0]}}, profile) is a
    assert outcome({"all": leaves}, profile) is a
    assert outcome({"any": leaves}, profile) is a


@pytest.mark.parametrize(("a", "b", "c"), list(product((T, F, U), repeat=3)))
def test_three_parts_and_nesting(a: Truth, b: Truth, c: Truth) -> None:
    leaves, profile = _operands(a, b, c)
    assert outcome({"all": leaves}, profile) is ALL[(ALL[(a, b)], c)]
    assert outcome({"any": leaves}, profile) is ANY[(ANY[(a, b)], c)]
    nested = {"any": [{"all": leaves[:2]}, {"not": leaves[2]}]}
    assert outcome(nested, profile) is ANY[(ALL[(a, b)], NOT[c])]


def test_truth_outcomes() -> None:
    assert [truth.outcome for truth in (T, F, U)] == ["eligible", "ineligible", "needs_data"]
    assert [truth.as_bool for truth in (T, F, U)] == [True, False, None]


def test_polars_boolean_operators_are_kleene() -> None:
    # to_polars relies on this: & | ~ (and the horizontal forms) treat null as unknown.
    pairs = list(product((T, F, U), repeat=2))
    frame = pl.DataFrame(
        {"a": [a.as_bool for a, _ in pairs], "b": [b.as_bool for _, b in pairs]},
        schema={"a": pl.Boolean, "b": pl.Boolean},
    )
    result = frame.select(
        both=pl.col("a") & pl.col("b"),
        either=pl.col("a") | pl.col("b"),
        negated=~pl.col("a"),
        all_h=pl.all_horizontal("a", "b"),
        any_h=pl.any_horizontal("a", "b"),
    )
    assert result["both"].to_list() == [ALL[pair].as_bool for pair in pairs]
    assert result["all_h"].to_list() == [ALL[pair].as_bool for pair in pairs]
    assert result["either"].to_list() == [ANY[pair].as_bool for pair in pairs]
    assert result["any_h"].to_list() == [ANY[pair].as_bool for pair in pairs]
    assert result["negated"].to_list() == [NOT[a].as_bool for a, _ in pairs]
