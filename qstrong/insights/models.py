"""Indicators: metrics, figures for a subject and period, groups of subjects, import batches."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from qstrong.core.models import ArchivableModel, TimeStampedModel
from qstrong.insights.periods import Period
from qstrong.insights.units import UNIT_KINDS


class Metric(TimeStampedModel):
    """What is measured (营业收入, 产值, 从业人员 …). Administrators add their own."""

    code = models.SlugField(_("指标代码"), max_length=40, unique=True)
    name = models.CharField(_("指标名称"), max_length=100, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True)
    unit_kind = models.CharField(
        _("计量类别"), max_length=12, choices=list(UNIT_KINDS.items()), default="money"
    )
    default_unit = models.CharField(_("默认单位"), max_length=12, default="亿元")
    # Revenue of two chains adds up; a growth rate or a share does not.
    additive = models.BooleanField(_("可加总"), default=True)
    description = models.TextField(_("口径说明"), blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class SubjectKind(models.TextChoices):
    PROVINCE = "province", _("全省")
    CITY = "city", _("市")
    COUNTY = "county", _("县（市、区）")
    CHAIN = "chain", _("产业链")
    TOWN = "town", _("专业镇")
    ENTERPRISE = "enterprise", _("企业")


REGION_KINDS = (SubjectKind.PROVINCE, SubjectKind.CITY, SubjectKind.COUNTY)


class IndicatorSource(models.TextChoices):
    ARTICLE = "article", _("来自报道")
    ILLUSTRATIVE = "illustrative", _("演示示意")
    REPORT = "report", _("统计报表")
    IMPORT = "import", _("导入")
    MANUAL = "manual", _("手工录入")


class Indicator(ArchivableModel):
    """One figure: subject × metric × period = value in a unit, with where it comes from.

    The value is kept as entered (130.86 亿元) and normalised to the unit's base (元) for sorting
    and filtering; computed figures convert from the entered value, exactly.
    """

    metric = models.ForeignKey(
        Metric, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="indicators"
    )
    subject_kind = models.CharField(_("对象类别"), max_length=12, choices=SubjectKind.choices)
    # The subject's natural key: region code, chain or town code, enterprise USCC.
    subject_code = models.CharField(_("对象代码"), max_length=40)
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("行政区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    chain = models.ForeignKey(
        "registry.Chain",
        verbose_name=_("产业链"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    town = models.ForeignKey(
        "registry.Town",
        verbose_name=_("专业镇"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    start_month = models.PositiveSmallIntegerField(_("起始月"), default=1)
    end_month = models.PositiveSmallIntegerField(_("截止月"), default=12)
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    unit = models.CharField(_("单位"), max_length=12)
    value_base = models.DecimalField(_("折算值（基本单位）"), max_digits=28, decimal_places=4)
    base_unit = models.CharField(_("基本单位"), max_length=12)
    source = models.CharField(
        _("数据来源"),
        max_length=16,
        choices=IndicatorSource.choices,
        default=IndicatorSource.MANUAL,
    )
    source_note = models.CharField(_("来源说明"), max_length=255, blank=True)
    note = models.CharField(_("备注"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("指标数据")
        verbose_name_plural = _("指标数据")
        ordering = ["metric", "subject_kind", "subject_code", "-year", "start_month", "end_month"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "metric",
                    "subject_kind",
                    "subject_code",
                    "year",
                    "start_month",
                    "end_month",
                ],
                condition=models.Q(archived_at__isnull=True),
                name="indicator_one_current_value",
            ),
            models.CheckConstraint(
                condition=models.Q(start_month__gte=1)
                & models.Q(end_month__lte=12)
                & models.Q(start_month__lte=models.F("end_month")),
                name="indicator_months_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["metric", "year", "start_month", "end_month"]),
            models.Index(fields=["subject_kind", "subject_code"]),
        ]

    def __str__(self) -> str:
        return f"{self.subject_code} {self.metric_id} {self.period.label} {self.value}{self.unit}"

    @property
    def period(self) -> Period:
        return Period(self.year, self.start_month, self.end_month)


class SubjectGroup(TimeStampedModel):
    """A named set of subjects whose figures are totalled: 16条重点产业链, 18家省级重点专业镇."""

    code = models.SlugField(_("分组代码"), max_length=40, unique=True)
    name = models.CharField(_("分组名称"), max_length=100, unique=True)
    subject_kind = models.CharField(_("成员类别"), max_length=12, choices=SubjectKind.choices)
    description = models.TextField(_("说明"), blank=True)
    source_note = models.CharField(_("来源说明"), max_length=255, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("统计分组")
        verbose_name_plural = _("统计分组")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class SubjectGroupMember(TimeStampedModel):
    group = models.ForeignKey(
        SubjectGroup, verbose_name=_("分组"), on_delete=models.CASCADE, related_name="members"
    )
    subject_code = models.CharField(_("成员代码"), max_length=40)
    note = models.CharField(_("备注"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("分组成员")
        verbose_name_plural = _("分组成员")
        ordering = ["group", "subject_code"]
        constraints = [
            models.UniqueConstraint(fields=["group", "subject_code"], name="group_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.group.code}:{self.subject_code}"


def indicator_upload_path(instance: IndicatorImport, filename: str) -> str:
    return f"insights/imports/{instance.created_at:%Y/%m}/{instance.sha256[:16]}-{filename}"


class IndicatorImport(TimeStampedModel):
    """One indicator file: the original kept byte for byte, and what it did or why not."""

    class State(models.TextChoices):
        REJECTED = "rejected", _("已拒绝")
        COMMITTED = "committed", _("已导入")

    filename = models.CharField(_("文件名"), max_length=255)
    file = models.FileField(_("原始文件"), upload_to=indicator_upload_path, max_length=400)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices)
    total_rows = models.PositiveIntegerField(_("数据行"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("未变"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)

    class Meta:
        verbose_name = _("指标导入批次")
        verbose_name_plural = _("指标导入批次")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"
