"""The explanation path (truth_of) and the batch path (to_polars) agree on every rule, profile."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, seed, settings
from hypothesis import strategies as st

from qstrong.policies.rules import profile_frame, to_polars, truth_of, validate_rule
from qstrong.policies.tests.rules.strategies import AS_OF, profiles, rules


def _assert_agree(rule: dict[str, Any], batch: list[dict[str, Any]], as_of: date) -> None:
    assert validate_rule(rule) == []
    frame = profile_frame(batch)
    batch_path = frame.select(to_polars(rule, as_of=as_of).alias("outcome"))["outcome"].to_list()
    one_by_one = [truth_of(rule, profile, as_of=as_of).as_bool for profile in batch]
    assert batch_path == one_by_one


@settings(max_examples=250, deadline=None, database=None)
@given(rule=rules(), batch=st.lists(profiles(), min_size=1, max_size=40), as_of=AS_OF)
def test_truth_of_equals_polars(
    rule: dict[str, Any], batch: list[dict[str, Any]], as_of: date
) -> None:
    # given a random valid rule and many random profiles (None values, "" and empty sets included)
    # when both paths evaluate them, then every row has the same outcome
    _assert_agree(rule, batch, as_of)


@seed(20240229)
@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(rule=rules(), batch=st.lists(profiles(), min_size=1, max_size=40), as_of=AS_OF)
def test_truth_of_equals_polars_fixed_seed(
    rule: dict[str, Any], batch: list[dict[str, Any]], as_of: date
) -> None:
    # the same check, the same examples on every run
    _assert_agree(rule, batch, as_of)
