"""Policies, their dated rule versions, matching runs and results, pushes and their events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qstrong.core.models import AppendOnlyModel, ArchivableModel, TimeStampedModel
from qstrong.registry.models import Enterprise


class Category(models.TextChoices):
    QUALITY = "quality", _("质量提升")
    STANDARDS = "standards", _("标准化")
    METROLOGY = "metrology", _("计量")
    CERTIFICATION = "certification", _("认证认可与检验检测")
    IP = "ip", _("商标与专利")
    GEOGRAPHICAL_INDICATION = "gi", _("地理标志")
    CREDIT = "credit", _("信用")
    FINANCE = "finance", _("金融")
    OTHER = "other", _("其他")


class Delivery(models.TextChoices):
    AUTOMATIC = "automatic", _("免申即享")
    FAST = "fast", _("快申快享")
    APPLICATION = "application", _("普通申报")


class Policy(ArchivableModel):
    """A support policy: what it gives, to whom (its rule versions), how it is claimed."""

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤回")

    code = models.CharField(_("政策编号"), max_length=40, unique=True)
    title = models.CharField(_("政策名称"), max_length=200)
    issuer = models.CharField(_("发布机关"), max_length=200, blank=True)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    category = models.CharField(
        _("类别"), max_length=16, choices=Category.choices, default=Category.OTHER
    )
    summary = models.TextField(_("摘要"), blank=True)
    interpretation = models.TextField(_("政策解读"), blank=True)
    # 申兑指南: who may claim, on what conditions, by when, where, whom to ask.
    claim_who = models.TextField(_("申兑对象"), blank=True)
    claim_conditions = models.TextField(_("申兑条件"), blank=True)
    claim_deadline = models.DateField(_("申兑截止日期"), null=True, blank=True)
    claim_where = models.TextField(_("申兑渠道"), blank=True)
    claim_contact = models.CharField(_("咨询电话与联系人"), max_length=200, blank=True)
    effective_from = models.DateField(_("生效日期"), null=True, blank=True)
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    delivery = models.CharField(
        _("兑现方式"), max_length=16, choices=Delivery.choices, default=Delivery.APPLICATION
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=State.choices, default=State.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    # The bureau that owns the policy; its officers may edit it (the province: everyone's).
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("主管单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
    )
    source_note = models.CharField(_("来源说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("政策")
        verbose_name_plural = _("政策")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_from__isnull=True)
                | models.Q(effective_to__isnull=True)
                | models.Q(effective_from__lte=models.F("effective_to")),
                name="policy_validity_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def is_closed_on(self, day: dt.date) -> bool:
        """Past its application deadline (申兑截止日期): no longer pushed nor claimed."""
        return self.claim_deadline is not None and day > self.claim_deadline

    @property
    def is_closed(self) -> bool:
        """Closed as of today (for pages; services take an explicit day)."""
        return self.is_closed_on(timezone.localdate())

    def in_force_on(self, day: dt.date) -> bool:
        """Inside [effective_from, effective_to], either end open (RULES.md, Policy validity)."""
        if self.effective_from is not None and day < self.effective_from:
            return False
        return self.effective_to is None or day <= self.effective_to


class PolicyRule(TimeStampedModel):
    """One version of a policy's eligibility rule (RULES.md JSON), in force from a date.

    Version 1 is in force over the policy's whole validity (applies_from is None); a later
    version from its applies_from. Versions are never edited once the policy is published:
    a change makes a new version, so a stored result can always be explained as computed.
    """

    policy = models.ForeignKey(
        Policy, verbose_name=_("政策"), on_delete=models.CASCADE, related_name="rules"
    )
    version = models.PositiveIntegerField(_("版本"))
    rule = models.JSONField(_("适用条件"))
    applies_from = models.DateField(_("适用起始日期"), null=True, blank=True)
    note = models.CharField(_("修订说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("政策适用条件版本")
        verbose_name_plural = _("政策适用条件版本")
        ordering = ["policy", "version"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "version"], name="policy_rule_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.policy.code} v{self.version}"


class PolicyAttachment(TimeStampedModel):
    policy = models.ForeignKey(
        Policy, verbose_name=_("政策"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to="policies/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("政策附件")
        verbose_name_plural = _("政策附件")
        ordering = ["policy", "created_at"]

    def __str__(self) -> str:
        return self.name


class PolicyEvent(AppendOnlyModel):
    """One state change or edit of a policy: created, edited, rule version, published, withdrawn."""

    class Kind(models.TextChoices):
        CREATED = "created", _("创建")
        EDITED = "edited", _("修改")
        RULE_VERSION = "rule_version", _("新的适用条件版本")
        PUBLISHED = "published", _("发布")
        WITHDRAWN = "withdrawn", _("撤回")
        ATTACHED = "attached", _("上传附件")
        GRANT_CONFIRMED = "grant_confirmed", _("确认免申即享兑现")

    policy = models.ForeignKey(
        Policy, verbose_name=_("政策"), on_delete=models.CASCADE, related_name="events"
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
    kind = models.CharField(_("事件"), max_length=20, choices=Kind.choices)
    data = models.JSONField(_("内容"), default=dict, blank=True)
    comment = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("政策事件")
        verbose_name_plural = _("政策事件")
        ordering = ["policy", "at", "id"]

    def __str__(self) -> str:
        return f"{self.policy_id} {self.kind}"


class MatchRun(TimeStampedModel):
    """One matching run: all published policies, one policy, or one enterprise, as of a date."""

    class Scope(models.TextChoices):
        FULL = "full", _("全量匹配")
        POLICY = "policy", _("单项政策")
        ENTERPRISE = "enterprise", _("单个企业")

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("失败")

    as_of = models.DateField(_("基准日期"))
    scope = models.CharField(_("范围"), max_length=12, choices=Scope.choices)
    policy = models.ForeignKey(
        Policy,
        verbose_name=_("政策"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="runs",
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="match_runs",
    )
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.QUEUED)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    policies_count = models.PositiveIntegerField(_("政策数"), default=0)
    enterprises_count = models.PositiveIntegerField(_("企业数"), default=0)
    eligible_count = models.PositiveBigIntegerField(_("符合条件"), default=0)
    needs_data_count = models.PositiveBigIntegerField(_("待补充信息"), default=0)
    ineligible_count = models.PositiveBigIntegerField(_("不符合条件"), default=0)
    pushes_count = models.PositiveIntegerField(_("推送数"), default=0)
    job = models.ForeignKey(
        "core.Job", verbose_name=_("后台任务"), null=True, blank=True, on_delete=models.SET_NULL
    )
    message = models.TextField(_("消息"), blank=True)

    class Meta:
        verbose_name = _("匹配运行")
        verbose_name_plural = _("匹配运行")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.as_of}"


class Outcome(models.TextChoices):
    """The stored outcomes; ineligible pairs are counted, not stored."""

    ELIGIBLE = "eligible", _("符合条件")
    NEEDS_DATA = "needs_data", _("待补充信息")


class MatchResult(models.Model):
    """The current outcome of one (policy, enterprise) pair, with the rule version that gave it.

    One row per pair that is eligible or needs data as of the latest run covering it; a later run
    replaces the policy's (or the enterprise's) rows. matched_at keeps since when the pair has
    been eligible without interruption, which is how a re-run pushes only new matches.

    Results are derived data, rewritten in bulk (millions of rows per run): the foreign keys
    have no database constraint, because PostgreSQL checks each one with a trigger per row,
    which cost more than the whole COPY. The writer only stores ids it has just read, and
    Django's on_delete handling (in the ORM) still cascades and protects. Two indexes besides
    the key serve every read: the unique pair (by policy) and (enterprise, outcome).
    """

    policy = models.ForeignKey(
        Policy,
        verbose_name=_("政策"),
        on_delete=models.CASCADE,
        related_name="results",
        db_constraint=False,
        db_index=False,
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="match_results",
        db_constraint=False,
        db_index=False,
    )
    rule = models.ForeignKey(
        PolicyRule,
        verbose_name=_("条件版本"),
        on_delete=models.PROTECT,
        related_name="results",
        db_constraint=False,
        db_index=False,
    )
    run = models.ForeignKey(
        MatchRun,
        verbose_name=_("匹配运行"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="results",
        db_constraint=False,
        db_index=False,
    )
    as_of = models.DateField(_("基准日期"))
    outcome = models.CharField(_("结果"), max_length=12, choices=Outcome.choices)
    # For needs_data: the profile fields whose absence makes the outcome unknown.
    missing_fields = models.JSONField(_("待补充字段"), default=list, blank=True)
    matched_at = models.DateTimeField(_("匹配时间"), default=timezone.now)

    class Meta:
        verbose_name = _("匹配结果")
        verbose_name_plural = _("匹配结果")
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "enterprise"], name="match_result_unique_pair"
            )
        ]
        # The unique pair serves reads by policy; this one reads by enterprise.
        indexes = [models.Index(fields=["enterprise", "outcome"])]

    def __str__(self) -> str:
        return f"{self.policy_id}:{self.enterprise_id} {self.outcome}"


class PushDigest(TimeStampedModel):
    """One message to one enterprise for one run: the policies newly found for it."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="push_digests"
    )
    run = models.ForeignKey(
        MatchRun,
        verbose_name=_("匹配运行"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="digests",
    )
    subject = models.CharField(_("标题"), max_length=255)
    body = models.TextField(_("正文"), blank=True)
    email_to = models.CharField(_("邮件收件人"), max_length=500, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("推送消息")
        verbose_name_plural = _("推送消息")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "run"], name="push_digest_one_per_run")
        ]

    def __str__(self) -> str:
        return self.subject


