"""What every registry page shares: who may do what, and rendering inside the shell."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qstrong.accounts.jurisdiction import OFFICER_ROLES, jurisdiction_of
from qstrong.accounts.models import Role
from qstrong.core.views import HtmxHttpRequest

__all__ = ["HtmxHttpRequest", "can_archive", "can_import", "is_admin", "render_page"]


def is_admin(user: Any) -> bool:
    return bool(user.is_superuser or getattr(user, "role", "") == Role.ADMIN)


def can_import(user: Any) -> bool:
    """Officers and administrators import; leaders read only, enterprises keep their own record."""
    if is_admin(user):
        return True
    return getattr(user, "role", "") in OFFICER_ROLES and jurisdiction_of(user).can_write


def can_archive(user: Any) -> bool:
    """Archiving an enterprise is the bureau's decision, not the enterprise's own."""
    return can_import(user)


def render_page(
    request: HttpRequest, template: str, context: Mapping[str, Any] | None = None, **kwargs: Any
) -> HttpResponse:
    """Render a page of the shell: the navigation needs to know what the user may open."""
    full = {"can_import": can_import(request.user), **(context or {})}
    return render(request, template, full, **kwargs)
