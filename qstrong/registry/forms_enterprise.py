"""The enterprise form: every field of IMPORT.md, and the chain and town membership rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from qstrong.accounts.permissions import enterprise_editable_fields
from qstrong.registry import editing
from qstrong.registry.models import (
    Chain,
    ChainRole,
    CreditRating,
    Enterprise,
    Industry,
    Region,
    Scale,
    Segment,
    Town,
)
from qstrong.registry.scale import derive_scale
from qstrong.registry.uscc import uscc_normalise

LIST_HELP = _("多项用顿号、逗号或分号分隔；填“无”表示确认没有；留空表示未记录。")
NUMBER_ATTRS = {"inputmode": "decimal", "step": "0.01", "min": "0"}
INTEGER_ATTRS = {"inputmode": "numeric", "min": "0"}
# Form field → model field where they differ (the form speaks in codes).
MODEL_FIELD = {"region": "region_id", "industry": "industry_id"}


class BootstrapMixin:
    """Bootstrap classes on every widget, and is-invalid on the fields that have errors."""

    fields: dict[str, forms.Field]
    errors: Any

    def style_widgets(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def _integer(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=editing.MAX_INTEGER,
        widget=forms.NumberInput(attrs=INTEGER_ATTRS),
        error_messages={"min_value": editing.text_lazy("negative"), "invalid": _("应为整数。")},
    )


def _amount(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_digits=16,
        decimal_places=2,
        widget=forms.NumberInput(attrs=NUMBER_ATTRS),
        error_messages={"min_value": editing.text_lazy("negative"), "invalid": _("应为数字。")},
    )


class EnterpriseForm(BootstrapMixin, forms.Form):
    """One enterprise's profile; the USCC only when it is created (it is the record's key)."""

    uscc = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=40,
        help_text=_("18 位，含校验位；保存后不能修改。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "qs-mono"}),
    )
    name = forms.CharField(label=_("企业名称"), max_length=200)
    # Text with a select: a code posted outside the list gets the reason, not "invalid choice".
    region = forms.CharField(label=_("所在县（市、区）"), max_length=6, widget=forms.Select)
    industry = forms.CharField(
        label=_("行业代码"),
        required=False,
        max_length=200,
        help_text=_("GB/T 4754-2017 代码，如 C1462；输入代码或名称可从列表中选择。"),
        widget=forms.TextInput(attrs={"list": "industry-codes", "autocomplete": "off"}),
    )
    established = forms.DateField(
        label=_("成立日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": editing.text_lazy("date_invalid")},
    )
    employees = _integer(_("从业人员"))
    revenue = _amount(_("营业收入（万元）"))
    registered_capital = _amount(_("注册资本（万元）"))
    scale = forms.ChoiceField(
        label=_("企业规模"),
        required=False,
        choices=[("", _("由系统测算")), *Scale.choices],
    )
    certifications = forms.CharField(
        label=_("认证"), required=False, max_length=1000, help_text=LIST_HELP
    )
    tags = forms.CharField(label=_("标签"), required=False, max_length=1000)
    standards_led = _integer(_("主导制定标准数"))
    patents = _integer(_("有效发明专利数"))
    credit_rating = forms.ChoiceField(
        label=_("信用等级"), required=False, choices=[("", _("未记录")), *CreditRating.choices]
    )
    contact_name = forms.CharField(label=_("联系人"), required=False, max_length=100)
    contact_phone = forms.CharField(label=_("联系电话"), required=False, max_length=50)

    def __init__(
        self, *args: Any, user: Any, enterprise: Enterprise | None = None, **kwargs: Any
    ) -> None:
        self.user, self.enterprise = user, enterprise
        if enterprise is not None:
            kwargs.setdefault("initial", initial_from(enterprise))
        super().__init__(*args, **kwargs)
        if enterprise is not None:
            del self.fields["uscc"]
        counties = self._county_choices()
        region_select = cast(forms.Select, self.fields["region"].widget)
        region_select.choices = [("", "—"), *counties]
        if enterprise is None and len(counties) == 1:
            self.fields["region"].initial = counties[0][0]  # a county officer's own county
        self.fields["tags"].help_text = _("%(help)s 常用标签：%(known)s") % {
            "help": LIST_HELP,
            "known": "、".join(editing.import_values.TAG_LABELS.values()),
        }
        allowed = enterprise_editable_fields(user, enterprise)
        self.restricted = allowed is not None
        for name, field in self.fields.items():
            if allowed is not None and MODEL_FIELD.get(name, name) not in allowed:
                # A disabled field keeps its stored value whatever the browser posts.
                field.disabled = True
        self.style_widgets()

    def _county_choices(self) -> list[tuple[str, str]]:
        counties = [(r.code, _county_label(r)) for r in editing.counties_for(user=self.user)]
        current = self.enterprise.region if self.enterprise is not None else None
        if current is not None and current.code not in {code for code, _label in counties}:
            counties.insert(0, (current.code, _county_label(current)))
        return counties

    @property
    def derived_scale(self) -> str:
        """What the national classification gives for the stored record, for the hint."""
        e = self.enterprise
        if e is None:
            return ""
        scale = derive_scale(industry_code=e.industry_id, employees=e.employees, revenue=e.revenue)
        return str(dict(Scale.choices).get(scale, "")) if scale else ""

    def clean_uscc(self) -> str:
        value = self.cleaned_data["uscc"]
        problem = editing.uscc_error(value) or editing.uscc_taken_error(value)
        if problem:
            raise ValidationError(problem, code="uscc")
        return uscc_normalise(value)

    def clean_name(self) -> str:
        return str(self.cleaned_data["name"]).strip()

    def clean_region(self) -> str:
        code = self.cleaned_data["region"]
        if self.enterprise is not None and code == self.enterprise.region_id:
            return str(code)  # unchanged: an out-of-province supplier keeps its region
        problem = editing.region_error(code, user=self.user)
        if problem:
            raise ValidationError(problem, code="region")
        return str(code)

    def clean_industry(self) -> str | None:
        value = self.cleaned_data["industry"]
        if not value.strip():
            return None
        code = editing.industry_code(value)
        if code is None:
            raise ValidationError(editing.text("industry_unknown"), code="industry")
        return code

    def clean_certifications(self) -> list[str] | None:
        return editing.parse_list_text(self.cleaned_data["certifications"], "certifications")

    def clean_tags(self) -> list[str] | None:
        return editing.parse_list_text(self.cleaned_data["tags"], "tags")

    def enterprise_data(self) -> dict[str, Any]:
        """The fields for enterprise_upsert: the editable ones, empty text as blank."""
        data: dict[str, Any] = {}
        for name, field in self.fields.items():
            if name == "uscc" or field.disabled:
                continue
            # Empty numbers, dates, lists and the industry are None (not recorded), text "".
            data[MODEL_FIELD.get(name, name)] = self.cleaned_data.get(name)
        return data

    def apply_errors(self, error: ValidationError) -> None:
        """Errors the services found (full_clean) go next to the field they concern."""
        reverse = {model: form for form, model in MODEL_FIELD.items()}
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, messages in error.message_dict.items():
            name = reverse.get(key, key)
            self.add_error(name if name in self.fields else None, messages)


def _county_label(region: Region) -> str:
    parent = region.parent
    city = f"{parent.name} · " if parent is not None and parent.level == Region.Level.CITY else ""
    return f"{city}{region.name}（{region.code}）"


def initial_from(enterprise: Enterprise) -> dict[str, Any]:
    e = enterprise
    industry = e.industry
    return {
        "name": e.name,
        "region": e.region_id,
        "industry": f"{industry.code}" if industry else "",
        "established": e.established,
        "employees": e.employees,
        "revenue": e.revenue,
        "registered_capital": e.registered_capital,
        # A derived scale shows as "由系统测算" so that saving keeps deriving it.
        "scale": "" if e.scale_derived else e.scale,
        "certifications": editing.list_text(e.certifications, "certifications"),
        "tags": editing.list_text(e.tags, "tags"),
        "standards_led": e.standards_led,
        "patents": e.patents,
        "credit_rating": e.credit_rating,
        "contact_name": e.contact_name,
        "contact_phone": e.contact_phone,
    }


# --- membership rows -------------------------------------------------------------------------


class SegmentSelect(forms.Select):
    """Segment options carry their chain's code, so that the page script can narrow them."""

    def __init__(self, *args: Any, chain_of: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.chain_of = chain_of

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        chain = self.chain_of.get(str(value))
        if chain:
            option["attrs"]["data-chain"] = chain
        return option


class MembershipChoices:
    """The chains, segments and towns offered in every row, read once per page."""

    def __init__(self) -> None:
        self.chains = list(Chain.objects.filter(archived_at__isnull=True))
        self.segments = list(Segment.objects.select_related("chain").order_by("chain", "position"))
        self.towns = list(Town.objects.filter(archived_at__isnull=True).select_related("county"))
        self.chain_by_code = {c.code: c for c in self.chains}
        self.segment_by_id = {str(s.pk): s for s in self.segments}
        self.town_by_code = {t.code: t for t in self.towns}

    def segment_choices(self) -> list[Any]:
        grouped: list[Any] = [("", _("未分环节"))]
        for chain in self.chains:
            options = [(str(s.pk), s.name) for s in self.segments if s.chain_id == chain.pk]
            if options:
                grouped.append((chain.name, options))
        return grouped


class ChainRowForm(BootstrapMixin, forms.Form):
    chain = forms.ChoiceField(label=_("产业链"), required=False)
    role = forms.ChoiceField(
        label=_("链上角色"), required=False, choices=ChainRole.choices, initial="supplier"
    )
    segment = forms.ChoiceField(label=_("环节"), required=False)

    def __init__(self, *args: Any, choices: MembershipChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices
        chain_field = cast(forms.ChoiceField, self.fields["chain"])
        chain_field.choices = [("", "—"), *((c.code, c.name) for c in choices.chains)]
        segment = cast(forms.ChoiceField, self.fields["segment"])
        segment.widget = SegmentSelect(chain_of={str(s.pk): s.chain.code for s in choices.segments})
        segment.choices = choices.segment_choices()
        self.fields["chain"].widget.attrs["data-chain-select"] = ""
        self.fields["segment"].widget.attrs["data-segment-select"] = ""
        self.style_widgets()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chain = self.choices.chain_by_code.get(cleaned.get("chain") or "")
        segment = self.choices.segment_by_id.get(cleaned.get("segment") or "")
        if chain is not None and not cleaned.get("role"):
            self.add_error("role", _("请选择链上角色。"))
        if chain is not None and segment is not None and segment.chain_id != chain.pk:
            self.add_error(
                "segment", editing.text("segment_unknown", chain=chain.name, item=segment.name)
            )
        if chain is None and segment is not None:
            self.add_error("chain", _("请选择产业链。"))
        cleaned["chain_obj"], cleaned["segment_obj"] = chain, segment
        return cleaned


class TownRowForm(BootstrapMixin, forms.Form):
    town = forms.ChoiceField(label=_("专业镇"), required=False)
    is_leading = forms.BooleanField(label=_("龙头企业"), required=False)

    def __init__(self, *args: Any, choices: MembershipChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices
        town_field = cast(forms.ChoiceField, self.fields["town"])
        town_field.choices = [
            ("", "—"),
            *((t.code, f"{t.name}（{t.county.name}）") for t in choices.towns),
        ]
        self.style_widgets()


class _RowFormSet(forms.BaseFormSet):
    key = ""

    def live_forms(self) -> list[forms.Form]:
        return [
            f
            for f in self.forms
            if f.cleaned_data.get(self.key) and not f.cleaned_data.get("DELETE")
        ]

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[str] = set()
        for form in self.live_forms():
            code = form.cleaned_data[self.key]
            if code in seen:
                label = dict(form.fields[self.key].choices).get(code, code)  # type: ignore[attr-defined]
                problem = "chain_repeated" if self.key == "chain" else "town_repeated"
                form.add_error(self.key, editing.text(problem, item=label))
            seen.add(code)


class BaseChainFormSet(_RowFormSet):
    key = "chain"

    def rows(self) -> editing.ChainRows:
        return [
            (f.cleaned_data["chain_obj"], f.cleaned_data["role"], f.cleaned_data["segment_obj"])
            for f in self.live_forms()
        ]


class BaseTownFormSet(_RowFormSet):
    key = "town"

    def rows(self) -> editing.TownRows:
        towns = cast(MembershipChoices, self.form_kwargs["choices"]).town_by_code
        return [
            (towns[f.cleaned_data["town"]], bool(f.cleaned_data["is_leading"]))
            for f in self.live_forms()
        ]


ChainFormSet = formset_factory(
    ChainRowForm, formset=BaseChainFormSet, extra=2, can_delete=True, max_num=50
)
TownFormSet = formset_factory(
    TownRowForm, formset=BaseTownFormSet, extra=1, can_delete=True, max_num=50
)


class EnterpriseEditor:
    """The form and its two row sets, bound together: what the views validate and save."""

    def __init__(
        self, data: Any = None, *, user: Any, enterprise: Enterprise | None = None
    ) -> None:
        self.enterprise = enterprise
        self.form = EnterpriseForm(data, user=user, enterprise=enterprise)
        # Memberships are the bureau's designation: not offered to enterprise users.
        self.with_memberships = not self.form.restricted
        choices = MembershipChoices()
        rows = {"choices": choices}
        chain_initial = town_initial = None
        if enterprise is not None:
            chain_initial = [
                {"chain": m.chain.code, "role": m.role, "segment": str(m.segment_id or "")}
                for m in enterprise.chain_memberships.all()
            ]
            town_initial = [
                {"town": m.town.code, "is_leading": m.is_leading}
                for m in enterprise.town_memberships.all()
            ]
        self.chains = ChainFormSet(data, prefix="chains", initial=chain_initial, form_kwargs=rows)
        self.towns = TownFormSet(data, prefix="towns", initial=town_initial, form_kwargs=rows)
        self.industries = Industry.objects.order_by("code").values_list("code", "name")

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        if self.with_memberships:
            valid = self.chains.is_valid() and valid
            valid = self.towns.is_valid() and valid
        return valid

    def chain_rows(self) -> editing.ChainRows | None:
        return cast(BaseChainFormSet, self.chains).rows() if self.with_memberships else None

    def town_rows(self) -> editing.TownRows | None:
        return cast(BaseTownFormSet, self.towns).rows() if self.with_memberships else None

    @property
    def has_errors(self) -> bool:
        if not self.form.is_bound:
            return False
        rows_bad = self.with_memberships and (
            any(self.chains.errors) or bool(self.chains.non_form_errors())
            or any(self.towns.errors) or bool(self.towns.non_form_errors())
        )  # fmt: skip
        return bool(self.form.errors) or bool(rows_bad)
