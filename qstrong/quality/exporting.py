"""The quality-loss ledger as an xlsx workbook with Chinese headers: rows, then the totals."""

from __future__ import annotations

from typing import IO, Any, cast

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from qstrong.quality.models import QualityLoss
from qstrong.quality.selectors import LedgerTotals, Total

MONEY_FORMAT = "#,##0.00##"


def _subject_cells(loss: QualityLoss) -> list[Any]:
    if loss.problem is not None:
        return [_("质量问题"), loss.problem.title]
    assert loss.key_project is not None
    return [_("重点攻关项目"), loss.key_project.name]


def _header(sheet: Any, titles: list[str]) -> None:
    sheet.append(titles)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _widths(sheet: Any, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _totals_sheet(book: Workbook, title: str, totals: list[Total]) -> None:
    sheet = book.create_sheet(title)
    _header(sheet, [title, _("记录数"), _("减少故障（次/年）"), _("节约金额（万元）")])
    for total in totals:
        sheet.append([total.label, total.rows, total.failures_avoided, total.savings])
        sheet.cell(row=sheet.max_row, column=4).number_format = MONEY_FORMAT
    _widths(sheet, [36, 10, 18, 18])


def ledger_xlsx(losses: list[QualityLoss], totals: LedgerTotals, out: IO[bytes]) -> None:
    book = Workbook()
    sheet = cast(Worksheet, book.active)
    sheet.title = _("质量损失台账")
    _header(
        sheet,
        [
            _("对象类型"),
            _("对象"),
            _("产业链"),
            _("所属试点"),
            _("年度"),
            _("改进前故障（次/年）"),
            _("改进后故障（次/年）"),
            _("单次故障损失（万元）"),
            _("改进前其他质量成本（万元）"),
            _("改进后其他质量成本（万元）"),
            _("节约金额（万元）"),
            _("来源说明"),
        ],
    )
    for loss in losses:
        chain, programme = loss.chain, loss.programme
        sheet.append(
            [
                *_subject_cells(loss),
                chain.name if chain else "",
                programme.name if programme else "",
                loss.year,
                loss.failures_before,
                loss.failures_after,
                loss.cost_per_failure,
                loss.other_cost_before,
                loss.other_cost_after,
                loss.savings,
                loss.source_note or loss.note,
            ]
        )
        for column in (8, 9, 10, 11):
            sheet.cell(row=sheet.max_row, column=column).number_format = MONEY_FORMAT
    sheet.append([_("合计"), "", "", "", "", "", "", "", "", "", totals.overall.savings, ""])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    sheet.cell(row=sheet.max_row, column=11).number_format = MONEY_FORMAT
    _widths(sheet, [12, 40, 16, 24, 8, 14, 14, 16, 18, 18, 16, 50])
    _totals_sheet(book, _("按产业链"), totals.by_chain)
    _totals_sheet(book, _("按试点"), totals.by_programme)
    _totals_sheet(book, _("按年度"), totals.by_year)
    book.save(out)
