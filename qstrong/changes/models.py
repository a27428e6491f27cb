"""A change request to an enterprise's own record, its evidence files and its events."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qstrong.core.models import AppendOnlyModel


class ChangeRequest(models.Model):
    """What an enterprise asks to change (field → [value then, value asked for]), and the answer.

    The state moves once, pending → approved | rejected; every move is a ChangeRequestEvent.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")

    id = models.BigAutoField(primary_key=True)
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="change_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    changes = models.JSONField(_("变更内容"), default=dict)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reason = models.CharField(_("未通过原因"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("变更申请")
        verbose_name_plural = _("变更申请")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["enterprise", "state"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.enterprise_id} {self.state}"


class ChangeRequestEvent(AppendOnlyModel):
    """One step of a request: submitted, approved, rejected — who, when, why."""

    id = models.BigAutoField(primary_key=True)
    change_request = models.ForeignKey(
        ChangeRequest, verbose_name=_("变更申请"), on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_state = models.CharField(_("原状态"), max_length=10, blank=True)
    to_state = models.CharField(_("新状态"), max_length=10, choices=ChangeRequest.State.choices)
    comment = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("变更申请事件")
        verbose_name_plural = _("变更申请事件")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.change_request_id} {self.from_state}→{self.to_state}"


def evidence_upload_path(instance: Any, filename: str) -> str:
    return f"changes/{timezone.now():%Y/%m}/{instance.sha256[:16]}-{filename}"


class EvidenceFile(AppendOnlyModel):
    """A certificate scan or report attached to a request, kept as uploaded, with its hash."""

    id = models.BigAutoField(primary_key=True)
    change_request = models.ForeignKey(
        ChangeRequest, verbose_name=_("变更申请"), on_delete=models.PROTECT, related_name="files"
    )
    file = models.FileField(_("文件"), upload_to=evidence_upload_path, max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
