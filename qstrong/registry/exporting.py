"""Exports of the registry to .csv and .xlsx, in the shapes the importers read back."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from qstrong.registry.importing.columns import ENTERPRISE_COLUMNS
from qstrong.registry.importing.values import (
    CHAIN_ROLE_LABELS,
    SCALE_LABELS,
    TAG_LABELS,
    TOWN_LEADING_LABEL,
)
from qstrong.registry.models import (
    Chain,
    ChainMember,
    Enterprise,
    Industry,
    Region,
    Town,
    TownMember,
)

FORMULA_START = ("=", "+", "-", "@")
LIST_SEPARATOR = ";"
NONE_MARKER = "无"
SEGMENT_SEPARATOR = " → "
_UNSAFE_IN_NAMES = (";", "；", "、", ",", "，", ":", "：", "\n")

ENTERPRISE_HEADERS = tuple(column.zh for column in ENTERPRISE_COLUMNS)
CHAIN_HEADERS = ("产业链代码", "产业链名称", "链长", "环节", "简介", "排序")
TOWN_HEADERS = (
    "专业镇代码",
    "专业镇名称",
    "所在县代码",
    "级别",
    "主导产业",
    "行业代码",
    "批次",
    "十大重点专业镇",
)
CHAIN_MEMBER_HEADERS = ("产业链代码", "产业链名称", "统一社会信用代码", "企业名称", "角色", "环节")
TOWN_MEMBER_HEADERS = ("专业镇代码", "专业镇名称", "统一社会信用代码", "企业名称", "龙头企业")
REFERENCE_HEADERS = ("code", "name", "level", "parent")

Destination = str | Path | IO[bytes]
Progress = Callable[[int, int, str], None]
EXPORT_STAGE = "exporting"
PROGRESS_ROWS = 1000


def escape_formula(value: Any) -> Any:
    """Text that Excel would run as a formula gets a leading apostrophe (the import drops it)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _decimal_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _joined(values: Sequence[str] | None) -> str:
    if values is None:
        return ""
    return LIST_SEPARATOR.join(values) if values else NONE_MARKER


def _member_name(code: str, name: str) -> str:
    """Members are written by name for people to read, by code if the name would not re-import."""
    return code if any(mark in name for mark in _UNSAFE_IN_NAMES) else name


def _enterprise_rows(queryset: QuerySet[Enterprise]) -> Iterator[list[Any]]:
    ids = queryset.order_by().values("pk")
    chains: dict[int, list[str]] = {}
    for enterprise_id, code, name, role in (
        ChainMember.objects.filter(enterprise_id__in=ids)
        .order_by("chain__sort_order", "chain__code")
        .values_list("enterprise_id", "chain__code", "chain__name", "role")
    ):
        label = CHAIN_ROLE_LABELS.get(role, role)
        chains.setdefault(enterprise_id, []).append(f"{_member_name(code, name)}:{label}")
    towns: dict[int, list[str]] = {}
    for enterprise_id, code, name, leading in (
        TownMember.objects.filter(enterprise_id__in=ids)
        .order_by("town__code")
        .values_list("enterprise_id", "town__code", "town__name", "is_leading")
    ):
        text = _member_name(code, name) + (f":{TOWN_LEADING_LABEL}" if leading else "")
        towns.setdefault(enterprise_id, []).append(text)
    fields = (
        "pk", "uscc", "name", "region_id", "industry_id", "established", "employees", "revenue",
        "registered_capital", "scale", "scale_derived", "certifications", "tags",
        "standards_led", "patents", "credit_rating", "contact_name", "contact_phone",
    )  # fmt: skip
    for (pk, uscc, name, region, industry, established, employees, revenue, capital, scale,
         derived, certs, tags, standards, patents, credit, contact, phone) in (
        queryset.order_by("uscc").values_list(*fields).iterator(chunk_size=5000)
    ):  # fmt: skip
        yield [
            uscc,
            name,
            region,
            industry or "",
            established,
            employees,
            revenue,
            capital,
            # A derived scale is left empty so that the import derives it again.
            "" if derived or not scale else SCALE_LABELS.get(scale, scale),
            _joined(certs),
            _joined(None if tags is None else [TAG_LABELS.get(t, t) for t in tags]),
            LIST_SEPARATOR.join(chains.get(pk, [])),
            LIST_SEPARATOR.join(towns.get(pk, [])),
            standards,
            patents,
            credit,
            contact,
            phone,
        ]


def export_enterprises(
    *,
    queryset: QuerySet[Enterprise],
    path_or_buffer: Destination,
    fmt: str = "csv",
    progress: Progress | None = None,
) -> int:
    """The enterprises with the Chinese headers of IMPORT.md; returns the number of rows.

    With `progress`, it is told (done, total, "exporting") every PROGRESS_ROWS rows and at the end.
    """
    rows = _enterprise_rows(queryset)
    if progress is not None:
        rows = _reporting(rows, total=queryset.count(), progress=progress)
    return _write(path_or_buffer, fmt, ENTERPRISE_HEADERS, rows)


def _reporting(rows: Iterator[list[Any]], *, total: int, progress: Progress) -> Iterator[list[Any]]:
    done = 0
    progress(0, total, EXPORT_STAGE)
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_ROWS == 0:
            progress(done, max(total, done), EXPORT_STAGE)
    # The registry may change while the file is written: the end is the rows actually written.
    progress(done, done, EXPORT_STAGE)


