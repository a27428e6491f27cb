"""How enterprise records and their history read on a page: labels, "未记录", masked phones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qstrong.core.models import AuditEvent
from qstrong.registry.forms import CERTIFICATION_LABELS, TAG_LABELS
from qstrong.registry.models import (
    Chain,
    ChainRole,
    Enterprise,
    Industry,
    Region,
    Scale,
    Source,
    Town,
)
from qstrong.registry.presentation import mask_phone

UNKNOWN = gettext_lazy("未记录")

# Audit-trail keys that are not model fields, and the one that is named differently.
EXTRA_LABELS = {
    "chains": gettext_lazy("产业链"),
    "towns": gettext_lazy("专业镇"),
    "scale_derived": gettext_lazy("规模由系统测算"),
    "archived_at": gettext_lazy("归档时间"),
}
SOURCE_BADGES = {Source.SYNTHETIC, Source.ARTICLE, Source.PLACEHOLDER}


@dataclass(frozen=True)
class Row:
    label: Any
    value: Any
    known: bool = True
    mono: bool = False
    note: str = ""


def _number(value: Any) -> str:
    if isinstance(value, Decimal) and value == value.to_integral():
        value = int(value)
    return number_format(value, force_grouping=True)


def list_display(values: Iterable[str] | None, labels: dict[str, Any]) -> str | None:
    """None → not recorded; [] → 无; known keys by their labels, others as written."""
    if values is None:
        return None
    items = [str(labels.get(value, value)) for value in values]
    return "、".join(items) if items else _("无")


def region_display(region: Region | None) -> str:
    if region is None:
        return ""
    parent = region.parent
    if parent is not None and parent.level == Region.Level.CITY:
        return f"{region.name}（{parent.name}）"
    return region.name


def profile_rows(enterprise: Enterprise, *, phone_visible: bool) -> list[Row]:
    """Every profile field, in IMPORT.md order; empty ones say 未记录."""
    e = enterprise
    scale_note = _("系统按国家标准测算") if e.scale and e.scale_derived else ""
    phone = e.contact_phone if phone_visible else mask_phone(e.contact_phone)
    values: list[tuple[Any, Any, bool, str]] = [
        (_("统一社会信用代码"), e.uscc, True, ""),
        (_("企业名称"), e.name, False, ""),
        (_("所在地区"), f"{region_display(e.region)} · {e.region_id}", False, ""),
        (_("行业"), f"{e.industry.code} {e.industry.name}" if e.industry else None, False, ""),
        (
            _("成立日期"),
            date_format(e.established, "DATE_FORMAT") if e.established else None,
            False,
            "",
        ),
        (_("从业人员"), _number(e.employees) if e.employees is not None else None, False, ""),
        (_("营业收入（万元）"), _number(e.revenue) if e.revenue is not None else None, False, ""),
        (
            _("注册资本（万元）"),
            _number(e.registered_capital) if e.registered_capital is not None else None,
            False,
            "",
        ),
        (_("企业规模"), e.get_scale_display() if e.scale else None, False, scale_note),
        (_("认证"), list_display(e.certifications, CERTIFICATION_LABELS), False, ""),
        (_("标签"), list_display(e.tags, TAG_LABELS), False, ""),
        (_("主导制定标准数"), e.standards_led, False, ""),
        (_("有效发明专利数"), e.patents, False, ""),
        (_("信用等级"), e.credit_rating or None, False, ""),
        (_("联系人"), e.contact_name or None, False, ""),
        (_("联系电话"), phone or None, False, "" if phone_visible or not phone else _("已脱敏")),
        (
            _("数据来源"),
            e.get_source_display(),
            False,
            "" if e.source_note == e.get_source_display() else e.source_note,
        ),
    ]
    return [
        Row(
            label=label,
            value=value if value not in (None, "") else UNKNOWN,
            known=value not in (None, ""),
            mono=mono,
            note=note,
        )
        for label, value, mono, note in values
    ]


def field_label(key: str) -> str:
    if key in EXTRA_LABELS:
        return str(EXTRA_LABELS[key])
    name = key.removesuffix("_id")
    try:
        return str(getattr(Enterprise._meta.get_field(name), "verbose_name", key))
    except FieldDoesNotExist:
        return key


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    event: AuditEvent
    changes: list[Change]


def _codes(value: Any) -> list[str]:
    """The codes in an audit value: "140121", or memberships like ["rail_transit:leader"]."""
    values = value if isinstance(value, list) else [value]
    return [str(v).partition(":")[0] for v in values if v]


class _Names:
    """Names for the region, industry, chain and town codes an event list mentions."""

    MODELS = {"region_id": Region, "industry_id": Industry, "chains": Chain, "towns": Town}

    def __init__(self, events: list[AuditEvent]) -> None:
        codes: dict[str, set[str]] = {key: set() for key in self.MODELS}
        for event in events:
            for key, pair in (event.changes or {}).items():
                if key in codes and isinstance(pair, list):
                    for value in pair:
                        codes[key].update(_codes(value))
        self.names: dict[str, dict[str, str]] = {
            key: dict(
                model._default_manager.filter(code__in=codes[key]).values_list("code", "name")
            )
            if codes[key]
            else {}
            for key, model in self.MODELS.items()
        }
        self.regions, self.industries = self.names["region_id"], self.names["industry_id"]

    def value(self, key: str, value: Any, *, phone_visible: bool) -> str:
        if value is None or value == "":
            return str(UNKNOWN)
        if key == "region_id":
            return f"{self.regions.get(value, '')} {value}".strip()
        if key == "industry_id":
            return f"{value} {self.industries.get(value, '')}".strip()
        if key.endswith("_at") and isinstance(value, str):
            return _datetime_text(value)
        if key == "contact_phone" and not phone_visible:
            return mask_phone(str(value))
        if key == "scale":
            return str(dict(Scale.choices).get(value, value))
        if key == "certifications":
            return list_display(value, CERTIFICATION_LABELS) or ""
        if key == "tags":
            return list_display(value, TAG_LABELS) or ""
        if key == "chains":
            return _memberships(value, dict(ChainRole.choices), self.names["chains"])
        if key == "towns":
            return _memberships(value, {"leading": _("龙头企业")}, self.names["towns"])
        if isinstance(value, bool):
            return _("是") if value else _("否")
        if isinstance(value, list):
            return "、".join(str(v) for v in value) if value else _("无")
        return str(value)


def _datetime_text(value: str) -> str:
    """An ISO timestamp from the audit trail in local time, to the minute."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "Y-m-d H:i")


