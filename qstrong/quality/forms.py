"""Forms of the quality pages: filters, registering a problem, transitions, actions, losses."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from qstrong.accounts.models import Organisation
from qstrong.quality.models import (
    Grade,
    Problem,
    ProblemAction,
    ProblemClass,
    ProblemState,
    Programme,
    QualityLoss,
)
from qstrong.registry.models import Chain, Enterprise, Segment

SELECT = {"class": "form-select form-select-sm"}
TEXT = {"class": "form-control"}


def _blank(choices: Any, label: Any) -> list[tuple[str, Any]]:
    return [("", label), *choices]


def _choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _model(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    return cast(forms.ModelChoiceField[Any], form.fields[name])


class ProblemFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    chain = forms.ChoiceField(label=_("产业链"), required=False)
    grade = forms.ChoiceField(
        label=_("等级"), required=False, choices=_blank(Grade.choices, _("全部等级"))
    )
    klass = forms.ChoiceField(
        label=_("问题类别"), required=False, choices=_blank(ProblemClass.choices, _("全部类别"))
    )
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=_blank([("open", _("未关闭")), *ProblemState.choices], _("全部状态")),
    )
    overdue = forms.BooleanField(label=_("仅看有逾期措施的"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chains = Chain.objects.filter(archived_at__isnull=True).values_list("code", "name")
        _choice(self, "chain").choices = _blank(list(chains), _("全部产业链"))
        for name, field in self.fields.items():
            if name not in {"q", "overdue"}:
                field.widget.attrs.update(SELECT)
        self.fields["q"].widget.attrs.update(
            {"class": "form-control form-control-sm", "placeholder": _("问题标题或描述")}
        )
        self.fields["overdue"].widget.attrs.update({"class": "form-check-input"})


class ProblemForm(forms.Form):
    """Register a problem: enterprises are those the user may register for."""

    title = forms.CharField(label=_("问题标题"), max_length=200)
    chain = forms.ModelChoiceField(label=_("产业链"), queryset=Chain.objects.none())
    segment = forms.ModelChoiceField(
        label=_("环节"), queryset=Segment.objects.none(), required=False
    )
    enterprises = forms.ModelMultipleChoiceField(
        label=_("涉及企业（第一家决定所属区域）"), queryset=Enterprise.objects.none()
    )
    grade = forms.ChoiceField(label=_("等级"), choices=Grade.choices)
    klass = forms.ChoiceField(label=_("问题类别"), choices=ProblemClass.choices)
    programme = forms.ModelChoiceField(
        label=_("所属试点"), queryset=Programme.objects.none(), required=False
    )
    description = forms.CharField(label=_("问题描述"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, enterprises: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model(self, "chain").queryset = Chain.objects.filter(archived_at__isnull=True)
        _model(self, "segment").queryset = Segment.objects.select_related("chain")
        _model(self, "enterprises").queryset = enterprises
        _model(self, "programme").queryset = programmes
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        self.fields["enterprises"].widget.attrs.update({"class": "form-select", "size": 6})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chain, segment = data.get("chain"), data.get("segment")
        if chain and segment and segment.chain_id != chain.pk:
            self.add_error("segment", _("所选环节不属于该产业链。"))
        return data

    def ordered_enterprises(self) -> list[Enterprise]:
        """In the order they were chosen: the first one gives the problem its region."""
        chosen = {e.pk: e for e in self.cleaned_data["enterprises"]}
        order = [
            int(v)
            for v in cast(Any, self.data).getlist(self.add_prefix("enterprises"))
            if v.isdigit()
        ]
        return [chosen[pk] for pk in order if pk in chosen]


class TransitionForm(forms.Form):
    comment = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )
    root_cause = forms.CharField(
        label=_("根本原因"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    evidence_note = forms.CharField(
        label=_("佐证说明（如报告编号）"),
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class ActionForm(forms.ModelForm):
    class Meta:
        model = ProblemAction
        fields = [
            "kind",
            "description",
            "owner_bureau",
            "owner_enterprise",
            "owner_person",
            "deadline",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, problem: Problem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model(self, "owner_bureau").queryset = Organisation.objects.filter(
            kind=Organisation.Kind.BUREAU
        )
        _model(self, "owner_enterprise").queryset = problem.enterprises.all()
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("owner_bureau") and not data.get("owner_enterprise"):
            self.add_error("owner_bureau", _("请至少指定一个责任单位（监管局或企业）。"))
        return data


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("评论"), widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


class LossForm(forms.ModelForm):
    class Meta:
        model = QualityLoss
        fields = [
            "year",
            "failures_before",
            "failures_after",
            "cost_per_failure",
            "other_cost_before",
            "other_cost_after",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class LedgerFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    chain = forms.ChoiceField(label=_("产业链"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "year").choices = _blank([(y, str(y)) for y in years], _("全部年度"))
        chains = Chain.objects.filter(archived_at__isnull=True).values_list("code", "name")
        _choice(self, "chain").choices = _blank(list(chains), _("全部产业链"))
        for field in self.fields.values():
            field.widget.attrs.update(SELECT)
