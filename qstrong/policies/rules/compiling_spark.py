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

_COMPARISONS = {
    "eq": "=",
    "ne": "<>",
    "lt": "<",
    "le": "<=",
    "gt": ">",
    "ge": ">=",
    "before": "<",
    "after": ">",
}


def to_spark(rule: object, *, as_of: date) -> Column:
    """A Boolean column equal to ``truth_of`` row by row: true, false, or null for unknown.

    The table must follow SPARK_SCHEMA with unknown values as null; raises RuleInvalid for a bad
    rule. Alias the result yourself.
    """
    return F.expr(to_spark_sql(rule, as_of=as_of))


def to_spark_sql(rule: object, *, as_of: date) -> str:
    """The same as Spark SQL text. Text, not the Column API: a Column is built by one JVM call
    per node, and 200 rules of 15 conditions took longer to build than to evaluate."""
    check_rule(rule)
    return _compile(rule, as_of)  # type: ignore[arg-type]


def pattern_spark(rule: object, *, as_of: date) -> Column:
    return F.expr(pattern_spark_sql(rule, as_of=as_of))


def pattern_spark_sql(rule: object, *, as_of: date) -> str:
    """Each condition's outcome in document order as text, 1 true, 0 false, 2 unknown ("1202").

    The fields to collect for a needs-data pair depend only on this pattern
    (``missing_from_pattern``): the cluster hands back the few distinct patterns, not a
    per-row explanation. The conditions are the same expressions as in ``to_spark``, which
    Spark computes once (common subexpressions).
    """
    check_rule(rule)
    codes = [
        f"CAST(coalesce(CAST({_compile(leaf, as_of)} AS INT), 2) AS STRING)"
        for leaf in conditions_of(rule)
    ]
    return f"concat({', '.join(codes)})"


def _compile(node: dict[str, Any], as_of: date) -> str:
    if "all" in node:
        return "(" + " AND ".join(_compile(child, as_of) for child in node["all"]) + ")"
    if "any" in node:
        return "(" + " OR ".join(_compile(child, as_of) for child in node["any"]) + ")"
    if "not" in node:
        return f"(NOT {_compile(node['not'], as_of)})"
    spec = FIELDS[node["field"]]
    op, value = node["op"], node.get("value")
    column = _name(DERIVED_FROM.get(spec.name, spec.name))
    if op in ("is_set", "is_empty"):
        present = (
            f"coalesce(size({column}) > 0, false)"
            if spec.kind == "set"
            else f"({column} IS NOT NULL)"
        )
        return present if op == "is_set" else f"(NOT {present})"
    if spec.kind == "set":
        return _set_condition(spec, column, op, value)
    if spec.name == "age_years":
        return _age_condition(op, value, as_of)
    return _scalar_condition(spec, column, op, value)


def _age_condition(op: str, value: Any, as_of: date) -> str:
    """age_years through cut-off dates on ``established``, as in the Polars target."""
    if op == "between":
        return f"({_age_at_least(value[0], as_of)} AND NOT {_age_at_least(value[1] + 1, as_of)})"
    if op in ("eq", "ne"):
        exactly = f"({_age_at_least(value, as_of)} AND NOT {_age_at_least(value + 1, as_of)})"
        return exactly if op == "eq" else f"(NOT {exactly})"
    at_least = {"ge": value, "gt": value + 1, "lt": value, "le": value + 1}[op]
    result = _age_at_least(at_least, as_of)
    return result if op in ("ge", "gt") else f"(NOT {result})"


def _age_at_least(years: int, as_of: date) -> str:
    """age_in_years(established, as_of) >= years; a 29 February cut-off is the 28th in a common
    year. Years beyond what a date holds are decided without a literal (null stays null)."""
    year = as_of.year - years
    if year > date.max.year:
        return "(`established` IS NOT NULL)"
    if year < date.min.year:
        return "(`established` IS NOT NULL AND false)"
    day = as_of.day if (as_of.month, as_of.day) != (2, 29) or calendar.isleap(year) else 28
    return f"(`established` <= {_date(date(year, as_of.month, day))})"


def _set_condition(spec: FieldSpec, column: str, op: str, value: Any) -> str:
    parts = [f"array_contains({column}, {_text(item)})" for item in as_list(value)]
    joiner = " AND " if op in ("contains", "contains_all") else " OR "
    result = "(" + joiner.join(parts) + ")"
    # chains, chain_roles, towns and the registers' sets are never unknown: null is none.
    return result if spec.nullable else f"coalesce({result}, false)"


def _scalar_condition(spec: FieldSpec, column: str, op: str, value: Any) -> str:
    if op == "within":
        return "(" + " OR ".join(_within(spec.name, column, code) for code in as_list(value)) + ")"
    if op in ("in", "not_in"):
        member = f"({column} IN ({', '.join(_literal(spec, item) for item in value)}))"
        return member if op == "in" else f"(NOT {member})"
    if op == "between":
        low, high = (_literal(spec, item) for item in value)
        return f"({column} >= {low} AND {column} <= {high})"
    return f"({column} {_COMPARISONS[op]} {_literal(spec, value)})"


def _within(field: str, column: str, code: str) -> str:
    prefix = within_prefix(field, code)
    if prefix is None:
        return f"({column} = {_text(code)})"
    return f"startswith({column}, {_text(prefix)})"


def _literal(spec: FieldSpec, value: Any) -> str:
    if spec.kind == "date":
        return _date(date.fromisoformat(value))
    if spec.kind == "number":
        # ints up to 10**15 (validated) are exact as doubles, so Python and Spark compare alike.
        return f"CAST({_text(repr(float(value)))} AS DOUBLE)"
    if spec.kind == "int":
        return f"CAST({int(value)} AS BIGINT)"
    return _text(str(value))


def _date(value: date) -> str:
    return f"DATE'{value.isoformat()}'"


def _text(value: str) -> str:
    """A Spark SQL string literal: backslash and quote escaped (the default parser's escapes)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _name(column: str) -> str:
    return f"`{column}`"
