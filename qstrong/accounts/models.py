"""Organisations (bureaus and enterprises), users and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qstrong.core.models import TimeStampedModel


class Organisation(TimeStampedModel):
    """A bureau at province, city or county level, or an enterprise using the portal."""

    class Kind(models.TextChoices):
        BUREAU = "bureau", _("市场监管局")
        ENTERPRISE = "enterprise", _("企业")

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        COUNTY = "county", _("县级")

    name = models.CharField(_("名称"), max_length=200, unique=True)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices, blank=True)
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("辖区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    enterprise = models.OneToOneField(
        "registry.Enterprise",
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisation",
    )

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PROVINCE_PLANNER = "province_planner", _("省局规划人员")
    CITY_OFFICER = "city_officer", _("市局工作人员")
    COUNTY_OFFICER = "county_officer", _("县局工作人员")
    ENTERPRISE_USER = "enterprise_user", _("企业用户")
    LEADER = "leader", _("领导（只读）")
    # 三权分立 (docs/adr/three-administrators.md): the stored value "admin" is kept for the system
    # administrator, so that the accounts that held the single administrator role stay system
    # administrators; security and audit are separate roles nobody holds until granted.
    ADMIN = "admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


# The three administrator roles: none of them may hold or grant another.
ADMIN_ROLES = frozenset({Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所属组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, blank=True)
    display_name = models.CharField(_("姓名"), max_length=100, blank=True)
    language = models.CharField(
        _("界面语言"),
        max_length=10,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
        default="zh-hans",
    )
    failed_logins = models.PositiveIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    # When the password was last set (None: before this was recorded; date_joined counts then).
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class PasswordHistory(models.Model):
    """A password hash the user had: a new password may not be one of the last few."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(_("密码哈希"), max_length=128)
    created_at = models.DateTimeField(_("设置时间"), default=timezone.now)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"


class TwoFactorPolicy(models.Model):
    """Whether a role must use the second factor (TOTP); set by the security administrator.

    A role without a row follows settings.QSTRONG_OTP_REQUIRED_ROLES (in production: the three
    administrator roles).
    """

    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, unique=True)
    required = models.BooleanField(_("必须使用动态口令"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("双因素认证策略")
        verbose_name_plural = _("双因素认证策略")
        ordering = ["role"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.required}"
