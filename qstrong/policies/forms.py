"""Forms of the policy pages: library filters, the policy form, rule saving, withdrawal, uploads."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qstrong.policies.models import Category, Delivery, Policy

POLICY_FIELDS = (
    "code",
    "title",
    "issuer",
    "document_number",
    "category",
    "delivery",
    "effective_from",
    "effective_to",
    "summary",
    "interpretation",
    "claim_who",
    "claim_conditions",
    "claim_deadline",
    "claim_where",
    "claim_contact",
    "source_note",
)
SORT_KEYS = ("code", "title", "effective_from", "effective_to", "updated")
ATTACHMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ofd", ".png", ".jpg", ".zip")
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


def _any(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


@dataclass(frozen=True)
class PolicyFilters:
    """What the library list is narrowed to; empty strings mean "any"."""

    q: str = ""
    category: str = ""
    state: str = ""
    delivery: str = ""
    in_force_on: dt.date | None = None
    sort: str = "code"


class PolicyFilterForm(forms.Form):
    """The library's query string. Invalid values are dropped, never an error page."""

    q = forms.CharField(label=_("搜索"), required=False, max_length=200)
    category = forms.ChoiceField(
        label=_("类别"), required=False, choices=_any(_("全部类别")) + list(Category.choices)
    )
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=_any(_("全部状态")) + list(Policy.State.choices)
    )
    delivery = forms.ChoiceField(
        label=_("兑现方式"),
        required=False,
        choices=_any(_("全部方式")) + list(Delivery.choices),
    )
    in_force_on = forms.DateField(
        label=_("在某日有效"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    sort = forms.ChoiceField(
        required=False,
        widget=forms.HiddenInput,
        choices=[(key, key) for key in SORT_KEYS] + [(f"-{key}", key) for key in SORT_KEYS],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("category", "state", "delivery"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["q"].widget.attrs.update({"class": "form-control", "autocomplete": "off"})

    def filters(self) -> PolicyFilters:
        if not self.is_valid():
            # Keep what is valid: a bad date must not hide the search words.
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        else:
            data = self.cleaned_data
        return PolicyFilters(
            q=(data.get("q") or "").strip(),
            category=data.get("category") or "",
            state=data.get("state") or "",
            delivery=data.get("delivery") or "",
            in_force_on=data.get("in_force_on"),
            sort=data.get("sort") or "code",
        )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"class": "form-control", **(attrs or {})}, format="%Y-%m-%d")


class PolicyForm(forms.ModelForm):
    """The descriptive fields of a policy; the rule is edited in the rule editor."""

    class Meta:
        model = Policy
        fields = POLICY_FIELDS
        widgets = {
            "effective_from": DateInput(),
            "effective_to": DateInput(),
            "claim_deadline": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "interpretation": forms.Textarea(attrs={"rows": 6}),
            "claim_who": forms.Textarea(attrs={"rows": 2}),
            "claim_conditions": forms.Textarea(attrs={"rows": 3}),
            "claim_where": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "code": _("唯一编号，例如 SX-ZL-2024-01；创建后不可修改。"),
            "effective_to": _("留空表示长期有效。"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The code names the policy in imports, exports and pushes: it does not change.
            self.fields["code"].disabled = True
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("effective_from"), cleaned.get("effective_to")
        if start and end and start > end:
            self.add_error("effective_to", _("失效日期不能早于生效日期。"))
        return cleaned

    def service_data(self) -> dict[str, Any]:
        """The cleaned values as the services take them."""
        skip = {"code"} if self.instance.pk else set()
        return {name: self.cleaned_data[name] for name in POLICY_FIELDS if name not in skip}


class RuleSaveForm(forms.Form):
    """The rule editor's submission: the rule as JSON; for a published policy, when it applies."""

    rule = forms.CharField(
        widget=forms.HiddenInput, error_messages={"required": _("请先设置适用条件。")}
    )
    applies_from = forms.DateField(
        label=_("新版本适用起始日期"), required=False, widget=DateInput()
    )
    note = forms.CharField(
        label=_("修订说明"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args: Any, published: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.published = published
        if published:
            self.fields["applies_from"].required = True
            self.fields["applies_from"].initial = timezone.localdate()

    def clean_rule(self) -> Any:
        text = self.cleaned_data["rule"]
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("适用条件不是有效的 JSON（第 %(line)s 行第 %(column)s 列）。"),
                params={"line": exc.lineno, "column": exc.colno},
            ) from exc


class WithdrawForm(forms.Form):
    comment = forms.CharField(
        label=_("撤回原因"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("附件"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ATTACHMENT_SUFFIXES:
            raise forms.ValidationError(
                _("不支持的文件类型“%(name)s”，请上传 %(suffixes)s 文件。"),
                params={"name": upload.name, "suffixes": " ".join(ATTACHMENT_SUFFIXES)},
            )
        if upload.size > ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("文件过大，附件不能超过 20 MB。"))
        return upload


class AsOfForm(forms.Form):
    """A date for preview and explanation: today unless the officer picks another."""

    as_of = forms.DateField(label=_("基准日期"), required=False, widget=DateInput())

    def day(self) -> dt.date:
        if self.is_valid() and self.cleaned_data.get("as_of"):
            return self.cleaned_data["as_of"]
        return timezone.localdate()
