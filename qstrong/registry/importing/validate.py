"""Validating an enterprise file: every problem at once, as row, column, value and reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl
import polars.selectors as cs

from qstrong.registry.importing import values as v
from qstrong.registry.importing.columns import ENTERPRISE_COLUMNS, Column, map_headers
from qstrong.registry.importing.lists import parse_list
from qstrong.registry.importing.messages import FileRefused, message
from qstrong.registry.importing.reader import ROW, Table
from qstrong.registry.importing.reference import Reference

BAD = "_bad"


@dataclass
class CellError:
    row: int | None
    column: str
    value: str | None
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    position: int = -1  # the column's index in the file, for ordering and the report

    def as_dict(self, language: str) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": message(self.code, language, **self.params),
            "code": self.code,
        }


@dataclass
class Validated:
    frame: pl.DataFrame  # ROW, raw_<key>, <key> (typed), BAD
    present: list[str]
    written: dict[str, str]
    positions: dict[str, int]
    errors: list[CellError]
    warnings: list[CellError]

    @property
    def total_rows(self) -> int:
        return self.frame.height

    def header(self, key: str) -> str:
        column = next(c for c in ENTERPRISE_COLUMNS if c.key == key)
        return self.written.get(key, column.zh)

    def error(self, row: int | None, key: str, value: Any, code: str, /, **params: Any) -> None:
        self.errors.append(
            CellError(row, self.header(key), value, code, params, self.positions.get(key, -1))
        )

    def mark_bad(self) -> None:
        rows = {e.row for e in self.errors if e.row is not None}
        self.frame = self.frame.with_columns(pl.col(ROW).is_in(list(rows)).alias(BAD))

    def sorted_errors(self) -> list[CellError]:
        return sorted(self.errors, key=lambda e: (e.row or 0, e.position, e.code))


def validate_enterprises(
    *, table: Table, reference: Reference, region_prefix: str = ""
) -> Validated:
    """Parse and check every cell; `region_prefix` limits the regions an officer may write."""
    mapping = map_headers(table.header, ENTERPRISE_COLUMNS)
    if "uscc" not in mapping.positions:
        raise FileRefused("column_missing", column="统一社会信用代码")
    if mapping.duplicates:
        text, first, second = mapping.duplicates[0]
        raise FileRefused("column_duplicate", column=text, first=first, second=second)
    columns = [c for c in ENTERPRISE_COLUMNS if c.key in mapping.positions]
    frame = table.frame.select(
        pl.col(ROW),
        *[pl.col(f"c{mapping.positions[c.key]}").alias(f"raw_{c.key}") for c in columns],
    )
    result = Validated(
        frame=frame,
        present=[c.key for c in columns],
        written=mapping.written,
        positions=mapping.positions,
        errors=[],
        warnings=[
            CellError(None, text, None, "column_unknown", {"column": text})
            for text in mapping.unknown
        ],
    )
    checks: list[tuple[str, v.Check]] = []
    parsed: dict[str, v.Parsed] = {}
    for column in columns:
        raw = pl.col(f"raw_{column.key}")
        if column.required:
            checks.append((column.key, v.Check(raw.is_null(), "required")))
        if column.kind in LIST_KINDS:
            continue
        parsed[column.key] = _parser(column, reference, table.fmt)(raw, f"_p_{column.key}")
        checks.extend((column.key, check) for check in parsed[column.key].checks)
    # Stage by stage across all columns: each intermediate is computed once, columns in parallel.
    depth = max((len(p.stages) for p in parsed.values()), default=0)
    frame = result.frame
    for level in range(depth):
        exprs = [e for p in parsed.values() if level < len(p.stages) for e in p.stages[level]]
        frame = frame.with_columns(exprs)
    frame = frame.with_columns(p.value.alias(key) for key, p in parsed.items())
    result.frame = frame
    _collect(result, checks)
    result.frame = result.frame.drop(cs.starts_with("_p_"))
    for column in columns:
        if column.kind in LIST_KINDS:
            series, problems = parse_list(result.frame, column.key, column.kind, reference)
            result.frame = result.frame.with_columns(series.alias(column.key))
            for row, value, code, params in problems:
                result.error(row, column.key, value, code, **params)
    _check_duplicates(result)
    if region_prefix and "region" in result.present:
        _collect(
            result,
            [
                (
                    "region",
                    v.Check(
                        pl.col("region").is_not_null()
                        & ~pl.col("region").str.starts_with(region_prefix),
                        "out_of_jurisdiction",
                    ),
                )
            ],
        )
    result.mark_bad()
    return result


LIST_KINDS = {"certifications", "tags", "chains", "towns"}


def _parser(column: Column, reference: Reference, fmt: str) -> v.Parser:
    kind = column.kind
    if kind == "name":
        return lambda raw, p: v.parse_name(raw, p, column.max_length or 200)
    if kind == "text":
        return lambda raw, p: v.parse_text(raw, p, column.max_length or 255)
    if kind == "region":
        return lambda raw, p: v.parse_region(raw, p, reference.counties, reference.regions)
    if kind == "industry":
        return lambda raw, p: v.parse_industry(
            raw, p, reference.industries, reference.industry_by_digits
        )
    if kind == "date":
        return lambda raw, p: v.parse_date(raw, p, excel_serials=fmt == "xlsx")
    simple: dict[str, v.Parser] = {
        "uscc": v.parse_uscc,
        "integer": v.parse_integer,
        "number": v.parse_number,
        "scale": v.parse_scale,
        "credit": v.parse_credit,
    }
    return simple[kind]


def _collect(result: Validated, checks: list[tuple[str, v.Check]]) -> None:
    """Evaluate all masks in one pass, then fetch the rows of those that fired."""
    if not checks:
        return
    masks = result.frame.select(
        [check.mask.fill_null(False).alias(f"m{i}") for i, (_, check) in enumerate(checks)]
    )
    fired = [i for i, hits in enumerate(masks.sum().row(0)) if hits]
    for i in fired:
        key, check = checks[i]
        rows = result.frame.filter(masks[f"m{i}"]).select(
            pl.col(ROW),
            pl.col(f"raw_{key}").alias("value"),
            *[expr.alias(f"p_{name}") for name, expr in check.params.items()],
        )
        for record in rows.iter_rows(named=True):
            params = {name: record[f"p_{name}"] for name in check.params}
            result.error(record[ROW], key, record["value"], check.code, **params)


def _check_duplicates(result: Validated) -> None:
    """A USCC seen on an earlier row is an error on each later row, naming the first."""
    dupes = result.frame.with_columns(pl.col(ROW).min().over("uscc").alias("_first")).filter(
        pl.col("uscc").is_not_null() & (pl.col(ROW) != pl.col("_first"))
    )
    for row, value, first_row in dupes.select(ROW, "raw_uscc", "_first").iter_rows():
        result.error(row, "uscc", value, "uscc_duplicate", first=first_row)


def check_against_registry(*, result: Validated, region_prefix: str) -> None:
    """Checks that need the registry (old_id, old_region joined in): new enterprises need a
    name and a region; an officer may not touch an enterprise registered outside their area."""
    frame = result.frame
    new = frame.filter(pl.col("old_id").is_null() & pl.col("uscc").is_not_null())
    for key in ("name", "region"):
        if key not in result.present:
            for (row,) in new.select(ROW).iter_rows():
                result.error(row, key, None, "required_new", column=result.header(key))
    if region_prefix:
        outside = frame.filter(
            pl.col("old_region").is_not_null()
            & ~pl.col("old_region").str.starts_with(region_prefix)
        )
        key = "region" if "region" in result.present else "uscc"
        already = {e.row for e in result.errors if e.code == "out_of_jurisdiction"}
        for row, value in outside.select(ROW, f"raw_{key}").iter_rows():
            if row not in already:
                result.error(row, key, value, "out_of_jurisdiction")
    result.mark_bad()
