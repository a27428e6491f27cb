"""The gap list as an Excel workbook with Chinese headers (one row per enrolled enterprise)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from qstrong.foodsafety.gaps import Period
from qstrong.foodsafety.selectors import GapRow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DAYS_LISTED = 31


def gap_headers() -> list[str]:
    return [
        _("统一社会信用代码"),
        _("企业名称"),
        _("行政区划"),
        _("行业"),
        _("食品安全总监"),
        _("食品安全员"),
        _("应检天数"),
        _("缺日检查（天）"),
        _("缺周排查（周）"),
        _("缺月调度（月）"),
        _("缺年度报告"),
        _("待整改问题"),
        _("逾期未整改"),
        _("缺项合计"),
        _("缺检日期"),
        _("缺报周次"),
        _("缺报月份"),
    ]


def gap_row_values(row: GapRow) -> list[object]:
    e, g = row.enterprise, row.gaps
    dates = [f"{d:%m-%d}" for d in g.missing_days[:DAYS_LISTED]]
    if len(g.missing_days) > DAYS_LISTED:
        dates.append("…")
    return [
        e.uscc,
        e.name,
        f"{e.region_id} {e.region.name}",
        f"{e.industry_id} {e.industry.name}" if e.industry else "",
        row.enrolment.director,
        row.enrolment.officer,
        g.due_days,
        len(g.missing_days),
        len(g.missing_weeks),
        len(g.missing_months),
        str(g.annual_missing) if g.annual_missing else "",
        g.open_issues,
        g.overdue_issues,
        g.total,
        "、".join(dates),
        "、".join(g.week_labels),
        "、".join(g.month_labels),
    ]


def gap_workbook(rows: list[GapRow], *, period: Period) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("日管控缺项")
    sheet.append([_("食品安全日管控缺项清单") + f"（{period.label}）"])
    sheet["A1"].font = Font(bold=True, size=13)
    headers = gap_headers()
    sheet.append(headers)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        sheet.append(gap_row_values(row))
    widths = [22, 30, 18, 22, 12, 12, 10, 12, 12, 12, 10, 10, 10, 10, 40, 24, 18]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
