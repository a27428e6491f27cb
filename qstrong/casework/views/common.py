"""What the casework pages share: scoped lookups that answer 404, rendering, labels."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse

from qstrong.casework import permissions
from qstrong.casework.models import Provenance, Task
from qstrong.registry.views.common import render_page

T = TypeVar("T")

STATE_BADGES = {
    Task.State.OPEN: "text-bg-secondary",
    Task.State.IN_PROGRESS: "text-bg-primary",
    Task.State.DONE: "text-bg-info",
    Task.State.VERIFIED: "text-bg-success",
}
PROVENANCE_BADGES = {
    Provenance.ARTICLE: "qs-source-article",
    Provenance.ILLUSTRATIVE: "qs-source-synthetic",
}


def scoped(get: Callable[..., T], **kwargs: Any) -> T:
    """A record through its selector; outside the user's scope it does not exist (404)."""
    try:
        return get(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404("not found") from exc


def page(
    request: HttpRequest, template: str, context: Mapping[str, Any] | None = None, **kwargs: Any
) -> HttpResponse:
    full = {
        "can_write": permissions.is_officer(request.user),
        "state_badges": STATE_BADGES,
        "provenance_badges": PROVENANCE_BADGES,
        **(context or {}),
    }
    return render_page(request, template, full, **kwargs)


def int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "").strip()
    return int(value) if value.isdigit() else None
