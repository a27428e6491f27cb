"""Template filters for casework pages: state badge colours."""

from __future__ import annotations

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
