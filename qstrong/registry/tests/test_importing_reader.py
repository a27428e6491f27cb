"""Reading files: encodings, headers in any form, xlsx sheets, date cells and vectorised checks."""

from __future__ import annotations

import datetime as dt
import random

import polars as pl
import pytest
from stdnum.cn import uscc as stdnum_uscc

from qstrong.registry.importing import import_batch_create, import_batch_run
from qstrong.registry.importing.messages import FileRefused
from qstrong.registry.importing.reader import read_table
from qstrong.registry.importing.values import (
    USCC_ALPHABET,
    evaluate,
    parse_date,
    parse_integer,
    parse_number,
    parse_uscc,
)
from qstrong.registry.models import Enterprise
from qstrong.registry.tests.factories import csv_bytes, make_uscc, xlsx_bytes

U1, U2 = make_uscc(201), make_uscc(202)


def run(content: bytes, filename: str = "企业.csv", **options):
    batch = import_batch_create(
        kind="enterprises", filename=filename, content=content, actor=None, **options
    )
    return import_batch_run(batch=batch, actor=None)


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_and_gb18030(encoding):
    content = csv_bytes(
        ["统一社会信用代码", "企业名称", "行政区划代码"], [[U1, "清徐醋业", "140121"]], encoding
    )
    batch = run(content)
    assert batch.summary == "created 1, updated 0, unchanged 0, rejected 0"
    assert Enterprise.objects.get(uscc=U1).name == "清徐醋业"


@pytest.mark.django_db
def test_a_file_in_another_encoding_is_refused_clearly():
    content = "统一社会信用代码,企业名称\n".encode("utf-16")
    batch = run(content)
    assert batch.state == "rejected"
    assert batch.errors[0]["code"] == "file_encoding"
    assert "GB18030" in batch.errors[0]["reason"]
    latin = "uscc,name,region\n1,Caf\xe9 \xe0 la cr\xe8me,140121\n".encode("latin-1")
    assert run(latin).errors[0]["code"] == "file_encoding"


@pytest.mark.django_db
def test_headers_in_english_full_width_with_spaces_and_in_any_order():
    header = ["  region ", "ＵＳＣＣ", "企业名称", "营业收入(万元)", "Registered Capital", "备注"]
    rows = [["140121", U1, "甲", "12.5", "100", "随便写点"]]
    batch = run(csv_bytes(header, rows))
    assert batch.summary == "created 1, updated 0, unchanged 0, rejected 0"
    assert [(w["column"], w["code"]) for w in batch.warnings] == [("备注", "column_unknown")]
    enterprise = Enterprise.objects.get(uscc=U1)
    assert (str(enterprise.revenue), str(enterprise.registered_capital)) == ("12.50", "100.00")


@pytest.mark.django_db
def test_empty_rows_are_skipped_and_row_numbers_stay_as_excel_shows_them():
    content = f"uscc,name,region\n\n,,\n{U1},甲,999999\n".encode()
    batch = run(content)
    assert [(e["row"], e["code"]) for e in batch.errors] == [(4, "region_unknown")]


@pytest.mark.django_db
def test_a_file_without_the_uscc_column_is_refused():
    batch = run(csv_bytes(["企业名称", "行政区划代码"], [["甲", "140121"]]))
    assert [(e["code"], e["reason"]) for e in batch.errors] == [
        ("column_missing", "缺少必需的列“统一社会信用代码”")
    ]


@pytest.mark.django_db
def test_xlsx_with_date_cells_number_cells_and_the_sheet_named_enterprises():
    # given a workbook whose first sheet is notes and whose 企业 sheet starts at B3
    header = [
        "统一社会信用代码",
        "企业名称",
        "行政区划代码",
        "成立日期",
        "从业人员",
        "营业收入（万元）",
    ]
    rows = [
        [U1, "甲", 140121, dt.date(2019, 6, 30), 356, 1200.5],
        [U2, "乙", "140121", dt.datetime(2001, 1, 2, 0, 0), 12.0, 7],
    ]
    content = xlsx_bytes(header, rows, first_row=3, first_column=2, other_sheet_first=True)
    # when it is imported
    batch = run(content, filename="企业.xlsx")
    # then the date and number cells are read as such
    assert batch.summary == "created 2, updated 0, unchanged 0, rejected 0", batch.errors
    first, second = Enterprise.objects.get(uscc=U1), Enterprise.objects.get(uscc=U2)
    assert (first.established, first.employees, str(first.revenue)) == (
        dt.date(2019, 6, 30),
        356,
        "1200.50",
    )
    assert (second.established, second.employees, str(second.revenue)) == (
        dt.date(2001, 1, 2),
        12,
        "7.00",
    )


@pytest.mark.django_db
def test_xlsx_row_numbers_are_those_of_the_sheet():
    content = xlsx_bytes(["uscc", "name", "region"], [[U1, "甲", "999999"]], first_row=4)
    batch = run(content, filename="a.xlsx")
    assert [(e["row"], e["column"]) for e in batch.errors] == [(5, "region")]


def test_reading_an_unsupported_type_is_refused():
    with pytest.raises(FileRefused) as raised:
        read_table(filename="a.xls", content=b"xx")
    assert raised.value.code == "file_type"


def test_the_vectorised_uscc_check_agrees_with_stdnum():
    rng = random.Random(7)
    codes = [make_uscc(n, "140121") for n in range(200)]
    codes += ["".join(rng.choice(USCC_ALPHABET) for _ in range(18)) for _ in range(2000)]
    codes += [c[:-1] + rng.choice(USCC_ALPHABET) for c in codes[:200]]
    codes += ["9114012100000001", "91140121-0000-0001-0E".replace("E", "X"), "ioio" * 5]
    frame = evaluate(pl.DataFrame({"raw": codes}), parse_uscc(pl.col("raw"), "p"), "v")
    got = frame["v"].to_list()
    expected = [stdnum_uscc.compact(c) if stdnum_uscc.is_valid(c) else None for c in codes]
    assert got == expected
    assert sum(v is not None for v in got) > 200


def _parsed(parser, values):
    frame = pl.DataFrame({"raw": values}, schema={"raw": pl.String})
    return evaluate(frame, parser(pl.col("raw"), "p"), "v")["v"].to_list()


def test_dates_in_the_forms_officers_write_them():
    assert _parsed(
        parse_date,
        [
            "2019-06-30",
            "2019/6/30",
            "2019年6月30日",
            "2019.6.3",
            "20190630",
            "2019-06-30 00:00:00",
            "2019-02-30",
            "6/30/2019",
        ],
    ) == [
        dt.date(2019, 6, 30),
        dt.date(2019, 6, 30),
        dt.date(2019, 6, 30),
        dt.date(2019, 6, 3),
        dt.date(2019, 6, 30),
        dt.date(2019, 6, 30),
        None,
        None,
    ]


def test_numbers_are_cents_rounded_half_up_and_integers_whole():
    assert _parsed(parse_number, ["1200", "1,200.5", "0.005", "0.004", "1e3", "-1", "x", ".5"]) == [
        120000,
        120050,
        1,
        0,
        100000,
        None,
        None,
        50,
    ]
    assert _parsed(parse_integer, ["12", "12.0", "1,000", "12.5", "-3", "99999999999"]) == [
        12,
        12,
        1000,
        None,
        None,
        None,
    ]
