"""List cells (certifications, tags, chains, towns): split, map each distinct item once."""

from __future__ import annotations

from typing import Any

import polars as pl

from qstrong.registry.importing import values as v
from qstrong.registry.importing.reader import ROW
from qstrong.registry.importing.reference import Reference, fold
from qstrong.registry.services import chain_membership_text

Problem = tuple[int, str, str, dict[str, Any]]


def parse_list(
    frame: pl.DataFrame, key: str, kind: str, reference: Reference
) -> tuple[pl.Series, list[Problem]]:
    """A List[str] column: null = not recorded, [] = recorded as none; sorted, no repeats."""
    raw = pl.col(f"raw_{key}")
    is_none = raw.str.to_lowercase().is_in(list(v.NONE_MARKERS))
    cells = frame.select(
        pl.col(ROW),
        raw.alias("raw"),
        is_none.fill_null(False).alias("none"),
        raw.str.replace_all(v.LIST_SEPARATORS, ";").str.split(";").alias("items"),
    )
    items = (
        cells.filter(pl.col("raw").is_not_null() & ~pl.col("none"))
        .select(ROW, "raw", "items")
        .explode("items")
        .with_columns(pl.col("items").str.strip_chars())
        .filter(pl.col("items").is_not_null() & (pl.col("items") != ""))
    )
    mapper = _MAPPERS[kind]
    distinct = items["items"].unique().to_list()
    mapped = {item: mapper(item, reference) for item in distinct}
    items = items.with_columns(
        pl.col("items")
        .replace_strict({k: m[0] for k, m in mapped.items()}, default=None, return_dtype=pl.String)
        .alias("value"),
        pl.col("items")
        .replace_strict({k: m[1] for k, m in mapped.items()}, default=None, return_dtype=pl.String)
        .alias("error"),
    )
    problems: list[Problem] = [
        (row, raw_cell, code, {"item": item})
        for row, raw_cell, item, code in items.filter(pl.col("error").is_not_null())
        .select(ROW, "raw", "items", "error")
        .iter_rows()
    ]
    if kind in {"chains", "towns"}:
        problems.extend(_repeats(items, kind))
    grouped = (
        items.filter(pl.col("value").is_not_null())
        .group_by(ROW)
        .agg(pl.col("value").unique().sort())
    )
    joined = cells.select(ROW, "raw", "none").join(
        grouped, on=ROW, how="left", maintain_order="left"
    )
    series = joined.select(
        pl.when(pl.col("raw").is_null())
        .then(pl.lit(None, dtype=pl.List(pl.String)))
        .otherwise(pl.col("value").fill_null(pl.lit([], dtype=pl.List(pl.String))))
        .alias(key)
    ).to_series()
    return series, problems


def _repeats(items: pl.DataFrame, kind: str) -> list[Problem]:
    """The same chain (or town) twice in one cell, whatever the role."""
    target = items.filter(pl.col("value").is_not_null()).with_columns(
        pl.col("value").str.split(":").list.first().alias("code")
    )
    repeated = target.filter(pl.col("code").is_duplicated().over(ROW)).unique(
        subset=[ROW, "code"], keep="last", maintain_order=True
    )
    code = "chain_repeated" if kind == "chains" else "town_repeated"
    return [
        (row, raw, code, {"item": item})
        for row, raw, item in repeated.select(ROW, "raw", "items").iter_rows()
    ]


def _certification(item: str, reference: Reference) -> tuple[str | None, str | None]:
    return v.normalise_certification(item), None


def _tag(item: str, reference: Reference) -> tuple[str | None, str | None]:
    return v.normalise_tag(item), None


def _split_suffix(item: str) -> tuple[str, str | None]:
    text = item.replace("：", ":")
    if ":" not in text:
        return text.strip(), None
    name, _, suffix = text.rpartition(":")
    return name.strip(), suffix.strip()


def _chain(item: str, reference: Reference) -> tuple[str | None, str | None]:
    code = reference.chains.get(fold(item))
    if code is not None:
        return chain_membership_text(code, v.DEFAULT_CHAIN_ROLE), None
    name, role_text = _split_suffix(item)
    code = reference.chains.get(fold(name))
    if code is None:
        return None, "chain_unknown"
    if role_text is None or role_text == "":
        return chain_membership_text(code, v.DEFAULT_CHAIN_ROLE), None
    role = v.CHAIN_ROLES.get(role_text, v.CHAIN_ROLES.get(role_text.lower()))
    if role is None:
        return None, "chain_role_invalid"
    return chain_membership_text(code, role), None


def _town(item: str, reference: Reference) -> tuple[str | None, str | None]:
    code = reference.towns.get(fold(item))
    if code is not None:
        return code, None
    name, suffix = _split_suffix(item)
    code = reference.towns.get(fold(name))
    if code is None or (suffix and suffix.lower() not in v.TOWN_LEADING):
        return None, "town_unknown"
    return f"{code}:leading" if suffix else code, None


_MAPPERS = {
    "certifications": _certification,
    "tags": _tag,
    "chains": _chain,
    "towns": _town,
}
