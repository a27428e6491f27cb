"""Template filters for casework pages: state badge colours, the history of an activity."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

STATE_BADGES = {
    "open": "text-bg-secondary",
    "in_progress": "text-bg-primary",
    "done": "text-bg-info",
    "verified": "text-bg-success",
    "closed": "text-bg-success",
}


@register.filter
def state_badge(state: str) -> str:
    return STATE_BADGES.get(state, "text-bg-secondary")


@register.filter
def task_state_label(state: str) -> str:
    from qstrong.casework.models import Task

    return str(dict(Task.State.choices).get(state, state))


@register.filter
def change_rows(changes: Any) -> list[dict[str, Any]]:
    """An audit event's {field: [before, after]} as labelled rows for the activity's history."""
    from django.utils.translation import gettext as _

    labels = {
        "kind": _("活动类型"), "title": _("活动名称"), "date": _("日期"), "place": _("地点"),
        "organisers": _("组织单位"), "enterprises": _("服务企业"), "chains": _("服务产业链"),
        "towns": _("服务专业镇"), "participants": _("参加人员"),
        "participant_count": _("参加人数"), "summary": _("活动纪要"), "photo": _("照片"),
        "attachment": _("附件"),
    }  # fmt: skip
    kinds = {str(k): str(v) for k, v in _kind_choices()}
    rows = []
    for key, pair in (changes or {}).items():
        before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        if key == "kind":
            before, after = kinds.get(str(before), before), kinds.get(str(after), after)
        rows.append({"label": labels.get(key, key), "before": _text(before), "after": _text(after)})
    return rows


def _kind_choices() -> list[tuple[str, Any]]:
    from qstrong.casework.models import OutreachActivity

    return list(OutreachActivity.Kind.choices)


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "—"
    text = str(value)
    return text if len(text) <= 120 else text[:119] + "…"
