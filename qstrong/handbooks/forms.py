"""Forms of the handbook pages: a measure, a section's wording, a batch, a Word template."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qstrong.accounts.models import Organisation, User
from qstrong.handbooks.batches import CRITERIA
from qstrong.handbooks.models import Kind, MeasureTemplate


class MeasureForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("从标准举措库选用"), queryset=MeasureTemplate.objects.none(), required=False
    )
    category = forms.CharField(label=_("举措类别"), max_length=40, required=False)
    text = forms.CharField(
        label=_("举措内容"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    need_text = forms.CharField(
        label=_("对应需求"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    responsible_bureau: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("责任单位"), queryset=Organisation.objects.none(), required=False
    )
    responsible_person = forms.ModelChoiceField(
        label=_("责任人"), queryset=User.objects.none(), required=False
    )
    deadline = forms.DateField(
        label=_("完成时限"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, kind: str, bureaus: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["template"].queryset = MeasureTemplate.objects.filter(kind=kind, active=True)
        fields["responsible_bureau"].queryset = bureaus
        fields["responsible_person"].queryset = User.objects.filter(
            organisation__in=bureaus, is_active=True
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        template = data.get("template")
        if template is not None:
            data["category"] = data.get("category") or template.category
            data["text"] = data.get("text") or template.text
        if not data.get("category"):
            self.add_error("category", _("请填写举措类别，或从标准举措库选用。"))
        if not data.get("text"):
            self.add_error("text", _("请填写举措内容，或从标准举措库选用。"))
        return data


class SectionForm(forms.Form):
    text = forms.CharField(label=_("章节内容"), widget=forms.Textarea(attrs={"rows": 8}))


class BatchForm(forms.Form):
    name = forms.CharField(label=_("批次名称"), max_length=60, initial=_("第一批"))
    kind = forms.ChoiceField(label=_("手册类别"), choices=Kind.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    criterion = forms.ChoiceField(
        label=_("选取方式"),
        choices=[("list", _("按清单（每行一个统一社会信用代码或代码）"))]
        + [(k, label) for k, (_kind, label) in CRITERIA.items()],
    )
    codes = forms.CharField(
        label=_("对象清单"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        criterion, kind = data.get("criterion"), data.get("kind")
        if criterion and criterion != "list" and kind and CRITERIA[criterion][0] != kind:
            self.add_error("criterion", _("该选取方式不适用于所选手册类别。"))
        if criterion == "list" and not (data.get("codes") or "").strip():
            self.add_error("codes", _("请列出对象，每行一个。"))
        return data


class TemplateForm(forms.Form):
    file = forms.FileField(label=_("Word 模板（.docx）"))
