"""The public policy calculator (政策计算器): a profile typed by anyone, checked against the rules.

Nothing is written and no enterprise record is read: the profile comes from the form (or the API),
the published policies in force today are evaluated with the rule engine directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qstrong.policies import rules as engine
from qstrong.policies.matching import rules_in_force
from qstrong.policies.models import Policy
from qstrong.portal.explaining import Explanation, Labels, explain
from qstrong.registry.models import Chain, ChainRole, CreditRating, Industry, Region, Scale, Town

NONE_CHOICE = "__none__"
MAX_AMOUNT = Decimal("100000000000")  # 万元: a thousand trillion yuan is a typing error
MAX_COUNT = 10_000_000


def _set_choices(field_name: str) -> list[tuple[str, str]]:
    return [(value, zh) for value, zh, _en in engine.FIELDS[field_name].choices]


class CalculatorForm(forms.Form):
    """Every input optional: what is left empty is unknown, and policies needing it say so."""

    region = forms.ChoiceField(label=_("所在地区"), required=False)
    industry = forms.CharField(
        label=_("行业代码"),
        required=False,
        max_length=5,
        help_text=_("国民经济行业分类代码，如 C2720（化学药品制剂制造）或 C27。"),
    )
    scale = forms.ChoiceField(
        label=_("企业规模"), required=False, choices=[("", "—"), *Scale.choices]
    )
    employees = forms.IntegerField(
        label=_("从业人员（人）"), required=False, min_value=0, max_value=MAX_COUNT
    )
    revenue = forms.DecimalField(
        label=_("上年营业收入（万元）"),
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT,
        decimal_places=2,
    )
    registered_capital = forms.DecimalField(
        label=_("注册资本（万元）"),
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT,
        decimal_places=2,
    )
    established = forms.DateField(
        label=_("成立日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    certifications = forms.MultipleChoiceField(
        label=_("已获认证"), required=False, widget=forms.CheckboxSelectMultiple
    )
    tags = forms.MultipleChoiceField(
        label=_("资质标签"), required=False, widget=forms.CheckboxSelectMultiple
    )
    chain_roles = forms.MultipleChoiceField(
        label=_("产业链角色"),
        required=False,
        choices=ChainRole.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    chains = forms.MultipleChoiceField(label=_("所属产业链"), required=False)
    towns = forms.MultipleChoiceField(label=_("所属专业镇"), required=False)
    standards_led = forms.IntegerField(
        label=_("主导或参与制定标准（项）"), required=False, min_value=0, max_value=MAX_COUNT
    )
    patents = forms.IntegerField(
        label=_("有效发明专利（项）"), required=False, min_value=0, max_value=MAX_COUNT
    )
    credit_rating = forms.ChoiceField(
        label=_("信用等级"), required=False, choices=[("", "—"), *CreditRating.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = Region.objects.filter(code__startswith="14").order_by("code")
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ChoiceField)
        region_field.choices = [("", "—")] + [
            (r.code, ("　" if r.level == Region.Level.COUNTY else "") + r.name) for r in regions
        ]
        none = (NONE_CHOICE, str(_("以上均无")))
        for name in ("certifications", "tags"):
            choice_field = self.fields[name]
            assert isinstance(choice_field, forms.MultipleChoiceField)
            choice_field.choices = [*_set_choices(name), none]
        chains = self.fields["chains"]
        towns = self.fields["towns"]
        assert isinstance(chains, forms.MultipleChoiceField)
        assert isinstance(towns, forms.MultipleChoiceField)
        chains.choices = list(
            Chain.objects.filter(archived_at__isnull=True)
            .order_by("sort_order", "code")
            .values_list("code", "name")
        )
        towns.choices = list(
            Town.objects.filter(archived_at__isnull=True)
            .order_by("code")
            .values_list("code", "name")
        )
        for name, form_field in self.fields.items():
            widget = form_field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs["class"] = "form-check-input"
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = css
            widget.attrs["id"] = f"id_{name}"

    def clean_industry(self) -> str:
        code = (self.cleaned_data.get("industry") or "").strip().upper()
        if code and not Industry.objects.filter(code=code).exists():
            raise ValidationError(
                _("行业代码“%(code)s”不存在，请按国民经济行业分类填写，如 C2720。"),
                params={"code": code},
            )
        return code

    def clean_established(self) -> dt.date | None:
        day = self.cleaned_data.get("established")
        if day is not None and day > timezone.localdate():
            raise ValidationError(_("成立日期不能晚于今天。"))
        if day is not None and day.year < 1800:
            raise ValidationError(_("成立日期不正确。"))
        return day

    def _set_value(self, name: str) -> list[str] | None:
        chosen = list(self.cleaned_data.get(name) or [])
        if NONE_CHOICE in chosen:
            if len(chosen) > 1:
                self.add_error(name, _("“以上均无”不能与其他选项同时选择。"))
            return []
        return chosen or None

    def profile(self) -> dict[str, Any]:
        """The rule engine's profile: empty inputs are unknown (None)."""
        data = self.cleaned_data
        revenue, capital = data.get("revenue"), data.get("registered_capital")
        return {
            "region": data.get("region") or None,
            "industry": data.get("industry") or None,
            "scale": data.get("scale") or None,
            "employees": data.get("employees"),
            "revenue": None if revenue is None else float(revenue),
            "registered_capital": None if capital is None else float(capital),
            "established": data.get("established"),
            "certifications": self._set_value("certifications"),
            "tags": self._set_value("tags"),
            "chains": list(data.get("chains") or []),
            "chain_roles": list(data.get("chain_roles") or []),
            "towns": list(data.get("towns") or []),
            "standards_led": data.get("standards_led"),
            "patents": data.get("patents"),
            "credit_rating": data.get("credit_rating") or None,
        }


@dataclass
class Verdict:
    policy: Policy
    explanation: Explanation


@dataclass
class CalculatorResult:
    as_of: dt.date
    eligible: list[Verdict] = field(default_factory=list)
    needs_data: list[Verdict] = field(default_factory=list)
    ineligible: list[Verdict] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.eligible) + len(self.needs_data) + len(self.ineligible)


def calculate(*, profile: dict[str, Any], as_of: dt.date | None = None) -> CalculatorResult:
    """Every published policy in force today, evaluated for the profile."""
    day = as_of or timezone.localdate()
    result = CalculatorResult(as_of=day)
    # A stored rule is validated when saved; one that is not (hand-edited data) is skipped.
    pairs = [
        (rule.policy, rule)
        for rule in rules_in_force(as_of=day)
        if rule.policy.state == Policy.State.PUBLISHED and not engine.validate_rule(rule.rule)
    ]
    labels = Labels.for_trees(engine.evaluate(r.rule, profile, as_of=day) for _p, r in pairs)
    for policy, rule in pairs:
        explanation = explain(rule=rule, profile=profile, as_of=day, labels=labels)
        getattr(result, explanation.outcome).append(Verdict(policy=policy, explanation=explanation))
    return result
