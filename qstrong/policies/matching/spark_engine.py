"""Matching runs on Apache Spark: every rule in force evaluated on the cluster (docs/scale.md).

The cluster reads the profiles (PostgreSQL over JDBC, one partition per range of city codes; or
a Parquet / Hive table; or, without a JDBC driver or on SQLite, an export to Parquet), builds the
same profile as `profiles.enterprises_frame` (memberships aggregated there, the registers' facts
joined from a small Parquet file this process writes), evaluates each rule version as one column
compiled by `rules.compiling_spark` and keeps the non-false pairs; the fields to collect come
from each needs-data pair's pattern of condition outcomes, explained here once per distinct
pattern and joined back. It
then compares them with the stored results (read by the cluster too) and writes back only the
changed pairs, which `store.results_apply_changes` stores exactly as the Polars engine does.

Files pass through `QSTRONG_SPARK_EXCHANGE_DIR` (a directory this process, the driver and the
executors all see); each run uses its own subdirectory and removes it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import json
import shutil
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
from django.conf import settings
from django.db import connection
from django.db.models import Count, QuerySet
from django.db.models.functions import Substr

from qstrong.policies.matching.batch import ELIGIBLE, INELIGIBLE, NEEDS_DATA, RuleToRun
from qstrong.policies.matching.profiles import (
    chains_sql,
    enterprises_frame,
    enterprises_sql,
    facts_frame,
    towns_sql,
)
from qstrong.policies.matching.spark_session import jdbc_driver_available, spark_session
from qstrong.policies.matching.sql import inline_params, read_frame
from qstrong.policies.matching.store import OLD_SCHEMA, old_results_sql
from qstrong.policies.rules import FIELDS
from qstrong.policies.rules.evaluation import missing_from_pattern
from qstrong.registry.facts import enterprise_facts
from qstrong.registry.models import Enterprise

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

# One row per changed pair: the new pair (outcome null: no longer stored) beside the stored row
# it replaces (id null: none), as results_apply_changes takes them.
CHANGE_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.Int64(),
    "policy_id": pl.Int64(),
    "enterprise_id": pl.Int64(),
    "rule_id": pl.Int64(),
    "outcome": pl.String(),
    "missing_fields": pl.String(),
    "old_outcome": pl.String(),
    "old_matched_at": pl.String(),
}
# Rules evaluated per pass over the profiles (see pairs_table): one pass for a province's 200.
RULES_PER_PASS = 200


@dataclass
class SparkOutcome:
    """What comes back from the cluster: the changed pairs and the counts of every outcome."""

    changes: pl.DataFrame
    enterprises: int = 0
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys((ELIGIBLE, NEEDS_DATA, INELIGIBLE), 0)
    )
    per_policy: dict[int, dict[str, int]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def spark_evaluate(
    *,
    enterprises: QuerySet[Enterprise],
    rules: Sequence[RuleToRun],
    as_of: dt.date,
    policy_ids: Sequence[int],
) -> SparkOutcome:
    """Evaluate `rules` for `enterprises` on the cluster; the pairs that differ from the stored
    results of `policy_ids` come back."""
    from pyspark import StorageLevel

    started = time.perf_counter()
    spark = spark_session()
    workdir = Path(settings.QSTRONG_SPARK_EXCHANGE_DIR).resolve() / f"run-{uuid.uuid4().hex}"
    workdir.mkdir(parents=True)
    outcome = SparkOutcome(changes=pl.DataFrame(schema=CHANGE_SCHEMA))
    try:
        jdbc = _use_jdbc()
        profiles = profiles_table(
            spark, enterprises=enterprises, as_of=as_of, workdir=workdir, jdbc=jdbc
        )
        old = _old_results(spark, policy_ids=policy_ids, workdir=workdir, jdbc=jdbc)
        # Read and cached here, so that "load" is the reading as in the Polars engine's split.
        profiles = profiles.persist(StorageLevel.MEMORY_AND_DISK)
        outcome.enterprises = profiles.count()
        outcome.timings["load"] = time.perf_counter() - started
        # persist() plans the cached table: the conf must hold from there on.
        with evaluation_conf(spark):
            pairs = pairs_table(profiles, rules=rules, as_of=as_of)
            pairs = pairs.persist(StorageLevel.MEMORY_AND_DISK)
            counted = pairs.groupBy("policy_id", "outcome").count().collect()
        _count(outcome, counted, rules)
        changed = _changes(_with_missing_fields(spark, pairs, rules=rules, workdir=workdir), old)
        changed.write.mode("overwrite").parquet((workdir / "changes").as_uri())
        pairs.unpersist()
        profiles.unpersist()
        outcome.changes = _read_changes(workdir / "changes")
        outcome.timings["evaluate"] = time.perf_counter() - started - outcome.timings["load"]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return outcome


def _use_jdbc() -> bool:
    source = settings.QSTRONG_SPARK_PROFILES
    return source == "" and connection.vendor == "postgresql" and jdbc_driver_available()


# Profiles --------------------------------------------------------------------------------------


def profiles_table(
    spark: SparkSession,
    *,
    enterprises: QuerySet[Enterprise],
    as_of: dt.date,
    workdir: Path,
    jdbc: bool,
) -> DataFrame:
    """The profiles on the cluster in SPARK_SCHEMA, from the source QSTRONG_SPARK_PROFILES names."""
    source = settings.QSTRONG_SPARK_PROFILES
    if source.startswith("parquet:"):
        return _in_schema(spark.read.parquet(source.removeprefix("parquet:")))
    if source.startswith("table:"):
        return _in_schema(spark.table(source.removeprefix("table:")))
    if jdbc:
        return _jdbc_profiles(spark, enterprises=enterprises, as_of=as_of, workdir=workdir)
    # "export", or no JDBC: the Polars loader's own frame, handed over as Parquet.
    path = workdir / "profiles.parquet"
    enterprises_frame(enterprises=enterprises, as_of=as_of).write_parquet(path)
    return _in_schema(spark.read.parquet(path.as_uri()))


def _in_schema(table: DataFrame) -> DataFrame:
    """The engine's columns, typed; a set the platform records that is absent or null is []."""
    from pyspark.sql import functions as F

    from qstrong.policies.rules.compiling_spark import SPARK_SCHEMA

    columns = []
    for column in SPARK_SCHEMA.fields:
        value = (
            F.col(column.name).cast(column.dataType)
            if column.name in table.columns
            else F.lit(None).cast(column.dataType)
        )
        spec = FIELDS.get(column.name)
        if spec is not None and spec.kind == "set" and not spec.nullable:
            value = F.coalesce(value, F.array().cast(column.dataType))
        columns.append(value.alias(column.name))
    return table.select(*columns)


