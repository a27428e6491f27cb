"""Forms for the register pages: a certificate, a status change, a routing and its answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qstrong.nqi.models import CertificateStatus, Provider, Routing
from qstrong.policies.rules.spec import CERTIFICATIONS
from qstrong.registry.models import Enterprise
from qstrong.registry.selectors import enterprises_editable

SCHEMES = [(code, code) for code, _zh, _en in CERTIFICATIONS] + [
    ("CCC", "CCC"),
    ("有机产品", _("有机产品")),
]


def _bootstrap(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class CertificateForm(forms.Form):
    enterprise = forms.CharField(
        label=_("企业统一社会信用代码"), max_length=18, min_length=18, strip=True
    )
    scheme = forms.ChoiceField(label=_("认证项目"), choices=SCHEMES)
    number = forms.CharField(label=_("证书编号"), max_length=80)
    body = forms.CharField(label=_("认证机构"), max_length=200, required=False)
    issued_on = forms.DateField(label=_("发证日期"), widget=DateInput())
    expires_on = forms.DateField(label=_("有效期至"), widget=DateInput())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        _bootstrap(self)

    def clean_enterprise(self) -> Enterprise:
        uscc = self.cleaned_data["enterprise"].upper()
        found = enterprises_editable(user=self.user).filter(uscc=uscc).first()
        if found is None:
            raise forms.ValidationError(_("辖区内没有这个统一社会信用代码的企业"))
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        issued, expires = data.get("issued_on"), data.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", _("有效期至不能早于发证日期"))
        return data


class CertificateStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("新状态"), choices=CertificateStatus.choices)
    on = forms.DateField(label=_("生效日期"), widget=DateInput())
    note = forms.CharField(label=_("说明"), max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class RoutingForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("服务机构"), queryset=Provider.objects.none())
    note = forms.CharField(label=_("转办说明"), max_length=255, required=False)

    def __init__(self, *args: Any, providers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]
        _bootstrap(self)


class RoutingAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("机构答复"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    answered_on = forms.DateField(label=_("答复日期"), widget=DateInput())
    outcome = forms.ChoiceField(label=_("办理结果"), choices=Routing.Outcome.choices)
    result = forms.CharField(
        label=_("结果说明"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)
