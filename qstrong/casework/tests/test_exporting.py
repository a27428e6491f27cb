"""The three lists as a workbook: sheets, Chinese headers, rows, overdue flags."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from qstrong.accounts.tests.factories import county_officer_qingxu
from qstrong.casework.exporting import lists_workbook
from qstrong.casework.models import Task
from qstrong.casework.tests.factories import NeedFactory, TaskFactory
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_three_sheets_with_headers_and_rows() -> None:
    # Given one need of 清徐测试 with an overdue task and a verified one
    officer = county_officer_qingxu()
    enterprise = EnterpriseFactory(name="清徐老陈醋有限公司")
    need = NeedFactory(enterprise=enterprise, description="=申请商标保护")
    late = TaskFactory(
        need=need, action="商标保护帮扶", due_date=dt.date(2024, 6, 1), responsible_person=officer
    )
    done = TaskFactory(need=need, action="标准辅导", state=Task.State.VERIFIED)

    content = lists_workbook(needs=[need], tasks=[late, done], today=dt.date(2024, 7, 1))

    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["需求清单", "任务清单", "责任清单"]
    needs, tasks, duties = (list(ws.values) for ws in book.worksheets)
    assert needs[0] == (
        "序号",
        "服务对象",
        "类别",
        "需求内容",
        "来源",
        "提出人",
        "提出日期",
        "状态",
    )
    assert needs[1][:4] == ("N1", "清徐老陈醋有限公司（企业）", "质量提升", "'=申请商标保护")
    assert [row[0:2] + row[4:] for row in tasks[1:]] == [
        ("T1", "N1", "待办", dt.datetime(2024, 6, 1), "逾期"),
        ("T2", "N1", "已核验", dt.datetime(2024, 6, 30), None),
    ]
    assert duties[0][:4] == ("任务序号", "任务内容", "责任单位", "责任人")
    assert duties[1][2:4] == ("清徐县市场监督管理局", str(officer))
    header = book["任务清单"]["A1"]
    assert header.font.bold and book["任务清单"].freeze_panes == "A2"
    assert book["任务清单"]["G2"].font.color.rgb == "00C00000"
