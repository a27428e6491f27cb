"""What a role may do, beyond what its jurisdiction lets it see."""

from __future__ import annotations

from typing import Any

from qstrong.accounts.jurisdiction import OFFICER_ROLES, jurisdiction_of
from qstrong.accounts.models import Role


def is_admin(user: Any) -> bool:
    return bool(user.is_superuser or getattr(user, "role", "") == Role.ADMIN)


def can_import(user: Any) -> bool:
    """Officers and administrators import; leaders read only, enterprises keep their own record."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_admin(user):
        return True
    return getattr(user, "role", "") in OFFICER_ROLES and jurisdiction_of(user).can_write


def can_archive(user: Any) -> bool:
    """Archiving an enterprise is the bureau's decision, not the enterprise's own."""
    return can_import(user)
