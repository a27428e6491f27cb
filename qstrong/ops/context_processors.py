"""The navigation shows the scheduled runs page to those who may open it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from qstrong.ops.selectors import can_see_scheduled_runs


def ops_nav(request: HttpRequest) -> dict[str, Any]:
    return {"can_see_scheduled_runs": can_see_scheduled_runs(getattr(request, "user", None))}
