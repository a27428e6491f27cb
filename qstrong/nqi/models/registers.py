"""Quality infrastructure and IP registers: standards, certificates, providers, trademarks,
patents, geographical indications, brands, and needs routed to providers."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qstrong.core.models import AppendOnlyModel, TimeStampedModel
from qstrong.nqi.models.common import Recorded

# ---------------------------------------------------------------- standards


class Standard(Recorded):
    """A standard by its number (GB/T 19777-2013, T/SXAJ 001-2024)."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家标准")
        INDUSTRY = "industry", _("行业标准")
        LOCAL = "local", _("地方标准")
        GROUP = "group", _("团体标准")
        ENTERPRISE = "enterprise", _("企业标准")

    class Status(models.TextChoices):
        DRAFTING = "drafting", _("制定中")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已废止")

    number = models.CharField(_("标准编号"), max_length=60, unique=True)
    title = models.CharField(_("标准名称"), max_length=200)
    level = models.CharField(_("标准层级"), max_length=12, choices=Level.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.PUBLISHED
    )
    issuing_body = models.CharField(_("发布机构"), max_length=200, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    effective_on = models.DateField(_("实施日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("标准")
        verbose_name_plural = _("标准")
        ordering = ["level", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class StandardParticipation(TimeStampedModel):
    class Role(models.TextChoices):
        LEAD = "lead", _("主导")
        PARTICIPANT = "participant", _("参与")

    standard = models.ForeignKey(
        Standard, verbose_name=_("标准"), on_delete=models.CASCADE, related_name="participations"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="standard_participations",
    )
    role = models.CharField(_("角色"), max_length=12, choices=Role.choices)

    class Meta:
        verbose_name = _("标准制定参与")
        verbose_name_plural = _("标准制定参与")
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "enterprise"], name="nqi_participation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard.number} · {self.enterprise} · {self.get_role_display()}"


class InnovationBase(Recorded):
    """A technology standard innovation base (技术标准创新基地) recognised in an industry."""

    name = models.CharField(_("名称"), max_length=200, unique=True)
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="+"
    )
    industry = models.ForeignKey(
        "registry.Industry",
        verbose_name=_("行业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    host = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("承建单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="innovation_bases",
    )
    recognised_on = models.DateField(_("认定日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("技术标准创新基地")
        verbose_name_plural = _("技术标准创新基地")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# ---------------------------------------------------------------- certificates


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("有效")
    SUSPENDED = "suspended", _("暂停")
    WITHDRAWN = "withdrawn", _("撤销")
    EXPIRED = "expired", _("过期")


class Certificate(Recorded):
    """A certification certificate; it counts for eligibility from issue to expiry while valid."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    scheme = models.CharField(_("认证项目"), max_length=30)
    number = models.CharField(_("证书编号"), max_length=80)
    body = models.CharField(_("认证机构"), max_length=200, blank=True)
    issued_on = models.DateField(_("发证日期"))
    expires_on = models.DateField(_("有效期至"))
    status = models.CharField(
        _("状态"), max_length=12, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )

    class Meta:
        verbose_name = _("认证证书")
        verbose_name_plural = _("认证证书")
        ordering = ["expires_on", "scheme"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "number"], name="nqi_certificate_unique"),
            models.CheckConstraint(
                condition=models.Q(expires_on__gte=models.F("issued_on")),
                name="nqi_certificate_dates",
            ),
        ]
        indexes = [models.Index(fields=["expires_on"])]

    def __str__(self) -> str:
        return f"{self.scheme} {self.number}"

    def is_valid_on(self, day: dt.date) -> bool:
        """Valid on the day: status valid and the day inside [issued_on, expires_on]."""
        return (
            self.status == CertificateStatus.VALID
            and self.archived_at is None
            and self.issued_on <= day <= self.expires_on
        )

    def status_on(self, day: dt.date) -> str:
        """The status as of a day: a valid certificate past its expiry date is expired."""
        if self.status == CertificateStatus.VALID and day > self.expires_on:
            return CertificateStatus.EXPIRED
        return self.status


class CertificateEvent(AppendOnlyModel):
    """A certificate's status change: recorded, suspended, withdrawn, expired, restored."""

    certificate = models.ForeignKey(
        Certificate, verbose_name=_("证书"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    on = models.DateField(_("生效日期"))
    status_from = models.CharField(_("原状态"), max_length=12, blank=True)
    status_to = models.CharField(_("新状态"), max_length=12, choices=CertificateStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("证书状态记录")
        verbose_name_plural = _("证书状态记录")
        ordering = ["at", "pk"]


# ---------------------------------------------------------------- providers


class Provider(Recorded):
    """A testing, metrology, standards, certification or IP service provider."""

    class Kind(models.TextChoices):
        LABORATORY = "laboratory", _("检验检测机构")
        STATION = "station", _("检验检测服务站")
        METROLOGY = "metrology", _("计量技术机构")
        STANDARDS = "standards", _("标准化研究机构")
        CERTIFICATION = "certification", _("认证机构")
        IP_CENTRE = "ip_centre", _("知识产权服务中心")

    code = models.CharField(_("机构代码"), max_length=40, unique=True)
    name = models.CharField(_("机构名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="+"
    )
    cma_number = models.CharField(_("CMA 资质认定证书编号"), max_length=40, blank=True)
    cnas_number = models.CharField(_("CNAS 认可编号"), max_length=40, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=100, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    description = models.TextField(_("简介"), blank=True)

    class Meta:
        verbose_name = _("服务机构")
        verbose_name_plural = _("服务机构")
        ordering = ["region", "name"]

    def __str__(self) -> str:
        return self.name


class ServiceCategory(models.TextChoices):
    """The need categories a provider answers (the casework Need's categories)."""

    CERTIFICATION = "certification", _("认证与检验检测")
    METROLOGY = "metrology", _("计量")
    STANDARDS = "standards", _("标准化")
    PATENT = "patent", _("专利与知识产权")
    BRAND = "brand", _("品牌与商标")


class ProviderService(TimeStampedModel):
    """One line of a provider's catalogue: what it does for which industry (GB/T 4754 prefix)."""

    provider = models.ForeignKey(
        Provider, verbose_name=_("服务机构"), on_delete=models.CASCADE, related_name="services"
    )
    category = models.CharField(_("服务类别"), max_length=16, choices=ServiceCategory.choices)
    industry = models.ForeignKey(
        "registry.Industry", verbose_name=_("服务行业"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("服务内容"), max_length=200)

    class Meta:
        verbose_name = _("服务目录")
        verbose_name_plural = _("服务目录")
        ordering = ["provider", "category", "industry"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "category", "industry", "description"],
                name="nqi_service_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} · {self.industry_id} · {self.description}"


class Routing(TimeStampedModel):
    """A casework need sent to a provider: the provider's answer and the outcome."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("待答复")
        ACCEPTED = "accepted", _("已受理")
        RESOLVED = "resolved", _("已解决")
        DECLINED = "declined", _("无法承接")

    need = models.ForeignKey(
        "casework.Need", verbose_name=_("需求"), on_delete=models.PROTECT, related_name="routings"
    )
    provider = models.ForeignKey(
        Provider, verbose_name=_("服务机构"), on_delete=models.PROTECT, related_name="routings"
    )
    routed_on = models.DateField(_("转办日期"))
    note = models.CharField(_("转办说明"), max_length=255, blank=True)
    answer = models.TextField(_("机构答复"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    outcome = models.CharField(
        _("办理结果"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING
    )
    result = models.TextField(_("结果说明"), blank=True)

    class Meta:
        verbose_name = _("需求转办")
        verbose_name_plural = _("需求转办")
        ordering = ["-routed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.need_id} → {self.provider}"


# ---------------------------------------------------------------- intellectual property


class Trademark(Recorded):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("普通商标")
        WELL_KNOWN = "well_known", _("驰名商标")
        GI_MARK = "gi_mark", _("地理标志证明商标")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("已注册")
        PENDING = "pending", _("申请中")
        EXPIRED = "expired", _("已失效")

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("注册人"),
        on_delete=models.CASCADE,
        related_name="trademarks",
    )
    registration_number = models.CharField(_("注册号"), max_length=40, unique=True)
    mark = models.CharField(_("商标名称"), max_length=120)
    nice_class = models.PositiveSmallIntegerField(_("尼斯分类"))
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.ORDINARY)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    registered_on = models.DateField(_("注册日期"), null=True, blank=True)
    expires_on = models.DateField(_("专用权期限至"), null=True, blank=True)

    class Meta:
        verbose_name = _("商标")
        verbose_name_plural = _("商标")
        ordering = ["mark"]

    def __str__(self) -> str:
        return f"{self.mark}（{self.registration_number}）"


class Patent(Recorded):
    class Kind(models.TextChoices):
        INVENTION = "invention", _("发明")
        UTILITY = "utility", _("实用新型")
        DESIGN = "design", _("外观设计")

    class Status(models.TextChoices):
        PENDING = "pending", _("申请中")
        GRANTED = "granted", _("有效")
        LAPSED = "lapsed", _("失效")

    class Transfer(models.TextChoices):
        NONE = "", _("未转化")
        LICENSED = "licensed", _("许可")
        TRANSFERRED = "transferred", _("转让")

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("专利权人"),
        on_delete=models.CASCADE,
        related_name="patent_records",
    )
    number = models.CharField(_("专利号"), max_length=40, unique=True)
    title = models.CharField(_("专利名称"), max_length=200)
    kind = models.CharField(_("专利类型"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.GRANTED
    )
    granted_on = models.DateField(_("授权日期"), null=True, blank=True)
    high_value = models.BooleanField(_("高价值专利"), default=False)
    transfer = models.CharField(
        _("转化方式"), max_length=12, choices=Transfer.choices, default=Transfer.NONE, blank=True
    )

    class Meta:
        verbose_name = _("专利")
        verbose_name_plural = _("专利")
        ordering = ["-granted_on", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class GIProduct(Recorded):
    """A geographical indication product (地理标志产品), e.g. 清徐老陈醋."""

    code = models.CharField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("产品名称"), max_length=100, unique=True)
    protected_regions = models.ManyToManyField(
        "registry.Region", verbose_name=_("保护范围"), related_name="+"
    )
    standard = models.ForeignKey(
        Standard,
        verbose_name=_("产品标准"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="gi_products",
    )
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("地理标志产品")
        verbose_name_plural = _("地理标志产品")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GIAuthorisation(Recorded):
    """An enterprise authorised to use a GI product's name and mark."""

    product = models.ForeignKey(
        GIProduct, verbose_name=_("地理标志产品"), on_delete=models.CASCADE, related_name="users"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("授权使用企业"),
        on_delete=models.CASCADE,
        related_name="gi_authorisations",
    )
    authorised_on = models.DateField(_("授权日期"))
    expires_on = models.DateField(_("授权期限至"), null=True, blank=True)

    class Meta:
        verbose_name = _("地理标志授权使用")
        verbose_name_plural = _("地理标志授权使用")
        ordering = ["product", "enterprise"]
        constraints = [
            models.UniqueConstraint(fields=["product", "enterprise"], name="nqi_gi_user_unique")
        ]

    def __str__(self) -> str:
        return f"{self.product} · {self.enterprise}"

    def is_valid_on(self, day: dt.date) -> bool:
        return (
            self.archived_at is None
            and self.authorised_on <= day
            and (self.expires_on is None or day <= self.expires_on)
        )


class Brand(Recorded):
    """One cell of the brand matrix: regional public brand → enterprise brand → product brand."""

    class Level(models.TextChoices):
        REGIONAL = "regional", _("区域公用品牌")
        ENTERPRISE = "enterprise", _("企业品牌")
        PRODUCT = "product", _("产品品牌")

    name = models.CharField(_("品牌名称"), max_length=120)
    level = models.CharField(_("品牌层级"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级品牌"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="brands",
    )
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+"
    )
    premium_on = models.DateField(_("“山西精品”认定日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("品牌")
        verbose_name_plural = _("品牌")
        ordering = ["level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "level"], name="nqi_brand_unique"),
        ]

    def __str__(self) -> str:
        return self.name
