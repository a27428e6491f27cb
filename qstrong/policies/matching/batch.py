"""Evaluate many rules over a profile frame at once: outcomes, counts, missing fields.

Every rule compiles to one Polars expression (P1's to_polars); a few big selects evaluate them
all as Int8 columns (1 true, 0 false, null unknown). Only the non-false pairs are unpivoted, one
policy column at a time, so a million enterprises × 200 policies never become 200 million rows.
The fields to collect for a needs-data pair depend only on which conditions are true, false or
unknown; each distinct pattern is explained once with the engine's own evaluate/missing_fields.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from qstrong.policies.rules import evaluate, missing_fields, to_polars

POLICIES_PER_SELECT = 25
ELIGIBLE, NEEDS_DATA, INELIGIBLE = "eligible", "needs_data", "ineligible"
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class RuleToRun:
    """One policy's rule version, as the batch needs it."""

    policy_id: int
    rule_id: int
    rule: Any


@dataclass
class BatchOutcome:
    """Non-false pairs (policy_id, rule_id, enterprise_id, outcome, missing_fields JSON text)."""

    pairs: pl.DataFrame
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys((ELIGIBLE, NEEDS_DATA, INELIGIBLE), 0)
    )
    per_policy: dict[int, dict[str, int]] = field(default_factory=dict)


PAIR_SCHEMA: dict[str, pl.DataType] = {
    "policy_id": pl.Int64(),
    "rule_id": pl.Int64(),
    "enterprise_id": pl.Int64(),
    "outcome": pl.String(),
    "missing_fields": pl.String(),
}


def evaluate_frame(
    *,
    frame: pl.DataFrame,
    rules: Sequence[RuleToRun],
    as_of: dt.date,
    progress: Progress | None = None,
    with_missing_fields: bool = True,
) -> BatchOutcome:
    """All rules over all rows of `frame` (engine SCHEMA); missing_fields "[]" when not asked."""
    outcome = BatchOutcome(pairs=pl.DataFrame(schema=PAIR_SCHEMA))
    parts: list[pl.DataFrame] = []
    for start in range(0, len(rules), POLICIES_PER_SELECT):
        group = rules[start : start + POLICIES_PER_SELECT]
        wide = frame.select(
            pl.col("enterprise_id"),
            *(to_polars(r.rule, as_of=as_of).cast(pl.Int8).alias(_name(r)) for r in group),
        )
        for item in group:
            parts.extend(
                _pairs_of(
                    frame=frame,
                    wide=wide,
                    item=item,
                    as_of=as_of,
                    outcome=outcome,
                    explain=with_missing_fields,
                )
            )
        if progress:
            progress(min(start + len(group), len(rules)), len(rules), "evaluate")
        del wide
    if parts:
        outcome.pairs = pl.concat(parts, how="vertical")
    return outcome


def _name(item: RuleToRun) -> str:
    return f"p{item.policy_id}"


def _pairs_of(
    *,
    frame: pl.DataFrame,
    wide: pl.DataFrame,
    item: RuleToRun,
    as_of: dt.date,
    outcome: BatchOutcome,
    explain: bool = True,
) -> Iterator[pl.DataFrame]:
    column = wide[_name(item)]
    unknown = column.is_null()
    eligible_count = int((column == 1).sum())
    needs_count = int(unknown.sum())
    counts = {
        ELIGIBLE: eligible_count,
        NEEDS_DATA: needs_count,
        INELIGIBLE: wide.height - eligible_count - needs_count,
    }
    outcome.per_policy[item.policy_id] = counts
    for key, value in counts.items():
        outcome.counts[key] += value
    constants = [
        pl.lit(item.policy_id, dtype=pl.Int64).alias("policy_id"),
        pl.lit(item.rule_id, dtype=pl.Int64).alias("rule_id"),
    ]
    if eligible_count:
        yield wide.filter(column == 1).select(
            *constants,
            pl.col("enterprise_id"),
            pl.lit(ELIGIBLE).alias("outcome"),
            pl.lit("[]").alias("missing_fields"),
        )
    if needs_count:
        subset = frame.filter(unknown)
        yield subset.select(
            *constants,
            pl.col("enterprise_id"),
            pl.lit(NEEDS_DATA).alias("outcome"),
            missing_fields_column(frame=subset, rule=item.rule, as_of=as_of).alias(
                "missing_fields"
            ),
        )


def conditions_of(rule: Any) -> list[dict[str, Any]]:
    """The rule's condition leaves in document order."""
    if "all" in rule:
        return [leaf for child in rule["all"] for leaf in conditions_of(child)]
    if "any" in rule:
        return [leaf for child in rule["any"] for leaf in conditions_of(child)]
    if "not" in rule:
        return conditions_of(rule["not"])
    return [rule]


def missing_fields_column(*, frame: pl.DataFrame, rule: Any, as_of: dt.date) -> pl.Series:
    """JSON text of missing_fields() for every row (all rows must be unknown for `rule`)."""
    leaves = conditions_of(rule)
    # 0 false, 1 true, 2 unknown per condition; the pattern decides the explanation's tree.
    codes = [to_polars(leaf, as_of=as_of).cast(pl.Int8).fill_null(2) for leaf in leaves]
    pattern = pl.concat_str(codes) if len(codes) > 1 else codes[0].cast(pl.String)
    keys = frame.select(pattern.alias("pattern"))["pattern"]
    firsts = keys.to_frame().with_row_index("row").group_by("pattern").agg(pl.col("row").first())
    texts: dict[str, str] = {}
    for key, row in firsts.iter_rows():
        profile = frame.row(row, named=True)
        texts[key] = json.dumps(missing_fields(evaluate(rule, profile, as_of=as_of)))
    return keys.replace_strict(texts, return_dtype=pl.String)
