"""Admin for organisations and users: role, organisation and language next to Django's fields."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from qstrong.accounts.models import Organisation, TwoFactorPolicy, User
from qstrong.accounts.permissions import is_security_admin
from qstrong.accounts.services import role_change_refusal
from qstrong.core.admin import SystemAdminOnly, is_system_admin
from qstrong.core.models import AuditEvent
from qstrong.core.security import Kind, security_record
from qstrong.core.services import audit_record, diff_fields

USER_TYPE = "accounts.user"
# The account fields whose every change belongs in the audit trail (等保: who changed rights).
AUDITED_USER_FIELDS = (
    "username", "display_name", "organisation", "role", "language", "is_active", "is_staff",
    "is_superuser", "email", "failed_logins", "locked_until",
)  # fmt: skip
# The fields that are a user's rights: a change to any of them is a permission change.
PERMISSION_FIELDS = frozenset({"role", "organisation", "is_active", "is_staff", "is_superuser"})


@admin.register(Organisation)
class OrganisationAdmin(SystemAdminOnly):
    list_display = ["name", "kind", "level", "region", "enterprise"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "region__code", "region__name"]
    autocomplete_fields = ["region", "enterprise"]
    list_select_related = ["region", "enterprise"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Users and audit events point at organisations; a bureau is renamed, not removed.
        return False


class QstrongUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "organisation", "role", "language")


class QstrongUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


def _user_snapshot(user: User) -> dict[str, Any]:
    return {field: getattr(user, field) for field in AUDITED_USER_FIELDS}


@admin.register(User)
class UserAdmin(SystemAdminOnly, DjangoUserAdmin):
    form = QstrongUserChangeForm
    add_form = QstrongUserCreationForm
    list_display = [
        "username", "display_name", "organisation", "role", "is_active", "locked_until",
        "last_login",
    ]  # fmt: skip
    list_filter = ["role", "is_active", "is_superuser", "organisation__level"]
    search_fields = ["username", "display_name", "email", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["last_login", "date_joined", "failed_logins", "locked_until"]
    actions = ["unlock", "reset_second_factor"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("机构与角色"), {"fields": ("display_name", "organisation", "role", "language")}),
        (_("联系方式"), {"fields": ("first_name", "last_name", "email")}),
        (
            _("权限"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("登录"), {"fields": ("last_login", "date_joined", "failed_logins", "locked_until")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "display_name",
                    "organisation",
                    "role",
                    "language",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    # 三权分立: the system administrator keeps accounts (never roles); the security administrator
    # sees accounts and changes roles and locks (never anything else); nobody their own role.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_system_admin(request.user) or is_security_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_system_admin(request.user)

    def has_unlock_permission(self, request: HttpRequest) -> bool:
        return is_security_admin(request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fixed = list(self.readonly_fields)
        if obj is None:
            return fixed
        if is_security_admin(request.user):
            editable = {"role"} if obj.pk != request.user.pk else set()
            every = [str(f) for _name, opts in self.fieldsets for f in opts["fields"]]
            return [f for f in every if f not in editable]
        rights = ["role", "is_staff", "is_superuser", "groups", "user_permissions"]
        own = ["is_active", "organisation"] if obj.pk == request.user.pk else []
        return fixed + rights + own

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            # A new account has no role: the security administrator gives it one.
            fields = [f for f in self.add_fieldsets[0][1]["fields"] if f != "role"]
            return ((None, {"classes": ("wide",), "fields": tuple(fields)}),)
        return super().get_fieldsets(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Audit events name their actor; an account that leaves is deactivated, not deleted.
        return False

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm, change: bool) -> None:
        before = _user_snapshot(User.objects.get(pk=obj.pk)) if change else {}
        if before.get("role", "") != obj.role:
            refusal = role_change_refusal(actor=request.user, user=obj)
            if refusal:
                security_record(
                    kind=Kind.PERMISSION_CHANGED,
                    outcome="denied",
                    request=request,
                    object_type=USER_TYPE,
                    object_id=str(obj.pk),
                    detail={"user": obj.username, "role": [before.get("role"), obj.role]},
                )
                raise PermissionDenied(refusal)
        super().save_model(request, obj, form, change)
        changes = diff_fields(before, _user_snapshot(obj))
        if changes:
            audit_record(
                actor=request.user,
                action=AuditEvent.Action.UPDATE if change else AuditEvent.Action.CREATE,
                object_type=USER_TYPE,
                object_id=str(obj.pk),
                object_repr=obj.username,
                changes=changes,
                note="admin",
            )
        rights = {k: v for k, v in changes.items() if k in PERMISSION_FIELDS}
        if rights or (not change and obj.role):
            security_record(
                kind=Kind.PERMISSION_CHANGED,
                request=request,
                object_type=USER_TYPE,
                object_id=str(obj.pk),
                detail={"user": obj.username, "changes": rights or {"role": [None, obj.role]}},
            )

    @admin.action(description=_("解除锁定"), permissions=["unlock"])
    def unlock(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = 0
        for user in queryset.filter(locked_until__isnull=False):
            assert user.locked_until is not None
            User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
            audit_record(
                actor=request.user,
                action=AuditEvent.Action.UPDATE,
                object_type=USER_TYPE,
                object_id=str(user.pk),
                object_repr=user.username,
                changes={"locked_until": [user.locked_until.isoformat(), None]},
                note="admin unlock",
            )
            security_record(
                kind=Kind.UNLOCKED,
                request=request,
                object_type=USER_TYPE,
                object_id=str(user.pk),
                detail={"user": user.username},
            )
            count += 1
        self.message_user(
            request,
            ngettext("已解除 %(count)d 个账户的锁定。", "已解除 %(count)d 个账户的锁定。", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("重置动态口令（用户下次登录时重新绑定）"), permissions=["unlock"])
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = 0
        for user in queryset:
            removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
            if removed:
                security_record(
                    kind=Kind.OTP_RESET,
                    request=request,
                    object_type=USER_TYPE,
                    object_id=str(user.pk),
                    detail={"user": user.username},
                )
                count += 1
        self.message_user(
            request, _("已重置 %(count)d 个账户的动态口令。") % {"count": count}, messages.SUCCESS
        )


# The second factor's devices are managed through the user list (reset) by the security
# administrator, not through django-otp's own admin page open to superusers.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TwoFactorPolicy)
class TwoFactorPolicyAdmin(admin.ModelAdmin):
    """Which roles must use the second factor: the security administrator's decision alone."""

    list_display = ["role", "required", "updated_at"]

    def _allowed(self, request: HttpRequest) -> bool:
        return is_security_admin(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def save_model(
        self, request: HttpRequest, obj: TwoFactorPolicy, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        security_record(
            kind=Kind.PERMISSION_CHANGED,
            request=request,
            object_type="accounts.twofactorpolicy",
            object_id=obj.role,
            detail={"role": obj.role, "otp_required": obj.required},
        )
