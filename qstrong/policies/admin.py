"""Admin for policies: read-only views of policies, rule versions, events, runs and results.

Every write goes through the services (events, audit, re-matching), i.e. the policy pages and the
`qstrong import policies` command; the admin is for looking things up.
"""

from __future__ import annotations

from django.contrib import admin

from qstrong.core.admin import ReadOnlyAdmin, ReadOnlyInline
from qstrong.policies.models import (
    MatchResult,
    MatchRun,
    Policy,
    PolicyAttachment,
    PolicyEvent,
    PolicyRule,
)


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
