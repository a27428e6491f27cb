"""Forms for the registers' records: every error names its field; choices and enterprises are
limited to what the officer may change. The forms validate only — the services write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Model, Q
from django.forms.utils import ErrorList
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qstrong.nqi import campaigns, selectors
from qstrong.nqi.forms import DateInput
from qstrong.nqi.models import (
    Brand,
    GIAuthorisation,
    GIProduct,
    InnovationBase,
    Instrument,
    InstrumentVerification,
    MetrologyCampaign,
    Patent,
    Provider,
    ProviderService,
    Standard,
    StandardParticipation,
    Trademark,
)
from qstrong.registry.models import Chain, Enterprise, Industry, Town
from qstrong.registry.selectors import enterprises_editable

ORIGIN = "origin_note"


class NamedErrors:
    """Each field's error says which field it is about (表单顶部的汇总也能看懂)."""

    fields: dict[str, forms.Field]
    _errors: Any
    error_class: type[ErrorList]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name, errors in list((self._errors or {}).items()):
            if name not in self.fields:
                continue
            label = str(self.fields[name].label or name)
            named = [
                m
                if label in m
                else gettext("%(field)s：%(message)s") % {"field": label, "message": m}
                for m in errors
            ]
            self._errors[name] = self.error_class(named, renderer=getattr(self, "renderer", None))


def style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(field, forms.DateField):
            field.widget = widget = DateInput()
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
            widget.attrs.setdefault("size", "6")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")
        if isinstance(widget, forms.Textarea):
            widget.attrs["rows"] = 3


