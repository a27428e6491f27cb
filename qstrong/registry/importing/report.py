"""The downloadable error report: the file's rows with the bad cells marked, and the list."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from qstrong.registry.importing.messages import FileRefused
from qstrong.registry.importing.reader import ROW, read_table
from qstrong.registry.models import ImportBatch

RED = PatternFill(start_color="FFFFC7CE", end_color="FFFFC7CE", fill_type="solid")
BOLD = Font(bold=True)

_TITLES = {
    "zh-hans": ("数据", "错误", ("行", "列", "值", "原因", "代码"), "提示"),
    "en": ("Data", "Errors", ("Row", "Column", "Value", "Reason", "Code"), "Warnings"),
}


def error_report_xlsx(*, batch: ImportBatch) -> bytes:
    """The uploaded rows at their original row numbers, bad cells red with the reason as a
    comment, then a sheet listing every error and warning."""
    data_title, errors_title, headers, warnings_title = _TITLES.get(
        batch.language, _TITLES["zh-hans"]
    )
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    # A new (not write-only) workbook starts with one worksheet, which is the active one.
    assert isinstance(sheet, Worksheet)
    sheet.title = data_title
    by_cell: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for error in batch.errors:
        if error.get("row"):
            by_cell.setdefault((error["row"], error["column"]), []).append(error)
    try:
        with batch.file.open("rb") as handle:
            table = read_table(filename=batch.filename, content=handle.read())
    except (FileRefused, OSError, ValueError):
        table = None
    if table is not None:
        columns = {text: i + 1 for i, text in enumerate(table.header) if text}
        for i, text in enumerate(table.header):
            cell = sheet.cell(row=table.header_row, column=i + 1, value=text)
            cell.font = BOLD
        rows = {row for row, _ in by_cell}
        names = [f"c{i}" for i in range(len(table.header))]
        # Only the rows with errors are written: the report stays small for huge files.
        marked = table.frame.filter(table.frame[ROW].is_in(list(rows)))
        for record in marked.select(ROW, *names).iter_rows():
            row = record[0]
            for i, value in enumerate(record[1:]):
                if value is not None:
                    sheet.cell(row=row, column=i + 1, value=_safe(value))
        for (row, column), errors in by_cell.items():
            index = columns.get(column)
            if index is None:
                continue
            bad_cell = sheet.cell(row=row, column=index)
            # This sheet is built here and never merges cells, so every cell is a plain Cell.
            assert isinstance(bad_cell, Cell)
            bad_cell.fill = RED
            bad_cell.comment = Comment("\n".join(e["reason"] for e in errors), "qstrong")
    listing = workbook.create_sheet(errors_title)
    listing.append(list(headers))
    for cell in listing[1]:
        cell.font = BOLD
    for error in batch.errors:
        listing.append(
            [
                error.get("row"),
                error.get("column"),
                _safe(error.get("value")),
                error.get("reason"),
                error.get("code"),
            ]
        )
    if batch.warnings:
        notes = workbook.create_sheet(warnings_title)
        notes.append(list(headers))
        for warning in batch.warnings:
            notes.append(
                [
                    warning.get("row"),
                    warning.get("column"),
                    _safe(warning.get("value")),
                    warning.get("reason"),
                    warning.get("code"),
                ]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _safe(value: Any) -> Any:
    """A cell that would start a formula is written with a leading apostrophe."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@"}:
        return "'" + value
    return value
