"""Shared test helpers: evaluate one profile on both paths and insist they agree."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from qstrong.policies.rules import Truth, profile_frame, to_polars, truth_of

AS_OF = date(2024, 6, 30)


def outcome(rule: object, profile: Mapping[str, Any], *, as_of: date = AS_OF) -> Truth:
    """The rule's truth for one profile by truth_of, checked against the Polars expression."""
    python = truth_of(rule, profile, as_of=as_of)
    batch = profile_frame([profile]).select(to_polars(rule, as_of=as_of).alias("r")).item()
    assert batch == python.as_bool, f"Polars says {batch}, truth_of says {python}"
    return python


def condition(field: str, op: str, value: Any = None) -> dict[str, Any]:
    node: dict[str, Any] = {"field": field, "op": op}
    if value is not None:
        node["value"] = value
    return node
