"""Exports: Chinese headers, formula escaping, and export → import gives identical records."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from qstrong.registry.exporting import ENTERPRISE_HEADERS, export_enterprises
from qstrong.registry.importing import import_batch_create, import_batch_run
from qstrong.registry.models import ChainMember, Enterprise, TownMember
from qstrong.registry.services import enterprise_snapshot, memberships_snapshot
from qstrong.registry.tests.factories import (
    ChainFactory,
    ChainMemberFactory,
    EnterpriseFactory,
    TownFactory,
    TownMemberFactory,
    make_uscc,
)

pytestmark = pytest.mark.django_db


def snapshots() -> dict[str, dict]:
    return {
        e.uscc: {**enterprise_snapshot(e), **memberships_snapshot(e)}
        for e in Enterprise.objects.all()
    }


@pytest.fixture
def registry():
    chain = ChainFactory(code="vinegar", name="醋")
    town = TownFactory(code="qingxu", name="清徐醋镇")
    full = EnterpriseFactory(
        uscc=make_uscc(1),
        name="清徐老陈醋股份有限公司",
        industry_id="C1469",
        established=dt.date(2019, 6, 30),
        employees=356,
        revenue=Decimal("52000.50"),
        registered_capital=Decimal("3000.00"),
        scale="medium",
        scale_derived=False,
        certifications=["ISO9001", "有机产品认证"],
        tags=["high_tech", "自定义标签"],
        standards_led=3,
        patents=12,
        credit_rating="A",
        contact_name="张三",
        contact_phone="-0351",
        source="manual",
    )
    ChainMemberFactory(enterprise=full, chain=chain, role="leader")
    TownMemberFactory(enterprise=full, town=town, is_leading=True)
    EnterpriseFactory(
        uscc=make_uscc(2),
        name="=cmd|' /C calc'!A0",
        region_id="140703",
        industry_id=None,
        employees=None,
        revenue=None,
        scale="",
        certifications=[],
        tags=None,
    )
    derived = EnterpriseFactory(uscc=make_uscc(3), name="@微型企业", employees=5, scale="")
    from qstrong.registry.services import apply_derived_scale

    apply_derived_scale(derived)
    derived.save()
    assert (derived.scale, derived.scale_derived) == ("micro", True)
    return chain, town


def test_the_csv_export_has_the_chinese_headers_and_escapes_formulas(registry):
    buffer = io.BytesIO()
    count = export_enterprises(queryset=Enterprise.objects.all(), path_or_buffer=buffer, fmt="csv")
    text = buffer.getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert count == 3
    assert tuple(rows[0]) == ENTERPRISE_HEADERS
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first == {
        "统一社会信用代码": make_uscc(1), "企业名称": "清徐老陈醋股份有限公司",
        "行政区划代码": "140121", "行业代码": "C1469", "成立日期": "2019-06-30",
        "从业人员": "356", "营业收入（万元）": "52000.5", "注册资本（万元）": "3000",
        "企业规模": "中型", "认证": "ISO9001;有机产品认证", "标签": "高新技术企业;自定义标签",
        "产业链": "醋:链主", "专业镇": "清徐醋镇:龙头", "主导制定标准数": "3",
        "有效发明专利数": "12", "信用等级": "A", "联系人": "张三", "联系电话": "'-0351",
    }  # fmt: skip
    second = dict(zip(rows[0], rows[2], strict=True))
    assert (second["企业名称"], second["认证"], second["标签"]) == ("'=cmd|' /C calc'!A0", "无", "")
    third = dict(zip(rows[0], rows[3], strict=True))
    assert (third["企业名称"], third["企业规模"]) == ("'@微型企业", "")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_gives_identical_records(registry, fmt):
    # given the registry exported
    before = snapshots()
    buffer = io.BytesIO()
    export_enterprises(queryset=Enterprise.objects.all(), path_or_buffer=buffer, fmt=fmt)
    content = buffer.getvalue()
    # when the export is imported into the same registry, nothing changes
    batch = import_batch_run(
        batch=import_batch_create(
            kind="enterprises", filename=f"e.{fmt}", content=content, actor=None
        ),
        actor=None,
    )
    assert batch.summary == "created 0, updated 0, unchanged 3, rejected 0", batch.errors
    # and imported into an empty registry, it gives the same records
    ChainMember.objects.all().delete()
    TownMember.objects.all().delete()
    Enterprise.objects.all().delete()
    batch = import_batch_run(
        batch=import_batch_create(
            kind="enterprises", filename=f"e.{fmt}", content=content, actor=None
        ),
        actor=None,
    )
    assert batch.summary == "created 3, updated 0, unchanged 0, rejected 0", batch.errors
    after = snapshots()
    # lists come back sorted; compare as sets where the order was the factory's
    for values in (*before.values(), *after.values()):
        for key in ("certifications", "tags"):
            if values[key] is not None:
                values[key] = sorted(values[key])
    assert after == before


def test_the_xlsx_export_keeps_dates_and_numbers_as_cells(registry):
    buffer = io.BytesIO()
    export_enterprises(
        queryset=Enterprise.objects.filter(uscc=make_uscc(1)), path_or_buffer=buffer, fmt="xlsx"
    )
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert sheet.title == "企业"
    values = [cell.value for cell in sheet[2]]
    assert values[4] == dt.datetime(2019, 6, 30)
    assert (values[5], values[6]) == (356, 52000.5)
    assert values[17] == "'-0351"
