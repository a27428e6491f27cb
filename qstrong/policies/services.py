"""Writes to policies: create, edit, dated rule versions, publish, withdraw, attachments, import.

Every write checks the actor's role, validates, runs in a transaction and records a PolicyEvent
(append-only) plus an audit event. A change that alters who is eligible (a new rule version,
publishing, new validity dates) queues a re-match of that policy alone after the commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from qstrong.core.models import AuditEvent
from qstrong.core.services import audit_record, diff_fields, jsonable
from qstrong.policies.models import Policy, PolicyAttachment, PolicyEvent, PolicyRule
from qstrong.policies.permissions import can_edit_policy

POLICY_TYPE = "policies.policy"

# The descriptive fields a form or an import may set (code only when creating).
POLICY_FIELDS: tuple[str, ...] = (
    "title",
    "issuer",
    "document_number",
    "category",
    "summary",
    "interpretation",
    "claim_who",
    "claim_conditions",
    "claim_deadline",
    "claim_where",
    "claim_contact",
    "effective_from",
    "effective_to",
    "delivery",
    "owner",
    "source_note",
)
# Changing these changes who is eligible on a date: a published policy is re-matched.
VALIDITY_FIELDS = frozenset({"effective_from", "effective_to"})

ATTACHMENT_MAX_BYTES: int = getattr(settings, "QSTRONG_POLICY_ATTACHMENT_MAX_BYTES", 20 << 20)
# Suffix → accepted leading bytes (None: any text-free binary is fine, e.g. OFD is a zip).
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0",)
ATTACHMENT_TYPES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".ofd": _ZIP,
    ".doc": _OLE,
    ".xls": _OLE,
    ".wps": _OLE,
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "pk", None) else None


def _check_can_edit(actor: Any, policy: Policy | None = None) -> None:
    """The CLI and the demo loader act without a user (actor None); people need the role."""
    if actor is not None and not can_edit_policy(actor, policy):
        raise PermissionDenied(_("只有省局规划人员和系统管理员可以编辑政策。"))


def policy_snapshot(policy: Policy) -> dict[str, Any]:
    snapshot = {name: getattr(policy, name) for name in POLICY_FIELDS if name != "owner"}
    snapshot["owner"] = policy.owner_id
    return {"code": policy.code, **snapshot}


def _event(
    *,
    policy: Policy,
    kind: str,
    actor: Any,
    data: Mapping[str, Any] | None = None,
    comment: str = "",
) -> PolicyEvent:
    return PolicyEvent.objects.create(
        policy=policy,
        kind=kind,
        actor=_user(actor),
        data={k: jsonable(v) for k, v in (data or {}).items()},
        comment=comment[:500],
    )


def _audit(
    *, policy: Policy, actor: Any, action: str, changes: Mapping[str, Any], note: str = ""
) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=POLICY_TYPE,
        object_id=str(policy.pk),
        object_repr=str(policy),
        changes=changes,
        note=note,
    )


def _apply_fields(policy: Policy, data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(POLICY_FIELDS)
    if unknown:
        raise ValidationError({name: _("不能修改此字段。") for name in sorted(unknown)})
    for name, value in data.items():
        if name == "owner":
            policy.owner_id = getattr(value, "pk", value)
        else:
            setattr(policy, name, "" if value is None and _is_text(name) else value)


def _is_text(name: str) -> bool:
    field = Policy._meta.get_field(name)
    return not field.null


def rule_errors(rule: object) -> list[str]:
    """RULES.md validation as messages that name the path, in the active language."""
    from qstrong.policies.rules import validate_rule

    return [str(error) for error in validate_rule(rule)]


def _check_rule(rule: object) -> None:
    errors = rule_errors(rule)
    if errors:
        raise ValidationError({"rule": errors})


@transaction.atomic
def policy_create(*, data: Mapping[str, Any], actor: Any, rule: object | None = None) -> Policy:
    """A draft policy; with a rule, its version 1."""
    _check_can_edit(actor)
    fields = dict(data)
    code = str(fields.pop("code", "") or "").strip()
    if rule is not None:
        _check_rule(rule)
    policy = Policy(code=code, created_by=_user(actor), updated_by=_user(actor))
    _apply_fields(policy, fields)
    policy.full_clean(exclude=["created_by", "updated_by"])
    policy.save()
    _event(policy=policy, kind=PolicyEvent.Kind.CREATED, actor=actor, data=policy_snapshot(policy))
    _audit(
        policy=policy,
        actor=actor,
        action=AuditEvent.Action.CREATE,
        changes=diff_fields({}, policy_snapshot(policy)),
    )
    if rule is not None:
        _rule_version_create(policy=policy, rule=rule, actor=actor, applies_from=None, note="")
    return policy


@transaction.atomic
def policy_update(
    *, policy: Policy, data: Mapping[str, Any], actor: Any, rematch: bool = True
) -> Policy:
    """Change descriptive fields (not the code, not the rule); re-match if the validity moved."""
    _check_can_edit(actor, policy)
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    before = policy_snapshot(policy)
    _apply_fields(policy, data)
    policy.full_clean(exclude=["created_by", "updated_by"])
    changes = diff_fields(before, policy_snapshot(policy))
    if not changes:
        return policy
    policy.updated_by = _user(actor)
    policy.save()
    _event(policy=policy, kind=PolicyEvent.Kind.EDITED, actor=actor, data={"changes": changes})
    _audit(policy=policy, actor=actor, action=AuditEvent.Action.UPDATE, changes=changes)
    if rematch and policy.state == Policy.State.PUBLISHED and VALIDITY_FIELDS & set(changes):
        _rematch_later(policy=policy, actor=actor)
    return policy


def _rule_version_create(
    *, policy: Policy, rule: object, actor: Any, applies_from: dt.date | None, note: str
) -> PolicyRule:
    latest = policy.rules.aggregate(top=Max("version"))["top"] or 0
    version = PolicyRule(
        policy=policy,
        version=latest + 1,
        rule=rule,
        applies_from=None if latest == 0 else applies_from,
        note=note[:255],
        created_by=_user(actor),
        updated_by=_user(actor),
    )
    version.full_clean(exclude=["created_by", "updated_by", "policy"])
    version.save()
    _record_version(policy=policy, version=version, actor=actor, replaced=False)
    return version


def _record_version(*, policy: Policy, version: PolicyRule, actor: Any, replaced: bool) -> None:
    data = {
        "version": version.version,
        "applies_from": version.applies_from,
        "rule": version.rule,
        "replaced": replaced,
    }
    _event(
        policy=policy,
        kind=PolicyEvent.Kind.RULE_VERSION,
        actor=actor,
        data=data,
        comment=version.note,
    )
    _audit(
        policy=policy,
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        changes={"rule": [None, f"v{version.version}"]},
        note=version.note,
    )


@transaction.atomic
def policy_rule_save(
    *,
    policy: Policy,
    rule: object,
    actor: Any,
    applies_from: dt.date | None = None,
    note: str = "",
    rematch: bool = True,
) -> PolicyRule:
    """Save the eligibility rule.

    A draft replaces its unpublished version (nobody was matched against it). A published or
    withdrawn policy gets a new version in force from `applies_from` (default: today), so that
    every stored result keeps the version that gave it; a published policy is then re-matched.
    """
    _check_can_edit(actor, policy)
    _check_rule(rule)
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    current = policy.rules.order_by("-version").first()
    if policy.state == Policy.State.DRAFT and current is not None and not current.results.exists():
        current.rule = rule
        current.note = note[:255]
        current.updated_by = _user(actor)
        current.save(update_fields=["rule", "note", "updated_by", "updated_at"])
        _record_version(policy=policy, version=current, actor=actor, replaced=True)
        return current
    if policy.state == Policy.State.DRAFT or current is None:
        return _rule_version_create(
            policy=policy, rule=rule, actor=actor, applies_from=applies_from, note=note
        )
    version = _rule_version_create(
        policy=policy,
        rule=rule,
        actor=actor,
        applies_from=applies_from or timezone.localdate(),
        note=note,
    )
    if rematch and policy.state == Policy.State.PUBLISHED:
        _rematch_later(policy=policy, actor=actor)
    return version


@transaction.atomic
def policy_publish(*, policy: Policy, actor: Any, rematch: bool = True) -> Policy:
    """Draft or withdrawn → published; needs a valid rule. Re-matches the policy after commit."""
    _check_can_edit(actor, policy)
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    if policy.state == Policy.State.PUBLISHED:
        raise ValidationError(_("政策已经发布。"))
    current = policy.rules.order_by("-version").first()
    if current is None:
        raise ValidationError({"rule": [_("发布前请先设置适用条件。")]})
    _check_rule(current.rule)
    previous = policy.state
    policy.state = Policy.State.PUBLISHED
    policy.published_at = timezone.now()
    policy.withdrawn_at = None
    policy.updated_by = _user(actor)
    policy.save(update_fields=["state", "published_at", "withdrawn_at", "updated_by", "updated_at"])
    _event(
        policy=policy,
        kind=PolicyEvent.Kind.PUBLISHED,
        actor=actor,
        data={"version": current.version},
    )
    _audit(
        policy=policy,
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        changes={"state": [previous, policy.state]},
    )
    if rematch:
        _rematch_later(policy=policy, actor=actor)
    return policy


@transaction.atomic
def policy_withdraw(*, policy: Policy, actor: Any, comment: str = "") -> Policy:
    """Published → withdrawn: no longer matched or pushed; results and pushes stay as evidence."""
    _check_can_edit(actor, policy)
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    if policy.state != Policy.State.PUBLISHED:
        raise ValidationError(_("只能撤回已发布的政策。"))
    policy.state = Policy.State.WITHDRAWN
    policy.withdrawn_at = timezone.now()
    policy.updated_by = _user(actor)
    policy.save(update_fields=["state", "withdrawn_at", "updated_by", "updated_at"])
    _event(policy=policy, kind=PolicyEvent.Kind.WITHDRAWN, actor=actor, comment=comment)
    _audit(
        policy=policy,
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        changes={"state": [Policy.State.PUBLISHED, policy.state]},
        note=comment,
    )
    return policy


def _attachment_check(name: str, size: int, head: bytes) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        raise ValidationError(
            {"file": [_("不支持的文件类型：%(suffix)s。") % {"suffix": suffix or "-"}]}
        )
    if size <= 0:
        raise ValidationError({"file": [_("文件是空的。")]})
    if size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {"file": [_("文件超过 %(limit)d MB。") % {"limit": ATTACHMENT_MAX_BYTES >> 20}]}
        )
    if not head.startswith(ATTACHMENT_TYPES[suffix]):
        raise ValidationError(
            {"file": [_("文件内容与扩展名 %(suffix)s 不符。") % {"suffix": suffix}]}
        )
    return suffix


@transaction.atomic
def policy_attachment_add(*, policy: Policy, upload: Any, actor: Any) -> PolicyAttachment:
    """Keep an uploaded document (policy text, forms) with its size and SHA-256."""
    _check_can_edit(actor, policy)
    name = PurePath(getattr(upload, "name", "") or "attachment").name[:255]
    size = int(getattr(upload, "size", 0) or 0)
    upload.seek(0)
    head = upload.read(8)
    _attachment_check(name, size, head)
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in (
        upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(1 << 20), b"")
    ):
        digest.update(chunk)
    upload.seek(0)
    attachment = PolicyAttachment(
        policy=policy,
        name=name,
        size=size,
        sha256=digest.hexdigest(),
        created_by=_user(actor),
        updated_by=_user(actor),
    )
    attachment.file.save(name[-120:], upload, save=False)
    attachment.save()
    data = {"name": name, "size": size, "sha256": attachment.sha256}
    _event(policy=policy, kind=PolicyEvent.Kind.ATTACHED, actor=actor, data=data)
    _audit(
        policy=policy,
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        changes={"attachment": [None, name]},
    )
    return attachment


def _rematch_later(*, policy: Policy, actor: Any) -> None:
    from qstrong.policies.matching.triggers import policy_rematch_later

    policy_rematch_later(policy=policy, actor=actor)


def policies_import(*, items: list[Mapping[str, Any]], actor: Any) -> dict[str, Any]:
    """`qstrong import policies FILE.json`: all items valid, or nothing written."""
    from qstrong.policies.importing import policies_import_items

    return policies_import_items(items=items, actor=actor)
