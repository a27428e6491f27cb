"""Writes of indicators, metrics and groups: validated, in a transaction, audited."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qstrong.core.models import AuditEvent
from qstrong.core.services import audit_record, diff_fields
from qstrong.insights.models import (
    Indicator,
    IndicatorSource,
    Metric,
    SubjectGroup,
    SubjectGroupMember,
)
from qstrong.insights.periods import Period, PeriodError, parse_period
from qstrong.insights.permissions import can_write_subject
from qstrong.insights.subjects import SubjectError, subject_resolve
from qstrong.insights.units import UnitError, unit_of

OBJECT_TYPE = "insights.indicator"
AUDITED = (
    "metric",
    "subject_kind",
    "subject_code",
    "year",
    "start_month",
    "end_month",
    "value",
    "unit",
    "source",
    "source_note",
    "note",
)
MAX_VALUE = Decimal("1e16")


@dataclass(frozen=True)
class IndicatorData:
    """One figure as typed in a form, a file row or an API call (already trimmed text/values)."""

    metric: str
    subject_kind: str
    subject_code: str
    period: str | Period
    value: Decimal | str
    unit: str = ""
    source: str = IndicatorSource.MANUAL
    source_note: str = ""
    note: str = ""


def indicator_validate(data: IndicatorData) -> dict[str, Any]:
    """Check every field, collecting all problems as {field: [messages]}."""
    errors: dict[str, list[str]] = {}
    fields: dict[str, Any] = {}
    metric = (
        Metric.objects.filter(code=data.metric).first()
        or Metric.objects.filter(name=data.metric).first()
    )
    if metric is None:
        errors["metric"] = [_("未知的指标“%(metric)s”") % {"metric": data.metric}]
    fields["metric"] = metric
    try:
        resolved = subject_resolve(kind=data.subject_kind, code=data.subject_code)
        fields["resolved"] = resolved
    except SubjectError as exc:
        errors["subject_code"] = [str(exc)]
    try:
        period = data.period if isinstance(data.period, Period) else parse_period(data.period)
        fields["period"] = period
    except PeriodError:
        errors["period"] = [
            _("无法识别的期间“%(text)s”（可写作 2024、2024年1—6月、2024年第二季度、2024年3月）")
            % {"text": data.period}
        ]
    try:
        value = Decimal(str(data.value).replace(",", "").strip())
        if not value.is_finite() or abs(value) >= MAX_VALUE:
            raise InvalidOperation
        if value != value.quantize(Decimal("0.0001")):
            errors["value"] = [_("数值最多保留 4 位小数")]
        fields["value"] = value
    except (InvalidOperation, ValueError):
        errors["value"] = [_("应为数字")]
    unit_text = data.unit or (metric.default_unit if metric else "")
    try:
        unit = unit_of(unit_text)
        fields["unit"] = unit
        if metric is not None and unit.kind != metric.unit_kind:
            errors["unit"] = [
                _("单位“%(unit)s”不适用于指标“%(metric)s”（应为%(kind)s单位，如 %(default)s）")
                % {
                    "unit": unit.code,
                    "metric": metric.name,
                    "kind": metric.get_unit_kind_display(),
                    "default": metric.default_unit,
                }
            ]
    except UnitError:
        errors["unit"] = [_("未知的单位“%(unit)s”") % {"unit": unit_text}]
    if data.source not in IndicatorSource.values:
        errors["source"] = [_("未知的数据来源“%(source)s”") % {"source": data.source}]
    if errors:
        raise ValidationError(errors)
    return fields


def indicator_save(
    *, data: IndicatorData, actor: Any, batch_id: int | None = None
) -> tuple[Indicator, str]:
    """Create the figure for (metric, subject, period), or update the current one.

    Returns the indicator and what happened: created, updated or unchanged.
    """
    fields = indicator_validate(data)
    resolved = fields["resolved"]
    _check(actor, resolved.kind, resolved.region_code)
    period: Period = fields["period"]
    unit = fields["unit"]
    values: dict[str, Any] = {
        "value": fields["value"],
        "unit": unit.code,
        "value_base": fields["value"] * unit.factor,
        "base_unit": unit.base,
        "source": data.source,
        "source_note": data.source_note.strip(),
        "note": data.note.strip(),
        **resolved.foreign_keys(),
    }
    key = {
        "metric": fields["metric"],
        "subject_kind": resolved.kind,
        "subject_code": resolved.code,
        "year": period.year,
        "start_month": period.start_month,
        "end_month": period.end_month,
    }
    with transaction.atomic():
        existing = (
            Indicator.objects.select_for_update().filter(archived_at__isnull=True, **key).first()
        )
        if existing is None:
            indicator = Indicator(**key, **values, created_by=_user(actor), updated_by=_user(actor))
            indicator.full_clean()
            indicator.save()
            _audit(actor, AuditEvent.Action.CREATE, indicator, {}, batch_id)
            return indicator, "created"
        before = _snapshot(existing)
        for name, value in values.items():
            setattr(existing, name, value)
        changes = diff_fields(before, _snapshot(existing))
        if not changes:
            return existing, "unchanged"
        existing.updated_by = _user(actor)
        existing.full_clean()
        existing.save()
        _audit(actor, AuditEvent.Action.UPDATE, existing, changes, batch_id)
        return existing, "updated"


def indicator_update(*, indicator: Indicator, data: IndicatorData, actor: Any) -> Indicator:
    """Edit a figure in place (its subject, metric or period may change too)."""
    fields = indicator_validate(data)
    resolved = fields["resolved"]
    for kind, region in (
        (indicator.subject_kind, _region_of(indicator)),
        (resolved.kind, resolved.region_code),
    ):
        _check(actor, kind, region)
    period: Period = fields["period"]
    unit = fields["unit"]
    with transaction.atomic():
        indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
        before = _snapshot(indicator)
        indicator.metric = fields["metric"]
        indicator.subject_kind, indicator.subject_code = resolved.kind, resolved.code
        for name, value in resolved.foreign_keys().items():
            setattr(indicator, name, value)
        indicator.year, indicator.start_month, indicator.end_month = (
            period.year,
            period.start_month,
            period.end_month,
        )
        indicator.value, indicator.unit = fields["value"], unit.code
        indicator.value_base, indicator.base_unit = fields["value"] * unit.factor, unit.base
        indicator.source = data.source
        indicator.source_note, indicator.note = data.source_note.strip(), data.note.strip()
        changes = diff_fields(before, _snapshot(indicator))
        if not changes:
            return indicator
        clash = Indicator.objects.filter(
            archived_at__isnull=True,
            metric=indicator.metric,
            subject_kind=indicator.subject_kind,
            subject_code=indicator.subject_code,
            year=period.year,
            start_month=period.start_month,
            end_month=period.end_month,
        ).exclude(pk=indicator.pk)
        if clash.exists():
            raise ValidationError(
                {"period": [_("该对象该期间已有此指标的数据，请直接修改那条记录")]}
            )
        indicator.updated_by = _user(actor)
        indicator.full_clean()
        indicator.save()
        _audit(actor, AuditEvent.Action.UPDATE, indicator, changes, None)
    return indicator


def indicator_archive(*, indicator: Indicator, actor: Any) -> Indicator:
    """Withdraw a figure; it stays as evidence and in the audit trail."""
    _check(actor, indicator.subject_kind, _region_of(indicator))
    with transaction.atomic():
        indicator.archived_at = timezone.now()
        indicator.updated_by = _user(actor)
        indicator.save(update_fields=["archived_at", "updated_by", "updated_at"])
        _audit(actor, AuditEvent.Action.ARCHIVE, indicator, {}, None)
    return indicator


def metric_create(
    *, code: str, name: str, unit_kind: str, default_unit: str, actor: Any, **extra: Any
) -> Metric:
    metric = Metric(code=code, name=name, unit_kind=unit_kind, default_unit=default_unit, **extra)
    metric.full_clean()
    try:
        unit = unit_of(default_unit)
    except UnitError as exc:
        raise ValidationError({"default_unit": [_("未知的单位")]}) from exc
    if unit.kind != unit_kind:
        raise ValidationError({"default_unit": [_("默认单位与计量类别不一致")]})
    with transaction.atomic():
        metric.save()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            object_type="insights.metric",
            object_id=metric.code,
            object_repr=metric.name,
        )
    return metric


def group_set_members(
    *, group: SubjectGroup, codes: list[str], actor: Any, notes: dict[str, str] | None = None
) -> bool:
    """Make the group's members exactly `codes`; True when something changed."""
    notes = notes or {}
    with transaction.atomic():
        current = set(group.members.values_list("subject_code", flat=True))
        wanted = set(codes)
        if current == wanted:
            return False
        group.members.filter(subject_code__in=current - wanted).delete()
        SubjectGroupMember.objects.bulk_create(
            SubjectGroupMember(group=group, subject_code=code, note=notes.get(code, ""))
            for code in codes
            if code not in current
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            object_type="insights.subjectgroup",
            object_id=group.code,
            object_repr=group.name,
            changes={"members": [sorted(current), sorted(wanted)]},
        )
    return True


