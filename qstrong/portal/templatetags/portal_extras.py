"""Small template filters for the portal's hand-written forms."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: Any, key: str) -> Any:
    """mapping[key] or an empty list (a form's errors by field name)."""
    return mapping.get(key, []) if hasattr(mapping, "get") else []
