"""Outreach activities (惠企直通车), needs, the tasks that meet them and their events."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qstrong.core.models import AppendOnlyModel, ArchivableModel, TimeStampedModel


class Provenance(models.TextChoices):
    """Where a demo or real record comes from; the UI badges everything but `manual`."""

    MANUAL = "manual", _("手工录入")
    ARTICLE = "article", _("来自报道")
    ILLUSTRATIVE = "illustrative", _("示意数据")


class OutreachActivity(ArchivableModel):
    """One outreach activity: a visit, meeting, forum, survey, training or themed event."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("入企服务")
        DIAGNOSIS = "diagnosis", _("把脉问诊")
        MATCHMAKING = "matchmaking", _("对接会")
        FORUM = "forum", _("座谈会")
        SURVEY = "survey", _("调研")
        ASSISTANCE = "assistance", _("帮扶活动")
        TRAINING = "training", _("培训")
        THEMED = "themed", _("主题活动")

    kind = models.CharField(_("活动类型"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("活动名称"), max_length=200)
    date = models.DateField(_("日期"), db_index=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    organisers = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("组织单位"),
        related_name="outreach_activities",
        limit_choices_to={"kind": "bureau"},
    )
    enterprises = models.ManyToManyField(
        "registry.Enterprise",
        verbose_name=_("服务企业"),
        related_name="outreach_activities",
        blank=True,
    )
    chains = models.ManyToManyField(
        "registry.Chain",
        verbose_name=_("服务产业链"),
        related_name="outreach_activities",
        blank=True,
    )
    towns = models.ManyToManyField(
        "registry.Town",
        verbose_name=_("服务专业镇"),
        related_name="outreach_activities",
        blank=True,
    )
    participants = models.TextField(_("参加人员"), blank=True)
    participant_count = models.PositiveIntegerField(_("参加人数"), null=True, blank=True)
    summary = models.TextField(_("活动纪要"), blank=True)
    source = models.CharField(
        _("数据来源"), max_length=16, choices=Provenance.choices, default=Provenance.MANUAL
    )
    source_note = models.CharField(_("来源说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("惠企直通车活动")
        verbose_name_plural = _("惠企直通车活动")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


def _upload_path(prefix: str, instance: Any, filename: str) -> str:
    # The stored name is random: an uploaded name never becomes a path on disk.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"casework/{prefix}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{suffix}"


def photo_upload_path(instance: Any, filename: str) -> str:
    return _upload_path("photos", instance, filename)


def attachment_upload_path(instance: Any, filename: str) -> str:
    return _upload_path("attachments", instance, filename)


def evidence_upload_path(instance: Any, filename: str) -> str:
    return _upload_path("evidence", instance, filename)


class ActivityPhoto(ArchivableModel):
    """A photo of an activity, type-checked by its bytes, with its caption and credit.

    Evidence: a photo taken off the page is archived with a reason, never deleted.
    """

    activity = models.ForeignKey(
        OutreachActivity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("照片"), upload_to=photo_upload_path, max_length=300)
    content_type = models.CharField(_("文件类型"), max_length=32)
    size = models.PositiveIntegerField(_("大小（字节）"))
    caption = models.CharField(_("图片说明"), max_length=300, blank=True)
    credit = models.CharField(_("摄影"), max_length=100, blank=True)
    archive_reason = models.CharField(_("移除原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.caption or f"photo {self.pk}"


class ActivityAttachment(ArchivableModel):
    """A file of an activity (minutes, a sign-in sheet); archived with a reason, never deleted."""

    activity = models.ForeignKey(
        OutreachActivity,
        verbose_name=_("活动"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("附件"), upload_to=attachment_upload_path, max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    archive_reason = models.CharField(_("移除原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("活动附件")
        verbose_name_plural = _("活动附件")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Need(ArchivableModel):
    """What an enterprise, chain or town needs (需求清单); closed once every task is verified."""

    class Category(models.TextChoices):
        QUALITY = "quality", _("质量提升")
        STANDARDS = "standards", _("标准化")
        METROLOGY = "metrology", _("计量")
        CERTIFICATION = "certification", _("认证与检验检测")
        BRAND = "brand", _("品牌与商标")
        PATENT = "patent", _("专利与知识产权")
        CREDIT = "credit", _("信用与合规")
        POLICY = "policy", _("政策咨询")
        FINANCE = "finance", _("融资")
        OTHER = "other", _("其他")

    class Source(models.TextChoices):
        VISIT = "visit", _("走访")
        PORTAL = "portal", _("企业线上提出")
        SURVEY = "survey", _("调研")
        HANDBOOK = "handbook", _("服务手册")

    class State(models.TextChoices):
        OPEN = "open", _("办理中")
        CLOSED = "closed", _("已办结")

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
    )
    chain = models.ForeignKey(
        "registry.Chain",
        verbose_name=_("产业链"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
    )
    town = models.ForeignKey(
        "registry.Town",
        verbose_name=_("专业镇"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
    )
    category = models.CharField(
        _("类别"), max_length=16, choices=Category.choices, default=Category.OTHER
    )
    description = models.TextField(_("需求内容"))
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    activity = models.ForeignKey(
        OutreachActivity,
        verbose_name=_("来源活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
    )
    raised_by = models.CharField(_("提出人"), max_length=100, blank=True)
    # The bureau that registered and follows the need; chains have no region, this is their scope.
    bureau = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("受理单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="casework_needs",
    )
    raised_on = models.DateField(_("提出日期"), default=dt.date.today)
    state = models.CharField(
        _("状态"), max_length=8, choices=State.choices, default=State.OPEN, db_index=True
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    source_kind = models.CharField(
        _("数据来源"), max_length=16, choices=Provenance.choices, default=Provenance.MANUAL
    )
    source_note = models.CharField(_("来源说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("需求")
        verbose_name_plural = _("需求")
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="need_exactly_one_subject",
                condition=(
                    models.Q(enterprise__isnull=False, chain__isnull=True, town__isnull=True)
                    | models.Q(enterprise__isnull=True, chain__isnull=False, town__isnull=True)
                    | models.Q(enterprise__isnull=True, chain__isnull=True, town__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.description[:40]}"

    @property
    def subject(self) -> Any:
        return self.enterprise or self.chain or self.town

    @property
    def subject_kind(self) -> str:
        if self.enterprise_id:
            return "enterprise"
        return "chain" if self.chain_id else "town"


class Task(ArchivableModel):
    """What the bureau will do to meet a need, who answers for it and by when (任务 + 责任)."""

    class State(models.TextChoices):
        OPEN = "open", _("待办")
        IN_PROGRESS = "in_progress", _("办理中")
        DONE = "done", _("已完成")
        VERIFIED = "verified", _("已核验")

    need = models.ForeignKey(
        Need, verbose_name=_("需求"), on_delete=models.PROTECT, related_name="tasks"
    )
    action = models.TextField(_("任务内容"))
    responsible_bureau = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("责任单位"),
        on_delete=models.PROTECT,
        related_name="casework_tasks",
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="casework_tasks",
    )
    due_date = models.DateField(_("完成时限"), db_index=True)
    state = models.CharField(
        _("状态"), max_length=12, choices=State.choices, default=State.OPEN, db_index=True
    )
    # Seen by officers only, never by the enterprise.
    internal_note = models.TextField(_("内部备注"), blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    verified_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核验人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.action[:60]

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Past its due date and not yet done: done or verified work is never overdue."""
        today = today or timezone.localdate()
        return self.due_date < today and self.state in OPEN_TASK_STATES


OPEN_TASK_STATES = (Task.State.OPEN, Task.State.IN_PROGRESS)


class TaskEvent(AppendOnlyModel):
    """One thing that happened to a task: created, a state change, evidence added."""

    class Kind(models.TextChoices):
        CREATED = "created", _("创建")
        TRANSITION = "transition", _("状态变更")
        EVIDENCE = "evidence", _("上传佐证")

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    from_state = models.CharField(_("原状态"), max_length=12, blank=True)
    to_state = models.CharField(_("新状态"), max_length=12, blank=True)
    comment = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("任务记录")
        verbose_name_plural = _("任务记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind} {self.from_state}→{self.to_state}"


class TaskEvidence(TimeStampedModel):
    """A file that shows the work was done (a certificate, minutes, a photo)."""

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("佐证材料"), upload_to=evidence_upload_path, max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class ReminderDigest(models.Model):
    """A daily reminder e-mail sent to one officer: at most one per person per day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收件人"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField(_("日期"))
    sent_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    overdue_count = models.PositiveIntegerField(_("逾期任务数"), default=0)
    due_soon_count = models.PositiveIntegerField(_("即将到期任务数"), default=0)

    class Meta:
        verbose_name = _("任务提醒")
        verbose_name_plural = _("任务提醒")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="reminderdigest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
