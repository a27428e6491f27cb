"""Template helpers of the routine: what the side navigation offers this user."""

from __future__ import annotations

from typing import Any

from django import template

from qstrong.foodsafety import permissions, selectors

register = template.Library()


@register.simple_tag
def foodsafety_nav(user: Any) -> dict[str, Any]:
    """{"officer": sees the overview, "enterprise_id": their enrolled enterprise or None}."""
    if not getattr(user, "is_authenticated", False):
        return {"officer": False, "enterprise_id": None}
    return {
        "officer": permissions.is_officer_view(user),
        "enterprise_id": selectors.enrolled_enterprise_id(user),
    }