def _memberships(values: Any, labels: dict[str, Any], names: dict[str, str]) -> str:
    """["modern_med:core@中成药与制剂"] → "现代医药（链核 · 中成药与制剂）".

    Chains are "code:role" or "code:role@segment" (services.chain_membership_text), towns
    "code" or "code:leading".
    """
    if not values:
        return _("无")
    shown = []
    for value in values:
        code, _sep, suffix = str(value).partition(":")
        suffix, _at, segment = suffix.partition("@")
        name = names.get(code, code)
        details = [str(labels.get(suffix, suffix))] if suffix else []
        if segment:
            details.append(segment)
        shown.append(f"{name}（{' · '.join(details)}）" if details else name)
    return "、".join(shown)


def history_entries(events: Iterable[AuditEvent], *, phone_visible: bool) -> list[HistoryEntry]:
    events = list(events)
    names = _Names(events)
    entries = []
    for event in events:
        changes = [
            Change(
                label=field_label(key),
                before=names.value(key, pair[0], phone_visible=phone_visible),
                after=names.value(key, pair[1], phone_visible=phone_visible),
            )
            for key, pair in (event.changes or {}).items()
            if isinstance(pair, list | tuple)
            and len(pair) == 2
            # A new record lists what it was created with, not the fields it left empty.
            and not (event.action == AuditEvent.Action.CREATE and pair[1] in (None, "", False))
        ]
        entries.append(HistoryEntry(event=event, changes=changes))
    return entries
