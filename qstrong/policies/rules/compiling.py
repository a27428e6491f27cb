"""Compiling a rule to one vectorised Polars expression over the profile frame (null = unknown)."""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import polars as pl

from qstrong.policies.rules.evaluation import as_list, check_rule, within_prefix
from qstrong.policies.rules.profile import normalise_profile
from qstrong.policies.rules.spec import FIELDS, FieldSpec

_DTYPES: dict[str, pl.DataType] = {
    "region": pl.String(),
    "industry": pl.String(),
    "enum": pl.String(),
    "int": pl.Int64(),
    "number": pl.Float64(),
    "date": pl.Date(),
    "set": pl.List(pl.String()),
}
# One column per field except age_years (derived from established and the as-of date).
SCHEMA: dict[str, pl.DataType] = {"enterprise_id": pl.Int64()} | {
    name: _DTYPES[spec.kind] for name, spec in FIELDS.items() if name != "age_years"
}

# Polars' & | ~ on Boolean columns follow Kleene logic with null as unknown (checked in the tests);
# reduce keeps that for any number of parts.
_AND = functools.partial(functools.reduce, operator.and_)
_OR = functools.partial(functools.reduce, operator.or_)
_ORDERINGS = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "before": operator.lt,
    "after": operator.gt,
}


def profile_frame(profiles: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    """Profiles (as for ``evaluate``, plus an optional ``enterprise_id``) as a frame in SCHEMA."""
    rows = [
        {"enterprise_id": profile.get("enterprise_id"), **normalise_profile(profile)}
        for profile in profiles
    ]
    return pl.DataFrame(rows, schema=SCHEMA)


def to_polars(rule: object, *, as_of: date) -> pl.Expr:
    """A Boolean expression equal to ``truth_of`` row by row: true, false, or null for unknown.

    The frame must follow SCHEMA with unknown values as null (``profile_frame`` does that);
    raises RuleInvalid for a bad rule. Alias the result yourself (its name is a column's).
    """
    check_rule(rule)
    return _compile(rule, as_of)  # type: ignore[arg-type]


def _compile(node: dict[str, Any], as_of: date) -> pl.Expr:
    if "all" in node:
        return _AND(_compile(child, as_of) for child in node["all"])
    if "any" in node:
        return _OR(_compile(child, as_of) for child in node["any"])
    if "not" in node:
        return ~_compile(node["not"], as_of)
    spec = FIELDS[node["field"]]
    column = age_years(as_of) if spec.name == "age_years" else pl.col(spec.name)
    op, value = node["op"], node.get("value")
    if op in ("is_set", "is_empty"):
        present = (
            (column.list.len() > 0).fill_null(False) if spec.kind == "set" else column.is_not_null()
        )
        return present if op == "is_set" else ~present
    if spec.kind == "set":
        return _set_condition(spec, column, op, value)
    return _scalar_condition(spec, column, op, value)


def age_years(as_of: date) -> pl.Expr:
    """Completed whole years from ``established`` to ``as_of`` (as ``profile.age_in_years``)."""
    established = pl.col("established")
    month_day = established.dt.month().cast(pl.Int32) * 100 + established.dt.day().cast(pl.Int32)
    before_anniversary = (month_day > as_of.month * 100 + as_of.day).cast(pl.Int64)
    return as_of.year - established.dt.year().cast(pl.Int64) - before_anniversary


def _set_condition(spec: FieldSpec, column: pl.Expr, op: str, value: Any) -> pl.Expr:
    parts = [column.list.contains(pl.lit(item, dtype=pl.String)) for item in as_list(value)]
    result = _AND(parts) if op in ("contains", "contains_all") else _OR(parts)
    # chains, chain_roles, towns are never unknown: a missing list is no membership.
    return result if spec.nullable else result.fill_null(False)


def _scalar_condition(spec: FieldSpec, column: pl.Expr, op: str, value: Any) -> pl.Expr:
    if op == "within":
        return _OR(
            column.str.starts_with(within_prefix(spec.name, code)) for code in as_list(value)
        )
    if op in ("in", "not_in"):
        member = column.is_in(pl.Series(values=value, dtype=_DTYPES[spec.kind]))
        return member if op == "in" else ~member
    if op == "between":
        low, high = (_literal(spec, item) for item in value)
        return (column >= low) & (column <= high)
    return _ORDERINGS[op](column, _literal(spec, value))


def _literal(spec: FieldSpec, value: Any) -> pl.Expr:
    if spec.kind == "date":
        return pl.lit(date.fromisoformat(value), dtype=pl.Date)
    if spec.kind == "number":
        # ints up to 10**15 (validated) are exact as float64, so Python and Polars compare alike.
        return pl.lit(float(value), dtype=pl.Float64)
    return pl.lit(value, dtype=_DTYPES[spec.kind])
