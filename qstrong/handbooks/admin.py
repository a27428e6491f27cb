"""Admin: the measure library and section orders the province keeps; handbooks read-only."""

from __future__ import annotations

from django.contrib import admin

from qstrong.handbooks.models import Batch, Handbook, MeasureTemplate, SectionLayout


@admin.register(MeasureTemplate)
class MeasureTemplateAdmin(admin.ModelAdmin):
    list_display = ("kind", "category", "text", "sort_order", "active")
    list_filter = ("kind", "active")


@admin.register(SectionLayout)
class SectionLayoutAdmin(admin.ModelAdmin):
    list_display = ("kind", "sections")


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "year")


@admin.register(Handbook)
class HandbookAdmin(admin.ModelAdmin):
    list_display = ("subject_name", "kind", "edition", "state", "batch")
    list_filter = ("kind", "state")
    readonly_fields = [f.name for f in Handbook._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
