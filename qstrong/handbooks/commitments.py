"""Commitments become work: a published measure with a responsible bureau and a deadline is
registered in casework as a need (source: handbook) with its task, once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qstrong.casework.models import Need
from qstrong.casework.services import NeedData, TaskData, need_create, task_create
from qstrong.handbooks.models import Handbook, Measure
from qstrong.handbooks.system import system_actor

# Measure category (library wording) → casework need category.
CATEGORY_HINTS = (
    ("商标", Need.Category.BRAND),
    ("品牌", Need.Category.BRAND),
    ("地理标志", Need.Category.BRAND),
    ("标准", Need.Category.STANDARDS),
    ("计量", Need.Category.METROLOGY),
    ("认证", Need.Category.CERTIFICATION),
    ("检验检测", Need.Category.CERTIFICATION),
    ("专利", Need.Category.PATENT),
    ("知识产权", Need.Category.PATENT),
    ("信用", Need.Category.CREDIT),
    ("政策", Need.Category.POLICY),
    ("质量", Need.Category.QUALITY),
)


def need_category(category: str) -> str:
    return next((c for hint, c in CATEGORY_HINTS if hint in category), Need.Category.OTHER)


def measures_to_tasks(*, handbook: Handbook, actor: Any, today: dt.date) -> int:
    """Create the task of every committed measure that has none yet; returns how many."""
    # The command line and the demo publish as the system (the province's rights, no one's name).
    actor = actor if actor is not None else system_actor()
    created = 0
    measures = handbook.measures.select_related("responsible_bureau", "responsible_person")
    for position, measure in enumerate(measures.order_by("position", "pk"), start=1):
        if not measure.becomes_task or measure.task_id is not None:
            continue
        try:
            _measure_task(handbook, measure, actor, today)
        except ValidationError as exc:
            raise ValidationError(
                {
                    "measures": [
                        _("第 %(n)d 项举措不能转为任务：%(why)s")
                        % {"n": position, "why": "；".join(exc.messages)}
                    ]
                }
            ) from exc
        created += 1
    return created


def _measure_task(handbook: Handbook, measure: Measure, actor: Any, today: dt.date) -> None:
    need = need_create(
        actor=actor,
        data=NeedData(
            description=measure.need_text or measure.text,
            source=Need.Source.HANDBOOK,
            category=need_category(measure.category),
            enterprise=handbook.enterprise,
            chain=handbook.chain,
            town=handbook.town,
            raised_on=today,
            source_note=str(handbook),
        ),
    )
    assert measure.deadline is not None and measure.responsible_bureau is not None
    task = task_create(
        need=need,
        actor=actor,
        data=TaskData(
            action=measure.text,
            responsible_bureau=measure.responsible_bureau,
            responsible_person=measure.responsible_person,
            due_date=measure.deadline,
        ),
    )
    measure.task = task
    measure.save(update_fields=["task", "updated_at"])
