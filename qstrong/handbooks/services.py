"""Every write of handbooks: create, generate, edit sections and measures, review, publish."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from qstrong.core.models import AuditEvent
from qstrong.core.services import audit_record
from qstrong.handbooks import drafting
from qstrong.handbooks.models import Batch, Handbook, HandbookEvent, Kind, Measure, MeasureTemplate
from qstrong.handbooks.schemas import Content, Paragraph, Section, content_dump, content_load
from qstrong.handbooks.selectors import can_edit
from qstrong.registry.models import Chain, Enterprise, Town

State = Handbook.State


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "pk", None) else None


def _event(handbook: Handbook, actor: Any, kind: str, before: str = "", comment: str = "") -> None:
    HandbookEvent.objects.create(
        handbook=handbook,
        actor=_user(actor),
        kind=kind,
        from_state=before,
        to_state=handbook.state,
        comment=comment[:2000],
    )


def _require_edit(actor: Any, handbook: Handbook) -> None:
    if actor is not None and not can_edit(actor, handbook):
        raise PermissionDenied("handbook outside the actor's remit")


def _require_state(handbook: Handbook, *states: str) -> None:
    if handbook.state not in states:
        raise ValidationError(
            {
                "state": [
                    _("手册当前状态为“%(state)s”，不能执行此操作。")
                    % {"state": handbook.get_state_display()}
                ]
            }
        )


def _save_content(handbook: Handbook, content: Content) -> None:
    handbook.content = content_dump(content)
    handbook.data_date = dt.date.fromisoformat(content.data_date)


# --- creating and drafting --------------------------------------------------------------------


def subject_fields(subject: Any) -> dict[str, Any]:
    if isinstance(subject, Enterprise):
        return {
            "kind": Kind.ENTERPRISE,
            "enterprise": subject,
            "region_code": subject.region_id,
            "subject_key": f"enterprise:{subject.pk}",
        }
    if isinstance(subject, Chain):
        return {
            "kind": Kind.CHAIN,
            "chain": subject,
            "region_code": "",
            "subject_key": f"chain:{subject.pk}",
        }
    if isinstance(subject, Town):
        return {
            "kind": Kind.TOWN,
            "town": subject,
            "region_code": subject.county_id,
            "subject_key": f"town:{subject.pk}",
        }
    raise TypeError(f"no handbook for {type(subject).__name__}")


def _next_edition(fields: dict[str, Any]) -> int:
    top = Handbook.objects.filter(subject_key=fields["subject_key"]).aggregate(m=Max("edition"))[
        "m"
    ]
    return (top or 0) + 1


@transaction.atomic
def handbook_create(
    *, subject: Any, actor: Any, batch: Batch | None = None, seed_measures: bool = True
) -> Handbook:
    """A new edition (pending) of the subject's handbook; the open one, if any, is refused."""
    fields = subject_fields(subject)
    subject_filter = {"subject_key": fields["subject_key"]}
    open_states = (State.PENDING, State.FAILED, State.DRAFT, State.IN_REVIEW)
    if Handbook.objects.filter(state__in=open_states, **subject_filter).exists():
        raise ValidationError(
            {"subject": [_("%(name)s 已有一本未发布的手册。") % {"name": subject.name}]}
        )
    previous = (
        Handbook.objects.filter(state=State.PUBLISHED, **subject_filter)
        .order_by("-edition")
        .first()
    )
    handbook = Handbook(
        **fields,
        subject_name=subject.name,
        batch=batch,
        edition=_next_edition(fields),
        created_by=_user(actor),
        updated_by=_user(actor),
    )
    _require_edit(actor, handbook)
    handbook.full_clean(exclude=["content"])
    handbook.save()
    if previous is not None:
        _carry_measures(previous, handbook)
    elif seed_measures:
        templates = MeasureTemplate.objects.filter(kind=handbook.kind, active=True)
        Measure.objects.bulk_create(
            Measure(handbook=handbook, position=i, category=t.category, text=t.text, template=t)
            for i, t in enumerate(templates.order_by("sort_order", "pk"), start=1)
        )
    _event(
        handbook,
        actor,
        HandbookEvent.Kind.NEW_EDITION if previous else HandbookEvent.Kind.GENERATED,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        object_type="handbooks.handbook",
        object_id=str(handbook.pk),
        object_repr=str(handbook),
    )
    return handbook


