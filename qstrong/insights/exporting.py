"""Indicator lists to .xlsx and .csv, in the import's own columns (an export imports again)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from qstrong.insights.importing import HEADER
from qstrong.insights.models import Indicator
from qstrong.insights.selectors import subject_label

KIND_WORD = {
    "province": "全省",
    "city": "市",
    "county": "县",
    "chain": "产业链",
    "town": "专业镇",
    "enterprise": "企业",
}
EXTRA = ("对象名称", "折算值", "基本单位")


def _escape(value: object) -> object:
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@"}:
        return "'" + value
    return value


def _rows(indicators: Iterable[Indicator]) -> Iterable[list[object]]:
    for i in indicators:
        yield [
            i.metric.name,
            KIND_WORD.get(i.subject_kind, i.subject_kind),
            i.subject_code,
            i.period.label,
            f"{i.value.normalize():f}",
            i.unit,
            i.get_source_display(),
            _escape(i.source_note),
            _escape(i.note),
            subject_label(i),
            f"{i.value_base.normalize():f}",
            i.base_unit,
        ]


def indicators_xlsx(indicators: Iterable[Indicator]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("指标")
    sheet.append([*HEADER, *EXTRA])
    for row in _rows(indicators):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def indicators_csv(indicators: Iterable[Indicator]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([*HEADER, *EXTRA])
    writer.writerows(_rows(indicators))
    return text.getvalue().encode("utf-8-sig")
