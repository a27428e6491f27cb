"""The change request form: the facts an enterprise asks to change, as the registry's form reads
them (same fields, messages and list parsing), plus a note; files come in request.FILES."""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qstrong.accounts.permissions import ENTERPRISE_REQUEST_FIELDS
from qstrong.registry import editing
from qstrong.registry.forms_enterprise import BootstrapMixin, EnterpriseForm, initial_from
from qstrong.registry.models import Enterprise

# In the order the registry's form shows them.
REQUEST_FIELDS = [name for name in EnterpriseForm.base_fields if name in ENTERPRISE_REQUEST_FIELDS]


class ChangeRequestForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("例如：新取得 ISO 9001 证书，附证书扫描件。"),
    )

    def __init__(self, *args: Any, enterprise: Enterprise, **kwargs: Any) -> None:
        initial = initial_from(enterprise)
        kwargs.setdefault("initial", {name: initial.get(name) for name in REQUEST_FIELDS})
        super().__init__(*args, **kwargs)
        self.enterprise = enterprise
        asked = {name: copy.deepcopy(EnterpriseForm.base_fields[name]) for name in REQUEST_FIELDS}
        self.fields = {**asked, "note": self.fields["note"]}
        self.style_widgets()

    def clean_certifications(self) -> list[str] | None:
        return editing.parse_list_text(self.cleaned_data["certifications"], "certifications")

    def requested(self) -> dict[str, Any]:
        """The values asked for, only where they differ from the record (the officer's diff)."""
        current = initial_from(self.enterprise)
        data: dict[str, Any] = {}
        for name in REQUEST_FIELDS:
            value = self.cleaned_data.get(name)
            shown = (
                editing.list_text(value, "certifications") if name == "certifications" else value
            )
            if shown != current.get(name):
                data[name] = value
        return data
