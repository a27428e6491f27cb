"""Admin for the registry. Writes go through the services, so the audit trail records them;
records that are evidence are archived and restored, never deleted."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from qstrong.core.admin import ReadOnlyAdmin, SystemAdminInline, SystemAdminOnly, pretty_json
from qstrong.core.files import open_stored_or_404
from qstrong.core.models import AuditEvent
from qstrong.core.services import audit_record
from qstrong.registry.importing.messages import message
from qstrong.registry.models import (
    Chain,
    ChainMember,
    Enterprise,
    ImportBatch,
    Industry,
    Region,
    Segment,
    SupplyLink,
    Town,
    TownMember,
)
from qstrong.registry.services import (
    ENTERPRISE_FIELDS,
    chain_upsert,
    enterprise_archive,
    enterprise_restore,
    enterprise_set_memberships,
    enterprise_upsert,
    supply_link_upsert,
    town_upsert,
)
from qstrong.registry.uscc import UsccError, uscc_normalise, uscc_validate, uscc_with_check

# --- shared pieces ---------------------------------------------------------------------------


class ArchivedFilter(admin.SimpleListFilter):
    title = _("状态")
    parameter_name = "archived"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("no", _("在用")), ("yes", _("已归档"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "no":
            return queryset.filter(archived_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(archived_at__isnull=False)
        return queryset


class CityFilter(admin.SimpleListFilter):
    title = _("地市")
    parameter_name = "city"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        cities = Region.objects.filter(level=Region.Level.CITY, code__startswith="14")
        return [(city.code, city.name) for city in cities.order_by("code")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        code = self.value()
        if code:
            return queryset.filter(region__code__startswith=code[:4])
        return queryset


class ArchivableAdmin(SystemAdminOnly):
    """Archive and restore replace delete."""

    actions = ["archive", "restore"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("已归档"), boolean=True)
    def archived(self, obj: Any) -> bool:
        return obj.archived_at is not None

    def archive_one(self, obj: Any, actor: Any) -> None:
        _set_archived(obj, actor=actor, archived=True)

    def restore_one(self, obj: Any, actor: Any) -> None:
        _set_archived(obj, actor=actor, archived=False)

    @admin.action(description=_("归档所选记录"), permissions=["change"])
    def archive(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        objects = list(queryset.filter(archived_at__isnull=True))
        for obj in objects:
            self.archive_one(obj, request.user)
        self.message_user(
            request,
            ngettext("已归档 %(count)d 条记录。", "已归档 %(count)d 条记录。", len(objects))
            % {"count": len(objects)},
            messages.SUCCESS,
        )

    @admin.action(description=_("恢复所选记录"), permissions=["change"])
    def restore(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        objects = list(queryset.filter(archived_at__isnull=False))
        for obj in objects:
            self.restore_one(obj, request.user)
        self.message_user(
            request,
            ngettext("已恢复 %(count)d 条记录。", "已恢复 %(count)d 条记录。", len(objects))
            % {"count": len(objects)},
            messages.SUCCESS,
        )


@transaction.atomic
def _set_archived(obj: Chain | Town, *, actor: Any, archived: bool) -> None:
    # Chains and towns have no archive service yet; the same shape as enterprise_archive.
    before = obj.archived_at
    obj.archived_at = timezone.now() if archived else None
    obj.updated_by = actor
    obj.save(update_fields=["archived_at", "updated_by", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ARCHIVE if archived else AuditEvent.Action.RESTORE,
        object_type=f"registry.{obj._meta.model_name}",
        object_id=str(obj.pk),
        object_repr=str(obj),
        changes={
            "archived_at": [
                before.isoformat() if before else None,
                obj.archived_at.isoformat() if obj.archived_at else None,
            ]
        },
        note="admin",
    )


def _kept_rows(formset: Any) -> list[dict[str, Any]]:
    """The rows an inline formset ends with: filled in and not marked for deletion."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def _saved_by_service(formset: Any) -> None:
    # The admin's change message reads what formset.save() would have set.
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


# --- reference codes -------------------------------------------------------------------------


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    """GB/T 2260 codes come from the shipped table; they are looked up here, not typed in."""

    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]


@admin.register(Industry)
class IndustryAdmin(ReadOnlyAdmin):
    """GB/T 4754-2017 codes come from `qstrong import industries FILE`."""

    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]


# --- enterprises -----------------------------------------------------------------------------


class EnterpriseAdminForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = [
            "uscc",
            *(f.removesuffix("_id") for f in ENTERPRISE_FIELDS),
            "source",
            "source_note",
        ]

    def clean_uscc(self) -> str:
        value = self.cleaned_data.get("uscc", "")
        language = translation.get_language() or "zh-hans"
        try:
            return uscc_validate(value)
        except UsccError as exc:
            code = uscc_normalise(value)
            params: dict[str, Any] = {"length": len(code)}
            if exc.code == "checksum":
                params["expected"] = uscc_with_check(code[:17])[-1]
            raise ValidationError(message(f"uscc_{exc.code}", language, **params)) from exc


