"""Forms for activities, needs, tasks and task moves; choices limited to the user's scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from qstrong.accounts.jurisdiction import OFFICER_ROLES
from qstrong.accounts.models import Organisation, Role, User
from qstrong.casework import selectors
from qstrong.casework.models import Need, OutreachActivity, Task
from qstrong.casework.services import ActivityData, NeedData, TaskData
from qstrong.casework.uploads import file_max_bytes, photo_max_bytes
from qstrong.registry.models import Chain, Enterprise, Town

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class Styled:
    """Bootstrap classes on every widget, and is-invalid on fields with errors."""

    fields: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self.style()

    def style(self) -> None:
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if name in (getattr(self, "_errors", None) or {}):
                css += " is-invalid"
            widget.attrs["class"] = css


def _bureau_label(org: Organisation) -> str:
    return org.name


class EnterpriseLinesField(forms.CharField):
    """The fallback of the picker: pasted USCCs or exact names, one per line; resolved against
    what the user sees, with one error per line that does not resolve."""

    widget = forms.Textarea(attrs={"rows": 3, "class": "qs-mono"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.user: Any = None
        super().__init__(*args, **kwargs)

    def resolve(self, text: str) -> list[Enterprise]:
        visible = selectors.enterprise_choices(user=self.user)
        found: list[Enterprise] = []
        errors: list[ValidationError] = []
        for number, line in enumerate(text.splitlines(), start=1):
            key = line.strip().strip(",，;；")
            if not key:
                continue
            match = visible.filter(Q(uscc=key.upper()) | Q(name=key)).first()
            if match is None:
                errors.append(
                    ValidationError(
                        _("第 %(n)s 行：在您可见的企业中找不到“%(key)s”。")
                        % {"n": number, "key": key[:60]},
                        code="unknown_enterprise",
                    )
                )
            elif match not in found:
                found.append(match)
        if errors:
            raise ValidationError(errors)
        return found


class EnterprisePick(forms.ModelMultipleChoiceField):
    """Enterprises chosen in the search picker (chips); posted as their ids."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Enterprise.objects.none())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.error_messages["invalid_choice"] = gettext_lazy("所选企业不存在或不在您的可见范围内。")
        self.error_messages["invalid_pk_value"] = gettext_lazy(
            "所选企业不存在或不在您的可见范围内。"
        )


class PickerMixin:
    """Gives a template the chips the picker starts with (the posted or the initial picks)."""

    fields: dict[str, Any]
    is_bound: bool
    data: Any
    initial: Any

    def picked(self, name: str) -> list[Enterprise]:
        field = self.fields[name]
        if self.is_bound:
            raw = self.data.getlist(name) if hasattr(self.data, "getlist") else []
        else:
            raw = self.initial.get(name) or []
            raw = raw if isinstance(raw, list | tuple) else [raw]
        ids = [int(v) for v in (getattr(v, "pk", v) for v in raw) if str(v).isdigit()]
        by_pk = {e.pk: e for e in field.queryset.filter(pk__in=ids)}
        return [by_pk[i] for i in ids if i in by_pk]


