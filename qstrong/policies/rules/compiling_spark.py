"""Compiling a rule to one Spark SQL column over the profile table (null = unknown).

The second compile target beside ``compiling.to_polars``, for matching on a Spark cluster
(docs/scale.md). It reads the same profile schema (``SCHEMA``, as ``SPARK_SCHEMA``) and gives the
same three values row by row: Spark SQL's AND / OR / NOT are Kleene's over NULL (pinned in the
tests), comparisons with NULL are NULL, and the never-unknown set fields are coalesced to false.

``pattern_spark`` gives each condition's outcome in document order; ``missing_from_pattern``
(evaluation.py) turns a pattern into the fields to collect, as ``missing_fields(evaluate(...))``.
pyspark is imported here only: the Polars path never loads it.
"""

from __future__ import annotations

import calendar
import functools
import operator
from datetime import date
from typing import Any

from pyspark.sql import Column
from pyspark.sql import functions as F
from pyspark.sql import types as T

from qstrong.policies.rules.compiling import SCHEMA
from qstrong.policies.rules.evaluation import as_list, check_rule, conditions_of, within_prefix
from qstrong.policies.rules.spec import DERIVED_FROM, FIELDS, FieldSpec

_TYPES: dict[str, T.DataType] = {
    "region": T.StringType(),
    "industry": T.StringType(),
    "enum": T.StringType(),
    "int": T.LongType(),
    "number": T.DoubleType(),
    "date": T.DateType(),
    "set": T.ArrayType(T.StringType()),
}
# The profile table as the compiled columns read it: SCHEMA's columns with Spark types.
SPARK_SCHEMA = T.StructType(
    [T.StructField("enterprise_id", T.LongType())]
    + [T.StructField(name, _TYPES[FIELDS[name].kind]) for name in SCHEMA if name != "enterprise_id"]
)

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


def to_spark(rule: object, *, as_of: date) -> Column:
    """A Boolean column equal to ``truth_of`` row by row: true, false, or null for unknown.

    The table must follow SPARK_SCHEMA with unknown values as null; raises RuleInvalid for a bad
    rule. Alias the result yourself.
    """
    check_rule(rule)
    return _compile(rule, as_of)  # type: ignore[arg-type]


def pattern_spark(rule: object, *, as_of: date) -> Column:
    """Each condition's outcome in document order as text, 1 true, 0 false, 2 unknown ("1202").

    The fields to collect for a needs-data pair depend only on this pattern
    (``missing_from_pattern``): the cluster hands back the few distinct patterns, not a
    per-row explanation. The conditions are the same expressions as in ``to_spark``, which
    Spark computes once (common subexpressions).
    """
    check_rule(rule)
    codes = [
        F.coalesce(_compile(leaf, as_of).cast(T.IntegerType()), F.lit(2)).cast(T.StringType())
        for leaf in conditions_of(rule)
    ]
    return F.concat(*codes) if len(codes) > 1 else codes[0]


def _compile(node: dict[str, Any], as_of: date) -> Column:
    if "all" in node:
        return _AND(_compile(child, as_of) for child in node["all"])
    if "any" in node:
        return _OR(_compile(child, as_of) for child in node["any"])
    if "not" in node:
        return ~_compile(node["not"], as_of)
    spec = FIELDS[node["field"]]
    op, value = node["op"], node.get("value")
    column = F.col(DERIVED_FROM.get(spec.name, spec.name))
    if op in ("is_set", "is_empty"):
        present = (
            F.coalesce(F.size(column) > 0, F.lit(False))
            if spec.kind == "set"
            else column.isNotNull()
        )
        return present if op == "is_set" else ~present
    if spec.kind == "set":
        return _set_condition(spec, column, op, value)
    if spec.name == "age_years":
        return _age_condition(op, value, as_of)
    return _scalar_condition(spec, column, op, value)


def _age_condition(op: str, value: Any, as_of: date) -> Column:
    """age_years through cut-off dates on ``established``, as in the Polars target."""
    if op == "between":
        return _age_at_least(value[0], as_of) & ~_age_at_least(value[1] + 1, as_of)
    if op in ("eq", "ne"):
        exactly = _age_at_least(value, as_of) & ~_age_at_least(value + 1, as_of)
        return exactly if op == "eq" else ~exactly
    at_least = {"ge": value, "gt": value + 1, "lt": value, "le": value + 1}[op]
    result = _age_at_least(at_least, as_of)
    return result if op in ("ge", "gt") else ~result


def _age_at_least(years: int, as_of: date) -> Column:
    """age_in_years(established, as_of) >= years; a 29 February cut-off is the 28th in a common
    year. Years beyond what a date holds are decided without a literal (null stays null)."""
    established = F.col("established")
    year = as_of.year - years
    if year > date.max.year:
        return established.isNotNull()
    if year < date.min.year:
        return established.isNotNull() & F.lit(False)
    day = as_of.day if (as_of.month, as_of.day) != (2, 29) or calendar.isleap(year) else 28
    return established <= F.lit(date(year, as_of.month, day))


def _set_condition(spec: FieldSpec, column: Column, op: str, value: Any) -> Column:
    parts = [F.array_contains(column, item) for item in as_list(value)]
    result = _AND(parts) if op in ("contains", "contains_all") else _OR(parts)
    # chains, chain_roles, towns and the registers' sets are never unknown: null is none.
    return result if spec.nullable else F.coalesce(result, F.lit(False))


def _scalar_condition(spec: FieldSpec, column: Column, op: str, value: Any) -> Column:
    if op == "within":
        return _OR(_within(spec.name, column, code) for code in as_list(value))
    if op in ("in", "not_in"):
        member = column.isin([_literal(spec, item) for item in value])
        return member if op == "in" else ~member
    if op == "between":
        low, high = (_literal(spec, item) for item in value)
        return (column >= low) & (column <= high)
    return _ORDERINGS[op](column, _literal(spec, value))


def _within(field: str, column: Column, code: str) -> Column:
    prefix = within_prefix(field, code)
    return column == F.lit(code) if prefix is None else column.startswith(prefix)


def _literal(spec: FieldSpec, value: Any) -> Column:
    if spec.kind == "date":
        return F.lit(date.fromisoformat(value))
    if spec.kind == "number":
        # ints up to 10**15 (validated) are exact as doubles, so Python and Spark compare alike.
        return F.lit(float(value)).cast(T.DoubleType())
    if spec.kind == "int":
        return F.lit(int(value)).cast(T.LongType())
    return F.lit(str(value))
