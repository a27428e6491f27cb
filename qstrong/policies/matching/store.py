"""Storing a run's results: replace the covered pairs, keep when still-eligible pairs matched.

matched_at says since when a pair has been eligible without interruption; pushes use it to send
only what is new. Large runs write with COPY (PostgreSQL) or executemany (SQLite) through the
registry's bulk writer; one enterprise's handful of rows goes through the ORM.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from qstrong.core.dbstats import analyze_after_bulk_write
from qstrong.policies.matching.batch import ELIGIBLE
from qstrong.policies.matching.sql import read_frame
from qstrong.policies.models import MatchResult, MatchRun, Policy
from qstrong.registry.importing.dbwrite import insert_frame

STORED_COLUMNS = (
    "policy_id",
    "enterprise_id",
    "rule_id",
    "run_id",
    "as_of",
    "outcome",
    "missing_fields",
    "matched_at",
)
IDS_PER_STATEMENT = 10_000


def _db_datetime(moment: dt.datetime) -> str:
    """A timestamp as the backend stores it, so old values read as text go back unchanged."""
    value = connection.ops.adapt_datetimefield_value(moment)
    return value.isoformat() if isinstance(value, dt.datetime) else str(value)


def results_replace(
    *, pairs: pl.DataFrame, run: MatchRun, policy_ids: Sequence[int], progress: Any = None
) -> int:
    """Make the stored results of these policies (all enterprises) equal to `pairs`.

    Only the difference is written: a pair whose outcome, rule version and missing fields are
    unchanged keeps its row (and the run and date that first gave it), so a nightly run over a
    registry that barely moved writes almost nothing. Returns the rows written.
    """
    if not policy_ids:
        return 0
    with transaction.atomic():
        old = read_frame(*old_results_sql(policy_ids), OLD_SCHEMA)
        joined = pairs.join(
            old, on=["policy_id", "enterprise_id"], how="full", coalesce=True, maintain_order="left"
        )
        del old
        same = (
            (pl.col("outcome") == pl.col("old_outcome"))
            & (pl.col("rule_id") == pl.col("old_rule_id"))
            & (pl.col("missing_fields") == pl.col("old_missing"))
        ).fill_null(False)
        changes = joined.filter(~same)
        del joined
        return results_apply_changes(changes=changes, run=run, progress=progress)


def old_results_sql(policy_ids: Sequence[int]) -> tuple[str, list[int]]:
    """The stored results of these policies as the difference needs them (OLD_SCHEMA)."""
    table = connection.ops.quote_name(MatchResult._meta.db_table)
    marks = ", ".join(["%s"] * len(policy_ids))
    sql = (
        f"SELECT id, policy_id, enterprise_id, rule_id AS old_rule_id, outcome AS old_outcome, "
        f"CAST(missing_fields AS TEXT) AS old_missing, "
        f"CAST(matched_at AS TEXT) AS old_matched_at FROM {table} WHERE policy_id IN ({marks})"
    )
    return sql, list(policy_ids)


def results_apply_changes(*, changes: pl.DataFrame, run: MatchRun, progress: Any = None) -> int:
    """Write the changed pairs: each row is the new pair (outcome null: none now) joined with the
    stored one it replaces (id null: none before), as results_replace or the Spark engine
    computed them. Old rows go, new rows come in with matched_at kept. Returns the rows written."""
    with transaction.atomic():
        delete_ids(changes.filter(pl.col("id").is_not_null())["id"].to_list())
        fresh = _stamped(pairs=changes.filter(pl.col("outcome").is_not_null()), run=run)
        total = fresh.height
        written = 0

        def tick(rows: int) -> None:
            nonlocal written
            written += rows
            if progress:
                progress(written, total, "store")

        insert_frame(MatchResult, fresh, tick=tick)
        analyze_after_bulk_write(models=[MatchResult], rows=total + changes.height)
    return total


OLD_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.Int64(),
    "policy_id": pl.Int64(),
    "enterprise_id": pl.Int64(),
    "old_rule_id": pl.Int64(),
    "old_outcome": pl.String(),
    "old_missing": pl.String(),
    "old_matched_at": pl.String(),
}


def delete_ids(ids: Sequence[int]) -> None:
    table = connection.ops.quote_name(MatchResult._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), IDS_PER_STATEMENT):
            chunk = list(ids[start : start + IDS_PER_STATEMENT])
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {table} WHERE id IN ({marks})", chunk)


def _stamped(*, pairs: pl.DataFrame, run: MatchRun) -> pl.DataFrame:
    """New rows; a pair eligible before and now keeps the time it first matched."""
    now = _db_datetime(timezone.now())
    keep = (pl.col("outcome") == ELIGIBLE) & (pl.col("old_outcome") == ELIGIBLE)
    return pairs.select(
        "policy_id",
        "enterprise_id",
        "rule_id",
        pl.lit(run.pk, dtype=pl.Int64).alias("run_id"),
        pl.lit(run.as_of.isoformat()).alias("as_of"),
        "outcome",
        "missing_fields",
        pl.when(keep.fill_null(False))
        .then(pl.col("old_matched_at"))
        .otherwise(pl.lit(now))
        .alias("matched_at"),
    )


def results_replace_for_enterprises(
    *, pairs: pl.DataFrame, run: MatchRun, policies: QuerySet[Policy], enterprise_ids: Sequence[int]
) -> int:
    """Replace the stored results of these policies (a subquery: the ones evaluated) × these
    few enterprises."""
    with transaction.atomic():
        for start in range(0, len(enterprise_ids), IDS_PER_STATEMENT):
            chunk = list(enterprise_ids[start : start + IDS_PER_STATEMENT])
            covered = MatchResult.objects.filter(enterprise_id__in=chunk, policy__in=policies)
            old = dict(
                ((p, e), at)
                for p, e, at in covered.filter(outcome=ELIGIBLE).values_list(
                    "policy_id", "enterprise_id", "matched_at"
                )
            )
            covered.delete()  # a single DELETE: nothing cascades from a result
            now = timezone.now()
            rows = [
                MatchResult(
                    policy_id=row["policy_id"],
                    enterprise_id=row["enterprise_id"],
                    rule_id=row["rule_id"],
                    run=run,
                    as_of=run.as_of,
                    outcome=row["outcome"],
                    missing_fields=_json_list(row["missing_fields"]),
                    matched_at=(
                        old.get((row["policy_id"], row["enterprise_id"]), now)
                        if row["outcome"] == ELIGIBLE
                        else now
                    ),
                )
                for row in (
                    pairs
                    if len(chunk) == len(enterprise_ids)
                    else pairs.filter(pl.col("enterprise_id").is_in(chunk))
                ).iter_rows(named=True)
            ]
            MatchResult.objects.bulk_create(rows, batch_size=1000)
    return pairs.height


def _json_list(text: str) -> list[str]:
    import json

    value = json.loads(text)
    return value if isinstance(value, list) else []
