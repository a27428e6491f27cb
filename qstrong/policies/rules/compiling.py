"""Compiling a rule to one vectorised Polars expression over the profile frame (null = unknown)."""

from __future__ import annotations

import calendar
import functools
import operator
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import polars as pl

from qstrong.policies.rules.evaluation import as_list, check_rule, within_prefix
from qstrong.policies.rules.profile import normalise_profile
from qstrong.policies.rules.spec import DERIVED_FROM, FIELDS, FieldSpec

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
    op, value = node["op"], node.get("value")
    column = pl.col(DERIVED_FROM.get(spec.name, spec.name))
    if op in ("is_set", "is_empty"):
        present = (
            (column.list.len() > 0).fill_null(False) if spec.kind == "set" else column.is_not_null()
        )
        return present if op == "is_set" else ~present
    if spec.kind == "set":
        return _set_condition(spec, column, op, value)
    if spec.name == "age_years":
        return _age_condition(op, value, as_of)
    return _scalar_condition(spec, column, op, value)


def _age_condition(op: str, value: Any, as_of: date) -> pl.Expr:
    """age_years compared through cut-off dates on ``established``: no per-row date arithmetic."""
    if op == "between":
        return _age_at_least(value[0], as_of) & ~_age_at_least(value[1] + 1, as_of)
    if op in ("eq", "ne"):
        exactly = _age_at_least(value, as_of) & ~_age_at_least(value + 1, as_of)
        return exactly if op == "eq" else ~exactly
    at_least = {"ge": value, "gt": value + 1, "lt": value, "le": value + 1}[op]
    result = _age_at_least(at_least, as_of)
    return result if op in ("ge", "gt") else ~result


def _age_at_least(years: int, as_of: date) -> pl.Expr:
    """age_in_years(established, as_of) >= years, i.e. established <= as_of moved back ``years``.

    (established.year, month, day) <= (as_of.year - years, as_of.month, as_of.day) as tuples;
    in a common year the 29 February cut-off is the 28th.
    """
    established = pl.col("established")
    year = as_of.year - years
    if year > date.max.year:
        return established.is_not_null()
    if year < date.min.year:
        return established.is_not_null() & pl.lit(False)
    day = as_of.day if (as_of.month, as_of.day) != (2, 29) or calendar.isleap(year) else 28
    return established <= pl.lit(date(year, as_of.month, day), dtype=pl.Date)


def _set_condition(spec: FieldSpec, column: pl.Expr, op: str, value: Any) -> pl.Expr:
    parts = [column.list.contains(pl.lit(item, dtype=pl.String)) for item in as_list(value)]
    result = _AND(parts) if op in ("contains", "contains_all") else _OR(parts)
    # chains, chain_roles, towns are never unknown: a missing list is no membership.
    return result if spec.nullable else result.fill_null(False)


def _scalar_condition(spec: FieldSpec, column: pl.Expr, op: str, value: Any) -> pl.Expr:
    if op == "within":
        return _OR(_within(spec.name, column, code) for code in as_list(value))
    if op in ("in", "not_in"):
        member = column.is_in(list(value))
        return member if op == "in" else ~member
    if op == "between":
        low, high = (_literal(spec, item) for item in value)
        return (column >= low) & (column <= high)
    return _ORDERINGS[op](column, _literal(spec, value))


def _within(field: str, column: pl.Expr, code: str) -> pl.Expr:
    prefix = within_prefix(field, code)
    return column == pl.lit(code) if prefix is None else column.str.starts_with(prefix)


def _literal(spec: FieldSpec, value: Any) -> pl.Expr:
    if spec.kind == "date":
        return pl.lit(date.fromisoformat(value), dtype=pl.Date)
    if spec.kind == "number":
        # ints up to 10**15 (validated) are exact as float64, so Python and Polars compare alike.
        return pl.lit(float(value), dtype=pl.Float64)
    return pl.lit(value, dtype=_DTYPES[spec.kind])
