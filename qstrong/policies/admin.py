"""Admin for policies: read-only views of policies, rule versions, events, runs and results.

Every write goes through the services (events, audit, re-matching), i.e. the policy pages and the
`qstrong import policies` command; the admin is for looking things up.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from qstrong.policies.models import (
    MatchResult,
    MatchRun,
    Policy,
    PolicyAttachment,
    PolicyEvent,
    PolicyRule,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RuleInline(ReadOnlyInline):
    model = PolicyRule
    fields = ("version", "applies_from", "rule", "note", "created_at")
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = PolicyAttachment
    fields = ("name", "size", "sha256", "created_at")
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = PolicyEvent
    fields = ("at", "kind", "actor", "comment", "data")
    readonly_fields = fields


@admin.register(Policy)
class PolicyAdmin(ReadOnlyAdmin):
    list_display = (
        "code",
        "title",
        "category",
        "delivery",
        "state",
        "effective_from",
        "effective_to",
    )
    list_filter = ("state", "category", "delivery")
    search_fields = ("code", "title", "document_number")
    inlines = (RuleInline, AttachmentInline, EventInline)


@admin.register(MatchRun)
class MatchRunAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "scope",
        "as_of",
        "state",
        "policies_count",
        "enterprises_count",
        "eligible_count",
        "needs_data_count",
        "pushes_count",
    )
    list_filter = ("scope", "state")


@admin.register(MatchResult)
class MatchResultAdmin(ReadOnlyAdmin):
    list_display = ("policy", "enterprise", "outcome", "rule", "as_of", "matched_at")
    list_filter = ("outcome",)
    list_select_related = ("policy", "enterprise", "rule__policy")
    search_fields = ("policy__code", "enterprise__uscc", "enterprise__name")
    raw_id_fields = ("policy", "enterprise", "rule", "run")
