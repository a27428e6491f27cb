"""Composing a draft from the records: the section order, each section's composer, and what an
officer edited kept across regenerations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation

from qstrong.handbooks.composing import ComposeContext, spec_of
from qstrong.handbooks.composing.common import measures_blocks
from qstrong.handbooks.library import SECTION_ORDERS
from qstrong.handbooks.models import Handbook, SectionLayout
from qstrong.handbooks.schemas import Content, LayoutSpec, Section, content_load

TITLES = {"enterprise": "企业服务手册", "chain": "产业链质量强链工作手册", "town": "专业镇服务手册"}
KIND_LABELS = {"enterprise": "一企一册", "chain": "一链一册", "town": "一镇一册"}
COMPILER = "山西省市场监督管理局"


def layout_of(kind: str) -> list[str]:
    row = SectionLayout.objects.filter(kind=kind).first()
    if row is None:
        return list(SECTION_ORDERS[kind])
    return LayoutSpec.model_validate({"sections": row.sections}, strict=True).sections


def _measures(handbook: Handbook) -> list[Any]:
    return list(
        handbook.measures.select_related(
            "responsible_bureau", "responsible_person", "task"
        ).order_by("position", "pk")
    )


def compose(
    *,
    handbook: Handbook,
    as_of: dt.date,
    keep_edited: bool = True,
    measures: list[Any] | None = None,
) -> Content:
    """The handbook's content as of a date: record-drawn sections composed afresh, sections an
    officer edited kept as they are (unless keep_edited is False)."""
    old = content_load(handbook.content) if handbook.content else None
    # (measures given: a preview of an unsaved handbook, e.g. the command line's build)
    rows = measures if measures is not None else _measures(handbook)
    ctx = ComposeContext(handbook=handbook, as_of=as_of, measures=rows)
    sections: list[Section] = []
    with translation.override("zh-hans"):
        for key in layout_of(handbook.kind):
            spec = spec_of(handbook.kind, key)
            if spec is None:
                continue
            kept = old.section(key) if old is not None else None
            if keep_edited and kept is not None and kept.edited:
                sections.append(kept)
                continue
            sections.append(Section(key=key, title=spec.title, blocks=spec.compose(ctx)))
    return Content(
        kind=handbook.kind,  # type: ignore[arg-type]
        title=f"{handbook.subject_name}{TITLES[handbook.kind]}",
        subject_name=handbook.subject_name,
        subject_code=handbook.subject_code,
        edition=handbook.edition,
        data_date=as_of.isoformat(),
        compiled_by=COMPILER,
        sections=sections,
    )


def refresh_measures(*, handbook: Handbook) -> Content:
    """The stored content with its measures section drawn again from the measure rows."""
    content = content_load(handbook.content)
    as_of = dt.date.fromisoformat(content.data_date)
    ctx = ComposeContext(handbook=handbook, as_of=as_of, measures=_measures(handbook))
    with translation.override("zh-hans"):
        blocks = measures_blocks(ctx)
    sections = [
        s.model_copy(update={"blocks": blocks}) if s.key == "measures" else s
        for s in content.sections
    ]
    return content.model_copy(update={"sections": sections})


# What publishing itself changes: the measures' tasks, and the lists those tasks join.
COMMITMENT_SECTIONS = frozenset({"measures", "needs", "tasks", "responsibilities", "contacts"})


def refresh_commitments(*, handbook: Handbook) -> Content:
    """The content with the sections publishing touches drawn again (unless an officer edited
    them): the measures with their tasks, and the needs, task and responsibility lists."""
    content = content_load(handbook.content)
    as_of = dt.date.fromisoformat(content.data_date)
    ctx = ComposeContext(handbook=handbook, as_of=as_of, measures=_measures(handbook))
    sections = []
    with translation.override("zh-hans"):
        for s in content.sections:
            spec = spec_of(handbook.kind, s.key)
            if s.key in COMMITMENT_SECTIONS and spec is not None and not s.edited:
                s = s.model_copy(update={"blocks": spec.compose(ctx)})
            sections.append(s)
    return content.model_copy(update={"sections": sections})