def _jdbc_profiles(
    spark: SparkSession, *, enterprises: QuerySet[Enterprise], as_of: dt.date, workdir: Path
) -> DataFrame:
    """enterprises_frame on the cluster: the same SELECT over JDBC (partitioned by region), the
    same normal form, memberships aggregated there, the registers' facts joined."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    sql, params = enterprises_sql(enterprises)
    predicates = _region_predicates(spark, enterprises)
    base = _jdbc(spark, inline_params(sql, params), predicates=predicates)
    base = base.select(*(F.col(name).alias(name.removeprefix("p_")) for name in base.columns))
    texts = [T.ArrayType(T.StringType())]
    base = base.select(
        "enterprise_id",
        *(
            F.when(F.col(name) == "", None).otherwise(F.col(name)).alias(name)
            for name in ("region", "industry", "scale", "credit_rating")
        ),
        "employees",
        "revenue",
        "registered_capital",
        F.substring("established", 1, 10).cast(T.DateType()).alias("established"),
        F.from_json("certifications", texts[0]).alias("certifications"),
        F.from_json("tags", texts[0]).alias("tags"),
        "standards_led",
        "patents",
    )
    chains = (
        _jdbc(spark, chains_sql())
        .groupBy("enterprise_id")
        .agg(
            F.array_sort(F.collect_set("code")).alias("chains"),
            F.array_sort(F.collect_set("role")).alias("chain_roles"),
        )
    )
    towns = (
        _jdbc(spark, towns_sql())
        .groupBy("enterprise_id")
        .agg(F.array_sort(F.collect_set("code")).alias("towns"))
    )
    table = base.join(chains, "enterprise_id", "left").join(towns, "enterprise_id", "left")
    return _in_schema(_with_facts(spark, table, as_of=as_of, workdir=workdir))


def _with_facts(
    spark: SparkSession, table: DataFrame, *, as_of: dt.date, workdir: Path
) -> DataFrame:
    """profiles._with_facts on the cluster: a fact (even [] or 0) replaces the typed value."""
    from pyspark.sql import functions as F

    facts = facts_frame(enterprise_facts(as_of=as_of))
    if facts is None:
        return table
    path = workdir / "facts.parquet"
    facts.write_parquet(path)
    names = [column.removeprefix("fact_") for column in facts.columns[1:]]
    joined = table.join(F.broadcast(spark.read.parquet(path.as_uri())), "enterprise_id", "left")
    return joined.select(
        *(column for column in table.columns if column not in names),
        *(
            F.coalesce(F.col(f"fact_{name}"), F.col(name)).alias(name)
            if name in table.columns
            else F.col(f"fact_{name}").alias(name)
            for name in names
        ),
    )


def _region_predicates(spark: SparkSession, enterprises: QuerySet[Enterprise]) -> list[str]:
    """JDBC partitions: ranges of 4-digit city prefixes of about equal size, open at both ends
    (every row falls in exactly one, whatever was added since they were counted)."""
    wanted = settings.QSTRONG_SPARK_PARTITIONS or 2 * spark.sparkContext.defaultParallelism
    sizes = list(
        enterprises.order_by()
        .annotate(prefix=Substr("region_id", 1, 4))
        .values_list("prefix")
        .annotate(n=Count("pk"))
        .order_by("prefix")
    )
    total = sum(n for _prefix, n in sizes)
    bounds: list[str] = []
    seen = 0
    for prefix, n in sizes:
        if seen and seen >= total * (len(bounds) + 1) / wanted and str(prefix).isdigit():
            bounds.append(str(prefix))
        seen += n
    if not bounds:
        return ["1 = 1"]
    predicates = [f"p_region < '{bounds[0]}' OR p_region IS NULL"]
    predicates += [
        f"p_region >= '{low}' AND p_region < '{high}'" for low, high in itertools.pairwise(bounds)
    ]
    predicates.append(f"p_region >= '{bounds[-1]}'")
    return predicates


def _jdbc(spark: SparkSession, query: str, *, predicates: list[str] | None = None) -> DataFrame:
    db = connection.settings_dict
    url = f"jdbc:postgresql://{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    properties = {
        "user": str(db["USER"] or ""),
        "password": str(db["PASSWORD"] or ""),
        "driver": "org.postgresql.Driver",
        "fetchsize": "20000",
        # Timestamps read as text (matched_at) in UTC, as Django's own connection reads them.
        "options": "-c TimeZone=UTC",
    }
    table = f"({query}) AS q"
    return spark.read.jdbc(url, table, predicates=predicates or ["1 = 1"], properties=properties)


# Evaluation -------------------------------------------------------------------------------------


def pairs_table(profiles: DataFrame, *, rules: Sequence[RuleToRun], as_of: dt.date) -> DataFrame:
    """The non-false pairs: (policy_id, rule_id, enterprise_id, outcome, pattern), the pattern
    (each condition's outcome) only for needs-data pairs.

    Each pass is one projection over the cached profiles: rule i (numbered from 1) gives i when
    true, -i when unknown, 0 when false, and the non-zero codes of a row are exploded into its
    pairs; the pattern is then computed for the negative codes only. Plain column expressions
    throughout: a lambda (filter(array, x -> ...)) has no generated code and is interpreted
    row by row, rule by rule (see ADR 0017). Run it under `evaluation_conf`.
    """
    from pyspark.sql import functions as F

    from qstrong.policies.rules.compiling_spark import pattern_spark_sql, to_spark_sql

    if not rules:
        return profiles.select(
            F.lit(None).cast("bigint").alias("policy_id"),
            F.lit(None).cast("bigint").alias("rule_id"),
            "enterprise_id",
            F.lit(None).cast("string").alias("outcome"),
            F.lit(None).cast("string").alias("pattern"),
        ).limit(0)
    # SQL text: a Column built node by node costs a JVM call per node.
    passes = []
    for start in range(0, len(rules), RULES_PER_PASS):
        numbered = list(enumerate(rules[start : start + RULES_PER_PASS], start=start + 1))
        codes = ", ".join(
            f"coalesce(CAST({to_spark_sql(item.rule, as_of=as_of)} AS INT), -1) * {number}"
            for number, item in numbered
        )
        coded = profiles.select("*", F.expr(f"array_remove(array({codes}), 0)").alias("codes"))
        # explode_outer, not explode: explode makes the optimizer add size(codes) > 0 as a
        # filter below the projection, which evaluates every rule a second time.
        exploded = coded.select(*profiles.columns, F.explode_outer("codes").alias("code"))
        patterns = " ".join(
            f"WHEN {-number} THEN {pattern_spark_sql(item.rule, as_of=as_of)}"
            for number, item in numbered
        )
        passes.append(
            exploded.filter(F.col("code").isNotNull()).select(
                "enterprise_id", "code", F.expr(f"CASE code {patterns} END").alias("pattern")
            )
        )
    pairs = functools.reduce(lambda a, b: a.unionByName(b), passes)
    policy_ids = ", ".join(f"CAST({int(item.policy_id)} AS BIGINT)" for item in rules)
    rule_ids = ", ".join(f"CAST({int(item.rule_id)} AS BIGINT)" for item in rules)
    return pairs.select(
        F.expr(f"element_at(array({policy_ids}), abs(code))").alias("policy_id"),
        F.expr(f"element_at(array({rule_ids}), abs(code))").alias("rule_id"),
        "enterprise_id",
        F.when(F.col("code") > 0, ELIGIBLE).otherwise(NEEDS_DATA).alias("outcome"),
        "pattern",
    )


@contextlib.contextmanager
def evaluation_conf(spark: SparkSession) -> Iterator[None]:
    """Whole-stage code generation off while the rules are evaluated.

    Fused into one method per stage, a pass of many rules makes a method far beyond the 8,000
    bytes of bytecode HotSpot compiles (or beyond Java's 64 KB, and Spark compiles it twice):
    the JVM then interprets the generated code, 30-40 times slower than Polars. Without it, each
    rule is its own small generated method, compiled by the JIT.
    """
    key = "spark.sql.codegen.wholeStage"
    before = str(spark.conf.get(key, "true"))
    spark.conf.set(key, "false")
    try:
        yield
    finally:
        spark.conf.set(key, before)


def _with_missing_fields(
    spark: SparkSession, pairs: DataFrame, *, rules: Sequence[RuleToRun], workdir: Path
) -> DataFrame:
    """missing_fields as JSON text (json.dumps, as stored): computed here once per distinct
    (policy, pattern) of the needs-data pairs, joined back on the cluster; "[]" when eligible."""
    from pyspark.sql import functions as F

    rule_of = {item.policy_id: item.rule for item in rules}
    distinct = (
        pairs.filter(F.col("pattern").isNotNull()).select("policy_id", "pattern").distinct()
    ).collect()
    table = pl.DataFrame(
        [
            (
                row["policy_id"],
                row["pattern"],
                json.dumps(missing_from_pattern(rule_of[row["policy_id"]], row["pattern"])),
            )
            for row in distinct
        ],
        schema={"policy_id": pl.Int64(), "pattern": pl.String(), "missing_fields": pl.String()},
        orient="row",
    )
    path = workdir / "missing.parquet"
    table.write_parquet(path)
    missing = F.broadcast(spark.read.parquet(path.as_uri()))
    joined = pairs.join(missing, ["policy_id", "pattern"], "left")
    return joined.select(
        "policy_id",
        "rule_id",
        "enterprise_id",
        "outcome",
        F.coalesce(F.col("missing_fields"), F.lit("[]")).alias("missing_fields"),
    )


def _count(outcome: SparkOutcome, counted: list[Any], rules: Sequence[RuleToRun]) -> None:
    found = {(row["policy_id"], row["outcome"]): int(row["count"]) for row in counted}
    for item in rules:
        counts = {name: found.get((item.policy_id, name), 0) for name in (ELIGIBLE, NEEDS_DATA)}
        counts[INELIGIBLE] = outcome.enterprises - counts[ELIGIBLE] - counts[NEEDS_DATA]
        outcome.per_policy[item.policy_id] = counts
        for name, value in counts.items():
            outcome.counts[name] += value


# The difference with the stored results ---------------------------------------------------------


def _old_results(
    spark: SparkSession, *, policy_ids: Sequence[int], workdir: Path, jdbc: bool
) -> DataFrame:
    from pyspark.sql import functions as F

    if not policy_ids:
        schema = ", ".join(f"{name} {spark_type(dtype)}" for name, dtype in OLD_SCHEMA.items())
        return spark.createDataFrame([], schema)
    sql, params = old_results_sql(policy_ids)
    if jdbc:
        parts = max(1, settings.QSTRONG_SPARK_PARTITIONS or spark.sparkContext.defaultParallelism)
        old = _jdbc(
            spark,
            inline_params(sql, params),
            predicates=[f"MOD(id, {parts}) = {index}" for index in range(parts)],
        )
    else:
        path = workdir / "old.parquet"
        read_frame(sql, params, OLD_SCHEMA).write_parquet(path)
        old = spark.read.parquet(path.as_uri())
    return old.select(
        *(F.col(name).cast(spark_type(dtype)).alias(name) for name, dtype in OLD_SCHEMA.items())
    )


def spark_type(dtype: pl.DataType) -> str:
    """The Spark SQL type of a column of OLD_SCHEMA / CHANGE_SCHEMA."""
    return "bigint" if dtype == pl.Int64() else "string"


def _changes(pairs: DataFrame, old: DataFrame) -> DataFrame:
    """store.results_replace's comparison on the cluster: a pair whose outcome, rule version and
    missing fields are unchanged is left out."""
    from pyspark.sql import functions as F

    joined = pairs.join(old, ["policy_id", "enterprise_id"], "full")
    same = F.coalesce(
        (F.col("outcome") == F.col("old_outcome"))
        & (F.col("rule_id") == F.col("old_rule_id"))
        & (F.col("missing_fields") == F.col("old_missing")),
        F.lit(False),
    )
    return joined.filter(~same).select(*CHANGE_SCHEMA)


def _read_changes(path: Path) -> pl.DataFrame:
    files = sorted(path.glob("*.parquet"))
    if not files:
        return pl.DataFrame(schema=CHANGE_SCHEMA)
    frame = pl.read_parquet(files)
    return frame.select(pl.col(name).cast(dtype) for name, dtype in CHANGE_SCHEMA.items())
