"""Forms of the registry pages: the enterprise filters and the import upload."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.registry.models import ChainRole, ImportBatch, Region, Scale, Source
from qstrong.registry.selectors import (
    EnterpriseFilters,
    chain_choices,
    industry_choices,
    region_choices,
    town_choices,
)
from qstrong.registry.uscc import looks_like_uscc_prefix

# The keys RULES.md and IMPORT.md name; records may hold others, shown as written.
TAG_LABELS: dict[str, Any] = {
    "high_tech": _("高新技术企业"),
    "specialised_sme": _("专精特新"),
    "little_giant": _("小巨人"),
    "shanxi_premium": _("山西精品"),
    "time_honoured": _("老字号"),
}
CERTIFICATION_LABELS: dict[str, Any] = {
    "ISO9001": "ISO 9001",
    "ISO14001": "ISO 14001",
    "ISO45001": "ISO 45001",
    "IATF16949": "IATF 16949",
    "HACCP": "HACCP",
    "ISO22000": "ISO 22000",
    "ISO50001": "ISO 50001",
}
SORT_KEYS = ("name", "uscc", "region", "industry", "employees", "revenue", "established", "updated")
IMPORT_SUFFIXES = (".xlsx", ".csv")


def _any(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


class EnterpriseFilterForm(forms.Form):
    """The enterprise list's query string. Invalid values are dropped, never an error page."""

    q = forms.CharField(label=_("搜索"), required=False, max_length=200)
    region = forms.ChoiceField(label=_("地区"), required=False)
    industry = forms.ChoiceField(label=_("行业"), required=False)
    chain = forms.ChoiceField(label=_("产业链"), required=False)
    role = forms.ChoiceField(label=_("链上角色"), required=False)
    town = forms.ChoiceField(label=_("专业镇"), required=False)
    scale = forms.ChoiceField(label=_("企业规模"), required=False)
    tag = forms.ChoiceField(label=_("标签"), required=False)
    certification = forms.ChoiceField(label=_("认证"), required=False)
    source = forms.ChoiceField(label=_("数据来源"), required=False)
    archived = forms.BooleanField(label=_("只看已归档"), required=False)
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("region").choices = _any(_("全部地区")) + self._region_choices(user)
        self._choices("industry").choices = _any(_("全部行业")) + self._industry_choices()
        self._choices("chain").choices = _any(_("全部产业链")) + [
            (chain.code, chain.name) for chain in chain_choices()
        ]
        self._choices("role").choices = _any(_("全部角色")) + list(ChainRole.choices)
        self._choices("town").choices = _any(_("全部专业镇")) + [
            (town.code, town.name) for town in town_choices()
        ]
        self._choices("scale").choices = _any(_("全部规模")) + list(Scale.choices)
        self._choices("tag").choices = _any(_("全部标签")) + list(TAG_LABELS.items())
        self._choices("certification").choices = _any(_("全部认证")) + list(
            CERTIFICATION_LABELS.items()
        )
        self._choices("source").choices = _any(_("全部来源")) + list(Source.choices)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"
        self._choices("sort").choices = [(key, key) for key in SORT_KEYS] + [
            (f"-{key}", f"-{key}") for key in SORT_KEYS
        ]

    def _choices(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    @staticmethod
    def _region_choices(user: Any) -> list[Any]:
        """Cities as groups with their counties; a county officer gets just the county."""
        if jurisdiction_of(user).enterprise_id is not None:
            return []
        regions = list(region_choices(user=user))
        cities = [r for r in regions if r.level == Region.Level.CITY]
        if not cities:
            return [(r.code, r.name) for r in regions]
        grouped: list[Any] = []
        for city in cities:
            counties = [(r.code, f"{r.name}") for r in regions if r.parent_id == city.code]
            grouped.append(
                (city.name, [(city.code, _("%(city)s（全市）") % {"city": city.name}), *counties])
            )
        return grouped

    @staticmethod
    def _industry_choices() -> list[Any]:
        industries = list(industry_choices())
        sections = [i for i in industries if i.level == "section"]
        grouped: list[Any] = []
        for section in sections:
            divisions = [
                (i.code, f"{i.code} {i.name}") for i in industries if i.parent_id == section.code
            ]
            grouped.append(
                (
                    f"{section.code} {section.name}",
                    [
                        (
                            section.code,
                            _("%(code)s %(name)s（全门类）")
                            % {"code": section.code, "name": section.name},
                        ),
                        *divisions,
                    ],
                )
            )
        return grouped

    def filters(self) -> EnterpriseFilters:
        """The valid part of the query as the selector's filters."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        data = {key: value for key, value in cleaned.items() if value not in (None, "")}
        # A search by code lists by code (the code's index gives the first page at once); any
        # other list by name, unless the user chose a column.
        default = "uscc" if looks_like_uscc_prefix(data.get("q", "")) else "name"
        data["sort"] = data.get("sort") or default
        return EnterpriseFilters(**data)

    @property
    def active_count(self) -> int:
        """How many filters (beyond the search box and the sort) narrow the list."""
        self.is_valid()
        return sum(
            1
            for key, value in getattr(self, "cleaned_data", {}).items()
            if key not in {"q", "sort"} and value not in (None, "", False)
        )


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("导入内容"),
        choices=[
            (ImportBatch.Kind.ENTERPRISES, _("企业名录")),
            (ImportBatch.Kind.CHAINS, _("产业链")),
            (ImportBatch.Kind.TOWNS, _("专业镇")),
        ],
        initial=ImportBatch.Kind.ENTERPRISES,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(label=_("文件（.xlsx 或 .csv）"))
    dry_run = forms.BooleanField(
        label=_("仅校验"),
        required=False,
        help_text=_("只检查文件并列出全部问题，不写入数据库。"),
    )
    valid_rows_only = forms.BooleanField(
        label=_("仅导入有效行"),
        required=False,
        help_text=_(
            "文件中有错误时，跳过出错的行，导入其余的行；不勾选时，有任何错误则整个文件都不导入。"
        ),
    )
    language = forms.ChoiceField(
        label=_("报告语言"),
        choices=settings.LANGUAGES,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = get_language() or settings.LANGUAGE_CODE
        self.fields["language"].initial = "en" if current.startswith("en") else "zh-hans"
        self.fields["file"].widget.attrs.update(
            {
                "accept": ",".join(IMPORT_SUFFIXES),
                "data-max-bytes": str(settings.QSTRONG_IMPORT_MAX_BYTES),
            }
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in IMPORT_SUFFIXES:
            raise forms.ValidationError(
                _("不支持的文件类型“%(suffix)s”，请上传 .xlsx 或 .csv 文件。"),
                code="file_type",
                params={"suffix": suffix or _("无扩展名")},
            )
        if upload.size > settings.QSTRONG_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("文件过大（%(size)s），上限为 %(limit)s。"),
                code="file_too_large",
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.QSTRONG_IMPORT_MAX_BYTES),
                },
            )
        if upload.size == 0:
            raise forms.ValidationError(_("文件是空的。"), code="file_empty")
        if suffix == ".xlsx":
            upload.seek(0)
            magic = upload.read(4)
            upload.seek(0)
            # An .xlsx is a zip archive; an .xls or a renamed file is not.
            if magic != b"PK\x03\x04":
                raise forms.ValidationError(
                    _(
                        "文件不是有效的 Excel（.xlsx）文件。"
                        "如果是旧版 .xls 文件，请在 Excel 中另存为 .xlsx。"
                    ),
                    code="file_not_xlsx",
                )
        return upload

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or self.fields["language"].initial
