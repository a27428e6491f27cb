"""Indicator files (.xlsx/.csv): every error at once by row and column; all or nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from qstrong.insights.models import IndicatorImport, IndicatorSource, SubjectKind
from qstrong.insights.permissions import can_write_subject
from qstrong.insights.services import IndicatorData, indicator_save, indicator_validate
from qstrong.registry.importing.columns import Column, map_headers
from qstrong.registry.importing.messages import FileRefused, message
from qstrong.registry.importing.reader import ROW, read_table

COLUMNS: tuple[Column, ...] = (
    Column("metric", "指标", "text", required=True, aliases=("指标名称", "指标代码")),
    Column("subject_kind", "对象类别", "text", required=True, aliases=("类别",)),
    Column("subject_code", "对象", "text", required=True, aliases=("对象代码", "对象名称")),
    Column("period", "期间", "text", required=True, aliases=("统计期间", "时间")),
    Column("value", "数值", "number", required=True, aliases=("数据", "值")),
    Column("unit", "单位", "text"),
    Column("source", "数据来源", "text"),
    Column("source_note", "来源说明", "text", max_length=255),
    Column("note", "备注", "text", max_length=500),
)
HEADER = tuple(c.zh for c in COLUMNS)

KIND_WORDS = {
    "全省": SubjectKind.PROVINCE,
    "省": SubjectKind.PROVINCE,
    "市": SubjectKind.CITY,
    "县": SubjectKind.COUNTY,
    "县（市、区）": SubjectKind.COUNTY,
    "县区": SubjectKind.COUNTY,
    "产业链": SubjectKind.CHAIN,
    "专业镇": SubjectKind.TOWN,
    "企业": SubjectKind.ENTERPRISE,
}
SOURCE_WORDS = {str(label): value for value, label in IndicatorSource.choices}
# Which column a service's field error belongs to.
FIELD_COLUMN = {
    "metric": "metric",
    "subject_code": "subject_code",
    "period": "period",
    "value": "value",
    "unit": "unit",
    "source": "source",
}
MAX_BYTES = 10 * 1024 * 1024


@dataclass
class Outcome:
    batch: IndicatorImport
    errors: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _kind(text: str) -> str:
    text = text.strip()
    return KIND_WORDS.get(text, text.lower())


def _source(text: str | None) -> str:
    if not text:
        return IndicatorSource.IMPORT
    return SOURCE_WORDS.get(text.strip(), text.strip().lower())


def _error(row: int | None, column: str, value: Any, reason: str) -> dict[str, Any]:
    return {"row": row, "column": column, "value": value, "reason": reason}


def _rows(filename: str, content: bytes) -> tuple[list[dict[str, Any]], dict[str, str]]:
    table = read_table(filename=filename, content=content, preferred_sheet="指标")
    mapping = map_headers(table.header, COLUMNS)
    for column in COLUMNS:
        if column.required and column.key not in mapping.positions:
            raise FileRefused("column_missing", column=column.zh)
    if mapping.duplicates:
        text, first, second = mapping.duplicates[0]
        raise FileRefused("column_duplicate", column=text, first=first, second=second)
    names = {key: f"c{index}" for key, index in mapping.positions.items()}
    rows = [
        {ROW: record[ROW], **{key: record[name] for key, name in names.items()}}
        for record in table.frame.iter_rows(named=True)
    ]
    headers = {c.key: mapping.written.get(c.key, c.zh) for c in COLUMNS}
    return rows, headers


def _check_row(
    row: dict[str, Any], headers: dict[str, str], actor: Any
) -> tuple[IndicatorData | None, list[dict[str, Any]], tuple[Any, ...] | None]:
    number = row[ROW]
    errors = [
        _error(number, headers[c.key], None, _("必填项为空"))
        for c in COLUMNS
        if c.required and not row.get(c.key)
    ]
    if errors:
        return None, errors, None
    data = IndicatorData(
        metric=row["metric"].strip(),
        subject_kind=_kind(row["subject_kind"]),
        subject_code=row["subject_code"].strip(),
        period=row["period"].strip(),
        value=row["value"],
        unit=(row.get("unit") or "").strip(),
        source=_source(row.get("source")),
        source_note=(row.get("source_note") or "")[:255],
        note=(row.get("note") or "")[:500],
    )
    if data.subject_kind not in SubjectKind.values:
        return (
            None,
            [
                _error(
                    number,
                    headers["subject_kind"],
                    row["subject_kind"],
                    _("对象类别应为 全省/市/县/产业链/专业镇/企业"),
                )
            ],
            None,
        )
    try:
        fields = indicator_validate(data)
    except ValidationError as exc:
        return (
            None,
            [
                _error(
                    number,
                    headers[FIELD_COLUMN.get(key, "value")],
                    row.get(FIELD_COLUMN.get(key, "value")),
                    str(text),
                )
                for key, texts in exc.message_dict.items()
                for text in texts
            ],
            None,
        )
    resolved, period = fields["resolved"], fields["period"]
    if actor is not None and not can_write_subject(
        actor, kind=resolved.kind, region_code=resolved.region_code
    ):
        return (
            None,
            [
                _error(
                    number,
                    headers["subject_code"],
                    row["subject_code"],
                    _("不在您的辖区，无权录入该对象的数据"),
                )
            ],
            None,
        )
    key = (fields["metric"].pk, resolved.kind, resolved.code, period)
    return data, [], key


def indicators_import(*, filename: str, content: bytes, actor: Any) -> Outcome:
    """Validate every row; if all are good, write them all in one transaction, else none."""
    digest = hashlib.sha256(content).hexdigest()
    batch = IndicatorImport(filename=filename[:255], sha256=digest, created_by=actor)
    errors: list[dict[str, Any]] = []
    good: list[IndicatorData] = []
    try:
        if len(content) > MAX_BYTES:
            raise FileRefused("file_too_large", size=len(content), limit=MAX_BYTES)
        rows, headers = _rows(filename, content)
    except FileRefused as exc:
        errors.append(_error(None, "", None, message(exc.code, "zh-hans", **exc.params)))
        rows, headers = [], {}
    seen: dict[tuple[Any, ...], int] = {}
    for row in rows:
        data, row_errors, key = _check_row(row, headers, actor)
        errors += row_errors
        if key is not None and key in seen:
            errors.append(
                _error(
                    row[ROW],
                    headers["period"],
                    row.get("period"),
                    _("与第 %(first)s 行是同一对象、同一指标、同一期间") % {"first": seen[key]},
                )
            )
        elif key is not None and data is not None:
            seen[key] = row[ROW]
            good.append(data)
    batch.total_rows = len(rows)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    if errors:
        batch.state = IndicatorImport.State.REJECTED
        batch.errors = errors
    else:
        try:
            with transaction.atomic():
                for data in good:
                    _indicator, outcome = indicator_save(data=data, actor=actor)
                    counts[outcome] += 1
        except (ValidationError, PermissionDenied) as exc:  # a race with another writer
            batch.state = IndicatorImport.State.REJECTED
            batch.errors = [_error(None, "", None, str(exc))]
            counts = {"created": 0, "updated": 0, "unchanged": 0}
        else:
            batch.state = IndicatorImport.State.COMMITTED
    batch.created_count, batch.updated_count = counts["created"], counts["updated"]
    batch.unchanged_count = counts["unchanged"]
    batch.file.save(filename[-100:] or "indicators", ContentFile(content), save=False)
    batch.save()
    return Outcome(batch=batch, errors=list(batch.errors), counts=counts)
