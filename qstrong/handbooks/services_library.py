"""Writes of what the province keeps as data: the standard measure library and each kind's
section order (which sections a handbook shows, in which order)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qstrong.core.models import AuditEvent
from qstrong.core.services import audit_record, diff_fields
from qstrong.handbooks.composing import sections_available
from qstrong.handbooks.library import CATEGORIES
from qstrong.handbooks.models import Kind, MeasureTemplate, SectionLayout
from qstrong.handbooks.selectors import can_compile

TEXT_MAX = 500


def _require_province(actor: Any) -> None:
    if actor is not None and not can_compile(actor):
        raise PermissionDenied("the library and the section order are the province's")


def _kind_label(kind: str) -> str:
    return str(Kind(kind).label)


@dataclass(frozen=True)
class TemplateData:
    category: str
    text: str
    sort_order: int = 0


def _check_template(kind: str, data: TemplateData, template: MeasureTemplate | None) -> str:
    if kind not in Kind.values:
        raise ValidationError({"kind": [_("未知的手册类别：%(k)s") % {"k": kind}]})
    if data.category not in CATEGORIES[kind]:
        raise ValidationError(
            {
                "category": [
                    _("“%(c)s”不是%(kind)s的举措类别。")
                    % {"c": data.category, "kind": _kind_label(kind)}
                ]
            }
        )
    text = " ".join(data.text.split())
    if not text:
        raise ValidationError({"text": [_("请填写举措内容。")]})
    if len(text) > TEXT_MAX:
        raise ValidationError(
            {
                "text": [
                    _("举措内容最多 %(n)d 个字（现为 %(m)d 个）。")
                    % {"n": TEXT_MAX, "m": len(text)}
                ]
            }
        )
    if not 0 <= data.sort_order <= 100_000:
        raise ValidationError({"sort_order": [_("排序应为 0 到 100000 之间的整数。")]})
    twins = MeasureTemplate.objects.filter(kind=kind, category=data.category, text=text)
    if template is not None:
        twins = twins.exclude(pk=template.pk)
    if twins.exists():
        raise ValidationError({"text": [_("该类别下已有同样的标准举措。")]})
    return text


@transaction.atomic
def measure_template_save(
    *, kind: str, data: TemplateData, actor: Any, template: MeasureTemplate | None = None
) -> MeasureTemplate:
    """Add a standard measure to a kind's library, or change one (handbooks already drafted keep
    their own wording: a measure is copied, not linked, when an officer picks it)."""
    _require_province(actor)
    text = _check_template(kind, data, template)
    new = template is None
    row = template or MeasureTemplate(kind=kind)
    before = {"category": row.category, "text": row.text, "sort_order": row.sort_order}
    if new and not data.sort_order:
        last = MeasureTemplate.objects.filter(kind=kind).order_by("-sort_order").first()
        sort_order = (last.sort_order + 1) if last else 1
    else:
        sort_order = data.sort_order
    row.category, row.text, row.sort_order = data.category, text, sort_order
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE if new else AuditEvent.Action.UPDATE,
        object_type="handbooks.measuretemplate",
        object_id=str(row.pk),
        object_repr=str(row),
        changes=diff_fields(
            before, {"category": row.category, "text": row.text, "sort_order": row.sort_order}
        ),
    )
    return row


@transaction.atomic
def measure_template_set_active(
    *, template: MeasureTemplate, active: bool, actor: Any
) -> MeasureTemplate:
    """Retire a standard measure (officers no longer pick it) or bring it back; never deleted,
    since measures drafted from it name it."""
    _require_province(actor)
    if template.active == active:
        return template
    template.active = active
    template.save(update_fields=["active", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.RESTORE if active else AuditEvent.Action.ARCHIVE,
        object_type="handbooks.measuretemplate",
        object_id=str(template.pk),
        object_repr=str(template),
    )
    return template


@transaction.atomic
def section_layout_save(*, kind: str, sections: list[str], actor: Any) -> SectionLayout:
    """A kind's sections, in order; a section left out is not drawn in new drafts (published
    editions keep what they had)."""
    _require_province(actor)
    if kind not in Kind.values:
        raise ValidationError({"kind": [_("未知的手册类别：%(k)s") % {"k": kind}]})
    known = dict(sections_available(kind))
    unknown = [key for key in sections if key not in known]
    if unknown:
        raise ValidationError(
            {"sections": [_("没有这样的章节：%(keys)s") % {"keys": "、".join(unknown)}]}
        )
    if len(set(sections)) != len(sections):
        raise ValidationError({"sections": [_("同一章节只能出现一次。")]})
    if not sections:
        raise ValidationError({"sections": [_("至少保留一个章节。")]})
    layout, _created = SectionLayout.objects.select_for_update().get_or_create(
        kind=kind, defaults={"sections": []}
    )
    before = list(layout.sections)
    layout.sections = list(sections)
    layout.save(update_fields=["sections", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        object_type="handbooks.sectionlayout",
        object_id=str(layout.pk),
        object_repr=str(layout),
        changes={"sections": [before, list(sections)]} if before != sections else {},
    )
    return layout