class ActivityForm(PickerMixin, Styled, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("活动类型"), choices=OutreachActivity.Kind.choices)
    title = forms.CharField(label=gettext_lazy("活动名称"), max_length=200)
    date = forms.DateField(label=gettext_lazy("日期"), widget=DATE)
    place = forms.CharField(label=gettext_lazy("地点"), max_length=200, required=False)
    organisers = forms.ModelMultipleChoiceField(
        label=gettext_lazy("组织单位"), queryset=Organisation.objects.none()
    )
    enterprise_ids = EnterprisePick(label=gettext_lazy("服务企业"))
    enterprises = EnterpriseLinesField(
        label=gettext_lazy("批量粘贴企业"),
        required=False,
        help_text=gettext_lazy("每行一家：统一社会信用代码或企业全称；与上面选中的企业合并。"),
    )
    chains = forms.ModelMultipleChoiceField(
        label=gettext_lazy("服务产业链"), queryset=Chain.objects.none(), required=False
    )
    towns = forms.ModelMultipleChoiceField(
        label=gettext_lazy("服务专业镇"), queryset=Town.objects.none(), required=False
    )
    participants = forms.CharField(
        label=gettext_lazy("参加人员"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    participant_count = forms.IntegerField(
        label=gettext_lazy("参加人数"), min_value=0, required=False
    )
    summary = forms.CharField(
        label=gettext_lazy("活动纪要"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(
        self, *args: Any, user: Any, activity: OutreachActivity | None = None, **kwargs: Any
    ) -> None:
        if activity is not None and "initial" not in kwargs:
            kwargs["initial"] = activity_initial(activity)
        super().__init__(*args, **kwargs)
        self.user = user
        organisers: Any = self.fields["organisers"]
        organisers.queryset = selectors.bureau_choices(user=user)
        organisers.label_from_instance = _bureau_label
        picked: Any = self.fields["enterprise_ids"]
        visible = selectors.enterprise_choices(user=user)
        if activity is not None:
            # Organisers and subjects already on the record stay choosable on an edit.
            organisers.queryset = Organisation.objects.filter(
                Q(pk__in=organisers.queryset.values("pk")) | Q(pk__in=activity.organisers.all())
            ).select_related("region")
            visible = Enterprise.objects.filter(
                Q(pk__in=visible.values("pk")) | Q(pk__in=activity.enterprises.all())
            ).only("pk", "name", "uscc")
        picked.queryset = visible
        enterprises: Any = self.fields["enterprises"]
        enterprises.user = user
        chains: Any = self.fields["chains"]
        chains.queryset = Chain.objects.filter(archived_at__isnull=True)
        towns: Any = self.fields["towns"]
        towns.queryset = Town.objects.filter(archived_at__isnull=True)
        for name in ("chains", "towns"):
            self.fields[name].widget.attrs["size"] = 6
        if not self.is_bound and activity is None and getattr(user, "organisation_id", None):
            self.initial.setdefault("organisers", [user.organisation_id])

    def clean_enterprises(self) -> list[Enterprise]:
        field: Any = self.fields["enterprises"]
        return list(field.resolve(self.cleaned_data.get("enterprises") or ""))

    def data_object(self) -> ActivityData:
        d = self.cleaned_data
        enterprises = list(d.get("enterprise_ids") or [])
        enterprises += [e for e in d["enterprises"] if e not in enterprises]
        return ActivityData(
            kind=d["kind"], title=d["title"], date=d["date"], place=d["place"],
            organisers=list(d["organisers"]), enterprises=enterprises,
            chains=list(d["chains"]), towns=list(d["towns"]), participants=d["participants"],
            participant_count=d["participant_count"], summary=d["summary"],
        )  # fmt: skip


def activity_initial(activity: OutreachActivity) -> dict[str, Any]:
    """The edit form starts from the record as it is."""
    return {
        "kind": activity.kind, "title": activity.title, "date": activity.date,
        "place": activity.place, "organisers": [o.pk for o in activity.organisers.all()],
        "enterprise_ids": [e.pk for e in activity.enterprises.all()],
        "chains": [c.pk for c in activity.chains.all()],
        "towns": [t.pk for t in activity.towns.all()],
        "participants": activity.participants, "participant_count": activity.participant_count,
        "summary": activity.summary,
    }  # fmt: skip


class ArchiveForm(Styled, forms.Form):
    reason = forms.CharField(label=gettext_lazy("移除原因"), max_length=300)


class PhotoForm(Styled, forms.Form):
    photo = forms.FileField(
        label=gettext_lazy("照片（JPEG / PNG / WebP）"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=gettext_lazy("图片说明"), max_length=300, required=False)
    credit = forms.CharField(
        label=gettext_lazy("摄影"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "毕瑞喆 摄"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photo"].widget.attrs["data-max-bytes"] = str(photo_max_bytes())


class FileForm(Styled, forms.Form):
    file = forms.FileField(label=gettext_lazy("文件"))
    comment = forms.CharField(label=gettext_lazy("说明"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["data-max-bytes"] = str(file_max_bytes())


class NeedForm(PickerMixin, Styled, forms.Form):
    """A need for a subject: picked from the activity's subjects, or entered by the officer."""

    subject = forms.ChoiceField(label=gettext_lazy("服务对象"), required=False)
    enterprise_ids = EnterprisePick(label=gettext_lazy("企业"))
    enterprise = forms.CharField(
        label=gettext_lazy("或粘贴统一社会信用代码 / 企业全称"),
        required=False,
        help_text=gettext_lazy("只选一个服务对象：企业、产业链或专业镇。"),
    )
    chain = forms.ModelChoiceField(
        label=gettext_lazy("产业链"), queryset=Chain.objects.none(), required=False
    )
    town = forms.ModelChoiceField(
        label=gettext_lazy("专业镇"), queryset=Town.objects.none(), required=False
    )
    category = forms.ChoiceField(label=pgettext_lazy("need", "类别"), choices=Need.Category.choices)
    description = forms.CharField(
        label=gettext_lazy("需求内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    source = forms.ChoiceField(
        label=gettext_lazy("来源"), choices=Need.Source.choices, initial=Need.Source.VISIT
    )
    raised_by = forms.CharField(label=gettext_lazy("提出人"), max_length=100, required=False)

    def __init__(
        self, *args: Any, user: Any, activity: OutreachActivity | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.activity = user, activity
        self.is_enterprise_user = getattr(user, "role", "") == Role.ENTERPRISE_USER
        if activity is not None:
            choices = [(f"e:{e.pk}", e.name) for e in activity.enterprises.all()]
            choices += [(f"c:{c.pk}", f"{c.name}（{_('产业链')}）") for c in activity.chains.all()]
            choices += [(f"t:{t.pk}", f"{t.name}（{_('专业镇')}）") for t in activity.towns.all()]
            subject: Any = self.fields["subject"]
            subject.choices, subject.required = choices, True
            for name in ("enterprise_ids", "enterprise", "chain", "town", "source"):
                del self.fields[name]
        else:
            del self.fields["subject"]
            picked: Any = self.fields["enterprise_ids"]
            picked.queryset = selectors.enterprise_choices(user=user)
            chain: Any = self.fields["chain"]
            chain.queryset = Chain.objects.filter(archived_at__isnull=True)
            town: Any = self.fields["town"]
            town.queryset = Town.objects.filter(archived_at__isnull=True)
        if self.is_enterprise_user:
            for name in ("enterprise_ids", "enterprise", "chain", "town", "source", "subject"):
                self.fields.pop(name, None)

    def _subject_from_choice(self, value: str) -> dict[str, Any]:
        assert self.activity is not None
        kind, _sep, pk = value.partition(":")
        model: Any = {"e": Enterprise, "c": Chain, "t": Town}[kind]
        name = {"e": "enterprise", "c": "chain", "t": "town"}[kind]
        return {name: model.objects.get(pk=int(pk))}

    def _subject_from_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        subject: dict[str, Any] = {}
        text = (d.get("enterprise") or "").strip()
        picked = list(d.get("enterprise_ids") or [])
        if len(picked) > 1:
            self.add_error("enterprise_ids", _("一项需求只对应一家企业。"))
            return {}
        if picked:
            subject["enterprise"] = picked[0]
        if text and picked and text.upper() != picked[0].uscc and text != picked[0].name:
            self.add_error(None, _("请选择一个服务对象：企业、产业链或专业镇之一。"))
            return {}
        if text and not picked:
            match = (
                selectors.enterprise_choices(user=self.user)
                .filter(Q(uscc=text.upper()) | Q(name=text))
                .first()
            )
            if match is None:
                self.add_error("enterprise", _("在您可见的企业中找不到“%(key)s”。") % {"key": text})
                return {}
            subject["enterprise"] = match
        for name in ("chain", "town"):
            if d.get(name):
                subject[name] = d[name]
        if len(subject) != 1:
            self.add_error(None, _("请选择一个服务对象：企业、产业链或专业镇之一。"))
        return subject

    def data_object(self, *, enterprise: Enterprise | None = None) -> NeedData | None:
        d = self.cleaned_data
        if self.is_enterprise_user:
            subject: dict[str, Any] = {"enterprise": enterprise}
        elif self.activity is not None:
            subject = self._subject_from_choice(d["subject"])
        else:
            subject = self._subject_from_fields()
            if self.errors:
                return None
        return NeedData(
            description=d["description"],
            category=d["category"],
            source=d.get("source") or Need.Source.VISIT,
            activity=self.activity,
            raised_by=d.get("raised_by", ""),
            **subject,
        )


class TaskForm(Styled, forms.Form):
    action = forms.CharField(
        label=gettext_lazy("任务内容"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    responsible_bureau = forms.ModelChoiceField(
        label=gettext_lazy("责任单位"), queryset=Organisation.objects.none()
    )
    responsible_person = forms.ModelChoiceField(
        label=gettext_lazy("责任人"), queryset=User.objects.none(), required=False
    )
    due_date = forms.DateField(label=gettext_lazy("完成时限"), widget=DATE)
    internal_note = forms.CharField(
        label=gettext_lazy("内部备注（企业不可见）"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bureaus = selectors.bureau_choices(user=user)
        bureau: Any = self.fields["responsible_bureau"]
        bureau.queryset = bureaus
        bureau.label_from_instance = _bureau_label
        person: Any = self.fields["responsible_person"]
        person.queryset = User.objects.filter(
            organisation__in=bureaus, is_active=True, role__in=list(OFFICER_ROLES)
        ).select_related("organisation")
        person.label_from_instance = lambda u: f"{u}（{u.organisation}）"
        if not self.is_bound and getattr(user, "organisation_id", None):
            self.initial.setdefault("responsible_bureau", user.organisation_id)

    def data_object(self) -> TaskData:
        d = self.cleaned_data
        return TaskData(
            action=d["action"],
            responsible_bureau=d["responsible_bureau"],
            responsible_person=d["responsible_person"],
            due_date=d["due_date"],
            internal_note=d["internal_note"],
        )


class TransitionForm(Styled, forms.Form):
    to_state = forms.ChoiceField(choices=Task.State.choices)
    comment = forms.CharField(
        label=gettext_lazy("说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
