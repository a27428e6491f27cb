"""What the navigation shell needs to know about the user on every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from qstrong.accounts.models import ADMIN_ROLES
from qstrong.accounts.permissions import can_import, is_audit_admin


def permissions(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    any_admin = bool(
        user is not None
        and user.is_authenticated
        and (user.is_superuser or getattr(user, "role", "") in ADMIN_ROLES)
    )
    return {
        "can_import": can_import(user),
        "is_any_admin": any_admin,
        "is_audit_admin": is_audit_admin(user),
    }