def export_regions(
    *, path_or_buffer: Destination, fmt: str = "csv", queryset: QuerySet[Region] | None = None
) -> int:
    qs = queryset if queryset is not None else Region.objects.all()
    rows = (
        [code, name, level, parent or ""]
        for code, name, level, parent in qs.order_by("code").values_list(
            "code", "name", "level", "parent_id"
        )
    )
    return _write(path_or_buffer, fmt, REFERENCE_HEADERS, rows)


def export_industries(
    *, path_or_buffer: Destination, fmt: str = "csv", queryset: QuerySet[Industry] | None = None
) -> int:
    qs = queryset if queryset is not None else Industry.objects.all()
    rows = (
        [code, name, level, parent or ""]
        for code, name, level, parent in qs.order_by("code").values_list(
            "code", "name", "level", "parent_id"
        )
    )
    return _write(path_or_buffer, fmt, REFERENCE_HEADERS, rows)


def export_chains(
    *, path_or_buffer: Destination, fmt: str = "csv", queryset: QuerySet[Chain] | None = None
) -> int:
    """Chains with their segments upstream → downstream, joined with ` → `."""
    qs = (queryset if queryset is not None else Chain.objects.all()).prefetch_related("segments")
    rows = (
        [
            chain.code,
            chain.name,
            chain.chief,
            SEGMENT_SEPARATOR.join(
                s.name for s in sorted(chain.segments.all(), key=lambda s: s.position)
            ),
            chain.description,
            chain.sort_order,
        ]
        for chain in qs.order_by("sort_order", "code")
    )
    return _write(path_or_buffer, fmt, CHAIN_HEADERS, rows)


def export_towns(
    *, path_or_buffer: Destination, fmt: str = "csv", queryset: QuerySet[Town] | None = None
) -> int:
    qs = queryset if queryset is not None else Town.objects.all()
    level_labels = dict(Town.Level.choices)
    rows = (
        [
            town.code,
            town.name,
            town.county_id,
            str(level_labels.get(town.level, town.level)),
            town.leading_industry,
            town.industry_id or "",
            town.batch,
            "是" if town.is_key else "否",
        ]
        for town in qs.order_by("code")
    )
    return _write(path_or_buffer, fmt, TOWN_HEADERS, rows)


def export_chain_members(
    *, path_or_buffer: Destination, fmt: str = "csv", queryset: QuerySet[ChainMember] | None = None
) -> int:
    qs = queryset if queryset is not None else ChainMember.objects.all()
    rows = (
        [code, name, uscc, ent_name, CHAIN_ROLE_LABELS.get(role, role), segment or ""]
        for code, name, uscc, ent_name, role, segment in qs.order_by(
            "chain__sort_order", "chain__code", "enterprise__uscc"
        ).values_list(
            "chain__code",
            "chain__name",
            "enterprise__uscc",
            "enterprise__name",
            "role",
            "segment__name",
        )
    )
    return _write(path_or_buffer, fmt, CHAIN_MEMBER_HEADERS, rows)


def export_town_members(
    *, path_or_buffer: Destination, fmt: str = "csv", queryset: QuerySet[TownMember] | None = None
) -> int:
    qs = queryset if queryset is not None else TownMember.objects.all()
    rows = (
        [code, name, uscc, ent_name, "是" if leading else "否"]
        for code, name, uscc, ent_name, leading in qs.order_by(
            "town__code", "enterprise__uscc"
        ).values_list(
            "town__code", "town__name", "enterprise__uscc", "enterprise__name", "is_leading"
        )
    )
    return _write(path_or_buffer, fmt, TOWN_MEMBER_HEADERS, rows)


def _write(
    destination: Destination, fmt: str, headers: Sequence[str], rows: Iterable[list[Any]]
) -> int:
    fmt = fmt.lower().lstrip(".")
    if fmt not in {"csv", "xlsx"}:
        raise ValueError(f"unknown export format: {fmt}")
    if isinstance(destination, str | Path):
        with open(destination, "wb") as handle:
            return _write(handle, fmt, headers, rows)
    if fmt == "csv":
        return _write_csv(destination, headers, rows)
    return _write_xlsx(destination, headers, rows)


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(escape_formula(value))


def _write_csv(handle: IO[bytes], headers: Sequence[str], rows: Iterable[list[Any]]) -> int:
    # UTF-8 with a BOM: what Excel needs to open Chinese text correctly.
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(headers)
    count = 0
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
        count += 1
    text.flush()
    text.detach()
    return count


def _write_xlsx(handle: IO[bytes], headers: Sequence[str], rows: Iterable[list[Any]]) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("企业" if headers == ENTERPRISE_HEADERS else "数据")
    sheet.append(list(headers))
    count = 0
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
        count += 1
    workbook.save(handle)
    return count


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if isinstance(value, dt.date):
        # Set after construction: WriteOnlyCell's stub omits `date`, which Cell.value takes.
        cell = WriteOnlyCell(sheet)
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, Decimal):
        # Numbers stay numbers in Excel while a float holds them exactly enough.
        return float(value) if abs(value) < Decimal("1e11") else _decimal_text(value)
    if isinstance(value, str):
        return escape_formula(value) if value else None
    return value
