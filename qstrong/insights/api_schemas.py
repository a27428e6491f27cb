"""The shapes of the insights API's computed answers: groups, a group's figures, a share.

They mirror `Figure.as_dict`, `Ranked.as_dict` and `GroupFigures.as_dict` (qstrong/insights/
figures.py, computed.py) field for field; tests/api/test_openapi.py keeps them in step.
"""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from qstrong.registry.schemas import CodeName


class SubjectGroupOut(Schema):
    code: str = Field(description="分组代码")
    name: str = Field(description="分组名称")
    subject_kind: str = Field(
        description="成员类别：province、city、county、chain、town、enterprise"
    )
    members: list[str] = Field(description="成员代码")
    source_note: str = Field(description="来源说明（可为空字符串）")


class FigureRecordOut(Schema):
    """One stored figure a computation used."""

    id: int | None = Field(description="指标记录编号；计算时临时构造的记录为 null")
    subject_kind: str = Field(description="对象类别")
    subject_code: str = Field(description="对象代码")
    subject_name: str = Field(description="对象名称")
    metric: str = Field(description="指标代码")
    period: str = Field(description="报告期（按报道的写法，如 2024年1—6月）")
    period_key: str = Field(description="报告期代码，如 2024.01-06")
    value: str = Field(description="数值（十进制文本），单位见 unit")
    unit: str = Field(description="填报单位")
    base_value: str = Field(description="折算到基本单位的数值（十进制文本）")
    base_unit: str = Field(description="基本单位，如 元")
    source: str = Field(description="数据来源")
    source_note: str = Field(description="来源说明（可为空字符串）")


class FigureOut(Schema):
    """A computed value with its working; `value` is null exactly when something is missing."""

    label: str = Field(description="说明，如 十大专业镇 2024年 产值")
    kind: str = Field(description="类别：value、total、growth、share")
    value: str | None = Field(description="数值（十进制文本，单位见 unit）；缺数据时为 null")
    unit: str = Field(description="value 的单位（金额合计为 元，增速与比重为 %）")
    display: str = Field(description="展示用文本，如 130.86亿元；缺数据时为“数据缺失”")
    display_signed: str = Field(description="带符号的展示文本（增速，如 +9.5%）")
    display_unit: str = Field(description="展示单位")
    missing: list[str] = Field(description="缺少的数据（说明文字）")
    periods: list[str] = Field(description="涉及的报告期")
    steps: list[str] = Field(description="计算步骤")
    records: list[FigureRecordOut] = Field(description="用到的指标记录")
    parts: list[FigureOut] = Field(description="组成部分（如合计的各项、比重的分子分母）")


class RankedOut(Schema):
    rank: int | None = Field(description="名次（并列同名次）；缺数据时为 null，排在最后")
    subject_kind: str = Field(description="成员类别")
    subject_code: str = Field(description="成员代码")
    subject_name: str = Field(description="成员名称")
    value: FigureOut = Field(description="成员的数值")
    growth: FigureOut | None = Field(description="成员的同比增速；不计算时为 null")


class FigurePeriodOut(Schema):
    key: str = Field(description="报告期代码，如 2024")
    label: str = Field(description="报告期写法，如 2024年")


class GroupFigureOut(Schema):
    group: CodeName = Field(description="分组")
    metric: CodeName = Field(description="指标")
    period: FigurePeriodOut
    total: FigureOut = Field(description="分组合计")
    growth: FigureOut = Field(description="合计的同比增速")
    ranking: list[RankedOut] = Field(description="成员排名")
