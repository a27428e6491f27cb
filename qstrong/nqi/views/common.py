"""What the register pages share: the scope check and today's date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone

from qstrong.nqi.permissions import can_record, is_officer_view
from qstrong.registry.models import Enterprise
from qstrong.registry.selectors import enterprises_visible


def today() -> dt.date:
    return timezone.localdate()


def require_officer_view(request: HttpRequest) -> None:
    if not is_officer_view(request.user):
        raise Http404("officers' pages")


def require_record(request: HttpRequest) -> None:
    if not can_record(request.user):
        raise PermissionDenied("may not record register entries")


def enterprise_or_404(request: HttpRequest, pk: int) -> Enterprise:
    found = (
        enterprises_visible(user=request.user)
        .select_related("region", "industry")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("no such enterprise in the user's jurisdiction")
    return found


def get_or_404(qs: Any, **lookup: Any) -> Any:
    found = qs.filter(**lookup).first()
    if found is None:
        raise Http404("not in the user's jurisdiction")
    return found
