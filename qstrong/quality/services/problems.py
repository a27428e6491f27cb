"""Writes of quality problems: registration, transitions, actions, comments, each with its event."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qstrong.accounts.models import Organisation
from qstrong.quality.models import (
    CheckResult,
    EvidenceFile,
    Problem,
    ProblemAction,
    ProblemEvent,
    ProblemState,
    Programme,
)
from qstrong.quality.permissions import can_comment, can_register_for
from qstrong.quality.statemachine import (
    TransitionInvalid,
    TransitionRefused,
    mover_refusal,
    state_refusal,
    transition_get,
)
from qstrong.registry.models import Chain, Enterprise, Segment

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# Accepted evidence: the extension and the first bytes every such file starts with.
EVIDENCE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".webp": (b"RIFF",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "pk", None) else None


def evidence_check(upload: Any) -> bytes:
    """The upload's bytes if it is accepted evidence; else a ValidationError naming the file."""
    name = str(getattr(upload, "name", "") or "")
    suffix = PurePath(name).suffix.lower()
    signatures = EVIDENCE_SIGNATURES.get(suffix)
    if signatures is None:
        raise ValidationError(
            _("佐证材料“%(name)s”的类型不支持（支持 PDF、JPG、PNG、WEBP、DOCX、XLSX）。")
            % {"name": name}
        )
    if (getattr(upload, "size", 0) or 0) > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("佐证材料“%(name)s”超过 10 MB。") % {"name": name})
    content = upload.read()
    if len(content) > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("佐证材料“%(name)s”超过 10 MB。") % {"name": name})
    if not content.startswith(signatures) or (suffix == ".webp" and content[8:12] != b"WEBP"):
        raise ValidationError(_("佐证材料“%(name)s”的内容与其扩展名不符。") % {"name": name})
    return content


def _attach(event: ProblemEvent, uploads: Sequence[Any], contents: list[bytes]) -> None:
    for upload, content in zip(uploads, contents, strict=True):
        name = PurePath(str(upload.name)).name[:200]
        evidence = EvidenceFile(
            event=event, name=name, size=len(content), sha256=hashlib.sha256(content).hexdigest()
        )
        evidence.file.save(name, ContentFile(content), save=False)
        evidence.save()


def _check_mover(actor: Any, problem: Problem) -> None:
    # actor None: the demo loader and management commands, which run as the system.
    if actor is None:
        return
    refusal = mover_refusal(user=actor, problem=problem)
    if refusal:
        raise TransitionRefused(refusal)


def _event(
    *,
    problem: Problem,
    actor: Any,
    kind: str,
    comment: str,
    transition: str = "",
    from_state: str = "",
    to_state: str = "",
    evidence_note: str = "",
    at: dt.datetime | None = None,
) -> ProblemEvent:
    return ProblemEvent.objects.create(
        problem=problem,
        actor=_user(actor),
        kind=kind,
        transition=transition,
        from_state=from_state,
        to_state=to_state or problem.state,
        comment=comment,
        evidence_note=evidence_note,
        at=at or timezone.now(),
    )


@transaction.atomic
def problem_register(
    *,
    actor: Any,
    chain: Chain,
    enterprises: Sequence[Enterprise],
    grade: str,
    klass: str,
    title: str,
    description: str,
    segment: Segment | None = None,
    programme: Programme | None = None,
    comment: str = "",
    source: str | None = None,
    source_note: str = "",
    at: dt.datetime | None = None,
) -> Problem:
    """Register a problem; its region is that of its first enterprise (used for scoping)."""
    if not enterprises:
        raise ValidationError({"enterprises": _("请至少选择一家涉及企业。")})
    first = enterprises[0]
    if actor is not None and not can_register_for(actor, first):
        raise TransitionRefused(
            _("您不能为“%(name)s”登记质量问题：须为本辖区企业（企业用户仅限本企业）。")
            % {"name": first.name}
        )
    problem = Problem(
        chain=chain,
        segment=segment,
        region_id=first.region_id,
        programme=programme,
        grade=grade,
        klass=klass,
        title=title.strip(),
        description=description.strip(),
        state=ProblemState.REGISTERED,
        registered_at=at or timezone.now(),
        source_note=source_note,
        created_by=_user(actor),
        updated_by=_user(actor),
    )
    if source is not None:
        problem.source = source
    problem.full_clean(exclude=["created_by", "updated_by"])
    problem.save()
    problem.enterprises.set(enterprises)
    _event(
        problem=problem,
        actor=actor,
        kind=ProblemEvent.Kind.TRANSITION,
        transition="register",
        to_state=ProblemState.REGISTERED,
        comment=comment.strip() or _("登记问题"),
        at=problem.registered_at,
    )
    return problem


