"""The downloadable error report marks the bad cells and lists every error."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from qstrong.registry.importing import error_report_xlsx, import_batch_create, import_batch_run
from qstrong.registry.tests.factories import csv_bytes, make_uscc, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_the_report_marks_bad_cells_at_their_rows_and_lists_the_errors():
    rows = [[make_uscc(1), "甲", "140121", "10"], [make_uscc(2), "=乙", "999999", "-1"]]
    content = csv_bytes(["统一社会信用代码", "企业名称", "行政区划代码", "从业人员"], rows)
    batch = import_batch_create(kind="enterprises", filename="a.csv", content=content, actor=None)
    batch = import_batch_run(batch=batch, actor=None)
    workbook = load_workbook(io.BytesIO(error_report_xlsx(batch=batch)))
    data, errors = workbook["数据"], workbook["错误"]
    assert [c.value for c in data[1]] == [
        "统一社会信用代码",
        "企业名称",
        "行政区划代码",
        "从业人员",
    ]
    # text that Excel would run as a formula is escaped, as in exports
    assert [c.value for c in data[3]] == [make_uscc(2), "'=乙", "999999", "'-1"]
    assert data["C3"].fill.fgColor.rgb == "FFFFC7CE"
    assert data["C3"].comment.text == "未知的行政区划代码（须为行政区划表中的县级代码）"
    assert data["D3"].comment.text == "不能为负数"
    assert data["A3"].comment is None
    assert [tuple(r) for r in errors.iter_rows(values_only=True)] == [
        ("行", "列", "值", "原因", "代码"),
        (3, "行政区划代码", "999999", "未知的行政区划代码（须为行政区划表中的县级代码）",
         "region_unknown"),
        (3, "从业人员", "'-1", "不能为负数", "negative"),
    ]  # fmt: skip


def test_the_report_of_an_xlsx_keeps_its_row_numbers_and_speaks_english():
    content = xlsx_bytes(["uscc", "name", "region"], [[make_uscc(1), "甲", "999999"]], first_row=3)
    batch = import_batch_create(
        kind="enterprises", filename="a.xlsx", content=content, actor=None, language="en"
    )
    batch = import_batch_run(batch=batch, actor=None)
    workbook = load_workbook(io.BytesIO(error_report_xlsx(batch=batch)))
    assert workbook.sheetnames == ["Data", "Errors"]
    assert workbook["Data"]["C4"].comment.text.startswith("Unknown region code")