def _check(actor: Any, kind: str, region_code: str) -> None:
    """`actor` None is the system itself (demo loader, command line); users are checked."""
    if actor is not None and not can_write_subject(actor, kind=kind, region_code=region_code):
        raise PermissionDenied


def _region_of(indicator: Indicator) -> str:
    if indicator.enterprise_id is not None:
        return indicator.enterprise.region_id if indicator.enterprise else ""
    if indicator.town_id is not None and indicator.town is not None:
        return indicator.town.county_id
    if indicator.subject_kind in {"city", "county"}:
        return indicator.subject_code
    return ""


def _snapshot(indicator: Indicator) -> dict[str, Any]:
    """Audited fields; decimals compared by value (130.86 and 130.8600 are the same figure)."""
    snapshot: dict[str, Any] = {"metric": indicator.metric_id}
    for name in AUDITED[1:]:
        value = getattr(indicator, name)
        if isinstance(value, Decimal):
            value = f"{value.normalize():f}"
        snapshot[name] = value
    return snapshot


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "pk", None) else None


def _audit(
    actor: Any, action: str, indicator: Indicator, changes: dict[str, Any], batch: int | None
) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=OBJECT_TYPE,
        object_id=str(indicator.pk),
        object_repr=str(indicator)[:255],
        changes=changes,
        note=f"indicator-import:{batch}" if batch else "",
    )
