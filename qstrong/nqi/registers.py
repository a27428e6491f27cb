"""Each register's file format: columns with Chinese and English headers, how a cell is read,
the record's natural key, and how a record is written back (export ⇄ import round trip)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

from qstrong.nqi import selectors
from qstrong.nqi.models import (
    Brand,
    Certificate,
    CertificateStatus,
    GIAuthorisation,
    GIProduct,
    Instrument,
    Patent,
    Provider,
    ProviderService,
    ServiceCategory,
    Standard,
    StandardParticipation,
    Trademark,
)
from qstrong.registry.models import Enterprise, Industry, Region
from qstrong.registry.selectors import enterprises_editable


class CellError(ValueError):
    """A cell that cannot be read; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Column:
    key: str  # the model field (or "enterprise" for the holder's USCC)
    zh: str
    en: str
    read: Callable[[str, Any], Any]
    write: Callable[[Any], str]
    required: bool = False


def _text(max_length: int) -> Callable[[str, Any], Any]:
    def read(raw: str, _ctx: Any) -> str:
        if len(raw) > max_length:
            raise CellError(f"超过 {max_length} 个字符")
        return raw

    return read


def _date(raw: str, _ctx: Any) -> dt.date | None:
    if not raw:
        return None
    text = raw.strip().split(" ")[0]
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
    if not match:
        raise CellError("无法识别的日期（应为 2024-06-30）")
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError as exc:
        raise CellError("不存在的日期") from exc


def _int(low: int, high: int) -> Callable[[str, Any], Any]:
    def read(raw: str, _ctx: Any) -> int | None:
        if not raw:
            return None
        try:
            number = float(raw)
        except ValueError as exc:
            raise CellError("应为整数") from exc
        if not number.is_integer() or not low <= number <= high:
            raise CellError(f"应为 {low}–{high} 的整数")
        return int(number)

    return read


def _choice(choices: Any) -> Callable[[str, Any], Any]:
    by_text = {}
    for value, label in choices:
        by_text[str(value).lower()] = value
        by_text[str(label).lower()] = value

    def read(raw: str, _ctx: Any) -> str:
        found = by_text.get(raw.lower())
        if found is None:
            allowed = "、".join(str(label) for value, label in choices if value)
            raise CellError(f"应为以下之一：{allowed}")
        return str(found)

    return read


def _bool(raw: str, _ctx: Any) -> bool:
    if raw.lower() in {"是", "yes", "true", "1", "y", "✓"}:
        return True
    if raw.lower() in {"", "否", "no", "false", "0", "n"}:
        return False
    raise CellError("应为“是”或“否”")


def _enterprise(raw: str, ctx: Any) -> Enterprise:
    found = ctx["enterprises"](raw.upper())
    if found is None:
        raise CellError("辖区内没有这个统一社会信用代码的企业")
    return found


def _region(raw: str, _ctx: Any) -> Region:
    found = Region.objects.filter(code=raw).first()
    if found is None:
        raise CellError("不存在的行政区划代码")
    return found


def _industry(raw: str, _ctx: Any) -> Industry | None:
    if not raw:
        return None
    found = Industry.objects.filter(code=raw.upper()).first()
    if found is None:
        raise CellError("不存在的行业代码")
    return found


def _provider(raw: str, ctx: Any) -> Provider:
    found = ctx["providers"](raw)
    if found is None:
        raise CellError("本辖区没有这个机构代码的服务机构")
    return found


def _by_code(model: type[Model], field: str) -> Callable[[str, Any], Any]:
    def read(raw: str, _ctx: Any) -> Any:
        if not raw:
            return None
        found = model._default_manager.filter(**{field: raw}).first()
        if found is None:
            raise CellError(f"没有这个{model._meta.verbose_name}")
        return found

    return read


