"""derive_scale for a whole column at once, from the same thresholds (tested to agree)."""

from __future__ import annotations

from functools import cache

import polars as pl

from qstrong.registry.models import Industry
from qstrong.registry.scale import EMPLOYEES, REVENUE, industry_group

_RANK_SCALE = {0: "micro", 1: "small", 2: "medium", 3: "large"}


@cache
def _rules_for(codes: tuple[str, ...]) -> pl.DataFrame:
    rows = []
    for code in codes:
        group = industry_group(code)
        if group is None:
            continue
        row: dict[str, object] = {"industry": code}
        for slot, threshold in enumerate(group.thresholds[:2], start=1):
            # Revenue is compared in cents, as the import holds it.
            factor = 100 if threshold.indicator == REVENUE else 1
            row[f"i{slot}"] = threshold.indicator
            row[f"l{slot}"] = int(threshold.large * factor)
            row[f"m{slot}"] = int(threshold.medium * factor)
            row[f"s{slot}"] = int(threshold.small * factor)
        rows.append(row)
    schema: dict[str, type[pl.DataType]] = {"industry": pl.String}
    for slot in (1, 2):
        schema |= {
            f"i{slot}": pl.String,
            f"l{slot}": pl.Int64,
            f"m{slot}": pl.Int64,
            f"s{slot}": pl.Int64,
        }
    return pl.DataFrame(rows, schema=schema)


def scale_rules() -> pl.DataFrame:
    return _rules_for(tuple(Industry.objects.order_by("code").values_list("code", flat=True)))


def derived_scale(
    frame: pl.DataFrame, *, industry: str, employees: str, revenue_cents: str
) -> pl.Series:
    """derive_scale(industry_code, employees, revenue) per row; null when it cannot be decided."""
    rules = scale_rules()
    joined = frame.select(
        pl.col(industry).alias("industry"),
        pl.col(employees).alias("_employees"),
        pl.col(revenue_cents).alias("_revenue"),
    ).join(rules, on="industry", how="left", maintain_order="left")
    ranks, present = [], []
    for slot in (1, 2):
        indicator = pl.col(f"i{slot}")
        value = (
            pl.when(indicator == EMPLOYEES)
            .then(pl.col("_employees"))
            .when(indicator == REVENUE)
            .then(pl.col("_revenue"))
            .otherwise(None)  # assets are not in the file: unknown
        )
        rank = (
            pl.when(value.is_null())
            .then(None)
            .when(value >= pl.col(f"l{slot}"))
            .then(3)
            .when(value >= pl.col(f"m{slot}"))
            .then(2)
            .when(value >= pl.col(f"s{slot}"))
            .then(1)
            .otherwise(0)
        )
        ranks.append(rank)
        present.append(indicator.is_not_null())
    micro = pl.any_horizontal([p & (r == 0) for p, r in zip(present, ranks, strict=True)])
    all_known = present[0] & pl.all_horizontal(
        [~p | r.is_not_null() for p, r in zip(present, ranks, strict=True)]
    )
    result = (
        pl.when(~present[0])
        .then(None)
        .when(micro.fill_null(False))
        .then(0)
        .when(all_known)
        .then(pl.min_horizontal(ranks))
        .otherwise(None)
    )
    return joined.select(
        result.replace_strict(_RANK_SCALE, default=None, return_dtype=pl.String).alias("scale")
    ).to_series()
