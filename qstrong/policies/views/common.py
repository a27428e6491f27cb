"""What every policy page shares: a policy or enterprise in the user's scope, labels, roles."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import get_language

from qstrong.policies import selectors
from qstrong.policies.models import Policy
from qstrong.policies.permissions import can_edit_policy, can_run_matching
from qstrong.policies.rules import FIELDS
from qstrong.registry import selectors as registry_selectors
from qstrong.registry.models import Enterprise
from qstrong.registry.views.common import HtmxHttpRequest, render_page

__all__ = [
    "HtmxHttpRequest",
    "english",
    "enterprise_or_404",
    "field_label",
    "policy_or_404",
    "render_page",
    "require_edit",
    "require_run",
]


def english() -> bool:
    return (get_language() or "").startswith("en")


def field_label(name: str) -> str:
    """A profile field's name in the active language; an unknown key is shown as written."""
    spec = FIELDS.get(name)
    if spec is None:
        return name
    return spec.label_en if english() else spec.label_zh


def policy_or_404(request: HttpRequest, pk: int) -> Policy:
    # A draft is as absent to an officer as a missing policy: the selector answers 404.
    return selectors.policy_detail(user=request.user, pk=pk)


def enterprise_or_404(request: HttpRequest, pk: int) -> Enterprise:
    """The enterprise if the user's jurisdiction covers it; another county's answers 404."""
    found = registry_selectors.enterprises_visible(user=request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("no such enterprise in the user's jurisdiction")
    return found


def require_edit(user: Any, policy: Policy | None = None) -> None:
    if not can_edit_policy(user, policy):
        raise PermissionDenied("may not edit policies")


def require_run(user: Any) -> None:
    if not can_run_matching(user):
        raise PermissionDenied("may not start matching runs")
