"""Factories for the registry: valid USCCs, real Shanxi counties."""

from __future__ import annotations

from decimal import Decimal

import factory

from qstrong.registry.models import Chain, ChainMember, Enterprise, Segment, Town, TownMember
from qstrong.registry.uscc import uscc_with_check


def make_uscc(n: int, region: str = "140121") -> str:
    """A valid code: 91 (enterprise), the region, an 8-digit serial, the 9th organisation char."""
    return uscc_with_check(f"91{region}{n:08d}0")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    uscc = factory.Sequence(lambda n: make_uscc(n + 1))
    name = factory.Sequence(lambda n: f"清徐测试食品有限公司{n}")
    region_id = "140121"
    industry_id = "C1469"
    employees = 50
    revenue = Decimal("1200.00")
    scale = "small"
    certifications: list[str] | None = None
    tags: list[str] | None = None


class ChainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chain
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"chain{n}")
    name = factory.Sequence(lambda n: f"测试产业链{n}")


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Segment

    chain = factory.SubFactory(ChainFactory)
    name = factory.Sequence(lambda n: f"环节{n}")
    position = factory.Sequence(lambda n: n + 1)


class ChainMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChainMember

    enterprise = factory.SubFactory(EnterpriseFactory)
    chain = factory.SubFactory(ChainFactory)
    role = "supplier"


class TownFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Town
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"town{n}")
    name = factory.Sequence(lambda n: f"测试专业镇{n}")
    county_id = "140121"
    level = Town.Level.PROVINCIAL


class TownMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TownMember

    town = factory.SubFactory(TownFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)


# Import files -----------------------------------------------------------------------------

ENTERPRISE_HEADER = (
    "统一社会信用代码", "企业名称", "行政区划代码", "行业代码", "成立日期", "从业人员",
    "营业收入（万元）", "注册资本（万元）", "企业规模", "认证", "标签", "产业链", "专业镇",
    "主导制定标准数", "有效发明专利数", "信用等级", "联系人", "联系电话",
)  # fmt: skip


def csv_bytes(
    header: list[str] | tuple[str, ...], rows: list[list[object]], encoding: str = "utf-8"
) -> bytes:
    """A CSV file as Excel would write it (encoding utf-8, utf-8-sig or gb18030)."""
    import csv
    import io

    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return text.getvalue().encode(encoding)


def xlsx_bytes(
    header: list[str] | tuple[str, ...],
    rows: list[list[object]],
    sheet: str = "企业",
    first_row: int = 1,
    first_column: int = 1,
    other_sheet_first: bool = False,
) -> bytes:
    """An .xlsx workbook with the table starting at (first_row, first_column)."""
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    if other_sheet_first:
        workbook.active.title = "说明"
        workbook.active["A1"] = "这张表不是企业名单"
        target = workbook.create_sheet(sheet)
    else:
        target = workbook.active
        target.title = sheet
    for r, values in enumerate([list(header), *rows]):
        for c, value in enumerate(values):
            if value is not None and value != "":
                target.cell(row=first_row + r, column=first_column + c, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