def _s(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _uscc(value: Any) -> str:
    return value.uscc if value is not None else ""


def _code(value: Any) -> str:
    return "" if value is None else str(value.pk if not hasattr(value, "code") else value.code)


def _label(choices: Any) -> Callable[[Any], str]:
    labels = dict(choices)
    return lambda value: str(labels.get(value, value or ""))


@dataclass(frozen=True)
class Register:
    name: str
    zh: str
    model: type[Model]
    key: tuple[str, ...]  # natural key fields (by their column keys)
    columns: tuple[Column, ...]
    rows: Callable[[Any], QuerySet[Any]]  # what the user may export
    enterprise_owned: bool = True
    # The records the user may change; a row whose key names another record is refused.
    editable: Callable[[Any], QuerySet[Any]] | None = None

    def header(self, language: str = "zh-hans") -> list[str]:
        english = language.startswith("en")
        return [column.en if english else column.zh for column in self.columns]


def _holder(zh: str = "统一社会信用代码") -> Column:
    return Column("enterprise", zh, "uscc", _enterprise, _uscc, required=True)


def _origin() -> Column:

    return Column("origin_note", "来源说明", "origin_note", _text(255), _s)


REGISTERS: dict[str, Register] = {
    r.name: r
    for r in (
        Register(
            "certificates",
            "认证证书",
            Certificate,
            ("scheme", "number"),
            (
                _holder(),
                Column("scheme", "认证项目", "scheme", _text(30), _s, required=True),
                Column("number", "证书编号", "number", _text(80), _s, required=True),
                Column("body", "认证机构", "body", _text(200), _s),
                Column("issued_on", "发证日期", "issued_on", _date, _s, required=True),
                Column("expires_on", "有效期至", "expires_on", _date, _s, required=True),
                Column(
                    "status",
                    "状态",
                    "status",
                    _choice(CertificateStatus.choices),
                    _label(CertificateStatus.choices),
                    required=True,
                ),
                _origin(),
            ),
            lambda user: selectors.certificates_visible(user=user).order_by("pk"),
        ),
        Register(
            "instruments",
            "强制检定计量器具",
            Instrument,
            ("enterprise", "serial_number"),
            (
                _holder(),
                Column("name", "器具名称", "name", _text(120), _s, required=True),
                Column("serial_number", "编号", "serial_number", _text(80), _s, required=True),
                Column(
                    "interval_months",
                    "检定周期（月）",
                    "interval_months",
                    _int(1, 120),
                    _s,
                    required=True,
                ),
                Column("last_verified_on", "上次检定日期", "last_verified_on", _date, _s),
                Column("next_due_on", "下次检定日期", "next_due_on", _date, _s, required=True),
                Column("institute", "检定机构", "institute", _text(200), _s),
                _origin(),
            ),
            lambda user: selectors.instruments_visible(user=user).order_by("pk"),
        ),
        Register(
            "trademarks",
            "商标",
            Trademark,
            ("registration_number",),
            (
                _holder("注册人统一社会信用代码"),
                Column(
                    "registration_number",
                    "注册号",
                    "registration_number",
                    _text(40),
                    _s,
                    required=True,
                ),
                Column("mark", "商标名称", "mark", _text(120), _s, required=True),
                Column("nice_class", "尼斯分类", "nice_class", _int(1, 45), _s, required=True),
                Column(
                    "kind",
                    "类型",
                    "kind",
                    _choice(Trademark.Kind.choices),
                    _label(Trademark.Kind.choices),
                    required=True,
                ),
                Column(
                    "status",
                    "状态",
                    "status",
                    _choice(Trademark.Status.choices),
                    _label(Trademark.Status.choices),
                    required=True,
                ),
                Column("registered_on", "注册日期", "registered_on", _date, _s),
                Column("expires_on", "专用权期限至", "expires_on", _date, _s),
                _origin(),
            ),
            lambda user: selectors.trademarks_visible(user=user).order_by("pk"),
        ),
        Register(
            "patents",
            "专利",
            Patent,
            ("number",),
            (
                _holder("专利权人统一社会信用代码"),
                Column("number", "专利号", "number", _text(40), _s, required=True),
                Column("title", "专利名称", "title", _text(200), _s, required=True),
                Column(
                    "kind",
                    "专利类型",
                    "kind",
                    _choice(Patent.Kind.choices),
                    _label(Patent.Kind.choices),
                    required=True,
                ),
                Column(
                    "status",
                    "状态",
                    "status",
                    _choice(Patent.Status.choices),
                    _label(Patent.Status.choices),
                    required=True,
                ),
                Column("granted_on", "授权日期", "granted_on", _date, _s),
                Column("high_value", "高价值专利", "high_value", _bool, _s),
                Column(
                    "transfer",
                    "转化方式",
                    "transfer",
                    _choice(Patent.Transfer.choices),
                    _label(Patent.Transfer.choices),
                ),
                _origin(),
            ),
            lambda user: selectors.patents_visible(user=user).order_by("pk"),
        ),
        Register(
            "gi_authorisations",
            "地理标志授权使用",
            GIAuthorisation,
            ("product", "enterprise"),
            (
                _holder(),
                Column(
                    "product",
                    "地理标志产品代码",
                    "gi_product",
                    _by_code(GIProduct, "code"),
                    _code,
                    required=True,
                ),
                Column("authorised_on", "授权日期", "authorised_on", _date, _s, required=True),
                Column("expires_on", "授权期限至", "expires_on", _date, _s),
                _origin(),
            ),
            lambda user: selectors.gi_authorisations_visible(user=user).order_by("pk"),
        ),
        Register(
            "brands",
            "企业与产品品牌",
            Brand,
            ("name", "level"),
            (
                _holder(),
                Column("name", "品牌名称", "name", _text(120), _s, required=True),
                Column(
                    "level",
                    "品牌层级",
                    "level",
                    _choice(Brand.Level.choices),
                    _label(Brand.Level.choices),
                    required=True,
                ),
                Column("region", "地区代码", "region", _region, _code, required=True),
                Column("premium_on", "山西精品认定日期", "premium_on", _date, _s),
                _origin(),
            ),
            lambda user: selectors.enterprise_brands_visible(user=user).order_by("pk"),
        ),
        Register(
            "standards",
            "标准",
            Standard,
            ("number",),
            (
                Column("number", "标准编号", "number", _text(60), _s, required=True),
                Column("title", "标准名称", "title", _text(200), _s, required=True),
                Column(
                    "level",
                    "标准层级",
                    "level",
                    _choice(Standard.Level.choices),
                    _label(Standard.Level.choices),
                    required=True,
                ),
                Column(
                    "status",
                    "状态",
                    "status",
                    _choice(Standard.Status.choices),
                    _label(Standard.Status.choices),
                    required=True,
                ),
                Column("issuing_body", "发布机构", "issuing_body", _text(200), _s),
                Column("published_on", "发布日期", "published_on", _date, _s),
                _origin(),
            ),
            lambda user: selectors.standards_public(user=user).order_by("pk"),
            enterprise_owned=False,
            editable=lambda user: selectors.standards_editable(user=user),
        ),
        Register(
            "providers",
            "服务机构",
            Provider,
            ("code",),
            (
                Column("code", "机构代码", "code", _text(40), _s, required=True),
                Column("name", "机构名称", "name", _text(200), _s, required=True),
                Column(
                    "kind",
                    "类别",
                    "kind",
                    _choice(Provider.Kind.choices),
                    _label(Provider.Kind.choices),
                    required=True,
                ),
                Column("region", "地区代码", "region", _region, _code, required=True),
                Column("cma_number", "CMA", "cma_number", _text(40), _s),
                Column("cnas_number", "CNAS", "cnas_number", _text(40), _s),
                Column("contact_name", "联系人", "contact_name", _text(100), _s),
                Column("contact_phone", "联系电话", "contact_phone", _text(50), _s),
                _origin(),
            ),
            lambda user: selectors.providers_public(user=user).order_by("pk"),
            enterprise_owned=False,
            editable=lambda user: selectors.providers_editable(user=user),
        ),
        Register(
            "services",
            "服务目录",
            ProviderService,
            ("provider", "category", "industry", "description"),
            (
                Column("provider", "机构代码", "provider_code", _provider, _code, required=True),
                Column(
                    "category",
                    "服务类别",
                    "category",
                    _choice(ServiceCategory.choices),
                    _label(ServiceCategory.choices),
                    required=True,
                ),
                Column("industry", "行业代码", "industry", _industry, _code, required=True),
                Column("description", "服务内容", "description", _text(200), _s, required=True),
            ),
            lambda user: selectors.services_public(user=user).order_by("pk"),
            enterprise_owned=False,
        ),
        Register(
            "participations",
            "标准制定参与",
            StandardParticipation,
            ("standard", "enterprise"),
            (
                _holder(),
                Column(
                    "standard",
                    "标准编号",
                    "standard_number",
                    _by_code(Standard, "number"),
                    lambda value: value.number if value is not None else "",
                    required=True,
                ),
                Column(
                    "role",
                    "角色",
                    "role",
                    _choice(StandardParticipation.Role.choices),
                    _label(StandardParticipation.Role.choices),
                    required=True,
                ),
            ),
            lambda user: selectors.participations_visible(user=user).order_by("pk"),
        ),
    )
}


def register_editable(register: Register, user: Any) -> QuerySet[Any] | None:
    """The register's records the user may change by import (None: the key alone decides)."""
    if register.editable is not None:
        return register.editable(user)
    if register.enterprise_owned:
        return selectors.enterprise_records_editable(user=user, model=register.model)
    return None


def register_rows(register: Register, user: Any) -> list[list[str]]:
    return [
        [column.write(getattr(record, column.key)) for column in register.columns]
        for record in register.rows(user)
    ]


def provider_lookup(user: Any) -> Callable[[str], Provider | None]:
    editable = selectors.providers_editable(user=user).filter(archived_at__isnull=True)
    return lambda code: editable.filter(code=code).first()


def enterprise_lookup(user: Any) -> Callable[[str], Enterprise | None]:
    editable = enterprises_editable(user=user).filter(archived_at__isnull=True)
    cache: dict[str, Enterprise | None] = {}

    def find(uscc: str) -> Enterprise | None:
        if uscc not in cache:
            cache[uscc] = editable.filter(uscc=uscc).first()
        return cache[uscc]

    return find
