"""The handbooks' three lists as one workbook: 需求清单, 任务清单, 责任清单 (openpyxl)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from qstrong.casework.models import Need, Task
from qstrong.registry.exporting import escape_formula

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
OVERDUE_FONT = Font(color="C00000", bold=True)


def _subject(need: Need) -> str:
    kind = {"enterprise": _("企业"), "chain": _("产业链"), "town": _("专业镇")}[need.subject_kind]
    return f"{need.subject}（{kind}）"


def _sheet(
    ws: Worksheet, title: str, headers: Sequence[tuple[str, int]], rows: list[list[Any]]
) -> None:
    """A titled sheet: a bold filled header row, frozen, with widths, borders and wrapping."""
    ws.title = title
    ws.append([label for label, _width in headers])
    for col, (_label, width) in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=col)
        cell.fill, cell.font, cell.border = HEADER_FILL, HEADER_FONT, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    for row in rows:
        ws.append([escape_formula(value) for value in row])
    for line in ws.iter_rows(min_row=2):
        for cell in line:
            cell.border = BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 24
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"


def lists_workbook(
    *, needs: Sequence[Need], tasks: Sequence[Task], today: dt.date | None = None
) -> bytes:
    """Three sheets; needs are numbered N1, N2 … and tasks T1, T2 … so the sheets refer to each
    other the way the handbooks' printed lists do."""
    today = today or timezone.localdate()
    need_no = {need.pk: f"N{i}" for i, need in enumerate(needs, start=1)}
    task_rows, duty_rows = [], []
    for i, task in enumerate(tasks, start=1):
        overdue = _("逾期") if task.is_overdue(today) else ""
        task_rows.append([
            f"T{i}", need_no.get(task.need_id, ""), _subject(task.need), task.action,
            task.get_state_display(), task.due_date, overdue,
        ])  # fmt: skip
        duty_rows.append([
            f"T{i}", task.action, task.responsible_bureau.name,
            str(task.responsible_person) if task.responsible_person else "",
            task.due_date, task.get_state_display(),
            str(task.verified_by) if task.verified_by else "",
            timezone.localtime(task.verified_at).date() if task.verified_at else None,
        ])  # fmt: skip
    need_rows = [
        [
            need_no[need.pk], _subject(need), need.get_category_display(), need.description,
            need.get_source_display(), need.raised_by, need.raised_on, need.get_state_display(),
        ]
        for need in needs
    ]  # fmt: skip
    workbook = Workbook()
    first = workbook.active
    assert isinstance(first, Worksheet)
    _sheet(
        first,
        _("需求清单"),
        [(_("序号"), 8), (_("服务对象"), 30), (_("类别"), 14), (_("需求内容"), 50),
         (_("来源"), 12), (_("提出人"), 14), (_("提出日期"), 12), (_("状态"), 10)],
        need_rows,
    )  # fmt: skip
    _sheet(
        workbook.create_sheet(),
        _("任务清单"),
        [(_("序号"), 8), (_("需求序号"), 10), (_("服务对象"), 30), (_("任务内容"), 50),
         (_("状态"), 10), (_("完成时限"), 12), (_("逾期"), 8)],
        task_rows,
    )  # fmt: skip
    _sheet(
        workbook.create_sheet(),
        _("责任清单"),
        [(_("任务序号"), 10), (_("任务内容"), 44), (_("责任单位"), 30), (_("责任人"), 14),
         (_("完成时限"), 12), (_("状态"), 10), (_("核验人"), 14), (_("核验日期"), 12)],
        duty_rows,
    )  # fmt: skip
    for ws in workbook.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                if cell.value == _("逾期"):
                    cell.font = OVERDUE_FONT
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
