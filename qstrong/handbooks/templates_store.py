"""The Word template in use: the province's upload, validated by rendering a sample first."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from qstrong.core.models import AuditEvent
from qstrong.core.services import audit_record
from qstrong.handbooks.models import HandbookTemplate
from qstrong.handbooks.schemas import Content, Facts, Paragraph, Section, Table

MAX_TEMPLATE_BYTES = 10 * 1024 * 1024


def active_template() -> Any:
    row = HandbookTemplate.objects.filter(active=True).order_by("-created_at", "-pk").first()
    if row is None:
        return None
    return row.file.path


def sample_content() -> Content:
    return Content(
        kind="enterprise",
        title="示例企业服务手册",
        subject_name="示例企业",
        subject_code="000000000000000000",
        edition=1,
        data_date="2024-01-01",
        compiled_by="山西省市场监督管理局",
        sections=[
            Section(
                key="profile", title="企业概况", blocks=[Facts(rows=[("企业名称", "示例企业")])]
            ),
            Section(
                key="measures",
                title="服务举措",
                blocks=[
                    Paragraph(text="示例段落。"),
                    Table(columns=["序号", "举措内容"], rows=[["1", "示例举措"]]),
                ],
            ),
        ],
    )


@transaction.atomic
def template_upload(*, name: str, data: bytes, actor: Any) -> HandbookTemplate:
    """Accept a Word template only if a sample handbook renders with it."""
    from qstrong.handbooks.rendering.base import RenderError
    from qstrong.handbooks.rendering.docx import DocxRenderer

    if not name.lower().endswith(".docx") or len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationError({"file": [_("请上传不超过 10 MB 的 Word 文件（.docx）。")]})
    try:
        DocxRenderer(template=data).render(sample_content())
    except RenderError as exc:
        raise ValidationError(
            {"file": [_("模板无法生成示例手册：%(why)s") % {"why": str(exc)[:300]}]}
        ) from exc
    HandbookTemplate.objects.filter(active=True).update(active=False)
    row = HandbookTemplate(
        name=name[:200], created_by=actor if getattr(actor, "pk", None) else None
    )
    row.file.save(name, ContentFile(data), save=False)
    row.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        object_type="handbooks.template",
        object_id=str(row.pk),
        object_repr=row.name,
    )
    return row
