"""Admin for the food-safety routine: read-only look-ups; every write goes through the services."""

from __future__ import annotations

from django.contrib import admin

from qstrong.core.admin import ReadOnlyAdmin, ReadOnlyInline
from qstrong.foodsafety.models import (
    AnnualReport,
    DailyCheck,
    Enrolment,
    Issue,
    IssueEvent,
    MonthlyMeeting,
    RiskItem,
    WeeklyReport,
)


class IssueEventInline(ReadOnlyInline):
    model = IssueEvent
    fields = ("at", "kind", "actor", "comment", "evidence_name")
    readonly_fields = fields


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "enrolled_on", "director", "officer", "archived_at")
    search_fields = ("enterprise__name", "enterprise__uscc")
    list_select_related = ("enterprise",)


@admin.register(RiskItem)
class RiskItemAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "position", "risk_point", "frequency", "responsible")
    search_fields = ("enterprise__name", "risk_point")
    list_select_related = ("enterprise",)


@admin.register(DailyCheck)
class DailyCheckAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "date", "checker", "no_issue")
    list_filter = ("no_issue",)
    date_hierarchy = "date"
    search_fields = ("enterprise__name",)
    list_select_related = ("enterprise",)


@admin.register(WeeklyReport)
class WeeklyReportAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "iso_year", "iso_week", "reporter")
    search_fields = ("enterprise__name",)
    list_select_related = ("enterprise",)


@admin.register(MonthlyMeeting)
class MonthlyMeetingAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "month", "held_on", "chair")
    search_fields = ("enterprise__name",)
    list_select_related = ("enterprise",)


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "year", "file_name")
    search_fields = ("enterprise__name",)
    list_select_related = ("enterprise",)


@admin.register(Issue)
class IssueAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "found_on", "source", "risk_point", "deadline", "state")
    list_filter = ("state", "source")
    search_fields = ("enterprise__name", "description")
    list_select_related = ("enterprise",)
    inlines = (IssueEventInline,)