def _carry_measures(previous: Handbook, handbook: Handbook) -> None:
    """The next edition keeps the measures, each still pointing at the task that carries it."""
    Measure.objects.bulk_create(
        Measure(
            handbook=handbook,
            position=m.position,
            category=m.category,
            text=m.text,
            need_text=m.need_text,
            responsible_bureau_id=m.responsible_bureau_id,
            responsible_person_id=m.responsible_person_id,
            deadline=m.deadline,
            template_id=m.template_id,
            task_id=m.task_id,
            carried_from=m,
        )
        for m in previous.measures.order_by("position", "pk")
    )


@transaction.atomic
def handbook_generate(*, handbook: Handbook, actor: Any, as_of: dt.date) -> Handbook:
    """Compose (or regenerate) the draft from the records; sections an officer edited stay."""
    _require_edit(actor, handbook)
    _require_state(handbook, State.PENDING, State.FAILED, State.DRAFT)
    before = handbook.state
    _save_content(handbook, drafting.compose(handbook=handbook, as_of=as_of))
    handbook.state = State.DRAFT
    handbook.error = ""
    handbook.updated_by = _user(actor)
    handbook.save()
    kind = HandbookEvent.Kind.REGENERATED if before == State.DRAFT else HandbookEvent.Kind.GENERATED
    _event(handbook, actor, kind, before)
    return handbook


def handbook_fail(*, handbook: Handbook, actor: Any, error: str) -> None:
    before = handbook.state
    Handbook.objects.filter(pk=handbook.pk).update(state=State.FAILED, error=error[:4000])
    handbook.state, handbook.error = State.FAILED, error
    _event(handbook, actor, HandbookEvent.Kind.FAILED, before, error)


@transaction.atomic
def section_edit(*, handbook: Handbook, actor: Any, key: str, text: str) -> Handbook:
    """An officer's wording replaces a section; regenerating keeps it until it is reset."""
    _require_edit(actor, handbook)
    _require_state(handbook, State.DRAFT)
    if key == "measures":
        raise ValidationError({"key": [_("服务举措请逐条编辑。")]})
    content = content_load(handbook.content)
    old = content.section(key)
    if old is None:
        raise ValidationError({"key": [_("手册中没有这一章节：%(key)s") % {"key": key}]})
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    if not paragraphs:
        raise ValidationError({"text": [_("章节内容不能为空。")]})
    new = Section(
        key=key, title=old.title, edited=True, blocks=[Paragraph(text=p) for p in paragraphs]
    )
    sections = [new if s.key == key else s for s in content.sections]
    _save_content(handbook, content.model_copy(update={"sections": sections}))
    handbook.editor = _user(actor)
    handbook.save(update_fields=["content", "data_date", "editor", "updated_at"])
    _event(handbook, actor, HandbookEvent.Kind.EDITED, handbook.state, f"{old.title}")
    return handbook


@transaction.atomic
def section_reset(*, handbook: Handbook, actor: Any, key: str) -> Handbook:
    """Give a section back to the records: it is composed again now."""
    _require_edit(actor, handbook)
    _require_state(handbook, State.DRAFT)
    content = content_load(handbook.content)
    fresh = drafting.compose(
        handbook=handbook, as_of=dt.date.fromisoformat(content.data_date), keep_edited=False
    )
    replacement = fresh.section(key)
    sections = [replacement if s.key == key and replacement else s for s in content.sections]
    _save_content(handbook, content.model_copy(update={"sections": sections}))
    handbook.save(update_fields=["content", "data_date", "updated_at"])
    _event(handbook, actor, HandbookEvent.Kind.EDITED, handbook.state, f"reset {key}")
    return handbook


# --- measures ---------------------------------------------------------------------------------


@dataclass
class MeasureData:
    category: str
    text: str
    need_text: str = ""
    responsible_bureau: Any = None
    responsible_person: Any = None
    deadline: dt.date | None = None
    template: MeasureTemplate | None = None


def _check_measure(actor: Any, data: MeasureData) -> None:
    from qstrong.casework.selectors import bureau_choices

    errors: dict[str, list[str]] = {}
    if not data.category.strip():
        errors["category"] = [_("请填写举措类别。")]
    if not data.text.strip():
        errors["text"] = [_("请填写举措内容。")]
    bureau = data.responsible_bureau
    if (
        bureau is not None
        and actor is not None
        and not bureau_choices(user=actor).filter(pk=bureau.pk).exists()
    ):
        errors["responsible_bureau"] = [_("不能把举措交给该单位：它不在您的辖区内或上级。")]
    person = data.responsible_person
    if person is not None and (bureau is None or person.organisation_id != bureau.pk):
        errors["responsible_person"] = [_("责任人必须是责任单位的工作人员。")]
    if errors:
        raise ValidationError(errors)


