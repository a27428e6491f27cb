"""Forms of the record pages: key projects, their milestones and indicators, programmes."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qstrong.quality.models import Indicator, Milestone, Problem, Programme
from qstrong.registry.models import Chain, Enterprise, Region, Town

NOT_VISIBLE = _("所选企业不存在或不在您的可见范围内。")


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.MultipleHiddenInput | forms.HiddenInput):
            continue
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


def _model(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    return cast(forms.ModelChoiceField[Any], form.fields[name])


class EnterprisePick(forms.ModelMultipleChoiceField):
    """Enterprises chosen in the search picker (chips), posted as ids; only visible ones."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Enterprise.objects.none())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.error_messages["invalid_choice"] = NOT_VISIBLE
        self.error_messages["invalid_pk_value"] = NOT_VISIBLE


class PickerForm(forms.Form):
    """Gives a template the chips a picker starts with (the posted or the initial picks)."""

    def picked(self, name: str) -> list[Enterprise]:
        field = cast(EnterprisePick, self.fields[name])
        if self.is_bound:
            raw: Any = self.data.getlist(name) if hasattr(self.data, "getlist") else []
        else:
            raw = self.initial.get(name) or []
        ids = [int(v) for v in (getattr(v, "pk", v) for v in raw) if str(v).isdigit()]
        queryset = cast(QuerySet[Enterprise], field.queryset)
        by_pk = {e.pk: e for e in queryset.filter(pk__in=ids)}
        return [by_pk[i] for i in ids if i in by_pk]


class KeyProjectForm(PickerForm):
    name = forms.CharField(label=_("项目名称"), max_length=200)
    chain = forms.ModelChoiceField(label=_("产业链"), queryset=Chain.objects.none(), required=False)
    lead_enterprise = EnterprisePick(
        label=_("牵头企业"), required=True, error_messages={"required": _("请选择牵头企业。")}
    )
    partner_enterprises = EnterprisePick(label=_("协同企业（如上游供应商）"))
    other_partners = forms.CharField(
        label=_("其他合作单位（高校、院所等）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("每行一个单位。"),
    )
    problems = forms.ModelMultipleChoiceField(
        label=_("攻关问题"), queryset=Problem.objects.none(), required=False
    )
    programme = forms.ModelChoiceField(
        label=_("所属试点"), queryset=Programme.objects.none(), required=False
    )
    started_on = forms.DateField(
        label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(
        label=_("项目内容"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(
        self,
        *args: Any,
        enterprises: QuerySet[Enterprise],
        problems: QuerySet[Problem],
        programmes: QuerySet[Programme],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _model(self, "chain").queryset = Chain.objects.filter(archived_at__isnull=True)
        _model(self, "lead_enterprise").queryset = enterprises
        _model(self, "partner_enterprises").queryset = enterprises
        _model(self, "problems").queryset = problems.select_related("chain")
        _model(self, "programme").queryset = programmes
        _style(self)
        self.fields["problems"].widget.attrs.update({"size": 6})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lead = list(data.get("lead_enterprise") or [])
        if len(lead) > 1:
            self.add_error("lead_enterprise", _("牵头企业只能有一家。"))
        data["lead"] = lead[0] if lead else None
        partners = list(data.get("partner_enterprises") or [])
        if data["lead"] is not None and data["lead"] in partners:
            self.add_error("partner_enterprises", _("牵头企业不必再列为协同企业。"))
        started = data.get("started_on")
        if started and started > timezone.localdate() + dt.timedelta(days=366):
            self.add_error("started_on", _("开始日期不能晚于一年以后。"))
        return data

    def record_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "chain": data["chain"],
            "lead_enterprise": data["lead"],
            "other_partners": data["other_partners"],
            "programme": data["programme"],
            "started_on": data["started_on"],
            "description": data["description"],
        }


def _dates_in_order(form: forms.BaseForm, data: dict[str, Any], first: str, then: str) -> None:
    if data.get(first) and data.get(then) and data[then] < data[first]:
        form.add_error(then, _("结束日期不能早于开始日期。"))


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "step", "due_on", "done_on"]
        labels = {"title": pgettext_lazy("milestone", "名称")}
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}),
            "done_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, with_step: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_step:
            del self.fields["step"]
        _style(self)

    def clean_done_on(self) -> dt.date | None:
        done: dt.date | None = self.cleaned_data.get("done_on")
        if done and done > timezone.localdate():
            raise forms.ValidationError(_("完成日期不能晚于今天。"))
        return done


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(label=_("完成日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_done_on(self) -> dt.date:
        done: dt.date = self.cleaned_data["done_on"]
        if done > timezone.localdate():
            raise forms.ValidationError(_("完成日期不能晚于今天。"))
        return done


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "before", "after", "target"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields["unit"].widget.attrs["placeholder"] = _("如：次/年、%、万元")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(data.get(name) is None for name in ("before", "after", "target")):
            raise forms.ValidationError(_("请至少填写攻关前、攻关后或目标值中的一项。"))
        return data


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "kind",
            "code",
            "name",
            "region",
            "organisers",
            "started_on",
            "ends_on",
            "target_certification",
            "description",
        ]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "code": _("字母、数字、下划线，如 qingxu_iso9001。"),
            "target_certification": _("认证提升行动：持有该证书的企业计为完成，如 ISO9001。"),
        }

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model(self, "region").queryset = regions
        self.fields["code"].validators.append(
            RegexValidator(r"^[A-Za-z0-9_\-]+$", _("编号只能包含字母、数字、下划线和连字符。"))
        )
        if self.instance.pk:
            self.fields["code"].disabled = True
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _dates_in_order(self, data, "started_on", "ends_on")
        if data.get("kind") == Programme.Kind.CERTIFICATION and not data.get(
            "target_certification"
        ):
            data["target_certification"] = "ISO9001"
        return data


class EnrolForm(PickerForm):
    enterprises = EnterprisePick(label=_("企业"))
    chain = forms.ModelChoiceField(label=_("产业链"), queryset=Chain.objects.none(), required=False)
    town = forms.ModelChoiceField(label=_("专业镇"), queryset=Town.objects.none(), required=False)
    county = forms.ModelChoiceField(
        label=_("县（市、区）"), queryset=Region.objects.none(), required=False
    )
    note = forms.CharField(label=_("备注"), max_length=255, required=False)

    def __init__(
        self,
        *args: Any,
        enterprises: QuerySet[Enterprise],
        towns: QuerySet[Town],
        counties: QuerySet[Region],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _model(self, "enterprises").queryset = enterprises
        _model(self, "chain").queryset = Chain.objects.filter(archived_at__isnull=True)
        _model(self, "town").queryset = towns
        _model(self, "county").queryset = counties
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (
            data.get("enterprises") or data.get("chain") or data.get("town") or data.get("county")
        ):
            raise forms.ValidationError(_("请至少选择一个要纳入的企业、产业链、专业镇或县。"))
        return data

    def subjects(self) -> list[Any]:
        data = self.cleaned_data
        picked: list[Any] = list(data.get("enterprises") or [])
        return picked + [data[n] for n in ("chain", "town", "county") if data.get(n)]
