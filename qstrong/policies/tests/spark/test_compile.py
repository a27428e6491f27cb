"""The Spark compile target agrees with the Polars one and with the one-enterprise explanation."""

from __future__ import annotations

import tempfile
from datetime import date
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from qstrong.policies.rules import (
    Truth,
    evaluate,
    missing_fields,
    profile_frame,
    to_polars,
    validate_rule,
)
from qstrong.policies.tests.rules.strategies import AS_OF, profiles, rules
from qstrong.policies.tests.rules.test_logic import ALL, ANY, NOT
from qstrong.policies.tests.spark.conftest import parquet_of

pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]
T, F, U = Truth.TRUE, Truth.FALSE, Truth.UNKNOWN
CHECKS = settings(
    deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def test_spark_boolean_operators_are_kleene(spark: Any) -> None:
    # to_spark relies on this: Spark SQL's AND / OR / NOT treat NULL as unknown.
    from pyspark.sql import functions as F_

    pairs = list(product((T, F, U), repeat=2))
    values = ", ".join(
        f"({index}, {_sql(a.as_bool)}, {_sql(b.as_bool)})" for index, (a, b) in enumerate(pairs)
    )
    table = spark.sql(f"SELECT * FROM VALUES {values} AS t(i, a, b)")
    rows = (
        table.select(
            "i",
            (F_.col("a") & F_.col("b")).alias("both"),
            (F_.col("a") | F_.col("b")).alias("either"),
            (~F_.col("a")).alias("negated"),
        )
        .orderBy("i")
        .collect()
    )
    assert [row["both"] for row in rows] == [ALL[pair].as_bool for pair in pairs]
    assert [row["either"] for row in rows] == [ANY[pair].as_bool for pair in pairs]
    assert [row["negated"] for row in rows] == [NOT[a].as_bool for a, _ in pairs]


def _sql(value: bool | None) -> str:
    return "CAST(NULL AS BOOLEAN)" if value is None else str(value).lower()


def _assert_agree(spark: Any, cases: list[tuple[dict[str, Any], date]], batch: list[Any]) -> None:
    """Every rule over every profile, all in one Spark job: Spark = Polars = truth_of, and the
    fields to collect from Spark's pattern = missing_fields(evaluate(...)) for the unknown rows."""
    from qstrong.policies.rules.compiling_spark import pattern_spark, to_spark
    from qstrong.policies.rules.evaluation import missing_from_pattern

    numbered = [{**profile, "enterprise_id": index} for index, profile in enumerate(batch)]
    frame = profile_frame(numbered)
    columns = []
    for index, (rule, as_of) in enumerate(cases):
        assert validate_rule(rule) == []
        columns.append(to_spark(rule, as_of=as_of).alias(f"r{index}"))
        columns.append(pattern_spark(rule, as_of=as_of).alias(f"m{index}"))
    with tempfile.TemporaryDirectory() as directory:
        table = parquet_of(frame, Path(directory), spark)
        rows = sorted(table.select("enterprise_id", *columns).collect(), key=lambda row: row[0])
    polars = frame.select(
        *(to_polars(rule, as_of=as_of).alias(f"r{i}") for i, (rule, as_of) in enumerate(cases))
    )
    for index, (rule, as_of) in enumerate(cases):
        on_spark = [row[f"r{index}"] for row in rows]
        assert on_spark == polars[f"r{index}"].to_list(), rule
        for profile, row in zip(batch, rows, strict=True):
            explained = evaluate(rule, profile, as_of=as_of)
            assert row[f"r{index}"] == explained.truth.as_bool, (rule, profile)
            if explained.truth is U:
                fields = missing_from_pattern(rule, row[f"m{index}"])
                assert fields == missing_fields(explained), (rule, profile)


CASES = st.lists(st.tuples(rules(), AS_OF), min_size=1, max_size=20)
BATCH = st.lists(profiles(), min_size=1, max_size=30)


@settings(CHECKS, max_examples=12)
@given(cases=CASES, batch=BATCH)
def test_spark_polars_and_explanation_agree(
    spark: Any, cases: list[tuple[dict[str, Any], date]], batch: list[Any]
) -> None:
    # given random valid rules (every field and operator) and random profiles with None, "" and
    # empty sets, when the three paths evaluate them, then every row has the same outcome
    _assert_agree(spark, cases, batch)


@seed(20240229)
@settings(CHECKS, max_examples=8, derandomize=True)
@given(cases=CASES, batch=BATCH)
def test_spark_agrees_fixed_seed(
    spark: Any, cases: list[tuple[dict[str, Any], date]], batch: list[Any]
) -> None:
    # the same check, the same examples on every run
    _assert_agree(spark, cases, batch)


def test_free_strings_with_quotes_and_backslashes_stay_literal(spark: Any, tmp_path: Path) -> None:
    # certificate and tag names are free strings: the SQL text must quote them exactly
    odd = ["O'Brien\\cert", "a'); DROP TABLE x; --", "中文'证书"]
    profiles_ = [{"certifications": [name]} for name in odd] + [{"certifications": ["other"]}]
    batch = [{**profile, "enterprise_id": index} for index, profile in enumerate(profiles_)]
    table = parquet_of(profile_frame(batch), tmp_path, spark)
    for name in odd:
        rule = {"field": "certifications", "op": "contains_any", "value": [name, "x"]}
        from qstrong.policies.rules.compiling_spark import to_spark

        rows = sorted(
            table.select("enterprise_id", to_spark(rule, as_of=date(2024, 1, 1))).collect()
        )
        assert [row[1] for row in rows] == [
            profile["certifications"] == [name] for profile in batch
        ]
