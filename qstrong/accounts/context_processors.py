"""What the navigation shell needs to know about the user on every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from qstrong.accounts.permissions import can_import


def permissions(request: HttpRequest) -> dict[str, Any]:
    return {"can_import": can_import(getattr(request, "user", None))}
