"""Handbooks composed in memory from today's records, without saving anything (the CLI's build
and the benchmark): the latest edition's measures, or the library's for a subject without one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from qstrong.handbooks import drafting
from qstrong.handbooks.models import Handbook, Measure, MeasureTemplate
from qstrong.handbooks.schemas import Content
from qstrong.handbooks.services import subject_fields


def preview_content(
    *, subject: Any, as_of: dt.date, library: list[MeasureTemplate] | None = None
) -> Content:
    fields = subject_fields(subject)
    latest = (
        Handbook.objects.filter(subject_key=fields["subject_key"], content__isnull=False)
        .exclude(state__in=(Handbook.State.PENDING, Handbook.State.FAILED))
        .order_by("-edition")
        .first()
    )
    handbook = Handbook(
        **fields, subject_name=subject.name, edition=(latest.edition + 1) if latest else 1
    )
    if latest is not None:
        measures = list(
            latest.measures.select_related("responsible_bureau", "responsible_person", "task")
        )
    else:
        templates = (
            library
            if library is not None
            else list(
                MeasureTemplate.objects.filter(kind=handbook.kind, active=True).order_by(
                    "sort_order", "pk"
                )
            )
        )
        measures = [
            Measure(position=i, category=t.category, text=t.text)
            for i, t in enumerate(templates, 1)
        ]
    return drafting.compose(handbook=handbook, as_of=as_of, measures=measures)
