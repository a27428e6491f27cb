"""Who may read, edit and run policies, beyond what their jurisdiction lets them see."""

from __future__ import annotations

from typing import Any

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.accounts.models import Role
from qstrong.accounts.permissions import is_admin


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def is_policy_planner(user: Any) -> bool:
    """Province planners and administrators: the people who write the province's policies."""
    if not _authenticated(user):
        return False
    if is_admin(user):
        return True
    return getattr(user, "role", "") == Role.PROVINCE_PLANNER and jurisdiction_of(user).can_write


def can_read_policies(user: Any) -> bool:
    """Everyone logged in reads published policies (enterprises too: they are public rules)."""
    return _authenticated(user)


def can_see_unpublished(user: Any) -> bool:
    """Drafts and withdrawn policies are the planners' working material."""
    return is_policy_planner(user)


def can_edit_policy(user: Any, policy: Any = None) -> bool:
    """Province planners and administrators edit every policy; city and county officers and
    leaders read. A withdrawn policy stays editable so that it can be corrected and republished."""
    return is_policy_planner(user)


def can_run_matching(user: Any) -> bool:
    return is_policy_planner(user)


def can_confirm_grant(user: Any) -> bool:
    """One planner's confirmation records 免申即享 grants for every eligible enterprise."""
    return is_policy_planner(user)
