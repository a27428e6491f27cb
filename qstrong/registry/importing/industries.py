"""Importing the official GB/T 4754-2017 table (code, name); level and parent from the code."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from qstrong.registry.importing.chains import _check_provincial
from qstrong.registry.importing.columns import Column
from qstrong.registry.importing.reader import ROW, read_table
from qstrong.registry.importing.smallfiles import finish, first_rows, small_file
from qstrong.registry.models import ImportBatch, Industry
from qstrong.registry.reference import INDUSTRY_LEVELS, ReferenceRow, load_rows

INDUSTRY_COLUMNS = (
    Column("code", "代码", "text", required=True, aliases=("行业代码", "类别代码")),
    Column("name", "名称", "text", required=True, max_length=128, aliases=("类别名称", "行业名称")),
)
_CODE = re.compile(r"^([A-Z]?)(\d{2,4})?$")
_LEVEL_BY_DIGITS = {0: "section", 2: "division", 3: "group", 4: "class"}


def code_shape(code: str, sections: dict[str, str]) -> tuple[str, str, str] | None:
    """(full code, level, parent) — a code without its letter gets it from its division."""
    found = _CODE.match(code)
    if not found or not code:
        return None
    letter, digits = found.group(1), found.group(2) or ""
    if not letter:
        letter = sections.get(digits[:2], "")
        if not letter:
            return None
    level = _LEVEL_BY_DIGITS[len(digits)]
    parent = "" if not digits else letter + digits[:-1] if len(digits) > 2 else letter
    return letter + digits, level, parent


def run_industries(*, batch: ImportBatch, content: bytes, actor: Any, progress: Any = None) -> None:
    _check_provincial(actor)
    table = read_table(filename=batch.filename, content=content, preferred_sheet="行业")
    result = small_file(table, INDUSTRY_COLUMNS, required=("code", "name"))
    for row in result.rows:
        if row.get("code"):
            row["code"] = row["code"].upper().replace(" ", "").removesuffix(".0")
    first_rows(result, "code", "code_duplicate")
    existing = dict(Industry.objects.values_list("code", "name"))
    sections = {code[1:3]: code[0] for code in existing if len(code) == 3}
    sections |= {
        row["code"][1:3]: row["code"][0]
        for row in result.rows
        if row.get("code") and re.match(r"^[A-Z]\d{2}$", row["code"])
    }
    shapes: dict[int, tuple[str, str, str]] = {}
    for row in result.rows:
        if row.get("code") is None:
            continue
        shape = code_shape(row["code"], sections)
        if shape is None:
            result.error(row[ROW], "code", "industry_code_invalid")
        else:
            shapes[row[ROW]] = shape
    known = set(existing) | {shape[0] for shape in shapes.values()}
    for number, (_, _, parent) in shapes.items():
        if parent and parent not in known:
            result.error(number, "code", "industry_parent_missing", parent=parent)
    if result.errors and not batch.valid_rows_only:
        finish(batch, result, None)
        return
    bad = result.bad_rows
    rows = [
        ReferenceRow(
            code=shapes[row[ROW]][0],
            name=row["name"],
            level=shapes[row[ROW]][1],
            parent=shapes[row[ROW]][2],
        )
        for row in result.rows
        if row[ROW] not in bad and row[ROW] in shapes
    ]
    with transaction.atomic():
        counts = load_rows(Industry, rows, INDUSTRY_LEVELS)
        if batch.dry_run:
            transaction.set_rollback(True)
    counts["unchanged"] = len(rows) - counts["created"] - counts["updated"]
    finish(batch, result, counts)