class Push(TimeStampedModel):
    """A policy pushed to an eligible enterprise, and how far it got: sent → … → granted."""

    class State(models.TextChoices):
        SENT = "sent", _("已推送")
        READ = "read", _("已阅读")
        CLAIMED = "claimed", _("已认领")
        APPLIED = "applied", _("已申报")
        GRANTED = "granted", _("已兑现")
        DECLINED = "declined", _("未获批")

    policy = models.ForeignKey(
        Policy, verbose_name=_("政策"), on_delete=models.CASCADE, related_name="pushes"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="pushes"
    )
    digest = models.ForeignKey(
        PushDigest,
        verbose_name=_("推送消息"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pushes",
    )
    rule = models.ForeignKey(
        PolicyRule, verbose_name=_("条件版本"), on_delete=models.PROTECT, related_name="pushes"
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=State.choices, default=State.SENT, db_index=True
    )
    sent_at = models.DateTimeField(_("推送时间"), default=timezone.now)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("认领/申报时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    # The enterprise's county code, copied when the push is made and kept by the registry's
    # announcements (receivers.py), so that a county's push list reads its own index in order
    # instead of walking every push of the province (ADR 0019). Scoping still checks the
    # enterprise itself: a stale copy can hide a push, never show one to another county.
    region = models.CharField(_("所在地区代码"), max_length=6, blank=True, default="")

    class Meta:
        verbose_name = _("政策推送")
        verbose_name_plural = _("政策推送")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "enterprise"], name="push_unique_pair")
        ]
        # The officers' push list, newest first: a run sends thousands at the same moment, so
        # the id breaks the tie and the list reads the index in order (no sort of every push).
        indexes = [
            models.Index(fields=["-sent_at", "-id"], name="push_sent_idx"),
            models.Index(fields=["region", "-sent_at", "-id"], name="push_region_sent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.policy_id}→{self.enterprise_id} {self.state}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.region and self.enterprise_id is not None:
            self.region = (
                Enterprise.objects.filter(pk=self.enterprise_id)
                .values_list("region_id", flat=True)
                .first()
                or ""
            )
        super().save(*args, **kwargs)


class PushEvent(AppendOnlyModel):
    """One state change of a push, by whom, with a comment."""

    push = models.ForeignKey(
        Push, verbose_name=_("政策推送"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_state = models.CharField(_("原状态"), max_length=12, blank=True)
    to_state = models.CharField(_("新状态"), max_length=12)
    comment = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("推送事件")
        verbose_name_plural = _("推送事件")
        ordering = ["push", "at", "id"]

    def __str__(self) -> str:
        return f"{self.push_id} {self.from_state}→{self.to_state}"


class CoverageTally(models.Model):
    """How many current results one policy has in one county, by scale, outcome and push state.

    Derived data, rebuilt per policy by policies/tallies.py whenever that policy's results or
    pushes change (a matching run rebuilds what it covered; a single re-match or a push moving
    marks the policy stale, rebuilt before the next read). Coverage and the library's counts read
    these few thousand rows instead of a million results (ADR "counts and aggregates").
    """

    policy = models.ForeignKey(
        Policy, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    region = models.CharField(max_length=6)  # the enterprise's county code
    scale = models.CharField(max_length=8, blank=True)
    outcome = models.CharField(max_length=12)
    push_state = models.CharField(max_length=12, blank=True)  # "" = not pushed
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["region", "policy"])]

    def __str__(self) -> str:
        return f"{self.policy_id} {self.region} {self.outcome}/{self.push_state}: {self.count}"


class MissingFieldTally(models.Model):
    """How many needs-data results of one policy in one county miss one profile field."""

    policy = models.ForeignKey(
        Policy, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    region = models.CharField(max_length=6)
    field = models.CharField(max_length=40)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["region", "policy"])]

    def __str__(self) -> str:
        return f"{self.policy_id} {self.region} {self.field}: {self.count}"


class MonthTally(models.Model):
    """A month (its first day, Beijing time) in which one policy's results in one county were
    matched or its pushes there were sent, read, claimed or decided: the periods the coverage
    dashboard offers, without reading every result's and push's timestamps on each view."""

    policy = models.ForeignKey(
        Policy, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    region = models.CharField(max_length=6)
    month = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["region", "policy"])]

    def __str__(self) -> str:
        return f"{self.policy_id} {self.region} {self.month:%Y-%m}"


class TallyStale(models.Model):
    """A policy whose tallies wait for a rebuild (its results or pushes changed since)."""

    policy = models.OneToOneField(
        Policy, on_delete=models.CASCADE, primary_key=True, related_name="+", db_constraint=False
    )

    def __str__(self) -> str:
        return str(self.policy_id)
