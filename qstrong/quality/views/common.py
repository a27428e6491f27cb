"""What the quality pages share: the shell's render and a refusal page that says why."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qstrong.registry.views.common import render_page

__all__ = ["forbidden", "render_page"]


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """403 with the reason (who may do this), in the site's shell."""
    return render(request, "quality/forbidden.html", {"message": message}, status=403)
