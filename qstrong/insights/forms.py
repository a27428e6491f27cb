"""Forms for entering a figure by hand and uploading an indicator file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qstrong.insights.models import IndicatorSource, Metric, SubjectKind
from qstrong.insights.units import UNITS


class IndicatorForm(forms.Form):
    metric = forms.ModelChoiceField(
        label=_("指标"), queryset=Metric.objects.all(), to_field_name="code", empty_label=None
    )
    subject_kind = forms.ChoiceField(label=_("对象类别"), choices=SubjectKind.choices)
    subject_code = forms.CharField(
        label=_("对象"),
        max_length=40,
        help_text=_("行政区划代码、产业链或专业镇的代码或名称、企业统一社会信用代码"),
    )
    period = forms.CharField(
        label=_("期间"),
        max_length=30,
        help_text=_("如 2024、2024年1—6月、2024年第二季度、2024年3月"),
    )
    value = forms.CharField(label=_("数值"), max_length=30)
    unit = forms.ChoiceField(label=_("单位"), choices=[(u, u) for u in UNITS])
    source = forms.ChoiceField(
        label=_("数据来源"), choices=IndicatorSource.choices, initial=IndicatorSource.MANUAL
    )
    source_note = forms.CharField(
        label=_("来源说明"),
        max_length=255,
        required=False,
        help_text=_("例如：来源：山西日报报道；省统计局月报"),
    )
    note = forms.CharField(label=_("备注"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
            field.widget.attrs.setdefault("id", f"id_{name}")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("指标文件（.xlsx 或 .csv）"))
