"""Forms of the routine pages; the services validate again, so the API gets the same rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qstrong.foodsafety.gaps import parse_iso_week, parse_month
from qstrong.foodsafety.models import RiskItem
from qstrong.foodsafety.services import IssueLine

ISSUE_LINES = 3
TEXT = {"class": "form-control"}
DATE = {"class": "form-control", "type": "date"}


def not_future(day: dt.date | None) -> dt.date | None:
    today = timezone.localdate()
    if day is not None and day > today:
        raise ValidationError(_("日期不能晚于今天（%(today)s）。") % {"today": today})
    return day


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's ValidationError shown on the form: on its field where the form has one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error.messages[0] if error.messages else str(error))
    else:
        for message in exc.messages:
            form.add_error(None, message)


class StaffForm(forms.Form):
    main_responsible = forms.CharField(
        label=_("主要负责人"), max_length=50, required=False, widget=forms.TextInput(TEXT)
    )
    director = forms.CharField(
        label=_("食品安全总监"), max_length=50, required=False, widget=forms.TextInput(TEXT)
    )
    officer = forms.CharField(
        label=_("食品安全员"), max_length=50, required=False, widget=forms.TextInput(TEXT)
    )


class EnrolForm(StaffForm):
    enrolled_on = forms.DateField(
        label=_("纳入日期"), widget=forms.DateInput(DATE, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("备注"), max_length=255, required=False, widget=forms.TextInput(TEXT)
    )

    def clean_enrolled_on(self) -> dt.date | None:
        return not_future(self.cleaned_data.get("enrolled_on"))


class RiskItemForm(forms.Form):
    risk_point = forms.CharField(label=_("风险点"), max_length=100, widget=forms.TextInput(TEXT))
    control_measure = forms.CharField(
        label=_("管控措施"), max_length=1000, widget=forms.Textarea({**TEXT, "rows": 2})
    )
    frequency = forms.ChoiceField(
        label=_("检查频次"),
        choices=RiskItem.Frequency.choices,
        widget=forms.Select({"class": "form-select"}),
    )
    responsible = forms.CharField(
        label=_("责任人"), max_length=50, required=False, widget=forms.TextInput(TEXT)
    )


class IssueLinesMixin(forms.Form):
    """Up to ISSUE_LINES problems written down with a record: risk point, what, fix by when."""

    risk_items: list[RiskItem]

    def add_issue_fields(self, count: int, risk_items: list[RiskItem]) -> None:
        self.risk_items = risk_items
        choices = [("", _("（不对应清单条目）"))] + [(str(i.pk), i.risk_point) for i in risk_items]
        for n in range(1, count + 1):
            self.fields[f"issue_{n}_risk"] = forms.ChoiceField(
                label=_("风险点"),
                choices=choices,
                required=False,
                widget=forms.Select({"class": "form-select form-select-sm"}),
            )
            self.fields[f"issue_{n}_description"] = forms.CharField(
                label=_("问题描述"),
                max_length=2000,
                required=False,
                widget=forms.TextInput({**TEXT, "class": "form-control form-control-sm"}),
            )
            self.fields[f"issue_{n}_deadline"] = forms.DateField(
                label=_("整改期限"),
                required=False,
                widget=forms.DateInput({"class": "form-control form-control-sm", "type": "date"}),
            )
        self.issue_count = count

    def issue_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"issue_{n}_risk"], self[f"issue_{n}_description"], self[f"issue_{n}_deadline"])
            for n in range(1, self.issue_count + 1)
        ]

    def issue_lines(self) -> list[IssueLine]:
        by_pk = {str(i.pk): i for i in self.risk_items}
        lines = []
        for n in range(1, self.issue_count + 1):
            description = (self.cleaned_data.get(f"issue_{n}_description") or "").strip()
            risk = by_pk.get(self.cleaned_data.get(f"issue_{n}_risk") or "")
            deadline = self.cleaned_data.get(f"issue_{n}_deadline")
            if not description and (risk or deadline):
                self.add_error(f"issue_{n}_description", _("请填写问题描述。"))
            if description:
                lines.append(IssueLine(description=description, deadline=deadline, risk_item=risk))
        return lines


class DailyCheckForm(IssueLinesMixin):
    date = forms.DateField(label=_("检查日期"), widget=forms.DateInput(DATE, format="%Y-%m-%d"))
    checker = forms.CharField(label=_("检查人"), max_length=50, widget=forms.TextInput(TEXT))
    note = forms.CharField(
        label=_("备注"),
        max_length=2000,
        required=False,
        widget=forms.Textarea({**TEXT, "rows": 2}),
    )

    def __init__(self, *args: Any, risk_items: list[RiskItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_issue_fields(ISSUE_LINES, risk_items)

    def clean_date(self) -> dt.date | None:
        return not_future(self.cleaned_data.get("date"))


class WeeklyReportForm(IssueLinesMixin):
    week = forms.CharField(
        label=_("周次"),
        max_length=8,
        widget=forms.TextInput({**TEXT, "type": "week", "placeholder": "2026-W07"}),
        help_text=_("格式：年-W周，如 2026-W07（ISO 周，周一至周日）。"),
    )
    reporter = forms.CharField(label=_("排查人"), max_length=50, widget=forms.TextInput(TEXT))
    hazards = forms.CharField(
        label=_("发现的风险隐患"),
        max_length=4000,
        required=False,
        widget=forms.Textarea({**TEXT, "rows": 3}),
    )
    measures = forms.CharField(
        label=_("整改措施"),
        max_length=4000,
        required=False,
        widget=forms.Textarea({**TEXT, "rows": 3}),
    )
    conclusion = forms.CharField(
        label=_("排查结论"), max_length=2000, widget=forms.Textarea({**TEXT, "rows": 2})
    )

    def __init__(self, *args: Any, risk_items: list[RiskItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_issue_fields(1, risk_items)

    def clean_week(self) -> tuple[int, int]:
        value = self.cleaned_data.get("week", "")
        try:
            year, week = parse_iso_week(value)
        except ValueError:
            raise ValidationError(_("周次格式不正确，应为“年-W周”，如 2026-W07。")) from None
        if dt.date.fromisocalendar(year, week, 1) > timezone.localdate():
            raise ValidationError(_("不能填写尚未开始的周。"))
        return year, week


class MonthlyMeetingForm(forms.Form):
    month = forms.CharField(
        label=_("月份"),
        max_length=7,
        widget=forms.TextInput({**TEXT, "type": "month", "placeholder": "2026-07"}),
        help_text=_("格式：年-月，如 2026-07。"),
    )
    held_on = forms.DateField(label=_("会议日期"), widget=forms.DateInput(DATE, format="%Y-%m-%d"))
    chair = forms.CharField(label=_("主持人"), max_length=50, widget=forms.TextInput(TEXT))
    attendees = forms.CharField(label=_("参会人员"), max_length=500, widget=forms.TextInput(TEXT))
    minutes = forms.CharField(
        label=_("会议纪要"), max_length=8000, widget=forms.Textarea({**TEXT, "rows": 5})
    )
    decisions = forms.CharField(
        label=_("调度事项"),
        max_length=4000,
        required=False,
        widget=forms.Textarea({**TEXT, "rows": 3}),
    )

    def clean_month(self) -> dt.date:
        try:
            month = parse_month(self.cleaned_data.get("month", ""))
        except ValueError:
            raise ValidationError(_("月份格式不正确，应为“年-月”，如 2026-07。")) from None
        if month > timezone.localdate():
            raise ValidationError(_("不能填写尚未开始的月份。"))
        return month

    def clean_held_on(self) -> dt.date | None:
        return not_future(self.cleaned_data.get("held_on"))


class AnnualReportForm(forms.Form):
    year = forms.IntegerField(
        label=_("年度"), min_value=2000, widget=forms.NumberInput({**TEXT, "step": 1})
    )
    text = forms.CharField(
        label=_("报告内容"),
        max_length=20000,
        required=False,
        widget=forms.Textarea({**TEXT, "rows": 8}),
    )
    file = forms.FileField(
        label=_("报告文件（PDF 或 Word）"),
        required=False,
        widget=forms.ClearableFileInput({"class": "form-control", "accept": ".pdf,.docx"}),
    )

    def clean_year(self) -> int | None:
        year = self.cleaned_data.get("year")
        if year is not None and year > timezone.localdate().year:
            raise ValidationError(_("不能填写未来年度的报告。"))
        return year


class IssueFixForm(forms.Form):
    note = forms.CharField(
        label=_("整改说明"), max_length=2000, widget=forms.Textarea({**TEXT, "rows": 3})
    )
    fixed_on = forms.DateField(
        label=_("整改完成日期"), widget=forms.DateInput(DATE, format="%Y-%m-%d")
    )
    evidence = forms.FileField(
        label=_("整改证明（照片或 PDF）"),
        required=False,
        widget=forms.ClearableFileInput(
            {"class": "form-control", "accept": ".jpg,.jpeg,.png,.webp,.pdf"}
        ),
    )

    def clean_fixed_on(self) -> dt.date | None:
        return not_future(self.cleaned_data.get("fixed_on"))


class IssueReopenForm(forms.Form):
    comment = forms.CharField(
        label=_("退回理由"), max_length=2000, widget=forms.Textarea({**TEXT, "rows": 2})
    )
    deadline = forms.DateField(
        label=_("新的整改期限"), widget=forms.DateInput(DATE, format="%Y-%m-%d")
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("监管意见"), max_length=2000, widget=forms.Textarea({**TEXT, "rows": 2})
    )
