"""Writes of key projects, milestones, indicators, the loss ledger and programmes (audited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from qstrong.core.models import AuditEvent
from qstrong.core.services import audit_record, diff_fields
from qstrong.quality.models import (
    Enrolment,
    Indicator,
    KeyProject,
    Milestone,
    Problem,
    Programme,
    QualityLoss,
)
from qstrong.quality.permissions import can_record_for_region
from qstrong.quality.statemachine import TransitionRefused
from qstrong.registry.models import Chain, Enterprise, Region, Town


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "pk", None) else None


def _require(actor: Any, region_id: str, what: str) -> None:
    # actor None: the demo loader and management commands, which run as the system.
    if actor is not None and not can_record_for_region(actor, region_id):
        raise TransitionRefused(
            _("您不能记录%(what)s：仅限该区域的市场监管局工作人员。") % {"what": what}
        )


def _snapshot(obj: models.Model, fields: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def _save(
    *, obj: models.Model, data: Mapping[str, Any], actor: Any, object_type: str
) -> models.Model:
    """Set fields, validate, save and audit one record; the caller checked the permission."""
    created = obj._state.adding
    before = {} if created else _snapshot(obj, list(data))
    for name, value in data.items():
        setattr(obj, name, value)
    if created:
        obj.created_by = _user(actor)  # type: ignore[attr-defined]
    obj.updated_by = _user(actor)  # type: ignore[attr-defined]
    obj.full_clean(exclude=["created_by", "updated_by"])
    obj.save()
    changes = diff_fields(before, _snapshot(obj, list(data)))
    if created or changes:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            object_type=object_type,
            object_id=str(obj.pk),
            object_repr=str(obj),
            changes=changes,
        )
    return obj


@transaction.atomic
def key_project_save(
    *,
    actor: Any,
    data: Mapping[str, Any],
    partners: Sequence[Enterprise] | None = None,
    problems: Sequence[Problem] | None = None,
    project: KeyProject | None = None,
) -> KeyProject:
    """Create or update a key project; the lead enterprise's region decides who may."""
    project = project or KeyProject()
    lead = data.get("lead_enterprise") or project.lead_enterprise
    _require(actor, lead.region_id, _("重点攻关项目"))
    _save(obj=project, data=data, actor=actor, object_type="quality.keyproject")
    if partners is not None:
        project.partner_enterprises.set([e for e in partners if e.pk != lead.pk])
    if problems is not None:
        project.problems.set(problems)
    return project


def _owner_region(owner: KeyProject | Programme) -> str:
    if isinstance(owner, KeyProject):
        return owner.lead_enterprise.region_id
    return owner.region_id


@transaction.atomic
def milestone_save(
    *,
    actor: Any,
    owner: KeyProject | Programme,
    data: Mapping[str, Any],
    milestone: Milestone | None = None,
) -> Milestone:
    _require(actor, _owner_region(owner), _("里程碑"))
    milestone = milestone or Milestone()
    if isinstance(owner, KeyProject):
        milestone.key_project = owner
    else:
        milestone.programme = owner
    values = dict(data)
    if values.get("done_on"):
        values["state"] = Milestone.State.DONE
    _save(obj=milestone, data=values, actor=actor, object_type="quality.milestone")
    return milestone


@transaction.atomic
def milestone_complete(*, actor: Any, milestone: Milestone, done_on: dt.date) -> Milestone:
    owner = milestone.key_project or milestone.programme
    assert owner is not None
    return milestone_save(
        actor=actor,
        owner=owner,
        milestone=milestone,
        data={"done_on": done_on, "state": Milestone.State.DONE},
    )


@transaction.atomic
def indicator_save(
    *,
    actor: Any,
    project: KeyProject,
    data: Mapping[str, Any],
    indicator: Indicator | None = None,
) -> Indicator:
    _require(actor, project.lead_enterprise.region_id, _("成效指标"))
    indicator = indicator or Indicator(key_project=project)
    _save(obj=indicator, data=data, actor=actor, object_type="quality.indicator")
    return indicator


@transaction.atomic
def quality_loss_save(
    *,
    actor: Any,
    data: Mapping[str, Any],
    problem: Problem | None = None,
    key_project: KeyProject | None = None,
    loss: QualityLoss | None = None,
) -> QualityLoss:
    """Record one year of loss for a problem or a key project; savings are computed, not typed."""
    loss = loss or QualityLoss(problem=problem, key_project=key_project)
    subject = loss.problem or loss.key_project
    if subject is None:
        raise ValidationError(_("质量损失须对应一个质量问题或重点攻关项目。"))
    region = (
        subject.region_id if isinstance(subject, Problem) else subject.lead_enterprise.region_id
    )
    _require(actor, region, _("质量损失"))
    _save(obj=loss, data=data, actor=actor, object_type="quality.qualityloss")
    return loss


@transaction.atomic
def programme_save(
    *, actor: Any, data: Mapping[str, Any], programme: Programme | None = None
) -> Programme:
    programme = programme or Programme()
    region_id = str(getattr(data.get("region"), "pk", "") or data.get("region_id") or "")
    _require(actor, region_id or programme.region_id, _("专项行动"))
    _save(obj=programme, data=data, actor=actor, object_type="quality.programme")
    return programme


@transaction.atomic
def programme_enrol(
    *, actor: Any, programme: Programme, subject: Any, note: str = "", enrolled_on: Any = None
) -> Enrolment:
    """Enrol an enterprise, chain, town or county (a Region) once; returns the enrolment."""
    _require(actor, programme.region_id, _("行动对象"))
    kinds: dict[type, str] = {
        Enterprise: Enrolment.Kind.ENTERPRISE,
        Chain: Enrolment.Kind.CHAIN,
        Town: Enrolment.Kind.TOWN,
        Region: Enrolment.Kind.COUNTY,
    }
    kind = kinds[type(subject)]
    enrolment, created = Enrolment.objects.get_or_create(
        programme=programme,
        kind=kind,
        **{kind: subject},
        defaults={"note": note, "enrolled_on": enrolled_on, "created_by": _user(actor)},
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            object_type="quality.enrolment",
            object_id=str(enrolment.pk),
            object_repr=str(enrolment)[:255],
        )
    return enrolment