class RecordForm(NamedErrors, forms.ModelForm):
    """A register record's form: limited to the user's jurisdiction by `setup`."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.setup()
        style(self)

    def setup(self) -> None:
        """Narrow the choices to what the user may use (overridden per form)."""

    def data_for_save(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """(fields, many-to-many fields) for services.record_save."""
        many_names = {f.name for f in self._meta.model._meta.many_to_many}
        data = {k: v for k, v in self.cleaned_data.items() if k in self.fields}
        many = {k: data.pop(k) for k in list(data) if k in many_names}
        return data, many


class UsccField(forms.CharField):
    """An enterprise by its USCC, among those the user may change."""

    def __init__(self, *, label: Any = None, required: bool = True) -> None:
        super().__init__(
            label=label or _("企业统一社会信用代码"),
            max_length=18,
            min_length=18,
            required=required,
            strip=True,
        )
        self.user: Any = None

    def clean(self, value: Any) -> Enterprise | None:
        text = super().clean(value)
        if not text:
            return None
        found = enterprises_editable(user=self.user).filter(uscc=text.upper()).first()
        if found is None:
            raise forms.ValidationError(_("辖区内没有这个统一社会信用代码的企业"))
        return found


class IndustryField(forms.CharField):
    """A GB/T 4754 code typed as text (C14, C1462)."""

    def __init__(self, *, label: Any, required: bool = True) -> None:
        super().__init__(label=label, max_length=5, required=required, strip=True)
        self.help_text = _("GB/T 4754 行业代码，如 C14、C1462")

    def clean(self, value: Any) -> Industry | None:
        text = super().clean(value)
        if not text:
            return None
        found = Industry.objects.filter(code=text.upper()).first()
        if found is None:
            raise forms.ValidationError(_("不存在的行业代码"))
        return found


class EnterpriseOwned(RecordForm):
    """A record about an enterprise: the holder is typed by USCC, in the jurisdiction."""

    enterprise = UsccField()

    def setup(self) -> None:
        field = self.fields["enterprise"]
        field.user = self.user  # type: ignore[attr-defined]
        if self.instance.pk and getattr(self.instance, "enterprise_id", None):
            self.initial["enterprise"] = self.instance.enterprise.uscc


def _not_before(form: forms.BaseForm, early: str, late: str) -> None:
    first, second = form.cleaned_data.get(early), form.cleaned_data.get(late)
    if first and second and second < first:
        form.add_error(
            late,
            gettext("不能早于%(other)s") % {"other": form.fields[early].label},
        )


class InstrumentForm(EnterpriseOwned):
    class Meta:
        model = Instrument
        fields = [
            "enterprise",
            "name",
            "serial_number",
            "interval_months",
            "last_verified_on",
            "next_due_on",
            "institute",
            ORIGIN,
        ]

    def setup(self) -> None:
        super().setup()
        if self.instance.pk:
            # Dates move with a recorded verification, not by editing.
            del self.fields["last_verified_on"], self.fields["next_due_on"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        months = data.get("interval_months")
        if months is not None and not 1 <= months <= 120:
            self.add_error("interval_months", _("应为 1–120 的整数"))
        _not_before(self, "last_verified_on", "next_due_on")
        return data


class StandardForm(RecordForm):
    class Meta:
        model = Standard
        fields = [
            "number",
            "title",
            "level",
            "status",
            "issuing_body",
            "published_on",
            "effective_on",
            ORIGIN,
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _not_before(self, "published_on", "effective_on")
        return data


class ParticipationForm(EnterpriseOwned):
    class Meta:
        model = StandardParticipation
        fields = ["standard", "enterprise", "role"]

    def setup(self) -> None:
        super().setup()
        self.fields["standard"].queryset = selectors.standards_public(user=self.user)  # type: ignore[attr-defined]


class TrademarkForm(EnterpriseOwned):
    enterprise = UsccField(label=_("注册人统一社会信用代码"))

    class Meta:
        model = Trademark
        fields = [
            "enterprise",
            "registration_number",
            "mark",
            "nice_class",
            "kind",
            "status",
            "registered_on",
            "expires_on",
            ORIGIN,
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        nice = data.get("nice_class")
        if nice is not None and not 1 <= nice <= 45:
            self.add_error("nice_class", _("应为 1–45 的整数"))
        _not_before(self, "registered_on", "expires_on")
        return data


class PatentForm(EnterpriseOwned):
    enterprise = UsccField(label=_("专利权人统一社会信用代码"))

    class Meta:
        model = Patent
        fields = [
            "enterprise",
            "number",
            "title",
            "kind",
            "status",
            "granted_on",
            "high_value",
            "transfer",
            ORIGIN,
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == Patent.Status.GRANTED and not data.get("granted_on"):
            self.add_error("granted_on", _("有效专利须填写授权日期"))
        return data


class GIProductForm(RecordForm):
    class Meta:
        model = GIProduct
        fields = ["code", "name", "protected_regions", "standard", "approved_on", ORIGIN]

    def setup(self) -> None:
        self.fields["protected_regions"].queryset = selectors.regions_writable(user=self.user)  # type: ignore[attr-defined]
        self.fields["standard"].queryset = selectors.standards_public(user=self.user)  # type: ignore[attr-defined]


class GIAuthorisationForm(EnterpriseOwned):
    class Meta:
        model = GIAuthorisation
        fields = ["product", "enterprise", "authorised_on", "expires_on", ORIGIN]

    def setup(self) -> None:
        super().setup()
        self.fields["product"].queryset = selectors.gi_products_public(user=self.user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _not_before(self, "authorised_on", "expires_on")
        return data


LEVEL_RANK = {Brand.Level.REGIONAL: 0, Brand.Level.ENTERPRISE: 1, Brand.Level.PRODUCT: 2}


class BrandForm(EnterpriseOwned):
    """One cell of the matrix: a regional brand has no enterprise; an enterprise or product
    brand has one and may sit under a brand one level up."""

    enterprise = UsccField(required=False)

    class Meta:
        model = Brand
        fields = ["name", "level", "parent", "enterprise", "region", "premium_on", ORIGIN]

    def setup(self) -> None:
        super().setup()
        parents = Brand.objects.filter(
            Q(pk__in=selectors.regional_brands_public(user=self.user).values("pk"))
            | Q(pk__in=selectors.enterprise_brands_visible(user=self.user).values("pk"))
        )
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents.order_by("level", "name")  # type: ignore[attr-defined]
        self.fields["region"].queryset = selectors.regions_writable(user=self.user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        level, parent, enterprise = data.get("level"), data.get("parent"), data.get("enterprise")
        if level == Brand.Level.REGIONAL and enterprise is not None:
            self.add_error("enterprise", _("区域公用品牌不属于某一企业，请留空"))
        if level in {Brand.Level.ENTERPRISE, Brand.Level.PRODUCT} and enterprise is None:
            self.add_error("enterprise", _("企业品牌和产品品牌须填写所属企业"))
        if parent is not None and level and LEVEL_RANK[parent.level] >= LEVEL_RANK[level]:
            self.add_error("parent", _("上级品牌的层级应高于本品牌"))
        return data


class ProviderForm(RecordForm):
    class Meta:
        model = Provider
        fields = [
            "code",
            "name",
            "kind",
            "region",
            "cma_number",
            "cnas_number",
            "contact_name",
            "contact_phone",
            "address",
            "description",
            ORIGIN,
        ]

    def setup(self) -> None:
        self.fields["region"].queryset = selectors.regions_writable(user=self.user)  # type: ignore[attr-defined]


class ProviderServiceForm(RecordForm):
    industry = IndustryField(label=_("服务行业"))

    class Meta:
        model = ProviderService
        fields = ["provider", "category", "industry", "description"]

    def setup(self) -> None:
        self.fields["provider"].queryset = selectors.providers_editable(user=self.user).filter(  # type: ignore[attr-defined]
            archived_at__isnull=True
        )
        if self.instance.pk:
            self.initial["industry"] = self.instance.industry_id


class InnovationBaseForm(RecordForm):
    industry = IndustryField(label=_("行业"), required=False)
    host = UsccField(label=_("承建单位统一社会信用代码"), required=False)

    class Meta:
        model = InnovationBase
        fields = ["name", "region", "industry", "host", "recognised_on", ORIGIN]

    def setup(self) -> None:
        self.fields["region"].queryset = selectors.regions_writable(user=self.user)  # type: ignore[attr-defined]
        self.fields["host"].user = self.user  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["industry"] = self.instance.industry_id or ""
            self.initial["host"] = self.instance.host.uscc if self.instance.host else ""


class CampaignForm(RecordForm):
    class Meta:
        model = MetrologyCampaign
        fields = [
            "code",
            "name",
            "kind",
            "region",
            "town",
            "chain",
            "institute",
            "started_on",
            "ends_on",
            "description",
            ORIGIN,
        ]

    def setup(self) -> None:
        regions = selectors.regions_writable(user=self.user)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["town"].queryset = Town.objects.filter(  # type: ignore[attr-defined]
            archived_at__isnull=True, county__in=regions
        )
        self.fields["chain"].queryset = Chain.objects.filter(archived_at__isnull=True)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("town")) == bool(data.get("chain")):
            self.add_error("town", _("请在专业镇和产业链中选择一个（只选一个）"))
        _not_before(self, "started_on", "ends_on")
        return data


class VerificationForm(NamedErrors, forms.Form):
    verified_on = forms.DateField(label=_("检定日期"))
    result = forms.ChoiceField(label=_("检定结论"), choices=InstrumentVerification.Result.choices)
    institute = forms.CharField(label=_("检定机构"), max_length=200)
    certificate_number = forms.CharField(label=_("检定证书编号"), max_length=80, required=False)
    next_due_on = forms.DateField(
        label=_("下次检定日期"),
        required=False,
        help_text=_("留空则按检定周期推算；不合格时为检定当日"),
    )
    campaign = forms.ModelChoiceField(
        label=_("计量服务专项行动"), queryset=MetrologyCampaign.objects.none(), required=False
    )
    note = forms.CharField(label=_("说明"), max_length=255, required=False)

    def __init__(self, *args: Any, user: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.fields["campaign"].queryset = campaigns.campaigns_visible(user=user)  # type: ignore[attr-defined]
        style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day: dt.date | None = data.get("verified_on")
        if day and day > timezone.localdate():
            self.add_error("verified_on", _("不能晚于今天"))
        nxt = data.get("next_due_on")
        if day and nxt and nxt <= day:
            self.add_error("next_due_on", _("应晚于检定日期"))
        campaign: MetrologyCampaign | None = data.get("campaign")
        if (
            day
            and campaign
            and (day < campaign.started_on or (campaign.ends_on and day > campaign.ends_on))
        ):
            self.add_error("campaign", _("检定日期不在该行动的起止日期内"))
        return data


FORMS: dict[str, type[RecordForm]] = {
    "instrument": InstrumentForm,
    "standard": StandardForm,
    "participation": ParticipationForm,
    "trademark": TrademarkForm,
    "patent": PatentForm,
    "gi_product": GIProductForm,
    "gi_authorisation": GIAuthorisationForm,
    "brand": BrandForm,
    "provider": ProviderForm,
    "service": ProviderServiceForm,
    "innovation_base": InnovationBaseForm,
    "campaign": CampaignForm,
}


def model_of(kind: str) -> type[Model]:
    return FORMS[kind]._meta.model
