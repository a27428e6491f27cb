"""Quality problems (graded, closed-loop), key projects, the quality-loss ledger and programmes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qstrong.core.models import AppendOnlyModel, ArchivableModel, TimeStampedModel
from qstrong.registry.models import Chain, Enterprise, Region, Segment, Source, Town

ZERO = Decimal("0")


class Level(models.TextChoices):
    """The bureau level that handles a grade (and that an officer works at)."""

    COUNTY = "county", _("县级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")


LEVEL_RANK = {Level.COUNTY: 1, Level.CITY: 2, Level.PROVINCE: 3}


class Grade(models.TextChoices):
    GENERAL = "general", _("一般")
    MAJOR = "major", _("较大")
    CRITICAL = "critical", _("重大")


# Who must handle each grade: the lowest bureau level that may move a problem of that grade.
GRADE_LEVEL = {Grade.GENERAL: Level.COUNTY, Grade.MAJOR: Level.CITY, Grade.CRITICAL: Level.PROVINCE}


class ProblemClass(models.TextChoices):
    TECHNOLOGY = "technology", _("质量技术")
    MANAGEMENT = "management", _("质量管理")
    INFRASTRUCTURE = "infrastructure", _("质量基础设施")
    BRAND = "brand", _("质量品牌")


class ProblemState(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    ANALYSED = "analysed", _("已分析")
    ACTION_PLANNED = "action_planned", _("已制定措施")
    IN_PROGRESS = "in_progress", _("整改中")
    EFFECTIVENESS_CHECK = "effectiveness_check", _("效果验证")
    CLOSED = "closed", _("已关闭")
    REJECTED = "rejected", _("已驳回")


OPEN_STATES = (
    ProblemState.REGISTERED,
    ProblemState.ANALYSED,
    ProblemState.ACTION_PLANNED,
    ProblemState.IN_PROGRESS,
    ProblemState.EFFECTIVENESS_CHECK,
)


class CheckResult(models.TextChoices):
    NONE = "", _("未验证")
    PASSED = "passed", _("验证通过")
    FAILED = "failed", _("验证未通过")


class Programme(ArchivableModel):
    """A named campaign (专项行动) with enrolled subjects, milestones and a computed progress."""

    class Kind(models.TextChoices):
        PILOT = "pilot", _("质量联动提升试点")
        CERTIFICATION = "certification", _("质量管理体系认证提升行动")
        SHANXI_PREMIUM = "shanxi_premium", _("山西精品培育")
        COUNTY = "county", _("质量强县培育")
        OTHER = "other", _("其他")

    code = models.CharField(_("编号"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    # The organiser's area: who may see the programme (province = everyone in it).
    region = models.ForeignKey(
        Region, verbose_name=_("组织区域"), on_delete=models.PROTECT, related_name="+"
    )
    organisers = models.CharField(_("组织单位"), max_length=255, blank=True)
    description = models.TextField(_("简介"), blank=True)
    started_on = models.DateField(_("开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("计划完成日期"), null=True, blank=True)
    # Certification uplift: the certificate whose holders count as done (registry key, ISO9001).
    target_certification = models.CharField(_("目标认证"), max_length=20, blank=True)
    source = models.CharField(
        _("数据来源"), max_length=16, choices=Source.choices, default=Source.MANUAL
    )
    source_note = models.CharField(_("来源说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("专项行动")
        verbose_name_plural = _("专项行动")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.name


class Enrolment(TimeStampedModel):
    """One subject enrolled in a programme: an enterprise, a chain, a town or a county."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        CHAIN = "chain", _("产业链")
        TOWN = "town", _("专业镇")
        COUNTY = "county", _("县（市、区）")

    programme = models.ForeignKey(
        Programme, verbose_name=_("专项行动"), on_delete=models.CASCADE, related_name="enrolments"
    )
    kind = models.CharField(_("对象类别"), max_length=12, choices=Kind.choices)
    enterprise = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    chain = models.ForeignKey(
        Chain, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    town = models.ForeignKey(
        Town, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    county = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    enrolled_on = models.DateField(_("纳入日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("行动对象")
        verbose_name_plural = _("行动对象")
        constraints = [
            models.CheckConstraint(
                name="enrolment_one_subject",
                condition=(
                    models.Q(
                        kind="enterprise",
                        enterprise__isnull=False,
                        chain__isnull=True,
                        town__isnull=True,
                        county__isnull=True,
                    )
                    | models.Q(
                        kind="chain",
                        chain__isnull=False,
                        enterprise__isnull=True,
                        town__isnull=True,
                        county__isnull=True,
                    )
                    | models.Q(
                        kind="town",
                        town__isnull=False,
                        enterprise__isnull=True,
                        chain__isnull=True,
                        county__isnull=True,
                    )
                    | models.Q(
                        kind="county",
                        county__isnull=False,
                        enterprise__isnull=True,
                        chain__isnull=True,
                        town__isnull=True,
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.subject}"

    @property
    def subject(self) -> Any:
        return self.enterprise or self.chain or self.town or self.county


class Milestone(TimeStampedModel):
    """A dated step of a programme or a key project; done when done_on is set."""

    class State(models.TextChoices):
        PLANNED = "planned", _("未开始")
        IN_PROGRESS = "in_progress", _("进行中")
        DONE = "done", _("已完成")
        DELAYED = "delayed", _("已延期")

    class Step(models.TextChoices):
        # The 三叠链 method of the certification uplift campaign.
        NONE = "", _("—")
        INDUCTION = "induction", _("导入链（动员+宣贯）")
        TRAINING = "training", _("培训链（线上+线下）")
        DIAGNOSIS = "diagnosis", _("解决链（诊断+服务）")

    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.CASCADE, related_name="milestones"
    )
    key_project = models.ForeignKey(
        "KeyProject", null=True, blank=True, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("里程碑"), max_length=200)
    step = models.CharField(_("三叠链环节"), max_length=12, choices=Step.choices, blank=True)
    due_on = models.DateField(_("计划日期"), null=True, blank=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.PLANNED)
    position = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("里程碑")
        verbose_name_plural = _("里程碑")
        ordering = ["position", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="milestone_one_owner",
                condition=models.Q(programme__isnull=False, key_project__isnull=True)
                | models.Q(programme__isnull=True, key_project__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return (
            self.done_on is None and self.due_on is not None and self.due_on < timezone.localdate()
        )


class Problem(ArchivableModel):
    """A quality problem on a chain: graded, classified, driven through its states to closure."""

    chain = models.ForeignKey(
        Chain, verbose_name=_("产业链"), on_delete=models.PROTECT, related_name="quality_problems"
    )
    segment = models.ForeignKey(
        Segment,
        verbose_name=_("环节"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quality_problems",
    )
    enterprises = models.ManyToManyField(
        Enterprise, verbose_name=_("涉及企业"), related_name="quality_problems"
    )
    # The region of its first enterprise, fixed at registration: the problem's jurisdiction.
    region = models.ForeignKey(
        Region, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("所属试点"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    title = models.CharField(_("问题标题"), max_length=200)
    description = models.TextField(_("问题描述"))
    root_cause = models.TextField(_("根本原因"), blank=True)
    grade = models.CharField(_("等级"), max_length=10, choices=Grade.choices)
    klass = models.CharField(_("类别"), max_length=16, choices=ProblemClass.choices)
    state = models.CharField(
        _("状态"),
        max_length=20,
        choices=ProblemState.choices,
        default=ProblemState.REGISTERED,
        db_index=True,
    )
    check_result = models.CharField(
        _("效果验证结果"), max_length=8, choices=CheckResult.choices, blank=True
    )
    registered_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    source = models.CharField(
        _("数据来源"), max_length=16, choices=Source.choices, default=Source.MANUAL
    )
    source_note = models.CharField(_("来源说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("质量问题")
        verbose_name_plural = _("质量问题")
        ordering = ["-registered_at", "-pk"]
        indexes = [
            models.Index(fields=["chain", "state"]),
            models.Index(fields=["region", "state"]),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        segment = self.segment if self.segment_id else None
        if segment is not None and self.chain_id and segment.chain_id != self.chain_id:
            raise ValidationError({"segment": _("所选环节不属于该产业链。")})

    @property
    def handling_level(self) -> str:
        return str(GRADE_LEVEL[Grade(self.grade)])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class ProblemAction(TimeStampedModel):
    """An immediate, corrective or preventive action with its owner and deadline."""

    class Kind(models.TextChoices):
        IMMEDIATE = "immediate", _("应急措施")
        CORRECTIVE = "corrective", _("纠正措施")
        PREVENTIVE = "preventive", _("预防措施")

    problem = models.ForeignKey(
        Problem, verbose_name=_("质量问题"), on_delete=models.CASCADE, related_name="actions"
    )
    kind = models.CharField(_("措施类型"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("措施内容"))
    owner_bureau = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("责任单位（监管局）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("责任企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_person = models.CharField(_("责任人"), max_length=100)
    deadline = models.DateField(_("完成期限"))
    done = models.BooleanField(_("已完成"), default=False)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("整改措施")
        verbose_name_plural = _("整改措施")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.description[:40]}"

    def clean(self) -> None:
        if self.owner_bureau_id is None and self.owner_enterprise_id is None:
            raise ValidationError(_("请至少指定一个责任单位（监管局或企业）。"))

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return not self.done and self.deadline < (today or timezone.localdate())


class ProblemEvent(AppendOnlyModel):
    """One thing that happened to a problem: a transition, a comment, an action added or done."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("状态变更")
        COMMENT = "comment", _("评论")
        ACTION_ADDED = "action_added", _("新增措施")
        ACTION_DONE = "action_done", _("措施完成")

    id = models.BigAutoField(primary_key=True)
    problem = models.ForeignKey(
        Problem, verbose_name=_("质量问题"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    transition = models.CharField(_("操作"), max_length=20, blank=True)
    from_state = models.CharField(
        _("原状态"), max_length=20, choices=ProblemState.choices, blank=True
    )
    to_state = models.CharField(
        _("新状态"), max_length=20, choices=ProblemState.choices, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    comment = models.TextField(_("说明"))
    evidence_note = models.TextField(_("佐证说明"), blank=True)

    class Meta:
        verbose_name = _("质量问题事件")
        verbose_name_plural = _("质量问题事件")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.problem_id} {self.from_state}→{self.to_state}"

    @property
    def transition_label(self) -> str:
        """The step taken, as officers name it (效果验证通过 rather than 效果验证 → 效果验证)."""
        # Imported here: the state machine is built on these models.
        from qstrong.quality.statemachine import TRANSITIONS

        step = TRANSITIONS.get(self.transition)
        return str(step.label) if step else str(_("登记问题"))


def evidence_upload_path(instance: EvidenceFile, filename: str) -> str:
    return f"quality/evidence/{timezone.now():%Y/%m}/{instance.sha256[:16]}-{filename}"


class EvidenceFile(AppendOnlyModel):
    """A file attached to a problem event as evidence (kept as uploaded, with its hash)."""

    id = models.BigAutoField(primary_key=True)
    event = models.ForeignKey(
        ProblemEvent, verbose_name=_("事件"), on_delete=models.PROTECT, related_name="files"
    )
    file = models.FileField(_("文件"), upload_to=evidence_upload_path, max_length=400)
    name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class KeyProject(ArchivableModel):
    """A key project (重点攻关项目): a lead enterprise with partners tackling problems."""

    name = models.CharField(_("项目名称"), max_length=200)
    chain = models.ForeignKey(
        Chain,
        verbose_name=_("产业链"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="key_projects",
    )
    lead_enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("牵头企业"),
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    partner_enterprises = models.ManyToManyField(
        Enterprise, verbose_name=_("协同企业"), blank=True, related_name="partner_projects"
    )
    other_partners = models.TextField(_("其他合作单位（高校、院所等）"), blank=True)
    problems = models.ManyToManyField(
        Problem, verbose_name=_("攻关问题"), blank=True, related_name="key_projects"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("所属试点"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="key_projects",
    )
    description = models.TextField(_("项目内容"), blank=True)
    started_on = models.DateField(_("开始日期"), null=True, blank=True)
    source = models.CharField(
        _("数据来源"), max_length=16, choices=Source.choices, default=Source.MANUAL
    )
    source_note = models.CharField(_("来源说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("重点攻关项目")
        verbose_name_plural = _("重点攻关项目")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Indicator(TimeStampedModel):
    """An outcome indicator of a key project: value before, after, and the target."""

    key_project = models.ForeignKey(
        KeyProject,
        verbose_name=_("重点攻关项目"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("指标"), max_length=200)
    unit = models.CharField(_("单位"), max_length=40, blank=True)
    before = models.DecimalField(
        _("攻关前"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    after = models.DecimalField(_("攻关后"), max_digits=16, decimal_places=4, null=True, blank=True)
    target = models.DecimalField(
        _("目标值"), max_digits=16, decimal_places=4, null=True, blank=True
    )

    class Meta:
        verbose_name = _("成效指标")
        verbose_name_plural = _("成效指标")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


def money_field(label: Any, **kwargs: Any) -> models.DecimalField[Any, Any]:
    """An amount in 万元, never negative, kept exactly (four decimals: 1.06 stays 1.06)."""
    return models.DecimalField(
        label, max_digits=14, decimal_places=4, validators=[MinValueValidator(ZERO)], **kwargs
    )


class QualityLoss(TimeStampedModel):
    """One year of quality loss for a problem or a key project, before and after; 万元."""

    problem = models.ForeignKey(
        Problem,
        verbose_name=_("质量问题"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="losses",
    )
    key_project = models.ForeignKey(
        KeyProject,
        verbose_name=_("重点攻关项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="losses",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    failures_before = models.PositiveIntegerField(_("改进前故障次数（次/年）"))
    failures_after = models.PositiveIntegerField(_("改进后故障次数（次/年）"))
    # None: the cost of one failure is not known; the failures then count no money.
    cost_per_failure = money_field(_("单次故障损失（万元）"), null=True, blank=True)
    other_cost_before = money_field(_("改进前其他质量成本（万元）"), default=ZERO)
    other_cost_after = money_field(_("改进后其他质量成本（万元）"), default=ZERO)
    note = models.TextField(_("说明"), blank=True)
    source = models.CharField(
        _("数据来源"), max_length=16, choices=Source.choices, default=Source.MANUAL
    )
    source_note = models.CharField(_("来源说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("质量损失")
        verbose_name_plural = _("质量损失台账")
        ordering = ["-year", "pk"]
        constraints = [
            models.CheckConstraint(
                name="qualityloss_one_subject",
                condition=models.Q(problem__isnull=False, key_project__isnull=True)
                | models.Q(problem__isnull=True, key_project__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.year}"

    @property
    def subject(self) -> Problem | KeyProject | None:
        return self.problem or self.key_project

    @property
    def failures_avoided(self) -> int:
        return int(self.failures_before) - int(self.failures_after)

    @property
    def failure_savings(self) -> Decimal:
        if self.cost_per_failure is None:
            return ZERO
        return Decimal(self.failures_avoided) * Decimal(self.cost_per_failure)

    @property
    def other_savings(self) -> Decimal:
        return Decimal(self.other_cost_before) - Decimal(self.other_cost_after)

    @property
    def savings(self) -> Decimal:
        """(failures before − after) × cost per failure + (other costs before − after), 万元."""
        return self.failure_savings + self.other_savings

    @property
    def chain(self) -> Chain | None:
        subject = self.subject
        return subject.chain if subject is not None else None

    @property
    def programme(self) -> Programme | None:
        subject = self.subject
        return subject.programme if subject is not None else None