def _after_measure_change(handbook: Handbook, actor: Any, comment: str) -> None:
    if handbook.content:
        _save_content(handbook, drafting.refresh_measures(handbook=handbook))
    handbook.editor = _user(actor)
    handbook.save(update_fields=["content", "data_date", "editor", "updated_at"])
    _event(handbook, actor, HandbookEvent.Kind.MEASURE, handbook.state, comment)


@transaction.atomic
def measure_save(
    *, handbook: Handbook, actor: Any, data: MeasureData, measure: Measure | None = None
) -> Measure:
    """Add a measure (or change one) in a draft."""
    _require_edit(actor, handbook)
    _require_state(handbook, State.DRAFT, State.PENDING)
    _check_measure(actor, data)
    if measure is None:
        top = handbook.measures.aggregate(m=Max("position"))["m"] or 0
        measure = Measure(handbook=handbook, position=top + 1, created_by=_user(actor))
    elif measure.handbook_id != handbook.pk:
        raise PermissionDenied("measure of another handbook")
    measure.category = data.category.strip()
    measure.text = data.text.strip()
    measure.need_text = data.need_text.strip()
    measure.responsible_bureau = data.responsible_bureau
    measure.responsible_person = data.responsible_person
    measure.deadline = data.deadline
    if data.template is not None:
        measure.template = data.template
    measure.updated_by = _user(actor)
    measure.full_clean(exclude=["task", "carried_from"])
    measure.save()
    _after_measure_change(handbook, actor, measure.text[:200])
    return measure


@transaction.atomic
def measure_delete(*, measure: Measure, actor: Any) -> None:
    handbook = measure.handbook
    _require_edit(actor, handbook)
    _require_state(handbook, State.DRAFT, State.PENDING)
    text = measure.text
    measure.delete()
    _after_measure_change(handbook, actor, f"删除：{text[:190]}")


# --- review and publishing --------------------------------------------------------------------


@transaction.atomic
def handbook_submit(*, handbook: Handbook, actor: Any, comment: str = "") -> Handbook:
    _require_edit(actor, handbook)
    _require_state(handbook, State.DRAFT)
    handbook.state = State.IN_REVIEW
    handbook.editor = _user(actor)
    handbook.save(update_fields=["state", "editor", "updated_at"])
    _event(handbook, actor, HandbookEvent.Kind.SUBMITTED, State.DRAFT, comment)
    return handbook


@transaction.atomic
def handbook_return(*, handbook: Handbook, actor: Any, comment: str) -> Handbook:
    _require_edit(actor, handbook)
    _require_state(handbook, State.IN_REVIEW)
    if not comment.strip():
        raise ValidationError({"comment": [_("退回修改请写明原因。")]})
    handbook.state = State.DRAFT
    handbook.save(update_fields=["state", "updated_at"])
    _event(handbook, actor, HandbookEvent.Kind.RETURNED, State.IN_REVIEW, comment)
    return handbook


@transaction.atomic
def handbook_publish(*, handbook: Handbook, actor: Any, today: dt.date | None = None) -> Handbook:
    """Publish after review by someone other than the editor: measures with a responsible bureau
    and a deadline become casework tasks (once), the content is frozen, the edition before it
    is superseded."""
    from qstrong.handbooks.commitments import measures_to_tasks

    handbook = Handbook.objects.select_for_update().get(pk=handbook.pk)
    _require_edit(actor, handbook)
    _require_state(handbook, State.IN_REVIEW)
    if actor is not None and handbook.editor_id == getattr(actor, "pk", None):
        raise ValidationError({"reviewer": [_("审核人不能是编辑人：请由另一位工作人员审核发布。")]})
    today = today or timezone.localdate()
    measures_to_tasks(handbook=handbook, actor=actor, today=today)
    _save_content(handbook, drafting.refresh_commitments(handbook=handbook))
    handbook.state = State.PUBLISHED
    handbook.reviewer = _user(actor)
    handbook.published_on = today
    handbook.save()
    _event(handbook, actor, HandbookEvent.Kind.PUBLISHED, State.IN_REVIEW)
    older = Handbook.objects.filter(
        subject_key=handbook.subject_key, state=State.PUBLISHED, edition__lt=handbook.edition
    )
    for previous in older:
        previous.state = State.SUPERSEDED
        previous.save(update_fields=["state", "updated_at"])
        _event(previous, actor, HandbookEvent.Kind.SUPERSEDED, State.PUBLISHED)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        object_type="handbooks.handbook",
        object_id=str(handbook.pk),
        object_repr=str(handbook),
        changes={"state": [State.IN_REVIEW, State.PUBLISHED]},
    )
    return handbook
