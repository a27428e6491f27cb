"""The admin site for system administrators only; the audit trail and jobs, read-only."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from qstrong.accounts.models import ADMIN_ROLES, Role
from qstrong.accounts.permissions import is_audit_admin
from qstrong.core.models import AuditEvent, Job, SecurityEvent


def is_system_admin(user: Any) -> bool:
    """The system administrator role or a superuser; staff status alone does not open the admin."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role == Role.ADMIN)
    )


def is_any_admin(user: Any) -> bool:
    """One of the three administrator roles (三权分立), or a superuser (the system's)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role in ADMIN_ROLES)
    )


def _admin_has_permission(request: HttpRequest) -> bool:
    return is_any_admin(request.user)


def _admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """One way in: the platform's login (lockout, audit, language), never a second login form."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    target = target or reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(target)
    if not is_any_admin(request.user):
        raise PermissionDenied
    return HttpResponseRedirect(target)


# urls.py mounts Django's default site; rather than swap it (settings and urls belong to the
# whole project) we narrow who may enter it and send logins through the platform's own page.
admin.site.has_permission = _admin_has_permission  # type: ignore[method-assign]
admin.site.login = _admin_login  # type: ignore[method-assign]
admin.site.site_header = _("质量强企强链强县服务平台 · 系统管理")
admin.site.site_title = _("系统管理")
admin.site.index_title = _("系统管理")


class RolePermissions:
    """Permissions come from the role, not from Django's per-model permission table."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_system_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_system_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)


class SystemAdminOnly(RolePermissions, admin.ModelAdmin):
    pass


class SystemAdminInline(RolePermissions, admin.TabularInline):
    pass


class ReadOnlyAdmin(SystemAdminOnly):
    """Evidence and machine records: look, never touch."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(SystemAdminInline):
    """The rows of a record's history, shown on its page, never edited there."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def pretty_json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
    return format_html('<pre style="white-space: pre-wrap">{}</pre>', text)


class AuditAdminReadOnly(ReadOnlyAdmin):
    """The audit trails are read by the audit administrator alone, never by the system's."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_audit_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_audit_admin(request.user)


@admin.register(SecurityEvent)
class SecurityEventAdmin(AuditAdminReadOnly):
    list_display = [
        "seq",
        "at",
        "username",
        "address",
        "kind",
        "outcome",
        "object_type",
        "object_id",
    ]
    list_filter = ["kind", "outcome"]
    search_fields = ["username", "address", "object_id", "path"]
    date_hierarchy = "at"
    show_full_result_count = False
    fields = (
        "seq", "at", "actor", "username", "address", "kind", "outcome", "object_type",
        "object_id", "path", "detail_display", "prev_hash", "hash",
    )  # fmt: skip
    readonly_fields = fields

    @admin.display(description=_("详情"))
    def detail_display(self, obj: SecurityEvent) -> str:
        return pretty_json(obj.detail)


@admin.register(AuditEvent)
class AuditEventAdmin(AuditAdminReadOnly):
    list_display = ["at", "actor", "action", "object_type", "object_id", "object_repr", "note"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "object_repr", "actor__username", "note"]
    date_hierarchy = "at"
    list_select_related = ["actor"]
    show_full_result_count = False  # the trail grows to millions of rows
    fields = (
        "at", "actor", "action", "object_type", "object_id", "object_repr", "changes_display",
        "import_batch_id", "note",
    )  # fmt: skip
    readonly_fields = fields

    @admin.display(description=_("变更"))
    def changes_display(self, obj: AuditEvent) -> str:
        return pretty_json(obj.changes)


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "title", "state", "stage", "done", "total", "created_by"]
    list_filter = ["state", "kind"]
    search_fields = ["title", "id"]
    list_select_related = ["created_by"]
    fields = (
        "id", "kind", "title", "state", "stage", "done", "total", "message", "params_display",
        "result_display", "created_by", "created_at", "started_at", "finished_at",
    )  # fmt: skip
    readonly_fields = fields

    @admin.display(description=_("参数"))
    def params_display(self, obj: Job) -> str:
        return pretty_json(obj.params)

    @admin.display(description=_("结果"))
    def result_display(self, obj: Job) -> str:
        return pretty_json(obj.result)
