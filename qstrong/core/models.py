"""Base models, the append-only audit trail and background jobs with stored progress."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    # Set by every save(); the bulk importer writes the same stamp itself.
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更新人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True


class ArchivableModel(TimeStampedModel):
    """Records that are evidence are archived, never deleted."""

    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class AppendOnlyError(Exception):
    pass


class AppendOnlyModel(models.Model):
    """Rows that record what happened (events of a case): never updated, never deleted."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{type(self).__name__} rows are append-only")


class AuditEvent(models.Model):
    """One change to one record: who, when, what, before → after. Never updated or deleted."""

    class Action(models.TextChoices):
        CREATE = "create", _("创建")
        UPDATE = "update", _("修改")
        ARCHIVE = "archive", _("归档")
        RESTORE = "restore", _("恢复")
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOCKED = "locked", _("账户锁定")
        IMPORT = "import", _("导入")
        EXPORT = "export", _("导出")

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("对象类型"), max_length=64)
    object_id = models.CharField(_("对象标识"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=255, blank=True)
    changes = models.JSONField(_("变更"), default=dict, blank=True)
    import_batch_id = models.BigIntegerField(_("导入批次"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events are append-only")


class Job(models.Model):
    """A piece of long work run by a worker, with progress the UI polls."""

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("失败")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("类型"), max_length=64)
    title = models.CharField(_("标题"), max_length=255, blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.QUEUED)
    stage = models.CharField(_("阶段"), max_length=64, blank=True)
    done = models.BigIntegerField(_("已处理"), default=0)
    total = models.BigIntegerField(_("总数"), default=0)
    message = models.TextField(_("消息"), blank=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"

    @property
    def percent(self) -> int:
        if self.state == self.State.SUCCEEDED:
            return 100
        if self.total <= 0:
            return 0
        return min(100, int(self.done * 100 / self.total))

    @property
    def is_finished(self) -> bool:
        return self.state in {self.State.SUCCEEDED, self.State.FAILED}


class SecurityEventQuerySet(models.QuerySet["SecurityEvent"]):
    """No bulk update or delete: the security trail has no deletion path in the application."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("security events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("security events are append-only")


class SecurityEvent(models.Model):
    """One security-relevant event (等保三级): who, when, from where, what, outcome.

    Each row carries the HMAC of the previous row (prev_hash) and its own (hash) over its fields,
    so that `qstrong audit verify` finds the first altered, inserted or deleted row. Rows are
    written only through qstrong.core.security.security_record, never updated or deleted.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOGOUT = "logout", _("退出")
        LOCKED = "locked", _("账户锁定")
        UNLOCKED = "unlocked", _("解除锁定")
        OTP_SETUP = "otp_setup", _("绑定动态口令")
        OTP_VERIFIED = "otp_verified", _("动态口令验证")
        OTP_FAILED = "otp_failed", _("动态口令错误")
        OTP_RESET = "otp_reset", _("重置动态口令")
        PASSWORD_CHANGED = "password_changed", _("修改密码")
        PASSWORD_RESET = "password_reset", _("重置密码")
        RATE_LIMITED = "rate_limited", _("访问频率超限")
        RECORD_READ = "record_read", _("查看完整企业档案")
        DOWNLOAD = "download", _("导出/下载")
        PERMISSION_CHANGED = "permission_changed", _("权限变更")
        ACCESS_DENIED = "access_denied", _("拒绝访问")
        AUDIT_EXPORT = "audit_export", _("导出审计记录")

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("成功")
        FAILURE = "failure", _("失败")
        DENIED = "denied", _("拒绝")

    id = models.BigAutoField(primary_key=True)
    seq = models.BigIntegerField(_("序号"), db_index=True)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    address = models.CharField(_("来源地址"), max_length=45, blank=True)
    kind = models.CharField(_("事件"), max_length=24, choices=Kind.choices, db_index=True)
    outcome = models.CharField(_("结果"), max_length=12, choices=Outcome.choices)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    object_id = models.CharField(_("对象标识"), max_length=64, blank=True)
    path = models.CharField(_("访问路径"), max_length=255, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("安全审计记录")
        verbose_name_plural = _("安全审计记录")
        ordering = ["-seq", "-id"]
        indexes = [models.Index(fields=["username", "-at"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.at:%Y-%m-%d %H:%M} {self.kind} {self.username}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("security events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("security events are append-only")
