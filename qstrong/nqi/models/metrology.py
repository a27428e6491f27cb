"""Metrology: instruments under compulsory verification, their verifications, and the free
verification and calibration campaigns for towns and chains."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qstrong.core.models import AppendOnlyModel
from qstrong.nqi.models.common import Recorded

# ---------------------------------------------------------------- metrology


class Instrument(Recorded):
    """A measuring instrument under compulsory verification (强制检定计量器具)."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="instruments",
    )
    name = models.CharField(_("器具名称"), max_length=120)
    serial_number = models.CharField(_("出厂编号"), max_length=80)
    interval_months = models.PositiveSmallIntegerField(_("检定周期（月）"))
    last_verified_on = models.DateField(_("上次检定日期"), null=True, blank=True)
    next_due_on = models.DateField(_("下次检定日期"))
    institute = models.CharField(_("检定机构"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("强制检定计量器具")
        verbose_name_plural = _("强制检定计量器具")
        ordering = ["next_due_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "serial_number"], name="nqi_instrument_unique"
            )
        ]
        indexes = [models.Index(fields=["next_due_on"])]

    def __str__(self) -> str:
        return f"{self.name} {self.serial_number}"


class MetrologyCampaign(Recorded):
    """A free verification or calibration campaign (计量惠企) for the enterprises of a town or a
    chain; its progress counts the members' instruments verified under it."""

    class Kind(models.TextChoices):
        VERIFICATION = "verification", _("免费检定")
        CALIBRATION = "calibration", _("免费校准")

    code = models.CharField(_("编号"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    # The organiser's area: who sees and changes the campaign.
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("组织区域"), on_delete=models.PROTECT, related_name="+"
    )
    town = models.ForeignKey(
        "registry.Town",
        verbose_name=_("专业镇"),
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
        related_name="+",
    )
    institute = models.CharField(_("实施机构"), max_length=200, blank=True)
    started_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    description = models.TextField(_("简介"), blank=True)

    class Meta:
        verbose_name = _("计量服务专项行动")
        verbose_name_plural = _("计量服务专项行动")
        ordering = ["-started_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(town__isnull=False, chain__isnull=True)
                    | models.Q(town__isnull=True, chain__isnull=False)
                ),
                name="nqi_campaign_one_subject",
                violation_error_message=_("请在专业镇和产业链中选择一个（只选一个）"),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("started_on")),
                name="nqi_campaign_dates",
                violation_error_message=_("结束日期不能早于开始日期"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InstrumentVerification(AppendOnlyModel):
    """One verification or calibration of an instrument (append-only; the instrument's last and
    next dates follow the latest)."""

    class Result(models.TextChoices):
        PASSED = "passed", _("合格")
        FAILED = "failed", _("不合格")

    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("计量器具"),
        on_delete=models.CASCADE,
        related_name="verifications",
    )
    verified_on = models.DateField(_("检定日期"))
    result = models.CharField(_("检定结论"), max_length=8, choices=Result.choices)
    institute = models.CharField(_("检定机构"), max_length=200)
    certificate_number = models.CharField(_("检定证书编号"), max_length=80, blank=True)
    next_due_on = models.DateField(_("下次检定日期"))
    campaign = models.ForeignKey(
        MetrologyCampaign,
        verbose_name=_("计量服务专项行动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="verifications",
    )
    at = models.DateTimeField(_("登记时间"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("检定记录")
        verbose_name_plural = _("检定记录")
        ordering = ["-verified_on", "-pk"]
