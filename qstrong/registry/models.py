"""The registry: reference data, enterprises, chains with segments, towns and import batches."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from qstrong.core.models import ArchivableModel, TimeStampedModel


class Region(models.Model):
    """An administrative division by its GB/T 2260 code."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("地级")
        COUNTY = "county", _("县级")

    code = models.CharField(_("行政区划代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class Industry(models.Model):
    """A GB/T 4754-2017 code: section letter, then digits (C, C27, C272, C2720)."""

    class Level(models.TextChoices):
        SECTION = "section", _("门类")
        DIVISION = "division", _("大类")
        GROUP = "group", _("中类")
        CLASS = "class", _("小类")

    code = models.CharField(_("行业代码"), max_length=5, primary_key=True)
    name = models.CharField(_("名称"), max_length=128)
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("国民经济行业")
        verbose_name_plural = _("国民经济行业")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Scale(models.TextChoices):
    LARGE = "large", _("大型")
    MEDIUM = "medium", _("中型")
    SMALL = "small", _("小型")
    MICRO = "micro", _("微型")


class CreditRating(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"


class Source(models.TextChoices):
    ARTICLE = "article", _("来自报道")
    PLACEHOLDER = "placeholder", _("占位（待补充）")
    SYNTHETIC = "synthetic", _("合成演示数据")
    IMPORT = "import", _("导入")
    MANUAL = "manual", _("手工录入")


class Enterprise(ArchivableModel):
    """An enterprise, keyed by its unified social credit code. Empty fields are "not recorded"."""

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("企业名称"), max_length=200, db_index=True)
    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="enterprises"
    )
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("行业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    established = models.DateField(_("成立日期"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("从业人员"), null=True, blank=True)
    revenue = models.DecimalField(
        _("营业收入（万元）"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    registered_capital = models.DecimalField(
        _("注册资本（万元）"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    scale = models.CharField(_("企业规模"), max_length=8, choices=Scale.choices, blank=True)
    scale_derived = models.BooleanField(_("规模由系统测算"), default=False)
    # Lists: None = not recorded (unknown to the rule engine), [] = recorded as none.
    certifications = models.JSONField(_("认证"), null=True, blank=True)
    tags = models.JSONField(_("标签"), null=True, blank=True)
    standards_led = models.PositiveIntegerField(_("主导制定标准数"), null=True, blank=True)
    patents = models.PositiveIntegerField(_("有效发明专利数"), null=True, blank=True)
    credit_rating = models.CharField(
        _("信用等级"), max_length=1, choices=CreditRating.choices, blank=True
    )
    contact_name = models.CharField(_("联系人"), max_length=100, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    source = models.CharField(
        _("数据来源"), max_length=16, choices=Source.choices, default=Source.MANUAL
    )
    source_note = models.CharField(_("来源说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["region", "name"]),
            models.Index(fields=["industry"]),
            models.Index(fields=["scale"]),
            # The few archived enterprises: counts of current members anti-join on it.
            models.Index(
                fields=["id"],
                condition=models.Q(archived_at__isnull=False),
                name="enterprise_archived_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Chain(ArchivableModel):
    """One of the province's key industrial chains, with its chain chief (链长)."""

    code = models.CharField(_("产业链代码"), max_length=40, unique=True)
    name = models.CharField(_("产业链名称"), max_length=100, unique=True)
    chief = models.CharField(_("链长"), max_length=100, blank=True)
    description = models.TextField(_("简介"), blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    source = models.CharField(
        _("数据来源"), max_length=16, choices=Source.choices, default=Source.MANUAL
    )
    source_note = models.CharField(_("来源说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("产业链")
        verbose_name_plural = _("产业链")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Segment(TimeStampedModel):
    """A stage of a chain; position orders them upstream → downstream."""

    class Stage(models.TextChoices):
        UPSTREAM = "upstream", _("上游")
        MIDSTREAM = "midstream", _("中游")
        DOWNSTREAM = "downstream", _("下游")

    chain = models.ForeignKey(
        Chain, verbose_name=_("产业链"), on_delete=models.CASCADE, related_name="segments"
    )
    name = models.CharField(_("环节"), max_length=100)
    position = models.PositiveIntegerField(_("顺序"))
    stage = models.CharField(_("上中下游"), max_length=12, choices=Stage.choices, blank=True)

    class Meta:
        verbose_name = _("产业链环节")
        verbose_name_plural = _("产业链环节")
        ordering = ["chain", "position"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "position"], name="segment_unique_position"),
            models.UniqueConstraint(fields=["chain", "name"], name="segment_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.chain.name} · {self.name}"


class ChainRole(models.TextChoices):
    LEADER = "leader", _("链主")
    CORE = "core", _("链核")
    BACKBONE = "backbone", _("骨干")
    SUPPLIER = "supplier", _("配套")


class ChainMember(TimeStampedModel):
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="chain_memberships",
    )
    chain = models.ForeignKey(
        Chain, verbose_name=_("产业链"), on_delete=models.CASCADE, related_name="members"
    )
    segment = models.ForeignKey(
        Segment,
        verbose_name=_("环节"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    role = models.CharField(_("角色"), max_length=10, choices=ChainRole.choices)

    class Meta:
        verbose_name = _("产业链成员")
        verbose_name_plural = _("产业链成员")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "chain"], name="chainmember_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.chain} · {self.enterprise} · {self.get_role_display()}"


class SupplyLink(TimeStampedModel):
    """Supplier → customer, for a product: the edges of the industry map."""

    supplier = models.ForeignKey(
        Enterprise, verbose_name=_("供应商"), on_delete=models.CASCADE, related_name="supplies"
    )
    customer = models.ForeignKey(
        Enterprise, verbose_name=_("客户"), on_delete=models.CASCADE, related_name="supplied_by"
    )
    product = models.CharField(_("产品"), max_length=200, blank=True)
    chain = models.ForeignKey(
        Chain,
        verbose_name=_("产业链"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supply_links",
    )

    class Meta:
        verbose_name = _("供应关系")
        verbose_name_plural = _("供应关系")
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "customer", "product"], name="supplylink_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(supplier=models.F("customer")), name="supplylink_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} → {self.customer} {self.product}"


class Town(ArchivableModel):
    """A specialty town (专业镇): a county-level cluster with one leading industry."""

    class Level(models.TextChoices):
        PROVINCIAL = "provincial", _("省级")
        CITY = "city", _("市级")

    code = models.CharField(_("专业镇代码"), max_length=40, unique=True)
    name = models.CharField(_("专业镇名称"), max_length=100, unique=True)
    county = models.ForeignKey(
        Region, verbose_name=_("所在县（市、区）"), on_delete=models.PROTECT, related_name="towns"
    )
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    leading_industry = models.CharField(_("主导产业"), max_length=100, blank=True)
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("主导产业行业代码"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="towns",
    )
    batch = models.PositiveSmallIntegerField(_("批次"), null=True, blank=True)
    is_key = models.BooleanField(_("十大重点专业镇"), default=False)
    source = models.CharField(
        _("数据来源"), max_length=16, choices=Source.choices, default=Source.MANUAL
    )
    source_note = models.CharField(_("来源说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("专业镇")
        verbose_name_plural = _("专业镇")
        ordering = ["level", "code"]

    def __str__(self) -> str:
        return self.name


class TownMember(TimeStampedModel):
    town = models.ForeignKey(
        Town, verbose_name=_("专业镇"), on_delete=models.CASCADE, related_name="members"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="town_memberships",
    )
    is_leading = models.BooleanField(_("龙头企业"), default=False)

    class Meta:
        verbose_name = _("专业镇成员")
        verbose_name_plural = _("专业镇成员")
        constraints = [
            models.UniqueConstraint(fields=["town", "enterprise"], name="townmember_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.town} · {self.enterprise}"


def import_upload_path(instance: ImportBatch, filename: str) -> str:
    return f"imports/{instance.created_at:%Y/%m}/{instance.sha256[:16]}-{filename}"


class ImportBatch(TimeStampedModel):
    """One import: who, when, the original file byte for byte, its hash, and what it did."""

    class Kind(models.TextChoices):
        ENTERPRISES = "enterprises", _("企业")
        CHAINS = "chains", _("产业链")
        TOWNS = "towns", _("专业镇")
        INDUSTRIES = "industries", _("行业分类")

    class State(models.TextChoices):
        PENDING = "pending", _("待处理")
        VALIDATING = "validating", _("校验中")
        REJECTED = "rejected", _("已拒绝")
        COMMITTED = "committed", _("已导入")
        DRY_RUN = "dry_run", _("试运行")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.PENDING)
    filename = models.CharField(_("文件名"), max_length=255)
    file = models.FileField(_("原始文件"), upload_to=import_upload_path, max_length=400)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.BigIntegerField(_("大小（字节）"), default=0)
    dry_run = models.BooleanField(_("仅校验"), default=False)
    valid_rows_only = models.BooleanField(_("仅导入有效行"), default=False)
    language = models.CharField(_("报告语言"), max_length=10, default="zh-hans")
    region_scope = models.CharField(_("导入人辖区"), max_length=6, blank=True)
    total_rows = models.PositiveIntegerField(_("数据行"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("未变"), default=0)
    rejected_count = models.PositiveIntegerField(_("拒绝"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    warnings = models.JSONField(_("提示"), default=list, blank=True)
    message = models.TextField(_("消息"), blank=True)
    job = models.ForeignKey(
        "core.Job",
        verbose_name=_("后台任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filename} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def summary(self) -> str:
        return (
            f"created {self.created_count}, updated {self.updated_count}, "
            f"unchanged {self.unchanged_count}, rejected {self.rejected_count}"
        )


class EnterpriseCount(models.Model):
    """A change in how many current (not archived) enterprises a region has: the county map's
    counts, summed per region, without counting a million rows on every view.

    Written only by database triggers on registry_enterprise (migration 0007), so that every
    writer — services, the admin, COPY imports, a restore — keeps it exact; rows are deltas
    (+N, −N), appended without locks, and `registry.selectors.enterprise_counts` folds them
    into one row per region now and then (ADR 0012).
    """

    region = models.CharField(max_length=6)
    n = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["region"])]

    def __str__(self) -> str:
        return f"{self.region}: {self.n:+d}"