def _apply(problem: Problem, name: str, target: str, root_cause: str, now: dt.datetime) -> None:
    """What a transition changes on the problem besides its state."""
    if name == "analyse":
        problem.root_cause = root_cause
    if name in {"submit_check", "reopen"}:
        problem.check_result = CheckResult.NONE
    if name == "check_pass":
        problem.check_result = CheckResult.PASSED
    if name == "check_fail":
        problem.check_result = CheckResult.FAILED
    if name == "close":
        problem.closed_at = now
    if name == "reopen":
        problem.closed_at = None
    problem.state = target


@transaction.atomic
def problem_transition(
    *,
    problem: Problem,
    actor: Any,
    transition: str,
    comment: str,
    root_cause: str = "",
    evidence_note: str = "",
    evidence_files: Sequence[Any] = (),
    at: dt.datetime | None = None,
) -> ProblemEvent:
    """Move a problem one step; refuses with a message naming the state and who may move it."""
    step = transition_get(transition)
    problem = Problem.objects.select_for_update().select_related("region").get(pk=problem.pk)
    _check_mover(actor, problem)
    refusal = state_refusal(problem=problem, transition=step)
    if refusal:
        raise TransitionInvalid(refusal)
    errors: dict[str, str] = {}
    if not comment.strip():
        errors["comment"] = _("请填写说明：每次状态变更都须写明理由。")
    if step.name == "analyse" and not root_cause.strip():
        errors["root_cause"] = _("请填写根本原因：完成原因分析须记录根本原因。")
    if step.needs_evidence and not (evidence_files or evidence_note.strip()):
        errors["evidence"] = _("“%(action)s”须附佐证材料：上传文件或填写佐证说明。") % {
            "action": step.label
        }
    if errors:
        raise ValidationError(errors)
    contents = [evidence_check(upload) for upload in evidence_files]
    now = at or timezone.now()
    from_state = problem.state
    _apply(problem, step.name, step.target, root_cause.strip(), now)
    problem.updated_by = _user(actor)
    problem.save()
    event = _event(
        problem=problem,
        actor=actor,
        kind=ProblemEvent.Kind.TRANSITION,
        transition=step.name,
        from_state=from_state,
        to_state=step.target,
        comment=comment.strip(),
        evidence_note=evidence_note.strip(),
        at=now,
    )
    _attach(event, evidence_files, contents)
    return event


ACTION_STATES = (ProblemState.ANALYSED, ProblemState.ACTION_PLANNED, ProblemState.IN_PROGRESS)


@transaction.atomic
def problem_action_add(
    *,
    problem: Problem,
    actor: Any,
    kind: str,
    description: str,
    owner_person: str,
    deadline: dt.date,
    owner_bureau: Organisation | None = None,
    owner_enterprise: Enterprise | None = None,
    at: dt.datetime | None = None,
) -> ProblemAction:
    """Add an action; only those who may move the problem, while it is analysed or being fixed."""
    _check_mover(actor, problem)
    if problem.state not in ACTION_STATES:
        raise TransitionInvalid(
            _("问题当前状态为“%(state)s”，不能添加整改措施（须先完成原因分析）。")
            % {"state": problem.get_state_display()}
        )
    action = ProblemAction(
        problem=problem,
        kind=kind,
        description=description.strip(),
        owner_bureau=owner_bureau,
        owner_enterprise=owner_enterprise,
        owner_person=owner_person.strip(),
        deadline=deadline,
        created_by=_user(actor),
        updated_by=_user(actor),
    )
    action.full_clean(exclude=["created_by", "updated_by"])
    action.save()
    _event(
        problem=problem,
        actor=actor,
        kind=ProblemEvent.Kind.ACTION_ADDED,
        comment=f"{action.get_kind_display()}：{action.description}（{action.owner_person}，"
        f"{action.deadline:%Y-%m-%d}）",
        at=at,
    )
    return action


@transaction.atomic
def problem_action_complete(
    *, action: ProblemAction, actor: Any, comment: str = "", at: dt.datetime | None = None
) -> ProblemAction:
    problem = action.problem
    _check_mover(actor, problem)
    if action.done:
        raise TransitionInvalid(_("该措施已完成。"))
    action.done = True
    action.done_at = at or timezone.now()
    action.updated_by = _user(actor)
    action.save()
    _event(
        problem=problem,
        actor=actor,
        kind=ProblemEvent.Kind.ACTION_DONE,
        comment=comment.strip() or f"{action.get_kind_display()}：{action.description}",
        at=action.done_at,
    )
    return action


@transaction.atomic
def problem_comment(*, problem: Problem, actor: Any, comment: str) -> ProblemEvent:
    """A comment on the timeline; enterprises concerned may comment but never move the state."""
    if not can_comment(actor, problem):
        raise TransitionRefused(_("您不能评论该问题：仅限辖区工作人员和涉及企业。"))
    if not comment.strip():
        raise ValidationError({"comment": _("请填写评论内容。")})
    return _event(
        problem=problem, actor=actor, kind=ProblemEvent.Kind.COMMENT, comment=comment.strip()
    )
