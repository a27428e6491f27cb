"""Who may write the registers: officers of the jurisdiction and administrators."""

from __future__ import annotations

from typing import Any

from qstrong.accounts.jurisdiction import OFFICER_ROLES, jurisdiction_of
from qstrong.accounts.permissions import is_admin


def can_record(user: Any) -> bool:
    """Officers (county, city, province) and administrators record register entries; leaders
    read; enterprise users see their own records in the portal."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_admin(user):
        return True
    return getattr(user, "role", "") in OFFICER_ROLES and jurisdiction_of(user).can_write


def is_officer_view(user: Any) -> bool:
    """Bureau users (officers, leaders, admins) see the officers' register pages."""
    jurisdiction = jurisdiction_of(user)
    return jurisdiction.region_prefix is not None and jurisdiction.enterprise_id is None
