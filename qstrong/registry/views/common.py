"""What every registry page shares: who may do what, and rendering inside the shell."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qstrong.accounts.permissions import can_archive, can_import, is_admin
from qstrong.core.views import HtmxHttpRequest

__all__ = ["HtmxHttpRequest", "can_archive", "can_import", "is_admin", "render_page"]


def render_page(
    request: HttpRequest, template: str, context: Mapping[str, Any] | None = None, **kwargs: Any
) -> HttpResponse:
    """Render a page of the shell: the navigation needs to know what the user may open."""
    full = {"can_import": can_import(request.user), **(context or {})}
    return render(request, template, full, **kwargs)
