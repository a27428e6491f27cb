"""Handbooks, their batches, measures, events, the measure library and the section order."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qstrong.core.models import AppendOnlyModel, TimeStampedModel


class Kind(models.TextChoices):
    ENTERPRISE = "enterprise", _("一企一册")
    CHAIN = "chain", _("一链一册")
    TOWN = "town", _("一镇一册")


class SectionLayout(TimeStampedModel):
    """A kind's section order: data, so the province reshapes a handbook without a release."""

    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices, unique=True)
    sections = models.JSONField(_("章节顺序"), default=list)

    class Meta:
        verbose_name = _("章节顺序")
        verbose_name_plural = _("章节顺序")

    def __str__(self) -> str:
        return str(self.get_kind_display())


class MeasureTemplate(TimeStampedModel):
    """One standard measure of the library, per kind and category, that officers pick and adapt."""

    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    category = models.CharField(_("举措类别"), max_length=40)
    text = models.TextField(_("举措内容"))
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("标准举措")
        verbose_name_plural = _("标准举措库")
        ordering = ["kind", "sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.category} · {self.text[:30]}"


class Batch(TimeStampedModel):
    """A numbered batch of handbooks of one kind (第一批、第二批), generated in the background."""

    name = models.CharField(_("批次名称"), max_length=60)
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    criterion = models.CharField(_("选取方式"), max_length=40, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    job = models.ForeignKey(
        "core.Job",
        verbose_name=_("后台任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("编制批次")
        verbose_name_plural = _("编制批次")
        ordering = ["kind", "year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "name"], name="handbook_batch_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()} {self.name}"


class Handbook(TimeStampedModel):
    """One edition of one subject's handbook; a published edition never changes again."""

    class State(models.TextChoices):
        PENDING = "pending", _("待生成")
        FAILED = "failed", _("生成失败")
        DRAFT = "draft", _("草稿")
        IN_REVIEW = "in_review", _("审核中")
        PUBLISHED = "published", _("已发布")
        SUPERSEDED = "superseded", _("已被新版替代")

    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handbooks",
    )
    chain = models.ForeignKey(
        "registry.Chain",
        verbose_name=_("产业链"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handbooks",
    )
    town = models.ForeignKey(
        "registry.Town",
        verbose_name=_("专业镇"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handbooks",
    )
    # The region that scopes it: the enterprise's, the town's county; "" for a chain (province).
    region_code = models.CharField(_("所属区划"), max_length=6, blank=True, db_index=True)
    subject_name = models.CharField(_("对象名称"), max_length=200)
    # "enterprise:<pk>", "chain:<pk>", "town:<pk>": one key for every edition of one subject.
    subject_key = models.CharField(_("对象键"), max_length=40, editable=False)
    batch = models.ForeignKey(
        Batch,
        verbose_name=_("批次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handbooks",
    )
    edition = models.PositiveIntegerField(_("版次"), default=1)
    state = models.CharField(
        _("状态"), max_length=12, choices=State.choices, default=State.PENDING, db_index=True
    )
    content = models.JSONField(_("内容快照"), default=dict, blank=True)
    data_date = models.DateField(_("数据日期"), null=True, blank=True)
    error = models.TextField(_("生成错误"), blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编辑人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_on = models.DateField(_("发布日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("服务手册")
        verbose_name_plural = _("服务手册")
        ordering = ["kind", "subject_name", "-edition"]
        constraints = [
            models.CheckConstraint(
                name="handbook_exactly_one_subject",
                condition=(
                    models.Q(kind="enterprise", enterprise__isnull=False, chain__isnull=True)
                    & models.Q(town__isnull=True)
                    | models.Q(kind="chain", enterprise__isnull=True, chain__isnull=False)
                    & models.Q(town__isnull=True)
                    | models.Q(kind="town", enterprise__isnull=True, chain__isnull=True)
                    & models.Q(town__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["subject_key", "edition"], name="handbook_unique_edition"
            ),
        ]
        indexes = [models.Index(fields=["batch", "state"])]

    def __str__(self) -> str:
        return f"{self.subject_name} · {self.get_kind_display()} 第{self.edition}版"

    @property
    def subject(self) -> Any:
        return self.enterprise or self.chain or self.town

    @property
    def subject_code(self) -> str:
        if self.enterprise is not None:
            return self.enterprise.uscc
        subject = self.chain or self.town
        return str(getattr(subject, "code", ""))

    @property
    def is_frozen(self) -> bool:
        return self.state in {self.State.PUBLISHED, self.State.SUPERSEDED}

    @property
    def is_editable(self) -> bool:
        return self.state == self.State.DRAFT


class Measure(TimeStampedModel):
    """One service commitment (举措): category, wording, who answers for it and by when."""

    handbook = models.ForeignKey(
        Handbook, verbose_name=_("服务手册"), on_delete=models.CASCADE, related_name="measures"
    )
    position = models.PositiveIntegerField(_("顺序"), default=0)
    category = models.CharField(_("举措类别"), max_length=40)
    text = models.TextField(_("举措内容"))
    # The need it answers (需求清单); publishing registers it with the measure's task.
    need_text = models.TextField(_("对应需求"), blank=True)
    responsible_bureau = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    template = models.ForeignKey(
        MeasureTemplate,
        verbose_name=_("来自标准举措"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    task = models.ForeignKey(
        "casework.Task",
        verbose_name=_("落实任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Carried over from the previous edition's measure (its task keeps counting).
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("上一版举措"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("举措")
        verbose_name_plural = _("举措")
        ordering = ["handbook", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.category} · {self.text[:30]}"

    @property
    def becomes_task(self) -> bool:
        return self.responsible_bureau_id is not None and self.deadline is not None


class HandbookEvent(AppendOnlyModel):
    """One thing that happened to a handbook: generated, edited, submitted, published …"""

    class Kind(models.TextChoices):
        GENERATED = "generated", _("生成")
        FAILED = "failed", _("生成失败")
        REGENERATED = "regenerated", _("重新生成")
        EDITED = "edited", _("修改章节")
        MEASURE = "measure", _("修改举措")
        SUBMITTED = "submitted", _("提交审核")
        RETURNED = "returned", _("退回修改")
        PUBLISHED = "published", _("发布")
        SUPERSEDED = "superseded", _("被新版替代")
        NEW_EDITION = "new_edition", _("新建版次")

    handbook = models.ForeignKey(
        Handbook, verbose_name=_("服务手册"), on_delete=models.CASCADE, related_name="events"
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
        verbose_name = _("手册事件")
        verbose_name_plural = _("手册事件")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"


class HandbookTemplate(TimeStampedModel):
    """A Word template the province uploaded in place of the one in the repository."""

    file = models.FileField(_("模板文件"), upload_to="handbooks/templates/", max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    active = models.BooleanField(_("使用中"), default=True)

    class Meta:
        verbose_name = _("Word 模板")
        verbose_name_plural = _("Word 模板")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name
