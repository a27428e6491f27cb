"""The enterprise file's columns (IMPORT.md) and how headers are recognised."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    kind: str  # uscc, name, region, industry, date, integer, number, scale, list, chains, ...
    required: bool = False
    max_length: int | None = None
    aliases: tuple[str, ...] = ()


ENTERPRISE_COLUMNS: tuple[Column, ...] = (
    Column("uscc", "统一社会信用代码", "uscc", required=True, aliases=("信用代码", "USCC")),
    Column("name", "企业名称", "name", required=True, max_length=200, aliases=("名称",)),
    Column("region", "行政区划代码", "region", required=True, aliases=("区划代码",)),
    Column("industry", "行业代码", "industry"),
    Column("established", "成立日期", "date"),
    Column("employees", "从业人员", "integer", aliases=("从业人员数",)),
    Column("revenue", "营业收入（万元）", "number", aliases=("营业收入",)),
    Column("registered_capital", "注册资本（万元）", "number", aliases=("注册资本",)),
    Column("scale", "企业规模", "scale"),
    Column("certifications", "认证", "certifications"),
    Column("tags", "标签", "tags"),
    Column("chains", "产业链", "chains"),
    Column("towns", "专业镇", "towns"),
    Column("standards_led", "主导制定标准数", "integer"),
    Column("patents", "有效发明专利数", "integer"),
    Column("credit_rating", "信用等级", "credit"),
    Column("contact_name", "联系人", "text", max_length=100),
    Column("contact_phone", "联系电话", "text", max_length=50),
)

# Where each column lands on the Enterprise model.
MODEL_FIELD = {
    "region": "region_id",
    "industry": "industry_id",
}

_SPACES = re.compile(r"\s+")


def normalise_header(text: str | None) -> str:
    """Full-width → half-width, no spaces, lower case: how two headers are compared."""
    folded = unicodedata.normalize("NFKC", text or "")
    return _SPACES.sub("", folded).lower().replace("-", "_")


def header_lookup(columns: tuple[Column, ...]) -> dict[str, Column]:
    lookup: dict[str, Column] = {}
    for column in columns:
        for name in (column.key, column.zh, *column.aliases):
            lookup[normalise_header(name)] = column
        lookup[normalise_header(column.key.replace("_", " "))] = column
    return lookup


@dataclass
class HeaderMap:
    """Which file column holds which key; file headers as written, for messages."""

    positions: dict[str, int]
    written: dict[str, str]
    unknown: list[str]
    duplicates: list[tuple[str, int, int]]


def map_headers(headers: list[str | None], columns: tuple[Column, ...]) -> HeaderMap:
    lookup = header_lookup(columns)
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    unknown: list[str] = []
    duplicates: list[tuple[str, int, int]] = []
    for index, header in enumerate(headers):
        text = (header or "").strip()
        if not text:
            continue
        column = lookup.get(normalise_header(text))
        if column is None:
            unknown.append(text)
        elif column.key in positions:
            duplicates.append((text, positions[column.key] + 1, index + 1))
        else:
            positions[column.key] = index
            written[column.key] = text
    return HeaderMap(positions, written, unknown, duplicates)
