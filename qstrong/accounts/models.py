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
    # 三权分立 (docs/adr/0011-three-administrators.md): the stored value "admin" is kept for
    # the system administrator, so that the accounts that held the single administrator role
    # stay system administrators; security and audit are separate roles nobody holds until
    # granted.
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
    # The enterprise's own administrator: invites and disables its colleagues in the portal.
    is_enterprise_admin = models.BooleanField(_("企业管理员"), default=False)

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


class EnterpriseInvitation(models.Model):
    """A one-time link to an enterprise account: from a bureau (by USCC) or a colleague.

    Only the token's SHA-256 is stored; the link works once, until expires_at.
    """

    class Kind(models.TextChoices):
        BUREAU = "bureau", _("市场监管部门邀请")
        COLLEAGUE = "colleague", _("同事邀请")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(_("邮箱"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("有效期至"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    used_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("企业账户邀请")
        verbose_name_plural = _("企业账户邀请")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.kind} {self.created_at:%Y-%m-%d}"


class EnterpriseRegistration(models.Model):
    """An enterprise asking for an account itself; its county officer approves or rejects."""

    class State(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")

    uscc = models.CharField(_("统一社会信用代码"), max_length=18)
    name = models.CharField(_("企业名称"), max_length=200)
    legal_rep = models.CharField(_("法定代表人"), max_length=100)
    phone = models.CharField(_("联系电话"), max_length=40)
    email = models.EmailField(_("邮箱"), blank=True)
    username = models.CharField(_("用户名"), max_length=150)
    password = models.CharField(max_length=128)
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=State.choices, default=State.PENDING, db_index=True
    )
    reason = models.CharField(_("未通过原因"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)

    class Meta:
        verbose_name = _("企业注册申请")
        verbose_name_plural = _("企业注册申请")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.uscc} {self.name} ({self.state})"
