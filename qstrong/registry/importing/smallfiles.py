"""Shared parts of the small registry files (chains, towns, members, industries)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qstrong.registry.importing.columns import Column, map_headers
from qstrong.registry.importing.messages import FileRefused, message
from qstrong.registry.importing.reader import ROW, Table
from qstrong.registry.importing.validate import CellError
from qstrong.registry.models import ImportBatch


@dataclass
class SmallFile:
    """Rows as dicts of key → trimmed text (None when empty), plus problems found so far."""

    rows: list[dict[str, Any]]
    present: set[str]
    written: dict[str, str]
    positions: dict[str, int]
    columns: tuple[Column, ...]
    errors: list[CellError] = field(default_factory=list)
    warnings: list[CellError] = field(default_factory=list)

    def header(self, key: str) -> str:
        column = next(c for c in self.columns if c.key == key)
        return self.written.get(key, column.zh)

    def error(self, row: int, key: str, code: str, /, **params: Any) -> None:
        value = next((r.get(key) for r in self.rows if r[ROW] == row), None)
        self.errors.append(
            CellError(row, self.header(key), value, code, params, self.positions.get(key, -1))
        )

    @property
    def bad_rows(self) -> set[int]:
        return {e.row for e in self.errors if e.row is not None}


def small_file(table: Table, columns: tuple[Column, ...], required: tuple[str, ...]) -> SmallFile:
    mapping = map_headers(table.header, columns)
    for key in required:
        if key not in mapping.positions:
            column = next(c for c in columns if c.key == key)
            raise FileRefused("column_missing", column=column.zh)
    if mapping.duplicates:
        text, first, second = mapping.duplicates[0]
        raise FileRefused("column_duplicate", column=text, first=first, second=second)
    names = {key: f"c{index}" for key, index in mapping.positions.items()}
    rows = [
        {ROW: record[ROW], **{key: record[name] for key, name in names.items()}}
        for record in table.frame.iter_rows(named=True)
    ]
    result = SmallFile(rows, set(mapping.positions), mapping.written, mapping.positions, columns)
    result.warnings = [
        CellError(None, text, None, "column_unknown", {"column": text}) for text in mapping.unknown
    ]
    for row in rows:
        for column in columns:
            if column.required and column.key in result.present and row.get(column.key) is None:
                result.error(row[ROW], column.key, "required")
    return result


def first_rows(result: SmallFile, key: str, code: str, fold: Any = str) -> None:
    """A value repeated in a later row is an error there, naming the first row."""
    seen: dict[Any, int] = {}
    for row in result.rows:
        value = row.get(key)
        if value is None:
            continue
        folded = fold(value)
        if folded in seen:
            result.error(row[ROW], key, code, first=seen[folded])
        else:
            seen[folded] = row[ROW]


def finish(batch: ImportBatch, result: SmallFile, counts: dict[str, int] | None) -> None:
    """Store errors and counts; `counts` None means the file was refused."""
    language = batch.language
    ordered = sorted(result.errors, key=lambda e: (e.row or 0, e.position, e.code))
    batch.errors = [e.as_dict(language) for e in ordered]
    batch.warnings = [w.as_dict(language) for w in result.warnings]
    batch.total_rows = len(result.rows)
    batch.rejected_count = len(result.bad_rows)
    if counts is None:
        batch.state = ImportBatch.State.REJECTED
        batch.created_count = batch.updated_count = batch.unchanged_count = 0
        batch.message = message(
            "errors_found", language, count=len(ordered), rows=batch.rejected_count
        )
        return
    batch.created_count = counts.get("created", 0)
    batch.updated_count = counts.get("updated", 0)
    batch.unchanged_count = counts.get("unchanged", 0)
    batch.state = ImportBatch.State.DRY_RUN if batch.dry_run else ImportBatch.State.COMMITTED
    batch.message = batch.summary


def parse_int(text: str | None) -> int | None:
    """A whole number ≥ 0 as typed or as an Excel number cell ("3", "3.0"); None if not one."""
    if text is None:
        return None
    cleaned = text.replace(",", "").strip()
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    return int(cleaned) if cleaned.isdigit() else None


YES = {"是", "y", "yes", "true", "1", "√", "✓"}
NO = {"否", "n", "no", "false", "0", ""}


def parse_bool(text: str | None) -> bool | None:
    value = (text or "").strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    return None