class ChainMemberInlineForm(forms.ModelForm):
    class Meta:
        model = ChainMember
        fields = ["chain", "segment", "role"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chain, segment = data.get("chain"), data.get("segment")
        if chain is not None and segment is not None and segment.chain_id != chain.pk:
            raise ValidationError({"segment": _("该环节不属于所选产业链。")})
        return data


class ChainMemberInline(SystemAdminInline):
    model = ChainMember
    form = ChainMemberInlineForm
    extra = 0
    autocomplete_fields = ["chain"]
    verbose_name_plural = _("产业链成员身份")


class TownMemberInline(SystemAdminInline):
    model = TownMember
    fields = ["town", "is_leading"]
    extra = 0
    autocomplete_fields = ["town"]
    verbose_name_plural = _("专业镇成员身份")


# Admin form field → enterprise_upsert key.
FORM_TO_SERVICE = {"region": "region_id", "industry": "industry_id"}


@admin.register(Enterprise)
class EnterpriseAdmin(ArchivableAdmin):
    form = EnterpriseAdminForm
    list_display = [
        "name", "uscc", "region", "industry", "scale", "employees", "source", "archived",
    ]  # fmt: skip
    list_filter = [ArchivedFilter, CityFilter, "scale", "source", "credit_rating"]
    search_fields = ["name", "^uscc"]
    list_select_related = ["region", "industry"]
    show_full_result_count = False  # a province holds a million enterprises
    autocomplete_fields = ["region", "industry"]
    inlines = [ChainMemberInline, TownMemberInline]
    readonly_fields = ["scale_derived", "archived_at", "created_at", "updated_at"]
    fieldsets = (
        (None, {"fields": ("uscc", "name", "region", "industry", "established")}),
        (
            _("规模与经营"),
            {"fields": ("employees", "revenue", "registered_capital", "scale", "scale_derived")},
        ),
        (
            _("资质"),
            {"fields": ("certifications", "tags", "standards_led", "patents", "credit_rating")},
        ),
        (_("联系人"), {"fields": ("contact_name", "contact_phone")}),
        (
            _("来源与状态"),
            {"fields": ("source", "source_note", "archived_at", "created_at", "updated_at")},
        ),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The USCC is the record's key: a wrong one is archived and the right one created.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "uscc"] if obj is not None else fields

    def save_model(
        self, request: HttpRequest, obj: Enterprise, form: forms.ModelForm, change: bool
    ) -> None:
        changed = set(form.changed_data) if change else set(form.fields)
        data = {
            FORM_TO_SERVICE.get(name, name): getattr(obj, FORM_TO_SERVICE.get(name, name))
            for name in changed
            if FORM_TO_SERVICE.get(name, name) in ENTERPRISE_FIELDS
        }
        source_changed = not change or {"source", "source_note"} & changed
        saved, _outcome = enterprise_upsert(
            uscc=obj.uscc,
            data=data,
            actor=request.user,
            source=obj.source if source_changed else None,
            source_note=obj.source_note if source_changed else None,
        )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        chains = towns = None
        for formset in formsets:
            _saved_by_service(formset)
            if not formset.has_changed():
                continue
            rows = _kept_rows(formset)
            if formset.model is ChainMember:
                chains = [(r["chain"], r["role"], r.get("segment")) for r in rows]
            elif formset.model is TownMember:
                towns = [(r["town"], bool(r.get("is_leading"))) for r in rows]
        if chains is not None or towns is not None:
            enterprise_set_memberships(
                enterprise=form.instance, chains=chains, towns=towns, actor=request.user
            )

    def archive_one(self, obj: Enterprise, actor: Any) -> None:
        enterprise_archive(enterprise=obj, actor=actor, reason="admin")

    def restore_one(self, obj: Enterprise, actor: Any) -> None:
        enterprise_restore(enterprise=obj, actor=actor)


# --- chains ----------------------------------------------------------------------------------


class SegmentInlineForm(forms.ModelForm):
    class Meta:
        model = Segment
        fields = ["position", "name"]

    def validate_unique(self) -> None:
        # Reordering swaps positions that the database still holds; the formset checks the
        # submitted rows against each other and chain_upsert renumbers them safely.
        pass


class SegmentInline(SystemAdminInline):
    model = Segment
    form = SegmentInlineForm
    extra = 0
    ordering = ["position"]
    readonly_fields = ["stage"]
    fields = ["position", "name", "stage"]
    verbose_name_plural = _("环节（上游 → 下游，按顺序）")


@admin.register(Chain)
class ChainAdmin(ArchivableAdmin):
    list_display = [
        "sort_order", "code", "name", "chief", "segment_count", "member_count", "archived",
    ]  # fmt: skip
    list_display_links = ["code", "name"]
    list_filter = [ArchivedFilter, "source"]
    search_fields = ["code", "name", "chief"]
    inlines = [SegmentInline]
    fields = ["code", "name", "chief", "description", "sort_order", "source", "source_note"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Chain]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                _segments=Count("segments", distinct=True),
                _members=Count("members", distinct=True),
            )
        )

    @admin.display(description=_("环节数"), ordering="_segments")
    def segment_count(self, obj: Any) -> int:
        return int(obj._segments)

    @admin.display(description=_("成员数"), ordering="_members")
    def member_count(self, obj: Any) -> int:
        return int(obj._members)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["code"] if obj is not None else []

    def save_model(
        self, request: HttpRequest, obj: Chain, form: forms.ModelForm, change: bool
    ) -> None:
        # Segments are replaced in save_related, where the inline's rows are known.
        saved, _outcome = self._upsert(obj, request.user, segments=None)
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool
    ) -> None:
        for formset in formsets:
            _saved_by_service(formset)
            if formset.model is Segment and formset.has_changed():
                rows = sorted(_kept_rows(formset), key=lambda r: r["position"])
                self._upsert(form.instance, request.user, segments=[r["name"] for r in rows])

    @staticmethod
    def _upsert(chain: Chain, actor: Any, *, segments: list[str] | None) -> tuple[Chain, str]:
        return chain_upsert(
            code=chain.code,
            name=chain.name,
            segments=segments,
            actor=actor,
            chief=chain.chief,
            description=chain.description,
            sort_order=chain.sort_order,
            source=chain.source,
            source_note=chain.source_note,
        )


