"""Writes: an enterprise submits a change request with evidence; an officer approves or rejects.

Until a request is approved nothing in the registry changes. Approval writes through the
registry's own service (scoped to the officer, audited, re-matched after the commit); the
request's events and the change history name both the enterprise user and the officer.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qstrong.accounts.jurisdiction import OFFICER_ROLES, jurisdiction_of
from qstrong.accounts.models import Role
from qstrong.accounts.permissions import ENTERPRISE_REQUEST_FIELDS
from qstrong.changes.models import ChangeRequest, ChangeRequestEvent, EvidenceFile
from qstrong.changes.uploads import EVIDENCE_MAX_FILES, evidence_check
from qstrong.core.models import AuditEvent
from qstrong.core.services import audit_record, diff_fields, jsonable
from qstrong.registry import services as registry_services
from qstrong.registry.models import Enterprise

CHANGE_REQUEST_TYPE = "changes.changerequest"
State = ChangeRequest.State


def field_label(field: str) -> str:
    model_field = cast(models.Field[Any, Any], Enterprise._meta.get_field(field))
    return str(model_field.verbose_name)


def can_decide(user: Any, enterprise: Enterprise) -> bool:
    """Officers (and the system administrator) whose jurisdiction covers the enterprise's region."""
    jurisdiction = jurisdiction_of(user)
    if not jurisdiction.can_write or jurisdiction.enterprise_id is not None:
        return False
    if not (user.is_superuser or user.role in OFFICER_ROLES or user.role == Role.ADMIN):
        return False
    return jurisdiction.covers_region(enterprise.region_id)


def _event(request: ChangeRequest, *, actor: Any, from_state: str, comment: str = "") -> None:
    ChangeRequestEvent.objects.create(
        change_request=request,
        actor=actor,
        from_state=from_state,
        to_state=request.state,
        comment=comment[:500],
    )


def _checked_changes(enterprise: Enterprise, data: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [now, asked]} for the fields that differ, each value checked as the model does."""
    refused = sorted(set(data) - ENTERPRISE_REQUEST_FIELDS)
    if refused:
        raise ValidationError(
            _("变更申请不能包含这些字段：%(fields)s") % {"fields": ", ".join(refused)},
            code="field",
        )
    trial = copy.copy(enterprise)
    for field, value in data.items():
        setattr(trial, field, value)
    trial.full_clean(exclude=["created_by", "updated_by", "uscc"], validate_unique=False)
    before = {field: getattr(enterprise, field) for field in data}
    changes = diff_fields(before, dict(data))
    if not changes:
        raise ValidationError(_("填写的内容与现有信息相同，没有需要变更的内容。"), code="same")
    return changes


@transaction.atomic
def change_request_submit(
    *,
    enterprise: Enterprise,
    data: Mapping[str, Any],
    files: Sequence[Any],
    actor: Any,
    note: str = "",
) -> ChangeRequest:
    """The enterprise user asks for new values with 1–5 evidence files; nothing changes yet."""
    if jurisdiction_of(actor).enterprise_id != enterprise.pk:
        raise PermissionDenied("only the enterprise's own users submit change requests")
    if enterprise.archived_at is not None:
        raise ValidationError(_("已归档的企业不能提交变更申请。"), code="archived")
    Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()
    if ChangeRequest.objects.filter(enterprise=enterprise, state=State.PENDING).exists():
        raise ValidationError(
            _("已有一份待审核的变更申请，请等待主管部门审核后再提交。"), code="pending"
        )
    changes = _checked_changes(enterprise, data)
    if not files:
        raise ValidationError(
            _("请上传佐证材料（证书扫描件、报告等），至少一个文件。"), code="evidence"
        )
    if len(files) > EVIDENCE_MAX_FILES:
        raise ValidationError(
            _("佐证材料最多 %(count)s 个文件。") % {"count": EVIDENCE_MAX_FILES}, code="evidence"
        )
    checked = [(upload, *evidence_check(upload)) for upload in files]
    request = ChangeRequest.objects.create(
        enterprise=enterprise, requested_by=actor, changes=changes, note=note.strip()[:500]
    )
    for upload, content_type, sha256 in checked:
        evidence = EvidenceFile(
            change_request=request,
            name=str(upload.name)[-200:],
            content_type=content_type,
            size=upload.size,
            sha256=sha256,
        )
        evidence.file.save(str(upload.name)[-100:], upload, save=False)
        evidence.save()
    _event(request, actor=actor, from_state="", comment=request.note)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        object_type=CHANGE_REQUEST_TYPE,
        object_id=str(request.pk),
        object_repr=enterprise.name,
        changes=changes,
    )
    return request


def decided_message(request: ChangeRequest) -> str:
    return _("这份变更申请已是“%(state)s”，不能再审核。") % {"state": request.get_state_display()}


def _pending_for_decision(request: ChangeRequest, actor: Any) -> ChangeRequest:
    locked = (
        ChangeRequest.objects.select_for_update().select_related("enterprise").get(pk=request.pk)
    )
    if not can_decide(actor, locked.enterprise):
        raise PermissionDenied("outside the officer's jurisdiction")
    if locked.state != State.PENDING:
        raise ValidationError(decided_message(locked), code="decided")
    return locked


def _model_value(field: str, value: Any) -> Any:
    return cast(models.Field[Any, Any], Enterprise._meta.get_field(field)).to_python(value)


@transaction.atomic
def change_request_approve(*, change_request: ChangeRequest, actor: Any) -> ChangeRequest:
    """Carry the asked values into the registry (its service audits and re-matches)."""
    request = _pending_for_decision(change_request, actor)
    data = {field: _model_value(field, pair[1]) for field, pair in request.changes.items()}
    requester = request.requested_by
    note = _("变更申请 #%(id)s：%(user)s 申请，%(officer)s 审核通过") % {
        "id": request.pk,
        "user": requester.username,
        "officer": actor.username,
    }
    registry_services.enterprise_upsert(
        uscc=request.enterprise.uscc, data=data, actor=actor, note=note
    )
    request.state = State.APPROVED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save(update_fields=["state", "decided_by", "decided_at"])
    _event(request, actor=actor, from_state=State.PENDING)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        object_type=CHANGE_REQUEST_TYPE,
        object_id=str(request.pk),
        object_repr=request.enterprise.name,
        changes={"state": [State.PENDING, State.APPROVED]},
        note=note,
    )
    return request


@transaction.atomic
def change_request_reject(
    *, change_request: ChangeRequest, actor: Any, reason: str
) -> ChangeRequest:
    """Refuse with a reason the enterprise reads in its portal; the registry stays as it was."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("请填写未通过的原因。")]})
    request = _pending_for_decision(change_request, actor)
    request.state = State.REJECTED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.reason = reason[:500]
    request.save(update_fields=["state", "decided_by", "decided_at", "reason"])
    _event(request, actor=actor, from_state=State.PENDING, comment=request.reason)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        object_type=CHANGE_REQUEST_TYPE,
        object_id=str(request.pk),
        object_repr=request.enterprise.name,
        changes={"state": [State.PENDING, State.REJECTED]},
        note=request.reason[:255],
    )
    return request


def value_text(value: Any) -> str:
    """A stored value as a person reads it: lists joined, nothing recorded as “—”."""
    value = jsonable(value)
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) if value else _("无")
    return str(value)
