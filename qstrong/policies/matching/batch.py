"""Evaluate many rules over a profile frame at once: outcomes, counts, missing fields.

Every rule compiles to one Polars expression (P1's to_polars); one big lazy select evaluates
them all as Int8 columns (1 true, 0 false, null unknown). Only the non-false pairs are unpivoted,
one policy column at a time, so a million enterprises × 200 policies never become 200 million rows.
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
from qstrong.policies.rules.evaluation import conditions_of

# One select for up to this many policies: the more in one plan, the more conditions shared.
POLICIES_PER_SELECT = 250
ELIGIBLE, NEEDS_DATA, INELIGIBLE = "eligible", "needs_data", "ineligible"
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class RuleToRun:
    """One policy's rule version, as the batch needs it."""

    policy_id: int
    rule_id: int
    rule: Any
    # Changes whenever the version's rule text may have changed (a draft's version is edited in
    # place): part of the key under which its compiled expression is cached.
    stamp: str = ""


# Compiled expressions by (rule id, stamp, as-of): compiling (and validating) 200 rules costs
# more than evaluating them for one enterprise, and a process re-matches enterprises all day.
_COMPILED: dict[tuple[int, str, dt.date], pl.Expr] = {}
COMPILED_CACHE_SIZE = 5000


def compiled(item: RuleToRun, as_of: dt.date) -> pl.Expr:
    key = (item.rule_id, item.stamp, as_of)
    expr = _COMPILED.get(key)
    if expr is None:
        if len(_COMPILED) >= COMPILED_CACHE_SIZE:
            _COMPILED.clear()
        expr = _COMPILED[key] = to_polars(item.rule, as_of=as_of)
    return expr


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
        # Lazy, so that the optimiser shares the conditions policies have in common (common
        # subexpression elimination): 5× faster than an eager select on realistic rule sets.
        wide = (
            frame.lazy()
            .select(
                pl.col("enterprise_id"),
                *(compiled(r, as_of).cast(pl.Int8).alias(_name(r)) for r in group),
            )
            .collect()
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
    """Count the policy's outcomes and yield its non-false pairs (Series filters: no frame copy)."""
    column = wide[_name(item)]
    eligible, unknown = (column == 1).fill_null(False), column.is_null()
    counts = {ELIGIBLE: int(eligible.sum()), NEEDS_DATA: int(unknown.sum())}
    counts[INELIGIBLE] = wide.height - counts[ELIGIBLE] - counts[NEEDS_DATA]
    outcome.per_policy[item.policy_id] = counts
    for key, value in counts.items():
        outcome.counts[key] += value
    ids = wide["enterprise_id"]
    for name, mask in ((ELIGIBLE, eligible), (NEEDS_DATA, unknown)):
        if not counts[name]:
            continue
        fields: pl.Series | str = "[]"
        if name == NEEDS_DATA and explain:
            fields = missing_fields_column(frame=frame, mask=mask, rule=item.rule, as_of=as_of)
        yield pl.DataFrame({"enterprise_id": ids.filter(mask)}).select(
            pl.lit(item.policy_id, dtype=pl.Int64).alias("policy_id"),
            pl.lit(item.rule_id, dtype=pl.Int64).alias("rule_id"),
            pl.col("enterprise_id"),
            pl.lit(name).alias("outcome"),
            pl.lit(fields).alias("missing_fields"),
        )


def missing_fields_column(
    *, frame: pl.DataFrame, mask: pl.Series, rule: Any, as_of: dt.date
) -> pl.Series:
    """JSON text of missing_fields() for the rows of `frame` where `mask` holds (all unknown for
    `rule`). Only the conditions' columns are filtered (projection pushdown), not whole rows."""
    leaves = conditions_of(rule)
    # 0 false, 1 true, 2 unknown per condition; the pattern decides the explanation's tree.
    codes = [to_polars(leaf, as_of=as_of).cast(pl.Int8).fill_null(2) for leaf in leaves]
    pattern = pl.concat_str(codes) if len(codes) > 1 else codes[0].cast(pl.String)
    keys = (
        frame.lazy()
        .with_row_index("row")
        .with_columns(pl.Series("mask", mask))
        .filter(pl.col("mask"))
        .select("row", pattern.alias("pattern"))
        .collect()
    )
    firsts = keys.group_by("pattern").agg(pl.col("row").first())
    texts: dict[str, str] = {}
    for key, row in firsts.iter_rows():
        profile = frame.row(row, named=True)
        texts[key] = json.dumps(missing_fields(evaluate(rule, profile, as_of=as_of)))
    return keys["pattern"].replace_strict(texts, return_dtype=pl.String)