# --- towns -----------------------------------------------------------------------------------


class TownMemberReadOnlyInline(SystemAdminInline):
    """Members are changed on the enterprise's page, where the audit trail records them."""

    model = TownMember
    fields = ("enterprise", "is_leading")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("成员企业（在企业页面修改）")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


TOWN_FIELDS = ("name", "county", "level", "leading_industry", "industry", "batch", "is_key")


@admin.register(Town)
class TownAdmin(ArchivableAdmin):
    list_display = [
        "code", "name", "county", "level", "leading_industry", "batch", "is_key", "archived",
    ]  # fmt: skip
    list_filter = [ArchivedFilter, "level", "is_key", "batch"]
    search_fields = ["code", "name", "leading_industry"]
    list_select_related = ["county"]
    autocomplete_fields = ["county", "industry"]
    inlines = [TownMemberReadOnlyInline]
    fields = ["code", *TOWN_FIELDS, "source", "source_note"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["code"] if obj is not None else []

    def save_model(
        self, request: HttpRequest, obj: Town, form: forms.ModelForm, change: bool
    ) -> None:
        keys = [{"county": "county_id", "industry": "industry_id"}.get(f, f) for f in TOWN_FIELDS]
        data = {key: getattr(obj, key) for key in keys}
        saved, _outcome = town_upsert(
            code=obj.code, data=data, actor=request.user, source=obj.source,
            source_note=obj.source_note,
        )  # fmt: skip
        obj.pk = saved.pk
        obj.refresh_from_db()


# --- supply links ----------------------------------------------------------------------------


@admin.register(SupplyLink)
class SupplyLinkAdmin(SystemAdminOnly):
    """Added through the service (audited); a link is not edited or deleted here."""

    list_display = ["supplier", "customer", "product", "chain"]
    list_filter = ["chain"]
    search_fields = ["supplier__name", "customer__name", "^supplier__uscc", "^customer__uscc"]
    list_select_related = ["supplier", "customer", "chain"]
    autocomplete_fields = ["supplier", "customer", "chain"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: SupplyLink, form: forms.ModelForm, change: bool
    ) -> None:
        saved = supply_link_upsert(
            supplier=obj.supplier, customer=obj.customer, product=obj.product,
            actor=request.user, chain=obj.chain,
        )  # fmt: skip
        obj.pk = saved.pk
        obj.refresh_from_db()


# --- import batches --------------------------------------------------------------------------


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at", "kind", "filename", "state", "total_rows", "created_count",
        "updated_count", "unchanged_count", "rejected_count", "created_by",
    ]  # fmt: skip
    list_filter = ["state", "kind", "dry_run"]
    search_fields = ["filename", "sha256", "created_by__username"]
    list_select_related = ["created_by"]
    date_hierarchy = "created_at"
    fields = (
        "kind", "state", "filename", "file_link", "size", "sha256", "dry_run", "valid_rows_only",
        "language", "region_scope", "total_rows", "created_count", "updated_count",
        "unchanged_count", "rejected_count", "message", "errors_display", "warnings_display",
        "job", "created_by", "created_at", "finished_at",
    )  # fmt: skip
    readonly_fields = fields

    def get_urls(self) -> list[Any]:
        download = self.admin_site.admin_view(self.download)
        name = f"{self.opts.app_label}_{self.opts.model_name}_download"
        return [path("<int:pk>/download/", download, name=name), *super().get_urls()]

    def download(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        """The original file, byte for byte; served by Django so it never sits under /media/."""
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        batch = get_object_or_404(ImportBatch, pk=pk)
        return FileResponse(
            open_stored_or_404(batch.file), as_attachment=True, filename=batch.filename
        )

    @admin.display(description=_("原始文件"))
    def file_link(self, obj: ImportBatch) -> str:
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.filename)

    @admin.display(description=_("错误"))
    def errors_display(self, obj: ImportBatch) -> str:
        return pretty_json(obj.errors[:200])

    @admin.display(description=_("提示"))
    def warnings_display(self, obj: ImportBatch) -> str:
        return pretty_json(obj.warnings)
